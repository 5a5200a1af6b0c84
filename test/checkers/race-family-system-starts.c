// Family: threads the system starts. Thread-pool work, timers and waits,
// timer-queue timers, registered waits and console handlers run their
// callback on another thread, with the context as the table says; APCs run
// on a thread that exists already and start nothing. MinGW and MSVC, C.
// RUN: %check_clang_tidy %s winhttp-close-during-sync-call %t -- -- %mingw -std=c11
// RUN: %check_clang_tidy %s winhttp-close-during-sync-call %t -- -- %msvc -std=c11

#include <windows.h>
#include <winhttp.h>

static VOID CALLBACK timerCb(PTP_CALLBACK_INSTANCE i, PVOID ctx, PTP_TIMER t) {
  (void)i; (void)t;
  WinHttpReceiveResponse((HINTERNET)ctx, NULL);
}

// A thread-pool timer's callback receives the context.
void poolTimer(HINTERNET request) {
  PTP_TIMER timer = CreateThreadpoolTimer(timerCb, request, NULL);
  FILETIME due = {0, 0};
  SetThreadpoolTimer(timer, &due, 0, 0);
  WinHttpCloseHandle(request);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'request' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
}

// OK: the same, with the callbacks waited for.
void poolTimerWaited(HINTERNET request) {
  PTP_TIMER timer = CreateThreadpoolTimer(timerCb, request, NULL);
  FILETIME due = {0, 0};
  SetThreadpoolTimer(timer, &due, 0, 0);
  WaitForThreadpoolTimerCallbacks(timer, TRUE);
  CloseThreadpoolTimer(timer);
  WinHttpCloseHandle(request);
}

static VOID CALLBACK queueTimerCb(PVOID ctx, BOOLEAN fired) {
  (void)fired;
  WinHttpReceiveResponse((HINTERNET)ctx, NULL);
}

// A timer-queue timer deleted without waiting.
void queueTimer(HINTERNET request) {
  HANDLE timer;
  CreateTimerQueueTimer(&timer, NULL, queueTimerCb, request, 10, 0, 0);
  DeleteTimerQueueTimer(NULL, timer, NULL);
  WinHttpCloseHandle(request);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'request' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
}

// OK: deleted with INVALID_HANDLE_VALUE, which waits for the callback.
void queueTimerWaited(HINTERNET request) {
  HANDLE timer;
  CreateTimerQueueTimer(&timer, NULL, queueTimerCb, request, 10, 0, 0);
  DeleteTimerQueueTimer(NULL, timer, INVALID_HANDLE_VALUE);
  WinHttpCloseHandle(request);
}

static HINTERNET g_consoleRequest;
static BOOL WINAPI onCtrl(DWORD type) {
  (void)type;
  WinHttpCloseHandle(g_consoleRequest);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'g_consoleRequest' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
  return TRUE;
}

// A console control handler runs on a thread of its own.
void consoleHandler(void) {
  SetConsoleCtrlHandler(onCtrl, TRUE);
  WinHttpReceiveResponse(g_consoleRequest, NULL);
}

static HINTERNET g_apcRequest;
static VOID CALLBACK apc(ULONG_PTR p) {
  (void)p;
  WinHttpCloseHandle(g_apcRequest);
}

// OK: an APC runs in this thread's alertable wait, after the call.
void apcOnSelf(void) {
  QueueUserAPC(apc, GetCurrentThread(), 0);
  WinHttpReceiveResponse(g_apcRequest, NULL);
  SleepEx(INFINITE, TRUE);
}
