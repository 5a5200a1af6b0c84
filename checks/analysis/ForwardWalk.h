//===--- ForwardWalk.h - forward dataflow over one CFG ----------*- C++ -*-===//
//
// The per-function walks of use-after-close and of the leak analysis, given
// as functions: states flow from the entry along the CFG's edges, are joined
// where paths merge and changed by each element and, optionally, by each
// edge (a branch condition). The fixpoint is the one solver's (Dataflow.h),
// which joins a block's new out-state with its old one, so the states only
// grow and the walk ends even where a transfer is not monotone.
//
//===----------------------------------------------------------------------===//

#ifndef WINHTTP_TIDY_CHECKS_ANALYSIS_FORWARDWALK_H
#define WINHTTP_TIDY_CHECKS_ANALYSIS_FORWARDWALK_H

#include "Dataflow.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/STLExtras.h"
#include <functional>
#include <optional>
#include <vector>

namespace clang::tidy::winhttp::analysis {

template <typename StateT> struct ForwardWalk {
  /// The state at the function's entry.
  StateT Entry;
  /// Joins the state of another incoming path into \p Into.
  std::function<void(StateT &Into, const StateT &From)> Join;
  /// What one element does.
  std::function<void(const CFGElement &E, StateT &S)> Transfer;
  /// What taking the edge From -> To says; may be empty.
  std::function<void(const CFGBlock &From, const CFGBlock &To, StateT &S)> Edge;

  /// The state on entry to \p B, or none when no path reaches it yet.
  std::optional<StateT> in(const CFG &G, const CFGBlock &B,
                           llvm::ArrayRef<std::optional<StateT>> Out) const {
    if (&B == &G.getEntry())
      return Entry;
    std::optional<StateT> Result;
    for (const CFGBlock::AdjacentBlock &Pred : B.preds()) {
      const CFGBlock *P = Pred.getReachableBlock();
      if (!P)
        continue;
      const std::optional<StateT> &PredOut = Out[P->getBlockID()];
      if (!PredOut)
        continue;
      StateT From = *PredOut;
      if (Edge)
        Edge(*P, B, From);
      if (!Result)
        Result = std::move(From);
      else
        Join(*Result, From);
    }
    return Result;
  }

  /// The out-state of every block at the fixed point (none: unreached), as
  /// the one solver (Dataflow.h) finds it; none anywhere when the solver
  /// stopped at its bound, so that nothing is reported from the function.
  std::vector<std::optional<StateT>> run(const CFG &G) const {
    dataflow::Result<StateT> R = dataflow::solve(G, Adapter{*this});
    if (!R.Complete)
      return std::vector<std::optional<StateT>>(G.getNumBlockIDs());
    return std::move(R.Out);
  }

private:
  /// The walk as an analysis of the solver.
  struct Adapter {
    using State = StateT;
    static constexpr dataflow::Direction Dir = dataflow::Direction::Forward;
    const ForwardWalk &W;
    State boundary() const { return W.Entry; }
    void join(State &Into, const State &From) const { W.Join(Into, From); }
    void transfer(const CFGElement &E, State &S) const { W.Transfer(E, S); }
    void edge(const CFGBlock &From, const CFGBlock &To, State &S) const {
      if (W.Edge)
        W.Edge(From, To, S);
    }
  };
};

} // namespace clang::tidy::winhttp::analysis

#endif // WINHTTP_TIDY_CHECKS_ANALYSIS_FORWARDWALK_H
