//===--- HandleRaceAnalysis.cpp - closes racing blocking calls ------------===//
//
// Builds the TU model of handles, events, threads and orderings described in
// HandleRaceAnalysis.h, then pairs closes with blocking calls key by key.
//
//===----------------------------------------------------------------------===//

#include "HandleRaceAnalysis.h"
#include "ExprUse.h"
#include "MacroSpelling.h"
#include "ParentIndex.h"
#include "WinHttpApi.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <cctype>

namespace clang::tidy::winhttp::analysis {

llvm::SmallVector<std::string, 4> identifierWords(llvm::StringRef Name) {
  llvm::SmallVector<std::string, 4> Words;
  std::string Current;
  auto Flush = [&] {
    if (!Current.empty())
      Words.push_back(Current);
    Current.clear();
  };
  for (size_t I = 0, E = Name.size(); I != E; ++I) {
    const char C = Name[I];
    if (!std::isalnum(static_cast<unsigned char>(C))) {
      Flush();
      continue;
    }
    if (std::isupper(static_cast<unsigned char>(C)) && !Current.empty()) {
      const char Prev = Name[I - 1];
      const bool PrevLower = std::islower(static_cast<unsigned char>(Prev)) ||
                             std::isdigit(static_cast<unsigned char>(Prev));
      // "HTTPTimeout": the T of Timeout starts a word after an acronym.
      const bool AcronymEnd =
          std::isupper(static_cast<unsigned char>(Prev)) && I + 1 < E &&
          std::islower(static_cast<unsigned char>(Name[I + 1]));
      if (PrevLower || AcronymEnd)
        Flush();
    }
    Current.push_back(
        static_cast<char>(std::tolower(static_cast<unsigned char>(C))));
  }
  Flush();
  return Words;
}

namespace {

using HandleKey = const ValueDecl *;

enum class EventKind { Close, Block };

/// A close or blocking call on a key, where the key is named.
struct Event {
  EventKind Kind;
  HandleKey Key;
  /// The function whose code performs it.
  const FunctionDecl *Fn;
  /// The call that names the key; null for an implicit destructor.
  const Expr *Site;
  std::string Callee;
  std::string Handle;
  std::string Api;
  llvm::SmallVector<ChainStep, 4> Chain;
  /// Bound at a thread start: runs only on that thread.
  int BoundThread = -1;
  const CXXRecordDecl *ImplicitDtorOf = nullptr;
  const FieldDecl *RaiiMember = nullptr;
};

/// What a function does to one of its parameters, directly or via helpers.
struct ParamEffect {
  EventKind Kind;
  unsigned Param;
  const Expr *ApiCall;
  std::string Api;
  /// From the effect's site in this function down to the API call.
  llvm::SmallVector<ChainStep, 4> Chain;
};

struct CallEdge {
  const CallExpr *Call;
  const FunctionDecl *Caller;
  const FunctionDecl *Callee;
};

struct ThreadRoot {
  /// The function that starts the thread.
  const FunctionDecl *StartFn;
  const FunctionDecl *Entry;
  const Expr *Start;
  std::string StartName;
  HandleKey Object;
  /// Arguments handed to the entry's parameters, by parameter index.
  llvm::SmallVector<std::pair<unsigned, const Expr *>, 2> Bound;
};

struct Join {
  const Stmt *S;
  const FunctionDecl *Fn;
  HandleKey Object;
  bool Timed;
};

struct Creation {
  const CallExpr *Call;
  const FunctionDecl *Api;
  HandleKey Parent;
};

// The creating call nested in another:
// `WinHttpOpenRequest(WinHttpConnect(...))`.
const CallExpr *nestedCall(const CallExpr &CE, int Arg) {
  if (Arg < 0 || unsigned(Arg) >= CE.getNumArgs())
    return nullptr;
  return dyn_cast<CallExpr>(CE.getArg(Arg)->IgnoreParenCasts());
}

/// An API call seen during the traversal, resolved once aliases are known.
struct RawApiCall {
  const CallExpr *Call;
  const FunctionDecl *Fn;
  const api::Function *Api;
};

const FunctionDecl *canonical(const FunctionDecl *FD) {
  return FD ? FD->getCanonicalDecl() : nullptr;
}

// Whether type T is (a typedef of, or a class named) the qualified name.
bool typeIsNamed(QualType T, llvm::StringRef Qualified) {
  if (T.isNull())
    return false;
  T = T.getNonReferenceType().getCanonicalType();
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD)
    return false;
  std::string Name = RD->getQualifiedNameAsString();
  // libstdc++ puts some names in an inline namespace such as std::__1.
  if (Name == Qualified)
    return true;
  llvm::StringRef Short = Qualified.rsplit("::").second;
  return !Short.empty() && RD->getName() == Short &&
         Qualified.starts_with("std::") && api::isInStd(*RD);
}

// The variable or field that an assignment's left-hand side names.
HandleKey lhsKey(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      return VD->getCanonicalDecl();
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    if (const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl()))
      return FD->getCanonicalDecl();
  return nullptr;
}

/// The whole TU model; see the header for what it holds.
class Model : public RecursiveASTVisitor<Model> {
public:
  Model(ASTContext &Ctx, const RaceConfig &Config)
      : Ctx(Ctx), Config(Config), Parents(Ctx, Config.SystemHeaders) {}

  std::vector<RaceFinding> run();

  // Traversal.
  bool shouldVisitTemplateInstantiations() const { return false; }
  bool shouldVisitImplicitCode() const { return false; }
  bool TraverseDecl(Decl *D);
  bool TraverseLambdaExpr(LambdaExpr *LE);
  bool VisitCallExpr(CallExpr *CE);
  bool VisitCXXConstructExpr(CXXConstructExpr *CE);
  bool VisitVarDecl(VarDecl *VD);
  bool VisitBinaryOperator(BinaryOperator *BO);
  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *CE);

private:
  // Model building.
  HandleKey resolve(const Expr *E, unsigned Depth = 0) const;
  const FunctionDecl *resolveCallable(const Expr *E) const;
  const api::Function *apiOf(const CallExpr &CE) const;
  HandleKey storedTo(const Expr &E) const;
  void
  recordThreadStart(const Expr *Start, llvm::StringRef StartName,
                    const Expr *Entry,
                    llvm::ArrayRef<std::pair<unsigned, const Expr *>> Bound,
                    HandleKey Object);
  bool isRaiiType(QualType T) const;
  bool isCancelFunction(const FunctionDecl *FD, std::string *Word) const;
  const Expr *handleOf(const RawApiCall &Call, EventKind Kind) const;
  void summariseParams();
  void collectEvents();
  void collectRaiiEvents();
  void computeContexts();

  // Queries.
  bool onlyInCallbacks(const FunctionDecl *FD) const;
  bool gatedByCallback(const Event &Close) const;
  void indexFacts();
  llvm::ArrayRef<unsigned> joinsIn(const FunctionDecl *Fn) const;
  bool positivelyReads(const Expr *Cond,
                       const llvm::DenseSet<HandleKey> &Keys) const;
  bool orderedAfter(const Stmt *Site, const FunctionDecl *Fn,
                    const ThreadRoot &T, unsigned Depth) const;
  bool joinDominates(const Join &J, const Stmt *Site) const;
  bool joinedBeforeReturn(const ThreadRoot &T) const;
  bool runsBeforeStart(const Stmt *Site, const ThreadRoot &T) const;
  bool startFailed(const Stmt *Site, const ThreadRoot &T) const;
  const Stmt *childIn(const CompoundStmt *Block, const Stmt *S) const;
  bool insideLoop(const Stmt *S) const;
  bool destroyedBefore(HandleKey Object, const Stmt *Site) const;
  llvm::SmallPtrSet<HandleKey, 4> locksAt(const Stmt *S, const FunctionDecl *Fn,
                                          unsigned Depth) const;
  std::optional<SessionMode>
  modeOf(HandleKey K, llvm::SmallPtrSetImpl<HandleKey> &Seen) const;
  std::optional<SessionMode>
  modeOfCall(const CallExpr *Call, HandleKey Parent,
             llvm::SmallPtrSetImpl<HandleKey> &Seen) const;
  llvm::SmallVector<HandleKey, 4> ancestorsOf(HandleKey Child) const;
  DynTypedNode parent(const DynTypedNode &N) const;
  DynTypedNode enclosingStmt(const DynTypedNode &N) const;
  std::optional<Concurrency> concurrency(const Event &Close,
                                         const Event &Block) const;
  std::string text(const Expr *E) const;
  bool scopedThreadReaches(const ThreadRoot &T, const FunctionDecl *Fn) const;
  llvm::SmallVector<ChainStep, 4> callerChain(const FunctionDecl *From,
                                              const FunctionDecl *To) const;

  ASTContext &Ctx;
  const RaceConfig &Config;
  /// Filled lazily by the queries, hence mutable.
  mutable ParentIndex Parents;
  llvm::SmallVector<const FunctionDecl *, 8> FnStack;

  // Facts collected by the traversal.
  llvm::SmallVector<const FunctionDecl *, 64> Functions;
  llvm::DenseMap<const FunctionDecl *, const FunctionDecl *> EnclosingFn;
  llvm::SmallVector<RawApiCall, 64> ApiCalls;
  llvm::SmallVector<CallEdge, 64> Edges;
  llvm::SmallVector<ThreadRoot, 8> Threads;
  llvm::SmallVector<Join, 8> Joins;
  llvm::DenseMap<HandleKey, llvm::SmallVector<Creation, 1>> Creations;
  llvm::DenseMap<const VarDecl *, const Expr *> Aliases;
  llvm::SmallPtrSet<const FunctionDecl *, 8> Callbacks;
  /// The handles each callback was registered on (null: not resolved).
  llvm::DenseMap<const FunctionDecl *, llvm::SmallVector<HandleKey, 2>>
      CallbackHandles;
  /// The callbacks from which each function is reached.
  llvm::DenseMap<const FunctionDecl *,
                 llvm::SmallPtrSet<const FunctionDecl *, 2>>
      CallbacksReaching;
  /// Keys written, signalled or notified, by the function doing it.
  llvm::SmallVector<std::pair<const FunctionDecl *, const Expr *>, 16> Writes;
  /// RAII `x.reset()` calls.
  llvm::SmallVector<std::pair<const CXXMemberCallExpr *, const FunctionDecl *>,
                    4>
      Resets;
  llvm::SmallVector<const CXXRecordDecl *, 16> Records;
  /// Functions that call a closing API directly.
  llvm::DenseSet<const FunctionDecl *> ClosingFns;

  // Derived. Indexes, so that each query looks only at what concerns it and
  // the work stays linear in the size of the TU.
  llvm::DenseMap<const FunctionDecl *, llvm::SmallVector<unsigned, 2>>
      JoinsByFn;
  /// The callbacks registered on each handle (null: a handle not resolved).
  llvm::DenseMap<HandleKey, llvm::SmallVector<const FunctionDecl *, 1>>
      CallbacksOn;
  /// The keys written, signalled or notified by code each callback reaches.
  llvm::DenseMap<const FunctionDecl *, llvm::SmallVector<HandleKey, 2>>
      WrittenUnder;
  llvm::DenseMap<const FunctionDecl *, llvm::SmallVector<ParamEffect, 2>>
      Effects;
  llvm::DenseMap<const FunctionDecl *, llvm::SmallVector<unsigned, 4>>
      CallersOf;
  llvm::DenseMap<const FunctionDecl *, llvm::SmallVector<unsigned, 4>>
      CallsFrom;
  std::vector<Event> Events;
  llvm::DenseMap<const FunctionDecl *, llvm::BitVector> ThreadsOf;
  llvm::DenseSet<const FunctionDecl *> InMain;
  llvm::DenseSet<const FunctionDecl *> InCallback;
  llvm::DenseMap<const FunctionDecl *,
                 std::pair<const FunctionDecl *, std::string>>
      CancelReach;
};

