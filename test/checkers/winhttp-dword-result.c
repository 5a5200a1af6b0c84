// C, MinGW and MSVC modes, with a declaration that Debian's MinGW headers
// lack, written by the user as code built against older SDKs does.
// RUN: %check_clang_tidy --fix-notes %s winhttp-dword-result %t -- -- %mingw -std=c11
// RUN: %check_clang_tidy --fix-notes %s winhttp-dword-result %t -- -- %msvc -std=c11

#include <windows.h>
#include <winhttp.h>
#include <stdbool.h>

// Declared here: absent from older SDK headers.
DWORD WINAPI WinHttpReadDataEx(HINTERNET hRequest, LPVOID lpBuffer,
                               DWORD dwNumberOfBytesToRead,
                               LPDWORD lpdwNumberOfBytesRead, ULONGLONG ullFlags,
                               DWORD cbProperty, PVOID pvProperty);

void report(DWORD code);

// The user's own declaration counts like the SDK's.
int readNegated(HINTERNET request, char *buffer, DWORD size, DWORD *read) {
  if (!WinHttpReadDataEx(request, buffer, size, read, 0, 0, NULL))
    return 0;
  // CHECK-NOTES: :[[@LINE-2]]:7: warning: 'WinHttpReadDataEx' returns a DWORD error code that is NO_ERROR (0) on success, not a BOOL; negating it confuses success with failure
  // CHECK-NOTES: :[[@LINE-3]]:8: note: compare with 'NO_ERROR' to test for failure
  // CHECK-FIXES: if (WinHttpReadDataEx(request, buffer, size, read, 0, 0, NULL) != NO_ERROR)
  return 1;
}

// A C-style cast to BOOL: the rewrite is parenthesised.
BOOL castToBool(HINTERNET resolver) {
  return (BOOL)WinHttpResetAutoProxy(resolver, 0);
  // CHECK-NOTES: :[[@LINE-1]]:16: warning: 'WinHttpResetAutoProxy' returns a DWORD error code {{.*}}; converting it to 'BOOL'
  // CHECK-NOTES: :[[@LINE-2]]:16: note: compare with 'NO_ERROR' to test for success
  // CHECK-FIXES: return (BOOL)(WinHttpResetAutoProxy(resolver, 0) == NO_ERROR);
}

// Compared with stdbool's false.
void comparedWithFalse(HINTERNET ws) {
  if (WinHttpWebSocketShutdown(ws, 1000, NULL, 0) == false) {}
  // CHECK-NOTES: :[[@LINE-1]]:51: warning: 'WinHttpWebSocketShutdown' returns a DWORD error code {{.*}}; comparing it with 'false'
  // CHECK-NOTES: :[[@LINE-2]]:7: note: compare with 'NO_ERROR' to test for failure
  // CHECK-FIXES: if (WinHttpWebSocketShutdown(ws, 1000, NULL, 0) != NO_ERROR) {}
}

// A '||' chain of calls, then GetLastError() on its branch.
void chain(HINTERNET ws, void *buffer, DWORD size) {
  if (WinHttpWebSocketSend(ws, WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE, buffer, size) ||
      WinHttpWebSocketShutdown(ws, 1000, NULL, 0))
    report(GetLastError());
  // CHECK-NOTES: :[[@LINE-3]]:7: warning: 'WinHttpWebSocketSend' returns a DWORD error code {{.*}}; using it as an operand of '||'
  // CHECK-NOTES: :[[@LINE-3]]:7: warning: 'WinHttpWebSocketShutdown' returns a DWORD error code {{.*}}; using it as an operand of '||'
  // CHECK-NOTES: :[[@LINE-3]]:12: warning: 'GetLastError' does not report the error of 'WinHttpWebSocketSend'
  // CHECK-NOTES: :[[@LINE-6]]:7: note: 'WinHttpWebSocketSend' is called here
}

// OK: compared with NO_ERROR.
void correct(HINTERNET request, char *buffer, DWORD size, DWORD *read) {
  DWORD error = WinHttpReadDataEx(request, buffer, size, read, 0, 0, NULL);
  if (error != NO_ERROR)
    report(error);
}

// OK: a DWORD holding the result, tested for truth.
void dwordTruthTest(HINTERNET ws) {
  DWORD error = WinHttpWebSocketShutdown(ws, 1000, NULL, 0);
  if (error)
    report(error);
  while (!error)
    error = WinHttpWebSocketShutdown(ws, 1000, NULL, 0);
}

// OK: BOOL-returning WinHTTP functions tested as BOOL.
void boolFunctions(HINTERNET request, char *buffer, DWORD size, DWORD *read) {
  if (!WinHttpReadData(request, buffer, size, read))
    report(GetLastError());
  if (WinHttpQueryDataAvailable(request, read) == FALSE)
    report(GetLastError());
}

// OK: the error code is stored, logged, switched on.
void switchedOn(HINTERNET ws) {
  switch (WinHttpWebSocketShutdown(ws, 1000, NULL, 0)) {
  case NO_ERROR:
    break;
  default:
    report(0);
  }
}
