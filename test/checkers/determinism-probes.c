// The probes of the analysis-core issue, each once in each order of its
// functions (-DWORKER_LAST moves the worker after its caller) and with the
// check alone as with every winhttp-* check: the findings are the same.
// RUN: %check_clang_tidy %s winhttp-close-during-sync-call %t -- -- %mingw -std=c11
// RUN: %check_clang_tidy %s winhttp-close-during-sync-call %t -- -- %mingw -std=c11 -DWORKER_LAST
// RUN: %check_clang_tidy %s 'winhttp-*' %t -- -- %mingw -std=c11
// RUN: %check_clang_tidy %s 'winhttp-*' %t -- -- %mingw -std=c11 -DWORKER_LAST
// RUN: %check_clang_tidy %s 'winhttp-*' %t -- -- %msvc -std=c11
// RUN: %check_clang_tidy %s 'winhttp-*' %t -- -- %msvc -std=c11 -DWORKER_LAST

#include <windows.h>
#include <winhttp.h>

// Probe 1: a worker blocks on the field of a known object read through a
// pointer to it; the caller closes the object's field before it joins. The
// handle comes from outside the TU, so only the object's own location says
// that the two are one handle.
struct conn {
  HINTERNET request;
};
static struct conn g_obj;
static struct conn *g_p;
void openRequest(struct conn *c);

#ifndef WORKER_LAST
static DWORD WINAPI receiveWorker(LPVOID unused) {
  (void)unused;
  if (!WinHttpReceiveResponse(g_p->request, NULL))
    return 1;
  return 0;
}
#else
static DWORD WINAPI receiveWorker(LPVOID unused);
#endif

void closeBeforeJoin(void) {
  g_p = &g_obj;
  openRequest(&g_obj);
  HANDLE t = CreateThread(NULL, 0, receiveWorker, NULL, 0, NULL);
  WinHttpCloseHandle(g_obj.request);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'g_obj.request' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
}

// OK: the close after the wait.
void closeAfterJoin(void) {
  g_p = &g_obj;
  openRequest(&g_obj);
  HANDLE t = CreateThread(NULL, 0, receiveWorker, NULL, 0, NULL);
  WaitForSingleObject(t, INFINITE);
  WinHttpCloseHandle(g_obj.request);
  CloseHandle(t);
}

#ifdef WORKER_LAST
static DWORD WINAPI receiveWorker(LPVOID unused) {
  (void)unused;
  if (!WinHttpReceiveResponse(g_p->request, NULL))
    return 1;
  return 0;
}
#endif
