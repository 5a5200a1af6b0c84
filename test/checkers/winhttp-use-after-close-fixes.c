// The fix in C: `h = NULL;`; MinGW and MSVC. Plain -fix leaves the file as
// it is (the second RUN line has no CHECK-FIXES, so the file must not
// change).
// RUN: %check_clang_tidy --fix-notes %s winhttp-use-after-close %t -- -- %mingw -std=c11
// RUN: %check_clang_tidy --fix-notes %s winhttp-use-after-close %t -- -- %msvc -std=c11
// RUN: %check_clang_tidy -check-suffix=PLAIN %s winhttp-use-after-close %t -- -- %mingw -std=c11

#include <windows.h>
#include <winhttp.h>

static HINTERNET g_request;

void global(void) {
  WinHttpCloseHandle(g_request);
  // CHECK-FIXES: WinHttpCloseHandle(g_request); g_request = NULL;
  WinHttpCloseHandle(g_request);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' closes 'g_request' again
  // CHECK-MESSAGES-PLAIN: :[[@LINE-2]]:3: warning: 'WinHttpCloseHandle' closes 'g_request' again
}

typedef struct Ctx {
  HINTERNET request;
} Ctx;

void member(Ctx *c) {
  WinHttpCloseHandle(c->request);
  // CHECK-FIXES: WinHttpCloseHandle(c->request); c->request = NULL;
  WinHttpReadData(c->request, NULL, 0, NULL);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpReadData' is called on 'c->request' after it may have been closed
  // CHECK-MESSAGES-PLAIN: :[[@LINE-2]]:3: warning: 'WinHttpReadData' is called on 'c->request' after it may have been closed
}
