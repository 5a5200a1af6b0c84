//===--- StatusBranch.h - code of a status callback per status --*- C++ -*-===//
//
// Finds the statements of a WinHTTP status callback that run only for one
// status (a `case` of a switch, the branch of an `if` that compares with it):
// what the callback does on WINHTTP_CALLBACK_STATUS_HANDLE_CLOSING, the last
// callback for a handle.
//
//===----------------------------------------------------------------------===//

#ifndef WINHTTP_TIDY_CHECKS_ANALYSIS_STATUSBRANCH_H
#define WINHTTP_TIDY_CHECKS_ANALYSIS_STATUSBRANCH_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/STLExtras.h"
#include <cstdint>

namespace clang::tidy::winhttp::analysis {

/// Calls \p Fn on each statement of \p Body that runs only when the value a
/// switch or an `if` tests is \p Status: the statements under a `case`
/// label of that value, up to the next label, and the branch of an `if`
/// whose condition is `x == Status` (the then-branch) or `x != Status` (the
/// else-branch). The value tested is not checked to be the callback's
/// status parameter: a status code is rarely compared with anything else.
void forEachStatusBranch(const Stmt &Body, uint64_t Status,
                         const ASTContext &Ctx,
                         llvm::function_ref<void(const Stmt &)> Fn);

/// Whether \p Inner is \p Outer or one of its descendants.
bool contains(const Stmt &Outer, const Stmt &Inner);

} // namespace clang::tidy::winhttp::analysis

#endif // WINHTTP_TIDY_CHECKS_ANALYSIS_STATUSBRANCH_H
