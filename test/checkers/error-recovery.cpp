// Code that does not compile must not crash either check; clang-tidy reports
// the compiler errors and exits non-zero.
// RUN: %check_clang_tidy --expect-clang-tidy-error %s winhttp-dword-result,winhttp-status-callback-result,winhttp-close-during-sync-call,winhttp-websocket-close-during-io %t -- -- %mingw
// RUN: %check_clang_tidy --expect-clang-tidy-error %s winhttp-dword-result,winhttp-status-callback-result,winhttp-close-during-sync-call,winhttp-websocket-close-during-io %t -- -- %msvc

#include <windows.h>
#include <winhttp.h>

void missingArguments(HINTERNET ws) {
  if (!WinHttpWebSocketShutdown(ws)) {}
  // CHECK-MESSAGES: :[[@LINE-1]]:8: error: no matching function for call to 'WinHttpWebSocketShutdown'
}

void undeclaredCallback(HINTERNET h) {
  if (WinHttpSetStatusCallback(h, noSuchCallback, 0, 0) == NULL) {}
  // CHECK-MESSAGES: :[[@LINE-1]]:35: error: use of undeclared identifier 'noSuchCallback'
}

void brokenVariable(HINTERNET h) {
  WINHTTP_STATUS_CALLBACK Previous = WinHttpSetStatusCallback(h, , 0, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:66: error: expected expression
  if (!Previous) {}
}

void unknownType(HINTERNET ws) {
  NoSuchType Result = WinHttpWebSocketClose(ws, 1000, nullptr, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: error: unknown type name 'NoSuchType'
  if (!Result) {}
}

struct Broken {
  HINTERNET Request;
  void fetch() { WinHttpSendRequest(Request, nullptr, 0, nullptr, 0, 0); }
  // CHECK-MESSAGES: :[[@LINE-1]]:18: error: no matching function for call to 'WinHttpSendRequest'
  void cancel() { WinHttpCloseHandle(Request, 1); }
  // CHECK-MESSAGES: :[[@LINE-1]]:19: error: no matching function for call to 'WinHttpCloseHandle'
  void stop() { WinHttpWebSocketClose(UnknownSocket, 1000, nullptr, 0); }
  // CHECK-MESSAGES: :[[@LINE-1]]:39: error: use of undeclared identifier 'UnknownSocket'
  void abort() { WinHttpCloseHandle(NoSuchMember); }
  // CHECK-MESSAGES: :[[@LINE-1]]:37: error: use of undeclared identifier 'NoSuchMember'
};

void unterminated(HINTERNET resolver) {
  if (WinHttpResetAutoProxy(resolver, 0) == FALSE
  // CHECK-MESSAGES: :[[@LINE+2]]:1: error: expected ')'
  // CHECK-MESSAGES: :[[@LINE+1]]:1: error: expected statement
}
