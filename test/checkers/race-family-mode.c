// Family: session mode through the value flow. A session opened
// asynchronously stays asynchronous wherever its handle goes (a global, a
// struct field, a parent argument in another function); flags from a
// constant or a variable whose every store sets WINHTTP_FLAG_ASYNC are
// asynchronous; flags from a parameter are unknown (AssumeSyncWhenUnknown).
// MinGW and MSVC mode, C.
// RUN: %check_clang_tidy %s winhttp-close-during-sync-call %t -- -- %mingw -std=c11
// RUN: %check_clang_tidy %s winhttp-close-during-sync-call %t -- -- %msvc -std=c11

#include <windows.h>
#include <winhttp.h>

#define EXTRA_FLAG 0x20000000u
#define OPEN_FLAGS (WINHTTP_FLAG_ASYNC | EXTRA_FLAG)

// One struct type per scenario: a field is one location for every object
// of its struct (a documented limit of the value flow).
typedef struct Client {
  HINTERNET session;
  HINTERNET request;
} Client;
typedef struct ClientB { HINTERNET session, request; } ClientB;
typedef struct ClientC { HINTERNET session, request; } ClientC;
typedef struct ClientD { HINTERNET session, request; } ClientD;

static DWORD WINAPI sender(LPVOID p) {
  WinHttpSendRequest(((Client *)p)->request, NULL, 0, NULL, 0, 0, 0);
  return 0;
}

static HINTERNET connectTo(HINTERNET session) {
  return WinHttpConnect(session, L"h", 80, 0);
}

// OK: asynchronous, opened into a field, the parent handed to a helper.
void asyncThroughField(Client *c) {
  c->session = WinHttpOpen(L"ua", 0, NULL, NULL, OPEN_FLAGS);
  c->request = WinHttpOpenRequest(connectTo(c->session), L"GET", L"/", NULL, NULL, NULL, 0);
  CloseHandle(CreateThread(NULL, 0, sender, c, 0, NULL));
  WinHttpCloseHandle(c->request);
}

// OK: the flags in a variable every store of which sets the async bit.
static ClientB g_b;
static DWORD WINAPI senderB(LPVOID p) {
  (void)p;
  WinHttpSendRequest(g_b.request, NULL, 0, NULL, 0, 0, 0);
  return 0;
}
void asyncThroughVariable(BOOL secure) {
  DWORD flags = WINHTTP_FLAG_ASYNC;
  if (secure)
    flags |= EXTRA_FLAG;
  g_b.session = WinHttpOpen(L"ua", 0, NULL, NULL, flags);
  g_b.request = WinHttpOpenRequest(connectTo(g_b.session), L"GET", L"/", NULL, NULL, NULL, 0);
  CloseHandle(CreateThread(NULL, 0, senderB, NULL, 0, NULL));
  WinHttpCloseHandle(g_b.request);
}

// A variable that one path clears of the async bit: synchronous there.
static ClientC g_c;
static DWORD WINAPI senderC(LPVOID p) {
  (void)p;
  WinHttpSendRequest(g_c.request, NULL, 0, NULL, 0, 0, 0);
  return 0;
}
void maybeSync(BOOL async) {
  DWORD flags = WINHTTP_FLAG_ASYNC;
  if (!async)
    flags = 0;
  g_c.session = WinHttpOpen(L"ua", 0, NULL, NULL, flags);
  g_c.request = WinHttpOpenRequest(connectTo(g_c.session), L"GET", L"/", NULL, NULL, NULL, 0);
  CloseHandle(CreateThread(NULL, 0, senderC, NULL, 0, NULL));
  WinHttpCloseHandle(g_c.request);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'g_c.request' while another thread is blocked in synchronous 'WinHttpSendRequest' on it
}

// Flags from a parameter: unknown, taken to be synchronous.
static ClientD g_d;
static DWORD WINAPI senderD(LPVOID p) {
  (void)p;
  WinHttpSendRequest(g_d.request, NULL, 0, NULL, 0, 0, 0);
  return 0;
}
void flagsFromCaller(DWORD flags) {
  g_d.session = WinHttpOpen(L"ua", 0, NULL, NULL, flags);
  g_d.request = WinHttpOpenRequest(connectTo(g_d.session), L"GET", L"/", NULL, NULL, NULL, 0);
  CloseHandle(CreateThread(NULL, 0, senderD, NULL, 0, NULL));
  WinHttpCloseHandle(g_d.request);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'g_d.request' while another thread is blocked in synchronous 'WinHttpSendRequest' on it
}

// OK: an asynchronous session kept in a global, used as the parent in
// another function.
static HINTERNET g_asyncSession;
static HINTERNET g_e;
static DWORD WINAPI senderE(LPVOID p) {
  (void)p;
  WinHttpSendRequest(g_e, NULL, 0, NULL, 0, 0, 0);
  return 0;
}
void openAsyncSession(void) {
  g_asyncSession = WinHttpOpen(L"ua", 0, NULL, NULL, WINHTTP_FLAG_ASYNC);
}
void useAsyncSession(void) {
  g_e = WinHttpOpenRequest(connectTo(g_asyncSession), L"GET", L"/", NULL, NULL, NULL, 0);
  CloseHandle(CreateThread(NULL, 0, senderE, NULL, 0, NULL));
  WinHttpCloseHandle(g_e);
}

// A synchronous session through the same shapes.
static HINTERNET g_syncSession;
static HINTERNET g_f;
static DWORD WINAPI senderF(LPVOID p) {
  (void)p;
  WinHttpSendRequest(g_f, NULL, 0, NULL, 0, 0, 0);
  return 0;
}
void openSyncSession(void) {
  g_syncSession = WinHttpOpen(L"ua", 0, NULL, NULL, 0);
}
void useSyncSession(void) {
  g_f = WinHttpOpenRequest(connectTo(g_syncSession), L"GET", L"/", NULL, NULL, NULL, 0);
  CloseHandle(CreateThread(NULL, 0, senderF, NULL, 0, NULL));
  WinHttpCloseHandle(g_f);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'g_f' while another thread is blocked in synchronous 'WinHttpSendRequest' on it
}
