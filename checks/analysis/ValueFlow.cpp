//===--- ValueFlow.cpp - where handles, threads and callables flow --------===//
//
// The public queries of the value-flow graph described in ValueFlow.h, and
// the flows shared by the checks of a TU. The graph is built in four steps
// (ValueFlowWalk.cpp): collect (definitions of locals, which locals escape),
// reaching definitions over the CFG where a local has more than one
// definition (ValueFlowReaching.cpp), edges (one walk over the TU), and the
// fixpoint, which resolves calls through pointers as their callees become
// known (ValueFlowBindings.cpp).
//
//===----------------------------------------------------------------------===//

#include "ValueFlow.h"
#include "PerTu.h"
#include "ValueFlowImpl.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::winhttp::analysis {

using namespace valueflow_detail;

ValueFlow::ValueFlow(ASTContext &Ctx, const ValueFlowOptions &Options)
    : P(std::make_unique<Impl>(Ctx, Options)) {
  P->build();
}

ValueFlow::~ValueFlow() = default;

ASTContext &ValueFlow::context() const { return P->Ctx; }

ValueSet ValueFlow::valuesOf(const Expr &E) const { return P->valuesOf(E); }

const ValueFlow &ValueFlow::shared(ASTContext &Ctx,
                                   const ValueFlowOptions &Options) {
  return PerTu<ValueFlow, ValueFlowOptions>::get(
      Ctx, Options, [&] { return std::make_unique<ValueFlow>(Ctx, Options); });
}

const Value &ValueFlow::value(ValueId V) const { return P->Values[V]; }

size_t ValueFlow::numValues() const { return P->Values.size(); }

SessionMode ValueFlow::modeOf(ValueId V) const { return P->modeOf(V); }

ValueSet ValueFlow::parentsOf(ValueId V) const {
  const Value &Val = P->Values[V];
  if (Val.K != Value::Kind::Handle || !Val.Api || Val.Api->ParentArg < 0)
    return {};
  const Expr *Parent = P->parentOf(Val);
  return Parent ? P->valuesOf(*Parent) : ValueSet();
}

llvm::SmallVector<const FunctionDecl *, 2>
ValueFlow::callablesOf(const Expr &E) const {
  return P->callablesOf(E);
}

llvm::SmallVector<const FunctionDecl *, 2>
ValueFlow::callees(const CallExpr &Call) const {
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (!Callee)
    return P->callablesOf(*Call.getCallee());
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(&Call);
      Op && Op->getOperator() == OO_Call && api::isInStd(*Callee))
    return P->callablesOf(*objectOf(Call));
  return {Callee->getCanonicalDecl()};
}

const api::Function *ValueFlow::apiOf(const CallExpr &Call) const {
  if (const FunctionDecl *Callee = Call.getDirectCallee())
    return api::lookup(*Callee);
  for (ValueId V : P->valuesOf(*Call.getCallee()))
    if (P->Values[V].Api)
      return P->Values[V].Api;
  return nullptr;
}

ValueSet ValueFlow::valuesOfDecl(const ValueDecl &D) const {
  if (const auto *FD = dyn_cast<FieldDecl>(&D))
    return P->Nodes[P->loc(LocKind::Field, FD->getCanonicalDecl())].Values;
  const auto *VD = dyn_cast<VarDecl>(&D);
  if (!VD)
    return {};
  if (!P->tracked(VD))
    return P->Nodes[P->loc(LocKind::Var, VD->getCanonicalDecl())].Values;
  ValueSet Result;
  for (const void *Def : P->Locals[VD].Defs)
    Result |= P->Nodes[P->loc(LocKind::Def, VD, Def)].Values;
  return Result;
}

std::optional<ValueId> ValueFlow::threadStartedBy(const Stmt &S) const {
  auto It = P->ValueIds.find({unsigned(Value::Kind::Thread), &S});
  if (It == P->ValueIds.end())
    return std::nullopt;
  return It->second;
}

llvm::SmallVector<unsigned, 2> ValueFlow::locationsOf(const Expr &E) const {
  Sources S;
  P->sources(&E, S);
  llvm::SmallVector<unsigned, 2> Result(S.Locs.begin(), S.Locs.end());
  // A flag is named per field: a write through a pointer and a test of a
  // known object's field name the same location.
  for (unsigned L : S.Locs) {
    const auto &Node = P->Nodes[L];
    if (Node.K == LocKind::ObjField)
      Result.push_back(P->loc(LocKind::Field, Node.B));
    else if (Node.K == LocKind::FieldWrite)
      Result.push_back(P->loc(LocKind::Field, Node.A));
  }
  return Result;
}

