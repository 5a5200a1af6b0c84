//===--- UseAfterClose.cpp - WinHTTP calls on closed handles --------------===//
//
// The function summaries and the entry point of UseAfterClose.h; the access
// paths are in UseAfterClosePlaces.cpp, the per-function CFG walk in
// UseAfterCloseWalk.cpp.
//
//===----------------------------------------------------------------------===//

#include "UseAfterClose.h"
#include "ThreadModel.h"
#include "UseAfterCloseImpl.h"
#include "WinHttpApi.h"

namespace clang::tidy::winhttp::analysis {

using namespace useafterclose_detail;

// A place of the function's own as an effect its callers see: one reached
// from a parameter of \p Fn, from `*this` in a method (not in a lambda,
// whose `this` is its enclosing method's), or from a global.
static std::optional<Effect> effectOf(const AccessPath &P,
                                      const FunctionDecl *Fn) {
  switch (P.rootKind()) {
  case AccessPath::RootKind::Global:
    return Effect{P, ""};
  case AccessPath::RootKind::This: {
    const auto *MD = dyn_cast<CXXMethodDecl>(Fn);
    if (!MD || MD->isStatic() || MD->getParent()->isLambda())
      return std::nullopt;
    return Effect{P, ""};
  }
  case AccessPath::RootKind::Parameter:
    if (P.rootVar()->getDeclContext() != Fn)
      return std::nullopt;
    return Effect{P, ""};
  default:
    return std::nullopt;
  }
}

namespace useafterclose_detail {

bool Summary::operator==(const Summary &O) const {
  auto SameSet = [](llvm::ArrayRef<Effect> A, llvm::ArrayRef<Effect> B) {
    return A.size() == B.size() && llvm::all_of(A, [&](const Effect &E) {
             return llvm::any_of(
                 B, [&](const Effect &F) { return sameEffect(E, F); });
           });
  };
  return SameSet(Closes, O.Closes) && SameSet(Uses, O.Uses);
}

} // namespace useafterclose_detail

Analysis::Analysis(ASTContext &Ctx, bool SystemHeaders)
    : Ctx(Ctx), Flow(ValueFlow::shared(Ctx, {{}, SystemHeaders})), Cfgs(Ctx),
      Graph(Flow),
      Summaries(
          Graph, [this](const FunctionDecl &Def) { return summarise(Def); },
          Summary(), Summary()) {}

const Summary &Analysis::summary(const FunctionDecl *Fn) {
  return Summaries.get(Fn);
}

Summary Analysis::summarise(const FunctionDecl &Fn) {
  const FunctionDecl *Def = &Fn;
  Summary S;
  Walk W(*this, Def, /*Must=*/true);
  std::optional<State> Exit = W.run(/*Report=*/false);
  // A parameter assigned in the function no longer names the caller's
  // place, nor does anything reached through it.
  auto Assigned = [&](const Effect &E) {
    return llvm::any_of(
        W.Killed, [&](unsigned Id) { return E.Path.startsWith(path(Id)); });
  };
  auto Add = [](std::vector<Effect> &To, const Effect &E) {
    if (llvm::none_of(To, [&](const Effect &O) { return sameEffect(E, O); }))
      To.push_back(E);
  };
  if (Exit)
    for (unsigned F : *Exit)
      if (std::optional<Effect> E =
              effectOf(path(W.Facts[F].Keys.front()), Def);
          E && !Assigned(*E))
        Add(S.Closes, *E);
  for (const auto &[Id, Shown] : W.Used)
    if (std::optional<Effect> E = effectOf(path(Id), Def); E && !Assigned(*E)) {
      E->Shown = Shown;
      Add(S.Uses, *E);
    }
  // A close by no call (an owner's destruction) is a use as well.
  for (const Effect &C : S.Closes)
    Add(S.Uses, C);
  return S;
}

std::vector<UseAfterCloseFinding> Analysis::run() {
  for (const FunctionDecl *Fn : Flow.functions()) {
    // Only functions that close something need the walk: a close, a reset,
    // a local owner that is destroyed.
    bool Closes = false;
    forEachStmtIn(*Fn, [&](const Stmt &S) {
      if (Closes)
        return;
      if (const auto *Call = dyn_cast<CallExpr>(&S))
        Closes = resetOwner(*Call) ||
                 llvm::any_of(accesses(*Call),
                              [](const Access &Acc) { return Acc.Closes; });
      else if (const auto *DS = dyn_cast<DeclStmt>(&S))
        Closes = llvm::any_of(DS->decls(), [](const Decl *D) {
          const auto *VD = dyn_cast<VarDecl>(D);
          return VD && VD->hasLocalStorage() &&
                 api::isKnownOwner(VD->getType());
        });
    });
    if (!Closes)
      continue;
    Walk(*this, Fn, /*Must=*/false).run(/*Report=*/true);
    // No walk is under way here: the CFGs built for this function and for
    // the summaries it asked for are not needed again (a later walk builds
    // what it needs), so at most one function's worth is alive.
    Cfgs.clear();
  }
  return std::move(Findings);
}

std::vector<UseAfterCloseFinding> findUsesAfterClose(ASTContext &Ctx,
                                                     bool SystemHeaders) {
  Analysis A(Ctx, SystemHeaders);
  return A.run();
}

} // namespace clang::tidy::winhttp::analysis
