//===--- StableOrder.h - orders that do not move with the layout -*- C++
//-*-===//
//
// Where an analysis must choose one of two places (which of two closes gets
// the warning, which pair is kept for a close), the choice must not depend on
// where the functions stand in the file: moving a function, or declaring it
// first and defining it last, keeps every finding (issue 25; the metamorphic
// test tools/metamorphic/compare_order.py). Source order is such an order
// only inside one function.
//
// The order here: by the enclosing named function (its qualified name, then
// its type; a lambda or block counts as part of the function it is written
// in), then by the offset from that function's start. Places the key cannot
// tell apart (two instantiations of one template, code in two files) fall
// back to source order.
//
//===----------------------------------------------------------------------===//

#ifndef WINHTTP_TIDY_CHECKS_ANALYSIS_STABLEORDER_H
#define WINHTTP_TIDY_CHECKS_ANALYSIS_STABLEORDER_H

#include "clang/AST/Decl.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/STLExtras.h"
#include <string>

namespace clang::tidy::winhttp::analysis {

/// Where a place is, in terms that survive moving whole functions.
struct StableKey {
  /// The enclosing named function's qualified name and type; empty outside
  /// any function.
  std::string Function;
  /// The offset from that function's start, when both are in one file.
  bool Relative = false;
  unsigned Offset = 0;
  /// Source order, for places the key above cannot tell apart.
  SourceLocation Loc;
};

/// The key of \p S, written in \p Fn (null: outside a function, or not
/// known).
StableKey stableKey(const Stmt &S, const FunctionDecl *Fn,
                    const ASTContext &Ctx);

/// Whether \p A comes before \p B in the stable order.
bool stableBefore(const StableKey &A, const StableKey &B,
                  const SourceManager &SM);

/// Sorts \p R by the stable order of the keys \p KeyOf gives its elements.
template <typename Range, typename KeyFn>
void sortStably(Range &R, KeyFn KeyOf, const SourceManager &SM) {
  llvm::sort(R, [&](const auto &A, const auto &B) {
    return stableBefore(KeyOf(A), KeyOf(B), SM);
  });
}

} // namespace clang::tidy::winhttp::analysis

#endif // WINHTTP_TIDY_CHECKS_ANALYSIS_STABLEORDER_H
