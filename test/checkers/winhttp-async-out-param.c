// winhttp-async-out-param in C, MinGW and MSVC modes: byte-count
// out-pointers and short-lived buffers on handles of asynchronous sessions.
// RUN: %check_clang_tidy --fix-notes %s winhttp-async-out-param %t -- -- %mingw -std=c11
// RUN: %check_clang_tidy --fix-notes %s winhttp-async-out-param %t -- -- %msvc -std=c11

#include <windows.h>
#include <winhttp.h>

struct Download {
  HINTERNET Request;
  char Buffer[4096];
  DWORD Available;
};

static HINTERNET g_session, g_connect, g_request, g_syncRequest;
static char g_buffer[512];

void CALLBACK onStatus(HINTERNET handle, DWORD_PTR context, DWORD status,
                       LPVOID info, DWORD length);

int open(void) {
  g_session = WinHttpOpen(L"agent", WINHTTP_ACCESS_TYPE_DEFAULT_PROXY,
                          WINHTTP_NO_PROXY_NAME, WINHTTP_NO_PROXY_BYPASS,
                          WINHTTP_FLAG_ASYNC);
  g_connect = WinHttpConnect(g_session, L"example.com", 443, 0);
  g_request = WinHttpOpenRequest(g_connect, L"GET", L"/", NULL,
                                 WINHTTP_NO_REFERER,
                                 WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
  HINTERNET sync = WinHttpOpen(L"agent", WINHTTP_ACCESS_TYPE_DEFAULT_PROXY,
                               WINHTTP_NO_PROXY_NAME, WINHTTP_NO_PROXY_BYPASS, 0);
  g_syncRequest = WinHttpOpenRequest(WinHttpConnect(sync, L"example.com", 80, 0),
                                     L"GET", L"/", NULL, WINHTTP_NO_REFERER,
                                     WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
  return g_request != NULL;
}

// A count out-pointer to a local that nothing reads afterwards: the fix
// passes NULL.
void queryUnread(void) {
  DWORD available = 0;
  WinHttpQueryDataAvailable(g_request, &available);
  // CHECK-MESSAGES: :[[@LINE-1]]:40: warning: 'WinHttpQueryDataAvailable' on a handle of an asynchronous session must get NULL for the number of bytes: the count arrives with the completion callback, and a pointer here can cause a memory fault [winhttp-async-out-param]
  // CHECK-MESSAGES: :22:15: note: the session is asynchronous: opened here with WINHTTP_FLAG_ASYNC
  // CHECK-MESSAGES: :[[@LINE-3]]:40: note: pass 'NULL': 'available' is not read after the call
  // CHECK-FIXES: WinHttpQueryDataAvailable(g_request, NULL);
}

// Read afterwards: the note asks to take the count from the callback, with
// no fix.
DWORD readThenUse(void) {
  DWORD read = 0;
  if (!WinHttpReadData(g_request, g_buffer, sizeof g_buffer, &read))
    return 0;
  // CHECK-MESSAGES: :[[@LINE-2]]:62: warning: 'WinHttpReadData' on a handle of an asynchronous session must get NULL
  // CHECK-MESSAGES: :22:15: note: the session is asynchronous
  // CHECK-MESSAGES: :[[@LINE-4]]:62: note: pass 'NULL' and take the count from the status information of the completion callback
  return read;
}

// A pointer into a heap object: no fix, the object outlives the call.
void intoHeap(struct Download *d) {
  d->Request = g_request;
  WinHttpQueryDataAvailable(d->Request, &d->Available);
  // CHECK-MESSAGES: :[[@LINE-1]]:41: warning: 'WinHttpQueryDataAvailable' on a handle of an asynchronous session must get NULL
  // CHECK-MESSAGES: :22:15: note: the session is asynchronous
  // CHECK-MESSAGES: :[[@LINE-3]]:41: note: pass 'NULL' and take the count
}

// A local buffer for a read the function does not wait for.
BOOL readIntoLocal(void) {
  char chunk[256];
  return WinHttpReadData(g_request, chunk, sizeof chunk, NULL);
  // CHECK-MESSAGES: :[[@LINE-1]]:37: warning: 'WinHttpReadData' on a handle of an asynchronous session gets a buffer that lives in 'chunk', and the function can return before the operation completes; the buffer must stay valid until the completion callback [winhttp-async-out-param]
  // CHECK-MESSAGES: :[[@LINE-3]]:8: note: 'chunk' is destroyed when the function returns
  // CHECK-MESSAGES: :22:15: note: the session is asynchronous
}

// The request body of a send, as &local and as a cast.
BOOL sendLocal(void) {
  struct {
    int Version;
    char Text[16];
  } body = {1, "hello"};
  if (!WinHttpSendRequest(g_request, WINHTTP_NO_ADDITIONAL_HEADERS, 0, &body,
                          sizeof body, sizeof body, 0))
    return FALSE;
  // CHECK-MESSAGES: :[[@LINE-3]]:72: warning: 'WinHttpSendRequest' on a handle of an asynchronous session gets a buffer that lives in 'body'
  // CHECK-MESSAGES: :[[@LINE-5]]:5: note: 'body' is destroyed when the function returns
  // CHECK-MESSAGES: :22:15: note: the session is asynchronous
  char tail[4] = "end";
  return WinHttpWriteData(g_request, (LPCVOID)&tail[0], 3, NULL);
  // CHECK-MESSAGES: :[[@LINE-1]]:38: warning: 'WinHttpWriteData' on a handle of an asynchronous session gets a buffer that lives in 'tail'
  // CHECK-MESSAGES: :[[@LINE-3]]:8: note: 'tail' is destroyed
  // CHECK-MESSAGES: :22:15: note: the session is asynchronous
}

// In the status callback itself, on the handle it was registered on.
void CALLBACK onStatus(HINTERNET handle, DWORD_PTR context, DWORD status,
                       LPVOID info, DWORD length) {
  struct Download *d = (struct Download *)context;
  DWORD bytes = 0;
  if (status == WINHTTP_CALLBACK_STATUS_HEADERS_AVAILABLE)
    WinHttpQueryDataAvailable(handle, &bytes);
  // CHECK-MESSAGES: :[[@LINE-1]]:39: warning: 'WinHttpQueryDataAvailable' on a handle of an asynchronous session must get NULL
  // CHECK-MESSAGES: :22:15: note: the session is asynchronous
  // CHECK-MESSAGES: :[[@LINE-3]]:39: note: pass 'NULL': 'bytes' is not read after the call
  // CHECK-FIXES: WinHttpQueryDataAvailable(handle, NULL);
  // OK: the buffer lives in the context.
  if (status == WINHTTP_CALLBACK_STATUS_DATA_AVAILABLE)
    WinHttpReadData(handle, d->Buffer, sizeof d->Buffer, NULL);
}

int registerCallback(void) {
  return WinHttpSetStatusCallback(g_request, onStatus,
                                  WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS,
                                  0) != WINHTTP_INVALID_STATUS_CALLBACK;
}

// In a loop, the handle through a local copy.
void loop(void) {
  HINTERNET r = g_request;
  for (int i = 0; i < 3; ++i) {
    DWORD written;
    WinHttpWriteData(r, g_buffer, 16, &written);
    // CHECK-MESSAGES: :[[@LINE-1]]:39: warning: 'WinHttpWriteData' on a handle of an asynchronous session must get NULL
    // CHECK-MESSAGES: :22:15: note: the session is asynchronous
    // CHECK-MESSAGES: :[[@LINE-3]]:39: note: pass 'NULL': 'written' is not read
    // CHECK-FIXES: WinHttpWriteData(r, g_buffer, 16, NULL);
  }
}

// --- Quiet -----------------------------------------------------------------

// OK: NULL, as the documentation asks.
void nullCount(void) {
  WinHttpQueryDataAvailable(g_request, NULL);
  WinHttpReadData(g_request, g_buffer, sizeof g_buffer, NULL);
  WinHttpWriteData(g_request, g_buffer, 1, 0);
}

// OK: a synchronous session needs the count.
DWORD syncRead(void) {
  char chunk[64];
  DWORD read = 0;
  if (!WinHttpReadData(g_syncRequest, chunk, sizeof chunk, &read))
    return 0;
  return read;
}

// OK: a handle of unknown mode (a parameter nothing in the TU passes).
DWORD unknownMode(HINTERNET request) {
  char chunk[64];
  DWORD read = 0;
  WinHttpReadData(request, chunk, sizeof chunk, &read);
  return read;
}

// OK: static and global buffers outlive the operation.
BOOL staticBuffer(void) {
  static char chunk[64];
  WinHttpReadData(g_request, g_buffer, sizeof g_buffer, NULL);
  return WinHttpReadData(g_request, chunk, sizeof chunk, NULL);
}

// OK: the function waits for the completion before it returns.
static HANDLE g_done;
BOOL waitsForCompletion(void) {
  char chunk[64];
  if (!WinHttpReadData(g_request, chunk, sizeof chunk, NULL))
    return FALSE;
  WaitForSingleObject(g_done, INFINITE);
  return TRUE;
}

// OK: a buffer the caller owns (a parameter) or on the heap.
BOOL callersBuffer(char *buffer, DWORD size) {
  char *heap = (char *)HeapAlloc(GetProcessHeap(), 0, size);
  if (!WinHttpReadData(g_request, heap, size, NULL))
    return FALSE;
  return WinHttpReadData(g_request, buffer, size, NULL);
}

// OK: a pointer field reached through a pointer.
BOOL throughPointer(struct Download *d) {
  return WinHttpWriteData(g_request, &d->Buffer[0], 1, NULL);
}

// OK: no optional data in the send.
BOOL sendNothing(void) {
  return WinHttpSendRequest(g_request, WINHTTP_NO_ADDITIONAL_HEADERS, 0,
                            WINHTTP_NO_REQUEST_DATA, 0, 0, 0);
}

// OK: a session with WINHTTP_FLAG_SECURE_DEFAULTS is asynchronous, but the
// call passes NULL and a global buffer.
#ifndef WINHTTP_FLAG_SECURE_DEFAULTS
#define WINHTTP_FLAG_SECURE_DEFAULTS 0x30000000
#endif
void secureDefaults(void) {
  HINTERNET s = WinHttpOpen(L"agent", WINHTTP_ACCESS_TYPE_AUTOMATIC_PROXY,
                            WINHTTP_NO_PROXY_NAME, WINHTTP_NO_PROXY_BYPASS,
                            WINHTTP_FLAG_SECURE_DEFAULTS);
  HINTERNET r = WinHttpOpenRequest(WinHttpConnect(s, L"a.example", 443, 0),
                                   L"GET", L"/", NULL, WINHTTP_NO_REFERER,
                                   WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
  WinHttpReadData(r, g_buffer, sizeof g_buffer, NULL);
  DWORD n;
  WinHttpQueryDataAvailable(r, &n);
  // CHECK-MESSAGES: :[[@LINE-1]]:32: warning: 'WinHttpQueryDataAvailable' on a handle of an asynchronous session must get NULL
  // CHECK-MESSAGES: :[[@LINE-10]]:17: note: the session is asynchronous
  // CHECK-MESSAGES: :[[@LINE-3]]:32: note: pass 'NULL': 'n' is not read
  // CHECK-FIXES: WinHttpQueryDataAvailable(r, NULL);
}
