//===--- MacroSpelling.h - Windows SDK spellings in user code ---*- C++ -*-===//
//
// Recognises Windows SDK macros (TRUE, FALSE, ...) and BOOL types as the user
// wrote them, where the AST alone only shows their expansion.
//
//===----------------------------------------------------------------------===//

#ifndef WINHTTP_TIDY_CHECKS_ANALYSIS_MACROSPELLING_H
#define WINHTTP_TIDY_CHECKS_ANALYSIS_MACROSPELLING_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"

namespace clang::tidy::winhttp::analysis {

/// True when \p E is written as the object-like macro \p Name (possibly
/// inside parentheses).
bool isSpelledAsMacro(const Expr &E, llvm::StringRef Name,
                      const ASTContext &Ctx);

/// True for `bool`, `_Bool`, and the Windows SDK's BOOL and WINBOOL typedefs
/// (seen through further typedefs).
bool isBoolLikeType(QualType T);

/// The name to show for \p T: its typedef name where it has one.
std::string typeNameForDiag(QualType T, const ASTContext &Ctx);

/// Text of \p E as written, or an empty string when it is not all in one
/// file range.
llvm::StringRef sourceText(const Expr &E, const ASTContext &Ctx);

} // namespace clang::tidy::winhttp::analysis

#endif // WINHTTP_TIDY_CHECKS_ANALYSIS_MACROSPELLING_H
