// winhttp-context-lifetime in C, MinGW and MSVC modes.
// RUN: %check_clang_tidy %s winhttp-context-lifetime %t -- -- %mingw -std=c11
// RUN: %check_clang_tidy %s winhttp-context-lifetime %t -- -- %msvc -std=c11

#include <windows.h>
#include <winhttp.h>
#include <stdlib.h>

typedef struct {
  HINTERNET Request;
  HANDLE Closed;
  volatile LONG Refs;
} Context;

static void CALLBACK onStatus(HINTERNET handle, DWORD_PTR context,
                              DWORD status, LPVOID info, DWORD length) {
  Context *c = (Context *)context;
  switch (status) {
  case WINHTTP_CALLBACK_STATUS_REQUEST_ERROR:
    WinHttpCloseHandle(handle);
    break;
  case WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING:
    SetEvent(c->Closed);
    break;
  }
}

static void CALLBACK onStatusFree(HINTERNET handle, DWORD_PTR context,
                                  DWORD status, LPVOID info, DWORD length) {
  if (status == WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING)
    free((void *)context);
}

static HINTERNET openAsync(void) {
  HINTERNET s = WinHttpOpen(L"agent", WINHTTP_ACCESS_TYPE_AUTOMATIC_PROXY,
                            WINHTTP_NO_PROXY_NAME, WINHTTP_NO_PROXY_BYPASS,
                            WINHTTP_FLAG_ASYNC);
  return WinHttpOpenRequest(WinHttpConnect(s, L"example.com", 443, 0), L"GET",
                            L"/", NULL, WINHTTP_NO_REFERER,
                            WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
}

// free() right after the close.
void freeAfterClose(void) {
  Context *c = (Context *)calloc(1, sizeof *c);
  c->Request = openAsync();
  WinHttpSetStatusCallback(c->Request, onStatus,
                           WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
  WinHttpSendRequest(c->Request, WINHTTP_NO_ADDITIONAL_HEADERS, 0,
                     WINHTTP_NO_REQUEST_DATA, 0, 0, (DWORD_PTR)c);
  WinHttpCloseHandle(c->Request);
  free(c);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the callback context 'c' is freed after its handle is closed, but callbacks can still arrive until WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING [winhttp-context-lifetime]
}

// HeapFree after a close in a cleanup block reached by goto.
void heapFreeInCleanup(void) {
  HINTERNET r = openAsync();
  Context *c = (Context *)HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof *c);
  if (WinHttpSetStatusCallback(r, onStatus, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS,
                               0) == WINHTTP_INVALID_STATUS_CALLBACK)
    goto cleanup;
  if (!WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, (DWORD_PTR)c))
    goto cleanup;
cleanup:
  WinHttpCloseHandle(r);
  HeapFree(GetProcessHeap(), 0, c);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the callback context 'c' is freed after its handle is closed
}

