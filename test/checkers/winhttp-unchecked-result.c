// winhttp-unchecked-result in C, MinGW and MSVC modes: results thrown away
// as statements, in comma and '?:' expressions, and BOOLs stored in locals
// that no path reads.
// RUN: %check_clang_tidy %s winhttp-unchecked-result %t -- -- %mingw -std=c11
// RUN: %check_clang_tidy %s winhttp-unchecked-result %t -- -- %msvc -std=c11

#include <windows.h>
#include <winhttp.h>

void consume(BOOL ok);

// The bug of sentry-native PR #1620: the response is not checked.
void sendThenIgnore(HINTERNET request) {
  if (WinHttpSendRequest(request, WINHTTP_NO_ADDITIONAL_HEADERS, 0,
                         WINHTTP_NO_REQUEST_DATA, 0, 0, 0)) {
    WinHttpReceiveResponse(request, NULL);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: the result of 'WinHttpReceiveResponse' is ignored; it returns FALSE when it fails, and the failure goes unnoticed [winhttp-unchecked-result]
    // CHECK-MESSAGES: :[[@LINE-2]]:5: note: test the result, or cast it to 'void' if the failure does not matter here
  }
}

// A handle creation thrown away: NULL on failure, and the handle is lost.
void openIgnored(void) {
  WinHttpOpen(L"agent", WINHTTP_ACCESS_TYPE_DEFAULT_PROXY,
              WINHTTP_NO_PROXY_NAME, WINHTTP_NO_PROXY_BYPASS, 0);
  // CHECK-MESSAGES: :[[@LINE-2]]:3: warning: the result of 'WinHttpOpen' is ignored; it returns NULL when it fails
}

