//===--- AccessPath.cpp - the identity of a memory place
//-------------------===//
//
// Building access paths from expressions, comparing and printing them.
//
//===----------------------------------------------------------------------===//

#include "AccessPath.h"
#include "ExprUse.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"

namespace clang::tidy::winhttp::analysis {

using Step = AccessPath::Step;

AccessPath AccessPath::of(const VarDecl &VD) {
  const VarDecl *C = VD.getCanonicalDecl();
  RootKind K = isa<ParmVarDecl>(C)    ? RootKind::Parameter
               : C->hasLocalStorage() ? RootKind::Local
                                      : RootKind::Global;
  return AccessPath(K, C);
}

AccessPath AccessPath::thisObject() {
  return AccessPath(RootKind::This, nullptr);
}

/// The index of an element step: the constant \p Index evaluates to, or -1.
static int64_t indexOf(const Expr &Index, const ASTContext &Ctx) {
  Expr::EvalResult R;
  if (Index.isValueDependent() || !Index.EvaluateAsInt(R, Ctx) ||
      !R.Val.getInt().isRepresentableByInt64() || R.Val.getInt().isNegative())
    return -1;
  return R.Val.getInt().getExtValue();
}

/// A class object (a smart pointer, an iterator) whose `->` or `*` \p E
/// applies: the operator's object; null for anything else.
static const Expr *overloadedDeref(const Expr &E) {
  const auto *Op = dyn_cast<CXXOperatorCallExpr>(&E);
  if (!Op || Op->getNumArgs() != 1 ||
      (Op->getOperator() != OO_Arrow && Op->getOperator() != OO_Star))
    return nullptr;
  return Op->getArg(0);
}

std::optional<AccessPath> AccessPath::ofLvalue(const Expr &Written,
                                               const ASTContext &Ctx) {
  const Expr *E = stripValue(&Written);
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
    return VD ? std::optional<AccessPath>(of(*VD)) : std::nullopt;
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    if (const auto *VD = dyn_cast<VarDecl>(ME->getMemberDecl()))
      return of(*VD); // A static member.
    const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (!FD)
      return std::nullopt;
    std::optional<AccessPath> Base = ME->isArrow()
                                         ? ofPointee(*ME->getBase(), Ctx)
                                         : ofLvalue(*ME->getBase(), Ctx);
    return Base ? std::optional<AccessPath>(Base->then(Step::field(*FD)))
                : std::nullopt;
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(E);
      UO && UO->getOpcode() == UO_Deref)
    return ofPointee(*UO->getSubExpr(), Ctx);
  if (const auto *ASE = dyn_cast<ArraySubscriptExpr>(E)) {
    const int64_t Index = indexOf(*ASE->getIdx(), Ctx);
    const Expr *Base = ASE->getBase()->IgnoreParenImpCasts();
    std::optional<AccessPath> Object = Base->getType()->isArrayType()
                                           ? ofLvalue(*Base, Ctx)
                                           : ofPointee(*ASE->getBase(), Ctx);
    if (!Object)
      return std::nullopt;
    // `p[0]` is `*p`; an array's first element is a step of its own.
    if (Index == 0 && !Base->getType()->isArrayType())
      return Object;
    return Object->then(Step::element(Index));
  }
  if (const Expr *Object = overloadedDeref(*E)) {
    std::optional<AccessPath> P = ofLvalue(*Object, Ctx);
    return P ? std::optional<AccessPath>(P->then(Step::deref())) : P;
  }
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
      Op && Op->getOperator() == OO_Subscript && Op->getNumArgs() == 2) {
    std::optional<AccessPath> P = ofLvalue(*Op->getArg(0), Ctx);
    return P ? std::optional<AccessPath>(
                   P->then(Step::element(indexOf(*Op->getArg(1), Ctx))))
             : P;
  }
  // An object made for the expression: a compound literal, a construction,
  // a call that returns a class object.
  if (E->isPRValue() && E->getType()->isRecordType() &&
      (isa<CompoundLiteralExpr, CXXConstructExpr, CallExpr, InitListExpr>(E)))
    return AccessPath(RootKind::Temporary, E);
  if (isa<CompoundLiteralExpr>(E))
    return AccessPath(RootKind::Temporary, E);
  return std::nullopt;
}

