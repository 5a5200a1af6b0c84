//===--- ValueFlowGraph.cpp - locations, edges and the solve --------------===//
//
// The graph itself: its locations and values, its edges and the worklist
// that propagates values along them; which locals are tracked per
// definition, and which objects' fields are known one by one.
//
//===----------------------------------------------------------------------===//

#include "ValueFlowImpl.h"

namespace clang::tidy::winhttp::analysis {

using namespace valueflow_detail;

unsigned ValueFlow::Impl::loc(LocKind K, const void *A, const void *B) {
  auto [It, Inserted] =
      LocIds.try_emplace({static_cast<unsigned>(K), A, B}, Nodes.size());
  if (!Inserted)
    return It->second;
  const unsigned N = It->second;
  Nodes.push_back({{}, {}, false, K, A, B});
  // What one object's field or an unknown object's field holds, the field
  // across objects holds. The edge is no store: a field nothing stores to
  // still gets its opaque value.
  if (K == LocKind::ObjField || K == LocKind::FieldWrite) {
    const unsigned Across = loc(LocKind::Field, K == LocKind::ObjField ? B : A);
    Nodes[N].Succs.push_back(Across);
  }
  // A location first named by a query, once the flow is solved: nothing
  // stores to it, so it holds its own opaque value, and it sends nothing
  // anywhere. Joining it to the field across objects now would change what
  // earlier queries answered, and the answers would depend on the order of
  // the queries. The walk names every location the TU's code reads, so only
  // code it does not walk (implicit code, system headers) comes here.
  if (Solved) {
    Nodes[N].Succs.clear();
    seedOpaque(N);
    Dirty.clear();
  }
  return N;
}

ValueId ValueFlow::Impl::valueFor(Value::Kind K, const void *Key, Value V) {
  auto [It, Inserted] =
      ValueIds.try_emplace({static_cast<unsigned>(K), Key}, Values.size());
  if (Inserted)
    Values.push_back(V);
  return It->second;
}

void ValueFlow::Impl::addEdge(unsigned From, unsigned To) {
  Nodes[To].HasIn = true;
  if (From == To || llvm::is_contained(Nodes[From].Succs, To))
    return;
  Nodes[From].Succs.push_back(To);
  // What From holds goes along the new edge alone: pushing From would send
  // it along every edge again, and a location read in N functions would be
  // sent N times to N readers.
  // SparseBitVector's |= says whether the set grew.
  const bool Grew = Nodes[To].Values |= Nodes[From].Values;
  if (Grew)
    Dirty.push_back(To);
}

void ValueFlow::Impl::flow(const Sources &S, unsigned To) {
  // A store of a constant (`h = nullptr`) names no handle: a field only
  // ever cleared still holds what code outside the TU put there. A store
  // back through another name (Sources::Alias) is no store either.
  if (!S.Alias && (!S.Locs.empty() || !S.Values.empty()))
    Nodes[To].HasIn = true;
  for (unsigned From : S.Locs) {
    const bool Had = Nodes[To].HasIn;
    addEdge(From, To);
    if (S.Alias)
      Nodes[To].HasIn = Had;
  }
  for (ValueId V : S.Values)
    if (Nodes[To].Values.test_and_set(V))
      Dirty.push_back(To);
}

void ValueFlow::Impl::solve() {
  while (!Dirty.empty()) {
    const unsigned N = Dirty.pop_back_val();
    for (unsigned Succ : Nodes[N].Succs) {
      // SparseBitVector's |= says whether the set grew.
      const bool Grew = Nodes[Succ].Values |= Nodes[N].Values;
      if (Grew)
        Dirty.push_back(Succ);
    }
  }
}

bool ValueFlow::Impl::tracked(const VarDecl *VD) const {
  if (!VD->hasLocalStorage())
    return false;
  auto It = Locals.find(VD);
  return It != Locals.end() && !It->second.Escapes;
}

// Which local a statement defines, and whether it keeps what the local held
// before (a weak definition: a container's insertion, a compare-exchange).
std::optional<std::pair<const VarDecl *, bool>>
ValueFlow::Impl::defTarget(const Stmt *S) {
  auto Result =
      [](const Expr *Target,
         bool Weak) -> std::optional<std::pair<const VarDecl *, bool>> {
    if (const VarDecl *VD = Target ? localVar(Target) : nullptr)
      return std::make_pair(VD, Weak);
    return std::nullopt;
  };
  if (const auto *BO = dyn_cast<BinaryOperator>(S))
    return BO->getOpcode() == BO_Assign ? Result(BO->getLHS(), false)
                                        : std::nullopt;
  const auto *Call = dyn_cast<CallExpr>(S);
  if (!Call)
    return std::nullopt;
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
      Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2)
    return Result(Op->getArg(0), false);
  if (const api::StdMethod *M = stdMethodOf(*Call)) {
    switch (M->Effect) {
    case api::FlowEffect::Load:
      return std::nullopt;
    case api::FlowEffect::Store:
    case api::FlowEffect::Exchange:
    case api::FlowEffect::Release:
      return Result(objectOf(*Call), false);
    case api::FlowEffect::Add:
    case api::FlowEffect::Emplace:
    case api::FlowEffect::CompareExchange:
      return Result(objectOf(*Call), true);
    }
  }
  const FunctionDecl *Callee = Call->getDirectCallee();
  const api::FlowFunction *F =
      Callee ? api::lookupFlowFunction(*Callee) : nullptr;
  if (!F || F->Effect == api::FlowEffect::Load ||
      unsigned(F->TargetArg) >= Call->getNumArgs())
    return std::nullopt;
  const Expr *Target = stripValue(Call->getArg(F->TargetArg));
  if (const auto *UO = dyn_cast<UnaryOperator>(Target);
      UO && UO->getOpcode() == UO_AddrOf)
    Target = UO->getSubExpr();
  return Result(Target, F->Effect == api::FlowEffect::CompareExchange);
}

