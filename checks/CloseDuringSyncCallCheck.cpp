//===--- CloseDuringSyncCallCheck.cpp - winhttp-tidy ----------------------===//
//
// Implements winhttp-close-during-sync-call (rule R1).
//
//===----------------------------------------------------------------------===//

#include "CloseDuringSyncCallCheck.h"
#include "WinHttpApi.h"

namespace clang::tidy::winhttp {

CloseDuringSyncCallCheck::CloseDuringSyncCallCheck(StringRef Name,
                                                   ClangTidyContext *Context)
    : CloseRaceCheckBase(
          Name, Context, api::ClosesHandle, api::BlocksWhenSync,
          {"'%0' may close '%1' while another thread is blocked in "
           "synchronous '%2' on it; closing a handle that a synchronous call "
           "is using can crash or corrupt memory",
           "to cancel safely, open the session with 'WINHTTP_FLAG_ASYNC' and "
           "cancel by closing the request handle, close only from a status "
           "callback for this request (or after one was seen), or bound the "
           "call with 'WinHttpSetTimeouts'"}) {}

} // namespace clang::tidy::winhttp
