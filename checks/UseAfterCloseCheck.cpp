//===--- UseAfterCloseCheck.cpp - winhttp-tidy ----------------------------===//
//
// Reports each WinHTTP call on a closed handle (analysis/UseAfterClose),
// with a note at the close and, where it is safe, a fix on that note that
// clears the variable after the close; and each close of a handle that
// another thread context closes too (analysis/CloseRaces), with notes at
// the other close and at what runs it elsewhere.
//
//===----------------------------------------------------------------------===//

#include "UseAfterCloseCheck.h"
#include "WinHttpApi.h"
#include "clang/AST/Stmt.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/DenseSet.h"

using namespace clang::ast_matchers;

namespace clang::tidy::winhttp {

UseAfterCloseCheck::UseAfterCloseCheck(StringRef Name,
                                       ClangTidyContext *Context)
    : ThreadModelCheck(Name, Context) {
  Config.CloseTrait = api::ClosesHandle;
  Config.OnlySynchronous = false;
}

void UseAfterCloseCheck::registerMatchers(MatchFinder *Finder) {
  registerTraversalLimit(Finder);
  // The analysis walks every function of the translation unit.
  Finder->addMatcher(translationUnitDecl().bind("tu"), this);
}

void UseAfterCloseCheck::check(const MatchFinder::MatchResult &Result) {
  if (handleTraversalLimit(Result))
    return;
  AnalysisRun Run(*this, Result.Context->getSourceManager());
  // A second close that the sequential analysis reports is not reported
  // again as a double close.
  llvm::DenseSet<const Expr *> Reported;
  for (const analysis::UseAfterCloseFinding &F :
       analysis::findUsesAfterClose(*Result.Context, systemHeaders())) {
    report(F, *Result.Context);
    Reported.insert(F.Use);
  }
  for (const analysis::DoubleCloseFinding &F :
       analysis::findDoubleCloses(*Result.Context, Config))
    if (!Reported.contains(F.Later.Site) && !Reported.contains(F.Other.Site))
      report(F);
}

void UseAfterCloseCheck::report(const analysis::DoubleCloseFinding &F) {
  const SourceLocation Loc = F.Later.Site->getBeginLoc();
  diag(Loc, "'%0' closes '%1', which %select{another thread|a status "
            "callback|a canceller}2 may close too; WinHTTP can give a closed "
            "handle's value to a new handle, so whichever close runs second "
            "can close another handle")
      << F.Later.Callee << F.Later.Handle
      << (F.Why.K == analysis::Concurrency::Kind::ThreadStart      ? 0
          : F.Why.K == analysis::Concurrency::Kind::StatusCallback ? 1
                                                                   : 2);
  reportChain(F.Later);
  diag(F.Other.Site->getBeginLoc(), "'%0' closes '%1' here too",
       DiagnosticIDs::Note)
      << F.Other.Callee << F.Other.Handle;
  reportChain(F.Other);
  noteContext(F.Why, "%0 runs %select{the other close|this close}1 on "
                     "another thread, started here with '%2'");
  if (F.Ordered)
    diag(Loc,
         "one close is known to run first, but it leaves the handle where "
         "the other reads it",
         DiagnosticIDs::Note);
  diag(Loc,
       "take the handle out before closing it, in both places: exchange it "
       "with NULL atomically ('InterlockedExchangePointer', "
       "'std::atomic::exchange'), or read it and set it to NULL under a lock "
       "both hold; then close it only if it was not NULL",
       DiagnosticIDs::Note);
}

void UseAfterCloseCheck::reportChain(const analysis::CloseSite &Close) {
  for (const analysis::ChainStep &Step : Close.Chain)
    diag(Step.Call->getBeginLoc(), "which closes it by calling '%0' here",
         DiagnosticIDs::Note)
        << Step.Callee;
}

void UseAfterCloseCheck::report(const analysis::UseAfterCloseFinding &F,
                                ASTContext &Ctx) {
  diag(F.Use->getBeginLoc(),
       "%select{'%0' is called on '%1'|'%0' closes '%1' again}2 after it may "
       "have been closed; WinHTTP can give a closed handle's value to a new "
       "handle, so this %select{call can act on|close can close}2 another "
       "handle")
      << F.UseCallee << F.Handle << F.ClosesAgain;
  if (F.DestroyedOwner) {
    diag(F.CloseLoc, "'%0' is destroyed here, which closes the handle it owns",
         DiagnosticIDs::Note)
        << F.CloseCallee;
    return;
  }
  diag(F.Close->getBeginLoc(), "'%0' closes it here", DiagnosticIDs::Note)
      << F.CloseCallee;
  suggestNull(F, Ctx);
}

// `h = NULL;` after the close, when the close is a statement of its own in a
// block, outside macros, and h is a variable or field that can be assigned.
void UseAfterCloseCheck::suggestNull(const analysis::UseAfterCloseFinding &F,
                                     ASTContext &Ctx) {
  if (!F.ClosedHandle || F.Close->getBeginLoc().isMacroID() ||
      F.Close->getEndLoc().isMacroID())
    return;
  const Expr *H = F.ClosedHandle->IgnoreParenImpCasts();
  const ValueDecl *D = nullptr;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(H))
    D = dyn_cast<VarDecl>(DRE->getDecl());
  else if (const auto *ME = dyn_cast<MemberExpr>(H))
    D = dyn_cast<FieldDecl>(ME->getMemberDecl());
  if (!D || !H->isLValue() || !H->getType()->isPointerType() ||
      H->getType().isConstQualified() || H->getBeginLoc().isMacroID())
    return;
  analysis::ParentIndex &Index = Parents.get(Ctx, systemHeaders());
  if (!Index.parent(*F.Close).get<CompoundStmt>())
    return;
  const SourceManager &SM = Ctx.getSourceManager();
  const LangOptions &LO = Ctx.getLangOpts();
  const SourceLocation After = Lexer::findLocationAfterToken(
      F.Close->getEndLoc(), tok::semi, SM, LO,
      /*SkipTrailingWhitespaceAndNewLine=*/false);
  const StringRef Text = Lexer::getSourceText(
      CharSourceRange::getTokenRange(H->getSourceRange()), SM, LO);
  if (After.isInvalid() || Text.empty())
    return;
  const bool Nullptr = LO.CPlusPlus11;
  diag(F.Close->getBeginLoc(),
       "set '%0' to %select{NULL|nullptr}1 after closing it, so that the "
       "later call gets an invalid handle instead of another object's",
       DiagnosticIDs::Note)
      << Text << Nullptr
      << FixItHint::CreateInsertion(
             After, (" " + Text + " = " + (Nullptr ? "nullptr" : "NULL") + ";")
                        .str());
}

} // namespace clang::tidy::winhttp
