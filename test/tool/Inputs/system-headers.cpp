#include <vendor_http.h>

DWORD userSend(HINTERNET Socket, void *Data, DWORD Size) {
  if (!WinHttpWebSocketSend(Socket, WINHTTP_WEB_SOCKET_BINARY_MESSAGE_BUFFER_TYPE,
                            Data, Size))
    return 1;
  return vendorSend(Socket, Data, Size) ? 0 : 2;
}

// Stock checks keep their findings in the main file beside ours.
#include <cstdlib>
#include <string>
#include <utility>
int stockChecks() {
  std::string A = "a";
  std::string B = std::move(A);
  return static_cast<int>(A.size() + B.size()) + rand();
}
