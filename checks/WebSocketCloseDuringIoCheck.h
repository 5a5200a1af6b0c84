//===--- WebSocketCloseDuringIoCheck.h - winhttp-tidy -----------*- C++ -*-===//
//
// Declares winhttp-websocket-close-during-io.
//
//===----------------------------------------------------------------------===//

#ifndef WINHTTP_TIDY_CHECKS_WEBSOCKETCLOSEDURINGIOCHECK_H
#define WINHTTP_TIDY_CHECKS_WEBSOCKETCLOSEDURINGIOCHECK_H

#include "CloseRaceCheckBase.h"

namespace clang::tidy::winhttp {

/// Finds WinHttpWebSocketClose calls that may run while another thread is in
/// a synchronous WinHttpWebSocketReceive or WinHttpWebSocketSend on the same
/// WebSocket handle.
///
/// For the user-facing documentation see:
/// docs/checks/winhttp-websocket-close-during-io.rst
class WebSocketCloseDuringIoCheck : public CloseRaceCheckBase {
public:
  WebSocketCloseDuringIoCheck(StringRef Name, ClangTidyContext *Context);
};

} // namespace clang::tidy::winhttp

#endif // WINHTTP_TIDY_CHECKS_WEBSOCKETCLOSEDURINGIOCHECK_H
