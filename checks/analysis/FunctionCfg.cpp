//===--- FunctionCfg.cpp - one CFG per function, built once ---------------===//
//
// Builds the CFGs that the value flow and the order analysis share.
//
//===----------------------------------------------------------------------===//

#include "FunctionCfg.h"

namespace clang::tidy::winhttp::analysis {

const CFG *FunctionCfgs::get(const FunctionDecl *FD) {
  if (!FD)
    return nullptr;
  const FunctionDecl *Def = nullptr;
  if (!FD->hasBody(Def) || !Def->getBody())
    return nullptr;
  // Code with errors in it: clang's CFG builder assumes a valid AST (Sema
  // builds none for it either), and crashes on some, such as a destructor
  // whose class never got its closing brace. No CFG: the analyses skip it.
  if (Def->isInvalidDecl())
    return nullptr;
  if (const auto *Record = dyn_cast<CXXRecordDecl>(Def->getDeclContext());
      Record && Record->isInvalidDecl())
    return nullptr;
  auto [It, Inserted] = Cfgs.try_emplace(Def);
  if (!Inserted)
    return It->second.get();
  CFG::BuildOptions Options;
  // Every statement its own element: a use of a variable, a wait's result
  // and a call are each seen where they are evaluated.
  Options.setAllAlwaysAdd();
  // Destructors end lifetimes that matter: a scoped lock releases, a jthread
  // or a future joins, an owner closes its handle, and members are destroyed
  // after the destructor's body (which needs the FunctionDecl passed in).
  Options.AddImplicitDtors = true;
  Options.AddTemporaryDtors = true;
  // Member initialisers store handles into fields in constructors.
  Options.AddInitializers = true;
  Options.AddCXXDefaultInitExprInCtors = true;
  It->second = CFG::buildCFG(Def, Def->getBody(), &Ctx, Options);
  return It->second.get();
}

} // namespace clang::tidy::winhttp::analysis
