//===--- FunctionCfg.h - one CFG per function, built once -------*- C++ -*-===//
//
// The value flow (reaching definitions) and the order analysis walk the same
// CFGs; this cache builds each at most once, with the options both need.
//
//===----------------------------------------------------------------------===//

#ifndef WINHTTP_TIDY_CHECKS_ANALYSIS_FUNCTIONCFG_H
#define WINHTTP_TIDY_CHECKS_ANALYSIS_FUNCTIONCFG_H

#include "clang/AST/Decl.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/DenseMap.h"
#include <memory>

namespace clang::tidy::winhttp::analysis {

class FunctionCfgs {
public:
  explicit FunctionCfgs(ASTContext &Ctx) : Ctx(Ctx) {}

  /// The CFG of \p FD's body, or null when clang builds none (a function
  /// with `__try`/`__finally`, or without a body): such a function is not
  /// analysed.
  const CFG *get(const FunctionDecl *FD);

  ASTContext &context() const { return Ctx; }

  /// Frees every CFG built so far.
  void clear() { Cfgs.clear(); }

  /// Frees the CFG of \p FD, if one was built.
  void forget(const FunctionDecl *FD) {
    const FunctionDecl *Def = nullptr;
    if (FD && FD->hasBody(Def))
      Cfgs.erase(Def);
  }

private:
  ASTContext &Ctx;
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<CFG>> Cfgs;
};

} // namespace clang::tidy::winhttp::analysis

#endif // WINHTTP_TIDY_CHECKS_ANALYSIS_FUNCTIONCFG_H
