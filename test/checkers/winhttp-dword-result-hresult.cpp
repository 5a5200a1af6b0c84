// winhttp-dword-result: Win32 error codes tested as HRESULTs, C++ spellings;
// MinGW and MSVC modes.
// RUN: %check_clang_tidy --fix-notes %s winhttp-dword-result %t -- -- %mingw -std=c++17
// RUN: %check_clang_tidy --fix-notes %s winhttp-dword-result %t -- -- %msvc -std=c++17

#include <windows.h>
#include <winhttp.h>

// A static_cast into an auto variable.
bool staticCast(HINTERNET socket) {
  auto hr = static_cast<HRESULT>(WinHttpWebSocketShutdown(socket, 1000, nullptr, 0));
  return FAILED(hr);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'WinHttpWebSocketShutdown' returns a Win32 error code, not an HRESULT; error codes are positive, so 'FAILED' is never true
  // CHECK-MESSAGES: :[[@LINE-3]]:34: note: 'WinHttpWebSocketShutdown' is called here
  // CHECK-MESSAGES: :[[@LINE-4]]:34: note: keep the error code in a DWORD variable
}

// An if statement with an initialiser.
int ifInit(HINTERNET resolver) {
  if (HRESULT hr = WinHttpResetAutoProxy(resolver, 0); FAILED(hr))
    return 1;
  // CHECK-MESSAGES: :[[@LINE-2]]:56: warning: 'WinHttpResetAutoProxy' returns a Win32 error code
  // CHECK-MESSAGES: :[[@LINE-3]]:20: note: 'WinHttpResetAutoProxy' is called here
  // CHECK-MESSAGES: :[[@LINE-4]]:20: note: keep the error code
  return 0;
}

// A DWORD tested with SUCCEEDED() in a lambda: no HRESULT variable to fix.
bool inLambda(HINTERNET socket) {
  auto shut = [socket] {
    DWORD error = WinHttpWebSocketShutdown(socket, 1000, nullptr, 0);
    return SUCCEEDED(error);
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'WinHttpWebSocketShutdown' returns a Win32 error code{{.*}}'SUCCEEDED' is always true
    // CHECK-MESSAGES: :[[@LINE-3]]:19: note: 'WinHttpWebSocketShutdown' is called here
    // CHECK-MESSAGES: :[[@LINE-4]]:19: note: keep the error code
  };
  return shut();
}

// The reversed hand-written comparison, through two copies.
HRESULT reversed(HINTERNET socket) {
  DWORD first = WinHttpWebSocketClose(socket, 1000, nullptr, 0);
  DWORD error = first;
  HRESULT hr = error;
  // CHECK-FIXES: HRESULT hr = HRESULT_FROM_WIN32(error);
  if (0 > hr)
    return hr;
  // CHECK-MESSAGES: :[[@LINE-2]]:7: warning: 'WinHttpWebSocketClose' returns a Win32 error code{{.*}}'< 0' is never true
  // CHECK-MESSAGES: :[[@LINE-7]]:17: note: 'WinHttpWebSocketClose' is called here
  // CHECK-MESSAGES: :[[@LINE-6]]:16: note: convert 'error' with 'HRESULT_FROM_WIN32' where it becomes an HRESULT
  return S_OK;
}

// In a loop: the test reads the value stored in the previous iteration.
void loop(HINTERNET request, char *buffer, DWORD *read);
DWORD WINAPI WinHttpReadDataEx(HINTERNET, LPVOID, DWORD, LPDWORD, ULONGLONG,
                               DWORD, PVOID);
int inLoop(HINTERNET request, char *buffer, DWORD *read) {
  HRESULT hr = S_OK;
  int n = 0;
  while (SUCCEEDED(hr) && n < 4) {
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'WinHttpReadDataEx' returns a Win32 error code
    hr = WinHttpReadDataEx(request, buffer, 16, read, 0, 0, nullptr);
    // CHECK-MESSAGES: :[[@LINE-1]]:10: note: 'WinHttpReadDataEx' is called here
    // CHECK-MESSAGES: :[[@LINE-2]]:10: note: keep the error code
    ++n;
  }
  return n;
}

// --- Quiet -----------------------------------------------------------------

// OK: converted first, even inside FAILED().
bool convertedInside(HINTERNET socket) {
  DWORD error = WinHttpWebSocketShutdown(socket, 1000, nullptr, 0);
  return FAILED(HRESULT_FROM_WIN32(error));
}

// OK: an HRESULT parameter: its origin is not in the function.
bool parameter(HRESULT hr) { return FAILED(hr); }

// OK: a member holds the error code; members are not followed.
struct Channel {
  HINTERNET Socket = nullptr;
  HRESULT Last = S_OK;
  bool close() {
    Last = WinHttpWebSocketClose(Socket, 1000, nullptr, 0);
    return SUCCEEDED(Last);
  }
};

// OK: a function of the same name that is not WinHTTP's.
namespace mine {
HRESULT WinHttpWebSocketShutdown(HINTERNET, USHORT, PVOID, DWORD);
}
bool notWinHttp(HINTERNET socket) {
  return FAILED(mine::WinHttpWebSocketShutdown(socket, 1000, nullptr, 0));
}

// OK: a template whose HRESULT comes from its argument.
template <typename F> bool viaCallable(F f) { return SUCCEEDED(f()); }
HRESULT realHresult();
bool useTemplate() { return viaCallable(realHresult); }

// OK: compared with NO_ERROR, then converted by hand.
HRESULT byHand(HINTERNET socket) {
  DWORD error = WinHttpWebSocketShutdown(socket, 1000, nullptr, 0);
  if (error != NO_ERROR)
    return HRESULT_FROM_WIN32(error);
  return S_OK;
}

// Negated SUCCEEDED(), and a copy between two HRESULTs: the fix goes where
// the DWORD becomes an HRESULT.
bool negatedSucceeded(HINTERNET socket) {
  DWORD e = WinHttpWebSocketShutdown(socket, 1000, nullptr, 0);
  HRESULT a = e;
  // CHECK-FIXES: HRESULT a = HRESULT_FROM_WIN32(e);
  HRESULT b = a;
  return !SUCCEEDED(b);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'WinHttpWebSocketShutdown' returns a Win32 error code{{.*}}'SUCCEEDED' is always true
}