bool Model::TraverseDecl(Decl *D) {
  // System headers hold no code of the user's to analyse, and skipping them
  // keeps the walk proportional to the user's code.
  if (D && !Config.SystemHeaders && D->getLexicalDeclContext() &&
      D->getLexicalDeclContext()->isFileContext() &&
      isInSystemHeader(*D))
    return true;
  auto *FD = dyn_cast_or_null<FunctionDecl>(D);
  if (!FD || !FD->doesThisDeclarationHaveABody() || FD->isDependentContext() ||
      FD->isTemplateInstantiation()) {
    if (const auto *RD = dyn_cast_or_null<CXXRecordDecl>(D))
      if (RD->hasDefinition() && RD->isThisDeclarationADefinition())
        Records.push_back(RD);
    return RecursiveASTVisitor::TraverseDecl(D);
  }
  FnStack.push_back(canonical(FD));
  Functions.push_back(canonical(FD));
  bool Result = RecursiveASTVisitor::TraverseDecl(D);
  FnStack.pop_back();
  return Result;
}

bool Model::TraverseLambdaExpr(LambdaExpr *LE) {
  const FunctionDecl *Op = canonical(LE->getCallOperator());
  if (!FnStack.empty())
    EnclosingFn[Op] = FnStack.back();
  FnStack.push_back(Op);
  Functions.push_back(Op);
  bool Result = RecursiveASTVisitor::TraverseLambdaExpr(LE);
  FnStack.pop_back();
  return Result;
}

std::string Model::text(const Expr *E) const {
  if (!E)
    return {};
  llvm::StringRef T = sourceText(*E, Ctx);
  if (!T.empty())
    return T.str();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()))
    return DRE->getDecl()->getNameAsString();
  return "the handle";
}

HandleKey Model::resolve(const Expr *E, unsigned Depth) const {
  if (!E || Depth > 8)
    return nullptr;
  E = E->IgnoreParenCasts();
  if (const auto *Cleanups = dyn_cast<ExprWithCleanups>(E))
    return resolve(Cleanups->getSubExpr(), Depth + 1);
  if (const auto *MT = dyn_cast<MaterializeTemporaryExpr>(E))
    return resolve(MT->getSubExpr(), Depth + 1);
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
    if (!VD)
      return nullptr;
    VD = VD->getCanonicalDecl();
    auto It = Aliases.find(VD);
    if (It != Aliases.end())
      if (HandleKey K = resolve(It->second, Depth + 1))
        return K;
    return VD;
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    // A field of an RAII owner stands for the owner: `request_.h`.
    if (isRaiiType(ME->getBase()->getType()))
      if (HandleKey K = resolve(ME->getBase(), Depth + 1))
        return K;
    if (const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl()))
      return FD->getCanonicalDecl();
    if (const auto *VD = dyn_cast<VarDecl>(ME->getMemberDecl()))
      return VD->getCanonicalDecl(); // a static data member
    return nullptr;
  }
  if (const auto *MCE = dyn_cast<CXXMemberCallExpr>(E)) {
    // `owner.get()` and `operator HINTERNET()` name what the owner holds.
    const CXXMethodDecl *MD = MCE->getMethodDecl();
    if (MD && (isa<CXXConversionDecl>(MD) ||
               (MD->getIdentifier() && MD->getName() == "get")))
      return resolve(MCE->getImplicitObjectArgument(), Depth + 1);
    return nullptr;
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(E))
    if (UO->getOpcode() == UO_AddrOf || UO->getOpcode() == UO_Deref)
      return resolve(UO->getSubExpr(), Depth + 1);
  return nullptr;
}

const FunctionDecl *Model::resolveCallable(const Expr *E) const {
  if (!E)
    return nullptr;
  E = E->IgnoreParenCasts();
  if (const auto *MT = dyn_cast<MaterializeTemporaryExpr>(E))
    return resolveCallable(MT->getSubExpr());
  if (const auto *BT = dyn_cast<CXXBindTemporaryExpr>(E))
    return resolveCallable(BT->getSubExpr());
  if (const auto *LE = dyn_cast<LambdaExpr>(E))
    return canonical(LE->getCallOperator());
  // A lambda converted to a function pointer.
  if (const auto *MCE = dyn_cast<CXXMemberCallExpr>(E))
    if (isa_and_nonnull<CXXConversionDecl>(MCE->getMethodDecl()))
      return resolveCallable(MCE->getImplicitObjectArgument());
  if (const auto *UO = dyn_cast<UnaryOperator>(E))
    if (UO->getOpcode() == UO_AddrOf)
      return resolveCallable(UO->getSubExpr());
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *FD = dyn_cast<FunctionDecl>(DRE->getDecl()))
      return canonical(FD);
    // A local initialised with a lambda: `auto work = [&] {...};`.
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      if (VD->hasLocalStorage() && VD->getInit())
        return resolveCallable(VD->getInit());
  }
  if (const auto *CE = dyn_cast<CXXConstructExpr>(E))
    if (CE->getNumArgs() == 1)
      return resolveCallable(CE->getArg(0));
  return nullptr;
}

// Calls through a function pointer that GetProcAddress looked up by a
// constant name count as calls of that function.
const api::Function *Model::apiOf(const CallExpr &CE) const {
  if (const FunctionDecl *FD = CE.getDirectCallee())
    return api::lookup(*FD);
  const auto *DRE =
      dyn_cast<DeclRefExpr>(CE.getCallee()->IgnoreParenImpCasts());
  const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (!VD || !VD->getInit())
    return nullptr;
  const auto *Lookup = dyn_cast<CallExpr>(VD->getInit()->IgnoreParenCasts());
  if (!Lookup || !Lookup->getDirectCallee() || Lookup->getNumArgs() != 2 ||
      !api::isWin32Function(*Lookup->getDirectCallee(),
                            api::Win32Function::GetProcAddress))
    return nullptr;
  const auto *Name =
      dyn_cast<StringLiteral>(Lookup->getArg(1)->IgnoreParenImpCasts());
  if (!Name || !Name->isOrdinary())
    return nullptr;
  for (const api::Function &F : api::functions())
    if (F.Name == Name->getString())
      return &F;
  return nullptr;
}

