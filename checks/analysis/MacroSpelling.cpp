//===--- MacroSpelling.cpp - Windows SDK spellings in user code -----------===//
//
// Reads macro and typedef names back from source locations and type sugar.
//
//===----------------------------------------------------------------------===//

#include "MacroSpelling.h"
#include "WinHttpApi.h"
#include "clang/Lex/Lexer.h"

namespace clang::tidy::winhttp::analysis {

bool isSpelledAsMacro(const Expr &E, llvm::StringRef Name,
                      const ASTContext &Ctx) {
  SourceLocation Loc = E.IgnoreParenImpCasts()->getBeginLoc();
  if (!Loc.isMacroID())
    return false;
  return Lexer::getImmediateMacroName(Loc, Ctx.getSourceManager(),
                                      Ctx.getLangOpts()) == Name;
}

bool isBoolLikeType(QualType T) {
  if (T.isNull())
    return false;
  if (T->isBooleanType())
    return true;
  // Walk the typedef chain: MinGW spells BOOL as a typedef of WINBOOL.
  while (const auto *TT = T->getAs<TypedefType>()) {
    llvm::StringRef Name = TT->getDecl()->getName();
    if (Name == api::spelling(api::Spelling::Bool) ||
        Name == api::spelling(api::Spelling::WinBool))
      return true;
    T = TT->getDecl()->getUnderlyingType();
  }
  return false;
}

std::string typeNameForDiag(QualType T, const ASTContext &Ctx) {
  return T.getUnqualifiedType().getAsString(Ctx.getPrintingPolicy());
}

llvm::StringRef sourceText(const Expr &E, const ASTContext &Ctx) {
  CharSourceRange Range = Lexer::makeFileCharRange(
      CharSourceRange::getTokenRange(E.getSourceRange()),
      Ctx.getSourceManager(), Ctx.getLangOpts());
  if (Range.isInvalid())
    return {};
  return Lexer::getSourceText(Range, Ctx.getSourceManager(), Ctx.getLangOpts());
}

} // namespace clang::tidy::winhttp::analysis
