// Without NO_ERROR defined, the note explains the fix but offers no edit
// that would not compile.
// RUN: %check_clang_tidy --fix-notes %s winhttp-dword-result %t -- -- %mingw

typedef unsigned long DWORD;
typedef void *HINTERNET;
DWORD WinHttpResetAutoProxy(HINTERNET, DWORD);

int reset(HINTERNET resolver) {
  return !WinHttpResetAutoProxy(resolver, 0);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'WinHttpResetAutoProxy' returns a DWORD error code {{.*}}; negating it
  // CHECK-NOTES: :[[@LINE-2]]:11: note: compare with 'NO_ERROR' to test for failure
}

// OK: a same-named function whose result cannot be an error code.
void *WinHttpWebSocketShutdown(void);
int unrelated(void) { return !WinHttpWebSocketShutdown(); }
