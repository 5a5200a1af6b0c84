// Found by the fuzzer (tools/fuzz): a lambda that captures a move-only object
// by copy. The copy fails, and clang 19 keeps a null capture initialiser that
// the AST matchers' findAll dereferences (clang 22 no longer does). The
// checks that search the statements near a result (winhttp-unchecked-result,
// winhttp-dword-result) crashed on it; the analyses now walk statements with
// a visitor that skips null children. Every function below crashed the build
// before the fix except the last three.
// RUN: %check_clang_tidy --expect-clang-tidy-error %s winhttp-unchecked-result,winhttp-dword-result,winhttp-use-after-close,winhttp-close-during-sync-call %t -- -- %mingw -std=c++17
// RUN: %check_clang_tidy --expect-clang-tidy-error %s winhttp-unchecked-result,winhttp-dword-result,winhttp-use-after-close,winhttp-close-during-sync-call %t -- -- %msvc -std=c++17

#include <windows.h>
#include <winhttp.h>

struct MoveOnly {
  MoveOnly();
  MoveOnly(MoveOnly &&);
};

// The statement after an ignored result declares the lambda.
void nextDeclaresLambda(HINTERNET H) {
  MoveOnly S;
  WinHttpSendRequest(H, nullptr, 0, nullptr, 0, 0, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the result of 'WinHttpSendRequest' is ignored; it returns FALSE when it fails, and the failure goes unnoticed [winhttp-unchecked-result]
  auto Cancel = [H, S] { WinHttpCloseHandle(H); };
  // CHECK-MESSAGES: :[[@LINE-1]]:21: error: call to implicitly-deleted copy constructor of 'MoveOnly' [clang-diagnostic-error]
  Cancel();
}

// The lambda is inside a branch of the next statement.
void nextBranchHoldsLambda(HINTERNET H, bool Retry) {
  MoveOnly S;
  WinHttpReceiveResponse(H, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the result of 'WinHttpReceiveResponse' is ignored; it returns FALSE when it fails, and the failure goes unnoticed [winhttp-unchecked-result]
  if (Retry) {
    auto Again = [&H, S] { return WinHttpReceiveResponse(H, nullptr); };
    // CHECK-MESSAGES: :[[@LINE-1]]:23: error: call to implicitly-deleted copy constructor of 'MoveOnly' [clang-diagnostic-error]
  }
}

// A stored result: is it read? The lambda that captures it by copy reads it.
void storedThenLambda(HINTERNET H) {
  MoveOnly S;
  BOOL Ok = WinHttpReceiveResponse(H, nullptr);
  auto Later = [S, Ok] { return Ok; };
  // CHECK-MESSAGES: :[[@LINE-1]]:17: error: call to implicitly-deleted copy constructor of 'MoveOnly' [clang-diagnostic-error]
}

// A DWORD result tested after the lambda; GetLastError in another lambda.
void dwordTestedAroundLambda(HINTERNET Socket) {
  MoveOnly S;
  DWORD Err = WinHttpWebSocketClose(Socket, 1000, nullptr, 0);
  auto Log = [S] {};
  // CHECK-MESSAGES: :[[@LINE-1]]:15: error: call to implicitly-deleted copy constructor of 'MoveOnly' [clang-diagnostic-error]
  if (Err != NO_ERROR) {
    auto Report = [S] { return GetLastError(); };
    // CHECK-MESSAGES: :[[@LINE-1]]:20: error: call to implicitly-deleted copy constructor of 'MoveOnly' [clang-diagnostic-error]
    // CHECK-MESSAGES: :[[@LINE-2]]:32: warning: 'GetLastError' does not report the error of 'WinHttpWebSocketClose', which returns its error code directly [winhttp-dword-result]
  }
}

// The failed capture is nested in a lambda that captures by reference.
void nestedLambda(HINTERNET H) {
  MoveOnly S;
  WinHttpSendRequest(H, nullptr, 0, nullptr, 0, 0, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the result of 'WinHttpSendRequest' is ignored; it returns FALSE when it fails, and the failure goes unnoticed [winhttp-unchecked-result]
  auto Outer = [&S] { auto Inner = [S] {}; };
  // CHECK-MESSAGES: :[[@LINE-1]]:37: error: call to implicitly-deleted copy constructor of 'MoveOnly' [clang-diagnostic-error]
}

// Quiet: GetLastError follows, inside the lambda that is called at once.
void nextCallsLambda(HINTERNET H) {
  MoveOnly S;
  WinHttpReceiveResponse(H, nullptr);
  [S] { GetLastError(); }();
  // CHECK-MESSAGES: :[[@LINE-1]]:4: error: call to implicitly-deleted copy constructor of 'MoveOnly' [clang-diagnostic-error]
}

// Quiet: the copy fails only in the instantiation, and GetLastError follows.
template <typename T> void inTemplate(HINTERNET H, T Value) {
  WinHttpSendRequest(H, nullptr, 0, nullptr, 0, 0, 0);
  auto Keep = [Value] { return GetLastError(); };
  // CHECK-MESSAGES: :[[@LINE-1]]:16: error: call to implicitly-deleted copy constructor of 'MoveOnly' [clang-diagnostic-error]
}
template void inTemplate(HINTERNET, MoveOnly);
// CHECK-MESSAGES: :[[@LINE-1]]:15: note: in instantiation of function template specialization 'inTemplate<MoveOnly>' requested here

// An init capture keeps its failed initialiser as an expression.
void initCapture(HINTERNET H) {
  MoveOnly S;
  WinHttpSendRequest(H, nullptr, 0, nullptr, 0, 0, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the result of 'WinHttpSendRequest' is ignored; it returns FALSE when it fails, and the failure goes unnoticed [winhttp-unchecked-result]
  auto Moved = [T = S] {};
  // CHECK-MESSAGES: :[[@LINE-1]]:17: error: call to implicitly-deleted copy constructor of 'MoveOnly' [clang-diagnostic-error]
}
