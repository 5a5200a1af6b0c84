//===--- StatusCallbackResultCheck.h - winhttp-tidy -------------*- C++ -*-===//
//
// Declares winhttp-status-callback-result.
//
//===----------------------------------------------------------------------===//

#ifndef WINHTTP_TIDY_CHECKS_STATUSCALLBACKRESULTCHECK_H
#define WINHTTP_TIDY_CHECKS_STATUSCALLBACKRESULTCHECK_H

#include "WinHttpCheck.h"
#include "analysis/ParentIndex.h"

namespace clang::tidy::winhttp {

/// Finds code that takes a NULL result of WinHttpSetStatusCallback for
/// failure: NULL is the previous callback (none) on success, and failure is
/// WINHTTP_INVALID_STATUS_CALLBACK.
///
/// For the user-facing documentation see:
/// docs/checks/winhttp-status-callback-result.rst
class StatusCallbackResultCheck : public WinHttpCheck {
public:
  StatusCallbackResultCheck(StringRef Name, ClangTidyContext *Context)
      : WinHttpCheck(Name, Context) {}
  void registerPPCallbacks(const SourceManager &SM, Preprocessor *PP,
                           Preprocessor *ModuleExpanderPP) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override { Parents.reset(); }
  std::optional<TraversalKind> getCheckTraversalKind() const override {
    // Calls in template instantiations are reported in their template.
    return TK_IgnoreUnlessSpelledInSource;
  }

private:
  Preprocessor *PP = nullptr;
  analysis::ParentIndexCache Parents;
};

} // namespace clang::tidy::winhttp

#endif // WINHTTP_TIDY_CHECKS_STATUSCALLBACKRESULTCHECK_H