// A global context freed after the close in another step of the function.
static Context *g_context;
static HINTERNET g_request;
void globalContext(void) {
  g_request = openAsync();
  WinHttpSetStatusCallback(g_request, onStatus,
                           WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
  g_context = (Context *)malloc(sizeof *g_context);
  WinHttpSendRequest(g_request, NULL, 0, NULL, 0, 0, (DWORD_PTR)g_context);
  WinHttpCloseHandle(g_request);
  g_request = NULL;
  free(g_context);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the callback context 'g_context' is freed after its handle is closed
}

// The address of a local struct as the context.
BOOL localStruct(void) {
  Context local = {0};
  local.Request = openAsync();
  WinHttpSetStatusCallback(local.Request, onStatus,
                           WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
  return WinHttpSendRequest(local.Request, NULL, 0, NULL, 0, 0,
                            (DWORD_PTR)&local);
  // CHECK-MESSAGES: :[[@LINE-1]]:41: warning: 'local', an automatic object, is bound as the callback context
}

// Registered for errors only, then waits for HANDLE_CLOSING.
void errorsOnly(void) {
  Context *c = (Context *)calloc(1, sizeof *c);
  c->Request = openAsync();
  WinHttpSetStatusCallback(c->Request, onStatus,
                           WINHTTP_CALLBACK_FLAG_REQUEST_ERROR, 0);
  WinHttpSendRequest(c->Request, NULL, 0, NULL, 0, 0, (DWORD_PTR)c);
  WinHttpCloseHandle(c->Request);
  WaitForSingleObject(c->Closed, INFINITE);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: this wait for WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING never ends: 'onStatus' is registered without WINHTTP_CALLBACK_FLAG_HANDLES
  free(c);
}

// free() on the failed send, and again by the callback.
BOOL freeTwice(void) {
  HINTERNET r = openAsync();
  Context *c = (Context *)calloc(1, sizeof *c);
  WinHttpSetStatusCallback(r, onStatusFree,
                           WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
  if (WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, (DWORD_PTR)c))
    return TRUE;
  free(c);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the callback context 'c' is freed when binding it fails, and the status callback frees it again
  WinHttpCloseHandle(r);
  return FALSE;
}

// --- Quiet -----------------------------------------------------------------

// OK: waits for HANDLE_CLOSING, then frees.
void waitThenFree(void) {
  Context *c = (Context *)calloc(1, sizeof *c);
  c->Closed = CreateEventW(NULL, TRUE, FALSE, NULL);
  c->Request = openAsync();
  WinHttpSetStatusCallback(c->Request, onStatus,
                           WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
  WinHttpSendRequest(c->Request, NULL, 0, NULL, 0, 0, (DWORD_PTR)c);
  WinHttpCloseHandle(c->Request);
  WaitForSingleObject(c->Closed, INFINITE);
  CloseHandle(c->Closed);
  free(c);
}

// OK: Microsoft's async sample: a reference per owner, released on the
// failure path and on HANDLE_CLOSING.
static void releaseContext(Context *c) {
  if (InterlockedDecrement(&c->Refs) == 0)
    free(c);
}
static void CALLBACK onStatusRelease(HINTERNET handle, DWORD_PTR context,
                                     DWORD status, LPVOID info, DWORD length) {
  Context *c = (Context *)context;
  if (status == WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING)
    releaseContext(c);
}
BOOL sampleShape(void) {
  Context *c = (Context *)calloc(1, sizeof *c);
  c->Refs = 1;
  c->Request = openAsync();
  WinHttpSetStatusCallback(c->Request, onStatusRelease,
                           WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
  if (!WinHttpSendRequest(c->Request, NULL, 0, NULL, 0, 0, (DWORD_PTR)c)) {
    WinHttpCloseHandle(c->Request);
    if (InterlockedDecrement(&c->Refs) == 0)
      free(c);
    return FALSE;
  }
  return TRUE;
}

// OK: freed by the callback only.
BOOL freedByCallback(void) {
  HINTERNET r = openAsync();
  Context *c = (Context *)calloc(1, sizeof *c);
  WinHttpSetStatusCallback(r, onStatusFree,
                           WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
  if (!WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, (DWORD_PTR)c)) {
    WinHttpCloseHandle(r);
    return FALSE;
  }
  return TRUE;
}

// OK: no callback on the handle.
void noCallback(void) {
  HINTERNET r = openAsync();
  Context *c = (Context *)calloc(1, sizeof *c);
  WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, (DWORD_PTR)c);
  WinHttpCloseHandle(r);
  free(c);
}

// OK: the free comes before the binding or is of another object.
void otherFrees(void) {
  HINTERNET r = openAsync();
  WinHttpSetStatusCallback(r, onStatus, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS,
                           0);
  char *scratch = (char *)malloc(16);
  Context *c = (Context *)calloc(1, sizeof *c);
  free(scratch);
  WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, (DWORD_PTR)c);
  WinHttpCloseHandle(r);
}

// OK: a static context outlives every callback.
void staticContext(void) {
  static Context context;
  HINTERNET r = openAsync();
  WinHttpSetStatusCallback(r, onStatus, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS,
                           0);
  WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, (DWORD_PTR)&context);
}

// OK: the wait follows a close of a handle that has a context.
void waitWithContext(void) {
  Context *c = (Context *)calloc(1, sizeof *c);
  HINTERNET r = openAsync();
  WinHttpSetStatusCallback(r, onStatus, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS,
                           0);
  WinHttpSetOption(r, WINHTTP_OPTION_CONTEXT_VALUE, &c, sizeof c);
  WinHttpCloseHandle(r);
  WaitForSingleObject(c->Closed, INFINITE);
  free(c);
}
