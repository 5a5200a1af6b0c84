//===--- ValueFlowSources.cpp - what expressions read and write -----------===//
//
// What an expression evaluates to (the locations it reads, the values it
// makes) and what an assignment writes to; calls modelled by their result:
// handle creations, factories, thread starts.
//
//===----------------------------------------------------------------------===//

#include "ValueFlowImpl.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::winhttp::analysis {

using namespace valueflow_detail;

void ValueFlow::Impl::sourcesOfVar(const DeclRefExpr *DRE, const VarDecl *VD,
                                   Sources &Out) {
  if (const LambdaExpr *LE = CaptureOf.lookup(DRE)) {
    Out.Locs.push_back(loc(LocKind::Capture, LE, VD));
    return;
  }
  if (!tracked(VD)) {
    Out.Locs.push_back(loc(LocKind::Var, VD->getCanonicalDecl()));
    return;
  }
  auto It = UseDefs.find(DRE);
  llvm::ArrayRef<const void *> Defs =
      It != UseDefs.end() ? llvm::ArrayRef<const void *>(It->second)
                          : llvm::ArrayRef<const void *>(Locals[VD].Defs);
  for (const void *Def : Defs)
    Out.Locs.push_back(loc(LocKind::Def, VD, Def));
}

// A name: a variable, a field, a function or a method. False for any other
// expression.
bool ValueFlow::Impl::sourcesOfName(const Expr *E, Sources &Out) {
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      sourcesOfVar(DRE, VD, Out);
    else if (const auto *FD = dyn_cast<FunctionDecl>(DRE->getDecl()))
      Out.Values.push_back(
          valueFor(Value::Kind::Callable, FD->getCanonicalDecl(),
                   {Value::Kind::Callable, nullptr, FD->getCanonicalDecl()}));
    return true;
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    // A member of a std::pair or tuple holds what the object holds.
    if (isStdRecord(ME->getBase()->getType()) &&
        isa<FieldDecl>(ME->getMemberDecl())) {
      sources(ME->getBase(), Out);
      return true;
    }
    if (const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl()))
      fieldSources(ME->isArrow() ? nullptr : ME->getBase(), FD, Out);
    else if (const auto *VD = dyn_cast<VarDecl>(ME->getMemberDecl()))
      Out.Locs.push_back(loc(LocKind::Var, VD->getCanonicalDecl()));
    else if (const auto *MD = dyn_cast<CXXMethodDecl>(ME->getMemberDecl()))
      Out.Values.push_back(
          valueFor(Value::Kind::Callable, MD->getCanonicalDecl(),
                   {Value::Kind::Callable, nullptr, MD->getCanonicalDecl()}));
    return true;
  }
  return false;
}

void ValueFlow::Impl::sources(const Expr *E, Sources &Out) {
  if (!E)
    return;
  E = stripValue(E);
  if (E->isValueDependent() || E->containsErrors())
    return;
  if (isa<IntegerLiteral, CXXNullPtrLiteralExpr, GNUNullExpr, CharacterLiteral,
          CXXBoolLiteralExpr, FloatingLiteral, StringLiteral,
          UnaryExprOrTypeTraitExpr>(E))
    return;
  if (sourcesOfName(E, Out))
    return;
  if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
    if (UO->getOpcode() == UO_AddrOf || UO->getOpcode() == UO_Deref)
      return sources(UO->getSubExpr(), Out);
    if (UO->isIncrementDecrementOp())
      return sources(UO->getSubExpr(), Out);
  } else if (const auto *ASE = dyn_cast<ArraySubscriptExpr>(E)) {
    return sources(ASE->getBase(), Out);
  } else if (const auto *CO = dyn_cast<AbstractConditionalOperator>(E)) {
    sources(CO->getTrueExpr(), Out);
    return sources(CO->getFalseExpr(), Out);
  } else if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
    if (BO->getOpcode() == BO_Comma)
      return sources(BO->getRHS(), Out);
    // `a = b = x` stores x in both; `a |= b` is a's new value.
    if (BO->getOpcode() == BO_Assign)
      return sources(BO->getRHS(), Out);
    if (BO->isAssignmentOp())
      return sources(BO->getLHS(), Out);
  } else if (const auto *LE = dyn_cast<LambdaExpr>(E)) {
    const FunctionDecl *Op = LE->getCallOperator()->getCanonicalDecl();
    Out.Values.push_back(valueFor(Value::Kind::Callable, Op,
                                  {Value::Kind::Callable, nullptr, Op}));
    return;
  } else if (const auto *Call = dyn_cast<CallExpr>(E)) {
    if (sourcesOfCall(Call, Out))
      return;
  } else if (const auto *CE = dyn_cast<CXXConstructExpr>(E)) {
    if (isThreadType(CE->getType()) && CE->getNumArgs() > 0) {
      Out.Values.push_back(
          valueFor(Value::Kind::Thread, CE, {Value::Kind::Thread, CE}));
      return;
    }
    // What a class of namespace std is made from is what it holds.
    if (isStdRecord(CE->getType())) {
      for (const Expr *Arg : CE->arguments())
        sources(Arg, Out);
      return;
    }
  } else if (const auto *New = dyn_cast<CXXNewExpr>(E)) {
    if (const Expr *Init = New->getInitializer())
      return sources(Init, Out);
  } else if (const auto *IL = dyn_cast<InitListExpr>(E)) {
    if (IL->getType()->isArrayType()) {
      for (const Expr *Init : IL->inits())
        sources(Init, Out);
      return;
    }
  }
  Out.Values.push_back(opaque(E));
}

