//===--- UseAfterCloseCheck.cpp - winhttp-tidy ----------------------------===//
//
// Reports each WinHTTP call on a closed handle (analysis/UseAfterClose),
// with a note at the close and, where it is safe, a fix on that note that
// clears the variable after the close.
//
//===----------------------------------------------------------------------===//

#include "UseAfterCloseCheck.h"
#include "clang/AST/Stmt.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"

using namespace clang::ast_matchers;

namespace clang::tidy::winhttp {

void UseAfterCloseCheck::registerMatchers(MatchFinder *Finder) {
  registerTraversalLimit(Finder);
  // The analysis walks every function of the translation unit.
  Finder->addMatcher(translationUnitDecl().bind("tu"), this);
}

void UseAfterCloseCheck::check(const MatchFinder::MatchResult &Result) {
  if (handleTraversalLimit(Result))
    return;
  for (const analysis::UseAfterCloseFinding &F :
       analysis::findUsesAfterClose(*Result.Context, systemHeaders()))
    report(F, *Result.Context);
}

void UseAfterCloseCheck::report(const analysis::UseAfterCloseFinding &F,
                                ASTContext &Ctx) {
  diag(F.Use->getBeginLoc(),
       "%select{'%0' is called on '%1'|'%0' closes '%1' again}2 after it may "
       "have been closed; WinHTTP can give a closed handle's value to a new "
       "handle, so this %select{call can act on|close can close}2 another "
       "handle")
      << F.UseCallee << F.Handle << F.ClosesAgain;
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
