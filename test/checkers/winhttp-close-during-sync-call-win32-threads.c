// The other Win32 and CRT ways to run code on another thread, and the waits
// that order them. MinGW and MSVC mode.
// RUN: %check_clang_tidy %s winhttp-close-during-sync-call %t -- -- %mingw -std=c11
// RUN: %check_clang_tidy %s winhttp-close-during-sync-call %t -- -- %msvc -std=c11

#include <windows.h>
#include <winhttp.h>
#include <process.h>

// Handles of unknown origin: taken to be synchronous (AssumeSyncWhenUnknown).
#define REQUEST(name) HINTERNET name

// _beginthread: no handle to wait for.
REQUEST(r1);
static void __cdecl crt(void *p) { WinHttpReceiveResponse(r1, NULL); }
void beginthread(void) {
  _beginthread(crt, 0, NULL);
  WinHttpCloseHandle(r1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'r1' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
}

// TrySubmitThreadpoolCallback.
REQUEST(r2);
static void CALLBACK simple(PTP_CALLBACK_INSTANCE i, PVOID p) { WinHttpReadData(r2, NULL, 0, NULL); }
void submit(void) {
  TrySubmitThreadpoolCallback(simple, NULL, NULL);
  WinHttpCloseHandle(r2);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'r2' while another thread is blocked in synchronous 'WinHttpReadData' on it
}

// CreateThreadpoolWork, ordered by WaitForThreadpoolWorkCallbacks.
REQUEST(r3);
static void CALLBACK work(PTP_CALLBACK_INSTANCE i, PVOID p, PTP_WORK w) { WinHttpSendRequest(r3, NULL, 0, NULL, 0, 0, 0); }
void poolWork(void) {
  PTP_WORK w = CreateThreadpoolWork(work, NULL, NULL);
  SubmitThreadpoolWork(w);
  WaitForThreadpoolWorkCallbacks(w, FALSE);
  WinHttpCloseHandle(r3); // OK
}
REQUEST(r4);
static void CALLBACK work4(PTP_CALLBACK_INSTANCE i, PVOID p, PTP_WORK w) { WinHttpSendRequest(r4, NULL, 0, NULL, 0, 0, 0); }
void poolWorkUnwaited(void) {
  PTP_WORK w = CreateThreadpoolWork(work4, NULL, NULL);
  SubmitThreadpoolWork(w);
  WinHttpCloseHandle(r4);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'r4' while another thread is blocked in synchronous 'WinHttpSendRequest' on it
  WaitForThreadpoolWorkCallbacks(w, FALSE);
}

// CreateThreadpoolTimer, ordered by WaitForThreadpoolTimerCallbacks.
REQUEST(r5);
static void CALLBACK tick(PTP_CALLBACK_INSTANCE i, PVOID p, PTP_TIMER t) { WinHttpQueryDataAvailable(r5, NULL); }
void poolTimer(void) {
  PTP_TIMER t = CreateThreadpoolTimer(tick, NULL, NULL);
  WaitForThreadpoolTimerCallbacks(t, TRUE);
  WinHttpCloseHandle(r5); // OK
}

// CreateTimerQueueTimer: DeleteTimerQueueTimer with INVALID_HANDLE_VALUE
// waits for running callbacks; with NULL it does not.
REQUEST(r6);
static void CALLBACK onTimer(PVOID p, BOOLEAN fired) { WinHttpWriteData(r6, "x", 1, NULL); }
void timerQueue(void) {
  HANDLE timer;
  CreateTimerQueueTimer(&timer, NULL, onTimer, NULL, 100, 0, 0);
  DeleteTimerQueueTimer(NULL, timer, INVALID_HANDLE_VALUE);
  WinHttpCloseHandle(r6); // OK
}
REQUEST(r7);
static void CALLBACK onTimer7(PVOID p, BOOLEAN fired) { WinHttpWriteData(r7, "x", 1, NULL); }
void timerQueueNoWait(void) {
  HANDLE timer;
  CreateTimerQueueTimer(&timer, NULL, onTimer7, NULL, 100, 0, 0);
  DeleteTimerQueueTimer(NULL, timer, NULL);
  WinHttpCloseHandle(r7);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'r7' while another thread is blocked in synchronous 'WinHttpWriteData' on it
}

// RegisterWaitForSingleObject, ordered by UnregisterWaitEx(INVALID_HANDLE_VALUE).
REQUEST(r8);
static void CALLBACK onSignal(PVOID p, BOOLEAN timedOut) { WinHttpReceiveResponse(r8, NULL); }
void registeredWait(HANDLE event) {
  HANDLE wait;
  RegisterWaitForSingleObject(&wait, event, onSignal, NULL, INFINITE, WT_EXECUTEONLYONCE);
  UnregisterWaitEx(wait, INVALID_HANDLE_VALUE);
  WinHttpCloseHandle(r8); // OK
}

// OK: a wait on another object does not order the thread, but the thread
// that closes is the one that blocked.
REQUEST(r9);
static DWORD WINAPI ownCleanup(LPVOID p) {
  WinHttpReceiveResponse(r9, NULL);
  WinHttpCloseHandle(r9);
  return 0;
}
void startOwnCleanup(void) { CloseHandle(CreateThread(NULL, 0, ownCleanup, NULL, 0, NULL)); }