// The body of an if without braces, and of a loop.
void branchBodies(HINTERNET request, int retry) {
  if (retry)
    WinHttpSetTimeouts(request, 0, 0, 0, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: the result of 'WinHttpSetTimeouts' is ignored
  while (retry--)
    WinHttpAddRequestHeaders(request, L"X: y", (DWORD)-1, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: the result of 'WinHttpAddRequestHeaders' is ignored
}

// The left operand of ',' is thrown away; so is a '?:' whose value is.
void expressions(HINTERNET request, int flag) {
  WinHttpSetOption(request, WINHTTP_OPTION_CONTEXT_VALUE, NULL, 0), flag++;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the result of 'WinHttpSetOption' is ignored
  flag ? WinHttpWriteData(request, "x", 1, NULL) : 0;
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: the result of 'WinHttpWriteData' is ignored
}

// A for loop's increment.
void loopIncrement(HINTERNET request, char *buffer) {
  DWORD read = 0;
  for (int i = 0; i < 4; WinHttpReadData(request, buffer, 16, &read), ++i)
    consume(read != 0);
  // CHECK-MESSAGES: :[[@LINE-2]]:26: warning: the result of 'WinHttpReadData' is ignored
}

// Stored and never read.
void storedNeverRead(HINTERNET request) {
  BOOL ok = WinHttpReceiveResponse(request, NULL);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: the result of 'WinHttpReceiveResponse' is stored in 'ok' but no path reads it; it returns FALSE when it fails, and the failure goes unnoticed [winhttp-unchecked-result]
  // CHECK-MESSAGES: :[[@LINE-2]]:8: note: test 'ok' after the call, or cast the call to 'void' if the failure does not matter here
}

// Overwritten before any read: the first result is lost.
void overwritten(HINTERNET request) {
  BOOL ok;
  ok = WinHttpSendRequest(request, NULL, 0, NULL, 0, 0, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: the result of 'WinHttpSendRequest' is stored in 'ok' but no path reads it
  ok = WinHttpReceiveResponse(request, NULL);
  consume(ok);
}

// The last store of a loop that ends: nothing reads it after the loop.
void lastInLoop(HINTERNET request, char *buffer) {
  BOOL more = TRUE;
  DWORD read = 0;
  for (int i = 0; i < 3; ++i) {
    consume(more);
    more = WinHttpReadData(request, buffer, 16, &read);
  }
  // OK: the next iteration reads 'more'.
  BOOL last = FALSE;
  for (int i = 0; i < 3; ++i)
    last = WinHttpQueryDataAvailable(request, &read);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: the result of 'WinHttpQueryDataAvailable' is stored in 'last' but no path reads it
}

// --- Quiet -----------------------------------------------------------------

// OK: tested.
BOOL tested(HINTERNET request) {
  if (!WinHttpReceiveResponse(request, NULL))
    return FALSE;
  return WinHttpSendRequest(request, NULL, 0, NULL, 0, 0, 0);
}

// OK: a cast to void says the result is ignored on purpose.
void castToVoid(HINTERNET request) {
  (void)WinHttpSetTimeouts(request, 0, 0, 0, 0);
  (VOID)WinHttpReceiveResponse(request, NULL);
}

// OK: the size probe of WinHttpQueryHeaders, followed by GetLastError().
DWORD sizeProbe(HINTERNET request) {
  DWORD size = 0;
  WinHttpQueryHeaders(request, WINHTTP_QUERY_RAW_HEADERS_CRLF,
                      WINHTTP_HEADER_NAME_BY_INDEX, NULL, &size,
                      WINHTTP_NO_HEADER_INDEX);
  if (GetLastError() != ERROR_INSUFFICIENT_BUFFER)
    return 0;
  return size;
}

// OK: the same probe with the error kept first.
DWORD sizeProbeStored(HINTERNET request) {
  DWORD size = 0;
  BOOL ok = WinHttpQueryOption(request, WINHTTP_OPTION_URL, NULL, &size);
  DWORD error = GetLastError();
  return error == ERROR_INSUFFICIENT_BUFFER ? size : 0;
}

// OK: a size probe in a helper: with no buffer the call fails by design
// (cpprestsdk's query_header_length).
static void queryHeaderLength(HINTERNET request, DWORD header, DWORD *length) {
  WinHttpQueryHeaders(request, header, WINHTTP_HEADER_NAME_BY_INDEX,
                      WINHTTP_NO_OUTPUT_BUFFER, length, WINHTTP_NO_HEADER_INDEX);
  WinHttpQueryOption(request, WINHTTP_OPTION_URL, NULL, length);
}

// The call with the buffer is no probe.
void queryWithBuffer(HINTERNET request, WCHAR *buffer, DWORD *length) {
  queryHeaderLength(request, WINHTTP_QUERY_STATUS_TEXT, length);
  WinHttpQueryHeaders(request, WINHTTP_QUERY_STATUS_TEXT,
                      WINHTTP_HEADER_NAME_BY_INDEX, buffer, length,
                      WINHTTP_NO_HEADER_INDEX);
  // CHECK-MESSAGES: :[[@LINE-3]]:3: warning: the result of 'WinHttpQueryHeaders' is ignored
  WinHttpQueryOption(request, WINHTTP_OPTION_URL, buffer, length);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the result of 'WinHttpQueryOption' is ignored
}

// OK: WinHttpCloseHandle is ignored by default (option IgnoredFunctions).
void closeIgnored(HINTERNET request) { WinHttpCloseHandle(request); }

// OK: read on one path only is read.
BOOL readOnOnePath(HINTERNET request, int check) {
  BOOL ok = WinHttpReceiveResponse(request, NULL);
  if (check)
    return ok;
  return TRUE;
}

// OK: stored and read through a conditional operator or passed on.
void passedOn(HINTERNET request) {
  BOOL ok = WinHttpReceiveResponse(request, NULL);
  consume(ok);
  BOOL more = WinHttpQueryDataAvailable(request, NULL);
  consume(more ? 1 : 0);
}

// OK: the address escapes; a callee may read it.
void readLater(BOOL *flag);
void addressTaken(HINTERNET request) {
  BOOL ok = WinHttpReceiveResponse(request, NULL);
  readLater(&ok);
}

// OK: stored in a field or a global: read elsewhere.
struct Status {
  BOOL Sent;
};
BOOL LastSent;
void storedOutside(struct Status *status, HINTERNET request) {
  status->Sent = WinHttpSendRequest(request, NULL, 0, NULL, 0, 0, 0);
  LastSent = WinHttpReceiveResponse(request, NULL);
}

// OK: combined into another result.
BOOL combined(HINTERNET request) {
  BOOL ok = TRUE;
  ok &= WinHttpSendRequest(request, NULL, 0, NULL, 0, 0, 0);
  ok = ok && WinHttpReceiveResponse(request, NULL);
  return ok;
}

// OK: a stored handle that nothing reads is winhttp-handle-leak's finding.
void storedHandle(HINTERNET session) {
  HINTERNET connect = WinHttpConnect(session, L"example.com", 443, 0);
}

// OK: a DWORD error code is winhttp-dword-result's business.
void errorCode(HINTERNET socket) {
  WinHttpWebSocketShutdown(socket, 1000, NULL, 0);
}

// OK: a function of the same name that is not WinHTTP's.
static int WinHttpFlush(HINTERNET request) { return request != NULL; }
void notWinHttp(HINTERNET request) { WinHttpFlush(request); }

// OK: a read inside sizeof is no evaluation, but the variable is read
// afterwards.
BOOL readAfter(HINTERNET request) {
  BOOL ok = WinHttpReceiveResponse(request, NULL);
  DWORD unused = sizeof ok;
  (void)unused;
  return ok;
}

// OK: a volatile local is kept for a debugger.
void volatileLocal(HINTERNET request) {
  volatile BOOL ok = WinHttpReceiveResponse(request, NULL);
}

// OK: the result is returned through a statement expression.
BOOL statementExpression(HINTERNET request) {
  return ({ WinHttpReceiveResponse(request, NULL); });
}
