//===--- UseAfterClosePlaces.cpp - the places calls close and use ---------===//
//
// Access paths: the place an lvalue names, as a key, and the address a
// pointer holds; and what a call closes and uses, by those places.
//
//===----------------------------------------------------------------------===//

#include "ExprUse.h"
#include "MacroSpelling.h"
#include "UseAfterCloseImpl.h"
#include "WinHttpApi.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/StringExtras.h"

namespace clang::tidy::winhttp::analysis {

using namespace useafterclose_detail;

namespace useafterclose_detail {

std::string id(char Tag, const void *P) {
  return Tag + llvm::utohexstr(reinterpret_cast<uintptr_t>(P));
}

} // namespace useafterclose_detail

namespace {

std::optional<Key> addressKey(const Expr *E);

// The address of the object the lvalue \p L names.
std::optional<Key> addressOfLvalue(const Expr *L) {
  L = stripValue(L);
  if (const auto *UO = dyn_cast<UnaryOperator>(L);
      UO && UO->getOpcode() == UO_Deref)
    return addressKey(UO->getSubExpr());
  std::optional<Key> K = lvalueKey(L);
  return K ? std::optional<Key>("&" + *K) : std::nullopt;
}

} // namespace

namespace useafterclose_detail {

std::optional<Key> lvalueKey(const Expr *E) {
  E = stripValue(E);
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
    if (!VD)
      return std::nullopt;
    // A global is named alike in every function.
    return id(VD->hasLocalStorage() ? 'd' : 'g', VD->getCanonicalDecl());
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (!FD)
      return std::nullopt;
    std::optional<Key> Base = ME->isArrow() ? addressKey(ME->getBase())
                                            : addressOfLvalue(ME->getBase());
    return Base ? std::optional<Key>(*Base + ">" +
                                     id('f', FD->getCanonicalDecl()))
                : std::nullopt;
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(E);
      UO && UO->getOpcode() == UO_Deref) {
    std::optional<Key> A = addressKey(UO->getSubExpr());
    return A ? std::optional<Key>("*" + *A) : std::nullopt;
  }
  return std::nullopt;
}

} // namespace useafterclose_detail

namespace {

// The address a pointer-valued expression holds: `&o`, `this`, or the
// pointer read from a variable or field (named by that place).
std::optional<Key> addressKey(const Expr *E) {
  E = stripValue(E);
  if (isa<CXXThisExpr>(E))
    return Key("t");
  if (const auto *UO = dyn_cast<UnaryOperator>(E);
      UO && UO->getOpcode() == UO_AddrOf)
    return addressOfLvalue(UO->getSubExpr());
  return lvalueKey(E);
}

/// The places an expression names: its own and, for a local whose every
/// reaching definition copies a place, those (a use of the copy is a use of
/// what it copied, if that is closed).
llvm::SmallVector<Key, 2> placesOf(const Expr *E, const ValueFlow &Flow) {
  llvm::SmallVector<Key, 2> Result;
  std::optional<Key> K = lvalueKey(E);
  if (!K)
    return Result;
  Result.push_back(*K);
  const auto *DRE = dyn_cast<DeclRefExpr>(stripValue(E));
  if (!DRE || !isa<VarDecl>(DRE->getDecl()))
    return Result;
  llvm::SmallVector<const Expr *, 2> Stored = Flow.storedBy(*DRE);
  llvm::SmallVector<Key, 2> Copies;
  for (const Expr *S : Stored) {
    std::optional<Key> From = S ? lvalueKey(S) : std::nullopt;
    if (!From)
      return Result;
    Copies.push_back(*From);
  }
  Result.append(Copies.begin(), Copies.end());
  return Result;
}

/// The address of the object a member call is made on.
std::optional<Key> objectAddress(const CallExpr &Call) {
  const auto *MCE = dyn_cast<CXXMemberCallExpr>(&Call);
  if (!MCE || !MCE->getImplicitObjectArgument())
    return std::nullopt;
  const auto *ME = dyn_cast<MemberExpr>(MCE->getCallee()->IgnoreParens());
  const Expr *Obj = MCE->getImplicitObjectArgument();
  return ME && ME->isArrow() ? addressKey(Obj) : addressOfLvalue(Obj);
}

/// The place a callee's effect names at a call, and the argument or object
/// it hangs from; no place when the call does not name one.
std::pair<std::optional<Key>, const Expr *> placeAtCall(const Effect &E,
                                                        const CallExpr &Call) {
  std::optional<Key> Root;
  const Expr *From = nullptr;
  if (E.Global)
    return {E.Suffix, nullptr};
  if (E.This) {
    Root = objectAddress(Call);
    if (const auto *MCE = dyn_cast<CXXMemberCallExpr>(&Call))
      From = MCE->getImplicitObjectArgument();
  } else {
    unsigned Index = E.Param;
    if (isa<CXXOperatorCallExpr>(Call) &&
        isa_and_nonnull<CXXMethodDecl>(Call.getDirectCallee()))
      ++Index;
    if (Index >= Call.getNumArgs())
      return {std::nullopt, nullptr};
    From = Call.getArg(Index);
    Root = E.Address ? addressOfLvalue(From) : addressKey(From);
  }
  if (!Root || !From)
    return {std::nullopt, nullptr};
  return {*Root + E.Suffix, From};
}

} // namespace

namespace useafterclose_detail {

bool sameEffect(const Effect &A, const Effect &B) {
  return A.This == B.This && A.Global == B.Global && A.Param == B.Param &&
         A.Address == B.Address && A.Suffix == B.Suffix;
}

} // namespace useafterclose_detail

// What the call closes and uses: a WinHTTP call its handle argument, a call
// of a function of the TU what its summary says.
llvm::SmallVector<Access, 2> Analysis::accesses(const CallExpr &Call) {
  llvm::SmallVector<Access, 2> Result;
  if (const api::Function *Api = Flow.apiOf(Call)) {
    if (Api->HandleArg < 0 || unsigned(Api->HandleArg) >= Call.getNumArgs())
      return Result;
    const Expr *H = Call.getArg(Api->HandleArg);
    llvm::SmallVector<Key, 2> Keys = placesOf(H, Flow);
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
    auto [K, From] = placeAtCall(E, Call);
    if (!K)
      continue;
    const bool Closes = llvm::any_of(
        S.Closes, [&](const Effect &C) { return sameEffect(C, E); });
    Access Acc{{*K}, From, Closes, true, false, E.Shown};
    if (From && !E.This && E.Suffix.empty())
      Acc.Shown = sourceText(*From, Ctx).str();
    Result.push_back(std::move(Acc));
  }
  return Result;
}

} // namespace clang::tidy::winhttp::analysis
