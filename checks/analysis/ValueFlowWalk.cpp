//===--- ValueFlowWalk.cpp - the walks that build the value-flow graph ----===//
//
// The two walks over the translation unit: the first collects the
// definitions of locals and which of them escape, the second adds the edges;
// and build(), which runs them, the reaching definitions between them, and
// the fixpoint after.
//
//===----------------------------------------------------------------------===//

#include "ParentIndex.h"
#include "ValueFlowImpl.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::winhttp::analysis {

using namespace valueflow_detail;

namespace {

/// Walks the user code of the TU once to collect, once more to add edges.
class Walker : public RecursiveASTVisitor<Walker> {
public:
  Walker(ValueFlow::Impl &I, bool Edges) : I(I), Edges(Edges) {}

  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitImplicitCode() const { return false; }

  bool TraverseDecl(Decl *D);
  bool TraverseLambdaExpr(LambdaExpr *LE);
  bool TraverseConstructorInitializer(CXXCtorInitializer *Init);
  bool TraverseCXXForRangeStmt(CXXForRangeStmt *S);
  bool VisitVarDecl(VarDecl *VD);
  bool VisitFieldDecl(FieldDecl *FD);
  bool VisitDeclRefExpr(DeclRefExpr *DRE);
  bool VisitUnaryOperator(UnaryOperator *UO);
  bool VisitBinaryOperator(BinaryOperator *BO);
  bool VisitCallExpr(CallExpr *CE);
  bool VisitCXXConstructExpr(CXXConstructExpr *CE);
  bool VisitReturnStmt(ReturnStmt *RS);
  bool VisitInitListExpr(InitListExpr *IL);
  bool VisitMemberExpr(MemberExpr *ME);

private:
  void escape(const Expr *E) {
    if (const VarDecl *VD = localVar(E))
      I.Locals[VD].Escapes = I.Locals[VD].AddressTaken = true;
  }

  ValueFlow::Impl &I;
  const bool Edges;
  llvm::SmallVector<const FunctionDecl *, 8> FnStack;
  llvm::SmallVector<const LambdaExpr *, 4> LambdaStack;
  /// Loop variables of range-based for loops: they take the elements of
  /// the range, read through iterators that the traversal does not show.
  llvm::DenseSet<const VarDecl *> RangeLoopVars;
};

} // namespace

bool Walker::TraverseDecl(Decl *D) {
  if (!D)
    return true;
  if (!I.Options.SystemHeaders && D->getLexicalDeclContext() &&
      D->getLexicalDeclContext()->isFileContext() && isInSystemHeader(*D))
    return true;
  if (const auto *DC = dyn_cast<DeclContext>(D); DC && DC->isDependentContext())
    return true;
  auto *FD = dyn_cast<FunctionDecl>(D);
  if (!FD || !FD->doesThisDeclarationHaveABody())
    return RecursiveASTVisitor::TraverseDecl(D);
  FnStack.push_back(FD);
  const FunctionDecl *Outer = I.CurrentFn;
  I.CurrentFn = FD;
  if (!Edges) {
    I.Functions.push_back(FD);
    for (const ParmVarDecl *P : FD->parameters())
      I.Locals[P].Defs.push_back(P);
  }
  bool Result = RecursiveASTVisitor::TraverseDecl(D);
  I.CurrentFn = Outer;
  FnStack.pop_back();
  return Result;
}

bool Walker::TraverseLambdaExpr(LambdaExpr *LE) {
  const FunctionDecl *Op = LE->getCallOperator();
  if (!Edges) {
    I.Functions.push_back(Op);
    I.LambdaParent[LE] = LambdaStack.empty() ? nullptr : LambdaStack.back();
    I.LambdaFunction[LE] = FnStack.empty() ? nullptr : FnStack.back();
    I.OperatorFunction[Op->getCanonicalDecl()] = I.LambdaFunction[LE];
    for (const ParmVarDecl *P : Op->parameters())
      I.Locals[P].Defs.push_back(P);
  } else {
    I.onLambda(LE);
  }
  FnStack.push_back(Op);
  LambdaStack.push_back(LE);
  const FunctionDecl *Outer = I.CurrentFn;
  I.CurrentFn = Op;
  bool Result = RecursiveASTVisitor::TraverseLambdaExpr(LE);
  I.CurrentFn = Outer;
  LambdaStack.pop_back();
  FnStack.pop_back();
  return Result;
}

bool Walker::TraverseConstructorInitializer(CXXCtorInitializer *Init) {
  if (Edges && Init->isMemberInitializer() && Init->getInit()) {
    Sources S;
    I.sources(Init->getInit(), S);
    I.flow(S,
           I.loc(LocKind::FieldWrite, Init->getMember()->getCanonicalDecl()));
  }
  return RecursiveASTVisitor::TraverseConstructorInitializer(Init);
}

