// The thread model's options set once, without a check prefix, serve both
// race checks; a prefixed setting wins for its check. MSVC mode (no std::).
// RUN: %check_clang_tidy %s winhttp-close-during-sync-call,winhttp-websocket-close-during-io %t -- \
// RUN:   -config="{CheckOptions: {ThreadStartFunctions: 'spawnTask:0:1', ThreadJoinFunctions: 'finishTask'}}" -- %msvc
// RUN: %check_clang_tidy -check-suffix=LOCAL %s winhttp-close-during-sync-call,winhttp-websocket-close-during-io %t -- \
// RUN:   -config="{CheckOptions: {ThreadStartFunctions: 'spawnTask:0:1', winhttp-websocket-close-during-io.ThreadStartFunctions: 'other:0'}}" -- %msvc

#include <windows.h>
#include <winhttp.h>

typedef int TaskId;
TaskId spawnTask(void (*Fn)(void *), void *Arg);
void finishTask(TaskId Id);

HINTERNET g_Request;
HINTERNET g_Socket;

void receiveBoth(void *) {
  WinHttpReceiveResponse(g_Request, nullptr);
  WinHttpWebSocketReceive(g_Socket, nullptr, 0, nullptr, nullptr);
}

void closeBoth() {
  TaskId T = spawnTask(receiveBoth, nullptr);
  WinHttpCloseHandle(g_Request);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'g_Request' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
  // CHECK-MESSAGES-LOCAL: :[[@LINE-2]]:3: warning: 'WinHttpCloseHandle' may close 'g_Request' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
  WinHttpWebSocketClose(g_Socket, 1000, nullptr, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpWebSocketClose' may close WebSocket 'g_Socket' while another thread is in synchronous 'WinHttpWebSocketReceive' on it
  finishTask(T);
}

// OK for both: the global join option orders the closes (without it,
// LOCAL still sees the start for the first check).
void joinedFirst() {
  TaskId T = spawnTask(receiveBoth, nullptr);
  finishTask(T);
  WinHttpCloseHandle(g_Request);
  WinHttpWebSocketClose(g_Socket, 1000, nullptr, 0);
}
// CHECK-MESSAGES-LOCAL: :[[@LINE-3]]:3: warning: 'WinHttpCloseHandle' may close 'g_Request'
