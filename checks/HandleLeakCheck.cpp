//===--- HandleLeakCheck.cpp - winhttp-tidy -------------------------------===//
//
// Reads the option NonOwningFunctions and reports each handle that
// analysis/HandleLeak finds lost, with a note where it is lost.
//
//===----------------------------------------------------------------------===//

#include "HandleLeakCheck.h"
#include "utils/OptionsUtils.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::winhttp {

HandleLeakCheck::HandleLeakCheck(StringRef Name, ClangTidyContext *Context)
    : WinHttpCheck(Name, Context),
      NonOwningFunctions(Options.get("NonOwningFunctions", "")) {
  // `name:argIndex`, 0-based like ThreadStartFunctions.
  for (StringRef Entry : utils::options::parseStringList(NonOwningFunctions)) {
    Entry = Entry.trim();
    if (Entry.empty())
      continue;
    auto [FnName, Arg] = Entry.rsplit(':');
    analysis::BorrowSpec Spec;
    if (FnName.empty() || FnName == Entry || Arg.getAsInteger(10, Spec.Arg)) {
      configurationDiag("invalid entry '%0' in option 'NonOwningFunctions' "
                        "of check '%1': expected 'name:argIndex'")
          << Entry << Name;
      continue;
    }
    Spec.Name = FnName.str();
    Borrowers.push_back(std::move(Spec));
  }
}

void HandleLeakCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  WinHttpCheck::storeOptions(Opts);
  Options.store(Opts, "NonOwningFunctions", NonOwningFunctions);
}

void HandleLeakCheck::registerMatchers(MatchFinder *Finder) {
  registerTraversalLimit(Finder);
  // The analysis walks every function of the translation unit.
  Finder->addMatcher(translationUnitDecl().bind("tu"), this);
}

void HandleLeakCheck::check(const MatchFinder::MatchResult &Result) {
  if (handleTraversalLimit(Result))
    return;
  AnalysisRun Run(*this, Result.Context->getSourceManager());
  analysis::ParentIndex &Index = Parents.get(*Result.Context, systemHeaders());
  for (const analysis::HandleLeakFinding &F : analysis::findHandleLeaks(
           *Result.Context, Index, systemHeaders(), Borrowers))
    report(F);
}

void HandleLeakCheck::report(const analysis::HandleLeakFinding &F) {
  using Where = analysis::HandleLeakFinding::Where;
  diag(F.Creation->getBeginLoc(),
       "the handle that '%0' returns%select{| into '%2'}1 is not closed on "
       "every path; close it with WinHttpCloseHandle or hand it to an owner "
       "before it goes out of reach")
      << F.Creator << (F.Holder != nullptr)
      << (F.Holder ? F.Holder->getName() : StringRef());
  switch (F.How) {
  case Where::Return:
    diag(F.At, "%0 returns here with the handle open", DiagnosticIDs::Note)
        << F.Function;
    break;
  case Where::End:
    diag(F.At, "%0 ends here with the handle open", DiagnosticIDs::Note)
        << F.Function;
    break;
  case Where::Overwrite:
    diag(F.At,
         "'%0' is given another value here while it holds the only copy of "
         "the open handle",
         DiagnosticIDs::Note)
        << F.Overwritten;
    break;
  }
}

} // namespace clang::tidy::winhttp
