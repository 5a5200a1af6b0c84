//===--- ValueFlow.cpp - where handles, threads and callables flow --------===//
//
// Builds and solves the value-flow graph described in ValueFlow.h, in four
// steps: collect (definitions of locals, which locals escape), reaching
// definitions over the CFG where a local has more than one definition,
// edges (one walk over the TU), and the fixpoint, which resolves calls
// through pointers as their callees become known.
//
//===----------------------------------------------------------------------===//

#include "ValueFlow.h"
#include "Dataflow.h"
#include "ExprUse.h"
#include "FunctionCfg.h"
#include "ParentIndex.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <deque>
#include <tuple>

namespace clang::tidy::winhttp::analysis {

namespace {

/// Field is a field across all objects: what any access of it can read.
/// ObjField is the field of one known object (a variable, A) and FieldWrite
/// what is written to the field through objects that are not known (a
/// pointer, `this`, a reference, an array element); both feed Field.
enum class LocKind {
  Var,
  Field,
  ObjField,
  FieldWrite,
  Return,
  Def,
  Capture,
  CallResult
};

/// What an expression evaluates to: locations it reads and values it makes.
struct Sources {
  llvm::SmallVector<unsigned, 4> Locs;
  llvm::SmallVector<ValueId, 2> Values;
  /// What a reference, a reference or out-pointer parameter, or a range
  /// loop variable writes back to what it names: an edge that is no store,
  /// so a variable only ever bound stays of unknown origin.
  bool Alias = false;
};

/// A call whose callee is known only once values are: through a pointer,
/// a thread start or a status callback registration.
struct Binding {
  const Expr *Callee;
  /// The call whose result the callee's return flows to, if any.
  const CallExpr *ResultOf = nullptr;
  /// Arguments by parameter index, counted after the callable.
  llvm::SmallVector<std::pair<unsigned, const Expr *>, 4> Args;
  /// std::thread(&C::f, object, args...): the object is not a parameter.
  bool SkipObjectForMethods = false;
  /// The thread value that runs the callee, or the registering call of a
  /// status callback; null for a call through a pointer.
  const Stmt *Start = nullptr;
  const FunctionDecl *Caller = nullptr;
};

bool isThreadType(QualType T) {
  T = T.getNonReferenceType().getCanonicalType();
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD || !RD->getIdentifier() || !api::isInStd(*RD))
    return false;
  for (api::Spelling S : {api::Spelling::StdThread, api::Spelling::StdJThread})
    if (api::spelling(S).rsplit("::").second == RD->getName())
      return true;
  return false;
}

bool isStdRecord(QualType T) {
  T = T.getNonReferenceType().getCanonicalType();
  if (const auto *PT = T->getAs<PointerType>())
    T = PT->getPointeeType();
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  return RD && api::isInStd(*RD);
}

/// The type a container, optional or smart pointer of namespace std holds:
/// its first template argument.
QualType heldType(const CXXRecordDecl *RD) {
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(RD);
  if (!Spec || Spec->getTemplateArgs().size() == 0 ||
      Spec->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
    return QualType();
  return Spec->getTemplateArgs()[0].getAsType();
}

bool isPointerToPointer(QualType T) {
  const auto *PT = T->getAs<PointerType>();
  return PT && (PT->getPointeeType()->isPointerType() ||
                PT->getPointeeType()->isRecordType());
}


const VarDecl *localVar(const Expr *E) {
  const auto *DRE = dyn_cast<DeclRefExpr>(stripValue(E));
  const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  return VD && VD->hasLocalStorage() ? VD : nullptr;
}

/// The arguments of a call in parameter order: an operator call of a
/// member operator has its object as argument 0.
llvm::SmallVector<const Expr *, 4> argsForParams(const CallExpr &Call) {
  llvm::ArrayRef<const Expr *> Args(Call.getArgs(), Call.getNumArgs());
  if (isa<CXXOperatorCallExpr>(Call) &&
      isa_and_nonnull<CXXMethodDecl>(Call.getDirectCallee()) && !Args.empty())
    Args = Args.drop_front();
  return llvm::SmallVector<const Expr *, 4>(Args.begin(), Args.end());
}

/// The object of a member call or member operator call, or null.
const Expr *objectOf(const CallExpr &Call) {
  if (const auto *MCE = dyn_cast<CXXMemberCallExpr>(&Call))
    return MCE->getImplicitObjectArgument();
  if (isa<CXXOperatorCallExpr>(Call) &&
      isa_and_nonnull<CXXMethodDecl>(Call.getDirectCallee()) &&
      Call.getNumArgs() > 0)
    return Call.getArg(0);
  return nullptr;
}

/// The table row of a member call on an object of a class of namespace std.
const api::StdMethod *stdMethodOf(const CallExpr &Call) {
  const auto *MD = dyn_cast_or_null<CXXMethodDecl>(Call.getDirectCallee());
  return MD && objectOf(Call) ? api::lookupStdMethod(*MD) : nullptr;
}

} // namespace

class ValueFlow::Impl {
public:
  Impl(ASTContext &Ctx, const ValueFlowOptions &Options)
      : Ctx(Ctx), Options(Options), Cfgs(Ctx) {}

