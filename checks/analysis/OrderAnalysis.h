//===--- OrderAnalysis.h - what holds on every path to a statement -*- C++ -*-//
//
// The order half of the race model: a forward must-analysis over each
// function's CFG, with facts
//
//  * Finished(v): the thread, task or timer v has finished (joined, waited
//    for with INFINITE, a jthread or future destroyed), or the event v was
//    waited for;
//  * Held(v): the lock v is held;
//  * NotStarted(v): the thread v of this function has not been started on
//    this path, and none is left from an earlier call (the function waits
//    for it before it returns);
//  * GateTrue(l): the flag at location l was tested true.
//
// Facts are generated on CFG elements (waits, joins, lock calls and scoped
// locks, destructors, thread starts) and on branch edges (a timed or
// alertable wait's result tested against WAIT_OBJECT_0 or
// future_status::ready in either polarity, a flag tested, a failed start
// tested against null), and at the exit of a loop that waits for each
// element it visits. Merges intersect. Values (threads, locks, events) and
// locations (flags) come from the value flow.
//
// Across functions: a call applies its callee's summary (the facts it
// establishes on every path to its exit, and the facts it may remove, both
// transitively); a function's entry facts are the intersection of the facts
// at its calls in the TU, and none for thread entries, status callbacks and
// functions the TU does not call. Functions without a CFG (`__try`) have no
// facts: nothing is known to be ordered in or by them, and the facts that
// depend on them are marked incomplete (OrderFacts::Complete), so that no
// finding rests on them.
//
//===----------------------------------------------------------------------===//

#ifndef WINHTTP_TIDY_CHECKS_ANALYSIS_ORDERANALYSIS_H
#define WINHTTP_TIDY_CHECKS_ANALYSIS_ORDERANALYSIS_H

#include "FunctionCfg.h"
#include "ThreadOptions.h"
#include "ValueFlow.h"
#include "llvm/ADT/DenseMap.h"
#include <memory>
#include <vector>

namespace clang::tidy::winhttp::analysis {

/// What holds on every path to a point.
struct OrderFacts {
  ValueSet Finished;
  ValueSet Held;
  ValueSet NotStarted;
  /// Location ids (ValueFlow::locationsOf) of flags known true.
  llvm::SparseBitVector<> GatesTrue;
  /// Whether the facts are all there: false where the function has no CFG,
  /// or a path to the point calls a function without one (or a recursive
  /// one) or starts from a caller without one. Facts that are not all there
  /// may lack the join or the lock that orders two events: a finding must
  /// not rest on them.
  bool Complete = false;
};

/// A wait for a thread, task or timer in a function's body.
struct WaitSite {
  const CallExpr *Call;
  /// The values of the object waited for.
  ValueSet On;
  /// Whether it can return before the object finished (a timeout, an
  /// alertable wait, more than 64 objects): it orders only where its
  /// result says it succeeded.
  bool Timed;
};

class OrderAnalysis {
public:
  /// \p ExtraJoins are the join functions the user names (option
  /// ThreadJoinFunctions): each waits, untimed, for its object argument.
  OrderAnalysis(const ValueFlow &Flow, FunctionCfgs &Cfgs,
                std::vector<ThreadJoinSpec> ExtraJoins = {});
  ~OrderAnalysis();
  OrderAnalysis(const OrderAnalysis &) = delete;
  OrderAnalysis &operator=(const OrderAnalysis &) = delete;

  /// The facts on every path to \p S, a call, a construction, an
  /// assignment or a declaration in the function \p Fn, before S is
  /// evaluated. Empty where \p Fn has no CFG.
  OrderFacts before(const Stmt &S, const FunctionDecl &Fn);

  /// The facts at every exit of \p Fn, given its entry facts.
  OrderFacts atExit(const FunctionDecl &Fn);

  /// The waits written in \p Fn's body that can order (joins, waits,
  /// option ThreadJoinFunctions), in source order; for notes.
  const std::vector<WaitSite> &waitsIn(const FunctionDecl &Fn);

  class Impl;

private:
  std::unique_ptr<Impl> P;
  llvm::DenseMap<const FunctionDecl *, std::vector<WaitSite>> WaitsCache;
};

} // namespace clang::tidy::winhttp::analysis

#endif // WINHTTP_TIDY_CHECKS_ANALYSIS_ORDERANALYSIS_H
