//===--- ValueFlowBindings.cpp - calls, and calls through values ----------===//
//
// The edges of calls: arguments to parameters and returns to results for
// direct calls, std methods and flow functions, and the bindings of calls
// whose callees are values (pointers, thread starts, status callbacks),
// resolved as the flow settles.
//
//===----------------------------------------------------------------------===//

#include "ValueFlowImpl.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::winhttp::analysis {

using namespace valueflow_detail;

/// The type a container, optional or smart pointer of namespace std holds:
/// its first template argument.
static QualType heldType(const CXXRecordDecl *RD) {
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(RD);
  if (!Spec || Spec->getTemplateArgs().size() == 0 ||
      Spec->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
    return QualType();
  return Spec->getTemplateArgs()[0].getAsType();
}

void ValueFlow::Impl::bindCall(
    const FunctionDecl *Callee,
    llvm::ArrayRef<std::pair<unsigned, const Expr *>> Args) {
  const FunctionDecl *Def = Callee ? Callee->getDefinition() : nullptr;
  // The bodies of the standard library and of system headers are not
  // walked: binding to their parameters would only make the arguments look
  // written.
  if (!Def || api::isInStd(*Def) ||
      (!Options.SystemHeaders && isInSystemHeader(*Def)))
    return;
  for (const auto &[Idx, Arg] : Args) {
    if (Idx >= Def->getNumParams() || !Arg)
      continue;
    const ParmVarDecl *P = Def->getParamDecl(Idx);
    Sources S;
    sources(Arg, S);
    const unsigned To = varForWrite(P, P);
    flow(S, To);
    // Written through a reference or an out-pointer: back to the argument.
    if (P->getType()->isReferenceType() || isPointerToPointer(P->getType())) {
      Sources Back;
      Back.Alias = true;
      Back.Locs.push_back(To);
      store(Arg, Arg, Back);
    }
  }
}

void ValueFlow::Impl::bindDirectCall(const CallExpr &Call) {
  const FunctionDecl *Callee = Call.getDirectCallee();
  auto Args = argsForParams(Call);
  llvm::SmallVector<std::pair<unsigned, const Expr *>, 4> ByParam;
  for (unsigned Idx = 0; Idx < Args.size(); ++Idx)
    ByParam.emplace_back(Idx, Args[Idx]);
  if (Callee && Callee->getDefinition()) {
    if (!api::isInStd(*Callee))
      CallSites[Callee->getCanonicalDecl()].push_back({&Call, CurrentFn});
    bindCall(Callee, ByParam);
    return;
  }
  if (!Callee || (isa<CXXOperatorCallExpr>(Call) &&
                  cast<CXXOperatorCallExpr>(Call).getOperator() == OO_Call)) {
    Binding B{Callee ? objectOf(Call) : Call.getCallee(), &Call, ByParam};
    B.Caller = CurrentFn;
    Bindings.push_back(std::move(B));
    return;
  }
  // An external function may write through the pointers it is given; a
  // lock or wait function of the table only uses what they point to.
  if (api::lookupLockFunction(*Callee) || api::lookupThreadWait(*Callee))
    return;
  for (const Expr *Arg : Args)
    if (const auto *UO = dyn_cast<UnaryOperator>(stripValue(Arg));
        UO && UO->getOpcode() == UO_AddrOf) {
      Sources S;
      S.Values.push_back(opaque(Arg));
      store(UO->getSubExpr(), Arg, S);
    }
}

void ValueFlow::Impl::onStdMethodCall(const CallExpr *Call,
                                      const api::StdMethod &M) {
  const Expr *Object = objectOf(*Call);
  auto Args = argsForParams(*Call);
  const Expr *Arg = M.ValueArg >= 0 && unsigned(M.ValueArg) < Args.size()
                        ? Args[M.ValueArg]
                        : nullptr;
  Sources S;
  switch (M.Effect) {
  case api::FlowEffect::Load:
    return;
  case api::FlowEffect::Release:
    return store(Object, Call, S);
  case api::FlowEffect::Store:
  case api::FlowEffect::Exchange:
  case api::FlowEffect::CompareExchange:
    sources(Arg, S);
    if (M.Effect == api::FlowEffect::CompareExchange && !Args.empty()) {
      Sources Old;
      sources(Object, Old);
      store(Args[0], Call, Old);
    }
    return store(Object, Call, S);
  case api::FlowEffect::Add:
  case api::FlowEffect::Emplace: {
    const CXXRecordDecl *Container = stripValue(Object)
                                         ->getType()
                                         .getNonReferenceType()
                                         ->getAsCXXRecordDecl();
    if (M.Effect == api::FlowEffect::Emplace && Container &&
        isThreadType(heldType(Container))) {
      S.Values.push_back(
          valueFor(Value::Kind::Thread, Call, {Value::Kind::Thread, Call}));
      Binding B{Arg, nullptr, {}, true, Call};
      for (unsigned Idx = M.ValueArg + 1; Idx < Args.size(); ++Idx)
        B.Args.emplace_back(Idx - M.ValueArg - 1, Args[Idx]);
      Bindings.push_back(std::move(B));
    } else {
      sources(Arg, S);
    }
    return store(Object, Call, S);
  }
  }
}

void ValueFlow::Impl::onFlowFunctionCall(const CallExpr *Call,
                                         const api::FlowFunction &F) {
  if (F.Effect == api::FlowEffect::Load ||
      unsigned(F.TargetArg) >= Call->getNumArgs())
    return;
  Sources S;
  if (F.ValueArg >= 0 && unsigned(F.ValueArg) < Call->getNumArgs())
    sources(Call->getArg(F.ValueArg), S);
  store(Call->getArg(F.TargetArg), Call, S);
}

void ValueFlow::Impl::onThreadStart(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  // Every start is a thread value, also one whose result is dropped
  // (`_beginthread`, `std::thread(f).detach()`): it is what its entry runs
  // on.
  valueFor(Value::Kind::Thread, Call, {Value::Kind::Thread, Call});
  if (const api::ThreadStart *TS = api::lookupThreadStart(*Callee)) {
    if (unsigned(TS->EntryArg) >= Call->getNumArgs())
      return;
    Binding B{Call->getArg(TS->EntryArg), nullptr, {}, false, Call};
    if (TS->ContextArg >= 0 && unsigned(TS->ContextArg) < Call->getNumArgs())
      B.Args.emplace_back(TS->ContextParam, Call->getArg(TS->ContextArg));
    Bindings.push_back(std::move(B));
    if (TS->ObjectArg >= 0 && unsigned(TS->ObjectArg) < Call->getNumArgs()) {
      Sources S;
      S.Values.push_back(
          valueFor(Value::Kind::Thread, Call, {Value::Kind::Thread, Call}));
      store(Call->getArg(TS->ObjectArg), Call, S);
    }
    return;
  }
  for (const ThreadStartSpec &Spec : Options.ExtraThreadStarts) {
    if (Callee->getQualifiedNameAsString() != Spec.Name &&
        Callee->getNameAsString() != Spec.Name)
      continue;
    if (Spec.EntryArg >= Call->getNumArgs())
      return;
    Binding B{Call->getArg(Spec.EntryArg), nullptr, {}, false, Call};
    if (Spec.ContextArg && *Spec.ContextArg < Call->getNumArgs())
      B.Args.emplace_back(0, Call->getArg(*Spec.ContextArg));
    Bindings.push_back(std::move(B));
    return;
  }
  // std::async([policy,] f, args...), std::make_unique<std::thread>(f, ...).
  unsigned First = 0;
  if (Call->getNumArgs() > 0 &&
      stripValue(Call->getArg(0))->getType()->isEnumeralType())
    First = 1;
  if (First >= Call->getNumArgs())
    return;
  Binding B{Call->getArg(First), nullptr, {}, true, Call};
  for (unsigned Idx = First + 1; Idx < Call->getNumArgs(); ++Idx)
    B.Args.emplace_back(Idx - First - 1, Call->getArg(Idx));
  Bindings.push_back(std::move(B));
}

void ValueFlow::Impl::onCall(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (const api::Function *Api = Callee ? api::lookup(*Callee) : nullptr) {
    // Every handle the code creates is a value before the flow is solved,
    // wherever the call stands (an argument of another WinHTTP call too),
    // so that the modes are solved for all of them at once.
    // The same for a factory's call in the parent argument.
    if (Api->has(api::CreatesHandle) && Api->Result == api::ResultKind::Handle)
      valueFor(Value::Kind::Handle, Call,
               {Value::Kind::Handle, Call, nullptr, Api});
    if (Api->ParentArg >= 0 && unsigned(Api->ParentArg) < Call->getNumArgs()) {
      Sources Parent;
      sources(Call->getArg(Api->ParentArg), Parent);
    }
    if (Api->has(api::CreatesHandle) &&
        Api->Result != api::ResultKind::Handle && Call->getNumArgs() > 0) {
      // WinHttpCreateProxyResolver(session, &resolver).
      Sources S;
      S.Values.push_back(valueFor(Value::Kind::Handle, Call,
                                  {Value::Kind::Handle, Call, nullptr, Api}));
      store(Call->getArg(Call->getNumArgs() - 1), Call, S);
    }
    if (Api->has(api::SetsStatusCallback) && Call->getNumArgs() > 1)
      Callbacks.emplace_back(Call->getArg(1), Call->getArg(0), Call);
    if (Api->has(api::TakesContext) && Api->ContextArg >= 0 &&
        unsigned(Api->ContextArg) < Call->getNumArgs()) {
      // The context of a handle the call makes (a WebSocket's) is that
      // handle's.
      const Expr *Handle = nullptr;
      if (Api->has(api::CreatesHandle) &&
          Api->Result == api::ResultKind::Handle)
        Handle = Call;
      else if (Api->HandleArg >= 0 &&
               unsigned(Api->HandleArg) < Call->getNumArgs())
        Handle = Call->getArg(Api->HandleArg);
      Contexts.emplace_back(Call->getArg(Api->ContextArg), Handle);
    }
    return;
  }
  if (Callee) {
    if (const api::FlowFunction *F = api::lookupFlowFunction(*Callee))
      return onFlowFunctionCall(Call, *F);
    if (const api::StdMethod *M = stdMethodOf(*Call))
      return onStdMethodCall(Call, *M);
    Sources Probe;
    if (sourcesOfCall(Call, Probe) && !Probe.Values.empty() &&
        Values[Probe.Values.front()].K == Value::Kind::Thread)
      return onThreadStart(Call);
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
        Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2) {
      Sources S;
      sources(Op->getArg(1), S);
      store(Op->getArg(0), Call, S);
      if (!Callee->getDefinition())
        return;
    }
  }
  bindDirectCall(*Call);
}

