//===--- CloseRacesIdentity.cpp - which handle an event is on -------------===//
//
// Where an event's handle comes from (a parameter, the object's field, an
// owner object), and when two events are on the same handle.
//
//===----------------------------------------------------------------------===//

#include "CloseRacesFinder.h"
#include "ExprUse.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::winhttp::analysis {

using namespace closeraces_detail;

namespace closeraces_detail {

const Expr *accessedObject(const Expr *E) {
  const auto *MCE = dyn_cast<CXXMemberCallExpr>(E);
  if (!MCE || MCE->getNumArgs() != 0 || !MCE->getMethodDecl() ||
      MCE->getMethodDecl()->isStatic())
    return nullptr;
  return MCE->getImplicitObjectArgument();
}

} // namespace closeraces_detail

static const FieldDecl *thisField(const Expr *E) {
  const auto *ME = dyn_cast<MemberExpr>(stripValue(E));
  if (!ME || !isa<CXXThisExpr>(stripValue(ME->getBase())))
    return nullptr;
  return dyn_cast<FieldDecl>(ME->getMemberDecl());
}

namespace closeraces_detail {

const ValueDecl *declOf(const Expr *E) {
  E = stripValue(E);
  if (const auto *UO = dyn_cast<UnaryOperator>(E))
    if (UO->getOpcode() == UO_Deref || UO->getOpcode() == UO_AddrOf)
      return declOf(UO->getSubExpr());
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    return DRE->getDecl();
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    return ME->getMemberDecl();
  return nullptr;
}

/// Whether \p Fn is a method whose callers choose `this`; in a lambda,
/// `this` is the captured object.
bool hasOwnThis(const FunctionDecl *Fn) {
  const auto *MD = dyn_cast<CXXMethodDecl>(Fn);
  return MD && !MD->isStatic() && !MD->getParent()->isLambda();
}

/// The field a method of the TU returns, when its body is `return f;`.
const FieldDecl *returnedField(const CXXMethodDecl *MD) {
  const FunctionDecl *Def = MD ? MD->getDefinition() : nullptr;
  const auto *Body =
      Def ? dyn_cast_or_null<CompoundStmt>(Def->getBody()) : nullptr;
  if (!Body || Body->size() != 1)
    return nullptr;
  const auto *Ret = dyn_cast<ReturnStmt>(Body->body_front());
  return Ret && Ret->getRetValue() ? thisField(Ret->getRetValue()) : nullptr;
}

} // namespace closeraces_detail

Target Finder::targetOf(const Expr *E, const FunctionDecl *Fn) const {
  llvm::SmallPtrSet<const VarDecl *, 4> Seen;
  return targetOf(E, Fn, Seen);
}

// Locals copied from locals are followed once each: a cycle (`a = b;
// b = a;`) names no parameter.
Target Finder::targetOf(const Expr *E, const FunctionDecl *Fn,
                        llvm::SmallPtrSetImpl<const VarDecl *> &Seen) const {
  E = stripValue(E);
  if (const auto *UO = dyn_cast<UnaryOperator>(E))
    if (UO->getOpcode() == UO_Deref || UO->getOpcode() == UO_AddrOf)
      return targetOf(UO->getSubExpr(), Fn, Seen);
  const bool HasThis = hasOwnThis(Fn);
  if (const FieldDecl *F = thisField(E))
    return HasThis ? Target{Target::Kind::This, 0, F} : Target{};
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    Target Base = targetOf(ME->getBase(), Fn, Seen);
    const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (Base.K != Target::Kind::Param || Base.Inner || !F)
      return {};
    Base.Inner = F;
    return Base;
  }
  if (const Expr *Obj = accessedObject(E)) {
    const FieldDecl *F =
        returnedField(cast<CXXMemberCallExpr>(E)->getMethodDecl());
    if (isa<CXXThisExpr>(stripValue(Obj)))
      return F && HasThis ? Target{Target::Kind::This, 0, F} : Target{};
    Target Base = targetOf(Obj, Fn, Seen);
    if (Base.K != Target::Kind::Param || Base.Inner || !F)
      return {};
    Base.Inner = F;
    return Base;
  }
  // The handle a flow function takes from the place it is given
  // (`InterlockedExchangePointer(slot, NULL)`) is the one held there.
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    const api::FlowFunction *F =
        Callee ? api::lookupFlowFunction(*Callee) : nullptr;
    if (!F || F->Effect == api::FlowEffect::Store || F->TargetArg < 0 ||
        unsigned(F->TargetArg) >= Call->getNumArgs())
      return {};
    return targetOf(Call->getArg(F->TargetArg), Fn, Seen);
  }
  const auto *DRE = dyn_cast<DeclRefExpr>(E);
  const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (!VD || !VD->hasLocalStorage() || !Seen.insert(VD).second)
    return {};
  const Target Result = targetOfLocal(*DRE, *VD, Fn, Seen);
  Seen.erase(VD);
  return Result;
}

