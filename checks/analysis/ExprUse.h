//===--- ExprUse.h - how a value is consumed --------------------*- C++ -*-===//
//
// Classifies the use that an expression's value is put to (tested as a truth
// value, compared, converted, stored, called), finds the uses of a local
// variable, and rewrites a truth test into an explicit comparison.
//
//===----------------------------------------------------------------------===//

#ifndef WINHTTP_TIDY_CHECKS_ANALYSIS_EXPRUSE_H
#define WINHTTP_TIDY_CHECKS_ANALYSIS_EXPRUSE_H

#include "ParentIndex.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/Basic/Diagnostic.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>

namespace clang::tidy::winhttp::analysis {

/// The nearest use of a value, seen through parentheses and implicit casts.
struct ExprUse {
  enum class Kind {
    /// The controlling expression of if, while, do, for or '?:'.
    Condition,
    /// The operand of '!'.
    Negation,
    /// An operand of '&&' or '||'.
    LogicalOperand,
    /// An operand of '==' or '!='; see OtherOperand and IsEqual.
    Comparison,
    /// Converted to DestType: initialisation, assignment, return, argument
    /// or explicit cast; StoredTo names the variable where there is one.
    Conversion,
    /// The callee of a call (a function pointer being called).
    Called,
    /// Anything else (arithmetic, discarded, address taken, ...).
    Other,
  };

  Kind K = Kind::Other;
  /// The value with its parentheses and implicit casts: the node the user
  /// consumes.
  const Expr *Value = nullptr;
  /// The node that consumes Value (null for Other at statement level).
  const Stmt *User = nullptr;
  const Expr *OtherOperand = nullptr;
  bool IsEqual = false;
  QualType DestType;
  const VarDecl *StoredTo = nullptr;
};

/// How the value of \p E is used by its parent.
ExprUse classifyUse(const Expr &E, ParentIndex &Parents);

/// The statement that throws the value of \p E away, or null when the value
/// is used. The value is thrown away when \p E is an expression statement
/// (a statement of a block, a branch or loop body, a label's, a for loop's
/// initialiser or increment) or the left operand of ',', or when it is a
/// branch of '?:' or the right operand of ',' and that expression's value
/// is thrown away. A cast to void, an initialiser, an argument and an
/// operand are uses.
const Stmt *discardingStatement(const Expr &E, ParentIndex &Parents);

/// The statement of a block (a compound statement) that holds \p S, and the
/// statement that follows it there (null when it is the last), or none when
/// \p S is in no block.
std::optional<std::pair<const Stmt *, const Stmt *>>
blockStatementOf(const Stmt &S, ParentIndex &Parents);

/// True for a use that reads the value as a truth value: a condition, a
/// negation or an operand of '&&'/'||'.
bool isTruthTest(const ExprUse &Use);

/// The references to the local variable \p Var inside \p Body, in source
/// order.
llvm::SmallVector<const DeclRefExpr *, 8>
findReferences(const VarDecl &Var, const Stmt &Body, ASTContext &Ctx);

/// The references to the local variable \p Var that read the value \p Store
/// put there: those after \p Store in source order, up to the next
/// assignment to \p Var.
llvm::SmallVector<const DeclRefExpr *, 8>
findReadsAfter(const VarDecl &Var, const Expr &Store, ParentIndex &Parents);

/// The value of \p E as an integer constant, or none; never evaluates
/// value-dependent code in templates.
std::optional<llvm::APSInt> evaluateInt(const Expr &E, const ASTContext &Ctx);

/// The body of the function, lambda or block that contains \p S, or null.
const Stmt *enclosingFunctionBody(const Stmt &S, ParentIndex &Parents);

/// Fix-its that turn the truth test or comparison \p Use of \p Value into
/// `Value Op Rhs` (for a comparison, only the operator and the other operand
/// change). None when a range involved is written inside a macro.
std::optional<llvm::SmallVector<FixItHint, 2>>
rewriteAsComparison(const ExprUse &Use, const Expr &Value, llvm::StringRef Op,
                    llvm::StringRef Rhs, ParentIndex &Parents);

/// \p E with parentheses, casts, temporaries, default arguments and copies
/// taken off: the expression whose value it is.
const Expr *stripValue(const Expr *E);

} // namespace clang::tidy::winhttp::analysis

#endif // WINHTTP_TIDY_CHECKS_ANALYSIS_EXPRUSE_H
