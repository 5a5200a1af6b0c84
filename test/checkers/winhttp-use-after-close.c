// winhttp-use-after-close in C: direct closes, helpers, fields of context
// structs, copies, loops and branches. MinGW and MSVC.
// RUN: %check_clang_tidy %s winhttp-use-after-close %t -- -- %mingw -std=c11
// RUN: %check_clang_tidy %s winhttp-use-after-close %t -- -- %msvc -std=c11

#include <windows.h>
#include <winhttp.h>

void closeTwice(HINTERNET h) {
  WinHttpCloseHandle(h);
  WinHttpCloseHandle(h);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' closes 'h' again after it may have been closed; WinHTTP can give a closed handle's value to a new handle, so this close can close another handle [winhttp-use-after-close]
}

BOOL sendAfterClose(HINTERNET h) {
  WinHttpCloseHandle(h);
  return WinHttpSendRequest(h, NULL, 0, NULL, 0, 0, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'WinHttpSendRequest' is called on 'h' after it may have been closed; WinHTTP can give a closed handle's value to a new handle, so this call can act on another handle
}

// OK: cleared after the close and tested before the second one.
void clearedAndTested(HINTERNET h) {
  WinHttpCloseHandle(h);
  h = NULL;
  if (h)
    WinHttpCloseHandle(h);
}

// Closed on one branch only: the use after the merge may see it closed.
void closedOnOneBranch(HINTERNET h, int failed) {
  if (failed)
    WinHttpCloseHandle(h);
  WinHttpReceiveResponse(h, NULL);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpReceiveResponse' is called on 'h' after it may have been closed
}

// OK: the branch that closes returns.
BOOL closedAndReturned(HINTERNET h, int failed) {
  if (failed) {
    WinHttpCloseHandle(h);
    return FALSE;
  }
  return WinHttpReceiveResponse(h, NULL);
}

// A close in a loop with nothing reopened closes again on the next turn.
void closeInLoop(HINTERNET h, int n) {
  for (int i = 0; i < n; ++i)
    WinHttpCloseHandle(h);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'WinHttpCloseHandle' closes 'h' again
}

// OK: each turn opens a request of its own.
void reopenedInLoop(HINTERNET connect, int n) {
  for (int i = 0; i < n; ++i) {
    HINTERNET r =
        WinHttpOpenRequest(connect, L"GET", L"/", NULL, NULL, NULL, 0);
    WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0);
    WinHttpCloseHandle(r);
  }
}

// OK: reassigned before the next turn.
void reassignedInLoop(HINTERNET connect, int n) {
  HINTERNET r = NULL;
  while (n-- > 0) {
    r = WinHttpOpenRequest(connect, L"GET", L"/", NULL, NULL, NULL, 0);
    WinHttpCloseHandle(r);
  }
}

// Helpers: one that closes its parameter, one that queries it.
static void closeRequest(HINTERNET h) { WinHttpCloseHandle(h); }
static DWORD statusOf(HINTERNET h) {
  DWORD status = 0, size = sizeof status;
  WinHttpQueryHeaders(h, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER,
                      NULL, &status, &size, NULL);
  return status;
}

DWORD queryAfterHelperClose(HINTERNET h) {
  closeRequest(h);
  return statusOf(h);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'statusOf' is called on 'h' after it may have been closed
}

// OK: a helper that closes on some paths only is not taken to close.
static void closeIfFailed(HINTERNET h, BOOL ok) {
  if (!ok)
    WinHttpCloseHandle(h);
}
DWORD queryAfterMaybeClose(HINTERNET h, BOOL ok) {
  closeIfFailed(h, ok);
  return statusOf(h);
}

// A context struct: closed through the pointer, used again.
typedef struct Download {
  HINTERNET session, connect, request;
} Download;

void finishDownload(Download *d) {
  WinHttpCloseHandle(d->request);
  WinHttpReadData(d->request, NULL, 0, NULL);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpReadData' is called on 'd->request' after it may have been closed
}

// OK: the field is cleared.
void finishDownloadCleared(Download *d) {
  WinHttpCloseHandle(d->request);
  d->request = NULL;
  if (d->request)
    WinHttpCloseHandle(d->request);
}

// OK: another field of the same struct.
void closeOtherField(Download *d) {
  WinHttpCloseHandle(d->request);
  WinHttpCloseHandle(d->connect);
  WinHttpCloseHandle(d->session);
}

