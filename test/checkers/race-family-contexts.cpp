// Family: callback contexts, C++ spellings: `this` as the context of a
// member session's callback, two objects of one class on two sessions, a
// context set with WINHTTP_OPTION_CONTEXT_VALUE, and a WebSocket's context.
// RUN: %check_clang_tidy %s winhttp-close-during-sync-call %t -- -- %mingw -std=c++17

#include <windows.h>
#include <winhttp.h>
#include <atomic>
#include <thread>

// An asynchronous client: callback on a member session, `this` as context.
class Client {
public:
  Client() {
    session_ = WinHttpOpen(L"ua", 0, nullptr, nullptr, WINHTTP_FLAG_ASYNC);
    WinHttpSetStatusCallback(session_, &Client::onStatus,
                             WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
  }
  void get() {
    HINTERNET c = WinHttpConnect(session_, L"example.com", 443, 0);
    request_ = WinHttpOpenRequest(c, L"GET", L"/", nullptr, nullptr, nullptr, 0);
    WinHttpSendRequest(request_, nullptr, 0, nullptr, 0, 0, (DWORD_PTR)this);
  }
  void cancel() { WinHttpCloseHandle(request_); }

private:
  static void CALLBACK onStatus(HINTERNET h, DWORD_PTR ctx, DWORD status,
                                LPVOID info, DWORD len) {
    Client *self = reinterpret_cast<Client *>(ctx);
    if (status == WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE)
      WinHttpReceiveResponse(self->request_, nullptr);
  }
  HINTERNET session_ = nullptr;
  HINTERNET request_ = nullptr;
};

// Two connections of one type on two sessions: A is asynchronous and its
// callback closes A's request on error; B is synchronous and blocked.
struct Conn {
  HINTERNET session;
  HINTERNET request;
};
static void CALLBACK onA(HINTERNET h, DWORD_PTR c, DWORD s, LPVOID, DWORD) {
  auto *conn = reinterpret_cast<Conn *>(c);
  if (s == WINHTTP_CALLBACK_STATUS_REQUEST_ERROR)
    WinHttpCloseHandle(conn->request);
}
Conn a, b;
void setup() {
  a.session = WinHttpOpen(L"a", 0, nullptr, nullptr, WINHTTP_FLAG_ASYNC);
  WinHttpSetStatusCallback(a.session, onA,
                           WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
  HINTERNET ca = WinHttpConnect(a.session, L"example.com", 443, 0);
  a.request = WinHttpOpenRequest(ca, L"GET", L"/", nullptr, nullptr, nullptr, 0);
  WinHttpSendRequest(a.request, nullptr, 0, nullptr, 0, 0, (DWORD_PTR)&a);
  b.session = WinHttpOpen(L"b", 0, nullptr, nullptr, 0);
  HINTERNET cb = WinHttpConnect(b.session, L"example.com", 443, 0);
  b.request = WinHttpOpenRequest(cb, L"GET", L"/", nullptr, nullptr, nullptr, 0);
  std::thread([] {
    WinHttpSendRequest(b.request, nullptr, 0, nullptr, 0, 0, 0);
  }).detach();
}
void cancelB() {
  WinHttpCloseHandle(b.request);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'b.request' while another thread is blocked in synchronous 'WinHttpSendRequest' on it
}
void cancelA() { WinHttpCloseHandle(a.request); }

// A WebSocket of a synchronous session: its context goes to the callback
// registered on it; the reader blocks, and the close does not wait.
struct Socket {
  HINTERNET ws = nullptr;
};
static void CALLBACK onWs(HINTERNET h, DWORD_PTR c, DWORD s, LPVOID, DWORD) {
  auto *sock = reinterpret_cast<Socket *>(c);
  (void)sock;
}
Socket g_sock;
void openSocket() {
  HINTERNET s = WinHttpOpen(L"ua", 0, nullptr, nullptr, 0);
  HINTERNET c = WinHttpConnect(s, L"example.com", 443, 0);
  HINTERNET r = WinHttpOpenRequest(c, L"GET", L"/ws", nullptr, nullptr, nullptr, 0);
  WinHttpSetOption(r, WINHTTP_OPTION_UPGRADE_TO_WEB_SOCKET, nullptr, 0);
  WinHttpSendRequest(r, nullptr, 0, nullptr, 0, 0, 0);
  WinHttpReceiveResponse(r, nullptr);
  g_sock.ws = WinHttpWebSocketCompleteUpgrade(r, (DWORD_PTR)&g_sock);
  WinHttpSetStatusCallback(g_sock.ws, onWs,
                           WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
  std::thread([] {
    BYTE buf[256];
    DWORD got;
    WINHTTP_WEB_SOCKET_BUFFER_TYPE type;
    WinHttpWebSocketReceive(g_sock.ws, buf, sizeof buf, &got, &type);
  }).detach();
}
void closeSocket() {
  WinHttpCloseHandle(g_sock.ws);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'g_sock.ws' while another thread is blocked in synchronous 'WinHttpWebSocketReceive' on it
}

// A context set with WINHTTP_OPTION_CONTEXT_VALUE (WinHTTP copies the
// pointer whose address is passed); the session is not in the TU, taken as
// synchronous (AssumeSyncWhenUnknown). The close races the reader unless it
// waits until the callback said the read completed.
struct Req {
  HINTERNET h;
  std::atomic<bool> done{false};
};
static void CALLBACK onReq(HINTERNET h, DWORD_PTR ctx, DWORD status, LPVOID,
                           DWORD) {
  auto *r = reinterpret_cast<Req *>(ctx);
  if (status == WINHTTP_CALLBACK_STATUS_READ_COMPLETE)
    r->done.store(true);
}
static Req g_ungated, g_gated;
void bind(Req &req, HINTERNET connect) {
  req.h = WinHttpOpenRequest(connect, L"GET", L"/", nullptr, nullptr, nullptr, 0);
  Req *p = &req;
  WinHttpSetOption(req.h, WINHTTP_OPTION_CONTEXT_VALUE, &p, sizeof p);
  WinHttpSetStatusCallback(req.h, onReq,
                           WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0);
}
void runUngated(HINTERNET connect) {
  bind(g_ungated, connect);
  std::thread([] { WinHttpReceiveResponse(g_ungated.h, nullptr); }).detach();
  WinHttpCloseHandle(g_ungated.h);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'WinHttpCloseHandle' may close 'g_ungated.h' while another thread is blocked in synchronous 'WinHttpReceiveResponse' on it
}
void runGated(HINTERNET connect) {
  bind(g_gated, connect);
  std::thread([] { WinHttpReceiveResponse(g_gated.h, nullptr); }).detach();
  if (!g_gated.done.load())
    return;
  WinHttpCloseHandle(g_gated.h);
}
