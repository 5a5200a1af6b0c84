// The notes of winhttp-websocket-close-during-io, in C with CreateThread.
// RUN: %check_clang_tidy %s winhttp-websocket-close-during-io %t -- -- %mingw -std=c11
// RUN: %check_clang_tidy %s winhttp-websocket-close-during-io %t -- -- %msvc -std=c11

#include <windows.h>
#include <winhttp.h>

typedef struct Conn { HINTERNET session, request, ws; } Conn;

static void openConn(Conn *c) {
  c->session = WinHttpOpen(L"ua", 0, NULL, NULL, 0);
  c->request = WinHttpOpenRequest(WinHttpConnect(c->session, L"h", 80, 0), L"GET", L"/ws", NULL, NULL, NULL, 0);
  c->ws = WinHttpWebSocketCompleteUpgrade(c->request, 0);
}

static DWORD WINAPI reader(LPVOID p) {
  Conn *c = (Conn *)p;
  WinHttpWebSocketReceive(c->ws, NULL, 0, NULL, NULL);
  return 0;
}

void run(Conn *c) {
  openConn(c);
  HANDLE t = CreateThread(NULL, 0, reader, c, 0, NULL);
  WinHttpWebSocketClose(c->ws, WINHTTP_WEB_SOCKET_SUCCESS_CLOSE_STATUS, NULL, 0);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'WinHttpWebSocketClose' may close WebSocket 'c->ws' while another thread is in synchronous 'WinHttpWebSocketReceive' on it; WinHttpWebSocketClose must not run at the same time as a send or a receive [winhttp-websocket-close-during-io]
  // CHECK-NOTES: :[[@LINE-9]]:3: note: synchronous 'WinHttpWebSocketReceive' blocks on 'c->ws' here
  // CHECK-NOTES: :[[@LINE-4]]:14: note: 'reader' makes the blocking call on another thread, started here with 'CreateThread'
  // CHECK-NOTES: :[[@LINE-18]]:16: note: the session is opened here without 'WINHTTP_FLAG_ASYNC', so calls on its handles are synchronous
  // CHECK-NOTES: :[[@LINE-5]]:3: note: to stop a receive from another thread, call 'WinHttpWebSocketShutdown'
  WaitForSingleObject(t, INFINITE);
}

// OK: shut down, wait, then close.
void runClean(Conn *c) {
  HANDLE t = CreateThread(NULL, 0, reader, c, 0, NULL);
  WinHttpWebSocketShutdown(c->ws, WINHTTP_WEB_SOCKET_SUCCESS_CLOSE_STATUS, NULL, 0);
  WaitForSingleObject(t, INFINITE);
  WinHttpWebSocketClose(c->ws, WINHTTP_WEB_SOCKET_SUCCESS_CLOSE_STATUS, NULL, 0);
}
