//===--- StableOrder.cpp - orders that do not move with the layout --------===//

#include "StableOrder.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/Support/raw_ostream.h"
#include <tuple>

namespace clang::tidy::winhttp::analysis {

// The named function \p Fn is written in: a lambda's call operator and a
// block belong to the function around them.
static const Decl *anchorOf(const FunctionDecl *Fn) {
  const Decl *D = Fn;
  while (D) {
    const auto *M = dyn_cast<CXXMethodDecl>(D);
    if (M && M->getParent()->isLambda()) {
      D = dyn_cast_or_null<Decl>(M->getParent()->getDeclContext());
      continue;
    }
    if (isa<BlockDecl>(D)) {
      D = dyn_cast_or_null<Decl>(D->getDeclContext());
      continue;
    }
    return isa_and_nonnull<FunctionDecl>(D) ? D : nullptr;
  }
  return nullptr;
}

static std::string nameOf(const FunctionDecl &Fn, const ASTContext &Ctx) {
  PrintingPolicy Policy(Ctx.getLangOpts());
  // A lambda's or an anonymous type's name must not carry its line.
  Policy.AnonymousTagLocations = false;
  std::string Name;
  llvm::raw_string_ostream OS(Name);
  Fn.printQualifiedName(OS, Policy);
  OS << ' ';
  Fn.getType().print(OS, Policy);
  return Name;
}

StableKey stableKey(const Stmt &S, const FunctionDecl *Fn,
                    const ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  StableKey K;
  K.Loc = S.getBeginLoc();
  const auto *Anchor = dyn_cast_or_null<FunctionDecl>(anchorOf(Fn));
  if (!Anchor)
    return K;
  if (const FunctionDecl *Def = Anchor->getDefinition())
    Anchor = Def;
  K.Function = nameOf(*Anchor, Ctx);
  const auto [File, At] = SM.getDecomposedExpansionLoc(K.Loc);
  const auto [FnFile, FnAt] =
      SM.getDecomposedExpansionLoc(Anchor->getSourceRange().getBegin());
  if (File.isValid() && File == FnFile && At >= FnAt) {
    K.Relative = true;
    K.Offset = At - FnAt;
  }
  return K;
}

bool stableBefore(const StableKey &A, const StableKey &B,
                  const SourceManager &SM) {
  if (std::tie(A.Function, A.Relative) != std::tie(B.Function, B.Relative))
    return std::tie(A.Function, A.Relative) < std::tie(B.Function, B.Relative);
  if (A.Relative && A.Offset != B.Offset)
    return A.Offset < B.Offset;
  if (A.Loc == B.Loc)
    return false;
  return SM.isBeforeInTranslationUnit(A.Loc, B.Loc);
}

} // namespace clang::tidy::winhttp::analysis