void ValueFlow::Impl::onConstruct(const CXXConstructExpr *CE) {
  if (CE->getConstructor()->isCopyOrMoveConstructor())
    return;
  if (isThreadType(CE->getType())) {
    if (CE->getNumArgs() == 0)
      return;
    valueFor(Value::Kind::Thread, CE, {Value::Kind::Thread, CE});
    Binding B{CE->getArg(0), nullptr, {}, true, CE};
    for (unsigned Idx = 1; Idx < CE->getNumArgs(); ++Idx)
      B.Args.emplace_back(Idx - 1, CE->getArg(Idx));
    Bindings.push_back(std::move(B));
    return;
  }
  llvm::SmallVector<std::pair<unsigned, const Expr *>, 4> Args;
  for (unsigned Idx = 0; Idx < CE->getNumArgs(); ++Idx)
    Args.emplace_back(Idx, CE->getArg(Idx));
  if (CE->getConstructor()->getDefinition())
    CallSites[CE->getConstructor()->getCanonicalDecl()].push_back(
        {CE, CurrentFn});
  bindCall(CE->getConstructor(), Args);
}

void ValueFlow::Impl::onLambda(const LambdaExpr *LE) {
  for (const LambdaCapture &C : LE->captures()) {
    if (!C.capturesVariable() || C.getCaptureKind() != LCK_ByCopy)
      continue;
    const auto *VD = dyn_cast<VarDecl>(C.getCapturedVar());
    if (!VD)
      continue;
    const unsigned To = loc(LocKind::Capture, LE, VD);
    Nodes[To].HasIn = true;
    // Captured from a lambda that captured it in turn.
    if (const LambdaExpr *Outer = LambdaParent.lookup(LE)) {
      if (llvm::any_of(Outer->captures(), [&](const LambdaCapture &OC) {
            return OC.capturesVariable() && OC.getCapturedVar() == VD &&
                   OC.getCaptureKind() == LCK_ByCopy;
          })) {
        addEdge(loc(LocKind::Capture, Outer, VD), To);
        continue;
      }
    }
    if (!tracked(VD)) {
      addEdge(loc(LocKind::Var, VD->getCanonicalDecl()), To);
      continue;
    }
    auto It = CaptureDefs.find({LE, VD});
    for (const void *Def :
         It != CaptureDefs.end() ? It->second : Locals[VD].Defs)
      addEdge(loc(LocKind::Def, VD, Def), To);
  }
}

