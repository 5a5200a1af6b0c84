//===--- UncheckedResultCheck.h - winhttp-tidy ------------------*- C++ -*-===//
//
// Declares winhttp-unchecked-result.
//
//===----------------------------------------------------------------------===//

#ifndef WINHTTP_TIDY_CHECKS_UNCHECKEDRESULTCHECK_H
#define WINHTTP_TIDY_CHECKS_UNCHECKEDRESULTCHECK_H

#include "WinHttpCheck.h"
#include "analysis/FunctionCfg.h"
#include "analysis/ParentIndex.h"
#include "llvm/ADT/StringSet.h"
#include <memory>

namespace clang::tidy::winhttp {

namespace api {
struct Function;
} // namespace api

/// Finds results of WinHTTP functions that report failure as FALSE or NULL
/// and whose result is thrown away, or stored in a local that no path reads.
///
/// For the user-facing documentation see:
/// docs/checks/winhttp-unchecked-result.rst
class UncheckedResultCheck : public WinHttpCheck {
public:
  UncheckedResultCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;
  std::optional<TraversalKind> getCheckTraversalKind() const override {
    // Calls in template instantiations are reported in their template.
    return TK_IgnoreUnlessSpelledInSource;
  }

private:
  void checkCall(const CallExpr &Call, const api::Function &Api,
                 analysis::ParentIndex &Parents);
  /// Whether the statement after the one holding \p S calls GetLastError():
  /// the documented way to probe a buffer size ignores the BOOL result.
  bool lastErrorFollows(const Stmt &S, analysis::ParentIndex &Parents) const;

  const std::string RawIgnoredFunctions;
  llvm::StringSet<> IgnoredFunctions;
  analysis::ParentIndexCache Parents;
  std::unique_ptr<analysis::FunctionCfgs> Cfgs;
};

} // namespace clang::tidy::winhttp

#endif // WINHTTP_TIDY_CHECKS_UNCHECKEDRESULTCHECK_H
