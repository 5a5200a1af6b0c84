// An extern "C" block in the program's code around the Windows headers: the
// checks skip the headers inside it (they are system code) and still see the
// program's own declarations in it.
// RUN: %check_clang_tidy %s winhttp-use-after-close,winhttp-unchecked-result %t -- -- %mingw
// RUN: %check_clang_tidy %s winhttp-use-after-close,winhttp-unchecked-result %t -- -- %msvc

extern "C" {
#include <windows.h>
#include <winhttp.h>

void closeTwice(HINTERNET h) {
  WinHttpCloseHandle(h);
  WinHttpCloseHandle(h);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' closes 'h' again after it may have been closed
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: 'WinHttpCloseHandle' closes it here
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: set 'h' to nullptr after closing it
}

extern "C" {
void ignored(HINTERNET h) {
  WinHttpReceiveResponse(h, NULL);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the result of 'WinHttpReceiveResponse' is ignored
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: test the result, or cast it to 'void'
}
}

// OK: checked, and closed once.
BOOL receiveChecked(HINTERNET h) {
  BOOL Ok = WinHttpReceiveResponse(h, NULL);
  WinHttpCloseHandle(h);
  return Ok;
}
}