std::optional<AccessPath> AccessPath::ofPointee(const Expr &Written,
                                                const ASTContext &Ctx) {
  const Expr *E = stripValue(&Written);
  if (isa<CXXThisExpr>(E))
    return thisObject();
  if (const auto *UO = dyn_cast<UnaryOperator>(E);
      UO && UO->getOpcode() == UO_AddrOf)
    return ofLvalue(*UO->getSubExpr(), Ctx);
  if (isa<CXXNewExpr>(E))
    return AccessPath(RootKind::Allocation, E);
  // An array that decays to a pointer to its first element.
  if (E->getType()->isArrayType()) {
    std::optional<AccessPath> P = ofLvalue(*E, Ctx);
    return P ? std::optional<AccessPath>(P->then(Step::element(0))) : P;
  }
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
      Op && Op->getOperator() == OO_Arrow && Op->getNumArgs() == 1) {
    std::optional<AccessPath> P = ofLvalue(*Op->getArg(0), Ctx);
    return P ? std::optional<AccessPath>(P->then(Step::deref())) : P;
  }
  if (!E->isGLValue() || !E->getType()->isPointerType())
    return std::nullopt;
  std::optional<AccessPath> P = ofLvalue(*E, Ctx);
  return P ? std::optional<AccessPath>(P->then(Step::deref())) : P;
}

bool AccessPath::exact() const {
  return llvm::none_of(Steps, [](const Step &S) {
    return S.K == Step::Kind::Element && S.Index < 0;
  });
}

bool AccessPath::startsWith(const AccessPath &Prefix) const {
  return Kind == Prefix.Kind && Root == Prefix.Root &&
         Prefix.Steps.size() <= Steps.size() &&
         std::equal(Prefix.Steps.begin(), Prefix.Steps.end(), Steps.begin());
}

AccessPath AccessPath::prefix(size_t N) const {
  AccessPath P(Kind, Root);
  P.Steps.append(Steps.begin(), Steps.begin() + std::min(N, Steps.size()));
  return P;
}

AccessPath AccessPath::then(llvm::ArrayRef<Step> More) const {
  AccessPath P = *this;
  P.Steps.append(More.begin(), More.end());
  return P;
}

std::string AccessPath::str() const {
  std::string S;
  // Whether S is a pointer whose pointee the path is at: `this` for
  // `*this`, `p` after a dereference of p.
  bool Pointer = false;
  switch (Kind) {
  case RootKind::Local:
  case RootKind::Parameter:
  case RootKind::Global:
    S = rootVar()->getNameAsString();
    break;
  case RootKind::This:
    S = "this";
    Pointer = true;
    break;
  case RootKind::Temporary:
    S = "(temporary)";
    break;
  case RootKind::Allocation:
    S = "(new)";
    Pointer = true;
    break;
  }
  auto Pointee = [&] {
    if (Pointer)
      S = "(*" + S + ")";
    Pointer = false;
  };
  for (const Step &St : Steps) {
    switch (St.K) {
    case Step::Kind::Field:
      S += (Pointer ? "->" : ".") + St.Field->getNameAsString();
      Pointer = false;
      break;
    case Step::Kind::Element:
      Pointee();
      S += "[" + (St.Index < 0 ? std::string("?") : std::to_string(St.Index)) +
           "]";
      break;
    case Step::Kind::Deref:
      Pointee();
      Pointer = true;
      break;
    }
  }
  if (Pointer)
    S = "*" + S;
  return S;
}

llvm::hash_code hash_value(const AccessPath &P) {
  llvm::hash_code H = llvm::hash_combine(static_cast<uint8_t>(P.Kind), P.Root);
  for (const AccessPath::Step &S : P.Steps)
    H = llvm::hash_combine(H, static_cast<uint8_t>(S.K), S.Field, S.Index);
  return H;
}

} // namespace clang::tidy::winhttp::analysis
