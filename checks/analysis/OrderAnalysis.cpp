//===--- OrderAnalysis.cpp - what holds on every path to a statement ------===//
//
// The must-analysis of OrderAnalysis.h: per-function worklist over the CFG
// with intersection at merges, facts on elements and on branch edges,
// summaries for calls and entry facts from the callers.
//
//===----------------------------------------------------------------------===//

#include "OrderAnalysis.h"
#include "Dataflow.h"
#include "OrderAnalysisImpl.h"
#include "ThreadModel.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::winhttp::analysis {

using namespace order_detail;

/// The statements whose facts OrderAnalysis::before answers for.
static bool isQueried(const Stmt &S) {
  if (const auto *BO = dyn_cast<BinaryOperator>(&S))
    return BO->isAssignmentOp();
  return isa<CallExpr, CXXConstructExpr, DeclStmt>(S);
}

// The indices of the edges from \p From to \p To among From's successors.
// A switch has an edge per case: its successors are indexed once, so that
// each case's block does not scan all the others.
llvm::ArrayRef<unsigned> OrderAnalysis::Impl::edgesTo(const CFGBlock &From,
                                                      const CFGBlock &To,
                                                      EdgeIndex &Index) {
  auto [It, Inserted] = Index.try_emplace(&From);
  if (Inserted) {
    unsigned Idx = 0;
    for (const CFGBlock::AdjacentBlock &Succ : From.succs()) {
      if (const CFGBlock *S = Succ.getReachableBlock())
        It->second[S].push_back(Idx);
      ++Idx;
    }
  }
  auto Found = It->second.find(&To);
  return Found == It->second.end() ? llvm::ArrayRef<unsigned>()
                                   : llvm::ArrayRef<unsigned>(Found->second);
}

/// The order facts of one function as an analysis of the one solver
/// (Dataflow.h). Lattice: sets of facts ordered by reverse inclusion (must
/// hold on every path); join is intersection; an unreached block is the top.
struct OrderAnalysis::Impl::Walk {
  using State = analysis::State;
  static constexpr dataflow::Direction Dir = dataflow::Direction::Forward;
  Impl &I;
  const State &Entry;
  Effects *Eff;
  EdgeIndex &Index;

  State boundary() const { return Entry; }
  void join(State &Into, const State &From) const { Into &= From; }
  void transfer(const CFGElement &E, State &S) const { I.transfer(E, S, Eff); }
  /// A switch can lead to one block by several cases: the facts of each
  /// case's edge, intersected.
  void edge(const CFGBlock &From, const CFGBlock &To, State &S) const {
    std::optional<State> Result;
    for (unsigned Idx : edgesTo(From, To, Index)) {
      State Along = S;
      for (unsigned Bit : I.edge(From, Idx)) {
        const unsigned Id = Bit & ((1U << FactShift) - 1);
        if (Bit >> FactShift != static_cast<unsigned>(Fact::StartFailed))
          Along.set(Bit);
        else if (S.test(fact(Fact::FreshStart, Id))) {
          Along.set(fact(Fact::NotStarted, Id));
          Along.set(fact(Fact::Finished, Id));
        }
      }
      if (!Result)
        Result = std::move(Along);
      else
        *Result &= Along;
    }
    if (Result)
      S = std::move(*Result);
  }
};

std::optional<State> OrderAnalysis::Impl::runOnce(const FunctionDecl *Fn,
                                                  const State &Entry,
                                                  Effects *Eff, Run *Record) {
  const CFG *G = Cfgs.get(Fn);
  if (!G)
    return std::nullopt;
  const FunctionDecl *Outer = CurrentFn;
  CurrentFn = Fn;
  EdgeIndex Index;
  const Walk W{*this, Entry, Eff, Index};
  dataflow::Result<State> R = dataflow::solve(*G, W);
  // A run cut short knows nothing: no facts, not even Complete.
  if (!R.Complete) {
    CurrentFn = Outer;
    if (Eff)
      Eff->KillsAll = true;
    return State();
  }
  if (Record)
    for (const CFGBlock *B : *G) {
      const std::optional<State> &In = R.In[B->getBlockID()];
      if (!In)
        continue;
      State S = *In;
      for (const CFGElement &E : *B) {
        // Queries are about calls and constructions (closes, blocking
        // calls, calls of functions) and stores (where a handle is taken
        // out of shared memory): only those are kept.
        if (std::optional<CFGStmt> CS = E.getAs<CFGStmt>();
            CS && isQueried(*CS->getStmt()))
          Record->Before.try_emplace(CS->getStmt(), S);
        transfer(E, S, nullptr);
      }
    }
  CurrentFn = Outer;
  return R.Out[G->getExit().getBlockID()];
}

Summary OrderAnalysis::Impl::summary(const FunctionDecl *Fn) {
  if (auto It = Summaries.find(Fn); It != Summaries.end())
    return It->second;
  // Recursion: what the cycle does is not known yet.
  if (!SummariesInProgress.insert(Fn).second)
    return {{}, {}, /*KillsAll=*/true};
  // The threads the function starts are taken not to run when it is
  // entered: true when it waits for them before every return and nothing
  // else starts them, which is what the summary is asked (entry()).
  State Assumed;
  Assumed.set(fact(Fact::Complete, 0));
  const ValueSet Own = startsIn(Fn);
  // Not started implies that no instance runs: finished as well.
  for (unsigned T : Own) {
    Assumed.set(fact(Fact::NotStarted, T));
    Assumed.set(fact(Fact::Finished, T));
  }
  Effects Eff;
  std::optional<State> Exit = runOnce(Fn, Assumed, &Eff, nullptr);
  State Gen = Exit ? *Exit : State();
  for (unsigned T : Own) {
    Gen.reset(fact(Fact::NotStarted, T));
    Gen.reset(fact(Fact::FreshStart, T));
  }
  Summary Result{std::move(Gen), Eff.Killed, Eff.KillsAll || !Cfgs.get(Fn)};
  SummariesInProgress.erase(Fn);
  Summaries[Fn] = Result;
  // Most functions are only summarised: their CFG is not kept (analysed()
  // builds it again if it is asked for the function's facts).
  if (!Runs.count(Fn))
    Cfgs.forget(Fn);
  return Result;
}

