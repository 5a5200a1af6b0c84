// Five spellings written after the race model was built, none of them
// shaped like the other tests: a member function started on a thread, a
// std::function started later, a handle passed by reference through two
// helpers, a join inside a retry loop, and a static member status callback
// reaching the object through its context. MinGW, C++20.
// RUN: %check_clang_tidy %s winhttp-close-during-sync-call %t -- -- %mingw -std=c++20

#include <windows.h>
#include <winhttp.h>
#include <atomic>
#include <functional>
#include <thread>

HINTERNET g_Connect = WinHttpConnect(WinHttpOpen(L"ua", 0, nullptr, nullptr, 0), L"h", 80, 0);
HINTERNET openRequest() { return WinHttpOpenRequest(g_Connect, L"GET", L"/", nullptr, nullptr, nullptr, 0); }

// 1. std::thread(&Poller::loop, this): the member runs on the thread.
class Poller {
public:
  void start() { T = std::thread(&Poller::loop, this); }
  void reset() { WinHttpCloseHandle(Request); }
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'WinHttpCloseHandle' may close 'Request' while another thread is blocked in synchronous 'WinHttpReadData' on it
  ~Poller() { T.join(); }

private:
  void loop() {
    char Buf[64];
    DWORD Got = 0;
    while (WinHttpReadData(Request, Buf, sizeof Buf, &Got) && Got) {
    }
  }
  HINTERNET Request = openRequest();
  std::thread T;
};

// 2. A std::function kept in a variable, started later.
void functionStartedLater() {
  HINTERNET R = openRequest();
  std::function<void()> Job = [R] { WinHttpReceiveResponse(R, nullptr); };
  std::thread T(Job);
  WinHttpCloseHandle(R);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'R' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
  T.join();
}

// 3. A handle passed by reference through two helpers, closed by the
// inner one while a thread captured it by reference.
void closeRef(HINTERNET &H) { WinHttpCloseHandle(H); H = nullptr; }
void cleanupRef(HINTERNET &H) { closeRef(H); }
void byReference() {
  HINTERNET R = openRequest();
  std::thread T([&R] { WinHttpSendRequest(R, nullptr, 0, nullptr, 0, 0, 0); });
  cleanupRef(R);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'cleanupRef' may close 'R' while another thread is blocked in synchronous 'WinHttpSendRequest' on it
  T.join();
}

// 4. OK: a retry loop that joins each attempt's thread before the next.
void retryLoop(int Attempts) {
  HINTERNET R = openRequest();
  bool Done = false;
  do {
    std::thread T([R, &Done] { Done = WinHttpReceiveResponse(R, nullptr); });
    T.join();
  } while (!Done && --Attempts > 0);
  WinHttpCloseHandle(R);
}

// 5. OK: a static member callback sets a member flag through the context;
// the close waits for it.
class Gated {
public:
  void start() {
    WinHttpSetStatusCallback(Request, &Gated::onStatus, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
    T = std::thread([this] {
      WinHttpSendRequest(Request, nullptr, 0, nullptr, 0, 0, reinterpret_cast<DWORD_PTR>(this));
    });
  }
  void stop() {
    if (Finished.load())
      WinHttpCloseHandle(Request);
  }
  ~Gated() { T.join(); }

private:
  static void CALLBACK onStatus(HINTERNET, DWORD_PTR Ctx, DWORD Status, LPVOID, DWORD) {
    if (Status == WINHTTP_CALLBACK_STATUS_REQUEST_ERROR)
      reinterpret_cast<Gated *>(Ctx)->Finished = true;
  }
  HINTERNET Request = openRequest();
  std::atomic<bool> Finished{false};
  std::thread T;
};