// The key that the value of \p E is stored into, if any.
HandleKey Model::storedTo(const Expr &E) const {
  DynTypedNode Node = DynTypedNode::create(E);
  while (true) {
    DynTypedNode P = parent(Node);
    if (const auto *S = P.get<Stmt>()) {
      if (isa<ImplicitCastExpr, ExplicitCastExpr, ParenExpr, ExprWithCleanups,
              MaterializeTemporaryExpr, CXXBindTemporaryExpr,
              CXXFunctionalCastExpr, CXXConstructExpr>(S)) {
        Node = P;
        continue;
      }
      if (const auto *BO = dyn_cast<BinaryOperator>(S))
        if (BO->getOpcode() == BO_Assign &&
            BO->getRHS()->IgnoreParenCasts() == E.IgnoreParenCasts())
          return lhsKey(BO->getLHS());
      if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(S))
        if (OC->getOperator() == OO_Equal && OC->getNumArgs() == 2)
          return lhsKey(OC->getArg(0));
      return nullptr;
    }
    if (const auto *VD = P.get<VarDecl>())
      return VD->getCanonicalDecl();
    // A default member initialiser.
    if (const auto *FD = P.get<FieldDecl>())
      return FD->getCanonicalDecl();
    if (const auto *Init = P.get<CXXCtorInitializer>())
      if (const FieldDecl *FD = Init->getMember())
        return FD->getCanonicalDecl();
    return nullptr;
  }
}

DynTypedNode Model::parent(const DynTypedNode &N) const {
  return Parents.parent(N);
}

// The parent, where a variable's initializer counts as inside its DeclStmt.
DynTypedNode Model::enclosingStmt(const DynTypedNode &N) const {
  DynTypedNode P = parent(N);
  return P.get<VarDecl>() ? parent(P) : P;
}

// The statement of Block that holds S, or null when S is not in Block.
const Stmt *Model::childIn(const CompoundStmt *Block, const Stmt *S) const {
  DynTypedNode In = DynTypedNode::create(*S);
  for (unsigned Guard = 0; Guard < 256; ++Guard) {
    DynTypedNode P = enclosingStmt(In);
    if (P.getNodeKind().isNone())
      return nullptr;
    if (P.get<Stmt>() == Block)
      return In.get<Stmt>();
    In = P;
  }
  return nullptr;
}

bool Model::insideLoop(const Stmt *S) const {
  for (DynTypedNode Up = enclosingStmt(DynTypedNode::create(*S));
       !Up.getNodeKind().isNone(); Up = enclosingStmt(Up))
    if (isa_and_nonnull<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(
            Up.get<Stmt>()))
      return true;
  return false;
}

// Whether statement A of Block comes before its statement B.
static bool comesBefore(const CompoundStmt *Block, const Stmt *A,
                        const Stmt *B) {
  for (const Stmt *S : Block->body()) {
    if (S == B)
      return false;
    if (S == A)
      return true;
  }
  return false;
}

bool Model::isRaiiType(QualType T) const {
  if (T.isNull())
    return false;
  T = T.getNonReferenceType();
  if (typeIsNamed(T, api::spelling(api::Spelling::StdUniquePtr)) ||
      typeIsNamed(T, api::spelling(api::Spelling::WilUniqueWinHttp)))
    return true;
  for (const std::string &Name : Config.HandleTypes)
    if (typeIsNamed(T, Name))
      return true;
  // A class of this TU whose destructor closes one of its fields.
  const CXXRecordDecl *RD = T.getCanonicalType()->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition())
    return false;
  const CXXDestructorDecl *Dtor = RD->getDefinition()->getDestructor();
  if (!Dtor || !Dtor->hasBody())
    return false;
  const FunctionDecl *Body = nullptr;
  Dtor->hasBody(Body);
  return ClosingFns.contains(canonical(Body));
}

bool Model::isCancelFunction(const FunctionDecl *FD, std::string *Word) const {
  if (!FD->getIdentifier())
    return false;
  for (const std::string &W : identifierWords(FD->getName()))
    if (llvm::is_contained(Config.CancelWords, W)) {
      if (Word)
        *Word = W;
      return true;
    }
  return false;
}

bool Model::VisitVarDecl(VarDecl *VD) {
  if (!VD->hasLocalStorage() || isa<ParmVarDecl>(VD) || !VD->getInit())
    return true;
  const Expr *Init = VD->getInit()->IgnoreParenCasts();
  if (const auto *CE = dyn_cast<CallExpr>(Init))
    if (apiOf(*CE))
      return true; // a handle of its own, recorded as a creation
  if (!VD->getType()->isPointerType() && !isRaiiType(VD->getType()))
    return true;
  if (isa<DeclRefExpr, MemberExpr, CXXMemberCallExpr>(Init))
    Aliases.try_emplace(VD->getCanonicalDecl(), VD->getInit());
  return true;
}

bool Model::VisitBinaryOperator(BinaryOperator *BO) {
  if (FnStack.empty())
    return true;
  // Writes that a status callback can use to gate a close.
  if (BO->isAssignmentOp())
    Writes.emplace_back(FnStack.back(), BO->getLHS());
  if (BO->getOpcode() != BO_Assign)
    return true;
  const auto *DRE = dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParenImpCasts());
  const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (!VD || !VD->hasLocalStorage() || isa<ParmVarDecl>(VD) ||
      !VD->getType()->isPointerType())
    return true;
  const Expr *RHS = BO->getRHS()->IgnoreParenCasts();
  if (isa<DeclRefExpr, MemberExpr, CXXMemberCallExpr>(RHS))
    Aliases.try_emplace(VD->getCanonicalDecl(), BO->getRHS());
  return true;
}

bool Model::VisitCXXOperatorCallExpr(CXXOperatorCallExpr *CE) {
  if (!FnStack.empty() && CE->isAssignmentOp() && CE->getNumArgs() > 0)
    Writes.emplace_back(FnStack.back(), CE->getArg(0));
  return true;
}

void Model::recordThreadStart(
    const Expr *Start, llvm::StringRef StartName, const Expr *Entry,
    llvm::ArrayRef<std::pair<unsigned, const Expr *>> Bound, HandleKey Object) {
  const FunctionDecl *FD = resolveCallable(Entry);
  if (!FD)
    return;
  ThreadRoot Root{FnStack.empty() ? nullptr : FnStack.back(),
                  FD,
                  Start,
                  StartName.str(),
                  Object,
                  {}};
  Root.Bound.append(Bound.begin(), Bound.end());
  Threads.push_back(std::move(Root));
}

bool Model::VisitCXXConstructExpr(CXXConstructExpr *CE) {
  QualType T = CE->getType();
  const bool IsThread =
      typeIsNamed(T, api::spelling(api::Spelling::StdThread)) ||
      typeIsNamed(T, api::spelling(api::Spelling::StdJThread));
  if (!IsThread || CE->getNumArgs() == 0 ||
      CE->getConstructor()->isCopyOrMoveConstructor())
    return true;
  // std::thread(f, args...) or std::thread(&C::f, object, args...).
  llvm::SmallVector<std::pair<unsigned, const Expr *>, 2> Bound;
  const FunctionDecl *Entry = resolveCallable(CE->getArg(0));
  const unsigned First =
      isa_and_nonnull<CXXMethodDecl>(Entry) &&
              !cast<CXXMethodDecl>(Entry)->isStatic() &&
              !cast<CXXMethodDecl>(Entry)->getParent()->isLambda()
          ? 2
          : 1;
  for (unsigned I = First, N = CE->getNumArgs(); I < N; ++I)
    Bound.emplace_back(I - First, CE->getArg(I));
  recordThreadStart(CE,
                    typeIsNamed(T, api::spelling(api::Spelling::StdJThread))
                        ? api::spelling(api::Spelling::StdJThread)
                        : api::spelling(api::Spelling::StdThread),
                    CE->getArg(0), Bound, storedTo(*CE));
  return true;
}

