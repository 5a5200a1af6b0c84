// winhttp-websocket-close-during-io: WinHttpWebSocketClose beside a send or
// receive on the same WebSocket. MinGW with <thread>.
// RUN: %check_clang_tidy %s winhttp-websocket-close-during-io %t -- -- %mingw -std=c++17

#include <windows.h>
#include <winhttp.h>
#include <mutex>
#include <thread>

// Each struct has fields of its own: a field is one handle for every object
// of its class, so a shared base class would link the scenarios.
#define SOCKET_FIELDS                                                          \
  HINTERNET Session = WinHttpOpen(L"ua", 0, nullptr, nullptr, 0);              \
  HINTERNET Request = WinHttpOpenRequest(WinHttpConnect(Session, L"h", 80, 0), \
                                         L"GET", L"/ws", nullptr, nullptr,     \
                                         nullptr, 0);                          \
  HINTERNET Ws = WinHttpWebSocketCompleteUpgrade(Request, 0);

// A reader thread receives; the UI closes.
struct Reader {
  SOCKET_FIELDS
  std::thread T;
  char Buf[64];
  void start() {
    T = std::thread([this] {
      DWORD Read;
      WINHTTP_WEB_SOCKET_BUFFER_TYPE Type;
      WinHttpWebSocketReceive(Ws, Buf, sizeof(Buf), &Read, &Type);
    });
  }
  void disconnect() {
    WinHttpWebSocketClose(Ws, WINHTTP_WEB_SOCKET_SUCCESS_CLOSE_STATUS, nullptr, 0);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'WinHttpWebSocketClose' may close WebSocket 'Ws' while another thread is in synchronous 'WinHttpWebSocketReceive' on it; WinHttpWebSocketClose must not run at the same time as a send or a receive [winhttp-websocket-close-during-io]
    T.join();
  }
};

// A writer thread sends; a canceller closes.
struct Writer {
  SOCKET_FIELDS
  void pump() { WinHttpWebSocketSend(Ws, WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE, nullptr, 0); }
  void cancel() { WinHttpWebSocketClose(Ws, 1000, nullptr, 0); }
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'WinHttpWebSocketClose' may close WebSocket 'Ws' while another thread is in synchronous 'WinHttpWebSocketSend' on it
};

// OK: WinHttpWebSocketShutdown may run beside a receive.
struct Shutdown {
  SOCKET_FIELDS
  std::thread T;
  void start() { T = std::thread([this] { WinHttpWebSocketReceive(Ws, nullptr, 0, nullptr, nullptr); }); }
  void stop() { WinHttpWebSocketShutdown(Ws, 1000, nullptr, 0); }
};

// OK: closed after the reader was joined.
struct Joined {
  SOCKET_FIELDS
  std::thread T;
  void start() { T = std::thread([this] { WinHttpWebSocketReceive(Ws, nullptr, 0, nullptr, nullptr); }); }
  void stop() {
    WinHttpWebSocketShutdown(Ws, 1000, nullptr, 0);
    T.join();
    WinHttpWebSocketClose(Ws, 1000, nullptr, 0);
  }
};

// OK: an asynchronous session.
struct Async {
  HINTERNET Session = WinHttpOpen(L"ua", 0, nullptr, nullptr, WINHTTP_FLAG_ASYNC);
  HINTERNET Request = WinHttpOpenRequest(WinHttpConnect(Session, L"h", 80, 0), L"GET", L"/ws", nullptr, nullptr, nullptr, 0);
  HINTERNET Ws = WinHttpWebSocketCompleteUpgrade(Request, 0);
  void pump() { WinHttpWebSocketSend(Ws, WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE, nullptr, 0); }
  void cancel() { WinHttpWebSocketClose(Ws, 1000, nullptr, 0); }
};

// OK: send and close under the same lock.
struct Locked {
  SOCKET_FIELDS
  std::mutex M;
  void pump() {
    std::lock_guard<std::mutex> G(M);
    WinHttpWebSocketSend(Ws, WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE, nullptr, 0);
  }
  void cancel() {
    std::lock_guard<std::mutex> G(M);
    WinHttpWebSocketClose(Ws, 1000, nullptr, 0);
  }
};

// OK: the same thread receives and then closes.
void sequential(HINTERNET Ws) {
  WinHttpWebSocketReceive(Ws, nullptr, 0, nullptr, nullptr);
  WinHttpWebSocketClose(Ws, 1000, nullptr, 0);
}

// OK: WinHttpCloseHandle is the other check's business.
struct CloseHandleOnly {
  SOCKET_FIELDS
  void pump() { WinHttpWebSocketSend(Ws, WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE, nullptr, 0); }
  void cancel() { WinHttpCloseHandle(Ws); }
};

// A helper that closes the WebSocket, reached from a thread.
void closeSocket(HINTERNET Ws) { WinHttpWebSocketClose(Ws, 1000, nullptr, 0); }
struct Watchdog {
  SOCKET_FIELDS
  std::thread T;
  void start() { T = std::thread([this] { closeSocket(Ws); }); }
  // CHECK-MESSAGES: :[[@LINE-1]]:43: warning: 'closeSocket' may close WebSocket 'Ws' while another thread is in synchronous 'WinHttpWebSocketReceive' on it
  void read() { WinHttpWebSocketReceive(Ws, nullptr, 0, nullptr, nullptr); }
};

// OK: NOLINT.
struct Silenced {
  SOCKET_FIELDS
  void pump() { WinHttpWebSocketSend(Ws, WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE, nullptr, 0); }
  void cancel() { WinHttpWebSocketClose(Ws, 1000, nullptr, 0); } // NOLINT(winhttp-websocket-close-during-io)
};
