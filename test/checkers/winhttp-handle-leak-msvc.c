// winhttp-handle-leak in MSVC mode C: the Win32 spellings, SEH (skipped),
// and an out-pointer that hands the handle to the caller.
// RUN: %check_clang_tidy %s winhttp-handle-leak %t -- -- %msvc -std=c11

#include <windows.h>
#include <winhttp.h>

typedef struct {
  HINTERNET session;
} Holder;

// The status is set but the session is never closed.
DWORD openAndForget(Holder *out, BOOL keep) {
  HINTERNET s = WinHttpOpen(L"a", 0, NULL, NULL, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: the handle that 'WinHttpOpen' returns into 's' is not closed on every path
  if (s == NULL)
    return GetLastError();
  if (keep) {
    out->session = s;
    return 0;
  }
  return ERROR_CANCELLED;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: note: 'openAndForget' returns here with the handle open
}

// OK: SEH blocks get no CFG; the function is skipped.
void seh(void) {
  HINTERNET s = WinHttpOpen(L"a", 0, NULL, NULL, 0);
  __try {
    WinHttpSetTimeouts(s, 1, 1, 1, 1);
  } __finally {
    WinHttpCloseHandle(s);
  }
}

// OK: every failure closes what it opened, in reverse.
BOOL reverseOrder(LPCWSTR host) {
  HINTERNET s, c;
  if ((s = WinHttpOpen(L"a", 0, NULL, NULL, 0)) == NULL)
    return FALSE;
  if ((c = WinHttpConnect(s, host, 443, 0)) == NULL) {
    WinHttpCloseHandle(s);
    return FALSE;
  }
  WinHttpCloseHandle(c);
  WinHttpCloseHandle(s);
  return TRUE;
}

// OK: a while loop that keeps the last good handle.
void keepLast(HINTERNET c, int n, HINTERNET *last) {
  while (n-- > 0) {
    HINTERNET r = WinHttpOpenRequest(c, L"GET", L"/", NULL, NULL, NULL, 0);
    if (!r)
      continue;
    if (*last)
      WinHttpCloseHandle(*last);
    *last = r;
  }
}
