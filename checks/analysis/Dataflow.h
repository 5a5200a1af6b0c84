//===--- Dataflow.h - the worklist solver every CFG analysis uses -*- C++ -*-===//
//
// One solver for the flow-sensitive analyses of the library: a worklist over
// clang's CFG in reverse post-order (forward) or post-order (backward), as
// clang's own DataflowWorklist.h orders it, parameterised by the analysis.
//
// An analysis is a class with
//
//   using State = ...;            // a lattice element; needs operator==
//   static constexpr Direction Dir = Direction::Forward;   // or Backward
//   State boundary() const;       // the state at the entry (forward) or at
//                                 // the exit (backward)
//   void join(State &Into, const State &From) const;  // least upper bound
//   void transfer(const CFGElement &E, State &S) const;
//
// and, optionally, a refinement per edge (a branch condition):
//
//   void edge(const CFGBlock &From, const CFGBlock &To, State &S) const;
//
// A block no path reaches has no state: that is the lattice's bottom, so
// join needs no bottom element of its own. A block's new out-state is
// joined with its old one, so the states only grow and the loop ends for any
// lattice of finite height even where a transfer is not monotone. The loop
// is bounded all the same (limits::SolverVisitsPerBlock); a run that reaches
// the bound says so (Result::Complete), and its states must not be used for
// a finding.
//
//===----------------------------------------------------------------------===//

#ifndef WINHTTP_TIDY_CHECKS_ANALYSIS_DATAFLOW_H
#define WINHTTP_TIDY_CHECKS_ANALYSIS_DATAFLOW_H

