//===--- CloseRaceCheckBase.h - winhttp-tidy --------------------*- C++ -*-===//
//
// Options and reporting shared by winhttp-close-during-sync-call and
// winhttp-websocket-close-during-io; the analysis is
// analysis/CloseRaces.
//
//===----------------------------------------------------------------------===//

#ifndef WINHTTP_TIDY_CHECKS_CLOSERACECHECKBASE_H
#define WINHTTP_TIDY_CHECKS_CLOSERACECHECKBASE_H

#include "ThreadModelCheck.h"

namespace clang::tidy::winhttp {

/// How a concrete check words its findings.
struct CloseRaceWording {
  /// %0 callee at the site, %1 handle, %2 blocking API.
  const char *Warning;
  const char *Remedy;
};

class CloseRaceCheckBase : public ThreadModelCheck {
public:
  CloseRaceCheckBase(StringRef Name, ClangTidyContext *Context,
                     unsigned CloseTrait, unsigned BlockTrait,
                     CloseRaceWording Wording);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  void report(const analysis::RaceFinding &F, ASTContext &Ctx);
  void reportWhy(const analysis::RaceFinding &F, SourceLocation Loc);

  const bool AssumeSyncWhenUnknown;
  const bool StrictCallbackGating;
  const bool IncludeParentHandles;
  const CloseRaceWording Wording;
};

} // namespace clang::tidy::winhttp

#endif // WINHTTP_TIDY_CHECKS_CLOSERACECHECKBASE_H
