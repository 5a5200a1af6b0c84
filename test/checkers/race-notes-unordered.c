// Notes on waits that do not order the close, Win32 spellings in C, MinGW
// and MSVC.
// RUN: %check_clang_tidy %s winhttp-close-during-sync-call %t -- -- %mingw -std=c11
// RUN: %check_clang_tidy %s winhttp-close-during-sync-call %t -- -- %msvc -std=c11

#include <windows.h>
#include <winhttp.h>

static DWORD WINAPI worker(LPVOID p) {
  WinHttpReceiveResponse((HINTERNET)p, NULL);
  return 0;
}

void waitTimed(HINTERNET r) {
  HANDLE t = CreateThread(NULL, 0, worker, r, 0, NULL);
  WaitForSingleObject(t, 1000);
  WinHttpCloseHandle(r);
}
// CHECK-NOTES: :[[@LINE-2]]:3: warning: 'WinHttpCloseHandle' may close 'r' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
// CHECK-NOTES: :10:3: note: synchronous 'WinHttpReceiveResponse' blocks on '(HINTERNET)p' here
// CHECK-NOTES: :[[@LINE-6]]:14: note: 'worker' makes the blocking call on another thread, started here with 'CreateThread'
// CHECK-NOTES: :[[@LINE-6]]:3: note: this wait can return before the thread finishes (a timeout or an alertable wait), and the close is also reached when it does
// CHECK-NOTES: :[[@LINE-6]]:3: note: whether 'r' comes from an asynchronous session could not be determined
// CHECK-NOTES: :[[@LINE-7]]:3: note: to cancel safely

void waitAlertable(HINTERNET r) {
  HANDLE t = CreateThread(NULL, 0, worker, r, 0, NULL);
  WaitForSingleObjectEx(t, INFINITE, TRUE);
  WinHttpCloseHandle(r);
}
// CHECK-NOTES: :[[@LINE-2]]:3: warning: 'WinHttpCloseHandle' may close 'r' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
// CHECK-NOTES: :10:3: note: synchronous 'WinHttpReceiveResponse' blocks on '(HINTERNET)p' here
// CHECK-NOTES: :[[@LINE-6]]:14: note: 'worker' makes the blocking call on another thread, started here with 'CreateThread'
// CHECK-NOTES: :[[@LINE-6]]:3: note: this wait can return before the thread finishes (a timeout or an alertable wait), and the close is also reached when it does
// CHECK-NOTES: :[[@LINE-6]]:3: note: whether 'r' comes from an asynchronous session could not be determined
// CHECK-NOTES: :[[@LINE-7]]:3: note: to cancel safely

void waitAfter(HINTERNET r) {
  HANDLE t = CreateThread(NULL, 0, worker, r, 0, NULL);
  WinHttpCloseHandle(r);
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
}
// CHECK-NOTES: :[[@LINE-4]]:3: warning: 'WinHttpCloseHandle' may close 'r' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
// CHECK-NOTES: :10:3: note: synchronous 'WinHttpReceiveResponse' blocks on '(HINTERNET)p' here
// CHECK-NOTES: :[[@LINE-7]]:14: note: 'worker' makes the blocking call on another thread, started here with 'CreateThread'
// CHECK-NOTES: :[[@LINE-6]]:3: note: the thread is waited for here, only after the close
// CHECK-NOTES: :[[@LINE-8]]:3: note: whether 'r' comes from an asynchronous session could not be determined
// CHECK-NOTES: :[[@LINE-9]]:3: note: to cancel safely

// OK: waited for on every path before the close.
void waitBefore(HINTERNET r) {
  HANDLE t = CreateThread(NULL, 0, worker, r, 0, NULL);
  WaitForSingleObject(t, INFINITE);
  WinHttpCloseHandle(r);
  CloseHandle(t);
}

// OK: the timed wait's result is tested.
void waitTimedTested(HINTERNET r) {
  HANDLE t = CreateThread(NULL, 0, worker, r, 0, NULL);
  if (WaitForSingleObject(t, 1000) != WAIT_OBJECT_0)
    return;
  WinHttpCloseHandle(r);
}
