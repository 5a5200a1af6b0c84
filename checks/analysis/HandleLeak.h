//===--- HandleLeak.h - WinHTTP handles not closed on some path -*- C++ -*-===//
//
// Finds handles created into a local that are lost on some path (rule R6):
// the function returns, or the last local holding the handle is given
// another value, while the handle is open, not null, and was handed to
// nobody.
//
// Per function, a forward may-analysis over the CFG tracks which locals hold
// which creations' handles. Each reference to a holder is classified by
// what consumes it: a WinHTTP call borrows it (or closes it), a test or a
// comparison borrows it, a copy into a plain local adds a holder, and
// anything else (a return, a store into a field, a global or through a
// pointer, a capture, an owner's constructor, a call of a function outside
// the TU) hands it off. A function of the TU borrows an argument when its
// body only borrows the parameter (a summary computed on demand); the
// option NonOwningFunctions names external functions that borrow. On the
// branch where a condition says a holder is null, its handles are gone.
//
//===----------------------------------------------------------------------===//

#ifndef WINHTTP_TIDY_CHECKS_ANALYSIS_HANDLELEAK_H
#define WINHTTP_TIDY_CHECKS_ANALYSIS_HANDLELEAK_H

#include "ParentIndex.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include <string>
#include <vector>

namespace clang::tidy::winhttp::analysis {

/// An external function that only borrows its argument `Arg` (0-based).
struct BorrowSpec {
  std::string Name;
  unsigned Arg = 0;
};

/// One handle that can leak.
struct HandleLeakFinding {
  /// The call that creates the handle.
  const CallExpr *Creation;
  std::string Creator;
  /// The local the handle was first stored in.
  const VarDecl *Holder;
  enum class Where {
    /// A return statement (At is the statement).
    Return,
    /// The end of the function's body (At is its closing brace).
    End,
    /// The last local holding the handle gets another value (At is the
    /// assignment or declaration).
    Overwrite,
  };
  Where How;
  SourceLocation At;
  /// The function that returns, for Return and End.
  std::string Function;
  /// The local overwritten, for Overwrite.
  std::string Overwritten;
};

/// Runs the analysis over the functions of the translation unit.
std::vector<HandleLeakFinding>
findHandleLeaks(ASTContext &Ctx, ParentIndex &Parents, bool SystemHeaders,
                const std::vector<BorrowSpec> &NonOwning);

} // namespace clang::tidy::winhttp::analysis

#endif // WINHTTP_TIDY_CHECKS_ANALYSIS_HANDLELEAK_H
