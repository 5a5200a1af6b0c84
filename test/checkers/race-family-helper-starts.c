// Family: a helper that takes the handle (or a context struct holding it)
// as a parameter, starts a Win32 thread on it and closes it. The events show
// where they are against the threads the helper starts, whatever calls it.
// C, MinGW and MSVC.
// RUN: %check_clang_tidy %s winhttp-close-during-sync-call %t -- -- %mingw -std=c11
// RUN: %check_clang_tidy %s winhttp-close-during-sync-call %t -- -- %msvc -std=c11

#include <windows.h>
#include <winhttp.h>

static HINTERNET open_sync(void) {
  HINTERNET s = WinHttpOpen(L"ua", 0, NULL, NULL, 0);
  HINTERNET c = WinHttpConnect(s, L"h", 80, 0);
  return WinHttpOpenRequest(c, L"GET", L"/", NULL, NULL, NULL, 0);
}

static DWORD WINAPI receive_proc(LPVOID param) {
  return WinHttpReceiveResponse((HINTERNET)param, NULL) ? 0 : GetLastError();
}

// 1. The handle itself is the thread's parameter.
void cancel_after(HINTERNET request, DWORD ms) {
  HANDLE t = CreateThread(NULL, 0, receive_proc, request, 0, NULL);
  if (WaitForSingleObject(t, ms) == WAIT_TIMEOUT)
    WinHttpCloseHandle(request);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'WinHttpCloseHandle' may close 'request' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it; {{.*}} [winhttp-close-during-sync-call]
  // CHECK-MESSAGES: :[[@LINE-9]]:10: note: synchronous 'WinHttpReceiveResponse' blocks on '(HINTERNET)param' here
  // CHECK-MESSAGES: :[[@LINE-5]]:14: note: 'receive_proc' makes the blocking call on another thread, started here with 'CreateThread'
  // CHECK-MESSAGES: :[[@LINE-5]]:7: note: this wait can return before the thread finishes (a timeout or an alertable wait), and the close is also reached when it does
  CloseHandle(t);
}
void run_download(void) { cancel_after(open_sync(), 5000); }

// 2. A context struct, given by pointer, holds the handle.
struct job {
  HINTERNET request;
  char buf[256];
  DWORD got;
};

static DWORD WINAPI read_proc(LPVOID param) {
  struct job *j = (struct job *)param;
  while (WinHttpReadData(j->request, j->buf, sizeof j->buf, &j->got) && j->got)
    ;
  return 0;
}

void read_with_deadline(struct job *j) {
  HANDLE t = CreateThread(NULL, 0, read_proc, j, 0, NULL);
  Sleep(1000);
  WinHttpCloseHandle(j->request);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'j->request' while another thread is blocked in synchronous 'WinHttpReadData' on it; {{.*}} [winhttp-close-during-sync-call]
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
}
void run_job(void) {
  struct job j = {0};
  j.request = open_sync();
  read_with_deadline(&j);
}

// OK: the helper waits for the thread before it closes.
void wait_then_close(HINTERNET request) {
  HANDLE t = CreateThread(NULL, 0, receive_proc, request, 0, NULL);
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
  WinHttpCloseHandle(request);
}
void run_wait_then_close(void) { wait_then_close(open_sync()); }

// OK: the thread gets another handle than the one closed.
void other_handle(HINTERNET closed, HINTERNET read) {
  HANDLE t = CreateThread(NULL, 0, receive_proc, read, 0, NULL);
  WinHttpCloseHandle(closed);
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
}
void run_other_handle(void) { other_handle(open_sync(), open_sync()); }

// OK: the thread is started only after the close.
void start_after_close(HINTERNET request, HINTERNET next) {
  HANDLE t;
  WinHttpCloseHandle(request);
  t = CreateThread(NULL, 0, receive_proc, next, 0, NULL);
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
}
void run_start_after_close(void) { start_after_close(open_sync(), open_sync()); }

// OK: an asynchronous session, where closing is the cancel.
void close_async(HINTERNET request) {
  HANDLE t = CreateThread(NULL, 0, receive_proc, request, 0, NULL);
  WinHttpCloseHandle(request);
  CloseHandle(t);
}
void run_async(void) {
  HINTERNET s = WinHttpOpen(L"ua", 0, NULL, NULL, WINHTTP_FLAG_ASYNC);
  HINTERNET c = WinHttpConnect(s, L"h", 80, 0);
  close_async(WinHttpOpenRequest(c, L"GET", L"/", NULL, NULL, NULL, 0));
}
