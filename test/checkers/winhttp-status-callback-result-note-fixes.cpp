// The fixes sit on notes because they change behaviour: plain -fix (without
// --fix-notes) must leave the file as it is.
// RUN: %check_clang_tidy %s winhttp-status-callback-result %t -- -- %mingw

#include <windows.h>
#include <winhttp.h>

void CALLBACK onStatus(HINTERNET, DWORD_PTR, DWORD, LPVOID, DWORD) {}

void notAppliedWithoutFixNotes(HINTERNET h) {
  if (WinHttpSetStatusCallback(h, onStatus, 0, 0) == NULL) {}
  // CHECK-MESSAGES: :[[@LINE-1]]:51: warning: the result of 'WinHttpSetStatusCallback' is tested against NULL
}
