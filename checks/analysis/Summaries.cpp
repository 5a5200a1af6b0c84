//===--- Summaries.cpp - the call graph's components ----------------------===//
//
// Builds clang's CallGraph over the functions the value flow walked, with
// the callees it resolves, and cuts it into strongly connected components
// with llvm::scc_iterator.
//
//===----------------------------------------------------------------------===//

#include "Summaries.h"
#include "StableOrder.h"
#include "ThreadModel.h"
#include "ValueFlow.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Analysis/CallGraph.h"
#include "llvm/ADT/SCCIterator.h"

namespace clang::tidy::winhttp::analysis {

/// The definition of \p F in the TU, or null.
static const FunctionDecl *definitionOf(const FunctionDecl *F) {
  const FunctionDecl *Def = nullptr;
  return F && F->hasBody(Def) ? Def : nullptr;
}

CallGraphComponents::CallGraphComponents(const ValueFlow &Flow) {
  CallGraph G;
  auto NodeOf = [&](const FunctionDecl *F) {
    return G.getOrInsertNode(const_cast<FunctionDecl *>(F->getCanonicalDecl()));
  };
  for (const FunctionDecl *F : Flow.functions()) {
    if (!definitionOf(F))
      continue;
    CallGraphNode *Caller = NodeOf(F);
    forEachStmtIn(*definitionOf(F), [&](const Stmt &S) {
      auto Add = [&](const FunctionDecl *Callee, const Expr &Site) {
        if (definitionOf(Callee))
          Caller->addCallee({NodeOf(Callee), const_cast<Expr *>(&Site)});
      };
      if (const auto *Call = dyn_cast<CallExpr>(&S))
        for (const FunctionDecl *Callee : Flow.callees(*Call))
          Add(Callee, *Call);
      else if (const auto *Construct = dyn_cast<CXXConstructExpr>(&S))
        Add(Construct->getConstructor(), *Construct);
    });
  }
  const ASTContext &Ctx = Flow.context();
  const SourceManager &SM = Ctx.getSourceManager();
  // Components come callees first; the root (no declaration) is left out.
  for (auto It = llvm::scc_begin(&G); !It.isAtEnd(); ++It) {
    Component C;
    for (const CallGraphNode *N : *It)
      if (const auto *F = dyn_cast_or_null<FunctionDecl>(N->getDecl()))
        C.Members.push_back(F);
    if (C.Members.empty())
      continue;
    C.Recursive = It.hasCycle();
    sortStably(
        C.Members,
        [&](const FunctionDecl *F) {
          const FunctionDecl *Def = definitionOf(F);
          return stableKey(*Def->getBody(), Def, Ctx);
        },
        SM);
    const unsigned Id = Components.size();
    for (const FunctionDecl *F : C.Members)
      ComponentOf[F] = Id;
    Components.push_back(std::move(C));
  }
  // The components below each: all were numbered before it.
  for (auto It = llvm::scc_begin(&G); !It.isAtEnd(); ++It)
    for (const CallGraphNode *N : *It) {
      const auto *F = dyn_cast_or_null<FunctionDecl>(N->getDecl());
      if (!F)
        continue;
      Component &C = Components[ComponentOf.lookup(F)];
      for (const CallGraphNode::CallRecord &R : N->callees())
        if (const auto *Callee =
                dyn_cast_or_null<FunctionDecl>(R.Callee->getDecl()))
          if (unsigned B = ComponentOf.lookup(Callee);
              B != ComponentOf.lookup(F) && !llvm::is_contained(C.Below, B))
            C.Below.push_back(B);
    }
}

std::optional<unsigned>
CallGraphComponents::componentOf(const FunctionDecl *F) const {
  auto It = F ? ComponentOf.find(F->getCanonicalDecl()) : ComponentOf.end();
  return It == ComponentOf.end() ? std::nullopt
                                 : std::optional<unsigned>(It->second);
}

} // namespace clang::tidy::winhttp::analysis
