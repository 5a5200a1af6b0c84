//===--- StoreReads.h - whether a stored value is ever read -----*- C++ -*-===//
//
// Answers, over a function's CFG, whether any path from a store to a local
// variable reaches a read of the variable before the next store to it: the
// question a dead-store check asks, for one store at a time.
//
//===----------------------------------------------------------------------===//

#ifndef WINHTTP_TIDY_CHECKS_ANALYSIS_STOREREADS_H
#define WINHTTP_TIDY_CHECKS_ANALYSIS_STOREREADS_H

#include "ParentIndex.h"
#include "clang/AST/Decl.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/STLExtras.h"
#include <optional>

namespace clang::tidy::winhttp::analysis {

/// The function, lambda call operator or block whose body holds \p S, or
/// null.
const Decl *enclosingFunction(const Stmt &S, ParentIndex &Parents);

/// Whether the value that \p Store (the DeclStmt declaring \p Var with an
/// initialiser, or an assignment `Var = ...`) puts in the local \p Var is
/// read on some path of \p G, the CFG of the function that holds both.
///
/// A read is any evaluation of the variable other than as the target of a
/// plain assignment, a lambda capturing it, or the end of a path that leaves
/// the function through an exception handler. None when the answer is not
/// known: the variable's address is taken, a reference or a lambda capture
/// by reference aliases it, it is static, volatile or a reference, or the
/// CFG does not show the store.
///
/// \p Through, when given, is the reference whose address \p Store (a call)
/// writes through (`f(&Var)`): it does not count as aliasing the variable.
std::optional<bool> isStoreRead(const VarDecl &Var, const Stmt &Store,
                                const CFG &G, ParentIndex &Parents,
                                const DeclRefExpr *Through = nullptr);

/// Whether some path of \p G from \p From (an element of it) reaches the
/// function's exit without passing an element for which \p Stops is true.
/// When \p From is a call whose result a branch tests as a truth value
/// (`if (!f())`), the branch taken when it returned FALSE is not followed:
/// the operation did not start. False when \p From is not in \p G.
bool reachesExitAvoiding(const Stmt &From, const CFG &G,
                         llvm::function_ref<bool(const Stmt &)> Stops);

/// How a path query starts from its statement.
enum class PathStart {
  /// Every path on from the statement.
  Any,
  /// Paths on from the statement, but not the branch taken when it (a
  /// call) returned FALSE.
  Succeeded,
  /// Only the branch taken when the call returned FALSE (`if (!f())`).
  Failed
};

/// Whether some path of \p G from \p From reaches an element for which
/// \p IsTarget is true without passing, before it, one for which \p Stops
/// is true.
bool reachesAvoiding(const Stmt &From, const CFG &G, PathStart Start,
                     llvm::function_ref<bool(const CFGElement &)> IsTarget,
                     llvm::function_ref<bool(const CFGElement &)> Stops);

} // namespace clang::tidy::winhttp::analysis

#endif // WINHTTP_TIDY_CHECKS_ANALYSIS_STOREREADS_H
