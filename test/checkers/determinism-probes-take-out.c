// Probe 2 of the analysis-core issue: two threads each take the handle out
// of shared memory with an atomic exchange and close their copy. However
// many local copies stand between the exchange and the close, nothing is
// closed twice; a bound on that search (CopiesPerTakeOut) fails quiet.
// RUN: %check_clang_tidy %s winhttp-use-after-close %t -- -- %mingw -std=c11
// RUN: %check_clang_tidy %s 'winhttp-*' %t -- -- %mingw -std=c11
// RUN: %check_clang_tidy %s 'winhttp-*' %t -- -- %msvc -std=c11

#include <windows.h>
#include <winhttp.h>

static HINTERNET g_request;

#define TAKE() ((HINTERNET)InterlockedExchangePointer((PVOID *)&g_request, NULL))

// OK: no copy.
static DWORD WINAPI closeNoCopy(LPVOID unused) {
  (void)unused;
  HINTERNET a = TAKE();
  if (a)
    WinHttpCloseHandle(a);
  return 0;
}

// OK: four copies (the old search gave up here and warned).
static DWORD WINAPI closeFourCopies(LPVOID unused) {
  (void)unused;
  HINTERNET a = TAKE();
  HINTERNET b = a;
  HINTERNET c = b;
  HINTERNET d = c;
  HINTERNET e = d;
  if (e)
    WinHttpCloseHandle(e);
  return 0;
}

// OK: six copies.
static DWORD WINAPI closeSixCopies(LPVOID unused) {
  (void)unused;
  HINTERNET a = TAKE();
  HINTERNET b = a, c = b, d = c, e = d, f = e, g = f;
  if (g)
    WinHttpCloseHandle(g);
  return 0;
}

// OK: copies that swap places in a loop still hold what was taken out.
static DWORD WINAPI closeRotated(LPVOID unused) {
  (void)unused;
  HINTERNET a = TAKE();
  HINTERNET b = NULL;
  for (int i = 0; i < 3; ++i) {
    HINTERNET t = a;
    a = b;
    b = t;
  }
  if (b)
    WinHttpCloseHandle(b);
  if (a)
    WinHttpCloseHandle(a);
  return 0;
}

void startClosers(void) {
  g_request = WinHttpOpenRequest(NULL, L"GET", L"/", NULL, NULL, NULL, 0);
  CreateThread(NULL, 0, closeNoCopy, NULL, 0, NULL);
  CreateThread(NULL, 0, closeFourCopies, NULL, 0, NULL);
  CreateThread(NULL, 0, closeSixCopies, NULL, 0, NULL);
  CreateThread(NULL, 0, closeRotated, NULL, 0, NULL);
}

static HINTERNET g_plain;

// A plain read through four copies takes nothing out: two threads close
// one handle.
static DWORD WINAPI closePlainFirst(LPVOID unused) {
  (void)unused;
  HINTERNET a = g_plain;
  HINTERNET b = a, c = b, d = c, e = d;
  WinHttpCloseHandle(e);
  return 0;
}

static DWORD WINAPI closePlainSecond(LPVOID unused) {
  (void)unused;
  HINTERNET a = g_plain;
  HINTERNET b = a, c = b, d = c, e = d;
  WinHttpCloseHandle(e);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' closes 'e', which another thread may close too
  return 0;
}

void startPlainClosers(void) {
  g_plain = WinHttpOpenRequest(NULL, L"GET", L"/", NULL, NULL, NULL, 0);
  CreateThread(NULL, 0, closePlainFirst, NULL, 0, NULL);
  CreateThread(NULL, 0, closePlainSecond, NULL, 0, NULL);
}
