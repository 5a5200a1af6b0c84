//===--- ContextLifetimeImpl.h - context lifetime state ---------*- C++ -*-===//
//
// The bindings, frees, registrations and facts of ContextLifetime.h and the
// Finder that collects them (ContextLifetime.cpp) and answers the four
// questions (ContextLifetimeFindings.cpp); private to those files.
//
//===----------------------------------------------------------------------===//

#ifndef WINHTTP_TIDY_CHECKS_ANALYSIS_CONTEXTLIFETIMEIMPL_H
#define WINHTTP_TIDY_CHECKS_ANALYSIS_CONTEXTLIFETIMEIMPL_H

#include "ContextLifetime.h"
#include "FunctionCfg.h"
#include "ParentIndex.h"
#include "ValueFlow.h"
#include "WinHttpApi.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <optional>
#include <vector>

namespace clang::tidy::winhttp::analysis {

namespace contextlifetime_detail {

/// A context bound to a handle.
struct Binding {
  const CallExpr *Call;
  const FunctionDecl *Fn;
  const Expr *Handle;
  /// What designates the context object: the pointer bound, or, for
  /// `&x`, x itself; null when the context is NULL.
  const Expr *Context;
  /// For `&x` of an automatic x: x.
  const VarDecl *Automatic = nullptr;
};

/// A free of an object: `Freed` names it, or, for the end of a local
/// owner's scope, DtorOf is the owner.
struct Free {
  const Stmt *S = nullptr;
  const Expr *Freed = nullptr;
  const VarDecl *DtorOf = nullptr;
};

struct Registration {
  const FunctionDecl *Callback;
  const CallExpr *Call;
  ValueSet On;
  std::optional<uint64_t> Flags;
};

/// What a status callback does on HANDLE_CLOSING.
struct ClosingBranch {
  /// Objects it signals (SetEvent, notify_*).
  llvm::SmallVector<const Expr *, 2> Signals;
  llvm::SmallVector<Free, 2> Frees;
};

struct FunctionFacts {
  llvm::SmallVector<const CallExpr *, 2> Closes;
  llvm::SmallVector<Free, 2> Frees;
  /// Waits with the object they wait for.
  llvm::SmallVector<std::pair<const Stmt *, const Expr *>, 2> Waits;
  /// Local owners the function resets or releases: their destruction is
  /// not where the context goes.
  llvm::SmallPtrSet<const VarDecl *, 2> OwnersLetGo;
};

class Finder {
public:
  Finder(ASTContext &Ctx, const ValueFlow &Flow, bool SystemHeaders)
      : Ctx(Ctx), Flow(Flow), Parents(Ctx, SystemHeaders), Cfgs(Ctx),
        SystemHeaders(SystemHeaders) {}

  std::vector<ContextFinding> run();

private:
  void collect();
  std::optional<Binding> bindingOf(const CallExpr &Call,
                                   const api::Function &Api,
                                   const FunctionDecl *Fn);
  bool same(const Expr *A, const Expr *B) const;
  /// The registrations whose handle is \p Handle or one of its ancestors.
  /// Null when a bound cut the walk up the parents short.
  std::optional<llvm::SmallVector<const Registration *, 2>>
  covering(const Expr &Handle) const;
  bool isClosingWait(const Stmt &S,
                     llvm::ArrayRef<const Registration *> Regs) const;
  bool isRelease(const Stmt &Free);
  bool matchesFree(const CFGElement &E, const Free &F) const;

  void freedAfterClose(std::vector<ContextFinding> &Out);
  void automaticContexts(std::vector<ContextFinding> &Out);
  void waitsNeverEnding(std::vector<ContextFinding> &Out);
  std::pair<const Registration *, bool>
  flagsLackHandles(const Registration &R, const FunctionDecl *Fn) const;
  const CallExpr *unboundCloseBefore(const FunctionDecl *Fn,
                                     const FunctionFacts &F, const Stmt *Wait,
                                     const Registration &R);
  void freedTwice(std::vector<ContextFinding> &Out);

  ASTContext &Ctx;
  const ValueFlow &Flow;
  ParentIndex Parents;
  FunctionCfgs Cfgs;
  bool SystemHeaders;
  std::vector<Binding> Bindings;
  /// Whether a bound kept a binding from being known (ContextCopies).
  bool BindingsCut = false;
  std::vector<Registration> Registrations;
  llvm::DenseMap<const FunctionDecl *, ClosingBranch> Closing;
  llvm::MapVector<const FunctionDecl *, FunctionFacts> Facts;
  /// The function each status callback registration is in.
  llvm::DenseMap<const CallExpr *, const FunctionDecl *> RegisteredIn;
};

} // namespace contextlifetime_detail

} // namespace clang::tidy::winhttp::analysis

#endif // WINHTTP_TIDY_CHECKS_ANALYSIS_CONTEXTLIFETIMEIMPL_H
