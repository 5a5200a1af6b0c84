// The notes that explain a finding: helper chains, cancellers, unknown
// modes, RAII members, parents. MSVC mode (no std::).
// RUN: %check_clang_tidy %s winhttp-close-during-sync-call %t -- \
// RUN:   -config="{CheckOptions: {winhttp-close-during-sync-call.IncludeParentHandles: true}}" -- %msvc

#include <windows.h>
#include <winhttp.h>

void closeHandle(HINTERNET H) { WinHttpCloseHandle(H); }
void closeQuietly(HINTERNET H) { closeHandle(H); }

// A generic helper two calls deep, reached from a canceller; the handle's
// origin is not in the TU.
struct Client {
  HINTERNET Request;
  void receive() { WinHttpReceiveResponse(Request, nullptr); }
  void release() { closeQuietly(Request); }
  void onStop() { release(); }
};
// CHECK-NOTES: :[[@LINE-3]]:20: warning: 'closeQuietly' may close 'Request' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
// CHECK-NOTES: :10:34: note: which closes it by calling 'closeHandle' here
// CHECK-NOTES: :9:33: note: which closes it by calling 'WinHttpCloseHandle' here
// CHECK-NOTES: :[[@LINE-5]]:19: note: the close is reached through 'release' here
// CHECK-NOTES: :[[@LINE-8]]:20: note: synchronous 'WinHttpReceiveResponse' blocks on 'Request' here
// CHECK-NOTES: :[[@LINE-7]]:8: note: 'onStop' is taken to run while the request is in flight: its name contains 'stop' (option 'CancelFunctionPattern')
// CHECK-NOTES: :[[@LINE-9]]:20: note: whether 'Request' comes from an asynchronous session could not be determined; it is taken to be synchronous (option 'AssumeSyncWhenUnknown')
// CHECK-NOTES: :[[@LINE-10]]:20: note: to cancel safely, open the session with 'WINHTTP_FLAG_ASYNC'

// A blocking call inside a helper.
void sendIt(HINTERNET H) { WinHttpSendRequest(H, nullptr, 0, nullptr, 0, 0, 0); }
struct Sender {
  HINTERNET Session = WinHttpOpen(L"ua", 0, nullptr, nullptr, 0);
  HINTERNET Request = WinHttpOpenRequest(WinHttpConnect(Session, L"h", 80, 0), L"GET", L"/", nullptr, nullptr, nullptr, 0);
  void send() { sendIt(Request); }
  void cancel() { WinHttpCloseHandle(Request); }
  // CHECK-NOTES: :[[@LINE-1]]:19: warning: 'WinHttpCloseHandle' may close 'Request' while another thread is blocked in synchronous 'WinHttpSendRequest' on it
  // CHECK-NOTES: :[[@LINE-3]]:17: note: 'sendIt' blocks in synchronous 'WinHttpSendRequest' on 'Request' here
  // CHECK-NOTES: :[[@LINE-3]]:8: note: 'cancel' is taken to run while the request is in flight: its name contains 'cancel' (option 'CancelFunctionPattern')
  // CHECK-NOTES: :[[@LINE-7]]:23: note: the session is opened here without 'WINHTTP_FLAG_ASYNC', so calls on its handles are synchronous
  // CHECK-NOTES: :[[@LINE-5]]:19: note: to cancel safely
  // Closing the parent session, with IncludeParentHandles.
  void terminate() { WinHttpCloseHandle(Session); }
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: 'WinHttpCloseHandle' may close 'Session' while another thread is blocked in synchronous 'WinHttpSendRequest' on it
  // CHECK-NOTES: :[[@LINE-10]]:17: note: 'sendIt' blocks in synchronous 'WinHttpSendRequest' on 'Request' here
  // CHECK-NOTES: :[[@LINE-3]]:8: note: 'terminate' is taken to run while the request is in flight: its name contains 'terminate' (option 'CancelFunctionPattern')
  // CHECK-NOTES: :[[@LINE-4]]:22: note: 'Session' is a parent of the handle the call blocks on, and closing it invalidates its children (option 'IncludeParentHandles')
  // CHECK-NOTES: :[[@LINE-15]]:23: note: the session is opened here without 'WINHTTP_FLAG_ASYNC'
  // CHECK-NOTES: :[[@LINE-6]]:22: note: to cancel safely
};

// A WinHttpCloseHandle looked up with GetProcAddress is WinHttpCloseHandle.
typedef BOOL(WINAPI *CloseFn)(HINTERNET);
struct Dynamic {
  HINTERNET Request;
  void read() { WinHttpReadData(Request, nullptr, 0, nullptr); }
  void abort(HMODULE M) {
    CloseFn Close = (CloseFn)GetProcAddress(M, "WinHttpCloseHandle");
    Close(Request);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'WinHttpCloseHandle' may close 'Request' while another thread is blocked in synchronous 'WinHttpReadData' on it
    // CHECK-NOTES: :[[@LINE-5]]:17: note: synchronous 'WinHttpReadData' blocks on 'Request' here
    // CHECK-NOTES: :[[@LINE-5]]:8: note: 'abort' is taken to run
    // CHECK-NOTES: :[[@LINE-4]]:5: note: whether 'Request' comes from an asynchronous session could not be determined
    // CHECK-NOTES: :[[@LINE-5]]:5: note: to cancel safely
  }
};

// OK: a same-named member that is not WinHTTP's.
struct Wrapper {
  HINTERNET H;
  BOOL WinHttpCloseHandle(HINTERNET);
  void fetch() { WinHttpReceiveResponse(H, nullptr); }
  void stop() { WinHttpCloseHandle(H); }
};
