// C++, MinGW and MSVC modes; the fixes on notes are applied with --fix-notes
// and the fixed file must compile.
// RUN: %check_clang_tidy --fix-notes %s winhttp-status-callback-result %t -- -- %mingw -std=c++17
// RUN: %check_clang_tidy --fix-notes %s winhttp-status-callback-result %t -- -- %msvc -std=c++17

#include <windows.h>
#include <winhttp.h>

void CALLBACK onStatus(HINTERNET, DWORD_PTR, DWORD, LPVOID, DWORD) {}
bool otherCondition();
void useCallback(WINHTTP_STATUS_CALLBACK);

// Compared with NULL to detect failure: NULL is success.
void compareEqualNull(HINTERNET h) {
  if (WinHttpSetStatusCallback(h, onStatus, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0) == NULL) {}
  // CHECK-NOTES: :[[@LINE-1]]:89: warning: the result of 'WinHttpSetStatusCallback' is tested against NULL, but NULL means success (there was no previous callback); failure is 'WINHTTP_INVALID_STATUS_CALLBACK' [winhttp-status-callback-result]
  // CHECK-NOTES: :[[@LINE-2]]:7: note: compare with 'WINHTTP_INVALID_STATUS_CALLBACK' to detect failure
  // CHECK-FIXES: if (WinHttpSetStatusCallback(h, onStatus, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0) == WINHTTP_INVALID_STATUS_CALLBACK) {}
}

// Compared with nullptr, NULL on the left.
void compareNullptrLeft(HINTERNET h) {
  if (nullptr == WinHttpSetStatusCallback(h, onStatus, 0, 0)) {}
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: the result of 'WinHttpSetStatusCallback' is tested against NULL
  // CHECK-NOTES: :[[@LINE-2]]:18: note: compare with 'WINHTTP_INVALID_STATUS_CALLBACK' to detect failure
  // CHECK-FIXES: if (WINHTTP_INVALID_STATUS_CALLBACK == WinHttpSetStatusCallback(h, onStatus, 0, 0)) {}
}

// '!= 0' takes non-NULL for success.
void compareNotEqualZero(HINTERNET h) {
  if (WinHttpSetStatusCallback(h, onStatus, 0, 0) != 0) {}
  // CHECK-NOTES: :[[@LINE-1]]:51: warning: the result of 'WinHttpSetStatusCallback' is tested against NULL
  // CHECK-NOTES: :[[@LINE-2]]:7: note: compare with 'WINHTTP_INVALID_STATUS_CALLBACK' to detect success
  // CHECK-FIXES: if (WinHttpSetStatusCallback(h, onStatus, 0, 0) != WINHTTP_INVALID_STATUS_CALLBACK) {}
}

// Negated.
void negated(HINTERNET h) {
  if (!WinHttpSetStatusCallback(h, onStatus, 0, 0))
    return;
  // CHECK-NOTES: :[[@LINE-2]]:7: warning: the result of 'WinHttpSetStatusCallback' is tested against NULL
  // CHECK-NOTES: :[[@LINE-3]]:8: note: compare with 'WINHTTP_INVALID_STATUS_CALLBACK' to detect failure
  // CHECK-FIXES: if (WinHttpSetStatusCallback(h, onStatus, 0, 0) == WINHTTP_INVALID_STATUS_CALLBACK)
}

// Used directly as a condition, and as an operand of '&&' inside '?:'.
int asCondition(HINTERNET h) {
  while (WinHttpSetStatusCallback(h, onStatus, 0, 0)) {}
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: the result of 'WinHttpSetStatusCallback' is tested against NULL
  // CHECK-NOTES: :[[@LINE-2]]:10: note: compare with 'WINHTTP_INVALID_STATUS_CALLBACK' to detect success
  // CHECK-FIXES: while (WinHttpSetStatusCallback(h, onStatus, 0, 0) != WINHTTP_INVALID_STATUS_CALLBACK) {}
  return WinHttpSetStatusCallback(h, onStatus, 0, 0) && otherCondition() ? 1 : 0;
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: the result of 'WinHttpSetStatusCallback' is tested against NULL
  // CHECK-NOTES: :[[@LINE-2]]:10: note: compare with 'WINHTTP_INVALID_STATUS_CALLBACK' to detect success
  // CHECK-FIXES: return WinHttpSetStatusCallback(h, onStatus, 0, 0) != WINHTTP_INVALID_STATUS_CALLBACK && otherCondition() ? 1 : 0;
}