// std::async, make_unique<std::thread>, and the table's and the user's
// thread starts.
bool ValueFlow::Impl::startsThread(const FunctionDecl &Callee) const {
  const bool IsAsync =
      Callee.getIdentifier() && api::isInStd(Callee) &&
      Callee.getName() == api::spelling(api::Spelling::StdAsync).substr(5);
  const TemplateArgumentList *TArgs = Callee.getTemplateSpecializationArgs();
  const bool MakesThread = api::isStdFactory(Callee) && TArgs &&
                           TArgs->size() > 0 &&
                           TArgs->get(0).getKind() == TemplateArgument::Type &&
                           isThreadType(TArgs->get(0).getAsType());
  return IsAsync || MakesThread || api::lookupThreadStart(Callee) ||
         llvm::any_of(Options.ExtraThreadStarts, [&](const ThreadStartSpec &S) {
           return Callee.getQualifiedNameAsString() == S.Name ||
                  Callee.getNameAsString() == S.Name;
         });
}

// A call's result. False when the call is not modelled: an opaque value.
bool ValueFlow::Impl::sourcesOfCall(const CallExpr *Call, Sources &Out) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (const api::Function *Api = Callee ? api::lookup(*Callee) : nullptr) {
    if (!Api->has(api::CreatesHandle) || Api->Result != api::ResultKind::Handle)
      return false;
    Out.Values.push_back(valueFor(Value::Kind::Handle, Call,
                                  {Value::Kind::Handle, Call, nullptr, Api}));
    return true;
  }
  if (!Callee) {
    // Through a pointer or a callable object: what the callees return.
    Out.Locs.push_back(loc(LocKind::CallResult, Call));
    return true;
  }
  if (api::isWin32Function(*Callee, api::Win32Function::GetProcAddress) &&
      Call->getNumArgs() == 2) {
    const auto *Name = dyn_cast<StringLiteral>(stripValue(Call->getArg(1)));
    if (!Name || !Name->isOrdinary())
      return false;
    for (const api::Function &F : api::functions())
      if (F.Name == Name->getString()) {
        Out.Values.push_back(
            valueFor(Value::Kind::Callable, Call,
                     {Value::Kind::Callable, Call, nullptr, &F}));
        return true;
      }
    return false;
  }
  if (startsThread(*Callee)) {
    Out.Values.push_back(
        valueFor(Value::Kind::Thread, Call, {Value::Kind::Thread, Call}));
    return true;
  }
  if (const api::FlowFunction *F = api::lookupFlowFunction(*Callee)) {
    if (F->Effect == api::FlowEffect::Store ||
        unsigned(F->TargetArg) >= Call->getNumArgs())
      return false;
    sources(Call->getArg(F->TargetArg), Out);
    return true;
  }
  if (const api::StdMethod *M = stdMethodOf(*Call)) {
    if (M->Effect == api::FlowEffect::Store ||
        M->Effect == api::FlowEffect::Add ||
        M->Effect == api::FlowEffect::Emplace)
      return false;
    sources(objectOf(*Call), Out);
    return true;
  }
  // A lambda converted to a function pointer calls the lambda.
  if (isa<CXXConversionDecl>(Callee) && objectOf(*Call) &&
      (api::isInStd(*Callee) ||
       cast<CXXMethodDecl>(Callee)->getParent()->isLambda())) {
    sources(objectOf(*Call), Out);
    return true;
  }
  if (api::isStdFactory(*Callee)) {
    for (const Expr *Arg : Call->arguments())
      sources(Arg, Out);
    Out.Values.push_back(opaque(Call));
    return true;
  }
  // std::function and other callable objects of namespace std.
  if (isa<CXXOperatorCallExpr>(Call) &&
      cast<CXXOperatorCallExpr>(Call)->getOperator() == OO_Call &&
      api::isInStd(*Callee)) {
    Out.Locs.push_back(loc(LocKind::CallResult, Call));
    return true;
  }
  if (!Callee->hasBody())
    return false;
  if (const CallExpr *Made = factoryCreation(*Callee)) {
    const api::Function *Api = api::lookup(*Made->getDirectCallee());
    Out.Values.push_back(
        valueFor(Value::Kind::Handle, Call,
                 {Value::Kind::Handle, Call, nullptr, Api, nullptr, Made}));
    return true;
  }
  Out.Locs.push_back(loc(LocKind::Return, Callee->getCanonicalDecl()));
  return true;
}

