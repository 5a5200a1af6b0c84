// The fix on the close's note: `h = nullptr;` after the close, applied with
// --fix-notes; only where the close is a statement of its own in a block,
// outside macros, on a variable or field that can be assigned.
// RUN: %check_clang_tidy --fix-notes %s winhttp-use-after-close %t -- -- %mingw -std=c++17

#include <windows.h>
#include <winhttp.h>

void local(HINTERNET h) {
  WinHttpCloseHandle(h);
  // CHECK-FIXES: WinHttpCloseHandle(h); h = nullptr;
  WinHttpCloseHandle(h);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' closes 'h' again
}

struct Conn {
  HINTERNET Request;
  void finish() {
    WinHttpCloseHandle(Request);
    // CHECK-FIXES: WinHttpCloseHandle(Request); Request = nullptr;
    WinHttpReceiveResponse(Request, nullptr);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'WinHttpReceiveResponse' is called on 'Request' after it may have been closed
  }
};

void field(Conn *c) {
  WinHttpCloseHandle(c->Request);
  // CHECK-FIXES: WinHttpCloseHandle(c->Request); c->Request = nullptr;
  WinHttpSendRequest(c->Request, nullptr, 0, nullptr, 0, 0, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpSendRequest' is called on 'c->Request' after it may have been closed
}

// No fix: the close is the body of an unbraced if.
void unbraced(HINTERNET h, bool failed) {
  if (failed)
    WinHttpCloseHandle(h);
  // CHECK-FIXES: {{^}}    WinHttpCloseHandle(h);{{$}}
  WinHttpCloseHandle(h);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' closes 'h' again
}

// No fix: a const handle cannot be cleared.
void constant(HINTERNET const h) {
  WinHttpCloseHandle(h);
  // CHECK-FIXES: {{^}}  WinHttpCloseHandle(h);{{$}}
  WinHttpQueryDataAvailable(h, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpQueryDataAvailable' is called on 'h' after it may have been closed
}

// No fix: inside a macro.
#define CLOSE(x) WinHttpCloseHandle(x)
void macro(HINTERNET h) {
  CLOSE(h);
  // CHECK-FIXES: {{^}}  CLOSE(h);{{$}}
  WinHttpCloseHandle(h);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' closes 'h' again
}

// No fix: closed through a helper.
static void closeIt(HINTERNET h) { WinHttpCloseHandle(h); }
void helper(HINTERNET h) {
  closeIt(h);
  // CHECK-FIXES: {{^}}  closeIt(h);{{$}}
  WinHttpCloseHandle(h);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' closes 'h' again
}