bool Model::VisitCallExpr(CallExpr *CE) {
  // Outside functions (globals, default member initialisers) only handle
  // creations matter.
  const FunctionDecl *Fn = FnStack.empty() ? nullptr : FnStack.back();
  const FunctionDecl *Callee = CE->getDirectCallee();

  if (const api::Function *Api = apiOf(*CE)) {
    if (Fn) {
      ApiCalls.push_back({CE, Fn, Api});
      if (Api->has(api::ClosesHandle))
        ClosingFns.insert(Fn);
    }
    if (Api->has(api::CreatesHandle)) {
      HandleKey Parent =
          Api->ParentArg >= 0 && unsigned(Api->ParentArg) < CE->getNumArgs()
              ? resolve(CE->getArg(Api->ParentArg))
              : nullptr;
      HandleKey Created =
          Api->Result == api::ResultKind::Handle
              ? storedTo(*CE)
              : (CE->getNumArgs() > 1 ? resolve(CE->getArg(1)) : nullptr);
      if (Created)
        Creations[Created].push_back({CE, Callee, Parent});
    }
    if (Api->has(api::SetsStatusCallback) && CE->getNumArgs() > 1)
      if (const FunctionDecl *Cb = resolveCallable(CE->getArg(1))) {
        Callbacks.insert(Cb);
        CallbackHandles[Cb].push_back(resolve(CE->getArg(0)));
      }
    return true;
  }
  if (!Callee || !Fn)
    return true;

  if (const api::ThreadStart *TS = api::lookupThreadStart(*Callee)) {
    if (unsigned(TS->EntryArg) >= CE->getNumArgs())
      return true;
    llvm::SmallVector<std::pair<unsigned, const Expr *>, 1> Bound;
    if (TS->ContextArg >= 0 && unsigned(TS->ContextArg) < CE->getNumArgs())
      Bound.emplace_back(TS->ContextParam, CE->getArg(TS->ContextArg));
    HandleKey Object = nullptr;
    if (TS->ObjectArg == -1)
      Object = storedTo(*CE);
    else if (TS->ObjectArg >= 0 && unsigned(TS->ObjectArg) < CE->getNumArgs())
      Object = resolve(CE->getArg(TS->ObjectArg));
    recordThreadStart(CE, TS->Name, CE->getArg(TS->EntryArg), Bound, Object);
    return true;
  }
  for (const ThreadStartSpec &Spec : Config.ExtraThreadStarts) {
    if (Callee->getQualifiedNameAsString() != Spec.Name &&
        Callee->getNameAsString() != Spec.Name)
      continue;
    if (Spec.EntryArg >= CE->getNumArgs())
      return true;
    llvm::SmallVector<std::pair<unsigned, const Expr *>, 1> Bound;
    if (Spec.ContextArg && *Spec.ContextArg < CE->getNumArgs())
      Bound.emplace_back(0, CE->getArg(*Spec.ContextArg));
    recordThreadStart(CE, Spec.Name, CE->getArg(Spec.EntryArg), Bound,
                      storedTo(*CE));
    return true;
  }
  // std::async, unless launched deferred: then it runs on get()/wait().
  if (Callee->getIdentifier() && Callee->getName() == "async" &&
      api::isInStd(*Callee) && CE->getNumArgs() > 0) {
    unsigned First = 0;
    const Expr *Policy = CE->getArg(0)->IgnoreParenImpCasts();
    if (Policy->getType()->isEnumeralType()) {
      if (const auto *DRE = dyn_cast<DeclRefExpr>(Policy))
        if (DRE->getDecl()->getNameAsString() == "deferred")
          return true;
      First = 1;
    }
    if (First >= CE->getNumArgs())
      return true;
    llvm::SmallVector<std::pair<unsigned, const Expr *>, 2> Bound;
    for (unsigned I = First + 1, N = CE->getNumArgs(); I < N; ++I)
      Bound.emplace_back(I - First - 1, CE->getArg(I));
    recordThreadStart(CE, api::spelling(api::Spelling::StdAsync),
                      CE->getArg(First), Bound, storedTo(*CE));
    return true;
  }

  if (const api::ThreadWait *TW = api::lookupThreadWait(*Callee)) {
    auto ArgValue = [&](int I) -> std::optional<llvm::APSInt> {
      if (I < 0 || unsigned(I) >= CE->getNumArgs())
        return std::nullopt;
      return evaluateInt(*CE->getArg(I)->IgnoreParenCasts(), Ctx);
    };
    bool Orders = true, Timed = false;
    switch (TW->Kind) {
    case api::WaitKind::Infinite: {
      auto V = ArgValue(TW->KindArg);
      Timed = !V || V->getZExtValue() != api::constant(api::Constant::Infinite);
      break;
    }
    case api::WaitKind::WaitAll: {
      auto All = ArgValue(TW->KindArg);
      auto Count = ArgValue(0);
      auto Timeout = ArgValue(TW->KindArg + 1);
      Orders = ((All && !All->isZero()) || (Count && *Count == 1));
      Timed = !Timeout ||
              Timeout->getZExtValue() != api::constant(api::Constant::Infinite);
      break;
    }
    case api::WaitKind::Always:
      break;
    case api::WaitKind::InvalidHandleValue: {
      auto V = ArgValue(TW->KindArg);
      Orders = V && V->isAllOnes();
      break;
    }
    }
    if (Orders && unsigned(TW->ObjectArg) < CE->getNumArgs()) {
      const Expr *Obj = CE->getArg(TW->ObjectArg)->IgnoreParenCasts();
      // WaitForMultipleObjects(n, handles, ...): every element of an array
      // initialised in place.
      const auto *DRE = dyn_cast<DeclRefExpr>(Obj);
      const auto *Arr = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
      if (Arr && Arr->getType()->isArrayType() && Arr->getInit()) {
        if (const auto *IL = dyn_cast<InitListExpr>(Arr->getInit()))
          for (const Expr *Init : IL->inits())
            if (HandleKey K = resolve(Init))
              Joins.push_back({CE, Fn, K, Timed});
      } else if (HandleKey K = resolve(Obj)) {
        Joins.push_back({CE, Fn, K, Timed});
      }
    }
    return true;
  }
  for (const ThreadJoinSpec &Spec : Config.ExtraThreadJoins)
    if (Callee->getNameAsString() == Spec.Name ||
        Callee->getQualifiedNameAsString() == Spec.Name) {
      const Expr *Obj = nullptr;
      if (const auto *MCE = dyn_cast<CXXMemberCallExpr>(CE))
        Obj = MCE->getImplicitObjectArgument();
      else if (Spec.ObjectArg < CE->getNumArgs())
        Obj = CE->getArg(Spec.ObjectArg);
      if (HandleKey K = resolve(Obj))
        Joins.push_back({CE, Fn, K, false});
      return true;
    }

  if (const auto *MCE = dyn_cast<CXXMemberCallExpr>(CE)) {
    const Expr *Obj = MCE->getImplicitObjectArgument();
    // Seen through derived-to-base casts: future::wait is a base's member.
    const QualType ObjT =
        Obj ? Obj->IgnoreParenImpCasts()->getType() : QualType();
    const llvm::StringRef Method =
        Callee->getIdentifier() ? Callee->getName() : llvm::StringRef();
    const bool ThreadLike =
        typeIsNamed(ObjT, api::spelling(api::Spelling::StdThread)) ||
        typeIsNamed(ObjT, api::spelling(api::Spelling::StdJThread)) ||
        typeIsNamed(ObjT, api::spelling(api::Spelling::StdFuture)) ||
        typeIsNamed(ObjT, api::spelling(api::Spelling::StdSharedFuture));
    if (ThreadLike) {
      if (Method == "join" || Method == "get" || Method == "wait")
        if (HandleKey K = resolve(Obj))
          Joins.push_back({CE, Fn, K, false});
      if (Method == "wait_for" || Method == "wait_until")
        if (HandleKey K = resolve(Obj))
          Joins.push_back({CE, Fn, K, true});
      return true;
    }
    // Filtered once every destructor has been seen.
    if (Method == "reset") {
      Resets.emplace_back(MCE, Fn);
      return true;
    }
    if ((Method == "wait" || Method == "wait_for" || Method == "wait_until") &&
        typeIsNamed(ObjT, api::spelling(api::Spelling::StdConditionVariable)))
      if (HandleKey K = resolve(Obj))
        Joins.push_back({CE, Fn, K, false});
    if (Method == "store" || Method == "exchange" ||
        Method.starts_with("fetch_") || Method == "notify_one" ||
        Method == "notify_all")
      Writes.emplace_back(Fn, Obj);
  }
  if (api::isWin32Function(*Callee, api::Win32Function::SetEvent) &&
      CE->getNumArgs() == 1)
    Writes.emplace_back(Fn, CE->getArg(0));

  if (const FunctionDecl *Def = Callee->getDefinition())
    if (!Def->isDependentContext())
      Edges.push_back({CE, Fn, canonical(Callee)});
  return true;
}

// The handle argument of an API call that closes or blocks, as \p Kind asks.
const Expr *Model::handleOf(const RawApiCall &Call, EventKind Kind) const {
  const unsigned Trait =
      Kind == EventKind::Close ? Config.CloseTrait : Config.BlockTrait;
  if (!(Call.Api->Traits & Trait) || Call.Api->HandleArg < 0 ||
      unsigned(Call.Api->HandleArg) >= Call.Call->getNumArgs())
    return nullptr;
  return Call.Call->getArg(Call.Api->HandleArg);
}

// Bottom-up: what each function does to its parameters, directly or by
// passing them to helpers, until nothing changes.
void Model::summariseParams() {
  auto ParamIndex = [](HandleKey K, const FunctionDecl *Fn) -> int {
    const auto *PVD = dyn_cast_or_null<ParmVarDecl>(K);
    if (!PVD || canonical(dyn_cast<FunctionDecl>(PVD->getDeclContext())) != Fn)
      return -1;
    return static_cast<int>(PVD->getFunctionScopeIndex());
  };
  auto Add = [&](const FunctionDecl *Fn, ParamEffect E) {
    auto &List = Effects[Fn];
    for (const ParamEffect &Old : List)
      if (Old.Kind == E.Kind && Old.Param == E.Param)
        return false;
    List.push_back(std::move(E));
    return true;
  };
  for (const RawApiCall &Call : ApiCalls) {
    for (EventKind Kind : {EventKind::Close, EventKind::Block}) {
      const Expr *Handle = handleOf(Call, Kind);
      if (!Handle)
        continue;
      int Index = ParamIndex(resolve(Handle), Call.Fn);
      if (Index >= 0)
        Add(Call.Fn, {Kind,
                      unsigned(Index),
                      Call.Call,
                      Call.Api->Name.str(),
                      {{Call.Call, Call.Api->Name.str()}}});
    }
  }
  bool Changed = true;
  for (unsigned Round = 0; Changed && Round < 16; ++Round) {
    Changed = false;
    for (const CallEdge &E : Edges) {
      auto It = Effects.find(E.Callee);
      if (It == Effects.end())
        continue;
      const llvm::SmallVector<ParamEffect, 2> CalleeEffects = It->second;
      for (const ParamEffect &CE : CalleeEffects) {
        if (CE.Param >= E.Call->getNumArgs())
          continue;
        int Index = ParamIndex(resolve(E.Call->getArg(CE.Param)), E.Caller);
        if (Index < 0)
          continue;
        ParamEffect New{CE.Kind, unsigned(Index), CE.ApiCall, CE.Api, {}};
        New.Chain.push_back({E.Call, E.Callee->getNameAsString()});
        New.Chain.append(CE.Chain.begin(), CE.Chain.end());
        Changed |= Add(E.Caller, std::move(New));
      }
    }
  }
}

