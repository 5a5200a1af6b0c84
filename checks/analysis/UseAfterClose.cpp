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

namespace {

/// Whether \p K is \p Root or a place reached from it.
bool under(llvm::StringRef K, llvm::StringRef Root) {
  return K == Root || (K.starts_with(Root) && K.size() > Root.size() &&
                       K[Root.size()] == '>');
}

// A place of the function's own: the root it hangs from, as an effect.
std::optional<Effect> effectOf(llvm::StringRef K, const FunctionDecl *Fn) {
  Effect E;
  if (K.starts_with("g") || K.starts_with("&g")) {
    E.Global = true;
    E.Suffix = K.str();
    return E;
  }
  if (under(K, "t")) {
    if (!isa<CXXMethodDecl>(Fn) || cast<CXXMethodDecl>(Fn)->isStatic())
      return std::nullopt;
    E.This = true;
    E.Suffix = K.drop_front(1).str();
    return E;
  }
  for (unsigned I = 0; I < Fn->getNumParams(); ++I) {
    const std::string Root = id('d', Fn->getParamDecl(I)->getCanonicalDecl());
    for (bool Address : {true, false}) {
      const std::string R = Address ? "&" + Root : Root;
      if (!under(K, R))
        continue;
      E.Param = I;
      E.Address = Address;
      E.Suffix = K.drop_front(R.size()).str();
      return E;
    }
  }
  return std::nullopt;
}

} // namespace

const Summary &Analysis::summary(const FunctionDecl *Fn) {
  if (auto It = Summaries.find(Fn); It != Summaries.end())
    return It->second;
  static const Summary None;
  const FunctionDecl *Def = nullptr;
  // A recursive call does nothing known.
  if (!Fn->hasBody(Def) || !InProgress.insert(Fn).second)
    return None;
  Summary S;
  Walk W(*this, Def, /*Must=*/true);
  std::optional<State> Exit = W.run(/*Report=*/false);
  auto Name = [&](unsigned Id) { return keyName(Id); };
  // A parameter assigned in the function no longer names the caller's.
  auto Assigned = [&](const Effect &E) {
    return llvm::any_of(W.Killed, [&](unsigned Id) {
      std::optional<Effect> K = effectOf(Name(Id), Def);
      return K && K->This == E.This && K->Global == E.Global &&
             K->Param == E.Param &&
             llvm::StringRef(E.Suffix).starts_with(K->Suffix);
    });
  };
  if (Exit)
    for (unsigned F : *Exit)
      if (std::optional<Effect> E =
              effectOf(Name(W.Facts[F].Keys.front()), Def);
          E && !Assigned(*E))
        S.Closes.push_back(*E);
  for (const auto &[Id, Shown] : W.Used)
    if (std::optional<Effect> E = effectOf(Name(Id), Def); E && !Assigned(*E)) {
      E->Shown = Shown;
      S.Uses.push_back(*E);
    }
  // A close by no call (an owner's destruction) is a use as well.
  for (const Effect &C : S.Closes)
    if (llvm::none_of(S.Uses,
                      [&](const Effect &U) { return sameEffect(C, U); }))
      S.Uses.push_back(C);
  InProgress.erase(Fn);
  return Summaries[Fn] = std::move(S);
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
