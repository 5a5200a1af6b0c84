/* A crash reporter in C: it uploads a minidump on a Win32 thread and gives
 * up after a timeout, the way many reporters "cancel" a slow upload. It
 * carries the flagship bug in C; `tools/demo` and the CI tests run on it.
 *
 * Compile for Windows with MinGW (link it into a program with -lwinhttp):
 *   x86_64-w64-mingw32-gcc -c reporter.c
 */
#include <windows.h>
#include <winhttp.h>

#include <stdio.h>
#include <string.h>

struct Upload {
  HINTERNET Session;
  HINTERNET Connection;
  HINTERNET Request;
  const void *Dump;
  DWORD DumpSize;
  BOOL Succeeded;
};

static struct Upload Current;

static DWORD WINAPI uploadThread(LPVOID Unused) {
  DWORD Status = 0;
  DWORD StatusSize = sizeof(Status);
  (void)Unused;
  if (!WinHttpSendRequest(Current.Request, WINHTTP_NO_ADDITIONAL_HEADERS, 0,
                          (LPVOID)Current.Dump, Current.DumpSize,
                          Current.DumpSize, 0))
    return GetLastError();
  if (!WinHttpReceiveResponse(Current.Request, NULL))
    return GetLastError();
  if (WinHttpQueryHeaders(Current.Request,
                          WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER,
                          WINHTTP_HEADER_NAME_BY_INDEX, &Status, &StatusSize,
                          WINHTTP_NO_HEADER_INDEX))
    Current.Succeeded = Status == 200;
  return 0;
}

/* Closes what is open, children first. */
static void closeUpload(void) {
  if (Current.Request)
    WinHttpCloseHandle(Current.Request);
  if (Current.Connection)
    WinHttpCloseHandle(Current.Connection);
  if (Current.Session)
    WinHttpCloseHandle(Current.Session);
  Current.Request = Current.Connection = Current.Session = NULL;
}

static BOOL openUpload(const wchar_t *Host, const void *Dump, DWORD Size) {
  memset(&Current, 0, sizeof(Current));
  Current.Dump = Dump;
  Current.DumpSize = Size;
  /* A synchronous session: no WINHTTP_FLAG_ASYNC. */
  Current.Session = WinHttpOpen(L"winhttp-tidy-reporter/1.0",
                                WINHTTP_ACCESS_TYPE_AUTOMATIC_PROXY,
                                WINHTTP_NO_PROXY_NAME, WINHTTP_NO_PROXY_BYPASS,
                                0);
  if (Current.Session)
    Current.Connection =
        WinHttpConnect(Current.Session, Host, INTERNET_DEFAULT_HTTPS_PORT, 0);
  if (Current.Connection)
    Current.Request = WinHttpOpenRequest(
        Current.Connection, L"POST", L"/crash", NULL, WINHTTP_NO_REFERER,
        WINHTTP_DEFAULT_ACCEPT_TYPES, WINHTTP_FLAG_SECURE);
  if (Current.Request)
    return TRUE;
  closeUpload();
  return FALSE;
}

/* Returns TRUE if the server took the dump within TimeoutMs. */
BOOL reportCrash(const wchar_t *Host, const void *Dump, DWORD Size,
                 DWORD TimeoutMs) {
  HANDLE Thread;
  if (!openUpload(Host, Dump, Size))
    return FALSE;
  Thread = CreateThread(NULL, 0, uploadThread, NULL, 0, NULL);
  if (!Thread) {
    closeUpload();
    return FALSE;
  }
  if (WaitForSingleObject(Thread, TimeoutMs) == WAIT_TIMEOUT) {
    fprintf(stderr, "crash upload timed out, cancelling\n");
    /* Bug (winhttp-close-during-sync-call): the upload thread may still be
     * blocked in WinHttpSendRequest or WinHttpReceiveResponse on this
     * handle. Bound the upload with WinHttpSetTimeouts instead, or use an
     * asynchronous session, where closing the handle is the cancel. */
    WinHttpCloseHandle(Current.Request);
    Current.Request = NULL;
  }
  WaitForSingleObject(Thread, INFINITE);
  CloseHandle(Thread);
  closeUpload();
  return Current.Succeeded;
}
