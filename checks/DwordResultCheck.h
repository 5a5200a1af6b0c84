//===--- DwordResultCheck.h - winhttp-tidy ----------------------*- C++ -*-===//
//
// Declares winhttp-dword-result.
//
//===----------------------------------------------------------------------===//

#ifndef WINHTTP_TIDY_CHECKS_DWORDRESULTCHECK_H
#define WINHTTP_TIDY_CHECKS_DWORDRESULTCHECK_H

#include "ClangTidyCheck.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::winhttp {

/// Finds results of WinHTTP functions that return a DWORD error code
/// (NO_ERROR on success) used as if they were a BOOL, and GetLastError()
/// calls that claim to explain their failure.
///
/// For the user-facing documentation see:
/// docs/checks/winhttp-dword-result.rst
class DwordResultCheck : public ClangTidyCheck {
public:
  DwordResultCheck(StringRef Name, ClangTidyContext *Context)
      : ClangTidyCheck(Name, Context) {}
  void registerPPCallbacks(const SourceManager &SM, Preprocessor *PP,
                           Preprocessor *ModuleExpanderPP) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onStartOfTranslationUnit() override { ReportedLastErrorCalls.clear(); }

private:
  void checkBoolUse(const CallExpr &Call, const FunctionDecl &Callee,
                    ASTContext &Ctx);
  void checkLastErrorCalls(const CallExpr &Call, const FunctionDecl &Callee,
                           ASTContext &Ctx);

  Preprocessor *PP = nullptr;
  // A GetLastError() may sit on the branches of several calls' tests.
  llvm::DenseSet<const CallExpr *> ReportedLastErrorCalls;
};

} // namespace clang::tidy::winhttp

#endif // WINHTTP_TIDY_CHECKS_DWORDRESULTCHECK_H
