//===--- UseAfterClosePlaces.cpp - the places calls close and use ---------===//
//
// What a call closes and uses, by the places (access paths) it names: a
// WinHTTP call's handle argument, a helper's effects at the call.
//
//===----------------------------------------------------------------------===//

#include "ExprUse.h"
#include "MacroSpelling.h"
#include "UseAfterCloseImpl.h"
#include "WinHttpApi.h"
#include "clang/AST/ExprCXX.h"

namespace clang::tidy::winhttp::analysis {

using namespace useafterclose_detail;

namespace useafterclose_detail {

std::optional<AccessPath> placeOf(const Expr *E, const ASTContext &Ctx) {
  std::optional<AccessPath> P = AccessPath::ofLvalue(*E, Ctx);
  return P && P->exact() ? P : std::nullopt;
}

} // namespace useafterclose_detail

/// The places an expression names: its own and, for a local whose every
/// reaching definition copies a place, those (a use of the copy is a use of
/// what it copied, if that is closed).
static llvm::SmallVector<AccessPath, 2> placesOf(const Expr *E,
                                                 const ValueFlow &Flow) {
  llvm::SmallVector<AccessPath, 2> Result;
  const ASTContext &Ctx = Flow.context();
  std::optional<AccessPath> P = placeOf(E, Ctx);
  if (!P)
    return Result;
  Result.push_back(*P);
  const auto *DRE = dyn_cast<DeclRefExpr>(stripValue(E));
  if (!DRE || !isa<VarDecl>(DRE->getDecl()))
    return Result;
  llvm::SmallVector<const Expr *, 2> Stored = Flow.storedBy(*DRE);
  llvm::SmallVector<AccessPath, 2> Copies;
  for (const Expr *S : Stored) {
    std::optional<AccessPath> From = S ? placeOf(S, Ctx) : std::nullopt;
    if (!From)
      return Result;
    Copies.push_back(*From);
  }
  Result.append(Copies.begin(), Copies.end());
  return Result;
}

/// The place of the object a member call is made on.
static std::optional<AccessPath> objectPlace(const CallExpr &Call,
                                             const ASTContext &Ctx) {
  const auto *MCE = dyn_cast<CXXMemberCallExpr>(&Call);
  if (!MCE || !MCE->getImplicitObjectArgument())
    return std::nullopt;
  const auto *ME = dyn_cast<MemberExpr>(MCE->getCallee()->IgnoreParens());
  const Expr *Obj = MCE->getImplicitObjectArgument();
  if (!ME)
    return std::nullopt;
  return ME->isArrow() ? AccessPath::ofPointee(*Obj, Ctx)
                       : AccessPath::ofLvalue(*Obj, Ctx);
}

/// The place a callee's effect names at a call, and the argument or object
/// it hangs from; no place when the call does not name one. The callee's
/// root (a parameter, `*this`) is replaced by the caller's place: the
/// argument's place, or what the argument points to when the callee
/// reaches the place through the parameter's pointer (`p->h` with `&o`
/// passed is `o.h`).
static std::pair<std::optional<AccessPath>, const Expr *>
placeAtCall(const Effect &E, const CallExpr &Call, const ASTContext &Ctx) {
  llvm::ArrayRef<AccessPath::Step> Steps = E.Path.steps();
  std::optional<AccessPath> Root;
  const Expr *From = nullptr;
  switch (E.Path.rootKind()) {
  case AccessPath::RootKind::Global:
    return {E.Path, nullptr};
  case AccessPath::RootKind::This:
    Root = objectPlace(Call, Ctx);
    if (const auto *MCE = dyn_cast<CXXMemberCallExpr>(&Call))
      From = MCE->getImplicitObjectArgument();
    break;
  case AccessPath::RootKind::Parameter: {
    unsigned Index =
        cast<ParmVarDecl>(E.Path.rootVar())->getFunctionScopeIndex();
    if (isa<CXXOperatorCallExpr>(Call) &&
        isa_and_nonnull<CXXMethodDecl>(Call.getDirectCallee()))
      ++Index;
    if (Index >= Call.getNumArgs())
      return {std::nullopt, nullptr};
    From = Call.getArg(Index);
    if (!Steps.empty() && Steps.front().K == AccessPath::Step::Kind::Deref) {
      Root = AccessPath::ofPointee(*From, Ctx);
      Steps = Steps.drop_front();
    } else {
      Root = AccessPath::ofLvalue(*From, Ctx);
    }
    break;
  }
  default:
    return {std::nullopt, nullptr};
  }
  if (!Root || !From)
    return {std::nullopt, nullptr};
  AccessPath P = Root->then(Steps);
  return {P.exact() ? std::optional<AccessPath>(P) : std::nullopt, From};
}

namespace useafterclose_detail {

bool sameEffect(const Effect &A, const Effect &B) { return A.Path == B.Path; }

} // namespace useafterclose_detail

// What the call closes and uses: a WinHTTP call its handle argument, a call
// of a function of the TU what its summary says.
llvm::SmallVector<Access, 2> Analysis::accesses(const CallExpr &Call) {
  llvm::SmallVector<Access, 2> Result;
  if (const api::Function *Api = Flow.apiOf(Call)) {
    if (Api->HandleArg < 0 || unsigned(Api->HandleArg) >= Call.getNumArgs())
      return Result;
    const Expr *H = Call.getArg(Api->HandleArg);
    llvm::SmallVector<AccessPath, 2> Keys = placesOf(H, Flow);
    if (!Keys.empty())
      Result.push_back({Keys, H, Api->has(api::ClosesHandle), true, true,
                        sourceText(*H, Ctx).str()});
    return Result;
  }
  llvm::SmallVector<const FunctionDecl *, 2> Callees = Flow.callees(Call);
  if (Callees.size() != 1 || !Callees.front()->hasBody())
    return Result;
  const Summary &S = summary(Callees.front()->getCanonicalDecl());
  // Every close is a use as well.
  for (const Effect &E : S.Uses) {
    auto [K, From] = placeAtCall(E, Call, Ctx);
    if (!K)
      continue;
    const bool Closes = llvm::any_of(
        S.Closes, [&](const Effect &C) { return sameEffect(C, E); });
    Access Acc{{*K}, From, Closes, true, false, E.Shown};
    if (From && E.Path.rootKind() == AccessPath::RootKind::Parameter &&
        E.Path.steps().empty())
      Acc.Shown = sourceText(*From, Ctx).str();
    Result.push_back(std::move(Acc));
  }
  return Result;
}

} // namespace clang::tidy::winhttp::analysis
