//===--- UseAfterCloseCheck.h - winhttp-tidy --------------------*- C++ -*-===//
//
// Declares winhttp-use-after-close.
//
//===----------------------------------------------------------------------===//

#ifndef WINHTTP_TIDY_CHECKS_USEAFTERCLOSECHECK_H
#define WINHTTP_TIDY_CHECKS_USEAFTERCLOSECHECK_H

#include "ThreadModelCheck.h"
#include "analysis/ParentIndex.h"
#include "analysis/UseAfterClose.h"

namespace clang::tidy::winhttp {

/// Finds WinHTTP calls, a second close included, on a handle that was
/// closed on some path before them.
///
/// For the user-facing documentation see:
/// docs/checks/winhttp-use-after-close.rst
class UseAfterCloseCheck : public ThreadModelCheck {
public:
  UseAfterCloseCheck(StringRef Name, ClangTidyContext *Context);
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override { Parents.reset(); }

private:
  void report(const analysis::UseAfterCloseFinding &F, ASTContext &Ctx);
  void suggestNull(const analysis::UseAfterCloseFinding &F, ASTContext &Ctx);
  void report(const analysis::DoubleCloseFinding &F);
  void reportChain(const analysis::CloseSite &Close);

  analysis::ParentIndexCache Parents;
};

} // namespace clang::tidy::winhttp

#endif // WINHTTP_TIDY_CHECKS_USEAFTERCLOSECHECK_H
