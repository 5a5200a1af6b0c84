// Family: a helper that takes the handle as a parameter, starts a thread on
// it and closes it (or blocks on it while the thread closes it). Events on a
// parameter show at the helper's calls, where the order inside the helper is
// lost; against the threads the helper starts itself they are judged where
// they are, in the helper, whatever calls it. MinGW, C++17.
// RUN: %check_clang_tidy %s winhttp-close-during-sync-call,winhttp-use-after-close %t -- -- %mingw -std=c++17

#include <windows.h>
#include <winhttp.h>
#include <functional>
#include <thread>

static HINTERNET openSync() {
  HINTERNET S = WinHttpOpen(L"ua", 0, nullptr, nullptr, 0);
  HINTERNET C = WinHttpConnect(S, L"h", 80, 0);
  return WinHttpOpenRequest(C, L"GET", L"/", nullptr, nullptr, nullptr, 0);
}

static HINTERNET openAsync() {
  HINTERNET S = WinHttpOpen(L"ua", 0, nullptr, nullptr, WINHTTP_FLAG_ASYNC);
  HINTERNET C = WinHttpConnect(S, L"h", 80, 0);
  return WinHttpOpenRequest(C, L"GET", L"/", nullptr, nullptr, nullptr, 0);
}

// 1. A lambda thread blocks on the parameter; the helper closes it.
void closeUnderReader(HINTERNET R) {
  std::thread T([R] { WinHttpReceiveResponse(R, nullptr); });
  WinHttpCloseHandle(R);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'R' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it; {{.*}} [winhttp-close-during-sync-call]
  // CHECK-MESSAGES: :[[@LINE-3]]:23: note: synchronous 'WinHttpReceiveResponse' blocks on 'R' here
  // CHECK-MESSAGES: :[[@LINE-4]]:15: note: the lambda makes the blocking call on another thread, started here with 'std::thread'
  // CHECK-MESSAGES: :[[@LINE+1]]:3: note: the thread is waited for here, only after the close
  T.join();
}
void callsCloseUnderReader() { closeUnderReader(openSync()); }

// 2. The roles swapped: the thread closes, the helper reads.
void readUnderCloser(HINTERNET R) {
  std::thread T([R] { WinHttpCloseHandle(R); });
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'WinHttpCloseHandle' may close 'R' while another thread is blocked in synchronous 'WinHttpReadData' on it; {{.*}} [winhttp-close-during-sync-call]
  char Buf[64];
  DWORD Got = 0;
  WinHttpReadData(R, Buf, sizeof Buf, &Got);
  T.join();
}
void callsReadUnderCloser() {
  HINTERNET R = openSync();
  readUnderCloser(R);
}

// 3. A member function with a named entry, called through a local object;
// the close is in a nested helper of the member.
class Fetcher {
public:
  void fetch(HINTERNET R) {
    std::thread T(&Fetcher::pump, this, R);
    drop(R);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'drop' may close 'R' while another thread is blocked in synchronous 'WinHttpQueryDataAvailable' on it; {{.*}} [winhttp-close-during-sync-call]
    T.join();
  }

private:
  void pump(HINTERNET R) {
    DWORD Avail = 0;
    WinHttpQueryDataAvailable(R, &Avail);
  }
  static void drop(HINTERNET R) { WinHttpCloseHandle(R); }
};
void callsFetch() {
  Fetcher F;
  F.fetch(openSync());
}

// 4. Two callers, and the thread started in a loop.
void closeUnderRetries(HINTERNET R, int N) {
  for (int I = 0; I < N; ++I) {
    std::thread T([R] { WinHttpSendRequest(R, nullptr, 0, nullptr, 0, 0, 0); });
    T.detach();
  }
  WinHttpCloseHandle(R);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'R' while another thread is blocked in synchronous 'WinHttpSendRequest' on it; {{.*}} [winhttp-close-during-sync-call]
}
void callsRetriesOnce() { closeUnderRetries(openSync(), 1); }
void callsRetriesTwice() { closeUnderRetries(openSync(), 2); }

// 5. A thread and its starter both close the parameter: a double close.
void closeTwice(HINTERNET R) {
  std::thread T([R] { WinHttpCloseHandle(R); });
  WinHttpCloseHandle(R);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' closes 'R', which another thread may close too; {{.*}} [winhttp-use-after-close]
  // CHECK-MESSAGES: :[[@LINE-3]]:23: note: 'WinHttpCloseHandle' closes 'R' here too
  // CHECK-MESSAGES: :[[@LINE-4]]:15: note: the lambda runs the other close on another thread, started here with 'std::thread'
  T.join();
}
void callsCloseTwice() { closeTwice(openSync()); }

// OK: the helper joins before it closes.
void joinsFirst(HINTERNET R) {
  std::thread T([R] { WinHttpReceiveResponse(R, nullptr); });
  T.join();
  WinHttpCloseHandle(R);
}
void callsJoinsFirst() { joinsFirst(openSync()); }

// OK: the thread blocks on the other parameter, and no caller passes one
// handle for both.
void otherParameter(HINTERNET Closed, HINTERNET Read) {
  std::thread T([Read] { WinHttpReceiveResponse(Read, nullptr); });
  WinHttpCloseHandle(Closed);
  T.join();
}
void callsOtherParameter() { otherParameter(openSync(), openSync()); }

// OK: every caller passes a request of an asynchronous session, where
// closing is the documented cancel.
void closesAsync(HINTERNET R) {
  std::thread T([R] { WinHttpReceiveResponse(R, nullptr); });
  WinHttpCloseHandle(R);
  T.join();
}
void callsClosesAsync() { closesAsync(openAsync()); }

// OK: the thread the helper starts never touches the handle.
void unrelatedThread(HINTERNET R) {
  std::thread T([] { Sleep(10); });
  WinHttpCloseHandle(R);
  T.join();
}
void callsUnrelatedThread() { unrelatedThread(openSync()); }

// OK: the thread is started after the close.
void startsAfterClose(HINTERNET R, std::function<void()> Done) {
  WinHttpCloseHandle(R);
  std::thread T(Done);
  T.join();
}
void callsStartsAfterClose() { startsAfterClose(openSync(), [] {}); }

// OK: a lock held around both the read and the close.
CRITICAL_SECTION g_Lock;
void lockedBoth(HINTERNET R) {
  std::thread T([R] {
    EnterCriticalSection(&g_Lock);
    WinHttpReceiveResponse(R, nullptr);
    LeaveCriticalSection(&g_Lock);
  });
  EnterCriticalSection(&g_Lock);
  WinHttpCloseHandle(R);
  LeaveCriticalSection(&g_Lock);
  T.join();
}
void callsLockedBoth() { lockedBoth(openSync()); }
