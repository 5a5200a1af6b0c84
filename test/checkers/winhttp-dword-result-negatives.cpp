// Correct uses of DWORD-returning WinHTTP functions that must stay quiet,
// modelled on real WebSocket and proxy code. MinGW and MSVC mode.
// RUN: %check_clang_tidy %s winhttp-dword-result %t -- -- %mingw -std=c++17
// RUN: %check_clang_tidy %s winhttp-dword-result %t -- -- %msvc -std=c++17

#include <windows.h>
#include <winhttp.h>

void fail(DWORD);

// OK: a receive loop that checks the error code.
DWORD receiveAll(HINTERNET Ws, char *Buffer, DWORD Size) {
  DWORD Read = 0;
  WINHTTP_WEB_SOCKET_BUFFER_TYPE Type;
  DWORD Error;
  do {
    Error = WinHttpWebSocketReceive(Ws, Buffer, Size, &Read, &Type);
    if (Error != ERROR_SUCCESS)
      return Error;
  } while (Type == WINHTTP_WEB_SOCKET_BINARY_FRAGMENT_BUFFER_TYPE);
  return NO_ERROR;
}

// OK: the error code passed straight to the caller.
DWORD closeSocket(HINTERNET Ws) {
  return WinHttpWebSocketClose(Ws, WINHTTP_WEB_SOCKET_SUCCESS_CLOSE_STATUS, nullptr, 0);
}

// OK: a failure that is expected and tested by value.
bool isClosed(HINTERNET Ws) {
  return WinHttpWebSocketShutdown(Ws, 1000, nullptr, 0) == ERROR_INVALID_OPERATION;
}

// OK: GetLastError() after a BOOL function on the same branch.
bool upgrade(HINTERNET Request) {
  if (!WinHttpReceiveResponse(Request, nullptr)) {
    fail(GetLastError());
    return false;
  }
  HINTERNET Ws = WinHttpWebSocketCompleteUpgrade(Request, 0);
  if (!Ws) {
    fail(GetLastError());
    return false;
  }
  return true;
}

// OK: the proxy resolver's error codes compared with NO_ERROR.
bool resolve(HINTERNET Session, HINTERNET *Resolver) {
  DWORD Error = WinHttpCreateProxyResolver(Session, Resolver);
  if (Error != NO_ERROR) {
    fail(Error);
    return false;
  }
  return true;
}

// OK: the result compared with a named error code, either side.
bool pending(HINTERNET Resolver, WINHTTP_PROXY_RESULT *Result) {
  DWORD Error = WinHttpGetProxyResult(Resolver, Result);
  return ERROR_WINHTTP_INCORRECT_HANDLE_STATE == Error;
}

// OK: the error code kept in an integer of another width.
void wider(HINTERNET Resolver) {
  unsigned long long Code = WinHttpResetAutoProxy(Resolver, 0);
  if (Code)
    fail((DWORD)Code);
}

// OK: GetLastError() before the call, not after it.
void before(HINTERNET Ws) {
  DWORD Earlier = GetLastError();
  DWORD Error = WinHttpWebSocketShutdown(Ws, 1000, nullptr, 0);
  fail(Earlier + Error);
}

// OK: a ternary on the DWORD value.
const char *describe(HINTERNET Ws) {
  DWORD Error = WinHttpWebSocketShutdown(Ws, 1000, nullptr, 0);
  return Error == NO_ERROR ? "ok" : "failed";
}

// OK: stored in a DWORD and only tested for truth.
void storedAndTested(HINTERNET Ws) {
  if (DWORD Error = WinHttpWebSocketShutdown(Ws, 1000, nullptr, 0))
    fail(Error);
}