// The creating call a factory returns: a function whose only return
// returns a handle-creating WinHTTP call, directly or through a local
// initialised with it and not assigned again.
const CallExpr *ValueFlow::Impl::factoryCreation(const FunctionDecl &Fn) {
  const FunctionDecl *Def = nullptr;
  if (!Fn.hasBody(Def) || !Def->getBody())
    return nullptr;
  const ReturnStmt *Only = nullptr;
  for (const Stmt *S : Def->getBody()->children()) {
    if (const auto *Ret = dyn_cast<ReturnStmt>(S)) {
      if (Only)
        return nullptr;
      Only = Ret;
    }
  }
  auto Straight = [](const Stmt *S) {
    return isa<DeclStmt, ReturnStmt, Expr, NullStmt>(S);
  };
  if (!Only || !Only->getRetValue() ||
      !llvm::all_of(Def->getBody()->children(), Straight))
    return nullptr;
  const Expr *Ret = stripValue(Only->getRetValue());
  if (const auto *DRE = dyn_cast<DeclRefExpr>(Ret)) {
    const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
    if (!VD || !VD->hasLocalStorage() || isa<ParmVarDecl>(VD) ||
        !VD->getInit() || Locals.lookup(VD).Defs.size() != 1 ||
        Locals.lookup(VD).Escapes)
      return nullptr;
    Ret = stripValue(VD->getInit());
  }
  const auto *Call = dyn_cast<CallExpr>(Ret);
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  const api::Function *Api = Callee ? api::lookup(*Callee) : nullptr;
  return Api && Api->has(api::CreatesHandle) &&
                 Api->Result == api::ResultKind::Handle
             ? Call
             : nullptr;
}

void ValueFlow::Impl::targets(const Expr *LHS, const void *Site,
                              llvm::SmallVectorImpl<unsigned> &Out) {
  const Expr *E = stripValue(LHS);
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      Out.push_back(VD->hasLocalStorage()
                        ? varForWrite(VD, Site)
                        : loc(LocKind::Var, VD->getCanonicalDecl()));
    return;
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    if (isStdRecord(ME->getBase()->getType()) &&
        isa<FieldDecl>(ME->getMemberDecl()))
      return targets(ME->getBase(), Site, Out);
    if (const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl()))
      Out.push_back(fieldTarget(ME->isArrow() ? nullptr : ME->getBase(), FD));
    else if (const auto *VD = dyn_cast<VarDecl>(ME->getMemberDecl()))
      Out.push_back(loc(LocKind::Var, VD->getCanonicalDecl()));
    return;
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
    if (UO->getOpcode() == UO_Deref || UO->getOpcode() == UO_AddrOf)
      targets(UO->getSubExpr(), Site, Out);
    return;
  }
  if (const auto *ASE = dyn_cast<ArraySubscriptExpr>(E))
    return targets(ASE->getBase(), Site, Out);
  if (const auto *CO = dyn_cast<AbstractConditionalOperator>(E)) {
    targets(CO->getTrueExpr(), Site, Out);
    return targets(CO->getFalseExpr(), Site, Out);
  }
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    const api::StdMethod *M = stdMethodOf(*Call);
    if (M && M->Effect == api::FlowEffect::Load)
      targets(objectOf(*Call), Site, Out);
  }
}

void ValueFlow::Impl::store(const Expr *LHS, const void *Site,
                            const Sources &S) {
  llvm::SmallVector<unsigned, 2> To;
  targets(LHS, Site, To);
  for (unsigned T : To) {
    flow(S, T);
    // A weak definition keeps what the local held before.
    auto Prev = WeakPrev.find(static_cast<const Stmt *>(Site));
    if (Nodes[T].K != LocKind::Def || Prev == WeakPrev.end())
      continue;
    const auto *VD = static_cast<const VarDecl *>(Nodes[T].A);
    for (const void *Def : Prev->second)
      addEdge(loc(LocKind::Def, VD, Def), T);
  }
}

ValueSet ValueFlow::Impl::valuesOf(const Expr &E) {
  Sources S;
  sources(&E, S);
  ValueSet Result;
  for (unsigned L : S.Locs)
    Result |= Nodes[L].Values;
  for (ValueId V : S.Values)
    Result.set(V);
  return Result;
}

llvm::SmallVector<const FunctionDecl *, 2>
ValueFlow::Impl::callablesOf(const Expr &E) {
  llvm::SmallVector<const FunctionDecl *, 2> Result;
  for (ValueId V : valuesOf(E))
    if (Values[V].K == Value::Kind::Callable && Values[V].Fn)
      Result.push_back(Values[V].Fn);
  // An object of a class with a call operator: a functor.
  if (const CXXRecordDecl *RD =
          stripValue(&E)->getType().getNonReferenceType()->getAsCXXRecordDecl();
      RD && RD->hasDefinition() && !RD->isLambda() && !api::isInStd(*RD))
    for (const CXXMethodDecl *MD : RD->methods())
      if (MD->getOverloadedOperator() == OO_Call)
        Result.push_back(MD->getCanonicalDecl());
  return Result;
}

} // namespace clang::tidy::winhttp::analysis