bool ValueFlow::knownObject(const VarDecl &VD) const {
  return P->knownObject(&VD);
}

ValueSet ValueFlow::valuesOfField(const Expr &Object,
                                  const FieldDecl &Field) const {
  Sources S;
  P->fieldSources(&Object, &Field, S);
  ValueSet Result;
  for (unsigned L : S.Locs)
    Result |= P->Nodes[L].Values;
  return Result;
}

llvm::SmallVector<const Expr *, 2>
ValueFlow::storedBy(const DeclRefExpr &Use) const {
  llvm::SmallVector<const Expr *, 2> Result;
  const auto *VD = dyn_cast<VarDecl>(Use.getDecl());
  if (!VD)
    return Result;
  if (!P->tracked(VD)) {
    // A local kept as one location for its type (a pointer to a struct)
    // whose only definition is its initialiser stores that.
    auto It = P->Locals.find(VD);
    if (It != P->Locals.end() && !It->second.AddressTaken &&
        It->second.Defs.size() == 1 && It->second.Defs.front() == VD &&
        !isa<ParmVarDecl>(VD) && VD->getInit())
      Result.push_back(VD->getInit());
    return Result;
  }
  auto It = P->UseDefs.find(&Use);
  llvm::ArrayRef<const void *> Defs =
      It != P->UseDefs.end() ? llvm::ArrayRef<const void *>(It->second)
                             : llvm::ArrayRef<const void *>(P->Locals[VD].Defs);
  for (const void *Def : Defs) {
    const Expr *Stored = nullptr;
    if (Def == VD)
      Stored = VD->getInit();
    else if (const auto *BO =
                 dyn_cast<BinaryOperator>(static_cast<const Stmt *>(Def));
             BO && !isa<ParmVarDecl>(VD))
      Stored = BO->getRHS();
    Result.push_back(Stored);
  }
  return Result;
}

llvm::ArrayRef<CallSite> ValueFlow::callSitesOf(const FunctionDecl *F) const {
  auto It = P->CallSites.find(F);
  if (It == P->CallSites.end())
    return {};
  return It->second;
}

llvm::ArrayRef<const FunctionDecl *>
ValueFlow::entriesOf(ValueId Thread) const {
  auto It = P->ThreadEntries.find(Thread);
  if (It == P->ThreadEntries.end())
    return {};
  return It->second;
}

llvm::ArrayRef<std::pair<unsigned, const Expr *>>
ValueFlow::startArguments(ValueId Thread, const FunctionDecl *Entry) const {
  auto It = P->StartArgs.find({Thread, Entry->getCanonicalDecl()});
  if (It == P->StartArgs.end())
    return {};
  return It->second;
}

bool ValueFlow::isEntry(const FunctionDecl *F) const {
  return P->Entries.contains(F);
}

llvm::ArrayRef<std::pair<const FunctionDecl *, const CallExpr *>>
ValueFlow::statusCallbacks() const {
  return P->StatusCallbacks;
}

llvm::ArrayRef<const FunctionDecl *> ValueFlow::functions() const {
  return P->Functions;
}

const FunctionDecl *ValueFlow::enclosingFunction(const FunctionDecl *Op) const {
  return P->OperatorFunction.lookup(Op->getCanonicalDecl());
}

std::string ValueFlow::describe(ValueId V) const {
  const Value &Val = P->Values[V];
  const SourceManager &SM = P->Ctx.getSourceManager();
  auto Line = [&](SourceLocation L) {
    return std::to_string(SM.getPresumedLineNumber(SM.getExpansionLoc(L)));
  };
  switch (Val.K) {
  case Value::Kind::Handle:
    return Val.Api->Name.str() + "@" + Line(Val.Site->getBeginLoc());
  case Value::Kind::Thread:
    return "thread@" + Line(Val.Site->getBeginLoc());
  case Value::Kind::Callable:
    return Val.Fn ? Val.Fn->getQualifiedNameAsString()
                  : "&" + Val.Api->Name.str();
  case Value::Kind::Opaque:
    if (Val.Site)
      return "opaque@" + Line(Val.Site->getBeginLoc());
    if (Val.Object)
      return "opaque:" + Val.Object->getNameAsString() + "." +
             cast<NamedDecl>(Val.Location)->getNameAsString();
    if (const auto *ND = dyn_cast<NamedDecl>(Val.Location))
      return "opaque:" + ND->getNameAsString();
    return "opaque";
  }
  llvm_unreachable("unknown value kind");
}

} // namespace clang::tidy::winhttp::analysis
