//===--- CloseDuringSyncCallCheck.h - winhttp-tidy --------------*- C++ -*-===//
//
// Declares winhttp-close-during-sync-call.
//
//===----------------------------------------------------------------------===//

#ifndef WINHTTP_TIDY_CHECKS_CLOSEDURINGSYNCCALLCHECK_H
#define WINHTTP_TIDY_CHECKS_CLOSEDURINGSYNCCALLCHECK_H

#include "CloseRaceCheckBase.h"

namespace clang::tidy::winhttp {

/// Finds closes of a WinHTTP handle that may run while another thread is
/// blocked in a synchronous WinHTTP call on the same handle.
///
/// For the user-facing documentation see:
/// docs/checks/winhttp-close-during-sync-call.rst
class CloseDuringSyncCallCheck : public CloseRaceCheckBase {
public:
  CloseDuringSyncCallCheck(StringRef Name, ClangTidyContext *Context);
};

} // namespace clang::tidy::winhttp

#endif // WINHTTP_TIDY_CHECKS_CLOSEDURINGSYNCCALLCHECK_H
