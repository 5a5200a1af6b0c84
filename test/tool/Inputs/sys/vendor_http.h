// A vendor library's header, included as a system header (-isystem): each
// winhttp-* check has a finding here, reported only with --system-headers.
#pragma once
#include <windows.h>
#include <winhttp.h>
#include <thread>

inline bool vendorSend(HINTERNET Socket, void *Data, DWORD Size) {
  return WinHttpWebSocketSend(Socket, WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE,
                              Data, Size);
}

inline bool vendorWatch(HINTERNET Request, WINHTTP_STATUS_CALLBACK Cb) {
  return WinHttpSetStatusCallback(Request, Cb, WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS, 0) != NULL;
}

class VendorDownload {
public:
  void start() {
    Worker = std::thread([this] { WinHttpReceiveResponse(Request, nullptr); });
  }
  void cancel() { WinHttpCloseHandle(Request); }

private:
  HINTERNET Request = nullptr;
  std::thread Worker;
};

class VendorSocket {
public:
  void start() {
    Reader = std::thread([this] {
      char Buffer[64];
      DWORD Read = 0;
      WINHTTP_WEB_SOCKET_BUFFER_TYPE Type;
      WinHttpWebSocketReceive(Socket, Buffer, sizeof(Buffer), &Read, &Type);
    });
  }
  void shutdown() {
    WinHttpWebSocketClose(Socket, WINHTTP_WEB_SOCKET_SUCCESS_CLOSE_STATUS, nullptr, 0);
  }

private:
  HINTERNET Socket = nullptr;
  std::thread Reader;
};
