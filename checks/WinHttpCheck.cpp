//===--- WinHttpCheck.cpp - winhttp-tidy ----------------------------------===//
//
// Limits the AST traversal to code outside system headers (see the header).
//
//===----------------------------------------------------------------------===//

#include "WinHttpCheck.h"
#include "analysis/ParentIndex.h"
#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::winhttp {

static constexpr llvm::StringLiteral TraversalLimitId = "winhttp-traversal";

WinHttpCheck::WinHttpCheck(StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      SystemHeaders(Context->getOptions().SystemHeaders.value_or(false)) {}

void WinHttpCheck::registerTraversalLimit(MatchFinder *Finder) {
#if WINHTTP_TIDY_LLVM_MAJOR < 21
  if (!SystemHeaders)
    Finder->addMatcher(translationUnitDecl().bind(TraversalLimitId), this);
#endif
}

bool WinHttpCheck::handleTraversalLimit(const MatchFinder::MatchResult &Result) {
  const auto *TU = Result.Nodes.getNodeAs<TranslationUnitDecl>(TraversalLimitId);
  if (!TU)
    return false;
  ASTContext &Ctx = *Result.Context;
  // The matchers match the translation unit before they read the scope to
  // walk, so a scope set here is the one they walk. Another winhttp-* check
  // may have set it already.
  std::vector<Decl *> Scope = Ctx.getTraversalScope();
  if (Scope.size() != 1 || Scope.front() != TU)
    return true;
  Scope.clear();
  for (Decl *D : TU->decls())
    if (!analysis::isInSystemHeader(*D))
      Scope.push_back(D);
  Ctx.setTraversalScope(Scope);
  return true;
}

} // namespace clang::tidy::winhttp
