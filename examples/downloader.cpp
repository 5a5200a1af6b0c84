// A small Windows downloader with a worker thread and a Cancel button, the
// kind of code winhttp-tidy is for. It carries one instance of each bug the
// winhttp-* checks find; `tools/demo` runs them on it.
//
// Build for Windows with MinGW:
//   x86_64-w64-mingw32-g++-posix -std=c++17 downloader.cpp -lwinhttp
#include <windows.h>
#include <winhttp.h>

#include <atomic>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

namespace {

void CALLBACK onStatus(HINTERNET Handle, DWORD_PTR Context, DWORD Status,
                       LPVOID Info, DWORD InfoLength) {
  if (Status == WINHTTP_CALLBACK_STATUS_SENDING_REQUEST)
    std::fprintf(stderr, "sending request\n");
}

class Downloader {
public:
  bool open(const wchar_t *Host) {
    Session = WinHttpOpen(L"winhttp-tidy-example/1.0",
                          WINHTTP_ACCESS_TYPE_AUTOMATIC_PROXY,
                          WINHTTP_NO_PROXY_NAME, WINHTTP_NO_PROXY_BYPASS, 0);
    if (!Session)
      return false;
    // Bug (winhttp-status-callback-result): NULL means success here.
    if (WinHttpSetStatusCallback(Session, onStatus,
                                 WINHTTP_CALLBACK_FLAG_SEND_REQUEST,
                                 0) == NULL)
      return false;
    Connection = WinHttpConnect(Session, Host, INTERNET_DEFAULT_HTTPS_PORT, 0);
    return Connection != nullptr;
  }

  void start(const wchar_t *Path) {
    Worker = std::thread([this, Path] { download(Path); });
  }

  // Called from the UI thread when the user presses Cancel.
  // Bug (winhttp-close-during-sync-call): the worker may be blocked in
  // WinHttpSendRequest or WinHttpReceiveResponse on this very handle.
  void onCancel() {
    Cancelled = true;
    WinHttpCloseHandle(Request);
  }

  void wait() {
    if (Worker.joinable())
      Worker.join();
  }

  // Bug (winhttp-use-after-close): onCancel closed Request and left it in
  // place, so this closes it a second time.
  ~Downloader() {
    wait();
    if (Request)
      WinHttpCloseHandle(Request);
    if (Connection)
      WinHttpCloseHandle(Connection);
    if (Session)
      WinHttpCloseHandle(Session);
  }

  const std::vector<char> &body() const { return Body; }

private:
  void download(const wchar_t *Path) {
    Request = WinHttpOpenRequest(Connection, L"GET", Path, nullptr,
                                 WINHTTP_NO_REFERER,
                                 WINHTTP_DEFAULT_ACCEPT_TYPES,
                                 WINHTTP_FLAG_SECURE);
    if (!Request)
      return;
    if (!WinHttpSendRequest(Request, WINHTTP_NO_ADDITIONAL_HEADERS, 0,
                            WINHTTP_NO_REQUEST_DATA, 0, 0, 0) ||
        !WinHttpReceiveResponse(Request, nullptr))
      return;
    char Buffer[4096];
    DWORD Read = 0;
    while (!Cancelled && WinHttpReadData(Request, Buffer, sizeof(Buffer), &Read) &&
           Read != 0)
      Body.insert(Body.end(), Buffer, Buffer + Read);
  }

  HINTERNET Session = nullptr;
  HINTERNET Connection = nullptr;
  HINTERNET Request = nullptr;
  std::thread Worker;
  std::atomic<bool> Cancelled{false};
  std::vector<char> Body;
};

// Sends a WebSocket ping-style message on an upgraded connection.
bool sendHeartbeat(HINTERNET WebSocket) {
  static char Message[] = "ping";
  // Bug (winhttp-dword-result): WinHttpWebSocketSend returns NO_ERROR (0) on
  // success, so this returns false when the send worked.
  if (!WinHttpWebSocketSend(WebSocket,
                            WINHTTP_WEB_SOCKET_UTF8_MESSAGE_BUFFER_TYPE,
                            Message, sizeof(Message) - 1)) {
    // Bug (winhttp-dword-result): the error is the return value.
    std::fprintf(stderr, "send failed: %lu\n", GetLastError());
    return false;
  }
  return true;
}

} // namespace

int main() {
  Downloader D;
  if (!D.open(L"example.com"))
    return 1;
  D.start(L"/");
  D.wait();
  std::printf("%zu bytes\n", D.body().size());
  (void)&sendHeartbeat;
  return 0;
}
