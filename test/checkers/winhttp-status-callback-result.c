// C, MinGW and MSVC modes.
// RUN: %check_clang_tidy --fix-notes %s winhttp-status-callback-result %t -- -- %mingw -std=c11
// RUN: %check_clang_tidy --fix-notes %s winhttp-status-callback-result %t -- -- %msvc -std=c11

#include <windows.h>
#include <winhttp.h>

void CALLBACK onStatus(HINTERNET h, DWORD_PTR c, DWORD s, LPVOID i, DWORD n) {}

// Compared with NULL, which C spells ((void *)0).
void compareEqualNull(HINTERNET h) {
  if (WinHttpSetStatusCallback(h, onStatus, WINHTTP_CALLBACK_FLAG_HANDLES, 0) == NULL)
    return;
  // CHECK-NOTES: :[[@LINE-2]]:79: warning: the result of 'WinHttpSetStatusCallback' is tested against NULL
  // CHECK-NOTES: :[[@LINE-3]]:7: note: compare with 'WINHTTP_INVALID_STATUS_CALLBACK' to detect failure
  // CHECK-FIXES: if (WinHttpSetStatusCallback(h, onStatus, WINHTTP_CALLBACK_FLAG_HANDLES, 0) == WINHTTP_INVALID_STATUS_CALLBACK)
}

// A pointer used as a condition, with no conversion in C's AST.
void asCondition(HINTERNET h) {
  if (WinHttpSetStatusCallback(h, onStatus, 0, 0)) {}
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: the result of 'WinHttpSetStatusCallback' is tested against NULL
  // CHECK-NOTES: :[[@LINE-2]]:7: note: compare with 'WINHTTP_INVALID_STATUS_CALLBACK' to detect success
  // CHECK-FIXES: if (WinHttpSetStatusCallback(h, onStatus, 0, 0) != WINHTTP_INVALID_STATUS_CALLBACK) {}
}

// Negated inside a larger expression: the rewrite keeps its grouping.
int negatedInArithmetic(HINTERNET h) {
  return 1 + !WinHttpSetStatusCallback(h, onStatus, 0, 0);
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: the result of 'WinHttpSetStatusCallback' is tested against NULL
  // CHECK-NOTES: :[[@LINE-2]]:15: note: compare with 'WINHTTP_INVALID_STATUS_CALLBACK' to detect failure
  // CHECK-FIXES: return 1 + (WinHttpSetStatusCallback(h, onStatus, 0, 0) == WINHTTP_INVALID_STATUS_CALLBACK);
}

// Through a variable, tested in an '||'.
int throughVariable(HINTERNET h, int force) {
  WINHTTP_STATUS_CALLBACK previous = WinHttpSetStatusCallback(h, onStatus, 0, 0);
  return force || previous;
  // CHECK-NOTES: :[[@LINE-1]]:19: warning: 'previous', which holds the result of 'WinHttpSetStatusCallback', is tested against NULL
  // CHECK-NOTES: :[[@LINE-3]]:38: note: 'previous' is assigned the result of 'WinHttpSetStatusCallback' here
  // CHECK-NOTES: :[[@LINE-3]]:19: note: compare with 'WINHTTP_INVALID_STATUS_CALLBACK' to detect success
  // CHECK-FIXES: return force || previous != WINHTTP_INVALID_STATUS_CALLBACK;
}

// Stored in a _Bool.
_Bool storedInBool(HINTERNET h) {
  _Bool ok = WinHttpSetStatusCallback(h, onStatus, 0, 0);
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: the result of 'WinHttpSetStatusCallback' is tested against NULL
  // CHECK-NOTES: :[[@LINE-2]]:14: note: compare with 'WINHTTP_INVALID_STATUS_CALLBACK' to detect success
  // CHECK-FIXES: _Bool ok = WinHttpSetStatusCallback(h, onStatus, 0, 0) != WINHTTP_INVALID_STATUS_CALLBACK;
  return ok;
}

// OK: the documented failure test.
void correct(HINTERNET h) {
  if (WinHttpSetStatusCallback(h, onStatus, 0, 0) == WINHTTP_INVALID_STATUS_CALLBACK) {}
}

// OK: chaining to the previous callback.
void chaining(HINTERNET h) {
  WINHTTP_STATUS_CALLBACK previous = WinHttpSetStatusCallback(h, onStatus, 0, 0);
  if (previous != NULL)
    previous(h, 0, 0, NULL, 0);
}

// OK: stored in a global, which other code may reason about.
WINHTTP_STATUS_CALLBACK g_previous;
void storedInGlobal(HINTERNET h) {
  g_previous = WinHttpSetStatusCallback(h, onStatus, 0, 0);
  if (g_previous == NULL) {}
}

// OK: the result is discarded.
void discarded(HINTERNET h) {
  WinHttpSetStatusCallback(h, NULL, 0, 0);
}

// OK: a variable that does not hold the result.
void unrelatedVariable(HINTERNET h, WINHTTP_STATUS_CALLBACK cb) {
  WinHttpSetStatusCallback(h, onStatus, 0, 0);
  if (cb == NULL) {}
}

// OK: NOLINTNEXTLINE.
void silenced(HINTERNET h) {
  // NOLINTNEXTLINE(winhttp-status-callback-result)
  if (!WinHttpSetStatusCallback(h, onStatus, 0, 0)) {}
}
