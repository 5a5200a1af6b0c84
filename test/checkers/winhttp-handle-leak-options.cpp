// NonOwningFunctions names external functions that only borrow a handle;
// malformed entries are reported and skipped.
// RUN: %check_clang_tidy %s winhttp-handle-leak %t -- \
// RUN:   -config="{CheckOptions: {winhttp-handle-leak.NonOwningFunctions: 'logHandle:1;net::trace:0;bad;noindex:x;:2'}}" \
// RUN:   -- %mingw -std=c++17
// RUN: %check_clang_tidy -check-suffix=DEFAULT %s winhttp-handle-leak %t -- -- %mingw -std=c++17

#include <windows.h>
#include <winhttp.h>

// CHECK-MESSAGES-DAG: warning: invalid entry 'bad' in option 'NonOwningFunctions' of check 'winhttp-handle-leak': expected 'name:argIndex' [clang-tidy-config]
// CHECK-MESSAGES-DAG: warning: invalid entry 'noindex:x' in option 'NonOwningFunctions'
// CHECK-MESSAGES-DAG: warning: invalid entry ':2' in option 'NonOwningFunctions'

void logHandle(const char *what, HINTERNET h);
namespace net {
void trace(HINTERNET h);
}

// With the option, logging borrows: the early return leaks. By default the
// external function may keep the handle: quiet.
bool logged(const wchar_t *host) {
  HINTERNET s = WinHttpOpen(L"a", 0, nullptr, nullptr, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: the handle that 'WinHttpOpen' returns into 's' is not closed on every path
  logHandle("session", s);
  net::trace(s);
  if (!host)
    return false;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: note: 'logged' returns here with the handle open
  WinHttpCloseHandle(s);
  return true;
}

// The index matters: argument 0 of logHandle is not the one that borrows.
void logFirst(HINTERNET h);
bool wrongIndex() {
  HINTERNET s = WinHttpOpen(L"a", 0, nullptr, nullptr, 0);
  net::trace(s);
  logFirst(s);
  return true;
}
