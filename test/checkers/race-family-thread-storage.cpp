// Family: thread objects in storage. Threads kept in arrays, vectors,
// optionals, unique_ptrs and members, started by emplace_back or
// make_unique, joined through the same storage. MinGW, C++20.
// RUN: %check_clang_tidy %s winhttp-close-during-sync-call %t -- -- %mingw -std=c++20

#include <windows.h>
#include <winhttp.h>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

HINTERNET g_Connect = WinHttpConnect(WinHttpOpen(L"ua", 0, nullptr, nullptr, 0), L"h", 80, 0);
HINTERNET openRequest() { return WinHttpOpenRequest(g_Connect, L"GET", L"/", nullptr, nullptr, nullptr, 0); }
void receive(HINTERNET R) { WinHttpReceiveResponse(R, nullptr); }

// OK: a vector of threads started by emplace_back, joined in a range-for.
void vectorJoined() {
  HINTERNET R = openRequest();
  std::vector<std::thread> Pool;
  for (int I = 0; I < 4; ++I)
    Pool.emplace_back(receive, R);
  for (std::thread &T : Pool)
    T.join();
  WinHttpCloseHandle(R);
}

// The same vector, closed before the join loop.
void vectorClosedFirst() {
  HINTERNET R = openRequest();
  std::vector<std::thread> Pool;
  Pool.emplace_back([R] { receive(R); });
  WinHttpCloseHandle(R);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'R' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
  for (auto &T : Pool)
    T.join();
}

// OK: a thread in an optional, joined through ->.
void optionalJoined() {
  HINTERNET R = openRequest();
  std::optional<std::thread> Worker;
  Worker.emplace(receive, R);
  Worker->join();
  WinHttpCloseHandle(R);
}

// OK: a thread made by make_unique, joined through the unique_ptr.
void uniquePtrJoined() {
  HINTERNET R = openRequest();
  auto Worker = std::make_unique<std::thread>(receive, R);
  Worker->join();
  WinHttpCloseHandle(R);
}

// The unique_ptr's thread is detached: nothing waits.
void uniquePtrDetached() {
  HINTERNET R = openRequest();
  auto Worker = std::make_unique<std::thread>([R] { receive(R); });
  Worker->detach();
  WinHttpCloseHandle(R);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'R' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
}

// OK: a member thread joined in a helper method before the close.
class Fetcher {
public:
  void start() { Worker = std::thread([this] { receive(Request); }); }
  void stop() {
    waitForWorker();
    WinHttpCloseHandle(Request);
  }

private:
  void waitForWorker() {
    if (Worker.joinable())
      Worker.join();
  }
  HINTERNET Request = openRequest();
  std::thread Worker;
};

// The member thread joined only when a flag says so.
class MaybeFetcher {
public:
  void start() { Worker = std::thread([this] { receive(Request); }); }
  void stop(bool Wait) {
    if (Wait)
      Worker.join();
    WinHttpCloseHandle(Request);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'WinHttpCloseHandle' may close 'Request' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
  }

private:
  HINTERNET Request = openRequest();
  std::thread Worker;
};

// OK: Win32 thread handles in an array, all waited for.
DWORD WINAPI receiveProc(LPVOID P) {
  receive(static_cast<HINTERNET>(P));
  return 0;
}
void arrayWaitAll() {
  HINTERNET R = openRequest();
  HANDLE Threads[3];
  for (int I = 0; I < 3; ++I)
    Threads[I] = CreateThread(nullptr, 0, receiveProc, R, 0, nullptr);
  WaitForMultipleObjects(3, Threads, TRUE, INFINITE);
  WinHttpCloseHandle(R);
}

// Waiting for any one of them orders nothing.
void arrayWaitAny() {
  HINTERNET R = openRequest();
  HANDLE Threads[3];
  for (int I = 0; I < 3; ++I)
    Threads[I] = CreateThread(nullptr, 0, receiveProc, R, 0, nullptr);
  WaitForMultipleObjects(3, Threads, FALSE, INFINITE);
  WinHttpCloseHandle(R);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'R' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
}
