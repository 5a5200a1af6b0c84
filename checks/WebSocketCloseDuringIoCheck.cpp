//===--- WebSocketCloseDuringIoCheck.cpp - winhttp-tidy -------------------===//
//
// Implements winhttp-websocket-close-during-io (rule R1, WebSockets).
//
//===----------------------------------------------------------------------===//

#include "WebSocketCloseDuringIoCheck.h"
#include "WinHttpApi.h"

namespace clang::tidy::winhttp {

WebSocketCloseDuringIoCheck::WebSocketCloseDuringIoCheck(
    StringRef Name, ClangTidyContext *Context)
    : CloseRaceCheckBase(
          Name, Context, api::WebSocketCloses, api::WebSocketIo,
          {"'%0' may close WebSocket '%1' while another thread is in "
           "synchronous '%2' on it; WinHttpWebSocketClose must not run at the "
           "same time as a send or a receive",
           "to stop a receive from another thread, call "
           "'WinHttpWebSocketShutdown', which may run beside it, and close "
           "once the send and receive calls have returned"}) {}

} // namespace clang::tidy::winhttp
