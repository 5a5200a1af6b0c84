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

/// The steps (copies, members, dereferences, calls that return their
/// argument) followed from a handle expression to the memory it reads
/// (`rootLocation`). Past this many the memory is not known: the double-close
/// rule pairs the close with no other, and a lock there is not named.
inline constexpr unsigned RootSteps = 8;
/// The casts and parentheses climbed from a value to the declaration or
/// assignment that stores it (`storeOf`, the take-out search). Past this many
/// no store is known, and the take-out is not known either.
inline constexpr unsigned StoreSteps = 8;
/// The helpers followed, call in call, when asking whether a status callback
/// clears a field on HANDLE_CLOSING (`clearsIn`). Past this depth the field
/// is taken to be cleared there: no double-close warning rests on it.
inline constexpr unsigned ClearingCallDepth = 3;
/// The local copies followed back from a context argument of
/// WinHttpSetOption or WinHttpSendRequest to the object it designates
/// (`bindingOf`, ContextLifetime.cpp). Past this many the binding is not
/// known: winhttp-context-lifetime says nothing of it.
inline constexpr unsigned ContextCopies = 4;
/// The parents followed up from a handle: to its session (`asyncSessionOf`),
/// to the handles a callback registration covers (`covering`). WinHTTP's
/// handles nest three deep (session, connection, request; a WebSocket a
/// fourth); past this many the session is not known.
inline constexpr unsigned HandleParents = 4;
/// The statements climbed from a free to the test of a reference count
/// around it (`isRelease`, ContextLifetime.cpp). Past this many the free is
/// taken to be a release: no finding rests on it.
inline constexpr unsigned RefcountTestParents = 16;

/// The top-level declarations that begin at one place (`struct S {...} s;`)
/// looked at when indexing the parents of a node (ParentIndex.cpp). Past
/// this many a node may have no parent known; an analysis that climbs from
/// it stops there.
inline constexpr unsigned DeclarationsSharingStart = 8;

/// The rounds of summaries inside one recursion of the call graph
/// (Summaries.h). A recursion whose summaries still change after this many
/// gets the quiet summary for each of its functions.
inline constexpr unsigned SummaryRounds = 8;

/// The value of a bound: \p Default, or 1 while minimal bounds are on. A
/// test option (MinimalAnalysisBounds) lowers every bound to 1, and the
/// metamorphic test tools/metamorphic/bounds.py shows that it only removes
/// findings.
unsigned bound(unsigned Default);

/// Records that \p Limit was reached at \p Loc, giving up \p GaveUp, in the
/// hits of the check whose analysis runs (Scope), if it asked for them.
void hit(llvm::StringRef Limit, SourceLocation Loc, std::string GaveUp);

/// One bound reached at one site.
struct Hit {
  llvm::StringRef Limit;
  SourceLocation Loc;
  /// What was given up, as a phrase: "the close of 'h' here".
  std::string GaveUp;
};

/// The bounds reached during one run of an analysis.
using Hits = std::vector<Hit>;

/// While alive, the bounds are minimal or not, and hit() records into
/// \p Sink (when not null). A check opens one around its analysis;
/// clang-tidy runs the checks of a TU one after another on one thread.
class Scope {
public:
  Scope(Hits *Sink, bool Minimal);
  ~Scope();
  Scope(const Scope &) = delete;
  Scope &operator=(const Scope &) = delete;

private:
  Hits *OldSink;
  bool OldMinimal;
};

} // namespace clang::tidy::winhttp::analysis::limits

#endif // WINHTTP_TIDY_ANALYSIS_LIMITS_H
