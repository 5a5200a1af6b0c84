//===--- Summaries.h - summaries bottom-up over the call graph -*- C++ -*-===//
//
// The one summary mechanism of the analyses: what a function of the TU does
// for its callers (the handles it closes, the joins it makes), computed
// bottom-up over the strongly connected components of the call graph
// (clang's CallGraph, llvm::scc_iterator), with a fixpoint inside each
// component.
//
// The call graph has an edge for every call of a function of the TU from
// the body of another: direct calls, constructions, and calls through
// pointers to whatever functions the value flow says they can call. A
// component is a set of functions that call each other (a recursion); any
// other function one of them calls is in a component below it.
//
// A summary table computes a component the first time one of its functions
// is asked for, after the components below it. Inside a component, every
// function starts at the analysis's bottom summary (what is known of a
// function before its body is read) and the functions are summarised in
// the stable order (StableOrder.h) until no summary changes; a call to a
// function of the same component reads the summary of the round so far. So
// a function's summary depends only on the code, never on which function
// was asked first. A component still changing after limits::SummaryRounds
// rounds gets the analysis's quiet summary for each of its functions, and
// the bound is recorded.
//
// The lattice of each analysis is its own (a summary and its equality); the
// analysis must make a function's summary grow with its callees' summaries
// for the fixpoint to be the least one.
//
//===----------------------------------------------------------------------===//

#ifndef WINHTTP_TIDY_CHECKS_ANALYSIS_SUMMARIES_H
#define WINHTTP_TIDY_CHECKS_ANALYSIS_SUMMARIES_H

#include "Limits.h"
#include "clang/AST/Decl.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include <functional>
#include <vector>

namespace clang::tidy::winhttp::analysis {

class ValueFlow;

/// The strongly connected components of the TU's call graph.
class CallGraphComponents {
public:
  /// The call graph of the functions \p Flow walked, with the callees the
  /// value flow resolves.
  explicit CallGraphComponents(const ValueFlow &Flow);

  /// The component of \p F (any declaration), or none for a function
  /// without a body in the TU.
  std::optional<unsigned> componentOf(const FunctionDecl *F) const;
  /// The functions of component \p C (canonical declarations), in the
  /// stable order.
  llvm::ArrayRef<const FunctionDecl *> members(unsigned C) const {
    return Components[C].Members;
  }
  /// The components that functions of \p C call, other than \p C.
  llvm::ArrayRef<unsigned> below(unsigned C) const {
    return Components[C].Below;
  }
  /// Whether a function of \p C calls a function of \p C: a recursion.
  bool recursive(unsigned C) const { return Components[C].Recursive; }
  size_t size() const { return Components.size(); }

private:
  struct Component {
    std::vector<const FunctionDecl *> Members;
    std::vector<unsigned> Below;
    bool Recursive = false;
  };
  std::vector<Component> Components;
  llvm::DenseMap<const FunctionDecl *, unsigned> ComponentOf;
};

/// The summaries of one analysis: \p SummaryT with `==`.
template <typename SummaryT> class SummaryTable {
public:
  /// Summarises one function (its definition) given the summaries of the
  /// functions it calls, which it reads through get().
  using ComputeFn = std::function<SummaryT(const FunctionDecl &Def)>;

  /// \p Bottom: the summary before the body is read; \p Quiet: the summary
  /// of a function whose component did not settle, on which no finding may
  /// rest.
  SummaryTable(const CallGraphComponents &Graph, ComputeFn Compute,
               SummaryT Bottom, SummaryT Quiet)
      : Graph(Graph), Compute(std::move(Compute)), Bottom(std::move(Bottom)),
        Quiet(std::move(Quiet)) {}

  /// The summary of \p F: Bottom for a function without a body in the TU.
  const SummaryT &get(const FunctionDecl *F) {
    std::optional<unsigned> C = Graph.componentOf(F);
    if (!C)
      return Bottom;
    if (!Done.lookup(*C))
      computeComponent(*C);
    auto It = Table.find(F->getCanonicalDecl());
    return It == Table.end() ? Bottom : It->second;
  }

  /// The number of function summaries computed so far, rounds included.
  unsigned computed() const { return Computed; }

private:
  void computeComponent(unsigned C) {
    // Inside a component being computed, a call reads the round so far.
    if (!InProgress.insert(C).second)
      return;
    for (unsigned B : Graph.below(C))
      if (!Done.lookup(B))
        computeComponent(B);
    llvm::ArrayRef<const FunctionDecl *> Members = Graph.members(C);
    for (const FunctionDecl *F : Members)
      Table.insert_or_assign(F, Bottom);
    const unsigned Rounds =
        Graph.recursive(C) ? limits::bound(limits::SummaryRounds) : 1;
    bool Changed = true;
    for (unsigned Round = 0; Round < Rounds && Changed; ++Round) {
      Changed = false;
      for (const FunctionDecl *F : Members) {
        const FunctionDecl *Def = nullptr;
        if (!F->hasBody(Def))
          continue;
        SummaryT New = Compute(*Def);
        ++Computed;
        if (!(New == Table.find(F)->second)) {
          Table.insert_or_assign(F, std::move(New));
          Changed = true;
        }
      }
    }
    if (Changed && Graph.recursive(C)) {
      limits::hit("SummaryRounds", Members.front()->getLocation(),
                  "the summaries of '" + Members.front()->getNameAsString() +
                      "' and the functions it recurses with");
      for (const FunctionDecl *F : Members)
        Table.insert_or_assign(F, Quiet);
    }
    InProgress.erase(C);
    Done[C] = true;
  }

  const CallGraphComponents &Graph;
  ComputeFn Compute;
  const SummaryT Bottom;
  const SummaryT Quiet;
  llvm::DenseMap<const FunctionDecl *, SummaryT> Table;
  llvm::DenseMap<unsigned, bool> Done;
  llvm::DenseSet<unsigned> InProgress;
  unsigned Computed = 0;
};

} // namespace clang::tidy::winhttp::analysis

#endif // WINHTTP_TIDY_CHECKS_ANALYSIS_SUMMARIES_H