void Model::collectEvents() {
  auto Push = [&](EventKind Kind, HandleKey Key, const FunctionDecl *Fn,
                  const Expr *Site, std::string Callee, const Expr *Handle,
                  std::string Api, llvm::ArrayRef<ChainStep> Chain, int Bound) {
    if (!Key)
      return;
    Event E{Kind,
            Key,
            Fn,
            Site,
            std::move(Callee),
            text(Handle),
            std::move(Api),
            {},
            Bound,
            nullptr,
            nullptr};
    E.Chain.append(Chain.begin(), Chain.end());
    Events.push_back(std::move(E));
  };
  for (const RawApiCall &Call : ApiCalls)
    for (EventKind Kind : {EventKind::Close, EventKind::Block}) {
      const Expr *Handle = handleOf(Call, Kind);
      if (!Handle)
        continue;
      Push(Kind, resolve(Handle), Call.Fn, Call.Call, Call.Api->Name.str(),
           Handle, Call.Api->Name.str(), {}, -1);
    }
  for (const CallEdge &E : Edges) {
    auto It = Effects.find(E.Callee);
    if (It == Effects.end())
      continue;
    for (const ParamEffect &PE : It->second) {
      if (PE.Param >= E.Call->getNumArgs())
        continue;
      const Expr *Handle = E.Call->getArg(PE.Param);
      Push(PE.Kind, resolve(Handle), E.Caller, E.Call,
           E.Callee->getNameAsString(), Handle, PE.Api, PE.Chain, -1);
    }
  }
  for (unsigned T = 0; T < Threads.size(); ++T) {
    const ThreadRoot &Root = Threads[T];
    auto It = Effects.find(Root.Entry);
    if (It == Effects.end())
      continue;
    for (const auto &[Param, Arg] : Root.Bound)
      for (const ParamEffect &PE : It->second)
        if (PE.Param == Param)
          Push(PE.Kind, resolve(Arg), Root.Entry, Root.Start, Root.StartName,
               Arg, PE.Api, PE.Chain, static_cast<int>(T));
  }
  if (Config.CloseTrait & api::ClosesHandle)
    collectRaiiEvents();
}

// RAII owners close in reset() and when their owner is destroyed.
void Model::collectRaiiEvents() {
  for (const auto &[Call, Fn] : Resets) {
    const Expr *Obj = Call->getImplicitObjectArgument();
    if (!isRaiiType(Obj->getType()))
      continue;
    if (HandleKey K = resolve(Obj)) {
      Event E{EventKind::Close, K,  Fn, Call, "reset",
              text(Obj),        "", {}, -1,   nullptr,
              nullptr};
      Events.push_back(std::move(E));
    }
  }
  for (const CXXRecordDecl *RD : Records) {
    const CXXDestructorDecl *Dtor = RD->getDestructor();
    for (const FieldDecl *Field : RD->fields()) {
      if (!isRaiiType(Field->getType()))
        continue;
      // The destructor's body runs first, then the fields are destroyed in
      // reverse order: the event belongs to the destructor.
      const FunctionDecl *Fn = nullptr;
      if (Dtor) {
        const FunctionDecl *Def = nullptr;
        if (Dtor->hasBody(Def))
          Fn = canonical(Def);
      }
      Event E{EventKind::Close,
              Field->getCanonicalDecl(),
              Fn,
              nullptr,
              "~" + RD->getNameAsString(),
              Field->getNameAsString(),
              "",
              {},
              -1,
              RD,
              Field};
      Events.push_back(std::move(E));
    }
  }
}

void Model::computeContexts() {
  llvm::DenseSet<const FunctionDecl *> Known(Functions.begin(),
                                             Functions.end());
  for (unsigned I = 0; I < Edges.size(); ++I) {
    CallsFrom[Edges[I].Caller].push_back(I);
    CallersOf[Edges[I].Callee].push_back(I);
  }
  auto Reach = [&](const FunctionDecl *Root, auto &&OnVisit) {
    llvm::SmallVector<const FunctionDecl *, 16> Work{Root};
    llvm::SmallPtrSet<const FunctionDecl *, 16> Seen{Root};
    while (!Work.empty()) {
      const FunctionDecl *F = Work.pop_back_val();
      OnVisit(F);
      for (unsigned I : CallsFrom.lookup(F))
        if (Seen.insert(Edges[I].Callee).second)
          Work.push_back(Edges[I].Callee);
    }
  };
  llvm::SmallPtrSet<const FunctionDecl *, 8> Entries;
  for (unsigned T = 0; T < Threads.size(); ++T) {
    Entries.insert(Threads[T].Entry);
    Reach(Threads[T].Entry, [&](const FunctionDecl *F) {
      llvm::BitVector &Bits = ThreadsOf[F];
      Bits.resize(Threads.size());
      Bits.set(T);
    });
  }
  for (const FunctionDecl *Cb : Callbacks)
    Reach(Cb, [&](const FunctionDecl *F) {
      InCallback.insert(F);
      CallbacksReaching[F].insert(Cb);
    });
  for (const FunctionDecl *F : Functions) {
    if (CallersOf.count(F) || Entries.count(F) || Callbacks.count(F))
      continue;
    // A lambda runs where the function that creates it runs.
    if (EnclosingFn.count(F) && !InMain.count(EnclosingFn.lookup(F)) &&
        !ThreadsOf.count(EnclosingFn.lookup(F)))
      continue;
    Reach(F, [&](const FunctionDecl *G) { InMain.insert(G); });
  }
  for (const FunctionDecl *F : Functions) {
    std::string Word;
    if (isCancelFunction(F, &Word))
      Reach(F, [&](const FunctionDecl *G) {
        CancelReach.try_emplace(G, F, Word);
      });
  }
}

// Builds the indexes the queries use; after the traversal and the contexts.
void Model::indexFacts() {
  for (unsigned I = 0; I < Joins.size(); ++I)
    JoinsByFn[Joins[I].Fn].push_back(I);
  for (const auto &[Cb, Handles] : CallbackHandles)
    for (HandleKey K : Handles)
      CallbacksOn[K].push_back(Cb);
  for (const auto &[Fn, Written] : Writes) {
    auto It = CallbacksReaching.find(Fn);
    if (It == CallbacksReaching.end())
      continue;
    if (HandleKey K = resolve(Written))
      for (const FunctionDecl *Cb : It->second)
        WrittenUnder[Cb].push_back(K);
  }
}

llvm::ArrayRef<unsigned> Model::joinsIn(const FunctionDecl *Fn) const {
  auto It = JoinsByFn.find(Fn);
  if (It == JoinsByFn.end())
    return {};
  return It->second;
}

bool Model::onlyInCallbacks(const FunctionDecl *FD) const {
  return FD &&
         (Callbacks.count(FD) ||
          (InCallback.count(FD) && !InMain.count(FD) && !ThreadsOf.count(FD)));
}

// `Cond` reads one of `Keys` so that it is true when the key was set:
// `seen`, `seen && x`, `seen.load()`, `seen == true`; not `!seen`.
bool Model::positivelyReads(const Expr *Cond,
                            const llvm::DenseSet<HandleKey> &Keys) const {
  Cond = Cond->IgnoreParenImpCasts();
  if (const auto *BO = dyn_cast<BinaryOperator>(Cond)) {
    if (BO->getOpcode() == BO_LAnd)
      return positivelyReads(BO->getLHS(), Keys) ||
             positivelyReads(BO->getRHS(), Keys);
    if (BO->getOpcode() == BO_EQ || BO->getOpcode() == BO_NE) {
      std::optional<llvm::APSInt> Other = evaluateInt(*BO->getRHS(), Ctx);
      if (!Other)
        return false;
      const bool Set = (BO->getOpcode() == BO_EQ) != Other->isZero();
      return Set && positivelyReads(BO->getLHS(), Keys);
    }
    return false;
  }
  if (const auto *MCE = dyn_cast<CXXMemberCallExpr>(Cond))
    return MCE->getMethodDecl() && MCE->getMethodDecl()->getIdentifier() &&
           MCE->getMethodDecl()->getName() == "load" &&
           Keys.count(resolve(MCE->getImplicitObjectArgument()));
  if (isa<DeclRefExpr, MemberExpr, CXXMemberCallExpr>(Cond))
    return Keys.count(resolve(Cond));
  return false;
}