ValueSet OrderAnalysis::Impl::startsIn(const FunctionDecl *Fn) const {
  ValueSet Result;
  if (const CFG *G = Cfgs.get(Fn))
    for (const CFGBlock *B : *G)
      for (const CFGElement &E : *B)
        if (std::optional<CFGStmt> CS = E.getAs<CFGStmt>())
          if (std::optional<ValueId> T = Flow.threadStartedBy(*CS->getStmt()))
            Result.set(*T);
  return Result;
}

State OrderAnalysis::Impl::entry(const FunctionDecl *Fn) {
  if (auto It = Entries.find(Fn); It != Entries.end())
    return It->second;
  if (!EntriesInProgress.insert(Fn).second)
    return {};
  // Nothing is known at the entry of a thread, a callback or a function
  // the TU does not call, and nothing is missing either.
  State Result;
  Result.set(fact(Fact::Complete, 0));
  llvm::ArrayRef<CallSite> Sites = Flow.callSitesOf(Fn);
  if (!Flow.isEntry(Fn) && !Sites.empty()) {
    bool First = true;
    for (const CallSite &Site : Sites) {
      // A global's initialiser knows nothing and misses nothing; a caller
      // without a CFG (or in a cycle of callers) leaves the facts unknown.
      State At;
      if (!Site.Caller)
        At.set(fact(Fact::Complete, 0));
      else if (const Run *R = analysed(Site.Caller->getCanonicalDecl()))
        At = R->Before.lookup(Site.Call);
      if (First)
        Result = std::move(At);
      else
        Result &= At;
      First = false;
    }
  }
  // Threads this function starts and waits for before it returns: none of
  // them runs when it is entered.
  const Summary Sm = summary(Fn);
  for (unsigned T : StartsIn.lookup(Fn))
    if (Sm.Gen.test(fact(Fact::Finished, T))) {
      Result.set(fact(Fact::NotStarted, T));
      Result.set(fact(Fact::Finished, T));
    }
  EntriesInProgress.erase(Fn);
  Entries[Fn] = Result;
  return Result;
}

const Run *OrderAnalysis::Impl::analysed(const FunctionDecl *Fn) {
  if (auto It = Runs.find(Fn); It != Runs.end())
    return It->second.get();
  Runs[Fn] = nullptr; // a cycle through the callers finds nothing yet
  const State Entry = entry(Fn);
  auto R = std::make_unique<Run>();
  R->Exit = runOnce(Fn, Entry, nullptr, R.get());
  std::unique_ptr<Run> &Slot = Runs[Fn];
  Slot = std::move(R);
  // The facts are recorded; the CFG is needed again only for a summary.
  if (Summaries.count(Fn))
    Cfgs.forget(Fn);
  return Slot.get();
}

OrderFacts OrderAnalysis::Impl::decode(const State &S) const {
  OrderFacts F;
  const unsigned Mask = (1U << FactShift) - 1;
  for (unsigned Bit : S) {
    const unsigned Id = Bit & Mask;
    switch (static_cast<Fact>(Bit >> FactShift)) {
    case Fact::Finished:
      F.Finished.set(Id);
      break;
    case Fact::Held:
      F.Held.set(Id);
      break;
    case Fact::NotStarted:
      F.NotStarted.set(Id);
      break;
    case Fact::Gate:
      F.GatesTrue.set(Id);
      break;
    case Fact::Complete:
      F.Complete = true;
      break;
    case Fact::FreshStart:
    case Fact::StartFailed:
      break;
    }
  }
  return F;
}

const std::vector<WaitSite> &OrderAnalysis::waitsIn(const FunctionDecl &Fn) {
  // Found once per function: a race warning asks for the waits of the
  // close's function, and one function can hold many closes.
  auto [It, Inserted] = WaitsCache.try_emplace(Fn.getCanonicalDecl());
  if (Inserted)
    It->second = P->waitsIn(Fn);
  return It->second;
}

OrderAnalysis::OrderAnalysis(const ValueFlow &Flow, FunctionCfgs &Cfgs,
                             std::vector<ThreadJoinSpec> ExtraJoins)
    : P(std::make_unique<Impl>(Flow, Cfgs, std::move(ExtraJoins))) {}

OrderAnalysis::~OrderAnalysis() = default;

OrderFacts OrderAnalysis::before(const Stmt &S, const FunctionDecl &Fn) {
  const Run *R = P->analysed(Fn.getCanonicalDecl());
  if (!R)
    return {};
  auto It = R->Before.find(&S);
  return It == R->Before.end() ? OrderFacts() : P->decode(It->second);
}

OrderFacts OrderAnalysis::atExit(const FunctionDecl &Fn) {
  const Run *R = P->analysed(Fn.getCanonicalDecl());
  return R && R->Exit ? P->decode(*R->Exit) : OrderFacts();
}

} // namespace clang::tidy::winhttp::analysis