// What a resolved binding makes of its callee: a call site, a thread's
// entry or a status callback.
void ValueFlow::Impl::recordTarget(
    const Binding &B, const FunctionDecl *Fn,
    llvm::ArrayRef<std::pair<unsigned, const Expr *>> Args) {
  Fn = Fn->getCanonicalDecl();
  if (B.ResultOf) {
    CallSites[Fn].push_back({B.ResultOf, B.Caller});
    addEdge(loc(LocKind::Return, Fn), loc(LocKind::CallResult, B.ResultOf));
    return;
  }
  Entries.insert(Fn);
  const auto *StartExpr = dyn_cast_or_null<Expr>(B.Start);
  if (!StartExpr)
    return;
  auto It = ValueIds.find({unsigned(Value::Kind::Thread), StartExpr});
  if (It != ValueIds.end()) {
    ThreadEntries[It->second].push_back(Fn);
    StartArgs[{It->second, Fn}].assign(Args.begin(), Args.end());
    return;
  }
  if (const auto *Registration = dyn_cast<CallExpr>(StartExpr))
    StatusCallbacks.emplace_back(Fn, Registration);
}

// Adds the edges of bindings whose callees became known; true if any.
bool ValueFlow::Impl::resolveBindings() {
  bool Changed = false;
  for (unsigned Idx = 0; Idx < Bindings.size(); ++Idx) {
    const Binding B = Bindings[Idx];
    if (!B.Callee)
      continue;
    for (const FunctionDecl *Fn : callablesOf(*B.Callee)) {
      if (!Bound.insert({Idx, Fn}).second)
        continue;
      Changed = true;
      llvm::SmallVector<std::pair<unsigned, const Expr *>, 4> Args = B.Args;
      const auto *MD = dyn_cast<CXXMethodDecl>(Fn);
      if (B.SkipObjectForMethods && MD && MD->isInstance() &&
          !MD->getParent()->isLambda() &&
          MD->getOverloadedOperator() != OO_Call) {
        // std::thread(&C::run, object, args...).
        Args.clear();
        for (const auto &[Param, Arg] : B.Args)
          if (Param > 0)
            Args.emplace_back(Param - 1, Arg);
      }
      bindCall(Fn, Args);
      recordTarget(B, Fn, Args);
    }
    // A WinHTTP function called through a pointer from GetProcAddress.
    if (B.ResultOf && !Bound.contains({Idx, nullptr}))
      for (ValueId V : valuesOf(*B.Callee))
        if (Values[V].Api && Values[V].Api->has(api::CreatesHandle) &&
            Values[V].Api->Result == api::ResultKind::Handle) {
          Bound.insert({Idx, nullptr});
          Sources S;
          S.Values.push_back(valueFor(
              Value::Kind::Handle, B.ResultOf,
              {Value::Kind::Handle, B.ResultOf, nullptr, Values[V].Api}));
          flow(S, loc(LocKind::CallResult, B.ResultOf));
          Changed = true;
          break;
        }
  }
  return Changed;
}

