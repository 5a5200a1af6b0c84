//===--- ThreadModel.h - which code can run beside which --------*- C++ -*-===//
//
// The thread half of the race model: the contexts each function of the TU
// can run in, over the call graph of the value flow.
//
//  * Thread(v): reached by calls from an entry of the thread, task or timer
//    value v (ValueFlow::entriesOf). A task of `std::async` launched with
//    `std::launch::deferred` runs where it is waited for, on the thread that
//    waits: its entries belong to the function that starts it.
//  * Callback(f): reached from the status callback f.
//  * Main: reached from a function the TU does not call and does not start
//    (main, exported functions, methods called from outside), or from a
//    global's initialiser. A lambda the TU neither calls nor starts runs where
//    the function that creates it runs.
//  * Canceller: reached from a function whose name contains one of the
//    cancel words (option CancelFunctionPattern): such a function is written
//    to be called while a request is in flight.
//
//===----------------------------------------------------------------------===//

#ifndef WINHTTP_TIDY_CHECKS_ANALYSIS_THREADMODEL_H
#define WINHTTP_TIDY_CHECKS_ANALYSIS_THREADMODEL_H

#include "ValueFlow.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <string>
#include <vector>

namespace clang::tidy::winhttp::analysis {

/// Calls \p OnStmt on each statement of the body (and of the written
/// member initialisers) of \p F, not on those of the lambdas and classes it
/// defines (a lambda expression itself is visited, not its captures or
/// body).
void forEachStmtIn(const FunctionDecl &F,
                   llvm::function_ref<void(const Stmt &)> OnStmt);

/// One step of a chain of calls shown in notes.
struct ChainStep {
  const Expr *Call;
  std::string Callee;
};

/// A function whose name says it cancels, and the word that says so.
struct Canceller {
  const FunctionDecl *Fn = nullptr;
  std::string Word;
};

class ThreadModel {
public:
  ThreadModel(const ValueFlow &Flow, std::vector<std::string> CancelWords);

  /// The threads, tasks and timers whose entries reach \p F (canonical).
  ValueSet threadsRunning(const FunctionDecl *F) const;

  /// Whether \p F runs outside any thread the TU starts and any callback.
  bool inMain(const FunctionDecl *F) const;

  /// The status callbacks that reach \p F.
  llvm::ArrayRef<const FunctionDecl *>
  callbacksReaching(const FunctionDecl *F) const;

  /// The canceller that reaches \p F, if one does.
  const Canceller *cancellerReaching(const FunctionDecl *F) const;

  /// Whether calls from \p From reach \p To (a function reaches itself).
  /// The functions \p From reaches are found once and kept: ask this when
  /// From is one of a few (a starter, a callback) and To varies.
  bool reaches(const FunctionDecl *From, const FunctionDecl *To) const;

  /// The same question, with the functions that reach \p To found once and
  /// kept: ask this when To is one of a few and From varies.
  bool reachedFrom(const FunctionDecl *To, const FunctionDecl *From) const;

  /// The calls from \p From down to \p To, shortest first found.
  llvm::SmallVector<ChainStep, 4> callChain(const FunctionDecl *From,
                                            const FunctionDecl *To) const;

  /// The function whose code starts the thread value \p T, or null.
  const FunctionDecl *starterOf(ValueId T) const;

  /// Whether the thread value \p T is a deferred task.
  bool isDeferred(ValueId T) const { return Deferred.contains(T); }

  /// The words of an identifier: `onStopRequest` -> on, stop, request;
  /// `winhttp_client_shutdown` -> winhttp, client, shutdown; lower case.
  static llvm::SmallVector<std::string, 4> words(llvm::StringRef Name);

private:
  using Fn = const FunctionDecl *;
  void buildCallGraph();
  void findStarters();
  template <typename Visit> void reach(Fn Root, Visit &&OnVisit) const;
  static const llvm::DenseSet<Fn> &
  closure(Fn Root,
          const llvm::DenseMap<
              Fn, llvm::SmallVector<std::pair<const Expr *, Fn>, 4>> &Edges,
          llvm::DenseMap<Fn, llvm::DenseSet<Fn>> &Cache);

  const ValueFlow &Flow;
  std::vector<std::string> CancelWords;
  /// The call graph, both ways (a lambda is called by the function it is
  /// written in, a deferred task's entry by its starter).
  llvm::DenseMap<Fn, llvm::SmallVector<std::pair<const Expr *, Fn>, 4>> Callees,
      Callers;
  /// What each function asked about reaches, and what reaches it.
  mutable llvm::DenseMap<Fn, llvm::DenseSet<Fn>> Reachable, Reaching;
  llvm::DenseMap<Fn, ValueSet> Threads;
  llvm::DenseSet<Fn> Main;
  llvm::DenseMap<Fn, llvm::SmallVector<Fn, 1>> Callbacks;
  llvm::DenseMap<Fn, Canceller> Cancellers;
  llvm::DenseMap<ValueId, Fn> Starters;
  llvm::DenseSet<ValueId> Deferred;
};

} // namespace clang::tidy::winhttp::analysis

#endif // WINHTTP_TIDY_CHECKS_ANALYSIS_THREADMODEL_H
