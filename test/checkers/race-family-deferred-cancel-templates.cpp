// Families: work that never runs elsewhere, and templates. A deferred task
// runs where it is waited for; wait_for on it runs nothing. The canceller
// rule needs a canceller the TU does not call and a handle stored where
// other code can reach it. Code in templates is analysed per instantiation.
// MinGW, C++20.
// RUN: %check_clang_tidy %s winhttp-close-during-sync-call %t -- -- %mingw -std=c++20

#include <windows.h>
#include <winhttp.h>
#include <future>
#include <thread>

HINTERNET g_Connect = WinHttpConnect(WinHttpOpen(L"ua", 0, nullptr, nullptr, 0), L"h", 80, 0);
HINTERNET openRequest() { return WinHttpOpenRequest(g_Connect, L"GET", L"/", nullptr, nullptr, nullptr, 0); }

// OK: a deferred task runs in get(), on this thread, before the close.
void deferredGet() {
  HINTERNET R = openRequest();
  auto F = std::async(std::launch::deferred, [R] { return WinHttpReceiveResponse(R, nullptr); });
  F.get();
  WinHttpCloseHandle(R);
}

// OK: a deferred task never waited for never runs.
void deferredNeverRun() {
  HINTERNET R = openRequest();
  auto F = std::async(std::launch::deferred, [R] { return WinHttpReceiveResponse(R, nullptr); });
  WinHttpCloseHandle(R);
}

// An async task does run elsewhere.
void asyncNotWaited() {
  HINTERNET R = openRequest();
  auto F = std::async(std::launch::async, [R] { return WinHttpReceiveResponse(R, nullptr); });
  WinHttpCloseHandle(R);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'R' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
}

// OK: a canceller whose handle is a local: nothing else can block on it.
void cancelLocal() {
  HINTERNET R = openRequest();
  WinHttpReceiveResponse(R, nullptr);
  WinHttpCloseHandle(R);
}

// A canceller closing a member another method blocks on.
class Session {
public:
  void fetch() { WinHttpReceiveResponse(Request, nullptr); }
  void abortFetch() { WinHttpCloseHandle(Request); }
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'WinHttpCloseHandle' may close 'Request' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it

private:
  HINTERNET Request = openRequest();
};

// OK: a canceller that the TU calls itself, after the blocking call.
class Sequential {
public:
  void run() {
    WinHttpReceiveResponse(Request, nullptr);
    cancel();
  }

private:
  void cancel() { WinHttpCloseHandle(Request); }
  HINTERNET Request = openRequest();
};

// A class template: each instantiation is analysed; the race shows once.
template <typename Tag> class Worker {
public:
  void start() { T = std::thread([this] { WinHttpReceiveResponse(Request, nullptr); }); }
  void halt() { WinHttpCloseHandle(Request); }
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'WinHttpCloseHandle' may close 'Request' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
  ~Worker() {
    if (T.joinable())
      T.join();
  }

private:
  HINTERNET Request = openRequest();
  std::thread T;
};
struct A {};
struct B {};
void useWorkers() {
  Worker<A> WA;
  Worker<B> WB;
  WA.start();
  WB.start();
  WA.halt();
  WB.halt();
}

// OK: a function template that joins before it closes.
template <typename F> void runAndClose(HINTERNET R, F Fn) {
  std::thread T(Fn, R);
  T.join();
  WinHttpCloseHandle(R);
}
void useRunAndClose() {
  runAndClose(openRequest(), [](HINTERNET H) { WinHttpReceiveResponse(H, nullptr); });
}
