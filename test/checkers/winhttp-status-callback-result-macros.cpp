// Macros: warn, but never edit inside a macro. MinGW and MSVC modes.
// RUN: %check_clang_tidy --fix-notes %s winhttp-status-callback-result %t -- -- %mingw
// RUN: %check_clang_tidy --fix-notes %s winhttp-status-callback-result %t -- -- %msvc

#include <windows.h>
#include <winhttp.h>

void CALLBACK onStatus(HINTERNET, DWORD_PTR, DWORD, LPVOID, DWORD) {}

#define INSTALL_CALLBACK(h) WinHttpSetStatusCallback((h), onStatus, 0, 0)
#define CALLBACK_FAILED(r) ((r) == NULL)
#define CHECKED_INSTALL(h) if (!WinHttpSetStatusCallback((h), onStatus, 0, 0)) return

// The call comes from a macro; the test is written out.
void callInMacro(HINTERNET h) {
  if (INSTALL_CALLBACK(h) == NULL) {}
  // CHECK-NOTES: :[[@LINE-1]]:27: warning: the result of 'WinHttpSetStatusCallback' is tested against NULL
  // CHECK-NOTES: :[[@LINE-2]]:7: note: compare with 'WINHTTP_INVALID_STATUS_CALLBACK' to detect failure
  // CHECK-NOTES: :{{[0-9]+}}:{{[0-9]+}}: note: expanded from macro 'INSTALL_CALLBACK'
  // CHECK-FIXES: if (INSTALL_CALLBACK(h) == NULL) {}
}

// The test is inside a macro.
void testInMacro(HINTERNET h) {
  WINHTTP_STATUS_CALLBACK Previous = WinHttpSetStatusCallback(h, onStatus, 0, 0);
  if (CALLBACK_FAILED(Previous)) {}
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'Previous', which holds the result of 'WinHttpSetStatusCallback', is tested against NULL
  // CHECK-NOTES: :{{[0-9]+}}:{{[0-9]+}}: note: expanded from macro 'CALLBACK_FAILED'
  // CHECK-NOTES: :[[@LINE-4]]:38: note: 'Previous' is assigned the result of 'WinHttpSetStatusCallback' here
  // CHECK-NOTES: :[[@LINE-4]]:23: note: compare with 'WINHTTP_INVALID_STATUS_CALLBACK' to detect failure
  // CHECK-FIXES: if (CALLBACK_FAILED(Previous)) {}
}

// Call and test both inside one macro.
void wholeMacro(HINTERNET h) {
  CHECKED_INSTALL(h);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the result of 'WinHttpSetStatusCallback' is tested against NULL
  // CHECK-NOTES: :{{[0-9]+}}:{{[0-9]+}}: note: expanded from macro 'CHECKED_INSTALL'
  // CHECK-NOTES: :[[@LINE-3]]:3: note: compare with 'WINHTTP_INVALID_STATUS_CALLBACK' to detect failure
  // CHECK-NOTES: :{{[0-9]+}}:{{[0-9]+}}: note: expanded from macro 'CHECKED_INSTALL'
  // CHECK-FIXES: CHECKED_INSTALL(h);
}

// NULL itself is a macro: the fix still replaces it.
void nullMacroOnly(HINTERNET h) {
  if (WinHttpSetStatusCallback(h, onStatus, 0, 0) != NULL) {}
  // CHECK-NOTES: :[[@LINE-1]]:51: warning: the result of 'WinHttpSetStatusCallback' is tested against NULL
  // CHECK-NOTES: :[[@LINE-2]]:7: note: compare with 'WINHTTP_INVALID_STATUS_CALLBACK' to detect success
  // CHECK-FIXES: if (WinHttpSetStatusCallback(h, onStatus, 0, 0) != WINHTTP_INVALID_STATUS_CALLBACK) {}
}

// OK: the documented test, spelled through a macro.
#define INSTALL_FAILED(h) (INSTALL_CALLBACK(h) == WINHTTP_INVALID_STATUS_CALLBACK)
void correctInMacro(HINTERNET h) {
  if (INSTALL_FAILED(h)) {}
}
