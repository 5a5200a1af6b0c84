// Macros: warn, never edit inside a macro. NO_ERROR undefined: no fix.
// RUN: %check_clang_tidy --fix-notes %s winhttp-dword-result %t -- -- %mingw
// RUN: %check_clang_tidy --fix-notes %s winhttp-dword-result %t -- -- %msvc

#include <windows.h>
#include <winhttp.h>

#define SHUTDOWN(ws) WinHttpWebSocketShutdown((ws), 1000, nullptr, 0)
#define SUCCEEDED_BOOL(x) ((x) == TRUE)
#define MY_FALSE 0

// The call comes from a macro, the negation is written out.
void callInMacro(HINTERNET ws) {
  if (!SHUTDOWN(ws)) {}
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'WinHttpWebSocketShutdown' returns a DWORD error code {{.*}}; negating it confuses success with failure
  // CHECK-NOTES: :[[@LINE-2]]:8: note: compare with 'NO_ERROR' to test for failure
  // CHECK-NOTES: :{{[0-9]+}}:{{[0-9]+}}: note: expanded from macro 'SHUTDOWN'
  // CHECK-FIXES: if (!SHUTDOWN(ws)) {}
}

// The comparison is inside a macro.
void comparisonInMacro(HINTERNET resolver) {
  if (SUCCEEDED_BOOL(WinHttpResetAutoProxy(resolver, 0))) {}
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'WinHttpResetAutoProxy' returns a DWORD error code {{.*}}; comparing it with 'TRUE'
  // CHECK-NOTES: :{{[0-9]+}}:{{[0-9]+}}: note: expanded from macro 'SUCCEEDED_BOOL'
  // CHECK-NOTES: :[[@LINE-3]]:22: note: compare with 'NO_ERROR' to test for success
  // CHECK-FIXES: if (SUCCEEDED_BOOL(WinHttpResetAutoProxy(resolver, 0))) {}
}

// OK: a macro that is not TRUE or FALSE: an ordinary error-code comparison.
void otherMacro(HINTERNET resolver) {
  if (WinHttpResetAutoProxy(resolver, 0) == MY_FALSE) {}
}