// What every definition of the local or parameter \p VD reaching \p Use
// copies from, when they agree.
Target
Finder::targetOfLocal(const DeclRefExpr &Use, const VarDecl &VD,
                      const FunctionDecl *Fn,
                      llvm::SmallPtrSetImpl<const VarDecl *> &Seen) const {
  llvm::SmallVector<const Expr *, 2> Stored = Flow.storedBy(Use);
  const auto *PVD = dyn_cast<ParmVarDecl>(&VD);
  const Target Entry =
      PVD ? Target{Target::Kind::Param, PVD->getFunctionScopeIndex(), nullptr}
          : Target{};
  if (PVD && llvm::all_of(Stored, [](const Expr *S) { return !S; }))
    return Entry;
  std::optional<Target> Common;
  for (const Expr *S : Stored) {
    Target T = S ? targetOf(S, Fn, Seen) : Entry;
    if (T.K == Target::Kind::None ||
        (Common && (Common->K != T.K || Common->Param != T.Param ||
                    Common->Inner != T.Inner)))
      return {};
    Common = T;
  }
  return Common.value_or(Target{});
}

// What an owner object holds: what its accessors return, or what the value
// flow says of the object (standard owners hold what they own).
ValueSet Finder::heldBy(const Expr &Obj) const {
  ValueSet Result;
  if (const CXXRecordDecl *RD =
          Obj.getType().getNonReferenceType()->getAsCXXRecordDecl())
    for (const CXXMethodDecl *MD : RD->methods())
      if (const FieldDecl *F = returnedField(MD))
        Result |= Flow.valuesOfField(Obj, *F);
  return Result.empty() ? Flow.valuesOf(Obj) : Result;
}

bool Finder::isOwnerType(QualType T) const {
  if (T.isNull() || T->isPointerType())
    return false;
  if (api::isKnownOwner(T))
    return true;
  for (const std::string &Name : Config.HandleTypes)
    if (api::typeIsNamed(T, Name))
      return true;
  const CXXRecordDecl *RD =
      T.getNonReferenceType().getCanonicalType()->getAsCXXRecordDecl();
  return RD && OwnerCloses.count(RD->getCanonicalDecl());
}

// The owner object the handle \p E is read from: `o.get()`, `o.h`,
// `(HINTERNET)o`, `o` itself.
const ValueDecl *Finder::ownerOf(const Expr *E) const {
  E = stripValue(E);
  if (const auto *UO = dyn_cast<UnaryOperator>(E);
      UO && UO->getOpcode() == UO_AddrOf)
    E = stripValue(UO->getSubExpr());
  const Expr *Obj = accessedObject(E);
  if (!Obj)
    if (const auto *ME = dyn_cast<MemberExpr>(E); ME && !ME->isArrow())
      Obj = ME->getBase();
  if (!Obj)
    Obj = E;
  return isOwnerType(stripValue(Obj)->getType()) ? declOf(Obj) : nullptr;
}

// Values meet; owners held in different fields or variables are different
// objects even when their values meet in the owner class's field.
bool Finder::sameHandle(const Event &A, const Event &B) const {
  if (!meet(A.Values, B.Values))
    return false;
  // An object assigned from another as a whole may hold its handle.
  auto Named = [&](const ValueDecl *D) {
    if (const auto *VD = dyn_cast_or_null<VarDecl>(D))
      return Flow.knownObject(*VD);
    return isa_and_nonnull<FieldDecl>(D);
  };
  return !(Named(A.Owner) && Named(B.Owner) &&
           A.Owner->getCanonicalDecl() != B.Owner->getCanonicalDecl());
}

ValueSet Finder::ancestors(const ValueSet &Values) const {
  ValueSet Result;
  llvm::SmallVector<ValueId, 8> Work;
  for (ValueId V : Values)
    Work.push_back(V);
  while (!Work.empty())
    for (ValueId P : Flow.parentsOf(Work.pop_back_val()))
      if (!Result.test(P)) {
        Result.set(P);
        Work.push_back(P);
      }
  return Result;
}

} // namespace clang::tidy::winhttp::analysis