// Converted to bool.
bool convertedToBool(HINTERNET h) {
  bool Installed = WinHttpSetStatusCallback(h, onStatus, 0, 0);
  // CHECK-NOTES: :[[@LINE-1]]:20: warning: the result of 'WinHttpSetStatusCallback' is tested against NULL
  // CHECK-NOTES: :[[@LINE-2]]:20: note: compare with 'WINHTTP_INVALID_STATUS_CALLBACK' to detect success
  // CHECK-FIXES: bool Installed = WinHttpSetStatusCallback(h, onStatus, 0, 0) != WINHTTP_INVALID_STATUS_CALLBACK;
  return Installed;
}

// Through a variable: warn at the test, note at the call.
void throughVariable(HINTERNET h) {
  WINHTTP_STATUS_CALLBACK Previous = WinHttpSetStatusCallback(h, onStatus, 0, 0);
  if (Previous == NULL) {
    // CHECK-NOTES: :[[@LINE-1]]:16: warning: 'Previous', which holds the result of 'WinHttpSetStatusCallback', is tested against NULL, but NULL means success (there was no previous callback); failure is 'WINHTTP_INVALID_STATUS_CALLBACK' [winhttp-status-callback-result]
    // CHECK-NOTES: :[[@LINE-3]]:38: note: 'Previous' is assigned the result of 'WinHttpSetStatusCallback' here
    // CHECK-NOTES: :[[@LINE-3]]:7: note: compare with 'WINHTTP_INVALID_STATUS_CALLBACK' to detect failure
    // CHECK-FIXES: if (Previous == WINHTTP_INVALID_STATUS_CALLBACK) {
    return;
  }
}

// Through an assignment, tested by negation.
void throughAssignment(HINTERNET h) {
  WINHTTP_STATUS_CALLBACK Previous;
  Previous = WinHttpSetStatusCallback(h, onStatus, 0, 0);
  if (!Previous) {}
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'Previous', which holds the result of 'WinHttpSetStatusCallback', is tested against NULL
  // CHECK-NOTES: :[[@LINE-3]]:14: note: 'Previous' is assigned the result of 'WinHttpSetStatusCallback' here
  // CHECK-NOTES: :[[@LINE-3]]:8: note: compare with 'WINHTTP_INVALID_STATUS_CALLBACK' to detect failure
  // CHECK-FIXES: if (Previous == WINHTTP_INVALID_STATUS_CALLBACK) {}
}

// Called through a using-declaration and with a qualified name.
namespace app {
using ::WinHttpSetStatusCallback;
void qualified(HINTERNET h) {
  if (::WinHttpSetStatusCallback(h, onStatus, 0, 0) == NULL) {}
  // CHECK-NOTES: :[[@LINE-1]]:53: warning: the result of 'WinHttpSetStatusCallback' is tested against NULL
  // CHECK-NOTES: :[[@LINE-2]]:7: note: compare with
  // CHECK-FIXES: if (::WinHttpSetStatusCallback(h, onStatus, 0, 0) == WINHTTP_INVALID_STATUS_CALLBACK) {}
  if (WinHttpSetStatusCallback(h, onStatus, 0, 0) == NULL) {}
  // CHECK-NOTES: :[[@LINE-1]]:51: warning: the result of 'WinHttpSetStatusCallback' is tested against NULL
  // CHECK-NOTES: :[[@LINE-2]]:7: note: compare with
  // CHECK-FIXES: if (WinHttpSetStatusCallback(h, onStatus, 0, 0) == WINHTTP_INVALID_STATUS_CALLBACK) {}
}
} // namespace app

// In a function template: reported once, in the template itself.
template <typename T> void inTemplate(HINTERNET h, T) {
  if (WinHttpSetStatusCallback(h, onStatus, 0, 0) == NULL) {}
  // CHECK-NOTES: :[[@LINE-1]]:51: warning: the result of 'WinHttpSetStatusCallback' is tested against NULL
  // CHECK-NOTES: :[[@LINE-2]]:7: note: compare with
  // CHECK-FIXES: if (WinHttpSetStatusCallback(h, onStatus, 0, 0) == WINHTTP_INVALID_STATUS_CALLBACK) {}
}
void instantiate(HINTERNET h) {
  inTemplate(h, 1);
  inTemplate(h, 2.0);
}

