// Family: gates in any control flow. A close that runs only after a flag
// that the request's status callback sets was seen true, whatever the
// control flow (an early return, a loop, a condition with &&), the flag
// reached through the callback's context pointer, written with =, store()
// or InterlockedExchange, read with load() or InterlockedCompareExchange.
// A test in the wrong polarity, or of a flag no callback sets, gates
// nothing. MinGW, C++20.
// RUN: %check_clang_tidy %s winhttp-close-during-sync-call %t -- -- %mingw -std=c++20

#include <windows.h>
#include <winhttp.h>
#include <atomic>
#include <thread>

HINTERNET g_Connect = WinHttpConnect(WinHttpOpen(L"ua", 0, nullptr, nullptr, 0), L"h", 80, 0);

struct Request {
  HINTERNET Handle;
  std::atomic<bool> Seen{false};
  volatile LONG Done = 0;
  bool Plain = false;
};

void CALLBACK onStatus(HINTERNET, DWORD_PTR Context, DWORD, LPVOID, DWORD) {
  auto *R = reinterpret_cast<Request *>(Context);
  R->Seen.store(true);
  InterlockedExchange(&R->Done, 1);
}
void CALLBACK onStatusPlain(HINTERNET, DWORD_PTR Context, DWORD, LPVOID, DWORD) {
  static_cast<Request *>((void *)Context)->Plain = true;
}

void start(Request &R, WINHTTP_STATUS_CALLBACK Cb) {
  R.Handle = WinHttpOpenRequest(g_Connect, L"GET", L"/", nullptr, nullptr, nullptr, 0);
  WinHttpSetStatusCallback(R.Handle, Cb, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
  std::thread([&R] { WinHttpSendRequest(R.Handle, nullptr, 0, nullptr, 0, reinterpret_cast<DWORD_PTR>(&R), 0); }).detach();
}

// OK: an early return while the flag is not yet set.
void earlyReturn(Request &R) {
  start(R, onStatus);
  if (!R.Seen.load())
    return;
  WinHttpCloseHandle(R.Handle);
}

// OK: a loop that spins until the flag is set.
void spinUntilSeen(Request &R) {
  start(R, onStatus);
  while (!R.Seen)
    Sleep(1);
  WinHttpCloseHandle(R.Handle);
}

// OK: the flag read with InterlockedCompareExchange, inside a conjunction.
void interlockedRead(Request &R, bool Wanted) {
  start(R, onStatus);
  if (Wanted && InterlockedCompareExchange(&R.Done, 0, 0))
    WinHttpCloseHandle(R.Handle);
}

// OK: a plain bool written through static_cast of the context.
void plainFlag(Request &R) {
  start(R, onStatusPlain);
  if (R.Plain)
    WinHttpCloseHandle(R.Handle);
}

// The wrong polarity: closes while the flag is still clear.
void wrongPolarity(Request &R) {
  start(R, onStatus);
  if (!R.Seen.load())
    WinHttpCloseHandle(R.Handle);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'WinHttpCloseHandle' may close 'R.Handle' while another thread is blocked in synchronous 'WinHttpSendRequest' on it
}

// A flag no status callback sets gates nothing.
std::atomic<bool> g_UserClicked{false};
void notACallbackFlag(Request &R) {
  start(R, onStatus);
  if (g_UserClicked.load())
    WinHttpCloseHandle(R.Handle);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'WinHttpCloseHandle' may close 'R.Handle' while another thread is blocked in synchronous 'WinHttpSendRequest' on it
}

// The gate on one branch only: the merge is not gated.
void gateOnOneBranch(Request &R, bool Check) {
  start(R, onStatus);
  if (Check && !R.Seen.load())
    return;
  WinHttpCloseHandle(R.Handle);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'R.Handle' while another thread is blocked in synchronous 'WinHttpSendRequest' on it
}

// OK: the close inside the status callback itself.
void CALLBACK closeFromCallback(HINTERNET H, DWORD_PTR, DWORD Status, LPVOID, DWORD) {
  if (Status == WINHTTP_CALLBACK_STATUS_REQUEST_ERROR)
    WinHttpCloseHandle(H);
}
void registerCloser(Request &R) { start(R, closeFromCallback); }
