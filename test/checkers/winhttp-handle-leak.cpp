// winhttp-handle-leak in C++: owners, lambdas, members, conditions with
// declarations, nullptr tests, exceptions, and asynchronous sessions whose
// callbacks close what they are given.
// RUN: %check_clang_tidy %s winhttp-handle-leak %t -- -- %mingw -std=c++17

#include <windows.h>
#include <winhttp.h>
#include <functional>
#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

struct Closer {
  void operator()(HINTERNET h) const { WinHttpCloseHandle(h); }
};
using Handle = std::unique_ptr<void, Closer>;

class ScopedHandle {
public:
  explicit ScopedHandle(HINTERNET h) : h_(h) {}
  ~ScopedHandle() {
    if (h_)
      WinHttpCloseHandle(h_);
  }
  HINTERNET get() const { return h_; }

private:
  HINTERNET h_;
};

template <typename F> struct Finally {
  F f;
  ~Finally() { f(); }
};
template <typename F> Finally<F> finally(F f) { return {f}; }

class Client {
public:
  bool open();
  bool openLeaky(const wchar_t *host);
  HINTERNET session_ = nullptr;
  std::vector<HINTERNET> requests_;
};

// OK: handed to owners right away.
bool owners(const wchar_t *host) {
  Handle s(WinHttpOpen(L"a", 0, nullptr, nullptr, 0));
  if (!s)
    return false;
  HINTERNET raw = WinHttpConnect(s.get(), host, 443, 0);
  Handle c(raw);
  HINTERNET r = WinHttpOpenRequest(c.get(), L"GET", L"/", nullptr, nullptr,
                                   nullptr, 0);
  ScopedHandle guard(r);
  return WinHttpSendRequest(r, nullptr, 0, nullptr, 0, 0, 0);
}

// OK: a scope guard's lambda captures it.
bool guarded() {
  HINTERNET s = WinHttpOpen(L"a", 0, nullptr, nullptr, 0);
  auto close = finally([&] { WinHttpCloseHandle(s); });
  return WinHttpSetTimeouts(s, 1, 1, 1, 1);
}

// OK: stored in a member, a container, given to a thread.
bool Client::open() {
  HINTERNET s = WinHttpOpen(L"a", 0, nullptr, nullptr, 0);
  if (s == nullptr)
    return false;
  session_ = s;
  HINTERNET r = WinHttpOpenRequest(s, L"GET", L"/", nullptr, nullptr, nullptr, 0);
  requests_.push_back(r);
  HINTERNET t = WinHttpOpenRequest(s, L"GET", L"/", nullptr, nullptr, nullptr, 0);
  std::thread([t] {
    WinHttpSendRequest(t, nullptr, 0, nullptr, 0, 0, 0);
    WinHttpCloseHandle(t);
  }).detach();
  return true;
}

// A member function with an early return between create and store.
bool Client::openLeaky(const wchar_t *host) {
  HINTERNET s = WinHttpOpen(L"a", 0, nullptr, nullptr, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: the handle that 'WinHttpOpen' returns into 's' is not closed on every path
  if (!s)
    return false;
  if (host == nullptr)
    return false;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: note: 'openLeaky' returns here with the handle open
  session_ = s;
  return true;
}

// A declaration in the condition; the else branch forgets the handle.
bool conditionDeclaration(HINTERNET c, bool head) {
  if (HINTERNET r = WinHttpOpenRequest(c, head ? L"HEAD" : L"GET", L"/",
                                       nullptr, nullptr, nullptr, 0)) {
    // CHECK-MESSAGES: :[[@LINE-2]]:21: warning: the handle that 'WinHttpOpenRequest' returns into 'r' is not closed on every path
    if (!WinHttpAddRequestHeaders(r, L"X-A: 1", (DWORD)-1L,
                                  WINHTTP_ADDREQ_FLAG_ADD))
      return false;
    // CHECK-MESSAGES: :[[@LINE-1]]:7: note: 'conditionDeclaration' returns here with the handle open
    WinHttpCloseHandle(r);
    return true;
  }
  return false;
}

// OK: an exception ends the path, and the throw is outside this check.
HINTERNET mustOpen() {
  HINTERNET s = WinHttpOpen(L"a", 0, nullptr, nullptr, 0);
  if (!s)
    throw std::runtime_error("WinHttpOpen");
  return s;
}

// A lambda leaks what it creates.
std::function<bool()> makeProbe() {
  return [] {
    HINTERNET s = WinHttpOpen(L"a", 0, nullptr, nullptr, 0);
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: the handle that 'WinHttpOpen' returns into 's' is not closed on every path
    return s != nullptr;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: the lambda returns here with the handle open
  };
}

// OK: an asynchronous request is closed by its status callback.
void CALLBACK onStatus(HINTERNET h, DWORD_PTR, DWORD status, LPVOID, DWORD) {
  if (status == WINHTTP_CALLBACK_STATUS_REQUEST_ERROR ||
      status == WINHTTP_CALLBACK_STATUS_READ_COMPLETE)
    WinHttpCloseHandle(h);
}

HINTERNET g_async;

bool startAsync(HINTERNET connect) {
  HINTERNET r = WinHttpOpenRequest(connect, L"GET", L"/", nullptr, nullptr,
                                    nullptr, 0);
  if (!r)
    return false;
  WinHttpSetStatusCallback(r, onStatus, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS,
                           0);
  if (!WinHttpSendRequest(r, nullptr, 0, nullptr, 0, 0, 1)) {
    WinHttpCloseHandle(r);
    return false;
  }
  return true;
}

// The session is asynchronous: the same holds for a request opened on it.
bool startOnAsyncSession(const wchar_t *host) {
  g_async = WinHttpOpen(L"a", 0, nullptr, nullptr, WINHTTP_FLAG_ASYNC);
  HINTERNET c = WinHttpConnect(g_async, host, 443, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: the handle that 'WinHttpConnect' returns into 'c' is not closed on every path
  if (!c)
    return false;
  HINTERNET r = WinHttpOpenRequest(c, L"GET", L"/", nullptr, nullptr, nullptr, 0);
  if (!r)
    return false;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: note: 'startOnAsyncSession' returns here with the handle open
  return WinHttpSendRequest(r, nullptr, 0, nullptr, 0, 0, 1);
}
