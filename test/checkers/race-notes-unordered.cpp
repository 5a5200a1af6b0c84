// Notes that say why a wait for the thread does not order the close: it
// comes after the close, it can time out, or it is not on every path.
// RUN: %check_clang_tidy %s winhttp-close-during-sync-call %t -- -- %mingw -std=c++17

#include <windows.h>
#include <winhttp.h>
#include <chrono>
#include <future>
#include <thread>

void joinedTooLate(HINTERNET r) {
  std::thread t([r] { WinHttpReceiveResponse(r, nullptr); });
  WinHttpCloseHandle(r);
  t.join();
}
// CHECK-NOTES: :[[@LINE-3]]:3: warning: 'WinHttpCloseHandle' may close 'r' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
// CHECK-NOTES: :[[@LINE-5]]:23: note: synchronous 'WinHttpReceiveResponse' blocks on 'r' here
// CHECK-NOTES: :[[@LINE-6]]:15: note: the lambda makes the blocking call on another thread, started here with 'std::thread'
// CHECK-NOTES: :[[@LINE-5]]:3: note: the thread is waited for here, only after the close
// CHECK-NOTES: :[[@LINE-7]]:3: note: whether 'r' comes from an asynchronous session could not be determined
// CHECK-NOTES: :[[@LINE-8]]:3: note: to cancel safely

void timedOut(HINTERNET r) {
  auto f = std::async(std::launch::async,
                      [r] { WinHttpReceiveResponse(r, nullptr); });
  f.wait_for(std::chrono::seconds(5));
  WinHttpCloseHandle(r);
}
// CHECK-NOTES: :[[@LINE-2]]:3: warning: 'WinHttpCloseHandle' may close 'r' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
// CHECK-NOTES: :[[@LINE-5]]:29: note: synchronous 'WinHttpReceiveResponse' blocks on 'r' here
// CHECK-NOTES: :[[@LINE-7]]:12: note: the lambda makes the blocking call on another thread, started here with 'std::async'
// CHECK-NOTES: :[[@LINE-6]]:3: note: this wait can return before the thread finishes (a timeout or an alertable wait), and the close is also reached when it does
// CHECK-NOTES: :[[@LINE-6]]:3: note: whether 'r' comes from an asynchronous session could not be determined
// CHECK-NOTES: :[[@LINE-7]]:3: note: to cancel safely

void joinedOnOneBranch(HINTERNET r, bool wait) {
  std::thread t([r] { WinHttpReceiveResponse(r, nullptr); });
  if (wait)
    t.join();
  WinHttpCloseHandle(r);
  if (t.joinable())
    t.detach();
}
// CHECK-NOTES: :[[@LINE-4]]:3: warning: 'WinHttpCloseHandle' may close 'r' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
// CHECK-NOTES: :[[@LINE-8]]:23: note: synchronous 'WinHttpReceiveResponse' blocks on 'r' here
// CHECK-NOTES: :[[@LINE-9]]:15: note: the lambda makes the blocking call on another thread, started here with 'std::thread'
// CHECK-NOTES: :[[@LINE-8]]:5: note: the thread is waited for here, but not on every path to the close
// CHECK-NOTES: :[[@LINE-8]]:3: note: whether 'r' comes from an asynchronous session could not be determined
// CHECK-NOTES: :[[@LINE-9]]:3: note: to cancel safely

// OK: the wait's result is tested.
void timedAndTested(HINTERNET r) {
  auto f = std::async(std::launch::async,
                      [r] { WinHttpReceiveResponse(r, nullptr); });
  if (f.wait_for(std::chrono::seconds(5)) == std::future_status::ready)
    WinHttpCloseHandle(r);
}

// No note for a wait on another thread.
void otherThreadJoined(HINTERNET r) {
  std::thread other([] {});
  other.join();
  std::thread t([r] { WinHttpReceiveResponse(r, nullptr); });
  WinHttpCloseHandle(r);
  t.detach();
}
// CHECK-NOTES: :[[@LINE-3]]:3: warning: 'WinHttpCloseHandle' may close 'r' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
// CHECK-NOTES: :[[@LINE-5]]:23: note: synchronous 'WinHttpReceiveResponse' blocks on 'r' here
// CHECK-NOTES: :[[@LINE-6]]:15: note: the lambda makes the blocking call on another thread, started here with 'std::thread'
// CHECK-NOTES: :[[@LINE-6]]:3: note: whether 'r' comes from an asynchronous session could not be determined
// CHECK-NOTES: :[[@LINE-7]]:3: note: to cancel safely
