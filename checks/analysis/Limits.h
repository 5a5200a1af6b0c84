//===--- Limits.h - the bounds on the analyses' work ------------*- C++ -*-===//
//
// Every bound that keeps an analysis linear in the size of the translation
// unit is named here, with what reaching it gives up; docs/robustness.md
// lists them. Reaching a bound never adds a finding: the analysis gives up
// on that site quietly, and records the hit, which a check prints on stderr
// when its option ReportAnalysisLimits is true.
//
//===----------------------------------------------------------------------===//

#ifndef WINHTTP_TIDY_ANALYSIS_LIMITS_H
#define WINHTTP_TIDY_ANALYSIS_LIMITS_H

#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/StringRef.h"
#include <string>
#include <vector>

namespace clang::tidy::winhttp::analysis::limits {

/// The blocking calls a close-race warning lists. Each call that races with
/// a close is a note; past this many the rest are not looked for, which also
/// bounds the pairs the race checks try per close.
inline constexpr unsigned RacingCallsPerClose = 16;
/// The blocking calls tried against one close. Past this many the close is
/// given up: it gets no warning.
inline constexpr unsigned PairsPerClose = 4096;
/// The later closes of the same handle tried against one close by the
/// double-close rule of winhttp-use-after-close, in source order. Past this
/// many the rest are not tried: a later close still gets its warning from a
/// close nearer to it, and one whose only partner is further away gets none.
inline constexpr unsigned ClosesPerClose = 64;

/// The local copies followed back from a close to where its handle came
/// from, when the double-close rule asks whether the close took the handle
/// out of shared memory first. Past this many the answer is "not known",
/// and the close is paired with no other.
inline constexpr unsigned CopiesPerTakeOut = 32;

/// The block visits of one run of the dataflow solver (Dataflow.h), per
/// block of the CFG. A lattice of finite height reaches its fixpoint long
/// before; past this many the run is incomplete and yields no finding.
inline constexpr unsigned SolverVisitsPerBlock = 256;

/// One bound reached at one site.
struct Hit {
  llvm::StringRef Limit;
  SourceLocation Loc;
  /// What was given up, as a phrase: "the close of 'h' here".
  std::string GaveUp;
};

/// The bounds reached during one run of an analysis.
using Hits = std::vector<Hit>;

} // namespace clang::tidy::winhttp::analysis::limits

#endif // WINHTTP_TIDY_ANALYSIS_LIMITS_H
