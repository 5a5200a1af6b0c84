//===--- ContextLifetime.h - callback contexts outliving closes -*- C++ -*-===//
//
// Finds callback contexts that do not live until WINHTTP_CALLBACK_STATUS_
// HANDLE_CLOSING (rule R3), over a translation unit, on top of the value
// flow (which handle a call names, which session it belongs to, which
// callbacks are registered on it) and the CFG of each function:
//
//  * a context freed after its handle is closed, with no wait between for an
//    event the callback signals on HANDLE_CLOSING;
//  * the address of an automatic object bound as the context of an
//    asynchronous handle in a function that can return before such a wait;
//  * a wait for HANDLE_CLOSING that cannot end: the callback was registered
//    without WINHTTP_CALLBACK_FLAG_HANDLES, or no context is bound to the
//    handle closed before it;
//  * a context freed both by the callback on HANDLE_CLOSING and on the path
//    where binding it failed.
//
// A context is bound by a table function's context argument
// (WinHttpSendRequest's dwContext, ...) or by WinHttpSetOption with
// WINHTTP_OPTION_CONTEXT_VALUE, whose buffer holds the context value: for
// `WinHttpSetOption(h, WINHTTP_OPTION_CONTEXT_VALUE, &p, sizeof p)` the
// context is what p points to. A free is `delete`, free(), HeapFree(),
// LocalFree(), GlobalFree(), an owner's reset() or the end of a local
// owner's scope; one under a test of a reference count's decrement is a
// release and is not counted.
//
//===----------------------------------------------------------------------===//

#ifndef WINHTTP_TIDY_CHECKS_ANALYSIS_CONTEXTLIFETIME_H
#define WINHTTP_TIDY_CHECKS_ANALYSIS_CONTEXTLIFETIME_H

#include "ValueFlow.h"
#include "clang/AST/ASTContext.h"
#include <vector>

namespace clang::tidy::winhttp::analysis {

struct ContextFinding {
  enum class Kind {
    /// At: the free; Close: the close before it.
    FreedAfterClose,
    /// At: the binding; Object: the automatic object.
    AutomaticContext,
    /// At: the wait; Close: the close it follows (NoContext), or null
    /// (flags).
    WaitNeverEnds,
    /// At: the free on the failure path; CallbackFree: the callback's.
    FreedTwice,
  };
  Kind K;
  const Stmt *At = nullptr;
  /// Where the context is bound (null for WaitNeverEnds).
  const CallExpr *Binding = nullptr;
  const CallExpr *Close = nullptr;
  /// The registration of the status callback concerned.
  const CallExpr *Registration = nullptr;
  const FunctionDecl *Callback = nullptr;
  const Stmt *CallbackFree = nullptr;
  const VarDecl *Object = nullptr;
  /// The expression that designates the context at the binding.
  const Expr *Context = nullptr;
  /// WaitNeverEnds: whether because no context is bound (else: the flags).
  bool NoContext = false;
};

/// The findings of \p Ctx, in source order of At.
std::vector<ContextFinding> findContextLifetimeIssues(ASTContext &Ctx,
                                                      const ValueFlow &Flow,
                                                      bool SystemHeaders);

} // namespace clang::tidy::winhttp::analysis

#endif // WINHTTP_TIDY_CHECKS_ANALYSIS_CONTEXTLIFETIME_H