// The handle values \p E can be, with their ancestors when \p Ancestors;
// nothing when \p E, or with \p Ancestors any handle up the chain, can be a
// handle the TU did not make (a parameter, a field nothing stores to: no
// value until the flow is solved, an opaque one after).
ValueSet ValueFlow::Impl::handlesOf(const Expr *E, bool Ancestors) {
  ValueSet Pending, Out;
  auto Add = [&](const Expr *From) {
    const ValueSet Of = From ? valuesOf(*From) : ValueSet();
    if (Of.empty())
      return false;
    for (ValueId V : Of) {
      if (Values[V].K != Value::Kind::Handle)
        return false;
      if (!Out.test(V))
        Pending.set(V);
    }
    return true;
  };
  if (!Add(E))
    return {};
  while (!Pending.empty()) {
    const ValueId V = Pending.find_first();
    Pending.reset(V);
    Out.set(V);
    if (!Ancestors || !Values[V].Api || Values[V].Api->ParentArg < 0)
      continue;
    if (!Add(parentOf(Values[V])))
      return {};
  }
  return Out;
}

// Binds each context to the status callbacks it can reach, once the flow
// has settled; true if a binding was added. A context bound on a handle
// reaches the callbacks registered on that handle or an ancestor; a side
// whose handle is not known reaches all. (Binding every context of the TU
// to every callback made the graph grow with their product.)
bool ValueFlow::Impl::bindContexts() {
  llvm::SmallVector<ValueSet, 8> Reach;
  for (const auto &Context : Contexts)
    Reach.push_back(handlesOf(Context.second, /*Ancestors=*/true));
  bool Changed = false;
  for (unsigned C = 0; C < Callbacks.size(); ++C) {
    const Expr *Callback = std::get<0>(Callbacks[C]);
    const ValueSet On = handlesOf(std::get<1>(Callbacks[C]), false);
    for (unsigned K = 0; K < Contexts.size(); ++K) {
      if (ContextsBound.contains({C, K}) ||
          !(On.empty() || Reach[K].empty() || On.intersects(Reach[K])))
        continue;
      ContextsBound.insert({C, K});
      Bindings.push_back(Binding{Callback, nullptr, {{1, Contexts[K].first}}});
      Changed = true;
    }
  }
  return Changed;
}

