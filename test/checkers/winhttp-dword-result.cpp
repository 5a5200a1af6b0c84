// C++, MinGW and MSVC modes; note fixes applied with --fix-notes.
// RUN: %check_clang_tidy --fix-notes %s winhttp-dword-result %t -- -- %mingw -std=c++17
// RUN: %check_clang_tidy --fix-notes %s winhttp-dword-result %t -- -- %msvc -std=c++17

#include <windows.h>
#include <winhttp.h>

void log(DWORD);
bool keepGoing();
void takeBool(BOOL);

// Negated as if it returned a BOOL.
void negated(HINTERNET ws, void *buf, DWORD len) {
  if (!WinHttpWebSocketSend(ws, WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE, buf, len))
    return;
  // CHECK-NOTES: :[[@LINE-2]]:7: warning: 'WinHttpWebSocketSend' returns a DWORD error code that is NO_ERROR (0) on success, not a BOOL; negating it confuses success with failure [winhttp-dword-result]
  // CHECK-NOTES: :[[@LINE-3]]:8: note: compare with 'NO_ERROR' to test for failure
  // CHECK-FIXES: if (WinHttpWebSocketSend(ws, WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE, buf, len) != NO_ERROR)
}

// A bare condition: warned, but no fix, as the intent is unclear.
void bareCondition(HINTERNET ws) {
  if (WinHttpWebSocketShutdown(ws, WINHTTP_WEB_SOCKET_SUCCESS_CLOSE_STATUS, nullptr, 0)) {}
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'WinHttpWebSocketShutdown' returns a DWORD error code that is NO_ERROR (0) on success, not a BOOL; testing it as a condition confuses success with failure
}

// An operand of '&&'.
void logicalOperand(HINTERNET ws, void *buf, DWORD len, DWORD *read, WINHTTP_WEB_SOCKET_BUFFER_TYPE *type) {
  while (keepGoing() && WinHttpWebSocketReceive(ws, buf, len, read, type)) {}
  // CHECK-NOTES: :[[@LINE-1]]:25: warning: 'WinHttpWebSocketReceive' returns a DWORD error code that is NO_ERROR (0) on success, not a BOOL; using it as an operand of '&&' confuses success with failure
}

// Compared with FALSE and TRUE.
void comparedWithBoolMacros(HINTERNET resolver, WINHTTP_PROXY_RESULT *result) {
  if (WinHttpGetProxyResult(resolver, result) == FALSE) {}
  // CHECK-NOTES: :[[@LINE-1]]:47: warning: 'WinHttpGetProxyResult' returns a DWORD error code that is NO_ERROR (0) on success, not a BOOL; comparing it with 'FALSE' confuses success with failure
  // CHECK-NOTES: :[[@LINE-2]]:7: note: compare with 'NO_ERROR' to test for failure
  // CHECK-FIXES: if (WinHttpGetProxyResult(resolver, result) != NO_ERROR) {}
  if (TRUE == WinHttpResetAutoProxy(resolver, 0)) {}
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'WinHttpResetAutoProxy' returns a DWORD error code that is NO_ERROR (0) on success, not a BOOL; comparing it with 'TRUE' confuses success with failure
  // CHECK-NOTES: :[[@LINE-2]]:15: note: compare with 'NO_ERROR' to test for success
  // CHECK-FIXES: if (NO_ERROR == WinHttpResetAutoProxy(resolver, 0)) {}
  if (WinHttpResetAutoProxy(resolver, 0) != FALSE) {}
  // CHECK-NOTES: :[[@LINE-1]]:42: warning: 'WinHttpResetAutoProxy' returns a DWORD error code {{.*}}; comparing it with 'FALSE'
  // CHECK-NOTES: :[[@LINE-2]]:7: note: compare with 'NO_ERROR' to test for success
  // CHECK-FIXES: if (WinHttpResetAutoProxy(resolver, 0) == NO_ERROR) {}
}

