//===--- WinHttpCheck.h - winhttp-tidy --------------------------*- C++ -*-===//
//
// The base of every winhttp-* check: keeps clang-tidy's matchers out of
// system headers on the LLVM versions that still walk them.
//
//===----------------------------------------------------------------------===//

#ifndef WINHTTP_TIDY_CHECKS_WINHTTPCHECK_H
#define WINHTTP_TIDY_CHECKS_WINHTTPCHECK_H

#include "ClangTidyCheck.h"
#include "analysis/Limits.h"

namespace clang::tidy::winhttp {

/// clang-tidy 21 and later match no node inside a system header unless
/// `--system-headers` (option SystemHeaders) asks for findings there: such
/// findings are dropped anyway, and walking <windows.h> and the C++ standard
/// library costs more than the checks themselves. On older versions a
/// winhttp-* check does the same for the translation unit: before the
/// matchers descend into it, it limits the AST traversal scope to the
/// top-level declarations outside system headers. The limit holds for every
/// check of the run, as it does in clang-tidy 21.
class WinHttpCheck : public ClangTidyCheck {
public:
  /// Stores ReportAnalysisLimits; a check with options of its own calls it
  /// from its override.
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;

protected:
  WinHttpCheck(StringRef Name, ClangTidyContext *Context);

  /// Registers the translation-unit matcher that applies the limit; call from
  /// registerMatchers.
  void registerTraversalLimit(ast_matchers::MatchFinder *Finder);

  /// Applies the limit if \p Result is that matcher's; returns whether it was.
  bool
  handleTraversalLimit(const ast_matchers::MatchFinder::MatchResult &Result);

  /// Whether findings in system headers are wanted; when they are not, the
  /// analyses skip system headers as well.
  bool systemHeaders() const { return SystemHeaders; }

  /// Where an analysis records the bounds it reaches (analysis/Limits.h):
  /// a list when option ReportAnalysisLimits is true, else null.
  analysis::limits::Hits *limitHits() {
    return ReportAnalysisLimits ? &Hits : nullptr;
  }

  /// The bounds of the analyses that run while it lives (check() opens one
  /// before it runs an analysis): their hits go to limitHits() and are
  /// printed when it ends, and under the test option MinimalAnalysisBounds
  /// every bound is 1.
  class AnalysisRun {
  public:
    AnalysisRun(WinHttpCheck &Check, const SourceManager &SM)
        : Check(Check), SM(SM),
          Bounds(Check.limitHits(), Check.MinimalAnalysisBounds) {}
    ~AnalysisRun() { Check.reportLimits(SM); }
    AnalysisRun(const AnalysisRun &) = delete;
    AnalysisRun &operator=(const AnalysisRun &) = delete;

  private:
    WinHttpCheck &Check;
    const SourceManager &SM;
    analysis::limits::Scope Bounds;
  };

  /// Prints the bounds recorded since the last call on stderr, one line
  /// each, and forgets them. Not diagnostics: a bound reached is no finding.
  void reportLimits(const SourceManager &SM);

private:
  /// Whether the user asked for findings in system headers.
  const bool SystemHeaders;
  /// Option ReportAnalysisLimits.
  const bool ReportAnalysisLimits;
  /// Option MinimalAnalysisBounds (local or global), for tests only: every
  /// bound of analysis/Limits.h is 1, which may only remove findings.
  const bool MinimalAnalysisBounds;
  analysis::limits::Hits Hits;
};

} // namespace clang::tidy::winhttp

#endif // WINHTTP_TIDY_CHECKS_WINHTTPCHECK_H
