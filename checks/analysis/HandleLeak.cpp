//===--- HandleLeak.cpp - WinHTTP handles not closed on some path ---------===//
//
// The classification of references and the borrow summaries of HandleLeak.h,
// and its entry point; the per-function CFG walk is in HandleLeakWalk.cpp.
//
//===----------------------------------------------------------------------===//

#include "HandleLeak.h"
#include "ExprUse.h"
#include "ForwardWalk.h"
#include "HandleLeakImpl.h"
#include "ThreadModel.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"

namespace clang::tidy::winhttp::analysis {

using namespace handleleak_detail;

/// Whether a call of \p Api on a handle is work that completes in the status
/// callback whatever the session's mode: the proxy queries that take a
/// context and report ERROR_IO_PENDING.
static bool alwaysAsync(const api::Function &Api) {
  return Api.has(api::TakesContext) && !Api.has(api::CreatesHandle) &&
         Api.Result == api::ResultKind::ErrorCode;
}

namespace handleleak_detail {

/// The function that creates a handle and returns it.
const api::Function *returningCreator(const CallExpr &Call,
                                      const ValueFlow &Flow) {
  const api::Function *Api = Flow.apiOf(Call);
  return Api && Api->has(api::CreatesHandle) &&
                 Api->Result == api::ResultKind::Handle
             ? Api
             : nullptr;
}

/// The function that creates a handle into its last argument, an
/// out-pointer (WinHttpCreateProxyResolver).
const api::Function *outCreator(const CallExpr &Call, const ValueFlow &Flow) {
  const api::Function *Api = Flow.apiOf(Call);
  return Api && Api->has(api::CreatesHandle) &&
                 Api->Result != api::ResultKind::Handle && Call.getNumArgs() > 0
             ? Api
             : nullptr;
}

/// A variable of \p Fn's own that holds a pointer by value: a local or a
/// parameter, not static, not a reference.
bool plainLocal(const VarDecl *VD, const FunctionDecl *Fn) {
  return VD && VD->hasLocalStorage() && !VD->getType()->isReferenceType() &&
         VD->getType()->isAnyPointerType() &&
         VD->getParentFunctionOrMethod() == Fn;
}

const VarDecl *plainLocalOf(const Expr *E, const FunctionDecl *Fn) {
  const auto *DRE = dyn_cast_or_null<DeclRefExpr>(E ? stripValue(E) : nullptr);
  const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  return plainLocal(VD, Fn) ? VD : nullptr;
}

} // namespace handleleak_detail

RefUse Analysis::classify(const DeclRefExpr &Ref, const FunctionDecl *Fn) {
  const Stmt *Cur = &Ref;
  while (true) {
    DynTypedNode Node = Parents.parent(*Cur);
    if (const auto *VD = Node.get<VarDecl>())
      return plainLocal(VD, Fn) ? RefUse::Copy : RefUse::Release;
    const Stmt *P = Node.get<Stmt>();
    if (!P)
      return RefUse::Release;
    if (isa<ParenExpr, ImplicitCastExpr, MaterializeTemporaryExpr,
            ExprWithCleanups, CXXBindTemporaryExpr>(P)) {
      Cur = P;
      continue;
    }
    if (const auto *Cast = dyn_cast<ExplicitCastExpr>(P)) {
      if (Cast->getType()->isBooleanType())
        return RefUse::Borrow;
      Cur = P;
      continue;
    }
    if (const auto *CO = dyn_cast<ConditionalOperator>(P)) {
      if (CO->getCond() == Cur)
        return RefUse::Borrow;
      Cur = P;
      continue;
    }
    if (const auto *UO = dyn_cast<UnaryOperator>(P)) {
      if (UO->getOpcode() == UO_LNot)
        return RefUse::Borrow;
      // `&h` as the out-pointer of a creation: the creation stores there.
      const auto *Call =
          dyn_cast_or_null<CallExpr>(Parents.parent(*UO).get<Stmt>());
      return Call && outCreator(*Call, Flow) &&
                     Call->getArg(Call->getNumArgs() - 1)->IgnoreParens() == UO
                 ? RefUse::Write
                 : RefUse::Release;
    }
    if (const auto *BO = dyn_cast<BinaryOperator>(P)) {
      if (BO->getOpcode() == BO_Comma && BO->getRHS() == Cur) {
        Cur = P;
        continue;
      }
      return classifyBinary(*BO, Cur, Fn);
    }
    if (const auto *Call = dyn_cast<CallExpr>(P))
      return classifyArgument(*Call, Cur);
    // A condition, or a value discarded as a statement.
    if (isa<IfStmt, WhileStmt, DoStmt, ForStmt, SwitchStmt, CompoundStmt>(P))
      return RefUse::Borrow;
    return RefUse::Release;
  }
}

RefUse Analysis::classifyBinary(const BinaryOperator &BO, const Stmt *Operand,
                                const FunctionDecl *Fn) {
  if (BO.isComparisonOp() || BO.isLogicalOp() || BO.getOpcode() == BO_Comma)
    return RefUse::Borrow;
  if (BO.getOpcode() != BO_Assign)
    return RefUse::Release;
  if (BO.getLHS() == Operand)
    return RefUse::Write;
  return plainLocalOf(BO.getLHS(), Fn) ? RefUse::Copy : RefUse::Release;
}

bool Analysis::namedBorrower(const CallExpr &Call, unsigned Arg) const {
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (!Callee || !Callee->getIdentifier())
    return false;
  const std::string Qualified = Callee->getQualifiedNameAsString();
  return llvm::any_of(NonOwning, [&](const BorrowSpec &S) {
    return S.Arg == Arg && (S.Name == Callee->getName() ||
                            llvm::StringRef(S.Name).ltrim(':') == Qualified);
  });
}

RefUse Analysis::classifyArgument(const CallExpr &Call, const Stmt *Arg) {
  if (Call.getCallee() == Arg)
    return RefUse::Borrow;
  unsigned Index = 0;
  while (Index < Call.getNumArgs() && Call.getArg(Index) != Arg)
    ++Index;
  if (Index == Call.getNumArgs())
    return RefUse::Release;
  if (const api::Function *Api = Flow.apiOf(Call)) {
    if (int(Index) != Api->HandleArg)
      return RefUse::Borrow;
    if (Api->has(api::ClosesHandle) || alwaysAsync(*Api))
      return RefUse::Release;
    return Api->has(api::BlocksWhenSync) ? RefUse::AsyncStart : RefUse::Borrow;
  }
  if (namedBorrower(Call, Index))
    return RefUse::Borrow;
  llvm::SmallVector<const FunctionDecl *, 2> Callees = Flow.callees(Call);
  if (Callees.size() != 1)
    return RefUse::Release;
  // A member operator's object is its first argument.
  if (isa<CXXOperatorCallExpr>(Call) && isa<CXXMethodDecl>(Callees.front())) {
    if (Index == 0)
      return RefUse::Release;
    --Index;
  }
  return borrows(Callees.front(), Index) ? RefUse::Borrow : RefUse::Release;
}

// Whether every use of the parameter in the body borrows it.
bool Analysis::borrows(const FunctionDecl *Fn, unsigned Param) {
  const FunctionDecl *Def = nullptr;
  if (!Fn->hasBody(Def) || isInSystemHeader(*Def) ||
      Param >= Def->getNumParams())
    return false;
  const std::pair<const FunctionDecl *, unsigned> Key{Def, Param};
  if (auto It = Borrows.find(Key); It != Borrows.end())
    return It->second;
  // A recursive call hands the value on to nothing new.
  if (!InProgress.insert(Key).second)
    return true;
  const ParmVarDecl *P = Def->getParamDecl(Param);
  bool Result = !P->getType()->isReferenceType();
  forEachStmtIn(*Def, [&](const Stmt &S) {
    if (!Result)
      return;
    if (const auto *Lambda = dyn_cast<LambdaExpr>(&S)) {
      Result = !llvm::any_of(Lambda->captures(), [&](const LambdaCapture &C) {
        return C.capturesVariable() && C.getCapturedVar() == P;
      });
      return;
    }
    const auto *Ref = dyn_cast<DeclRefExpr>(&S);
    if (!Ref || Ref->getDecl() != P)
      return;
    // A parameter's mode is unknown: asynchronous work on it may hand it to
    // a callback when the TU has one.
    const RefUse U = classify(*Ref, Def);
    Result = U == RefUse::Borrow || U == RefUse::Write ||
             (U == RefUse::AsyncStart && Flow.statusCallbacks().empty());
  });
  InProgress.erase(Key);
  return Borrows[Key] = Result;
}

bool Analysis::mayBeAsync(const CallExpr *Creation) {
  if (auto It = Async.find(Creation); It != Async.end())
    return It->second;
  bool Unknown = false;
  for (ValueId V : Flow.valuesOf(*Creation)) {
    if (Flow.value(V).K != Value::Kind::Handle)
      continue;
    switch (Flow.modeOf(V).K) {
    case SessionMode::Kind::Asynchronous:
      return Async[Creation] = true;
    case SessionMode::Kind::Unknown:
      Unknown = true;
      break;
    case SessionMode::Kind::Synchronous:
      break;
    }
  }
  return Async[Creation] = Unknown && !Flow.statusCallbacks().empty();
}

const CallExpr *Analysis::outCreationOf(const Expr *E, const FunctionDecl *Fn) {
  E = stripValue(E);
  if (const auto *Call = dyn_cast<CallExpr>(E))
    return outCreator(*Call, Flow) ? Call : nullptr;
  const auto *Ref = dyn_cast<DeclRefExpr>(E);
  const auto *VD = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  if (!VD || !VD->hasLocalStorage() || !VD->getInit() ||
      VD->getParentFunctionOrMethod() != Fn)
    return nullptr;
  const auto *Call = dyn_cast<CallExpr>(stripValue(VD->getInit()));
  if (!Call || !outCreator(*Call, Flow))
    return nullptr;
  // Only while the variable still holds that result.
  for (const DeclRefExpr *Use : findReferences(*VD, *Fn->getBody(), Ctx)) {
    const auto *UO =
        dyn_cast_or_null<UnaryOperator>(Parents.parent(*Use).get<Stmt>());
    if ((UO && UO->getOpcode() == UO_AddrOf) ||
        classify(*Use, Fn) == RefUse::Write)
      return nullptr;
  }
  return Call;
}

std::vector<HandleLeakFinding> Analysis::run() {
  for (const FunctionDecl *Fn : Flow.functions()) {
    if (Fn->isTemplateInstantiation() || !Fn->getBody())
      continue;
    bool Creates = false;
    forEachStmtIn(*Fn, [&](const Stmt &S) {
      if (const auto *Call = dyn_cast<CallExpr>(&S); Call && !Creates)
        Creates = returningCreator(*Call, Flow) || outCreator(*Call, Flow);
    });
    if (!Creates)
      continue;
    if (const CFG *G = Cfgs.get(Fn))
      Walk(*this, Fn, *G).run();
    Cfgs.clear();
  }
  return std::move(Findings);
}

std::vector<HandleLeakFinding>
findHandleLeaks(ASTContext &Ctx, ParentIndex &Parents, bool SystemHeaders,
                const std::vector<BorrowSpec> &NonOwning) {
  Analysis A(Ctx, Parents, SystemHeaders, NonOwning);
  return A.run();
}

} // namespace clang::tidy::winhttp::analysis