// Compared with C++ bool literals.
void comparedWithBoolLiterals(HINTERNET ws, USHORT *status, DWORD *len) {
  if (WinHttpWebSocketQueryCloseStatus(ws, status, nullptr, 0, len) == true) {}
  // CHECK-NOTES: :[[@LINE-1]]:69: warning: 'WinHttpWebSocketQueryCloseStatus' returns a DWORD error code {{.*}}; comparing it with 'true'
  // CHECK-NOTES: :[[@LINE-2]]:7: note: compare with 'NO_ERROR' to test for success
  // CHECK-FIXES: if (WinHttpWebSocketQueryCloseStatus(ws, status, nullptr, 0, len) == NO_ERROR) {}
}

// Stored in a BOOL and in a bool; later uses of that value are not reported.
void storedInBool(HINTERNET ws) {
  BOOL Closed = WinHttpWebSocketClose(ws, WINHTTP_WEB_SOCKET_SUCCESS_CLOSE_STATUS, nullptr, 0);
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'WinHttpWebSocketClose' returns a DWORD error code {{.*}}; converting it to 'BOOL' confuses success with failure
  // CHECK-NOTES: :[[@LINE-2]]:17: note: compare with 'NO_ERROR' to test for success
  // CHECK-FIXES: BOOL Closed = WinHttpWebSocketClose(ws, WINHTTP_WEB_SOCKET_SUCCESS_CLOSE_STATUS, nullptr, 0) == NO_ERROR;
  if (!Closed) {}
  bool Shut;
  Shut = WinHttpWebSocketShutdown(ws, WINHTTP_WEB_SOCKET_SUCCESS_CLOSE_STATUS, nullptr, 0);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'WinHttpWebSocketShutdown' returns a DWORD error code {{.*}}; converting it to 'bool'
  // CHECK-NOTES: :[[@LINE-2]]:10: note: compare with 'NO_ERROR' to test for success
  // CHECK-FIXES: Shut = WinHttpWebSocketShutdown(ws, WINHTTP_WEB_SOCKET_SUCCESS_CLOSE_STATUS, nullptr, 0) == NO_ERROR;
  (void)Shut;
}

// Returned from a BOOL function, and passed to a BOOL parameter.
BOOL returnedAsBool(HINTERNET resolver) {
  takeBool(WinHttpResetAutoProxy(resolver, 0));
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'WinHttpResetAutoProxy' returns a DWORD error code {{.*}}; converting it to 'BOOL'
  // CHECK-NOTES: :[[@LINE-2]]:12: note: compare with 'NO_ERROR' to test for success
  // CHECK-FIXES: takeBool(WinHttpResetAutoProxy(resolver, 0) == NO_ERROR);
  return WinHttpResetAutoProxy(resolver, 0);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'WinHttpResetAutoProxy' returns a DWORD error code {{.*}}; converting it to 'BOOL'
  // CHECK-NOTES: :[[@LINE-2]]:10: note: compare with 'NO_ERROR' to test for success
  // CHECK-FIXES: return WinHttpResetAutoProxy(resolver, 0) == NO_ERROR;
}

// Cast explicitly to bool: the rewrite is parenthesised.
bool castToBool(HINTERNET resolver) {
  return static_cast<bool>(WinHttpResetAutoProxy(resolver, 0));
  // CHECK-NOTES: :[[@LINE-1]]:28: warning: 'WinHttpResetAutoProxy' returns a DWORD error code {{.*}}; converting it to 'bool'
  // CHECK-NOTES: :[[@LINE-2]]:28: note: compare with 'NO_ERROR' to test for success
  // CHECK-FIXES: return static_cast<bool>(WinHttpResetAutoProxy(resolver, 0) == NO_ERROR);
}

// GetLastError() on a branch that tests the result says nothing about it.
void lastErrorOnBranch(HINTERNET ws, void *buf, DWORD len) {
  if (WinHttpWebSocketSend(ws, WINHTTP_WEB_SOCKET_UTF8_MESSAGE_BUFFER_TYPE, buf, len) != NO_ERROR) {
    log(GetLastError());
    // CHECK-NOTES: :[[@LINE-1]]:9: warning: 'GetLastError' does not report the error of 'WinHttpWebSocketSend', which returns its error code directly [winhttp-dword-result]
    // CHECK-NOTES: :[[@LINE-3]]:7: note: 'WinHttpWebSocketSend' is called here
  }
}

