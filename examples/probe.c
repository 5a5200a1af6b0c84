/* A health probe in C: one synchronous GET on the calling thread, bounded by
 * WinHttpSetTimeouts instead of a close from another thread. It is correct
 * WinHTTP code, and the winhttp-* checks report nothing on it.
 *
 * Compile for Windows with MinGW (link it into a program with -lwinhttp):
 *   x86_64-w64-mingw32-gcc -c probe.c
 */
#include <windows.h>
#include <winhttp.h>

/* Returns the HTTP status of GET Path on Host, or 0 on failure. Each step
 * (resolving, connecting, sending, each wait for the response) fails with
 * ERROR_WINHTTP_TIMEOUT when it takes longer than TimeoutMs, so no call
 * blocks for long and nothing needs closing from another thread. */
DWORD probe(const wchar_t *Host, const wchar_t *Path, int TimeoutMs) {
  DWORD Status = 0;
  DWORD StatusSize = sizeof(Status);
  HINTERNET Connection = NULL;
  HINTERNET Request = NULL;
  HINTERNET Session = WinHttpOpen(L"winhttp-tidy-probe/1.0",
                                  WINHTTP_ACCESS_TYPE_AUTOMATIC_PROXY,
                                  WINHTTP_NO_PROXY_NAME,
                                  WINHTTP_NO_PROXY_BYPASS, 0);
  if (!Session)
    return 0;
  if (!WinHttpSetTimeouts(Session, TimeoutMs, TimeoutMs, TimeoutMs, TimeoutMs))
    goto done;
  Connection = WinHttpConnect(Session, Host, INTERNET_DEFAULT_HTTPS_PORT, 0);
  if (!Connection)
    goto done;
  Request = WinHttpOpenRequest(Connection, L"GET", Path, NULL,
                               WINHTTP_NO_REFERER, WINHTTP_DEFAULT_ACCEPT_TYPES,
                               WINHTTP_FLAG_SECURE);
  if (!Request)
    goto done;
  if (!WinHttpSendRequest(Request, WINHTTP_NO_ADDITIONAL_HEADERS, 0,
                          WINHTTP_NO_REQUEST_DATA, 0, 0, 0) ||
      !WinHttpReceiveResponse(Request, NULL) ||
      !WinHttpQueryHeaders(Request,
                           WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER,
                           WINHTTP_HEADER_NAME_BY_INDEX, &Status, &StatusSize,
                           WINHTTP_NO_HEADER_INDEX))
    Status = 0;

done:
  /* Children before parents; every call above has returned. */
  if (Request)
    WinHttpCloseHandle(Request);
  if (Connection)
    WinHttpCloseHandle(Connection);
  WinHttpCloseHandle(Session);
  return Status;
}