  void build();

  // Locations and values.
  unsigned loc(LocKind K, const void *A, const void *B = nullptr);
  ValueId valueFor(Value::Kind K, const void *Key, Value V);
  ValueId opaque(const Expr *E) {
    return valueFor(Value::Kind::Opaque, E, {Value::Kind::Opaque, E});
  }
  void addEdge(unsigned From, unsigned To);
  void flow(const Sources &S, unsigned To);
  void solve();

  // What expressions read and write.
  void sources(const Expr *E, Sources &Out);
  bool sourcesOfName(const Expr *E, Sources &Out);
  bool startsThread(const FunctionDecl &Callee) const;
  const CallExpr *factoryCreation(const FunctionDecl &Fn);
  const Expr *parentOf(const Value &V);
  bool sourcesOfCall(const CallExpr *Call, Sources &Out);
  void sourcesOfVar(const DeclRefExpr *DRE, const VarDecl *VD, Sources &Out);
  void targets(const Expr *LHS, const void *Site,
               llvm::SmallVectorImpl<unsigned> &Out);
  unsigned varForWrite(const VarDecl *VD, const void *Site);
  bool knownObject(const VarDecl *VD) const;
  void markCopied(const Expr *Object) {
    const auto *DRE = dyn_cast<DeclRefExpr>(stripValue(Object));
    if (const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr)
      CopiedObjects.insert(VD->getCanonicalDecl());
  }
  const VarDecl *knownObjectOf(const Expr *Object) const;
  void fieldSources(const Expr *Object, const FieldDecl *FD, Sources &Out);
  unsigned fieldTarget(const Expr *Object, const FieldDecl *FD);
  void store(const Expr *LHS, const void *Site, const Sources &S);
  ValueSet valuesOf(const Expr &E);
  llvm::SmallVector<const FunctionDecl *, 2> callablesOf(const Expr &E);

  // Locals.
  struct LocalInfo {
    llvm::SmallVector<const void *, 2> Defs;
    /// One location, not tracked per definition: for its type (a
    /// reference, an array, a pointer to a pointer or a struct) or because
    /// it can be written through another name.
    bool Escapes = false;
    /// Written through another name: its address is taken, a reference
    /// binds it, a lambda captures it by reference.
    bool AddressTaken = false;
  };
  bool tracked(const VarDecl *VD) const;
  std::optional<std::pair<const VarDecl *, bool>> defTarget(const Stmt *S);
  void reachingDefinitions(const FunctionDecl *FD,
                           llvm::ArrayRef<const VarDecl *> Vars);

