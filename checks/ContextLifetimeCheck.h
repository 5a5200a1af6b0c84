//===--- ContextLifetimeCheck.h - winhttp-tidy ------------------*- C++ -*-===//
//
// Declares winhttp-context-lifetime.
//
//===----------------------------------------------------------------------===//

#ifndef WINHTTP_TIDY_CHECKS_CONTEXTLIFETIMECHECK_H
#define WINHTTP_TIDY_CHECKS_CONTEXTLIFETIMECHECK_H

#include "WinHttpCheck.h"

namespace clang::tidy::winhttp {

namespace analysis {
struct ContextFinding;
} // namespace analysis

/// Finds status callback contexts that do not live until
/// WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING, and waits for HANDLE_CLOSING that
/// cannot end.
///
/// For the user-facing documentation see:
/// docs/checks/winhttp-context-lifetime.rst
class ContextLifetimeCheck : public WinHttpCheck {
public:
  ContextLifetimeCheck(StringRef Name, ClangTidyContext *Context)
      : WinHttpCheck(Name, Context) {}
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  void report(const analysis::ContextFinding &F, const ASTContext &Ctx);
  void reportFreedAfterClose(const analysis::ContextFinding &F,
                             StringRef Context);
  void reportAutomatic(const analysis::ContextFinding &F);
  void reportEndlessWait(const analysis::ContextFinding &F);
  void reportFreedTwice(const analysis::ContextFinding &F, StringRef Context);
  void noteBinding(const analysis::ContextFinding &F, StringRef Context);
  void noteRegistration(const analysis::ContextFinding &F);
};

} // namespace clang::tidy::winhttp

#endif // WINHTTP_TIDY_CHECKS_CONTEXTLIFETIMECHECK_H
