// Family: thread objects in storage, Win32 spellings in C: handles in
// arrays and context structs, waits on all of them or on an event the
// worker sets last, started by the thread pool and timers. MinGW and MSVC.
// RUN: %check_clang_tidy %s winhttp-close-during-sync-call %t -- -- %mingw -std=c11
// RUN: %check_clang_tidy %s winhttp-close-during-sync-call %t -- -- %msvc -std=c11

#include <windows.h>
#include <winhttp.h>

typedef struct Ctx {
  HINTERNET request;
  HANDLE done;
  HANDLE thread;
} Ctx;

static DWORD WINAPI worker(LPVOID p) {
  Ctx *c = (Ctx *)p;
  WinHttpReceiveResponse(c->request, NULL);
  SetEvent(c->done);
  return 0;
}

// OK: the worker's last act sets the event the close waits for.
void waitDoneEvent(Ctx *c) {
  c->done = CreateEventW(NULL, TRUE, FALSE, NULL);
  c->thread = CreateThread(NULL, 0, worker, c, 0, NULL);
  WaitForSingleObject(c->done, INFINITE);
  WinHttpCloseHandle(c->request);
}

// A timed wait on the event, result ignored.
void waitDoneEventTimed(Ctx *c) {
  c->done = CreateEventW(NULL, TRUE, FALSE, NULL);
  c->thread = CreateThread(NULL, 0, worker, c, 0, NULL);
  WaitForSingleObject(c->done, 10);
  WinHttpCloseHandle(c->request);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'c->request' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
}

// OK: the thread handle kept in the context struct, waited for there.
void waitStoredThread(Ctx *c) {
  c->thread = CreateThread(NULL, 0, worker, c, 0, NULL);
  WaitForSingleObject(c->thread, INFINITE);
  WinHttpCloseHandle(c->request);
}

static HINTERNET g_request;
static DWORD WINAPI globalWorker(LPVOID p) {
  (void)p;
  WinHttpReceiveResponse(g_request, NULL);
  return 0;
}

// OK: an array of thread handles, every one waited for.
void waitArray(void) {
  HANDLE threads[2];
  int i;
  for (i = 0; i < 2; ++i)
    threads[i] = CreateThread(NULL, 0, globalWorker, NULL, 0, NULL);
  WaitForMultipleObjects(2, threads, TRUE, INFINITE);
  WinHttpCloseHandle(g_request);
}

// A wait on the array with a timeout, tested the wrong way round.
static HINTERNET g_request2;
static DWORD WINAPI globalWorker2(LPVOID p) {
  (void)p;
  WinHttpReceiveResponse(g_request2, NULL);
  return 0;
}
void waitArrayTimedWrong(void) {
  HANDLE threads[2];
  int i;
  for (i = 0; i < 2; ++i)
    threads[i] = CreateThread(NULL, 0, globalWorker2, NULL, 0, NULL);
  if (WaitForMultipleObjects(2, threads, TRUE, 100) == WAIT_TIMEOUT)
    WinHttpCloseHandle(g_request2);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'WinHttpCloseHandle' may close 'g_request2' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
}

static HINTERNET g_poolRequest, g_poolRequest2;
static VOID CALLBACK poolWork(PTP_CALLBACK_INSTANCE i, PVOID ctx, PTP_WORK w) {
  (void)i; (void)w;
  WinHttpReceiveResponse((HINTERNET)ctx, NULL);
}

// OK: thread-pool work waited for before the close.
void poolWaited(void) {
  PTP_WORK work = CreateThreadpoolWork(poolWork, g_poolRequest, NULL);
  SubmitThreadpoolWork(work);
  WaitForThreadpoolWorkCallbacks(work, FALSE);
  CloseThreadpoolWork(work);
  WinHttpCloseHandle(g_poolRequest);
}

// CloseThreadpoolWork does not wait.
void poolNotWaited(void) {
  PTP_WORK work = CreateThreadpoolWork(poolWork, g_poolRequest2, NULL);
  SubmitThreadpoolWork(work);
  CloseThreadpoolWork(work);
  WinHttpCloseHandle(g_poolRequest2);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'g_poolRequest2' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
}
