// A thread that its starting function waits for cannot overlap what that
// function runs before starting it, nor what it runs when starting it
// failed: cleanup on those paths is not a race. A loop around the start, the
// success branch, or a thread that outlives the call (the next call's
// cleanup meets it) is. MinGW and MSVC mode.
// RUN: %check_clang_tidy %s winhttp-close-during-sync-call %t -- -- %mingw -std=c11
// RUN: %check_clang_tidy %s winhttp-close-during-sync-call %t -- -- %msvc -std=c11

#include <windows.h>
#include <winhttp.h>

// Handles of unknown origin: taken to be synchronous (AssumeSyncWhenUnknown).
#define REQUEST(name) HINTERNET name
#define WORKER(name, request)                                                  \
  static DWORD WINAPI name(LPVOID p) {                                         \
    WinHttpReceiveResponse(request, NULL);                                     \
    return 0;                                                                  \
  }

// OK: closed before the thread that uses the handle starts.
REQUEST(r1);
WORKER(w1, r1)
void closeFirst(BOOL retry) {
  if (retry)
    WinHttpCloseHandle(r1); // OK
  HANDLE t = CreateThread(NULL, 0, w1, NULL, 0, NULL);
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
}

// OK: a cleanup helper, called on a failed setup before the start and
// after the join.
REQUEST(r2);
WORKER(w2, r2)
static void cleanup2(void) {
  if (r2)
    WinHttpCloseHandle(r2); // OK
  r2 = NULL;
}
static BOOL setup2(BOOL ok) {
  if (!ok) {
    cleanup2();
    return FALSE;
  }
  return TRUE;
}
BOOL run2(BOOL ok) {
  HANDLE t;
  if (!setup2(ok))
    return FALSE;
  t = CreateThread(NULL, 0, w2, NULL, 0, NULL);
  if (!t) {
    cleanup2();
    return FALSE;
  }
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
  cleanup2();
  return TRUE;
}

// OK: the other spellings of a failed start.
REQUEST(r3);
WORKER(w3, r3)
void failedStart(void) {
  HANDLE t = CreateThread(NULL, 0, w3, NULL, 0, NULL);
  if (t == NULL) {
    WinHttpCloseHandle(r3); // OK
    return;
  }
  if (NULL == t)
    WinHttpCloseHandle(r3); // OK
  WaitForSingleObject(t, INFINITE);
}

// A loop starts the thread again after a close in the next iteration.
REQUEST(r4);
WORKER(w4, r4)
void inLoop(int n) {
  for (int i = 0; i < n; ++i) {
    WinHttpCloseHandle(r4);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'WinHttpCloseHandle' may close 'r4' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
    CloseHandle(CreateThread(NULL, 0, w4, NULL, 0, NULL));
  }
}

// The branch where the thread did start.
REQUEST(r5);
WORKER(w5, r5)
void startedBranch(void) {
  HANDLE t = CreateThread(NULL, 0, w5, NULL, 0, NULL);
  if (t != NULL)
    WinHttpCloseHandle(r5);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'WinHttpCloseHandle' may close 'r5' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
  if (t)
    CloseHandle(t);
}

// A test of something else than the thread.
REQUEST(r6);
WORKER(w6, r6)
void otherTest(HANDLE event) {
  HANDLE t = CreateThread(NULL, 0, w6, NULL, 0, NULL);
  if (!event)
    WinHttpCloseHandle(r6);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'WinHttpCloseHandle' may close 'r6' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
  WaitForSingleObject(t, INFINITE);
}

// In a loop, the object may still hold the thread started before.
REQUEST(r7);
WORKER(w7, r7)
void failedInLoop(int n) {
  HANDLE t = NULL;
  for (int i = 0; i < n; ++i) {
    t = CreateThread(NULL, 0, w7, NULL, 0, NULL);
    if (!t)
      WinHttpCloseHandle(r7);
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'WinHttpCloseHandle' may close 'r7' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
  }
}

// A helper called before the start and again while the thread runs.
REQUEST(r8);
WORKER(w8, r8)
static void cleanup8(void) {
  WinHttpCloseHandle(r8);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'r8' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
}
void run8(void) {
  cleanup8();
  HANDLE t = CreateThread(NULL, 0, w8, NULL, 0, NULL);
  cleanup8();
  WaitForSingleObject(t, INFINITE);
}

// Not waited for: the thread of the previous call may still block when the
// next call closes before starting its own.
REQUEST(r9);
WORKER(w9, r9)
void restart(void) {
  WinHttpCloseHandle(r9);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'r9' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
  CloseHandle(CreateThread(NULL, 0, w9, NULL, 0, NULL));
}

// The same after a failed start.
REQUEST(r10);
WORKER(w10, r10)
void failedUnwaited(void) {
  HANDLE t = CreateThread(NULL, 0, w10, NULL, 0, NULL);
  if (!t) {
    WinHttpCloseHandle(r10);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'WinHttpCloseHandle' may close 'r10' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
    return;
  }
  CloseHandle(t);
}
