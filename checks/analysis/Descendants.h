//===--- Descendants.h - the statements below a statement -------*- C++ -*-===//
//
// Walks a statement and everything below it, as the AST matchers' findAll
// does, but safely on ASTs with errors.
//
//===----------------------------------------------------------------------===//

#ifndef WINHTTP_TIDY_CHECKS_ANALYSIS_DESCENDANTS_H
#define WINHTTP_TIDY_CHECKS_ANALYSIS_DESCENDANTS_H

#include "clang/AST/Stmt.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Casting.h"

namespace clang::tidy::winhttp::analysis {

/// Calls \p Visit on \p Root and on every statement below it in pre-order:
/// the statements `match(findAll(...), Root, Ctx)` visits (implicit code,
/// lambda bodies, local classes and template instantiations included), and
/// the syntactic form of an initialiser list besides its semantic form. A
/// statement under both forms is visited twice, as by findAll.
///
/// Use it instead of findAll under a statement: the AST matchers of clang 19
/// dereference the null capture that a lambda keeps when copying a captured
/// variable fails (a move-only object captured by copy), and crash.
void forEachDescendant(const Stmt &Root,
                       llvm::function_ref<void(const Stmt &)> Visit);

/// The statements of type \p T at or below \p Root, in pre-order.
template <typename T>
llvm::SmallVector<const T *, 4> descendantsOfType(const Stmt &Root) {
  llvm::SmallVector<const T *, 4> Found;
  forEachDescendant(Root, [&Found](const Stmt &S) {
    if (const auto *Node = llvm::dyn_cast<T>(&S))
      Found.push_back(Node);
  });
  return Found;
}

} // namespace clang::tidy::winhttp::analysis

#endif // WINHTTP_TIDY_CHECKS_ANALYSIS_DESCENDANTS_H