// A variable, field or parameter that nothing in the TU stores to holds one
// value of its own: whatever code outside the TU put there.
bool ValueFlow::Impl::seedOpaque(unsigned N) {
  Node &Loc = Nodes[N];
  if (Loc.HasIn || !Loc.Values.empty())
    return false;
  const bool ParamEntry = Loc.K == LocKind::Def && Loc.A == Loc.B &&
                          isa<ParmVarDecl>(static_cast<const Decl *>(Loc.A));
  if (Loc.K == LocKind::ObjField) {
    auto [It, Inserted] = ObjFieldOpaque.try_emplace(N, Values.size());
    if (Inserted) {
      Value V{Value::Kind::Opaque};
      V.Location = static_cast<const Decl *>(Loc.B);
      V.Object = static_cast<const VarDecl *>(Loc.A);
      Values.push_back(V);
    }
    Loc.Values.set(It->second);
    Dirty.push_back(N);
    return true;
  }
  if (Loc.K != LocKind::Var && Loc.K != LocKind::Field && !ParamEntry)
    return false;
  const auto *D = static_cast<const Decl *>(Loc.A);
  const ValueId V =
      valueFor(Value::Kind::Opaque, D,
               {Value::Kind::Opaque, nullptr, nullptr, nullptr, D});
  Loc.Values.set(V);
  Dirty.push_back(N);
  return true;
}

} // namespace clang::tidy::winhttp::analysis
