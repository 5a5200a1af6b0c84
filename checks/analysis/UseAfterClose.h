//===--- UseAfterClose.h - WinHTTP calls on closed handles ------*- C++ -*-===//
//
// Finds WinHTTP calls on a handle after it was closed on some path (rule R2):
// WinHTTP may give a closed handle's value to another object, so a later
// call, a second WinHttpCloseHandle included, can act on someone else's
// handle.
//
// Per function, a forward may-analysis over the CFG tracks which handles are
// closed. A handle is named by the place it is read from (an access path: a
// variable, `p->f`, `o.f`, `this->f`), so an assignment to that place ends
// it (`h = NULL;` after the close makes a later `if (h) close(h)` correct);
// a copy in a local holds the same value as far as the value flow says. A
// close or a use may be in a helper: summaries, computed bottom-up, say
// which parameters (and fields reached through them or `this`) a function
// closes on every path and which it calls WinHTTP on, and apply at calls.
//
//===----------------------------------------------------------------------===//

#ifndef WINHTTP_TIDY_CHECKS_ANALYSIS_USEAFTERCLOSE_H
#define WINHTTP_TIDY_CHECKS_ANALYSIS_USEAFTERCLOSE_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include <string>
#include <vector>

namespace clang::tidy::winhttp::analysis {

/// One call on a closed handle.
struct UseAfterCloseFinding {
  /// The call that uses the handle: a WinHTTP call or a helper's.
  const CallExpr *Use;
  std::string UseCallee;
  /// The handle as written at Use.
  std::string Handle;
  /// Whether Use closes the handle again.
  bool ClosesAgain;
  /// A close that reaches Use without an assignment in between: a call,
  /// or, when Close is null, the destruction of the owner DestroyedOwner at
  /// CloseLoc (the end of its scope).
  const CallExpr *Close;
  SourceLocation CloseLoc;
  const VarDecl *DestroyedOwner = nullptr;
  std::string CloseCallee;
  /// The handle expression of Close when Close is a WinHTTP call, else
  /// null: where `h = NULL;` can go.
  const Expr *ClosedHandle;
};

/// Runs the analysis over the translation unit.
std::vector<UseAfterCloseFinding> findUsesAfterClose(ASTContext &Ctx,
                                                     bool SystemHeaders);

} // namespace clang::tidy::winhttp::analysis

#endif // WINHTTP_TIDY_CHECKS_ANALYSIS_USEAFTERCLOSE_H
