// Five spellings written after the helper-start rule was built: a context
// struct through _beginthreadex, std::async, a method on its own member, a
// reference captured by reference, a template helper; and two that are
// safe. Each helper has a caller. MinGW, C++17.
// RUN: %check_clang_tidy %s winhttp-close-during-sync-call %t -- -- %mingw -std=c++17

#include <windows.h>
#include <winhttp.h>
#include <process.h>
#include <future>
#include <thread>

static HINTERNET openSync() {
  HINTERNET S = WinHttpOpen(L"ua", 0, nullptr, nullptr, 0);
  HINTERNET C = WinHttpConnect(S, L"h", 80, 0);
  return WinHttpOpenRequest(C, L"GET", L"/", nullptr, nullptr, nullptr, 0);
}

struct Ctx { HINTERNET Req; DWORD Got; };
static unsigned __stdcall recvProc(void *P) {
  Ctx *C = static_cast<Ctx *>(P);
  WinHttpReceiveResponse(C->Req, nullptr);
  return 0;
}
// a. _beginthreadex with a context struct; close through the struct.
void beginAndClose(Ctx *C) {
  HANDLE T = (HANDLE)_beginthreadex(nullptr, 0, recvProc, C, 0, nullptr);
  WinHttpCloseHandle(C->Req);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'C->Req' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it; {{.*}} [winhttp-close-during-sync-call]
  WaitForSingleObject(T, INFINITE);
}
void callsA() { Ctx C{openSync(), 0}; beginAndClose(&C); }

// b. std::async, the future waited only after the close.
void asyncThenClose(HINTERNET R) {
  auto F = std::async(std::launch::async, [R] { return WinHttpReceiveResponse(R, nullptr); });
  WinHttpCloseHandle(R);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'R' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it; {{.*}} [winhttp-close-during-sync-call]
  F.get();
}
void callsB() { asyncThenClose(openSync()); }

// c. A method that starts a thread on its member and closes it; called.
class Session {
public:
  void run() {
    std::thread T([this] { WinHttpReceiveResponse(Req, nullptr); });
    WinHttpCloseHandle(Req);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'WinHttpCloseHandle' may close 'Req' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it; {{.*}} [winhttp-close-during-sync-call]
    T.join();
  }
  HINTERNET Req = openSync();
};
void callsC() { Session S; S.run(); }

// d. A reference parameter captured by reference.
void byRef(HINTERNET &R) {
  std::thread T([&R] { WinHttpReceiveResponse(R, nullptr); });
  WinHttpCloseHandle(R);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'R' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it; {{.*}} [winhttp-close-during-sync-call]
  R = nullptr;
  T.join();
}
void callsD() { HINTERNET R = openSync(); byRef(R); }

// e. A template helper, instantiated once.
template <class F> void withThread(HINTERNET R, F Work) {
  std::thread T(Work, R);
  WinHttpCloseHandle(R);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'R' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it; {{.*}} [winhttp-close-during-sync-call]
  T.join();
}
void callsE() {
  withThread(openSync(), [](HINTERNET H) { WinHttpReceiveResponse(H, nullptr); });
}

// f. OK: async future waited before the close.
void asyncWaited(HINTERNET R) {
  auto F = std::async(std::launch::async, [R] { return WinHttpReceiveResponse(R, nullptr); });
  F.wait();
  WinHttpCloseHandle(R);
}
void callsF() { asyncWaited(openSync()); }

// g. OK: the thread started by the helper closes a different handle the helper never blocks on.
void closesOther(HINTERNET Mine, HINTERNET Theirs) {
  std::thread T([Theirs] { WinHttpCloseHandle(Theirs); });
  char B[8]; DWORD N = 0;
  WinHttpReadData(Mine, B, sizeof B, &N);
  T.join();
}
void callsG() { closesOther(openSync(), openSync()); }
