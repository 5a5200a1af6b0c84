//===--- OrderAnalysisImpl.h - the state of the order analysis --*- C++ -*-===//
//
// The class behind OrderAnalysis, private to the Order*.cpp files: the facts
// as bits of one vector, the summaries and runs of functions, and the
// helpers those files share.
//
//===----------------------------------------------------------------------===//

#ifndef WINHTTP_TIDY_CHECKS_ANALYSIS_ORDERANALYSISIMPL_H
#define WINHTTP_TIDY_CHECKS_ANALYSIS_ORDERANALYSISIMPL_H

#include "FunctionCfg.h"
#include "OrderAnalysis.h"
#include "ValueFlow.h"
#include "WinHttpApi.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SparseBitVector.h"
#include <memory>
#include <optional>
#include <tuple>

namespace clang::tidy::winhttp::analysis {

namespace order_detail {

using State = llvm::SparseBitVector<>;

/// FreshStart(v): the latest start of v came when no instance of v ran (v
/// had not started, or had finished). StartFailed(v) is an edge fact only:
/// the latest start of v failed; with FreshStart(v), no instance runs.
enum class Fact : unsigned {
  Finished,
  Held,
  NotStarted,
  Gate,
  FreshStart,
  StartFailed,
  /// Everything on every path to here was seen: no call of a function
  /// without a CFG (`__try`) or of one whose summary is not known yet
  /// (recursion) removed facts it might not have removed. A must-fact like
  /// the others, so a merge with a path that lacks it lacks it, and a
  /// finding that rests on facts without it is not reported.
  Complete
};

/// Facts share one bit vector: the kind in the high bits, the value or
/// location id below. Ids past this many would collide, which a TU with
/// 2^27 values does not reach.
constexpr unsigned FactShift = 27;

inline unsigned fact(Fact K, unsigned Id) {
  return (static_cast<unsigned>(K) << FactShift) | Id;
}

inline void addAll(State &S, Fact K, const ValueSet &Ids) {
  for (unsigned Id : Ids)
    S.set(fact(K, Id));
}

/// What a function may remove from its caller's facts.
struct Effects {
  State Killed;
  /// Unknown: a recursive call, or a callee without a CFG.
  bool KillsAll = false;
};

struct Summary {
  State Gen;
  State Kill;
  bool KillsAll = false;
};

/// One analysis of a function with its entry facts.
struct Run {
  llvm::DenseMap<const Stmt *, State> Before;
  std::optional<State> Exit;
};

/// When a wait has let the waited-for object finish.
enum class WaitOrders { Never, OnSuccess, Always };

inline const Expr *objectOfCall(const CallExpr &Call) {
  if (const auto *MCE = dyn_cast<CXXMemberCallExpr>(&Call))
    return MCE->getImplicitObjectArgument();
  return nullptr;
}

} // namespace order_detail

class OrderAnalysis::Impl {
public:
  Impl(const ValueFlow &Flow, FunctionCfgs &Cfgs,
       std::vector<ThreadJoinSpec> ExtraJoins)
      : Flow(Flow), Cfgs(Cfgs), Ctx(Flow.context()),
        ExtraJoins(std::move(ExtraJoins)) {}

  const order_detail::Run *analysed(const FunctionDecl *Fn);
  OrderFacts decode(const order_detail::State &S) const;
  std::vector<WaitSite> waitsIn(const FunctionDecl &Fn) const;

private:
  std::optional<order_detail::State> runOnce(const FunctionDecl *Fn,
                                             const order_detail::State &Entry,
                                             order_detail::Effects *Eff,
                                             order_detail::Run *Record);
  /// The indices of each block's edges by the block they lead to, for the
  /// walk of one CFG (CFGs are freed once analysed).
  using EdgeIndex = llvm::DenseMap<
      const CFGBlock *,
      llvm::DenseMap<const CFGBlock *, llvm::SmallVector<unsigned, 1>>>;
  struct Walk;
  static llvm::ArrayRef<unsigned> edgesTo(const CFGBlock &From,
                                          const CFGBlock &To, EdgeIndex &Index);
  order_detail::State entry(const FunctionDecl *Fn);
  ValueSet startsIn(const FunctionDecl *Fn) const;
  order_detail::Summary summary(const FunctionDecl *Fn);

  void transfer(const CFGElement &E, order_detail::State &S,
                order_detail::Effects *Eff);
  void transferCall(const CallExpr &Call, order_detail::State &S,
                    order_detail::Effects *Eff);
  void endOfLife(QualType T, const ValueSet &Values,
                 const CXXDestructorDecl *Dtor, order_detail::State &S,
                 order_detail::Effects *Eff);
  void applySummary(const FunctionDecl *Callee, order_detail::State &S,
                    order_detail::Effects *Eff);
  void kill(order_detail::State &S, order_detail::Fact K, const ValueSet &Ids,
            order_detail::Effects *Eff);

  order_detail::WaitOrders waitOrders(const CallExpr &Call) const;
  const Expr *waitedObject(const CallExpr &Call) const;
  const Expr *unconditionalWaitObject(const Stmt *S) const;
  std::optional<ValueSet> waitedOnSuccess(const Expr *E) const;
  const order_detail::State &edge(const CFGBlock &From, unsigned SuccIdx);
  void conditionFacts(const Expr *Cond, bool Taken,
                      order_detail::State &Out) const;
  void valueIsZero(const Expr *X, bool Zero, order_detail::State &Out) const;
  order_detail::State loopExitFacts(const Stmt *Loop) const;

  const ThreadJoinSpec *extraJoin(const CallExpr &Call) const;

  const ValueFlow &Flow;
  FunctionCfgs &Cfgs;
  ASTContext &Ctx;
  const std::vector<ThreadJoinSpec> ExtraJoins;
  const FunctionDecl *CurrentFn = nullptr;

  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<order_detail::Run>> Runs;
  llvm::DenseMap<const FunctionDecl *, order_detail::State> Entries;
  llvm::DenseSet<const FunctionDecl *> EntriesInProgress;
  llvm::DenseMap<const FunctionDecl *, order_detail::Summary> Summaries;
  llvm::DenseSet<const FunctionDecl *> SummariesInProgress;
  llvm::DenseMap<const FunctionDecl *, ValueSet> StartsIn;
  /// Facts along a branch, by the branch's terminator, condition and
  /// successor index: AST nodes, which outlive the CFGs (freed once a
  /// function is analysed).
  llvm::DenseMap<std::tuple<const Stmt *, const Stmt *, unsigned>,
                 order_detail::State>
      Edges;
};

} // namespace clang::tidy::winhttp::analysis

#endif // WINHTTP_TIDY_CHECKS_ANALYSIS_ORDERANALYSISIMPL_H
