//===--- WinHttpCheck.cpp - winhttp-tidy ----------------------------------===//
//
// Limits the AST traversal to code outside system headers (see the header).
//
//===----------------------------------------------------------------------===//

#include "WinHttpCheck.h"
#include "analysis/ParentIndex.h"
#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang::ast_matchers;

namespace clang::tidy::winhttp {

static constexpr llvm::StringLiteral TraversalLimitId = "winhttp-traversal";

WinHttpCheck::WinHttpCheck(StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      SystemHeaders(Context->getOptions().SystemHeaders.value_or(false)),
      ReportAnalysisLimits(Options.get("ReportAnalysisLimits", false)),
      MinimalAnalysisBounds(
          Options.getLocalOrGlobal("MinimalAnalysisBounds", false)) {}

void WinHttpCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "ReportAnalysisLimits", ReportAnalysisLimits);
}

void WinHttpCheck::reportLimits(const SourceManager &SM) {
  for (const analysis::limits::Hit &H : Hits) {
    llvm::errs() << "winhttp-tidy: " << getID() << ": analysis limit '"
                 << H.Limit << "' reached";
    if (H.Loc.isValid())
      llvm::errs() << " at " << SM.getPresumedLoc(H.Loc).getFilename() << ":"
                   << SM.getPresumedLineNumber(H.Loc) << ":"
                   << SM.getPresumedColumnNumber(H.Loc);
    llvm::errs() << "; gave up on " << H.GaveUp << "\n";
  }
  Hits.clear();
}

void WinHttpCheck::registerTraversalLimit(MatchFinder *Finder) {
#if WINHTTP_TIDY_LLVM_MAJOR < 21
  if (!SystemHeaders)
    Finder->addMatcher(translationUnitDecl().bind(TraversalLimitId), this);
#endif
}

/// Adds the declarations of \p DC outside system headers to \p Scope. An
/// `extern "C"` block is opened up: one in the program's code often wraps
/// `#include <windows.h>`, and walking it whole would walk the header.
static void addOutsideSystemHeaders(const DeclContext &DC,
                                    std::vector<Decl *> &Scope) {
  for (Decl *D : DC.decls()) {
    if (analysis::isInSystemHeader(*D))
      continue;
    if (const auto *Linkage = dyn_cast<LinkageSpecDecl>(D))
      addOutsideSystemHeaders(*Linkage, Scope);
    else
      Scope.push_back(D);
  }
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
  addOutsideSystemHeaders(*TU, Scope);
  Ctx.setTraversalScope(Scope);
  return true;
}

} // namespace clang::tidy::winhttp