bool Model::gatedByCallback(const Event &Close) const {
  // The callbacks registered on the handle or on one of its parents
  // (callbacks are inherited by the handles created from a handle); one
  // registered on a handle the model cannot name is given the benefit of the
  // doubt.
  llvm::SmallPtrSet<const FunctionDecl *, 4> Relevant;
  auto AddRegisteredOn = [&](HandleKey K) {
    auto It = CallbacksOn.find(K);
    if (It != CallbacksOn.end())
      Relevant.insert(It->second.begin(), It->second.end());
  };
  AddRegisteredOn(nullptr);
  AddRegisteredOn(Close.Key);
  for (HandleKey Parent : ancestorsOf(Close.Key))
    AddRegisteredOn(Parent);
  if (Relevant.empty())
    return false;
  if (onlyInCallbacks(Close.Fn) &&
      llvm::any_of(CallbacksReaching.lookup(Close.Fn),
                   [&](const FunctionDecl *Cb) { return Relevant.count(Cb); }))
    return true;
  if (Config.StrictCallbackGating || !Close.Site)
    return false;
  // State that those callbacks write, signal or notify.
  llvm::DenseSet<HandleKey> CallbackWritten;
  for (const FunctionDecl *Cb : Relevant) {
    auto It = WrittenUnder.find(Cb);
    if (It != WrittenUnder.end())
      CallbackWritten.insert(It->second.begin(), It->second.end());
  }
  // A test of state that a status callback sets, on the path to the close.
  DynTypedNode Node = DynTypedNode::create(*Close.Site);
  while (true) {
    DynTypedNode P = parent(Node);
    const auto *S = P.get<Stmt>();
    if (!S)
      break;
    if (const auto *If = dyn_cast<IfStmt>(S))
      if (If->getThen() == Node.get<Stmt>() &&
          positivelyReads(If->getCond(), CallbackWritten))
        return true;
    Node = P;
  }
  // A wait for an event that a status callback signals, or on a condition
  // variable it notifies, before the close.
  for (unsigned I : joinsIn(Close.Fn)) {
    const Join &J = Joins[I];
    if (CallbackWritten.count(J.Object) &&
        joinDominates({J.S, J.Fn, J.Object, false}, Close.Site))
      return true;
  }
  return false;
}

// Whether the join \p J has returned on every path to \p Site: it is a
// statement (or the condition of an if, or inside `if (t.joinable())`) that
// comes before the statement holding Site in a compound statement around
// both. A timed wait orders only the branch where it reported completion.
bool Model::joinDominates(const Join &J, const Stmt *Site) const {
  DynTypedNode Node = DynTypedNode::create(*J.S);
  const CompoundStmt *Block = nullptr;
  const Stmt *Before = nullptr;
  while (!Block) {
    DynTypedNode P = parent(Node);
    const auto *S = P.get<Stmt>();
    const Stmt *Cur = Node.get<Stmt>();
    if (!S || !Cur)
      return false;
    if (const auto *CS = dyn_cast<CompoundStmt>(S)) {
      Block = CS;
      Before = Cur;
      break;
    }
    if (const auto *If = dyn_cast<IfStmt>(S)) {
      if (If->getCond() == Cur) {
        if (J.Timed) {
          // `if (wait(...) == WAIT_OBJECT_0)` or `==
          // std::future_status::ready`.
          const auto *Cmp =
              dyn_cast<BinaryOperator>(If->getCond()->IgnoreParenImpCasts());
          if (!Cmp || Cmp->getOpcode() != BO_EQ)
            return false;
          const Expr *Other = Cmp->getRHS()->IgnoreParenImpCasts();
          std::optional<llvm::APSInt> Value = evaluateInt(*Other, Ctx);
          const bool Ready =
              (isa<DeclRefExpr>(Other) &&
               cast<DeclRefExpr>(Other)->getDecl()->getNameAsString() ==
                   "ready") ||
              (Value && Value->getZExtValue() ==
                            api::constant(api::Constant::WaitObject0));
          if (!Ready)
            return false;
          DynTypedNode In = DynTypedNode::create(*Site);
          for (unsigned Guard = 0; Guard < 64; ++Guard) {
            if (In.get<Stmt>() == If->getThen())
              return true;
            In = parent(In);
            if (In.getNodeKind().isNone())
              return false;
          }
          return false;
        }
        Node = P;
        continue;
      }
      // `if (t.joinable()) t.join();` leaves no thread running either way.
      const auto *Cond =
          dyn_cast<CXXMemberCallExpr>(If->getCond()->IgnoreParenImpCasts());
      if (If->getThen() == Cur && Cond && Cond->getMethodDecl() &&
          Cond->getMethodDecl()->getIdentifier() &&
          Cond->getMethodDecl()->getName() == "joinable") {
        Node = P;
        continue;
      }
      return false;
    }
    if (isa<Expr>(S)) {
      Node = P;
      continue;
    }
    return false;
  }
  // Site is the block itself: the join runs before the block ends.
  if (Site == Block)
    return true;
  // Site must be inside Block, in a statement after Before.
  const Stmt *Child = childIn(Block, Site);
  return Child && Child != Before && comesBefore(Block, Before, Child);
}

// A local std::jthread, or a future from std::async, waits for its thread
// in its destructor: a close after the end of its block is ordered.
bool Model::destroyedBefore(HandleKey Object, const Stmt *Site) const {
  const auto *Local = dyn_cast_or_null<VarDecl>(Object);
  if (!Local || !Site || !Local->hasLocalStorage() ||
      !(typeIsNamed(Local->getType(),
                    api::spelling(api::Spelling::StdJThread)) ||
        typeIsNamed(Local->getType(), api::spelling(api::Spelling::StdFuture))))
    return false;
  DynTypedNode Node = DynTypedNode::create(*Local);
  const CompoundStmt *Scope = nullptr;
  for (unsigned Guard = 0; Guard < 64 && !Scope; ++Guard) {
    Node = parent(Node);
    if (Node.getNodeKind().isNone())
      return false;
    Scope = Node.get<CompoundStmt>();
  }
  if (!Scope)
    return false;
  const SourceManager &SM = Ctx.getSourceManager();
  return SM.isBeforeInTranslationUnit(Scope->getRBracLoc(),
                                      Site->getBeginLoc());
}

bool Model::orderedAfter(const Stmt *Site, const FunctionDecl *Fn,
                         const ThreadRoot &T, unsigned Depth) const {
  const HandleKey Object = T.Object;
  if (!Fn || Depth > 4)
    return false;
  // Where the thread is started, and waited for before the function returns
  // (so no thread of an earlier call is left): a site before the start, or
  // on the path where starting it failed, runs while no thread does.
  if (Fn == T.StartFn && Site && joinedBeforeReturn(T) &&
      (runsBeforeStart(Site, T) || startFailed(Site, T)))
    return true;
  if (!Object)
    return false;
  if (destroyedBefore(Object, Site))
    return true;
  for (unsigned I : joinsIn(Fn))
    if (Joins[I].Object == Object && Site && joinDominates(Joins[I], Site))
      return true;
  // A call to a helper that joins, such as `wait()`.
  for (unsigned I : CallsFrom.lookup(Fn)) {
    const CallEdge &E = Edges[I];
    // The helper joins at the top level of its body: on every path.
    bool HelperJoins = false;
    for (unsigned I : joinsIn(E.Callee)) {
      const Join &J = Joins[I];
      if (J.Object == Object && !J.Timed && E.Callee->getBody() &&
          joinDominates(J, E.Callee->getBody()))
        HelperJoins = true;
    }
    if (HelperJoins && Site && joinDominates({E.Call, Fn, Object, false}, Site))
      return true;
  }
  // Every caller orders its call.
  if (!Site || InMain.count(Fn) == 0 || CancelReach.count(Fn))
    return false;
  auto Callers = CallersOf.lookup(Fn);
  if (Callers.empty())
    return false;
  return llvm::all_of(Callers, [&](unsigned I) {
    return orderedAfter(Edges[I].Call, Edges[I].Caller, T, Depth + 1);
  });
}

// The function that starts the thread waits for it at the top level of its
// body, untimed: the thread does not outlive a call of that function.
bool Model::joinedBeforeReturn(const ThreadRoot &T) const {
  if (!T.Object || !T.StartFn || !T.StartFn->getBody())
    return false;
  return llvm::any_of(joinsIn(T.StartFn), [&](unsigned I) {
    const Join &J = Joins[I];
    return J.Object == T.Object && !J.Timed &&
           joinDominates(J, T.StartFn->getBody());
  });
}

// Site runs before the thread starts: both are in the starting function,
// Site in an earlier statement of a block that holds the start, and no loop
// runs the start again after Site.
bool Model::runsBeforeStart(const Stmt *Site, const ThreadRoot &T) const {
  if (!T.Start || insideLoop(T.Start))
    return false;
  DynTypedNode Node = DynTypedNode::create(*T.Start);
  for (unsigned Guard = 0; Guard < 256; ++Guard) {
    DynTypedNode P = enclosingStmt(Node);
    const Stmt *PS = P.get<Stmt>();
    if (!PS || isa<LambdaExpr>(PS))
      return false;
    if (const auto *Block = dyn_cast<CompoundStmt>(PS))
      if (const Stmt *SiteChild = childIn(Block, Site))
        return comesBefore(Block, SiteChild, Node.get<Stmt>());
    Node = P;
  }
  return false;
}