bool Walker::TraverseCXXForRangeStmt(CXXForRangeStmt *S) {
  if (const VarDecl *LoopVar = S->getLoopVariable()) {
    RangeLoopVars.insert(LoopVar);
    if (Edges && S->getRangeInit()) {
      Sources Elements;
      I.sources(S->getRangeInit(), Elements);
      const unsigned To = I.varForWrite(LoopVar, LoopVar);
      I.flow(Elements, To);
      // `for (auto &t : threads)` names the elements themselves.
      if (LoopVar->getType()->isReferenceType()) {
        Sources Back;
        Back.Alias = true;
        Back.Locs.push_back(To);
        I.store(S->getRangeInit(), LoopVar, Back);
      }
    }
  }
  return RecursiveASTVisitor::TraverseCXXForRangeStmt(S);
}

bool Walker::VisitVarDecl(VarDecl *VD) {
  if (Edges && RangeLoopVars.contains(VD))
    return true;
  if (isa<ParmVarDecl>(VD)) {
    if (!Edges &&
        (VD->getType()->isReferenceType() || isPointerToPointer(VD->getType())))
      I.Locals[VD].Escapes = true;
    return true;
  }
  const Expr *Init = VD->getInit();
  if (!Edges) {
    if (VD->hasLocalStorage()) {
      ValueFlow::Impl::LocalInfo &Info = I.Locals[VD];
      if (VD->getType()->isReferenceType() || VD->getType()->isArrayType() ||
          isPointerToPointer(VD->getType()))
        Info.Escapes = true;
      const auto *Construct =
          Init ? dyn_cast<CXXConstructExpr>(Init->IgnoreImplicit()) : nullptr;
      if (Init && !(Construct && Construct->getNumArgs() == 0))
        Info.Defs.push_back(VD);
    }
    if (VD->getType()->isReferenceType() && Init)
      escape(Init);
    if (Init && VD->getType()->isIntegerType())
      I.IntStores[VD].push_back({Init, false});
    if (const auto *IL =
            Init ? dyn_cast<InitListExpr>(Init->IgnoreImplicit()) : nullptr)
      I.ObjectInits[IL->isSemanticForm() ? IL : IL->getSemanticForm()] = VD;
    return true;
  }
  // A default construction (`std::mutex m;`) stores nothing.
  const auto *Construct =
      Init ? dyn_cast<CXXConstructExpr>(Init->IgnoreImplicit()) : nullptr;
  if (!Init || (Construct && Construct->getNumArgs() == 0))
    return true;
  Sources S;
  I.sources(Init, S);
  const unsigned To = I.varForWrite(VD, VD);
  I.flow(S, To);
  // A reference is another name for what it binds to.
  if (VD->getType()->isReferenceType()) {
    Sources Back;
    Back.Alias = true;
    Back.Locs.push_back(To);
    I.store(Init, VD, Back);
  }
  return true;
}

bool Walker::VisitFieldDecl(FieldDecl *FD) {
  if (Edges && FD->hasInClassInitializer() && FD->getInClassInitializer()) {
    Sources S;
    I.sources(FD->getInClassInitializer(), S);
    I.flow(S, I.loc(LocKind::FieldWrite, FD->getCanonicalDecl()));
  }
  return true;
}

bool Walker::VisitDeclRefExpr(DeclRefExpr *DRE) {
  const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
  if (Edges || !VD || !VD->hasLocalStorage() ||
      !DRE->refersToEnclosingVariableOrCapture())
    return true;
  for (const LambdaExpr *LE : llvm::reverse(LambdaStack)) {
    for (const LambdaCapture &C : LE->captures()) {
      if (!C.capturesVariable() || C.getCapturedVar() != VD)
        continue;
      if (C.getCaptureKind() == LCK_ByCopy)
        I.CaptureOf[DRE] = LE;
      else
        I.Locals[VD].Escapes = I.Locals[VD].AddressTaken = true;
      return true;
    }
  }
  return true;
}

bool Walker::VisitUnaryOperator(UnaryOperator *UO) {
  if (!Edges && UO->getOpcode() == UO_AddrOf)
    escape(UO->getSubExpr());
  return true;
}

bool Walker::VisitBinaryOperator(BinaryOperator *BO) {
  if (!BO->isAssignmentOp())
    return true;
  if (!Edges) {
    if (auto Def = I.defTarget(BO))
      I.Locals[Def->first].Defs.push_back(BO);
    if (BO->getType()->isRecordType())
      I.markCopied(BO->getLHS());
    const auto *DRE =
        dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParenImpCasts());
    if (const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
        VD && VD->getType()->isIntegerType() &&
        (BO->getOpcode() == BO_Assign || BO->getOpcode() == BO_OrAssign))
      I.IntStores[VD].push_back({BO->getRHS(), BO->getOpcode() == BO_OrAssign});
    return true;
  }
  if (BO->getOpcode() != BO_Assign)
    return true;
  Sources S;
  I.sources(BO->getRHS(), S);
  I.store(BO->getLHS(), BO, S);
  return true;
}

