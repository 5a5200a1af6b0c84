// winhttp-context-lifetime with the C++ standard library: owners whose
// destruction or reset() frees the context, condition variables and futures
// that wait for HANDLE_CLOSING.
// RUN: %check_clang_tidy %s winhttp-context-lifetime %t -- -- %mingw -std=c++17

#include <windows.h>
#include <winhttp.h>
#include <condition_variable>
#include <future>
#include <memory>
#include <mutex>

struct State {
  std::mutex Lock;
  std::condition_variable Done;
  bool Closed = false;
  std::promise<void> Finished;
};

void CALLBACK notifying(HINTERNET, DWORD_PTR Context, DWORD Status, LPVOID,
                        DWORD) {
  auto *S = reinterpret_cast<State *>(Context);
  if (Status == WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING) {
    std::lock_guard<std::mutex> Guard(S->Lock);
    S->Closed = true;
    S->Done.notify_all();
  }
}

HINTERNET openAsync() {
  HINTERNET S = WinHttpOpen(L"agent", WINHTTP_ACCESS_TYPE_AUTOMATIC_PROXY,
                            WINHTTP_NO_PROXY_NAME, WINHTTP_NO_PROXY_BYPASS,
                            WINHTTP_FLAG_ASYNC);
  return WinHttpOpenRequest(WinHttpConnect(S, L"example.com", 443, 0), L"GET",
                            L"/", nullptr, WINHTTP_NO_REFERER,
                            WINHTTP_DEFAULT_ACCEPT_TYPES, 0);
}

// A unique_ptr whose get() is the context, destroyed at the end of scope.
void ownerDestroyed() {
  HINTERNET H = openAsync();
  WinHttpSetStatusCallback(H, notifying, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
  auto S = std::make_unique<State>();
  WinHttpSendRequest(H, nullptr, 0, nullptr, 0, 0,
                     reinterpret_cast<DWORD_PTR>(S.get()));
  WinHttpCloseHandle(H);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'S', which owns the callback context, is destroyed after this close, but callbacks can still arrive until WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING [winhttp-context-lifetime]
}

// reset() after the close.
void ownerReset(std::unique_ptr<State> &Keep) {
  HINTERNET H = openAsync();
  WinHttpSetStatusCallback(H, notifying, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
  std::unique_ptr<State> S(new State);
  WinHttpSendRequest(H, nullptr, 0, nullptr, 0, 0, (DWORD_PTR)S.get());
  WinHttpCloseHandle(H);
  S.reset();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the callback context 'S.get()' is freed after its handle is closed
}

// A lambda that closes and deletes.
void inLambda() {
  HINTERNET H = openAsync();
  WinHttpSetStatusCallback(H, notifying, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
  State *S = new State;
  WinHttpSendRequest(H, nullptr, 0, nullptr, 0, 0, (DWORD_PTR)S);
  auto Cancel = [H, S] {
    WinHttpCloseHandle(H);
    delete S;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: the callback context 'S' is freed after its handle is closed
  };
  Cancel();
}

// --- Quiet -----------------------------------------------------------------

// OK: waits on the condition variable the callback notifies.
void waitsOnCondition() {
  HINTERNET H = openAsync();
  WinHttpSetStatusCallback(H, notifying, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
  auto S = std::make_unique<State>();
  WinHttpSendRequest(H, nullptr, 0, nullptr, 0, 0, (DWORD_PTR)S.get());
  WinHttpCloseHandle(H);
  std::unique_lock<std::mutex> Guard(S->Lock);
  S->Done.wait(Guard, [&] { return S->Closed; });
}

// OK: the owner is released to the callback.
void ownerReleased() {
  HINTERNET H = openAsync();
  WinHttpSetStatusCallback(H, notifying, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
  auto S = std::make_unique<State>();
  if (WinHttpSendRequest(H, nullptr, 0, nullptr, 0, 0, (DWORD_PTR)S.get()))
    S.release();
}

// OK: a shared_ptr kept by the caller.
std::shared_ptr<State> Kept;
void sharedKept() {
  HINTERNET H = openAsync();
  WinHttpSetStatusCallback(H, notifying, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
  Kept = std::make_shared<State>();
  WinHttpSendRequest(H, nullptr, 0, nullptr, 0, 0, (DWORD_PTR)Kept.get());
  WinHttpCloseHandle(H);
}
