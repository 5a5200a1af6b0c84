// C++ threads: a close before the thread object is constructed cannot
// overlap the thread when the function joins it; in a loop that constructs
// it again, or before a thread that outlives the call, it can.
// RUN: %check_clang_tidy %s winhttp-close-during-sync-call %t -- -- %mingw -std=c++17

#include <windows.h>
#include <winhttp.h>

#include <thread>

struct Fetch {
  HINTERNET Request = nullptr;

  // OK: a retry closes the previous request before the worker starts.
  void retry() {
    if (Request)
      WinHttpCloseHandle(Request); // OK
    Request = nullptr;
    std::thread Worker([this] { WinHttpReceiveResponse(Request, nullptr); });
    Worker.join();
  }

  // OK: a local lambda that closes, called before the start.
  void viaLambda() {
    auto Reset = [this] { WinHttpCloseHandle(Request); };
    Reset();
    std::thread Worker([this] { WinHttpReceiveResponse(Request, nullptr); });
    Worker.join();
  }

};

// A detached thread of the loop may still block when the next iteration
// closes.
struct Loop {
  HINTERNET Request = nullptr;

  void loop(int N) {
    for (int I = 0; I < N; ++I) {
      WinHttpCloseHandle(Request);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'WinHttpCloseHandle' may close 'Request' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
      std::thread([this] { WinHttpReceiveResponse(Request, nullptr); }).detach();
    }
  }
};

// Detached: the worker of the previous call may still block.
struct Detached {
  HINTERNET Request = nullptr;

  void restart() {
    WinHttpCloseHandle(Request);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'WinHttpCloseHandle' may close 'Request' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
    std::thread([this] { WinHttpReceiveResponse(Request, nullptr); }).detach();
  }
};