// A helper that closes the fields of the struct it is given.
static void closeDownload(Download *d) {
  WinHttpCloseHandle(d->request);
  WinHttpCloseHandle(d->connect);
}
void retryAfterCleanup(Download *d) {
  closeDownload(d);
  WinHttpSendRequest(d->request, NULL, 0, NULL, 0, 0, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpSendRequest' is called on 'd->request' after it may have been closed
}

// The same with a struct on the stack, handed by address.
void stackDownload(HINTERNET connect) {
  Download d = {NULL, connect, NULL};
  d.request = WinHttpOpenRequest(connect, L"GET", L"/", NULL, NULL, NULL, 0);
  closeDownload(&d);
  WinHttpSendRequest(d.request, NULL, 0, NULL, 0, 0, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpSendRequest' is called on 'd.request' after it may have been closed
}

// A copy in a local is the same handle.
void copyUsed(HINTERNET h) {
  HINTERNET copy = h;
  WinHttpCloseHandle(h);
  WinHttpSetTimeouts(copy, 0, 0, 0, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpSetTimeouts' is called on 'copy' after it may have been closed
}

// OK: two different handles.
void twoHandles(HINTERNET a, HINTERNET b) {
  WinHttpCloseHandle(a);
  WinHttpCloseHandle(b);
}

// OK: reopened through an out-parameter.
static BOOL reopen(HINTERNET connect, HINTERNET *out) {
  *out = WinHttpOpenRequest(connect, L"GET", L"/", NULL, NULL, NULL, 0);
  return *out != NULL;
}
void reopenedThroughPointer(HINTERNET connect, HINTERNET h) {
  WinHttpCloseHandle(h);
  if (reopen(connect, &h))
    WinHttpSendRequest(h, NULL, 0, NULL, 0, 0, 0);
}

// OK: goto cleanup closes once.
BOOL gotoCleanup(HINTERNET connect) {
  BOOL ok = FALSE;
  HINTERNET r = WinHttpOpenRequest(connect, L"GET", L"/", NULL, NULL, NULL, 0);
  if (!r)
    goto done;
  if (!WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0))
    goto done;
  ok = WinHttpReceiveResponse(r, NULL);
done:
  if (r)
    WinHttpCloseHandle(r);
  return ok;
}

// The error path closes and falls through to the common cleanup.
BOOL gotoCleanupTwice(HINTERNET connect) {
  HINTERNET r = WinHttpOpenRequest(connect, L"GET", L"/", NULL, NULL, NULL, 0);
  if (!WinHttpSendRequest(r, NULL, 0, NULL, 0, 0, 0)) {
    WinHttpCloseHandle(r);
    goto done;
  }
  WinHttpReceiveResponse(r, NULL);
done:
  WinHttpCloseHandle(r);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' closes 'r' again
  return TRUE;
}

// OK: a helper that closes and clears through a pointer.
static void closeAndClear(HINTERNET *p) {
  WinHttpCloseHandle(*p);
  *p = NULL;
}
void clearedByHelper(HINTERNET h) {
  closeAndClear(&h);
  if (h)
    WinHttpCloseHandle(h);
}

// A global closed in one function and used after it in the same function.
static HINTERNET g_oldSession;
void shutdownTwice(void) {
  WinHttpCloseHandle(g_oldSession);
  WinHttpSetOption(g_oldSession, WINHTTP_OPTION_CONTEXT_VALUE, NULL, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpSetOption' is called on 'g_oldSession' after it may have been closed
}

// OK: a global, closed in one function, reopened in another: functions are
// not ordered with each other.
static HINTERNET g_session;
void shutdownSession(void) { WinHttpCloseHandle(g_session); }
void startSession(void) {
  g_session = WinHttpOpen(L"ua", 0, NULL, NULL, 0);
  WinHttpSetTimeouts(g_session, 0, 0, 0, 0);
}

// A global closed by a helper, used after the call.
static HINTERNET g_request;
static void closeGlobalRequest(void) { WinHttpCloseHandle(g_request); }
void useGlobalAfterHelper(void) {
  closeGlobalRequest();
  WinHttpReceiveResponse(g_request, NULL);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpReceiveResponse' is called on 'g_request' after it may have been closed
}