// GetLastError() after the result went through a variable.
void lastErrorThroughVariable(HINTERNET ws) {
  DWORD Error = WinHttpWebSocketClose(ws, WINHTTP_WEB_SOCKET_SUCCESS_CLOSE_STATUS, nullptr, 0);
  if (Error != ERROR_SUCCESS)
    log(GetLastError());
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: 'GetLastError' does not report the error of 'WinHttpWebSocketClose'
  // CHECK-NOTES: :[[@LINE-4]]:17: note: 'WinHttpWebSocketClose' is called here
}

// GetLastError() in the same full-expression.
void lastErrorSameExpression(HINTERNET resolver) {
  DWORD Error = WinHttpResetAutoProxy(resolver, 0) ? GetLastError() : 0;
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'WinHttpResetAutoProxy' returns a DWORD error code {{.*}}; testing it as a condition
  // CHECK-NOTES: :[[@LINE-2]]:54: warning: 'GetLastError' does not report the error of 'WinHttpResetAutoProxy'
  // CHECK-NOTES: :[[@LINE-3]]:17: note: 'WinHttpResetAutoProxy' is called here
  log(Error);
}

// Negative cases.

// OK: compared with the error codes the function returns.
void comparedWithErrorCodes(HINTERNET ws, void *buf, DWORD len) {
  if (WinHttpWebSocketSend(ws, WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE, buf, len) != NO_ERROR) {}
  if (WinHttpWebSocketSend(ws, WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE, buf, len) == ERROR_SUCCESS) {}
  if (WinHttpWebSocketSend(ws, WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE, buf, len) == 0) {}
  if (ERROR_INVALID_OPERATION == WinHttpWebSocketSend(ws, WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE, buf, len)) {}
}

// OK: a truth test of a DWORD variable that holds the error code.
void truthTestOfDwordVariable(HINTERNET ws) {
  DWORD Error = WinHttpWebSocketShutdown(ws, WINHTTP_WEB_SOCKET_SUCCESS_CLOSE_STATUS, nullptr, 0);
  if (Error)
    log(Error);
  if (!Error) {}
}

// OK: the error code is returned or passed on as a DWORD.
DWORD passedOn(HINTERNET resolver) {
  log(WinHttpResetAutoProxy(resolver, 0));
  return WinHttpResetAutoProxy(resolver, 0);
}

// OK: BOOL functions are BOOL; GetLastError() explains their failure.
void boolFunctions(HINTERNET request) {
  if (!WinHttpReceiveResponse(request, nullptr))
    log(GetLastError());
  BOOL Sent = WinHttpSendRequest(request, WINHTTP_NO_ADDITIONAL_HEADERS, 0, WINHTTP_NO_REQUEST_DATA, 0, 0, 0);
  (void)Sent;
}

// OK: GetLastError() that is not on a branch testing the result.
void lastErrorElsewhere(HINTERNET ws, HINTERNET request) {
  DWORD Error = WinHttpWebSocketShutdown(ws, WINHTTP_WEB_SOCKET_SUCCESS_CLOSE_STATUS, nullptr, 0);
  log(Error);
  if (!WinHttpReceiveResponse(request, nullptr))
    log(GetLastError());
}

// OK: the variable was overwritten before the branch.
void variableOverwritten(HINTERNET ws, HINTERNET request) {
  DWORD Error = WinHttpWebSocketShutdown(ws, WINHTTP_WEB_SOCKET_SUCCESS_CLOSE_STATUS, nullptr, 0);
  Error = WinHttpReceiveResponse(request, nullptr) ? 0 : GetLastError();
  if (Error != NO_ERROR)
    log(GetLastError());
}

// OK: a function that only shares the name.
namespace mine {
BOOL WinHttpWebSocketSend(HINTERNET);
void sameNameInNamespace(HINTERNET ws) {
  if (!WinHttpWebSocketSend(ws)) {}
}
} // namespace mine

// OK: NOLINT.
void silenced(HINTERNET ws) {
  if (!WinHttpWebSocketShutdown(ws, 1000, nullptr, 0)) {} // NOLINT(winhttp-dword-result)
}
