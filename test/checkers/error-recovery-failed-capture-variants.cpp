// More spellings of the failed lambda capture of
// error-recovery-failed-capture.cpp, written after its fix, through the other
// checks: a thread's lambda, a status switch, a use after close, an array
// capture, a copy of *this, a generic lambda in a condition. None crashed;
// the findings are those of the same code without the failed copy.
// RUN: %check_clang_tidy --expect-clang-tidy-error %s winhttp-* %t -- -- %mingw -std=c++17

#include <windows.h>
#include <winhttp.h>
#include <memory>
#include <thread>

struct MoveOnly {
  MoveOnly();
  MoveOnly(MoveOnly &&);
};

void threadWithFailedCapture(HINTERNET Request) {
  MoveOnly S;
  std::thread Reader([Request, S] { WinHttpReceiveResponse(Request, nullptr); });
  // CHECK-MESSAGES: :[[@LINE-1]]:32: error: call to implicitly-deleted copy constructor of 'MoveOnly' [clang-diagnostic-error]
  // CHECK-MESSAGES: :[[@LINE-2]]:37: warning: the result of 'WinHttpReceiveResponse' is ignored; it returns FALSE when it fails, and the failure goes unnoticed [winhttp-unchecked-result]
  WinHttpCloseHandle(Request);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'Request' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
  Reader.join();
}

void CALLBACK onStatus(HINTERNET H, DWORD_PTR Ctx, DWORD Status, LPVOID,
                       DWORD) {
  MoveOnly S;
  switch (Status) {
  case WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING: {
    auto Free = [S, Ctx] { delete reinterpret_cast<int *>(Ctx); };
    // CHECK-MESSAGES: :[[@LINE-1]]:18: error: call to implicitly-deleted copy constructor of 'MoveOnly' [clang-diagnostic-error]
    break;
  }
  case WINHTTP_CALLBACK_STATUS_REQUEST_ERROR:
    WinHttpCloseHandle(H);
    break;
  }
}

void useAfterCloseInLambda(HINTERNET H) {
  MoveOnly S;
  WinHttpCloseHandle(H);
  auto Late = [H, S] { return WinHttpQueryDataAvailable(H, nullptr); };
  // CHECK-MESSAGES: :[[@LINE-1]]:19: error: call to implicitly-deleted copy constructor of 'MoveOnly' [clang-diagnostic-error]
}

void arrayCaptureAndLeak() {
  MoveOnly Arr[2];
  HINTERNET Session = WinHttpOpen(L"x", 0, nullptr, nullptr, 0);
  auto Use = [Arr, Session] { WinHttpSetTimeouts(Session, 0, 0, 0, 0); };
  // CHECK-MESSAGES: :[[@LINE-1]]:15: error: call to implicitly-deleted copy constructor of 'MoveOnly[2]' [clang-diagnostic-error]
  // CHECK-MESSAGES: :[[@LINE-2]]:31: warning: the result of 'WinHttpSetTimeouts' is ignored; it returns FALSE when it fails, and the failure goes unnoticed [winhttp-unchecked-result]
}

struct Client {
  std::unique_ptr<int> Owned;
  HINTERNET Request;
  void start() {
    WinHttpSetStatusCallback(Request, onStatus,
                             WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
    auto Self = [*this] { WinHttpCloseHandle(Request); };
    // CHECK-MESSAGES: :[[@LINE-1]]:18: error: call to implicitly-deleted copy constructor of 'Client' [clang-diagnostic-error]
    DWORD Err = WinHttpWebSocketShutdown(Request, 1000, nullptr, 0);
    if (Err)
      GetLastError();
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'GetLastError' does not report the error of 'WinHttpWebSocketShutdown', which returns its error code directly [winhttp-dword-result]
  }
};

void genericInCondition(HINTERNET H) {
  auto Wrap = [](auto V) { return [V] { return 1; }; };
  // CHECK-MESSAGES: :[[@LINE-1]]:36: error: call to implicitly-deleted copy constructor of 'MoveOnly' [clang-diagnostic-error]
  if (WinHttpReceiveResponse(H, nullptr) && Wrap(MoveOnly())())
    WinHttpCloseHandle(H);
}
