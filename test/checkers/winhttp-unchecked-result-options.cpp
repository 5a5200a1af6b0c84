// IgnoredFunctions replaces the default list (WinHttpCloseHandle); entries
// that name no BOOL or HINTERNET function of WinHTTP are reported.
// RUN: %check_clang_tidy %s winhttp-unchecked-result %t -- \
// RUN:   -config="{CheckOptions: {winhttp-unchecked-result.IgnoredFunctions: 'WinHttpSetTimeouts; WinHttpBogus;WinHttpWebSocketSend'}}" \
// RUN:   -- %msvc -std=c++17
// RUN: %check_clang_tidy -check-suffix=DEFAULT %s winhttp-unchecked-result %t -- -- %mingw -std=c++17

#include <windows.h>
#include <winhttp.h>

// CHECK-MESSAGES-DAG: warning: 'WinHttpBogus' in option 'IgnoredFunctions' of check 'winhttp-unchecked-result' is not a WinHTTP function that returns a BOOL or a HINTERNET; it is ignored [clang-tidy-config]
// CHECK-MESSAGES-DAG: warning: 'WinHttpWebSocketSend' in option 'IgnoredFunctions' of check 'winhttp-unchecked-result' is not a WinHTTP function that returns a BOOL or a HINTERNET; it is ignored [clang-tidy-config]

void closeAndTime(HINTERNET request) {
  WinHttpSetTimeouts(request, 0, 0, 0, 0);
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:3: warning: the result of 'WinHttpSetTimeouts' is ignored
  WinHttpCloseHandle(request);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the result of 'WinHttpCloseHandle' is ignored
}

// Stored and unread: the option applies here too.
void stored(HINTERNET request) {
  BOOL ok = WinHttpSetTimeouts(request, 0, 0, 0, 0);
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:13: warning: the result of 'WinHttpSetTimeouts' is stored in 'ok'
}

// OK in both: tested.
bool tested(HINTERNET request) {
  return WinHttpSetTimeouts(request, 0, 0, 0, 0) && WinHttpCloseHandle(request);
}