  // Edges.
  void bindCall(const FunctionDecl *Callee,
                llvm::ArrayRef<std::pair<unsigned, const Expr *>> Args);
  void bindDirectCall(const CallExpr &Call);
  void onCall(const CallExpr *Call);
  void onStdMethodCall(const CallExpr *Call, const api::StdMethod &M);
  void onFlowFunctionCall(const CallExpr *Call, const api::FlowFunction &F);
  void onThreadStart(const CallExpr *Call);
  void onConstruct(const CXXConstructExpr *CE);
  void onLambda(const LambdaExpr *LE);
  bool resolveBindings();
  bool bindContexts();
  ValueSet handlesOf(const Expr *E, bool Ancestors);
  void recordTarget(const Binding &B, const FunctionDecl *Fn,
                    llvm::ArrayRef<std::pair<unsigned, const Expr *>> Args);
  bool seedOpaque(unsigned N);

  // Modes.
  SessionMode modeOf(ValueId V);
  SessionMode computeMode(const Value &V);
  void solveModes();
  std::optional<bool> asyncBit(const Expr *Flags,
                               llvm::SmallPtrSetImpl<const VarDecl *> &Seen);

  ASTContext &Ctx;
  const ValueFlowOptions Options;
  FunctionCfgs Cfgs;

  struct Node {
    ValueSet Values;
    llvm::SmallVector<unsigned, 4> Succs;
    bool HasIn = false;
    LocKind K;
    const void *A;
    const void *B;
  };
  std::vector<Node> Nodes;
  llvm::DenseMap<std::tuple<unsigned, const void *, const void *>, unsigned>
      LocIds;
  // A deque: references to values stay valid when a query names a new
  // opaque value, and callers hold them (ValueFlow::value).
  std::deque<Value> Values;
  llvm::DenseMap<std::pair<unsigned, const void *>, ValueId> ValueIds;
  llvm::SmallVector<unsigned, 64> Dirty;

  // Collected by the first walk.
  llvm::SmallVector<const FunctionDecl *, 64> Functions;
  llvm::DenseMap<const VarDecl *, LocalInfo> Locals;
  /// A use inside a lambda of a variable it captured by copy.
  llvm::DenseMap<const DeclRefExpr *, const LambdaExpr *> CaptureOf;
  /// The lambda that encloses a lambda, for captures of captures.
  llvm::DenseMap<const LambdaExpr *, const LambdaExpr *> LambdaParent;
  llvm::DenseMap<const LambdaExpr *, const FunctionDecl *> LambdaFunction;
  /// The same, keyed by the lambda's call operator (canonical).
  llvm::DenseMap<const FunctionDecl *, const FunctionDecl *> OperatorFunction;
  /// The values stored into each integer variable, for session flags; true
  /// for `|=`.
  llvm::DenseMap<const VarDecl *,
                 llvm::SmallVector<std::pair<const Expr *, bool>, 2>>
      IntStores;
  /// Objects (variables of record type) assigned as a whole: their fields
  /// hold what another object's held, so they are not known objects.
  llvm::DenseSet<const VarDecl *> CopiedObjects;
  /// The known object whose initialiser an init list is.
  llvm::DenseMap<const InitListExpr *, const VarDecl *> ObjectInits;
  /// The opaque value of each ObjField location that nothing stores to.
  llvm::DenseMap<unsigned, ValueId> ObjFieldOpaque;

  // Reaching definitions.
  llvm::DenseMap<const DeclRefExpr *, llvm::SmallVector<const void *, 2>>
      UseDefs;
  llvm::DenseMap<const Stmt *, llvm::SmallVector<const void *, 2>> WeakPrev;
  llvm::DenseMap<std::pair<const LambdaExpr *, const VarDecl *>,
                 llvm::SmallVector<const void *, 2>>
      CaptureDefs;

  /// The function whose body the edge walk is in.
  const FunctionDecl *CurrentFn = nullptr;
  llvm::DenseMap<const FunctionDecl *, llvm::SmallVector<CallSite, 2>>
      CallSites;
  llvm::DenseMap<ValueId, llvm::SmallVector<const FunctionDecl *, 1>>
      ThreadEntries;
  llvm::DenseSet<const FunctionDecl *> Entries;
  /// What each start hands to each parameter of each entry it runs.
  llvm::DenseMap<std::pair<ValueId, const FunctionDecl *>,
                 llvm::SmallVector<std::pair<unsigned, const Expr *>, 2>>
      StartArgs;
  llvm::SmallVector<std::pair<const FunctionDecl *, const CallExpr *>, 2>
      StatusCallbacks;

