// winhttp-dword-result: Win32 error codes tested with FAILED() or
// SUCCEEDED() as if they were HRESULTs, in C, MinGW and MSVC modes.
// RUN: %check_clang_tidy --fix-notes %s winhttp-dword-result %t -- -- %mingw -std=c11
// RUN: %check_clang_tidy --fix-notes %s winhttp-dword-result %t -- -- %msvc -std=c11

#include <windows.h>
#include <winhttp.h>

// Declared here: absent from older SDK headers.
DWORD WINAPI WinHttpReadDataEx(HINTERNET hRequest, LPVOID lpBuffer,
                               DWORD dwNumberOfBytesToRead,
                               LPDWORD lpdwNumberOfBytesRead, ULONGLONG ullFlags,
                               DWORD cbProperty, PVOID pvProperty);

// The call inside FAILED(): the test is never true.
int sendFailed(HINTERNET resolver) {
  if (FAILED(WinHttpResetAutoProxy(resolver, 0)))
    return 1;
  // CHECK-MESSAGES: :[[@LINE-2]]:7: warning: 'WinHttpResetAutoProxy' returns a Win32 error code, not an HRESULT; error codes are positive, so 'FAILED' is never true and every failure reads as success [winhttp-dword-result]
  // CHECK-MESSAGES: :[[@LINE-3]]:14: note: keep the error code in a DWORD variable and convert that variable with 'HRESULT_FROM_WIN32'; do not wrap the call: the macro evaluates its argument twice
  return 0;
}

// Stored straight into an HRESULT, tested with SUCCEEDED().
int storedAsHresult(HINTERNET request, char *buffer, DWORD *read) {
  HRESULT hr = WinHttpReadDataEx(request, buffer, 16, read, 0, 0, NULL);
  if (SUCCEEDED(hr))
    return 1;
  // CHECK-MESSAGES: :[[@LINE-2]]:7: warning: 'WinHttpReadDataEx' returns a Win32 error code, not an HRESULT; error codes are positive, so 'SUCCEEDED' is always true
  // CHECK-MESSAGES: :[[@LINE-4]]:16: note: 'WinHttpReadDataEx' is called here
  // CHECK-MESSAGES: :[[@LINE-5]]:16: note: keep the error code in a DWORD variable
  return 0;
}

// Kept in a DWORD, then converted by a plain store: the note's fix wraps
// the variable.
HRESULT convertedLater(HINTERNET socket) {
  DWORD error = WinHttpWebSocketShutdown(socket, 1000, NULL, 0);
  HRESULT hr = error;
  // CHECK-FIXES: HRESULT hr = HRESULT_FROM_WIN32(error);
  if (FAILED(hr))
    return hr;
  // CHECK-MESSAGES: :[[@LINE-2]]:7: warning: 'WinHttpWebSocketShutdown' returns a Win32 error code
  // CHECK-MESSAGES: :[[@LINE-6]]:17: note: 'WinHttpWebSocketShutdown' is called here
  // CHECK-MESSAGES: :[[@LINE-6]]:16: note: convert 'error' with 'HRESULT_FROM_WIN32' where it becomes an HRESULT
  return S_OK;
}

// An assignment, and the hand-written test that FAILED() expands to.
HRESULT assigned(HINTERNET socket) {
  DWORD error;
  HRESULT hr;
  error = WinHttpWebSocketClose(socket, 1000, NULL, 0);
  hr = error;
  // CHECK-FIXES: hr = HRESULT_FROM_WIN32(error);
  if (hr < 0)
    return hr;
  // CHECK-MESSAGES: :[[@LINE-2]]:7: warning: 'WinHttpWebSocketClose' returns a Win32 error code, not an HRESULT; error codes are positive, so '< 0' is never true
  // CHECK-MESSAGES: :[[@LINE-6]]:11: note: 'WinHttpWebSocketClose' is called here
  // CHECK-MESSAGES: :[[@LINE-6]]:8: note: convert 'error' with 'HRESULT_FROM_WIN32'
  return S_OK;
}

// One path of two stores the error code.
HRESULT onePath(HINTERNET socket, int useSocket) {
  HRESULT hr = E_FAIL;
  if (useSocket)
    hr = WinHttpWebSocketShutdown(socket, 1000, NULL, 0);
  return SUCCEEDED(hr) ? S_OK : hr;
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'WinHttpWebSocketShutdown' returns a Win32 error code{{.*}}'SUCCEEDED' is always true
  // CHECK-MESSAGES: :[[@LINE-3]]:10: note: 'WinHttpWebSocketShutdown' is called here
  // CHECK-MESSAGES: :[[@LINE-4]]:10: note: keep the error code in a DWORD variable
}

// --- Quiet -----------------------------------------------------------------

// OK: converted with HRESULT_FROM_WIN32 first.
HRESULT converted(HINTERNET socket) {
  DWORD error = WinHttpWebSocketShutdown(socket, 1000, NULL, 0);
  HRESULT hr = HRESULT_FROM_WIN32(error);
  if (FAILED(hr))
    return hr;
  return S_OK;
}

// OK: compared with NO_ERROR.
int compared(HINTERNET socket) {
  DWORD error = WinHttpWebSocketShutdown(socket, 1000, NULL, 0);
  return error == NO_ERROR;
}

// OK: an HRESULT from elsewhere.
HRESULT other(void);
int otherHresult(void) {
  HRESULT hr = other();
  return FAILED(hr) ? 1 : 0;
}

// OK: the variable was assigned something else before the test.
int reassigned(HINTERNET socket) {
  HRESULT hr = WinHttpWebSocketShutdown(socket, 1000, NULL, 0);
  hr = other();
  return SUCCEEDED(hr);
}

// OK: a BOOL function's result is not an error code.
int boolFunction(HINTERNET request) {
  HRESULT hr = (HRESULT)WinHttpReceiveResponse(request, NULL);
  return FAILED(hr);
}

// OK: a comparison with another constant, or of a DWORD.
int otherTests(HINTERNET socket) {
  DWORD error = WinHttpWebSocketShutdown(socket, 1000, NULL, 0);
  HRESULT hr = (HRESULT)error;
  return hr < 1 || error > 0;
}

// OK: a global that holds the error code is not followed.
HRESULT LastResult;
int global(HINTERNET socket) {
  LastResult = WinHttpWebSocketShutdown(socket, 1000, NULL, 0);
  return FAILED(LastResult);
}
