//===--- ContextLifetimeCheck.cpp - winhttp-tidy --------------------------===//
//
// Reports what analysis/ContextLifetime finds (rule R3), with notes at the
// close, the binding and the callback's registration.
//
//===----------------------------------------------------------------------===//

#include "ContextLifetimeCheck.h"
#include "analysis/ContextLifetime.h"
#include "analysis/MacroSpelling.h"
#include "analysis/ValueFlow.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::winhttp {

void ContextLifetimeCheck::registerMatchers(MatchFinder *Finder) {
  registerTraversalLimit(Finder);
  // The analysis walks every function of the translation unit.
  Finder->addMatcher(translationUnitDecl().bind("tu"), this);
}

void ContextLifetimeCheck::check(const MatchFinder::MatchResult &Result) {
  if (handleTraversalLimit(Result))
    return;
  AnalysisRun Run(*this, Result.Context->getSourceManager());
  ASTContext &Ctx = *Result.Context;
  const analysis::ValueFlow &Flow = analysis::ValueFlow::shared(
      Ctx, analysis::ValueFlowOptions{{}, systemHeaders()});
  for (const analysis::ContextFinding &F :
       analysis::findContextLifetimeIssues(Ctx, Flow, systemHeaders()))
    report(F, Ctx);
}

// The context as written at its binding.
static std::string contextName(const analysis::ContextFinding &F,
                               const ASTContext &Ctx) {
  std::string Name =
      F.Context ? analysis::sourceText(*F.Context, Ctx).str() : "";
  return Name.empty() ? "the context" : Name;
}

void ContextLifetimeCheck::noteBinding(const analysis::ContextFinding &F,
                                       StringRef Context) {
  if (F.Binding)
    diag(F.Binding->getBeginLoc(),
         "'%0' is bound as the callback context of the handle here",
         DiagnosticIDs::Note)
        << Context;
}

void ContextLifetimeCheck::noteRegistration(const analysis::ContextFinding &F) {
  if (F.Registration && F.Callback)
    diag(F.Registration->getBeginLoc(),
         "'%0' is registered as the status callback here", DiagnosticIDs::Note)
        << F.Callback->getName();
}

void ContextLifetimeCheck::reportFreedAfterClose(
    const analysis::ContextFinding &F, StringRef Context) {
  if (F.Object) {
    diag(F.At->getBeginLoc(),
         "'%0', which owns the callback context, is destroyed after this "
         "close, but callbacks can still arrive until "
         "WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING")
        << F.Object->getName();
  } else {
    diag(F.At->getBeginLoc(),
         "the callback context '%0' is freed after its handle is closed, "
         "but callbacks can still arrive until "
         "WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING")
        << Context;
    diag(F.Close->getBeginLoc(), "the handle is closed here",
         DiagnosticIDs::Note);
  }
  noteBinding(F, Context);
  noteRegistration(F);
  diag(F.At->getBeginLoc(),
       "free the context in the callback on "
       "WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING, or wait here for an event "
       "the callback signals then; removing the callback with "
       "WinHttpSetStatusCallback first does not make this safe",
       DiagnosticIDs::Note);
}

void ContextLifetimeCheck::reportAutomatic(const analysis::ContextFinding &F) {
  diag(F.Context->getBeginLoc(),
       "'%0', an automatic object, is bound as the callback context of a "
       "handle of an asynchronous session, and the function can return "
       "before WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING")
      << F.Object->getName();
  diag(F.Object->getLocation(),
       "'%0' is destroyed when the function returns, while callbacks can "
       "still arrive with its address",
       DiagnosticIDs::Note)
      << F.Object->getName();
  diag(F.Context->getBeginLoc(),
       "allocate the context and free it in the callback on HANDLE_CLOSING, "
       "or wait for HANDLE_CLOSING before returning",
       DiagnosticIDs::Note);
}

void ContextLifetimeCheck::reportEndlessWait(
    const analysis::ContextFinding &F) {
  if (!F.NoContext) {
    diag(F.At->getBeginLoc(),
         "this wait for WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING never ends: "
         "'%0' is registered without WINHTTP_CALLBACK_FLAG_HANDLES")
        << F.Callback->getName();
    diag(F.Registration->getBeginLoc(),
         "'%0' is registered here with flags that leave out "
         "WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING",
         DiagnosticIDs::Note)
        << F.Callback->getName();
    return;
  }
  diag(F.At->getBeginLoc(),
       "this wait for WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING never ends: no "
       "context is bound to the handle closed before it, and WinHTTP sends "
       "HANDLE_CLOSING only for a handle with a context value");
  diag(F.Close->getBeginLoc(), "the handle is closed here",
       DiagnosticIDs::Note);
  noteRegistration(F);
  diag(F.Close->getBeginLoc(),
       "bind a context with WinHttpSendRequest's dwContext or "
       "WINHTTP_OPTION_CONTEXT_VALUE",
       DiagnosticIDs::Note);
}

void ContextLifetimeCheck::reportFreedTwice(const analysis::ContextFinding &F,
                                            StringRef Context) {
  diag(F.At->getBeginLoc(),
       "the callback context '%0' is freed when binding it fails, and the "
       "status callback frees it again on "
       "WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING")
      << Context;
  diag(F.CallbackFree->getBeginLoc(),
       "'%0' frees the context here on HANDLE_CLOSING", DiagnosticIDs::Note)
      << F.Callback->getName();
  noteBinding(F, Context);
  diag(F.At->getBeginLoc(),
       "free the context in one place: in the callback only, or count "
       "references",
       DiagnosticIDs::Note);
}

void ContextLifetimeCheck::report(const analysis::ContextFinding &F,
                                  const ASTContext &Ctx) {
  using Kind = analysis::ContextFinding::Kind;
  switch (F.K) {
  case Kind::FreedAfterClose:
    reportFreedAfterClose(F, contextName(F, Ctx));
    return;
  case Kind::AutomaticContext:
    reportAutomatic(F);
    return;
  case Kind::WaitNeverEnds:
    reportEndlessWait(F);
    return;
  case Kind::FreedTwice:
    reportFreedTwice(F, contextName(F, Ctx));
    return;
  }
  llvm_unreachable("every kind of finding is reported above");
}

} // namespace clang::tidy::winhttp