  // Calls whose callees are values.
  std::vector<Binding> Bindings;
  llvm::DenseSet<std::pair<unsigned, const FunctionDecl *>> Bound;
  /// Callback, handle and registering call of WinHttpSetStatusCallback.
  llvm::SmallVector<std::tuple<const Expr *, const Expr *, const CallExpr *>,
                    4>
      Callbacks;
  /// Each context argument, with the handle it is bound to (or null).
  llvm::SmallVector<std::pair<const Expr *, const Expr *>, 8> Contexts;
  /// The (callback, context) pairs whose binding is made.
  llvm::DenseSet<std::pair<unsigned, unsigned>> ContextsBound;

  bool Solved = false;
  llvm::DenseMap<ValueId, SessionMode> Modes;
  llvm::DenseSet<ValueId> ModesInProgress;
};

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
    if (!Edges && (VD->getType()->isReferenceType() ||
                   isPointerToPointer(VD->getType())))
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
    const auto *DRE = dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParenImpCasts());
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

} // namespace

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
    const unsigned Across =
        loc(LocKind::Field, K == LocKind::ObjField ? B : A);
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
  auto Result = [](const Expr *Target,
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
  const api::FlowFunction *F = Callee ? api::lookupFlowFunction(*Callee) : nullptr;
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
      isa<DecompositionDecl>(VD) ||
      CopiedObjects.count(VD->getCanonicalDecl()))
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
      Out.Values.push_back(valueFor(Value::Kind::Callable,
                                    FD->getCanonicalDecl(),
                                    {Value::Kind::Callable, nullptr,
                                     FD->getCanonicalDecl()}));
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
      Out.Values.push_back(valueFor(
          Value::Kind::Callable, MD->getCanonicalDecl(),
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
  const bool IsAsync = Callee.getIdentifier() && api::isInStd(Callee) &&
                       Callee.getName() ==
                           api::spelling(api::Spelling::StdAsync).substr(5);
  const TemplateArgumentList *TArgs = Callee.getTemplateSpecializationArgs();
  const bool MakesThread =
      api::isStdFactory(Callee) && TArgs && TArgs->size() > 0 &&
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
    if (!Api->has(api::CreatesHandle) ||
        Api->Result != api::ResultKind::Handle)
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
        Out.Values.push_back(valueFor(
            Value::Kind::Callable, Call,
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
    Out.Values.push_back(valueFor(
        Value::Kind::Handle, Call,
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
  if (!Callee ||
      (isa<CXXOperatorCallExpr>(Call) &&
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
  const Expr *Arg =
      M.ValueArg >= 0 && unsigned(M.ValueArg) < Args.size() ? Args[M.ValueArg]
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
    const CXXRecordDecl *Container =
        stripValue(Object)->getType().getNonReferenceType()->getAsCXXRecordDecl();
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
    for (const void *Def : It != CaptureDefs.end() ? It->second
                                                    : Locals[VD].Defs)
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
          S.Values.push_back(
              valueFor(Value::Kind::Handle, B.ResultOf,
                       {Value::Kind::Handle, B.ResultOf, nullptr,
                        Values[V].Api}));
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
      Bindings.push_back(
          Binding{Callback, nullptr, {{1, Contexts[K].first}}});
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
  const ValueId V = valueFor(Value::Kind::Opaque, D,
                             {Value::Kind::Opaque, nullptr, nullptr, nullptr, D});
  Loc.Values.set(V);
  Dirty.push_back(N);
  return true;
}

namespace {

/// The reaching-definitions walk of one function: which definitions of its
/// multiply defined locals reach each use.
class ReachingDefinitions {
public:
  ReachingDefinitions(ValueFlow::Impl &I, llvm::ArrayRef<const VarDecl *> Vars)
      : I(I) {
    for (const VarDecl *VD : Vars) {
      const auto &Defs = I.Locals[VD].Defs;
      for (const void *Def : Defs) {
        DefIndex[Def] = Sites.size();
        Sites.emplace_back(VD, Def);
      }
    }
    for (const VarDecl *VD : Vars) {
      llvm::BitVector &M = Mask.try_emplace(VD, Sites.size()).first->second;
      for (const void *Def : I.Locals[VD].Defs)
        M.set(DefIndex[Def]);
    }
  }

  /// Lattice: a bit per definition of the tracked locals, ordered by
  /// inclusion (may reach); join is union; a definition of a local kills its
  /// other definitions and sets its own; the entry holds the parameters'.
  struct Analysis {
    using State = llvm::BitVector;
    static constexpr dataflow::Direction Dir = dataflow::Direction::Forward;
    ReachingDefinitions &RD;
    State boundary() const {
      State S(RD.Sites.size());
      for (const auto &[VD, Def] : RD.Sites)
        if (Def == VD && isa<ParmVarDecl>(VD))
          S.set(RD.DefIndex.lookup(Def));
      return S;
    }
    void join(State &Into, const State &From) const { Into |= From; }
    void transfer(const CFGElement &E, State &S) const {
      if (std::optional<CFGStmt> CS = E.getAs<CFGStmt>())
        RD.transfer(CS->getStmt(), S, /*Record=*/false);
    }
  };

  /// Records which definitions reach each use. A run the solver could not
  /// finish records nothing: every use then reads every definition.
  void run(const CFG &G) {
    const Analysis A{*this};
    dataflow::Result<llvm::BitVector> R = dataflow::solve(G, A);
    if (!R.Complete)
      return;
    // A block no path reaches is recorded too: no definition reaches its
    // uses.
    for (const CFGBlock *B : G) {
      const std::optional<llvm::BitVector> &In = R.In[B->getBlockID()];
      llvm::BitVector State = In ? *In : llvm::BitVector(Sites.size());
      for (const CFGElement &E : *B)
        if (std::optional<CFGStmt> CS = E.getAs<CFGStmt>())
          transfer(CS->getStmt(), State, /*Record=*/true);
    }
  }

private:
  llvm::SmallVector<const void *, 2> reaching(const VarDecl *VD,
                                              const llvm::BitVector &State) {
    llvm::BitVector Live = State;
    Live &= Mask.find(VD)->second;
    llvm::SmallVector<const void *, 2> Result;
    for (unsigned Idx : Live.set_bits())
      Result.push_back(Sites[Idx].second);
    return Result;
  }

  void define(const VarDecl *VD, const void *Site, llvm::BitVector &State) {
    auto M = Mask.find(VD);
    auto D = DefIndex.find(Site);
    if (M == Mask.end() || D == DefIndex.end())
      return;
    State.reset(M->second);
    State.set(D->second);
  }

  void transfer(const Stmt *S, llvm::BitVector &State, bool Record) {
    if (const auto *DRE = dyn_cast<DeclRefExpr>(S)) {
      const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
      if (Record && VD && Mask.count(VD))
        I.UseDefs[DRE] = reaching(VD, State);
      return;
    }
    if (const auto *LE = dyn_cast<LambdaExpr>(S)) {
      for (const LambdaCapture &C : LE->captures())
        if (Record && C.capturesVariable() &&
            C.getCaptureKind() == LCK_ByCopy)
          if (const auto *VD = dyn_cast<VarDecl>(C.getCapturedVar());
              VD && Mask.count(VD))
            I.CaptureDefs[{LE, VD}] = reaching(VD, State);
      return;
    }
    if (const auto *DS = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D))
          define(VD, VD, State);
      return;
    }
    auto Def = I.defTarget(S);
    if (!Def || !Mask.count(Def->first))
      return;
    if (Def->second && Record)
      I.WeakPrev[S] = reaching(Def->first, State);
    define(Def->first, S, State);
  }

  ValueFlow::Impl &I;
  llvm::SmallVector<std::pair<const VarDecl *, const void *>, 16> Sites;
  llvm::DenseMap<const void *, unsigned> DefIndex;
  llvm::DenseMap<const VarDecl *, llvm::BitVector> Mask;
};

} // namespace

void ValueFlow::Impl::reachingDefinitions(
    const FunctionDecl *FD, llvm::ArrayRef<const VarDecl *> Vars) {
  // Without a CFG every use reads every definition. The CFG serves this
  // walk only: freed at once, one is alive at a time.
  if (const CFG *G = Cfgs.get(FD))
    ReachingDefinitions(*this, Vars).run(*G);
  Cfgs.forget(FD);
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

std::optional<bool>
ValueFlow::Impl::asyncBit(const Expr *Flags,
                          llvm::SmallPtrSetImpl<const VarDecl *> &Seen) {
  if (!Flags)
    return std::nullopt;
  const Expr *E = Flags->IgnoreParenImpCasts();
  if (std::optional<llvm::APSInt> V = evaluateInt(*E, Ctx))
    return (V->getZExtValue() & api::constant(api::Constant::FlagAsync)) != 0;
  if (const auto *BO = dyn_cast<BinaryOperator>(E); BO && BO->getOpcode() == BO_Or) {
    std::optional<bool> L = asyncBit(BO->getLHS(), Seen);
    std::optional<bool> R = asyncBit(BO->getRHS(), Seen);
    if (L == true || R == true)
      return true;
    return L && R ? std::optional<bool>(false) : std::nullopt;
  }
  if (const auto *CO = dyn_cast<ConditionalOperator>(E)) {
    std::optional<bool> T = asyncBit(CO->getTrueExpr(), Seen);
    return T == asyncBit(CO->getFalseExpr(), Seen) ? T : std::nullopt;
  }
  const auto *DRE = dyn_cast<DeclRefExpr>(E);
  const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  // A parameter's flags are its callers' business: unknown.
  if (!VD || isa<ParmVarDecl>(VD) || !Seen.insert(VD).second)
    return std::nullopt;
  auto It = IntStores.find(VD);
  if (It == IntStores.end())
    return std::nullopt;
  // Every store must agree; `|=` of a value without the bit keeps it.
  std::optional<bool> Result;
  for (const auto &[Stored, OrAssign] : It->second) {
    std::optional<bool> B = asyncBit(Stored, Seen);
    if (!B)
      return std::nullopt;
    if (OrAssign && !*B)
      continue;
    if (Result && *Result != *B)
      return std::nullopt;
    Result = B;
  }
  return Result;
}

// The parent argument of a handle's creation; for a handle made by a
// factory whose parent is the factory's parameter, the argument of this
// call of the factory.
const Expr *ValueFlow::Impl::parentOf(const Value &V) {
  const CallExpr *Call = V.creation();
  if (!Call || !V.Api || V.Api->ParentArg < 0 ||
      unsigned(V.Api->ParentArg) >= Call->getNumArgs())
    return nullptr;
  const Expr *Parent = Call->getArg(V.Api->ParentArg);
  const auto *Ref = dyn_cast<DeclRefExpr>(stripValue(Parent));
  const auto *Param = Ref ? dyn_cast<ParmVarDecl>(Ref->getDecl()) : nullptr;
  const auto *Outer = dyn_cast_or_null<CallExpr>(V.Made ? V.Site : nullptr);
  if (Param && Outer && Param->getFunctionScopeIndex() < Outer->getNumArgs())
    return Outer->getArg(Param->getFunctionScopeIndex());
  return Parent;
}

// The modes of the handle values as a least fixpoint, so that a cycle of
// handles made from each other gets the same answer whichever is asked
// first. Lattice, per value: not known yet < Asynchronous < Unknown <
// Synchronous; a child takes the greatest of its parents', a parent that is
// no handle value of the TU counting as Unknown. A session's is its flags'.
void ValueFlow::Impl::solveModes() {
  auto Rank = [](const std::optional<SessionMode> &M) {
    if (!M)
      return 0;
    switch (M->K) {
    case SessionMode::Kind::Asynchronous:
      return 1;
    case SessionMode::Kind::Unknown:
      return 2;
    case SessionMode::Kind::Synchronous:
      return 3;
    }
    llvm_unreachable("unknown session mode");
  };
  // Reading a parent expression can name an opaque value for the first
  // time, which grows Values: values are copied, not referred to, and the
  // ones made here are no handles.
  const size_t Known = Values.size();
  std::vector<std::optional<SessionMode>> M(Known);
  llvm::MapVector<ValueId, ValueSet> Parents;
  for (ValueId V = 0; V < Known; ++V) {
    const Value Val = Values[V];
    if (Val.K != Value::Kind::Handle || !Val.Api)
      continue;
    if (Val.Api->ParentArg < 0) {
      M[V] = computeMode(Val);
      continue;
    }
    const Expr *ParentExpr = parentOf(Val);
    ValueSet Of = ParentExpr ? valuesOf(*ParentExpr) : ValueSet();
    if (Of.empty())
      M[V] = SessionMode{};
    else
      Parents[V] = std::move(Of);
  }
  // Ranks only rise, three times at most per value: the loop ends.
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (const auto &[V, Of] : Parents) {
      std::optional<SessionMode> New;
      for (ValueId P : Of) {
        std::optional<SessionMode> From =
            P < Known && Values[P].K == Value::Kind::Handle && Values[P].Api
                ? M[P]
                : std::optional<SessionMode>(SessionMode{});
        // Of two synchronous sessions, the one opened first is named.
        if (Rank(From) > Rank(New) ||
            (Rank(From) == 3 && Rank(New) == 3 &&
             Ctx.getSourceManager().isBeforeInTranslationUnit(
                 From->Open->getBeginLoc(), New->Open->getBeginLoc())))
          New = From;
      }
      if (Rank(New) > Rank(M[V]) ||
          (Rank(New) == 3 && New->Open != M[V]->Open)) {
        M[V] = New;
        Changed = true;
      }
    }
  }
  // A cycle that no session reaches: Unknown.
  for (ValueId V = 0; V < Known; ++V)
    if (M[V] || Parents.count(V))
      Modes[V] = M[V].value_or(SessionMode{});
}

SessionMode ValueFlow::Impl::computeMode(const Value &V) {
  const CallExpr *Call = V.creation();
  // The session itself: a creating function without a parent.
  if (V.Api->ParentArg < 0) {
    const unsigned FlagsArg = api::constant(api::Constant::OpenFlagsArg);
    llvm::SmallPtrSet<const VarDecl *, 4> Seen;
    std::optional<bool> Async =
        FlagsArg < Call->getNumArgs() ? asyncBit(Call->getArg(FlagsArg), Seen)
                                      : std::nullopt;
    if (!Async)
      return {};
    if (*Async)
      return {SessionMode::Kind::Asynchronous, nullptr};
    return {SessionMode::Kind::Synchronous, Call};
  }
  const Expr *ParentExpr = parentOf(V);
  if (!ParentExpr)
    return {};
  ValueSet Parents = valuesOf(*ParentExpr);
  if (Parents.empty())
    return {};
  bool AllAsync = true;
  for (ValueId P : Parents) {
    SessionMode M = modeOf(P);
    if (M.K == SessionMode::Kind::Synchronous)
      return M;
    AllAsync &= M.K == SessionMode::Kind::Asynchronous;
  }
  return AllAsync ? SessionMode{SessionMode::Kind::Asynchronous, nullptr}
                  : SessionMode{};
}

SessionMode ValueFlow::Impl::modeOf(ValueId V) {
  // A copy: computing the mode can add values.
  const Value Val = Values[V];
  if (Val.K != Value::Kind::Handle || !Val.Api)
    return {};
  if (auto It = Modes.find(V); It != Modes.end())
    return It->second;
  // A handle made from itself through a cycle of copies: unknown.
  if (!ModesInProgress.insert(V).second)
    return {};
  SessionMode M = computeMode(Val);
  ModesInProgress.erase(V);
  Modes[V] = M;
  return M;
}

ValueFlow::ValueFlow(ASTContext &Ctx, const ValueFlowOptions &Options)
    : P(std::make_unique<Impl>(Ctx, Options)) {
  P->build();
}

ValueFlow::~ValueFlow() = default;

ASTContext &ValueFlow::context() const { return P->Ctx; }

ValueSet ValueFlow::valuesOf(const Expr &E) const { return P->valuesOf(E); }

namespace {

struct SharedFlow {
  const ASTContext *Ctx;
  ValueFlowOptions Options;
  std::unique_ptr<ValueFlow> Flow;
};

// clang-tidy runs the checks of a TU one after another on one thread.
std::vector<SharedFlow> &sharedFlows() {
  static std::vector<SharedFlow> Flows;
  return Flows;
}

bool sameOptions(const ValueFlowOptions &A, const ValueFlowOptions &B) {
  auto Same = [](const ThreadStartSpec &X, const ThreadStartSpec &Y) {
    return X.Name == Y.Name && X.EntryArg == Y.EntryArg &&
           X.ContextArg == Y.ContextArg;
  };
  return A.SystemHeaders == B.SystemHeaders &&
         A.ExtraThreadStarts.size() == B.ExtraThreadStarts.size() &&
         std::equal(A.ExtraThreadStarts.begin(), A.ExtraThreadStarts.end(),
                    B.ExtraThreadStarts.begin(), Same);
}

void releaseShared(void *Ctx) {
  llvm::erase_if(sharedFlows(),
                 [&](const SharedFlow &F) { return F.Ctx == Ctx; });
}

} // namespace

const ValueFlow &ValueFlow::shared(ASTContext &Ctx,
                                   const ValueFlowOptions &Options) {
  bool Known = false;
  for (const SharedFlow &F : sharedFlows()) {
    Known |= F.Ctx == &Ctx;
    if (F.Ctx == &Ctx && sameOptions(F.Options, Options))
      return *F.Flow;
  }
  // The flows of a context go with it, so that a later context at the same
  // address never sees them.
  if (!Known)
    Ctx.AddDeallocation(releaseShared, &Ctx);
  auto Flow = std::make_unique<ValueFlow>(Ctx, Options);
  sharedFlows().push_back({&Ctx, Options, std::move(Flow)});
  return *sharedFlows().back().Flow;
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
    else if (const auto *BO = dyn_cast<BinaryOperator>(
                 static_cast<const Stmt *>(Def));
             BO && !isa<ParmVarDecl>(VD))
      Stored = BO->getRHS();
    Result.push_back(Stored);
  }
  return Result;
}

llvm::ArrayRef<CallSite>
ValueFlow::callSitesOf(const FunctionDecl *F) const {
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

const FunctionDecl *
ValueFlow::enclosingFunction(const FunctionDecl *Op) const {
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

// The WinHttpOpen call of the asynchronous session \p Handle belongs to, or
// null when some value it can hold is not known to be asynchronous.
const CallExpr *asyncSessionOf(const Expr &Handle, const ValueFlow &Flow) {
  ValueSet Values = Flow.valuesOf(Handle);
  const CallExpr *Open = nullptr;
  if (Values.empty())
    return nullptr;
  for (ValueId V : Values) {
    if (Flow.modeOf(V).K != SessionMode::Kind::Asynchronous)
      return nullptr;
    // Up to the session: the handle without a parent.
    ValueId Root = V;
    for (unsigned Depth = 0; Depth < 4; ++Depth) {
      ValueSet Up = Flow.parentsOf(Root);
      if (Up.empty())
        break;
      Root = *Up.begin();
    }
    if (!Open)
      Open = Flow.value(Root).creation();
  }
  return Open;
}

} // namespace clang::tidy::winhttp::analysis