#include "Limits.h"
#include "clang/Analysis/Analyses/PostOrderCFGView.h"
#include "clang/Analysis/CFG.h"
#include "clang/Analysis/FlowSensitive/DataflowWorklist.h"
#include "llvm/ADT/STLExtras.h"
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace clang::tidy::winhttp::analysis::dataflow {

enum class Direction { Forward, Backward };

/// The states at the fixpoint: per block id, the state before its first
/// element and after its last, in the direction of the analysis (for a
/// backward analysis, In is at the block's end). None: no path reaches it.
template <typename StateT> struct Result {
  std::vector<std::optional<StateT>> In;
  std::vector<std::optional<StateT>> Out;
  /// False when the solver stopped at its bound before the fixpoint.
  bool Complete = true;
};

namespace detail {
template <typename A, typename = void> struct HasEdge : std::false_type {};
template <typename A>
struct HasEdge<A, std::void_t<decltype(std::declval<const A &>().edge(
                      std::declval<const CFGBlock &>(),
                      std::declval<const CFGBlock &>(),
                      std::declval<typename A::State &>()))>>
    : std::true_type {};

/// Post-order for a backward analysis: clang's backward worklist needs an
/// AnalysisDeclContext, which a bare CFG does not have.
struct BackwardWorklist
    : DataflowWorklistBase<PostOrderCFGView::BlockOrderCompare, 20> {
  BackwardWorklist(const CFG &G, PostOrderCFGView *POV)
      : DataflowWorklistBase(G, POV->getComparator()) {}
};
/// Records that a run over \p G used its \p Budget of block visits, at a
/// place in the code G is built from; the run is incomplete (false).
inline bool cutShort(const CFG &G, unsigned Budget) {
  SourceLocation At;
  for (const CFGBlock *B : G)
    for (const CFGElement &E : *B)
      if (std::optional<CFGStmt> S = E.getAs<CFGStmt>(); S && At.isInvalid())
        At = S->getStmt()->getBeginLoc();
  limits::hit("SolverVisitsPerBlock", At,
              "a dataflow run over the function around here: " +
                  std::to_string(Budget) + " block visits");
  return false;
}
} // namespace detail

/// Solves \p Analysis over \p G to its fixpoint.
template <typename A>
Result<typename A::State> solve(const CFG &G, const A &Analysis) {
  using State = typename A::State;
  constexpr bool Forward = A::Dir == Direction::Forward;
  const unsigned N = G.getNumBlockIDs();
  Result<State> R;
  R.In.resize(N);
  R.Out.resize(N);
  PostOrderCFGView POV(&G);
  std::conditional_t<Forward, ForwardDataflowWorklist, detail::BackwardWorklist>
      Worklist(G, &POV);
  const CFGBlock &Start = Forward ? G.getEntry() : G.getExit();

  // The state flowing into \p B: the boundary, or the join of what its
  // predecessors (successors, backward) send along each edge.
  auto InOf = [&](const CFGBlock &B) -> std::optional<State> {
    if (&B == &Start)
      return Analysis.boundary();
    std::optional<State> In;
    auto Take = [&](const CFGBlock *From, const CFGBlock &To) {
      const std::optional<State> &FromOut = R.Out[From->getBlockID()];
      if (!FromOut)
        return;
      State S = *FromOut;
      if constexpr (Forward && detail::HasEdge<A>::value)
        Analysis.edge(*From, To, S);
      if (!In)
        In = std::move(S);
      else
        Analysis.join(*In, S);
    };
    if constexpr (Forward) {
      for (const CFGBlock::AdjacentBlock &P : B.preds())
        if (const CFGBlock *PB = P.getReachableBlock())
          Take(PB, B);
    } else {
      for (const CFGBlock::AdjacentBlock &S : B.succs())
        if (const CFGBlock *SB = S.getReachableBlock())
          Take(SB, B);
    }
    return In;
  };

  const unsigned Budget =
      limits::bound(limits::SolverVisitsPerBlock) * std::max(N, 1u);
  unsigned Visits = 0;
  Worklist.enqueueBlock(&Start);
  while (const CFGBlock *B = Worklist.dequeue()) {
    if (++Visits > Budget) {
      R.Complete = detail::cutShort(G, Budget);
      break;
    }
    std::optional<State> S = InOf(*B);
    if (!S)
      continue;
    R.In[B->getBlockID()] = S;
    if constexpr (Forward) {
      for (const CFGElement &E : *B)
        Analysis.transfer(E, *S);
    } else {
      for (const CFGElement &E : llvm::reverse(*B))
        Analysis.transfer(E, *S);
    }
    std::optional<State> &Slot = R.Out[B->getBlockID()];
    if (Slot) {
      State Old = *Slot;
      Analysis.join(*Slot, *S);
      if (*Slot == Old)
        continue;
    } else {
      Slot = std::move(S);
    }
    if constexpr (Forward) {
      for (const CFGBlock::AdjacentBlock &Succ : B->succs())
        Worklist.enqueueBlock(Succ.getReachableBlock());
    } else {
      for (const CFGBlock::AdjacentBlock &Pred : B->preds())
        Worklist.enqueueBlock(Pred.getReachableBlock());
    }
  }
  return R;
}

/// Calls \p Visit(Element, StateBefore) for every element of every reached
/// block at the fixpoint \p R, in the direction of the analysis: the pass
/// that records what each element sees.
template <typename A, typename VisitT>
void replay(const CFG &G, const A &Analysis,
            const Result<typename A::State> &R, VisitT Visit) {
  using State = typename A::State;
  for (const CFGBlock *B : G) {
    const std::optional<State> &In = R.In[B->getBlockID()];
    if (!In)
      continue;
    State S = *In;
    auto Step = [&](const CFGElement &E) {
      Visit(E, static_cast<const State &>(S));
      Analysis.transfer(E, S);
    };
    if constexpr (A::Dir == Direction::Forward) {
      for (const CFGElement &E : *B)
        Step(E);
    } else {
      for (const CFGElement &E : llvm::reverse(*B))
        Step(E);
    }
  }
}

} // namespace clang::tidy::winhttp::analysis::dataflow

#endif // WINHTTP_TIDY_CHECKS_ANALYSIS_DATAFLOW_H