// Negative cases.

// OK: compared with the documented failure value.
void comparesWithInvalid(HINTERNET h) {
  if (WinHttpSetStatusCallback(h, onStatus, 0, 0) == WINHTTP_INVALID_STATUS_CALLBACK) {}
  if (WINHTTP_INVALID_STATUS_CALLBACK != WinHttpSetStatusCallback(h, onStatus, 0, 0)) {}
}

// OK: a variable compared with the failure value is used knowingly, even
// where it is also tested for NULL (no previous callback).
void variableComparedWithInvalid(HINTERNET h) {
  WINHTTP_STATUS_CALLBACK Previous = WinHttpSetStatusCallback(h, onStatus, 0, 0);
  if (Previous == WINHTTP_INVALID_STATUS_CALLBACK)
    return;
  if (Previous == NULL) {}
}

// OK: the same, with the value spelled out.
void variableComparedWithMinusOne(HINTERNET h) {
  WINHTTP_STATUS_CALLBACK Previous = WinHttpSetStatusCallback(h, onStatus, 0, 0);
  if (Previous == (WINHTTP_STATUS_CALLBACK)(-1))
    return;
  if (Previous) {}
}

// OK: callback chaining: a non-NULL previous callback is called on.
void chaining(HINTERNET h, HINTERNET r) {
  WINHTTP_STATUS_CALLBACK Previous = WinHttpSetStatusCallback(h, onStatus, 0, 0);
  if (Previous)
    Previous(r, 0, 0, nullptr, 0);
}

// OK: the result is ignored, or stored and passed on.
void ignoredOrPassedOn(HINTERNET h) {
  WinHttpSetStatusCallback(h, onStatus, 0, 0);
  (void)WinHttpSetStatusCallback(h, onStatus, 0, 0);
  WINHTTP_STATUS_CALLBACK Previous = WinHttpSetStatusCallback(h, onStatus, 0, 0);
  useCallback(Previous);
}

// OK: the NULL test reads a value that did not come from the call.
void reassignedBeforeTest(HINTERNET h, WINHTTP_STATUS_CALLBACK Other) {
  WINHTTP_STATUS_CALLBACK Previous = WinHttpSetStatusCallback(h, onStatus, 0, 0);
  Previous = Other;
  if (Previous == NULL) {}
}

// OK: the test comes before the call.
void testedBeforeCall(HINTERNET h, WINHTTP_STATUS_CALLBACK Previous) {
  if (Previous == NULL) {}
  Previous = WinHttpSetStatusCallback(h, onStatus, 0, 0);
  useCallback(Previous);
}

// OK: the variable escapes through its address.
void addressTaken(HINTERNET h, WINHTTP_STATUS_CALLBACK *Out) {
  WINHTTP_STATUS_CALLBACK Previous = WinHttpSetStatusCallback(h, onStatus, 0, 0);
  WINHTTP_STATUS_CALLBACK *P = &Previous;
  *Out = *P;
  if (Previous == NULL) {}
}

// OK: compared with another callback, not with NULL.
void comparedWithCallback(HINTERNET h) {
  if (WinHttpSetStatusCallback(h, onStatus, 0, 0) == onStatus) {}
}

// OK: functions that only share the name.
namespace mine {
WINHTTP_STATUS_CALLBACK WinHttpSetStatusCallback(HINTERNET, WINHTTP_STATUS_CALLBACK, DWORD, DWORD_PTR);
void sameNameInNamespace(HINTERNET h) {
  if (mine::WinHttpSetStatusCallback(h, onStatus, 0, 0) == NULL) {}
}
} // namespace mine
struct Session {
  WINHTTP_STATUS_CALLBACK WinHttpSetStatusCallback(WINHTTP_STATUS_CALLBACK);
};
void sameNameMethod(Session &S) {
  if (S.WinHttpSetStatusCallback(onStatus) == NULL) {}
}

// OK: silenced with NOLINT.
void silenced(HINTERNET h) {
  if (WinHttpSetStatusCallback(h, onStatus, 0, 0) == NULL) {} // NOLINT(winhttp-status-callback-result)
}
