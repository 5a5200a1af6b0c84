// Family: ordering in any expression position and along every path. A wait
// orders the close after it wherever its result goes (a declaration, a
// condition in either polarity, a return, a helper), on every path; a timed
// wait orders only where its result said the thread finished; a timed wait
// whose result is ignored orders nothing. MinGW, C++20.
// RUN: %check_clang_tidy %s winhttp-close-during-sync-call %t -- -- %mingw -std=c++20

#include <windows.h>
#include <winhttp.h>
#include <chrono>
#include <future>
#include <thread>

HINTERNET g_Connect = WinHttpConnect(WinHttpOpen(L"ua", 0, nullptr, nullptr, 0), L"h", 80, 0);
HINTERNET openRequest() { return WinHttpOpenRequest(g_Connect, L"GET", L"/", nullptr, nullptr, nullptr, 0); }
bool sendOne(HINTERNET R) { return WinHttpSendRequest(R, nullptr, 0, nullptr, 0, 0, 0); }

// OK: the result of get() initialises a variable.
void inDeclaration() {
  HINTERNET R = openRequest();
  std::future<bool> F = std::async(std::launch::async, sendOne, R);
  bool Ok = F.get();
  (void)Ok;
  WinHttpCloseHandle(R);
}

// OK: get() in a negated condition, closing on both branches.
void inNegatedCondition() {
  HINTERNET R = openRequest();
  auto F = std::async(std::launch::async, [R] { return sendOne(R); });
  if (!F.get()) {
    WinHttpCloseHandle(R);
    return;
  }
  WinHttpCloseHandle(R);
}

// OK: get() in a return, the close in the caller after it.
bool waitFor(std::future<bool> &F) { return F.get() && true; }
void throughHelperReturn() {
  HINTERNET R = openRequest();
  std::future<bool> F = std::async(std::launch::async, sendOne, R);
  if (waitFor(F))
    WinHttpCloseHandle(R);
  else
    WinHttpCloseHandle(R);
}

// OK: a timed wait tested for readiness, early return otherwise.
void timedEarlyReturn() {
  HINTERNET R = openRequest();
  std::future<bool> F = std::async(std::launch::async, sendOne, R);
  if (F.wait_for(std::chrono::seconds(5)) != std::future_status::ready)
    return;
  WinHttpCloseHandle(R);
}

// A timed wait tested in the wrong polarity: the close runs on timeout.
void timedWrongPolarity() {
  HINTERNET R = openRequest();
  std::future<bool> F = std::async(std::launch::async, sendOne, R);
  if (F.wait_for(std::chrono::seconds(5)) == std::future_status::timeout)
    WinHttpCloseHandle(R);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'WinHttpCloseHandle' may close 'R' while another thread is blocked in synchronous 'WinHttpSendRequest' on it
}

// A timed wait whose result is ignored orders nothing.
void timedIgnored() {
  HINTERNET R = openRequest();
  std::future<bool> F = std::async(std::launch::async, sendOne, R);
  F.wait_for(std::chrono::milliseconds(100));
  WinHttpCloseHandle(R);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'R' while another thread is blocked in synchronous 'WinHttpSendRequest' on it
}

// OK: both branches waited, one timed and tested, one INFINITE; merged.
void mergedAfterBranches(bool Patient) {
  HINTERNET R = openRequest();
  HANDLE T = CreateThread(nullptr, 0, [](LPVOID P) -> DWORD { return sendOne(static_cast<HINTERNET>(P)); }, R, 0, nullptr);
  if (Patient) {
    WaitForSingleObject(T, INFINITE);
  } else if (WaitForSingleObject(T, 1000) != WAIT_OBJECT_0) {
    return;
  }
  WinHttpCloseHandle(R);
}

// A branch that did not wait: the merge orders nothing.
void mergedOneBranchUnwaited(bool Patient) {
  HINTERNET R = openRequest();
  HANDLE T = CreateThread(nullptr, 0, [](LPVOID P) -> DWORD { return sendOne(static_cast<HINTERNET>(P)); }, R, 0, nullptr);
  if (Patient)
    WaitForSingleObject(T, INFINITE);
  WinHttpCloseHandle(R);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'R' while another thread is blocked in synchronous 'WinHttpSendRequest' on it
}

// OK: a shared_future waited in a loop condition.
void sharedFutureLoop() {
  HINTERNET R = openRequest();
  std::shared_future<bool> F = std::async(std::launch::async, sendOne, R).share();
  while (F.wait_for(std::chrono::milliseconds(10)) != std::future_status::ready) {
  }
  WinHttpCloseHandle(R);
}

// OK: the thread joined through a member of a context struct in a helper.
struct Job {
  HINTERNET Request;
  std::thread Worker;
};
void finish(Job &J) { J.Worker.join(); }
void contextStruct() {
  Job J{openRequest(), {}};
  J.Worker = std::thread([&J] { sendOne(J.Request); });
  finish(J);
  WinHttpCloseHandle(J.Request);
}

// The same helper called only on one path.
void contextStructOnePath(bool Done) {
  Job J{openRequest(), {}};
  J.Worker = std::thread([&J] { sendOne(J.Request); });
  if (Done)
    finish(J);
  WinHttpCloseHandle(J.Request);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'J.Request' while another thread is blocked in synchronous 'WinHttpSendRequest' on it
  if (!Done)
    J.Worker.join();
}

// A future that is not valid() has no task left to wait for: it never
// started, or get() already waited. A conditional operator waits on one arm.
void futureValidOrGet() {
  HINTERNET R = openRequest();
  std::future<void> F = std::async(std::launch::async, [R] { sendOne(R); });
  F.valid() ? F.get() : void();
  WinHttpCloseHandle(R);
}

// valid() alone waits for nothing.
void futureValidOnly() {
  HINTERNET R = openRequest();
  std::future<void> F = std::async(std::launch::async, [R] { sendOne(R); });
  if (!F.valid())
    return;
  WinHttpCloseHandle(R);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'R' while another thread is blocked in synchronous 'WinHttpSendRequest' on it
}
