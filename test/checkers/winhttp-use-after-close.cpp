// winhttp-use-after-close in C++: members, methods that close them,
// references, objects of one class. No std::, so MinGW and MSVC.
// RUN: %check_clang_tidy %s winhttp-use-after-close %t -- -- %mingw -std=c++17
// RUN: %check_clang_tidy %s winhttp-use-after-close %t -- -- %msvc -std=c++17

#include <windows.h>
#include <winhttp.h>

class Client {
public:
  void close() {
    WinHttpCloseHandle(Request);
    WinHttpCloseHandle(Connect);
  }
  // OK: cleared after the close.
  void closeCleared() {
    WinHttpCloseHandle(Request);
    Request = nullptr;
  }
  bool resend() {
    close();
    return WinHttpSendRequest(Request, nullptr, 0, nullptr, 0, 0, 0);
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'WinHttpSendRequest' is called on 'Request' after it may have been closed
  }
  // OK: the helper clears what it closes.
  bool resendCleared() {
    closeCleared();
    if (!Request)
      return false;
    return WinHttpSendRequest(Request, nullptr, 0, nullptr, 0, 0, 0);
  }
  void closeTwice() {
    close();
    close();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'close' closes 'Request' again after it may have been closed
  }
  HINTERNET Connect = nullptr, Request = nullptr;
};

// Methods called on an object from outside.
void retry(Client &c) {
  c.close();
  WinHttpReceiveResponse(c.Request, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpReceiveResponse' is called on 'c.Request' after it may have been closed
}

void retryPointer(Client *c) {
  c->close();
  WinHttpReceiveResponse(c->Request, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpReceiveResponse' is called on 'c->Request' after it may have been closed
}

// OK: another object.
void otherObject(Client &a, Client &b) {
  a.close();
  WinHttpReceiveResponse(b.Request, nullptr);
}

// OK: reopened before the use.
void reopened(Client &c, HINTERNET connect) {
  c.close();
  c.Request = WinHttpOpenRequest(connect, L"GET", L"/", nullptr, nullptr,
                                 nullptr, 0);
  WinHttpReceiveResponse(c.Request, nullptr);
}

// A reference parameter closed by a helper.
static void closeRef(HINTERNET &h) { WinHttpCloseHandle(h); }
void closedThroughReference(HINTERNET h) {
  closeRef(h);
  WinHttpQueryDataAvailable(h, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpQueryDataAvailable' is called on 'h' after it may have been closed
}

// OK: a helper that closes and clears through a reference.
static void closeAndReset(HINTERNET &h) {
  WinHttpCloseHandle(h);
  h = nullptr;
}
void clearedThroughReference(HINTERNET h) {
  closeAndReset(h);
  if (h)
    WinHttpQueryDataAvailable(h, nullptr);
}

// A function pointer looked up with GetProcAddress is WinHttpCloseHandle.
typedef BOOL(WINAPI *CloseFn)(HINTERNET);
void dynamicClose(HMODULE m, HINTERNET h) {
  CloseFn closeIt = (CloseFn)GetProcAddress(m, "WinHttpCloseHandle");
  closeIt(h);
  WinHttpCloseHandle(h);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' closes 'h' again
}

// Templates: reported once for all instantiations.
template <int N> void closeBoth(HINTERNET h) {
  WinHttpCloseHandle(h);
  WinHttpCloseHandle(h);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' closes 'h' again
}
void instantiate(HINTERNET a, HINTERNET b) {
  closeBoth<1>(a);
  closeBoth<2>(b);
}

// Variants written after the mechanism: fallthrough, do-while, a helper
// chain, an object passed by value, a branch that reopens.
void fallthrough(HINTERNET h, int s) {
  switch (s) {
  case 0:
    WinHttpCloseHandle(h);
    [[fallthrough]];
  case 1:
    WinHttpCloseHandle(h);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'WinHttpCloseHandle' closes 'h' again
    break;
  }
}

void doWhileRetry(HINTERNET h, bool retry) {
  do {
    WinHttpSendRequest(h, nullptr, 0, nullptr, 0, 0, 0);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'WinHttpSendRequest' is called on 'h' after it may have been closed
    WinHttpCloseHandle(h);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'WinHttpCloseHandle' closes 'h' again
  } while (retry);
}

static void innerClose(HINTERNET h) { WinHttpCloseHandle(h); }
static void outerClose(HINTERNET h) {
  WinHttpSetTimeouts(h, 0, 0, 0, 0);
  innerClose(h);
}
void helperChain(HINTERNET h) {
  outerClose(h);
  WinHttpReceiveResponse(h, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpReceiveResponse' is called on 'h' after it may have been closed
}

struct Pair {
  HINTERNET Request;
};
static void closeByValue(Pair p) { WinHttpCloseHandle(p.Request); }
void byValue(Pair x) {
  closeByValue(x);
  WinHttpSendRequest(x.Request, nullptr, 0, nullptr, 0, 0, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpSendRequest' is called on 'x.Request' after it may have been closed
}

void reopenOnOneBranch(HINTERNET connect, HINTERNET h, bool again) {
  if (again) {
    WinHttpCloseHandle(h);
    h = WinHttpOpenRequest(connect, L"GET", L"/", nullptr, nullptr, nullptr, 0);
  } else {
    WinHttpCloseHandle(h);
  }
  WinHttpSendRequest(h, nullptr, 0, nullptr, 0, 0, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpSendRequest' is called on 'h' after it may have been closed
}

// OK: the conditional operator names no single place.
void conditionalHandle(HINTERNET a, HINTERNET b, bool f) {
  WinHttpCloseHandle(f ? a : b);
  WinHttpCloseHandle(a);
}
