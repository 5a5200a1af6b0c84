//===--- ForwardWalk.h - forward dataflow over one CFG ----------*- C++ -*-===//
//
// The fixed-point loop that the per-function walks share: states flow from
// the entry along the CFG's edges, are joined where paths merge and changed
// by each element and, optionally, by each edge (a branch condition).
//
//===----------------------------------------------------------------------===//

#ifndef WINHTTP_TIDY_CHECKS_ANALYSIS_FORWARDWALK_H
#define WINHTTP_TIDY_CHECKS_ANALYSIS_FORWARDWALK_H

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
  /// Whether a block's out-state is joined with its earlier ones rather than
  /// replaced: it then only grows, so the loop ends even when a transfer is
  /// not monotone.
  bool Accumulate = false;

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

  /// The out-state of every block at the fixed point (none: unreached).
  std::vector<std::optional<StateT>> run(const CFG &G) const {
    std::vector<std::optional<StateT>> Out(G.getNumBlockIDs());
    for (bool Changed = true; Changed;) {
      Changed = false;
      for (const CFGBlock *B : llvm::reverse(G)) {
        std::optional<StateT> S = in(G, *B, Out);
        if (!S)
          continue;
        for (const CFGElement &E : *B)
          Transfer(E, *S);
        std::optional<StateT> &Slot = Out[B->getBlockID()];
        if (Slot && Accumulate) {
          StateT Old = *Slot;
          Join(*Slot, *S);
          Changed |= !(*Slot == Old);
        } else if (!Slot || !(*Slot == *S)) {
          Slot = std::move(S);
          Changed = true;
        }
      }
    }
    return Out;
  }
};

} // namespace clang::tidy::winhttp::analysis

#endif // WINHTTP_TIDY_CHECKS_ANALYSIS_FORWARDWALK_H
