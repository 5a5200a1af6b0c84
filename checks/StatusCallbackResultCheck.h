//===--- StatusCallbackResultCheck.h - winhttp-tidy -------------*- C++ -*-===//
//
// Declares winhttp-status-callback-result.
//
//===----------------------------------------------------------------------===//

#ifndef WINHTTP_TIDY_CHECKS_STATUSCALLBACKRESULTCHECK_H
#define WINHTTP_TIDY_CHECKS_STATUSCALLBACKRESULTCHECK_H

#include "ClangTidyCheck.h"

namespace clang::tidy::winhttp {

/// Finds code that takes a NULL result of WinHttpSetStatusCallback for
/// failure: NULL is the previous callback (none) on success, and failure is
/// WINHTTP_INVALID_STATUS_CALLBACK.
///
/// For the user-facing documentation see:
/// docs/checks/winhttp-status-callback-result.rst
class StatusCallbackResultCheck : public ClangTidyCheck {
public:
  StatusCallbackResultCheck(StringRef Name, ClangTidyContext *Context)
      : ClangTidyCheck(Name, Context) {}
  void registerPPCallbacks(const SourceManager &SM, Preprocessor *PP,
                           Preprocessor *ModuleExpanderPP) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  Preprocessor *PP = nullptr;
};

} // namespace clang::tidy::winhttp

#endif // WINHTTP_TIDY_CHECKS_STATUSCALLBACKRESULTCHECK_H