// Site is in the branch taken when starting the thread failed:
// `if (!Thread)`, `if (Thread == NULL)` after `Thread = CreateThread(...)`.
bool Model::startFailed(const Stmt *Site, const ThreadRoot &T) const {
  if (!T.Object || !T.Start)
    return false;
  // In a loop the object may still hold a thread started before.
  if (insideLoop(T.Start))
    return false;
  const SourceManager &SM = Ctx.getSourceManager();
  auto IsThreadObject = [&](const Expr *E) {
    const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
    return Ref && resolve(Ref) == T.Object;
  };
  auto IsNull = [&](const Expr *E) {
    return E->IgnoreParenImpCasts()->isNullPointerConstant(
               Ctx, Expr::NPC_ValueDependentIsNotNull) != Expr::NPCK_NotNull;
  };
  DynTypedNode In = DynTypedNode::create(*Site);
  for (unsigned Guard = 0; Guard < 256; ++Guard) {
    DynTypedNode P = enclosingStmt(In);
    const Stmt *PS = P.get<Stmt>();
    if (!PS)
      return false;
    const auto *If = dyn_cast<IfStmt>(PS);
    if (If && If->getThen() == In.get<Stmt>() &&
        SM.isBeforeInTranslationUnit(T.Start->getEndLoc(), If->getBeginLoc())) {
      const Expr *Cond = If->getCond()->IgnoreParenImpCasts();
      if (const auto *Not = dyn_cast<UnaryOperator>(Cond))
        if (Not->getOpcode() == UO_LNot && IsThreadObject(Not->getSubExpr()))
          return true;
      if (const auto *Cmp = dyn_cast<BinaryOperator>(Cond))
        if (Cmp->getOpcode() == BO_EQ &&
            ((IsThreadObject(Cmp->getLHS()) && IsNull(Cmp->getRHS())) ||
             (IsNull(Cmp->getLHS()) && IsThreadObject(Cmp->getRHS()))))
          return true;
    }
    In = P;
  }
  return false;
}

llvm::SmallPtrSet<HandleKey, 4>
Model::locksAt(const Stmt *S, const FunctionDecl *Fn, unsigned Depth) const {
  llvm::SmallPtrSet<HandleKey, 4> Held;
  if (!S)
    return Held;
  DynTypedNode Node = DynTypedNode::create(*S);
  while (true) {
    DynTypedNode P = parent(Node);
    const Stmt *PS = P.get<Stmt>();
    if (!PS)
      break;
    if (const auto *CS = dyn_cast<CompoundStmt>(PS)) {
      llvm::SmallPtrSet<HandleKey, 4> Here;
      for (const Stmt *Child : CS->body()) {
        if (Child == Node.get<Stmt>())
          break;
        if (const auto *DS = dyn_cast<DeclStmt>(Child)) {
          for (const Decl *D : DS->decls())
            if (const auto *VD = dyn_cast<VarDecl>(D))
              if ((typeIsNamed(VD->getType(),
                               api::spelling(api::Spelling::StdLockGuard)) ||
                   typeIsNamed(VD->getType(),
                               api::spelling(api::Spelling::StdUniqueLock)) ||
                   typeIsNamed(VD->getType(),
                               api::spelling(api::Spelling::StdScopedLock))) &&
                  VD->getInit())
                if (const auto *CE = dyn_cast<CXXConstructExpr>(
                        VD->getInit()->IgnoreImplicit()))
                  for (const Expr *Arg : CE->arguments())
                    if (HandleKey K = resolve(Arg))
                      Here.insert(K);
          continue;
        }
        const auto *Call = dyn_cast<CallExpr>(Child->IgnoreContainers());
        if (!Call || !Call->getDirectCallee())
          continue;
        if (const api::LockFunction *LF =
                api::lookupLockFunction(*Call->getDirectCallee())) {
          if (unsigned(LF->Arg) < Call->getNumArgs())
            if (HandleKey K = resolve(Call->getArg(LF->Arg))) {
              if (LF->Acquires)
                Here.insert(K);
              else
                Here.erase(K);
            }
        } else if (const auto *MCE = dyn_cast<CXXMemberCallExpr>(Call)) {
          llvm::StringRef M = MCE->getMethodDecl()->getIdentifier()
                                  ? MCE->getMethodDecl()->getName()
                                  : "";
          if (HandleKey K = resolve(MCE->getImplicitObjectArgument())) {
            if (M == "lock")
              Here.insert(K);
            else if (M == "unlock")
              Here.erase(K);
          }
        }
      }
      Held.insert(Here.begin(), Here.end());
    }
    Node = P;
  }
  // Locks that every caller holds around its call.
  if (Depth < 3 && !CallersOf.lookup(Fn).empty()) {
    std::optional<llvm::SmallPtrSet<HandleKey, 4>> Common;
    for (unsigned I : CallersOf.lookup(Fn)) {
      auto AtCall = locksAt(Edges[I].Call, Edges[I].Caller, Depth + 1);
      if (!Common) {
        Common = AtCall;
        continue;
      }
      llvm::SmallPtrSet<HandleKey, 4> Both;
      for (HandleKey K : *Common)
        if (AtCall.count(K))
          Both.insert(K);
      Common = Both;
    }
    if (Common)
      Held.insert(Common->begin(), Common->end());
  }
  return Held;
}

std::optional<SessionMode>
Model::modeOf(HandleKey K, llvm::SmallPtrSetImpl<HandleKey> &Seen) const {
  // nullopt: asynchronous.
  if (!K || !Seen.insert(K).second)
    return SessionMode{SessionMode::Kind::Unknown, nullptr};
  auto It = Creations.find(K);
  if (It == Creations.end())
    return SessionMode{SessionMode::Kind::Unknown, nullptr};
  std::optional<SessionMode> Result;
  bool AnyUnknown = false;
  for (const Creation &C : It->second) {
    std::optional<SessionMode> M = modeOfCall(C.Call, C.Parent, Seen);
    if (!M)
      return std::nullopt;
    if (M->K == SessionMode::Kind::Unknown)
      AnyUnknown = true;
    else if (!Result)
      Result = M;
  }
  if (AnyUnknown || !Result)
    return SessionMode{SessionMode::Kind::Unknown, nullptr};
  return Result;
}

std::optional<SessionMode>
Model::modeOfCall(const CallExpr *Call, HandleKey Parent,
                  llvm::SmallPtrSetImpl<HandleKey> &Seen) const {
  const api::Function *Api = Call ? apiOf(*Call) : nullptr;
  if (!Api)
    return SessionMode{SessionMode::Kind::Unknown, nullptr};
  if (!Parent && Api->ParentArg >= 0 &&
      unsigned(Api->ParentArg) < Call->getNumArgs())
    Parent = resolve(Call->getArg(Api->ParentArg));
  {
    std::optional<SessionMode> M;
    struct {
      const CallExpr *Call;
      HandleKey Parent;
    } C{Call, Parent};
    if (Api->Name == "WinHttpOpen") {
      const Expr *Flags =
          C.Call->getNumArgs() > 4 ? C.Call->getArg(4) : nullptr;
      // A local initialised with a constant: `DWORD flags = ...;`.
      if (Flags)
        if (const auto *DRE =
                dyn_cast<DeclRefExpr>(Flags->IgnoreParenImpCasts()))
          if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
            if (VD->getInit() && !VD->getType()->isReferenceType())
              Flags = VD->getInit();
      std::optional<llvm::APSInt> Value =
          Flags ? evaluateInt(*Flags, Ctx) : std::nullopt;
      if (!Value) {
        M = SessionMode{SessionMode::Kind::Unknown, nullptr};
      } else if (Value->getZExtValue() &
                 api::constant(api::Constant::FlagAsync)) {
        return std::nullopt;
      } else {
        M = SessionMode{SessionMode::Kind::Synchronous, C.Call};
      }
    } else if (const CallExpr *Nested = nestedCall(*C.Call, Api->ParentArg)) {
      M = modeOfCall(Nested, nullptr, Seen);
    } else {
      M = modeOf(C.Parent, Seen);
    }
    return M;
  }
}

llvm::SmallVector<HandleKey, 4> Model::ancestorsOf(HandleKey Child) const {
  llvm::SmallVector<HandleKey, 4> Result;
  llvm::SmallPtrSet<HandleKey, 8> Seen{Child};
  llvm::SmallVector<HandleKey, 8> Work{Child};
  auto AddParentOf = [&](const CallExpr *Call, HandleKey Parent, auto &&Self,
                         unsigned Depth) -> void {
    const api::Function *Api = Call ? apiOf(*Call) : nullptr;
    if (!Parent && Depth < 4 && Api) {
      if (const CallExpr *Nested = nestedCall(*Call, Api->ParentArg)) {
        Self(Nested, nullptr, Self, Depth + 1);
        return;
      }
      if (Api->ParentArg >= 0 && unsigned(Api->ParentArg) < Call->getNumArgs())
        Parent = resolve(Call->getArg(Api->ParentArg));
    }
    if (Parent && Seen.insert(Parent).second) {
      Result.push_back(Parent);
      Work.push_back(Parent);
    }
  };
  while (!Work.empty()) {
    auto It = Creations.find(Work.pop_back_val());
    if (It == Creations.end())
      continue;
    for (const Creation &C : It->second)
      AddParentOf(C.Call, C.Parent, AddParentOf, 0);
  }
  return Result;
}

