// An asynchronous uploader that uses WinHTTP the way its documentation asks:
// the session is asynchronous, so closing the request is the documented way
// to cancel it; the status callback's result is compared with
// WINHTTP_INVALID_STATUS_CALLBACK; DWORD error codes are compared with
// NO_ERROR; every BOOL result is tested. The winhttp-* checks find nothing
// here.
#include <windows.h>
#include <winhttp.h>

#include <atomic>
#include <cstdio>

namespace {

struct Upload {
  HINTERNET Session = nullptr;
  HINTERNET Connection = nullptr;
  HINTERNET Request = nullptr;
  HANDLE Closed = nullptr;
  std::atomic<bool> Done{false};
};

void CALLBACK onStatus(HINTERNET Handle, DWORD_PTR Context, DWORD Status,
                       LPVOID Info, DWORD InfoLength) {
  auto *U = reinterpret_cast<Upload *>(Context);
  switch (Status) {
  case WINHTTP_CALLBACK_STATUS_SENDREQUEST_COMPLETE:
    // On failure no further completion arrives: the upload is over.
    if (!WinHttpReceiveResponse(Handle, nullptr))
      U->Done = true;
    break;
  case WINHTTP_CALLBACK_STATUS_HEADERS_AVAILABLE:
    U->Done = true;
    break;
  case WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING:
    SetEvent(U->Closed);
    break;
  default:
    (void)Info;
    (void)InfoLength;
    break;
  }
}

bool start(Upload &U, const wchar_t *Host, const char *Body, DWORD Size) {
  U.Session = WinHttpOpen(L"winhttp-tidy-example/1.0",
                          WINHTTP_ACCESS_TYPE_AUTOMATIC_PROXY,
                          WINHTTP_NO_PROXY_NAME, WINHTTP_NO_PROXY_BYPASS,
                          WINHTTP_FLAG_ASYNC);
  if (!U.Session)
    return false;
  if (WinHttpSetStatusCallback(U.Session, onStatus,
                               WINHTTP_CALLBACK_FLAG_ALL_NOTIFICATIONS,
                               0) == WINHTTP_INVALID_STATUS_CALLBACK)
    return false;
  U.Connection =
      WinHttpConnect(U.Session, Host, INTERNET_DEFAULT_HTTPS_PORT, 0);
  if (!U.Connection)
    return false;
  U.Request = WinHttpOpenRequest(U.Connection, L"POST", L"/upload", nullptr,
                                 WINHTTP_NO_REFERER,
                                 WINHTTP_DEFAULT_ACCEPT_TYPES,
                                 WINHTTP_FLAG_SECURE);
  if (!U.Request)
    return false;
  U.Closed = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  return WinHttpSendRequest(U.Request, WINHTTP_NO_ADDITIONAL_HEADERS, 0,
                            const_cast<char *>(Body), Size, Size,
                            reinterpret_cast<DWORD_PTR>(&U)) != FALSE;
}

// Cancels at any time: in an asynchronous session, closing the request
// handle cancels what is in flight, and HANDLE_CLOSING says when the
// callback is done with the context.
void cancel(Upload &U) {
  WinHttpCloseHandle(U.Request);
  WaitForSingleObject(U.Closed, INFINITE);
  WinHttpCloseHandle(U.Connection);
  WinHttpCloseHandle(U.Session);
  CloseHandle(U.Closed);
}

} // namespace

// Sends a message on an open WebSocket and reports its error code.
DWORD sendMessage(HINTERNET WebSocket, const char *Text, DWORD Size) {
  DWORD Error = WinHttpWebSocketSend(
      WebSocket, WINHTTP_WEB_SOCKET_UTF8_MESSAGE_BUFFER_TYPE,
      const_cast<char *>(Text), Size);
  if (Error != NO_ERROR)
    std::fprintf(stderr, "send failed: %lu\n", Error);
  return Error;
}

int upload(const wchar_t *Host) {
  static const char Body[] = "hello";
  Upload U;
  bool Started = start(U, Host, Body, sizeof(Body) - 1);
  if (Started)
    cancel(U);
  return Started ? 0 : 1;
}
