// Templates: value-dependent code is never evaluated, patterns are checked
// once and instantiations add nothing. All four checks, MinGW.
// RUN: %check_clang_tidy %s winhttp-close-during-sync-call,winhttp-websocket-close-during-io,winhttp-dword-result,winhttp-status-callback-result %t -- -- %mingw -std=c++17

#include <windows.h>
#include <winhttp.h>
#include <thread>

template <DWORD Flags, DWORD Timeout> struct Client {
  HINTERNET Session = WinHttpOpen(L"ua", 0, nullptr, nullptr, Flags);
  HINTERNET Request = nullptr;
  HANDLE Thread = nullptr;
  static DWORD WINAPI run(LPVOID Self) {
    WinHttpSendRequest(static_cast<Client *>(Self)->Request, nullptr, 0, nullptr, 0, 0, 0);
    return 0;
  }
  void start() { Thread = CreateThread(nullptr, 0, run, this, 0, nullptr); }
  void stop() {
    if (WaitForSingleObject(Thread, Timeout) == WAIT_OBJECT_0)
      WinHttpCloseHandle(Request);
    auto Later = [this] {
      if (WaitForSingleObject(Thread, Timeout) == Flags)
        WinHttpCloseHandle(Request);
    };
    Later();
  }
  bool flagged() { return WinHttpSetStatusCallback(Request, nullptr, 0, 0) == (WINHTTP_STATUS_CALLBACK)(Flags - 1); }
  bool shut() { return !WinHttpWebSocketShutdown(Request, Flags, nullptr, 0); }
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: 'WinHttpWebSocketShutdown' returns a DWORD error code
};

void use() {
  Client<WINHTTP_FLAG_ASYNC, INFINITE> A;
  Client<0, 100> B;
  A.stop();
  B.stop();
  A.shut();
}