bool Walker::VisitCallExpr(CallExpr *CE) {
  if (Edges) {
    I.onCall(CE);
    return true;
  }
  if (auto Def = I.defTarget(CE))
    I.Locals[Def->first].Defs.push_back(CE);
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(CE);
      Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2)
    I.markCopied(Op->getArg(0));
  // An lvalue bound to a reference parameter can be written through it.
  const FunctionDecl *Callee = CE->getDirectCallee();
  if (!Callee || api::lookupFlowFunction(*Callee) || stdMethodOf(*CE))
    return true;
  auto Args = argsForParams(*CE);
  for (unsigned Idx = 0; Idx < Args.size() && Idx < Callee->getNumParams();
       ++Idx) {
    QualType T = Callee->getParamDecl(Idx)->getType();
    if (T->isReferenceType() && !T.getNonReferenceType().isConstQualified())
      escape(Args[Idx]);
  }
  return true;
}

bool Walker::VisitCXXConstructExpr(CXXConstructExpr *CE) {
  if (Edges)
    I.onConstruct(CE);
  return true;
}

bool Walker::VisitReturnStmt(ReturnStmt *RS) {
  if (!Edges || !RS->getRetValue() || FnStack.empty())
    return true;
  Sources S;
  I.sources(RS->getRetValue(), S);
  I.flow(S, I.loc(LocKind::Return, FnStack.back()->getCanonicalDecl()));
  return true;
}

// Every field of a known object that the code names is a location before
// the flow is solved, read or written: what it holds then reaches the field
// across objects, which a read through a pointer reads.
bool Walker::VisitMemberExpr(MemberExpr *ME) {
  const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl());
  if (!Edges || !FD || ME->isArrow() || isStdRecord(ME->getBase()->getType()))
    return true;
  Sources Named;
  I.fieldSources(ME->getBase(), FD, Named);
  return true;
}

bool Walker::VisitInitListExpr(InitListExpr *IL) {
  // The traversal shows the syntactic form; the semantic one says which
  // field each initialiser goes to.
  if (!IL->isSemanticForm())
    IL = IL->getSemanticForm();
  if (!Edges || !IL)
    return true;
  const RecordDecl *RD = IL->getType()->getAsRecordDecl();
  if (!RD || RD->isUnion())
    return true;
  const VarDecl *Object = I.ObjectInits.lookup(IL);
  if (Object && !I.knownObject(Object))
    Object = nullptr;
  unsigned Idx = 0;
  for (const FieldDecl *FD : RD->fields()) {
    if (Idx >= IL->getNumInits())
      break;
    Sources S;
    I.sources(IL->getInit(Idx++), S);
    I.flow(S, Object ? I.loc(LocKind::ObjField, Object, FD->getCanonicalDecl())
                     : I.loc(LocKind::FieldWrite, FD->getCanonicalDecl()));
  }
  return true;
}

void ValueFlow::Impl::build() {
  TranslationUnitDecl *TU = Ctx.getTranslationUnitDecl();
  Walker(*this, /*Edges=*/false).TraverseDecl(TU);
  // Only locals with more than one definition need the CFG.
  llvm::MapVector<const FunctionDecl *, llvm::SmallVector<const VarDecl *, 4>>
      ByFunction;
  for (const auto &[VD, Info] : Locals)
    if (!Info.Escapes && Info.Defs.size() > 1)
      if (const auto *FD =
              dyn_cast_or_null<FunctionDecl>(VD->getParentFunctionOrMethod()))
        ByFunction[FD].push_back(VD);
  for (const auto &[FD, Vars] : ByFunction)
    reachingDefinitions(FD, Vars);
  Walker(*this, /*Edges=*/true).TraverseDecl(TU);
  // A status callback gets the handle it was registered on, and the
  // contexts of that handle and its descendants (bindContexts).
  for (const auto &[Callback, Handle, Registration] : Callbacks) {
    Binding B{Callback, nullptr, {{0, Handle}}};
    B.Start = Registration;
    Bindings.push_back(std::move(B));
  }
  do {
    do
      solve();
    while (resolveBindings());
  } while (bindContexts());
  Solved = true;
  for (unsigned N = 0; N < Nodes.size(); ++N)
    seedOpaque(N);
  solve();
  solveModes();
  // The CFGs served the reaching definitions only.
  Cfgs.clear();
}

} // namespace clang::tidy::winhttp::analysis
