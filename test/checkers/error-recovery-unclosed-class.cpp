// Found by the fuzzer (tools/fuzz), with its prelude: classes whose closing
// braces are missing, so that each is parsed inside the one before, the last
// one holds a field of its own incomplete type, and the outer class is
// invalid. Clang's CFG builder crashed on the outer class's destructor; the
// analyses now build no CFG for an invalid function or a function of an
// invalid class. The race in the valid code is still found.
// RUN: %check_clang_tidy --expect-clang-tidy-error %s winhttp-close-during-sync-call,winhttp-use-after-close,winhttp-handle-leak,winhttp-context-lifetime,winhttp-unchecked-result %t -- -- --target=x86_64-w64-mingw32 -std=c++17 -nostdinc -include %src_root/tools/fuzzer/prelude.h

class CsLock {
  ~CsLock() { LeaveCriticalSection(&Cs); }
  // CHECK-MESSAGES: :[[@LINE-1]]:37: error: use of undeclared identifier 'Cs'
void sendThenIgnore(HINTERNET request) {
};
class CsGuarded {
  void start() { Worker = std::thread([this] { CsLock L(Cs); WinHttpReceiveResponse(Request, nullptr); }); }
  // CHECK-MESSAGES: :[[@LINE-1]]:55: error: no matching constructor for initialization of 'CsLock'
  void cancel() {
    WinHttpCloseHandle(Request);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'WinHttpCloseHandle' may close 'Request' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
  }
  CRITICAL_SECTION Cs;
  HINTERNET Request = openRequest();
  // CHECK-MESSAGES: :[[@LINE-1]]:23: error: use of undeclared identifier 'openRequest'
  std::thread Worker;
};
class SrwGuarded {
  void start() {
    Worker = std::thread([this] {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: error: use of undeclared identifier 'Worker'
    });
  }
};
// CHECK-MESSAGES: :[[@LINE+4]]:18: error: field has incomplete type 'class ReleasedEa'
// CHECK-MESSAGES: :[[@LINE+3]]:22: error: expected ';' after class
// CHECK-MESSAGES: :[[@LINE+2]]:22: error: expected ';' at end of declaration list
// CHECK-MESSAGES: :[[@LINE+1]]:22: error: expected '}'
class ReleasedEa ly {