unsigned ValueFlow::Impl::varForWrite(const VarDecl *VD, const void *Site) {
  if (tracked(VD))
    return loc(LocKind::Def, VD, Site);
  return loc(LocKind::Var, VD->getCanonicalDecl());
}

// A variable of record type is a known object, whose fields are locations
// of their own, unless it is a parameter or a reference, or it was
// initialised or assigned from another object as a whole.
bool ValueFlow::Impl::knownObject(const VarDecl *VD) const {
  QualType T = VD->getType();
  const RecordDecl *RD = T->getAsRecordDecl();
  if (!RD || RD->isUnion() || isa<ParmVarDecl>(VD) || isStdRecord(T) ||
      isa<DecompositionDecl>(VD) || CopiedObjects.count(VD->getCanonicalDecl()))
    return false;
  const Expr *Init = VD->getInit();
  if (!Init)
    return true;
  Init = Init->IgnoreImplicit();
  if (isa<InitListExpr, ImplicitValueInitExpr>(Init))
    return true;
  const auto *CE = dyn_cast<CXXConstructExpr>(Init);
  return CE && !CE->getConstructor()->isCopyOrMoveConstructor();
}

// `o.f` and `(&o)->f` name the known object o; null for any other object.
const VarDecl *ValueFlow::Impl::knownObjectOf(const Expr *Object) const {
  if (!Object)
    return nullptr;
  Object = stripValue(Object);
  if (const auto *UO = dyn_cast<UnaryOperator>(Object);
      UO && UO->getOpcode() == UO_AddrOf)
    Object = stripValue(UO->getSubExpr());
  const auto *DRE = dyn_cast<DeclRefExpr>(Object);
  const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  return VD && knownObject(VD) ? VD->getCanonicalDecl() : nullptr;
}

// Reading the field of a known object reads what was stored in that
// object's field and what was stored through unknown objects; reading it
// through an unknown object reads the field across objects.
void ValueFlow::Impl::fieldSources(const Expr *Object, const FieldDecl *FD,
                                   Sources &Out) {
  FD = FD->getCanonicalDecl();
  if (const VarDecl *VD = knownObjectOf(Object)) {
    Out.Locs.push_back(loc(LocKind::ObjField, VD, FD));
    Out.Locs.push_back(loc(LocKind::FieldWrite, FD));
    return;
  }
  Out.Locs.push_back(loc(LocKind::Field, FD));
}

unsigned ValueFlow::Impl::fieldTarget(const Expr *Object, const FieldDecl *FD) {
  FD = FD->getCanonicalDecl();
  if (const VarDecl *VD = knownObjectOf(Object))
    return loc(LocKind::ObjField, VD, FD);
  return loc(LocKind::FieldWrite, FD);
}

} // namespace clang::tidy::winhttp::analysis