std::optional<Concurrency> Model::concurrency(const Event &Close,
                                              const Event &Block) const {
  auto ThreadsFor = [&](const Event &E) {
    llvm::BitVector Bits(Threads.size());
    if (E.BoundThread >= 0)
      Bits.set(E.BoundThread);
    else if (E.Fn && ThreadsOf.count(E.Fn))
      Bits |= ThreadsOf.lookup(E.Fn);
    return Bits;
  };
  auto InMainFor = [&](const Event &E) {
    return E.BoundThread < 0 && (!E.Fn || InMain.count(E.Fn));
  };
  const llvm::BitVector CT = ThreadsFor(Close), BT = ThreadsFor(Block);
  const bool CMain = InMainFor(Close), BMain = InMainFor(Block);
  auto EntryName = [&](const ThreadRoot &R) {
    if (const auto *MD = dyn_cast<CXXMethodDecl>(R.Entry))
      if (MD->getParent()->isLambda())
        return std::string("the lambda");
    return "'" + R.Entry->getNameAsString() + "'";
  };
  auto OnThread = [&](unsigned T, bool BlockingOnThread) {
    return Concurrency{Concurrency::Kind::ThreadStart,
                       Threads[T].Start,
                       Threads[T].StartName,
                       EntryName(Threads[T]),
                       BlockingOnThread,
                       nullptr,
                       ""};
  };
  // The blocking call runs on thread T, the close elsewhere.
  for (unsigned T : BT.set_bits()) {
    llvm::BitVector Others = CT;
    Others.reset(T);
    if (!CMain && Others.none())
      continue;
    if (!scopedThreadReaches(Threads[T], Close.Fn))
      continue;
    const Stmt *At = Close.Site;
    if (!At && Close.Fn)
      At = Close.Fn->getBody();
    if (Close.ImplicitDtorOf) {
      // Fields die after the destructor body: a join anywhere at its top
      // level orders them.
      const Stmt *Body = Close.Fn ? Close.Fn->getBody() : nullptr;
      bool Joined = false;
      if (const auto *CS = dyn_cast_or_null<CompoundStmt>(Body))
        for (unsigned I : joinsIn(Close.Fn)) {
          const Join &J = Joins[I];
          if (J.Object == Threads[T].Object && !J.Timed &&
              parent(DynTypedNode::create(*J.S)).get<Stmt>() == CS)
            Joined = true;
        }
      // A std::jthread field declared after the owner is destroyed first.
      if (const auto *Field = dyn_cast_or_null<FieldDecl>(Threads[T].Object))
        if (Field->getParent() == Close.RaiiMember->getParent() &&
            typeIsNamed(Field->getType(),
                        api::spelling(api::Spelling::StdJThread)) &&
            Field->getFieldIndex() > Close.RaiiMember->getFieldIndex())
          Joined = true;
      if (Joined)
        continue;
    } else if (orderedAfter(At, Close.Fn, Threads[T], 0)) {
      continue;
    }
    return OnThread(T, /*BlockingOnThread=*/true);
  }
  // The close runs on thread T, the blocking call elsewhere.
  for (unsigned T : CT.set_bits()) {
    llvm::BitVector Others = BT;
    Others.reset(T);
    if (!BMain && Others.none())
      continue;
    return OnThread(T, /*BlockingOnThread=*/false);
  }
  // A canceller: made to be called while the request is in flight. When the
  // blocking call runs on threads of the TU, the loop above has already
  // found each of them ordered before the close (or not overlapping it).
  if (Close.Fn && BT.none()) {
    auto It = CancelReach.find(Close.Fn);
    if (It != CancelReach.end() && Block.Fn != Close.Fn &&
        Block.Fn != It->second.first)
      return Concurrency{Concurrency::Kind::CancelFunction,
                         nullptr,
                         "",
                         "",
                         true,
                         It->second.first,
                         It->second.second};
  }
  return std::nullopt;
}

// A thread held in a local variable and waited for before its starting
// function returns can only overlap that function and what it calls.
bool Model::scopedThreadReaches(const ThreadRoot &T,
                                const FunctionDecl *Fn) const {
  const auto *Local = dyn_cast_or_null<VarDecl>(T.Object);
  if (!Local || !Local->hasLocalStorage() || !T.StartFn ||
      !T.StartFn->getBody())
    return true;
  if (!joinedBeforeReturn(T))
    return true;
  llvm::SmallVector<const FunctionDecl *, 8> Work{T.StartFn};
  llvm::SmallPtrSet<const FunctionDecl *, 8> Seen{T.StartFn};
  while (!Work.empty()) {
    const FunctionDecl *F = Work.pop_back_val();
    if (F == Fn)
      return true;
    for (unsigned I : CallsFrom.lookup(F))
      if (Seen.insert(Edges[I].Callee).second)
        Work.push_back(Edges[I].Callee);
  }
  return false;
}

llvm::SmallVector<ChainStep, 4>
Model::callerChain(const FunctionDecl *From, const FunctionDecl *To) const {
  // Breadth-first over callers, from the close's function up to \p To.
  llvm::SmallVector<ChainStep, 4> Chain;
  if (!From || !To || From == To)
    return Chain;
  llvm::DenseMap<const FunctionDecl *, unsigned> Via;
  llvm::SmallVector<const FunctionDecl *, 8> Work{From};
  Via[From] = ~0U;
  for (size_t I = 0; I < Work.size() && !Via.count(To); ++I)
    for (unsigned E : CallersOf.lookup(Work[I]))
      if (Via.try_emplace(Edges[E].Caller, E).second)
        Work.push_back(Edges[E].Caller);
  if (!Via.count(To))
    return Chain;
  for (const FunctionDecl *F = To; F != From;) {
    const CallEdge &E = Edges[Via[F]];
    Chain.push_back({E.Call, E.Callee->getNameAsString()});
    F = E.Callee;
  }
  std::reverse(Chain.begin(), Chain.end());
  return Chain;
}

std::vector<RaceFinding> Model::run() {
  TraverseDecl(Ctx.getTranslationUnitDecl());
  summariseParams();
  collectEvents();
  computeContexts();
  indexFacts();

  llvm::DenseMap<HandleKey, llvm::SmallVector<unsigned, 4>> Blocks;
  for (unsigned I = 0; I < Events.size(); ++I)
    if (Events[I].Kind == EventKind::Block)
      Blocks[Events[I].Key].push_back(I);

  // Children of each key, for IncludeParentHandles.
  llvm::DenseMap<HandleKey, llvm::SmallVector<HandleKey, 2>> Children;
  if (Config.IncludeParentHandles)
    for (const auto &[Key, List] : Blocks)
      for (HandleKey Parent : ancestorsOf(Key))
        Children[Parent].push_back(Key);

  std::vector<RaceFinding> Findings;
  llvm::DenseSet<const void *> Reported;
  for (const Event &Close : Events) {
    if (Close.Kind != EventKind::Close || gatedByCallback(Close))
      continue;
    llvm::SmallVector<std::pair<HandleKey, bool>, 4> Keys{{Close.Key, false}};
    for (HandleKey Child : Children.lookup(Close.Key))
      Keys.push_back({Child, true});
    RaceFinding F;
    bool Found = false;
    for (const auto &[Key, IsChild] : Keys) {
      for (unsigned BI : Blocks.lookup(Key)) {
        const Event &Block = Events[BI];
        if (Block.Site == Close.Site)
          continue;
        std::optional<Concurrency> Why = concurrency(Close, Block);
        if (!Why)
          continue;
        auto CloseLocks = locksAt(Close.Site, Close.Fn, 0);
        auto BlockLocks = locksAt(Block.Site, Block.Fn, 0);
        if (llvm::any_of(CloseLocks,
                         [&](HandleKey L) { return BlockLocks.count(L); }))
          continue;
        if (!Found) {
          F.Why = *Why;
          F.ClosesParent = IsChild;
        }
        Found = true;
        F.Blocking.push_back(
            {Block.Site, Block.Callee, Block.Api, Block.Handle});
      }
      if (Found)
        break;
    }
    if (!Found)
      continue;
    if (Config.OnlySynchronous) {
      llvm::SmallPtrSet<HandleKey, 8> Seen;
      std::optional<SessionMode> Mode = modeOf(Close.Key, Seen);
      if (!Mode)
        continue;
      if (Mode->K == SessionMode::Kind::Unknown &&
          !Config.AssumeSyncWhenUnknown)
        continue;
      F.Mode = *Mode;
    } else {
      F.Mode = {SessionMode::Kind::Unknown, nullptr};
    }
    const void *Id = Close.Site ? static_cast<const void *>(Close.Site)
                                : static_cast<const void *>(Close.RaiiMember);
    if (!Reported.insert(Id).second)
      continue;
    F.Site = Close.Site;
    F.ImplicitDestructorOf = Close.ImplicitDtorOf;
    F.RaiiMember = Close.RaiiMember;
    F.Callee = Close.Callee;
    F.Handle = Close.Handle;
    F.CloseChain = Close.Chain;
    if (F.Why.K == Concurrency::Kind::CancelFunction)
      F.CallerChain = callerChain(Close.Fn, F.Why.CancelFn);
    const SourceManager &SM = Ctx.getSourceManager();
    llvm::sort(F.Blocking, [&](const RacingCall &A, const RacingCall &B) {
      return SM.isBeforeInTranslationUnit(A.Site->getBeginLoc(),
                                          B.Site->getBeginLoc());
    });
    Findings.push_back(std::move(F));
  }
  return Findings;
}

} // namespace

std::vector<RaceFinding> findCloseRaces(ASTContext &Ctx,
                                        const RaceConfig &Config) {
  Model M(Ctx, Config);
  return M.run();
}

} // namespace clang::tidy::winhttp::analysis
