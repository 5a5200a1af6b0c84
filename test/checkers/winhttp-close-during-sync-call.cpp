// Threads, cancellers, orderings, locks and callbacks in C++ (MinGW, with
// libstdc++'s <thread> and <future>).
// RUN: %check_clang_tidy %s winhttp-close-during-sync-call %t -- -- %mingw -std=c++20

#include <windows.h>
#include <winhttp.h>
#include <atomic>
#include <future>
#include <mutex>
#include <thread>

HINTERNET openSync() { return WinHttpOpen(L"ua", 0, nullptr, nullptr, 0); }

// The full diagnostic: a cancel button closes the request the worker blocks on.
class Download {
public:
  void start() {
    Session = WinHttpOpen(L"ua", WINHTTP_ACCESS_TYPE_DEFAULT_PROXY, nullptr, nullptr, 0);
    Connect = WinHttpConnect(Session, L"example.com", 443, 0);
    Request = WinHttpOpenRequest(Connect, L"GET", L"/", nullptr, nullptr, nullptr, 0);
    Worker = std::thread([this] { run(); });
  }
  void onCancel() { WinHttpCloseHandle(Request); }
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: 'WinHttpCloseHandle' may close 'Request' while another thread is blocked in synchronous 'WinHttpSendRequest' on it; closing a handle that a synchronous call is using can crash or corrupt memory [winhttp-close-during-sync-call]
  // CHECK-NOTES: :[[@LINE+9]]:5: note: synchronous 'WinHttpSendRequest' blocks on 'Request' here
  // CHECK-NOTES: :[[@LINE+9]]:5: note: synchronous 'WinHttpReceiveResponse' blocks on 'Request' here
  // CHECK-NOTES: :[[@LINE-6]]:14: note: the lambda makes the blocking call on another thread, started here with 'std::thread'
  // CHECK-NOTES: :[[@LINE-10]]:15: note: the session is opened here without 'WINHTTP_FLAG_ASYNC', so calls on its handles are synchronous
  // CHECK-NOTES: :[[@LINE-6]]:21: note: to cancel safely, open the session with 'WINHTTP_FLAG_ASYNC' and cancel by closing the request handle, close only from a status callback for this request (or after one was seen), or bound the call with 'WinHttpSetTimeouts'
  // OK: the destructor joins the worker before it closes.
  ~Download() { Worker.join(); WinHttpCloseHandle(Request); WinHttpCloseHandle(Connect); WinHttpCloseHandle(Session); }
private:
  void run() {
    WinHttpSendRequest(Request, nullptr, 0, nullptr, 0, 0, 0);
    WinHttpReceiveResponse(Request, nullptr);
  }
  HINTERNET Session = nullptr, Connect = nullptr, Request = nullptr;
  std::thread Worker;
};
