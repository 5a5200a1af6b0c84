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
  // CHECK-NOTES: :[[@LINE+3]]:3: note: the thread is waited for here, only after the close
  // CHECK-NOTES: :[[@LINE-19]]:16: note: the session is opened here without 'WINHTTP_FLAG_ASYNC', so calls on its handles are synchronous
  // CHECK-NOTES: :[[@LINE-6]]:3: note: to stop a receive from another thread, call 'WinHttpWebSocketShutdown'
  WaitForSingleObject(t, INFINITE);
}

// OK: shut down, wait, then close.
void runClean(Conn *c) {
  HANDLE t = CreateThread(NULL, 0, reader, c, 0, NULL);
  WinHttpWebSocketShutdown(c->ws, WINHTTP_WEB_SOCKET_SUCCESS_CLOSE_STATUS, NULL, 0);
  WaitForSingleObject(t, INFINITE);
  WinHttpWebSocketClose(c->ws, WINHTTP_WEB_SOCKET_SUCCESS_CLOSE_STATUS, NULL, 0);
}

// A sending thread and a canceller found by its name.
typedef struct Pump { HINTERNET session, request, ws; } Pump;
static void pump_open(Pump *p) {
  p->session = WinHttpOpen(L"ua", 0, NULL, NULL, 0);
  p->request = WinHttpOpenRequest(WinHttpConnect(p->session, L"h", 80, 0), L"GET", L"/ws", NULL, NULL, NULL, 0);
  p->ws = WinHttpWebSocketCompleteUpgrade(p->request, 0);
}
static DWORD WINAPI pump_send(LPVOID arg) {
  Pump *p = (Pump *)arg;
  WinHttpWebSocketSend(p->ws, WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE, NULL, 0);
  return 0;
}
void pump_start(Pump *p) { pump_open(p); QueueUserWorkItem(pump_send, p, 0); }
void pump_kill(Pump *p) {
  WinHttpWebSocketClose(p->ws, 1001, NULL, 0);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'WinHttpWebSocketClose' may close WebSocket 'p->ws' while another thread is in synchronous 'WinHttpWebSocketSend' on it
  // CHECK-NOTES: :[[@LINE-7]]:3: note: synchronous 'WinHttpWebSocketSend' blocks on 'p->ws' here
  // CHECK-NOTES: :[[@LINE-5]]:42: note: 'pump_send' makes the blocking call on another thread, started here with 'QueueUserWorkItem'
  // CHECK-NOTES: :[[@LINE-15]]:16: note: the session is opened here without 'WINHTTP_FLAG_ASYNC'
  // CHECK-NOTES: :[[@LINE-5]]:3: note: to stop a receive from another thread
}

// OK: an asynchronous session, its flags in a local constant.
typedef struct AsyncWs { HINTERNET session, request, ws; } AsyncWs;
void async_ws_open(AsyncWs *a) {
  const DWORD flags = WINHTTP_FLAG_ASYNC;
  a->session = WinHttpOpen(L"ua", 0, NULL, NULL, flags);
  a->request = WinHttpOpenRequest(WinHttpConnect(a->session, L"h", 80, 0), L"GET", L"/ws", NULL, NULL, NULL, 0);
  a->ws = WinHttpWebSocketCompleteUpgrade(a->request, 0);
}
void async_ws_read(AsyncWs *a) { WinHttpWebSocketReceive(a->ws, NULL, 0, NULL, NULL); }
void async_ws_cancel(AsyncWs *a) { WinHttpWebSocketClose(a->ws, 1000, NULL, 0); }

// OK: the close and the receive share a critical section.
typedef struct Guarded { CRITICAL_SECTION cs; HINTERNET ws; } Guarded;
void guarded_read(Guarded *g) {
  EnterCriticalSection(&g->cs);
  WinHttpWebSocketReceive(g->ws, NULL, 0, NULL, NULL);
  LeaveCriticalSection(&g->cs);
}
void guarded_stop(Guarded *g) {
  EnterCriticalSection(&g->cs);
  WinHttpWebSocketClose(g->ws, 1000, NULL, 0);
  LeaveCriticalSection(&g->cs);
}

// OK: no second thread and no canceller.
void one_shot(HINTERNET ws) {
  WinHttpWebSocketSend(ws, WINHTTP_WEB_SOCKET_UTF8_MESSAGE_BUFFER_TYPE, NULL, 0);
  WinHttpWebSocketReceive(ws, NULL, 0, NULL, NULL);
  WinHttpWebSocketClose(ws, 1000, NULL, 0);
}

// OK: WinHttpWebSocketShutdown from a canceller.
typedef struct Polite { HINTERNET ws; } Polite;
void polite_read(Polite *p) { WinHttpWebSocketReceive(p->ws, NULL, 0, NULL, NULL); }
void polite_cancel(Polite *p) { WinHttpWebSocketShutdown(p->ws, 1000, NULL, 0); }
