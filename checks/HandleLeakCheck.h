//===--- HandleLeakCheck.h - winhttp-tidy -----------------------*- C++ -*-===//
//
// Declares winhttp-handle-leak.
//
//===----------------------------------------------------------------------===//

#ifndef WINHTTP_TIDY_CHECKS_HANDLELEAKCHECK_H
#define WINHTTP_TIDY_CHECKS_HANDLELEAKCHECK_H

#include "WinHttpCheck.h"
#include "analysis/HandleLeak.h"
#include "analysis/ParentIndex.h"

namespace clang::tidy::winhttp {

/// Finds WinHTTP handles created into a local that are neither closed nor
/// handed off on some path to the function's exit.
///
/// For the user-facing documentation see:
/// docs/checks/winhttp-handle-leak.rst
class HandleLeakCheck : public WinHttpCheck {
public:
  HandleLeakCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override { Parents.reset(); }

private:
  void report(const analysis::HandleLeakFinding &F);

  const StringRef NonOwningFunctions;
  std::vector<analysis::BorrowSpec> Borrowers;
  analysis::ParentIndexCache Parents;
};

} // namespace clang::tidy::winhttp

#endif // WINHTTP_TIDY_CHECKS_HANDLELEAKCHECK_H
