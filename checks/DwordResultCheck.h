//===--- DwordResultCheck.h - winhttp-tidy ----------------------*- C++ -*-===//
//
// Declares winhttp-dword-result.
//
//===----------------------------------------------------------------------===//

#ifndef WINHTTP_TIDY_CHECKS_DWORDRESULTCHECK_H
#define WINHTTP_TIDY_CHECKS_DWORDRESULTCHECK_H

#include "WinHttpCheck.h"
#include "analysis/ParentIndex.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::winhttp {

/// Finds results of WinHTTP functions that return a DWORD error code
/// (NO_ERROR on success) used as if they were a BOOL or an HRESULT, and
/// GetLastError() calls that claim to explain their failure.
///
/// For the user-facing documentation see:
/// docs/checks/winhttp-dword-result.rst
class DwordResultCheck : public WinHttpCheck {
public:
  DwordResultCheck(StringRef Name, ClangTidyContext *Context)
      : WinHttpCheck(Name, Context) {}
  void registerPPCallbacks(const SourceManager &SM, Preprocessor *PP,
                           Preprocessor *ModuleExpanderPP) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onStartOfTranslationUnit() override { ReportedLastErrorCalls.clear(); }
  void onEndOfTranslationUnit() override { Parents.reset(); }
  std::optional<TraversalKind> getCheckTraversalKind() const override {
    // Calls in template instantiations are reported in their template.
    return TK_IgnoreUnlessSpelledInSource;
  }

private:
  void checkBoolUse(const CallExpr &Call, const FunctionDecl &Callee,
                    analysis::ParentIndex &Parents);
  void checkLastErrorCalls(const CallExpr &Call, const FunctionDecl &Callee,
                           analysis::ParentIndex &Parents);
  /// Reports `(HRESULT)(x) < 0` and `>= 0` (FAILED(x), SUCCEEDED(x)) where x
  /// holds an error code.
  void checkSignTest(const BinaryOperator &Test, ASTContext &Ctx);

  Preprocessor *PP = nullptr;
  analysis::ParentIndexCache Parents;
  // A GetLastError() may sit on the branches of several calls' tests.
  llvm::DenseSet<const CallExpr *> ReportedLastErrorCalls;
};

} // namespace clang::tidy::winhttp

#endif // WINHTTP_TIDY_CHECKS_DWORDRESULTCHECK_H
