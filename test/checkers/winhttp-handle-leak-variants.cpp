// winhttp-handle-leak on spellings its first tests did not use: switch,
// do-while(0) error blocks, break out of loops, helpers that borrow through
// other helpers and recursion, by-value parameters as holders, a WebSocket
// upgrade that forgets its request, comma conditions, immediately invoked
// lambdas, owners' reset.
// RUN: %check_clang_tidy %s winhttp-handle-leak %t -- -- %mingw -std=c++17

#include <windows.h>
#include <winhttp.h>
#include <memory>

struct Closer {
  void operator()(void *h) const { WinHttpCloseHandle(h); }
};

static bool trace(HINTERNET h) { return h != nullptr; }
static bool traceTwice(HINTERNET h) { return trace(h) && trace(h); }
static bool retry(HINTERNET h, int n) {
  if (n == 0)
    return WinHttpSetTimeouts(h, 1, 1, 1, 1);
  return retry(h, n - 1);
}

struct Pair {
  HINTERNET session;
  HINTERNET connect;
};

int bySwitch(HINTERNET c, int kind) {
  HINTERNET r = WinHttpOpenRequest(c, L"GET", L"/", nullptr, nullptr, nullptr, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: the handle that 'WinHttpOpenRequest' returns into 'r' is not closed on every path
  switch (kind) {
  case 0:
    WinHttpCloseHandle(r);
    return 0;
  case 1:
    return 1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: 'bySwitch' returns here with the handle open
  default:
    break;
  }
  WinHttpCloseHandle(r);
  return 2;
}

// OK: the do-while(0) error block closes after the loop.
bool doWhileZero(const wchar_t *host) {
  bool ok = false;
  HINTERNET s = WinHttpOpen(L"a", 0, nullptr, nullptr, 0);
  HINTERNET c = nullptr;
  do {
    if (!s)
      break;
    c = WinHttpConnect(s, host, 443, 0);
    if (!c)
      break;
    ok = WinHttpSetTimeouts(c, 1, 1, 1, 1);
  } while (0);
  if (c)
    WinHttpCloseHandle(c);
  if (s)
    WinHttpCloseHandle(s);
  return ok;
}

void breakOut(HINTERNET c, int n) {
  for (int i = 0; i < n; ++i) {
    HINTERNET r =
        WinHttpOpenRequest(c, L"GET", L"/", nullptr, nullptr, nullptr, 0);
    // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: the handle that 'WinHttpOpenRequest' returns into 'r' is not closed on every path
    if (!WinHttpAddRequestHeaders(r, L"X: 1", (DWORD)-1L, 0))
      break;
    WinHttpCloseHandle(r);
  }
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: note: 'breakOut' ends here with the handle open

bool throughBorrowers() {
  HINTERNET s = WinHttpOpen(L"a", 0, nullptr, nullptr, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: the handle that 'WinHttpOpen' returns into 's' is not closed on every path
  if (!traceTwice(s) || !retry(s, 3))
    return false;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: note: 'throughBorrowers' returns here with the handle open
  WinHttpCloseHandle(s);
  return true;
}

void parameterAsHolder(HINTERNET s) {
  s = WinHttpOpen(L"a", 0, nullptr, nullptr, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: the handle that 'WinHttpOpen' returns into 's' is not closed on every path
  WinHttpSetTimeouts(s, 1, 1, 1, 1);
}
// CHECK-MESSAGES: :[[@LINE-1]]:1: note: 'parameterAsHolder' ends here with the handle open

// The request must be closed after the upgrade too.
HINTERNET upgrade(HINTERNET c) {
  HINTERNET r = WinHttpOpenRequest(c, L"GET", L"/ws", nullptr, nullptr, nullptr, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: the handle that 'WinHttpOpenRequest' returns into 'r' is not closed on every path
  if (!r)
    return nullptr;
  HINTERNET ws = WinHttpWebSocketCompleteUpgrade(r, 0);
  return ws;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: note: 'upgrade' returns here with the handle open
}

// OK: the comma condition tests the handle it just stored.
void commaCondition() {
  HINTERNET s;
  if ((s = WinHttpOpen(L"a", 0, nullptr, nullptr, 0)), s == nullptr)
    return;
  WinHttpCloseHandle(s);
}

// OK: an immediately invoked lambda closes it.
void invokedLambda() {
  HINTERNET s = WinHttpOpen(L"a", 0, nullptr, nullptr, 0);
  [&] { WinHttpCloseHandle(s); }();
}

// OK: an owner takes it with reset().
void ownerReset(std::unique_ptr<void, Closer> &owner) {
  HINTERNET s = WinHttpOpen(L"a", 0, nullptr, nullptr, 0);
  owner.reset(s);
}

// OK: returned inside an aggregate.
Pair aggregate(const wchar_t *host) {
  HINTERNET s = WinHttpOpen(L"a", 0, nullptr, nullptr, 0);
  HINTERNET c = s ? WinHttpConnect(s, host, 443, 0) : nullptr;
  return {s, c};
}

// The declaration outside the loop: the next iteration's creation overwrites
// the handle the last one left open.
void loopCarried(HINTERNET c, int n) {
  HINTERNET r = nullptr;
  for (int i = 0; i < n; ++i) {
    r = WinHttpOpenRequest(c, L"GET", L"/", nullptr, nullptr, nullptr, 0);
    // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: the handle that 'WinHttpOpenRequest' returns into 'r' is not closed on every path
    // CHECK-MESSAGES: :[[@LINE-2]]:5: note: 'r' is given another value here while it holds the only copy of the open handle
    if (!r)
      continue;
    if (!WinHttpAddRequestHeaders(r, L"X: 1", (DWORD)-1L, 0))
      continue;
    WinHttpCloseHandle(r);
  }
}

// OK: assigned in a loop condition and closed in the body.
void assignedInCondition(HINTERNET c) {
  HINTERNET r;
  int n = 0;
  while ((r = WinHttpOpenRequest(c, L"GET", L"/", nullptr, nullptr, nullptr,
                                 0)) != nullptr) {
    WinHttpCloseHandle(r);
    if (++n > 3)
      break;
  }
}

// OK: opened on one branch, closed when not null.
void openedOnOneBranch(bool cond) {
  HINTERNET h = nullptr;
  if (cond)
    h = WinHttpOpen(L"a", 0, nullptr, nullptr, 0);
  if (h != nullptr)
    WinHttpCloseHandle(h);
}
