//===--- AsyncOutParamCheck.cpp - winhttp-tidy ----------------------------===//
//
// Implements winhttp-async-out-param (rule R5): in an asynchronous session
// the number-of-bytes out-pointers must be NULL, and buffers must outlive
// the operation.
//
//===----------------------------------------------------------------------===//

#include "AsyncOutParamCheck.h"
#include "WinHttpApi.h"
#include "analysis/ExprUse.h"
#include "analysis/StoreReads.h"
#include "analysis/ValueFlow.h"
#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Preprocessor.h"

using namespace clang::ast_matchers;

namespace clang::tidy::winhttp {

void AsyncOutParamCheck::registerPPCallbacks(const SourceManager &,
                                             Preprocessor *PP, Preprocessor *) {
  this->PP = PP;
}

namespace {
AST_MATCHER(FunctionDecl, hasAsyncArgs) {
  const api::Function *F = api::lookup(Node);
  return F && api::lookupAsyncArgs(*F);
}
} // namespace

void AsyncOutParamCheck::registerMatchers(MatchFinder *Finder) {
  registerTraversalLimit(Finder);
  Finder->addMatcher(
      callExpr(callee(functionDecl(hasAsyncArgs()).bind("callee")))
          .bind("call"),
      this);
}

void AsyncOutParamCheck::onEndOfTranslationUnit() {
  Parents.reset();
  Cfgs.reset();
}

void AsyncOutParamCheck::check(const MatchFinder::MatchResult &Result) {
  if (handleTraversalLimit(Result))
    return;
  AnalysisRun Run(*this, Result.Context->getSourceManager());
  const auto *Call = Result.Nodes.getNodeAs<CallExpr>("call");
  const auto *Callee = Result.Nodes.getNodeAs<FunctionDecl>("callee");
  const api::Function *Api = api::lookup(*Callee);
  const api::AsyncArgs *Args = Api ? api::lookupAsyncArgs(*Api) : nullptr;
  if (!Args || Api->HandleArg < 0 ||
      unsigned(Api->HandleArg) >= Call->getNumArgs())
    return;
  auto Given = [&](int Arg) {
    return Arg >= 0 && unsigned(Arg) < Call->getNumArgs() &&
           Call->getArg(Arg)->IgnoreParenImpCasts()->isNullPointerConstant(
               *Result.Context, Expr::NPC_ValueDependentIsNotNull) ==
               Expr::NPCK_NotNull;
  };
  // The value flow only for calls that pass something.
  if (!Given(Args->CountArg) && !Given(Args->BufferArg))
    return;
  const CallExpr *Open = analysis::asyncSessionOf(
      *Call->getArg(Api->HandleArg),
      analysis::ValueFlow::shared(
          *Result.Context, analysis::ValueFlowOptions{{}, systemHeaders()}));
  if (!Open)
    return;
  analysis::ParentIndex &Index = Parents.get(*Result.Context, systemHeaders());
  if (!Cfgs)
    Cfgs = std::make_unique<analysis::FunctionCfgs>(*Result.Context);
  if (Given(Args->CountArg))
    checkCount(*Call, *Api, Args->CountArg, Open, Index);
  if (Given(Args->BufferArg))
    checkBuffer(*Call, *Api, Args->BufferArg, Open, Index);
}

StringRef AsyncOutParamCheck::nullSpelling(const ASTContext &Ctx) const {
  if (Ctx.getLangOpts().CPlusPlus11)
    return "nullptr";
  return PP && PP->isMacroDefined("NULL") ? "NULL" : "0";
}

void AsyncOutParamCheck::noteSession(const CallExpr *Open) {
  if (Open)
    diag(Open->getBeginLoc(),
         "the session is asynchronous: opened here with "
         "WINHTTP_FLAG_ASYNC",
         DiagnosticIDs::Note);
}

// The CFG of the function that holds \p S, or null.
static const CFG *cfgOf(const Stmt &S, analysis::ParentIndex &Parents,
                        analysis::FunctionCfgs &Cfgs) {
  const auto *FD =
      dyn_cast_or_null<FunctionDecl>(analysis::enclosingFunction(S, Parents));
  return FD ? Cfgs.get(FD) : nullptr;
}

void AsyncOutParamCheck::checkCount(const CallExpr &Call,
                                    const api::Function &Api, int Arg,
                                    const CallExpr *Open,
                                    analysis::ParentIndex &Parents) {
  ASTContext &Ctx = Parents.context();
  const Expr *Count = Call.getArg(Arg);
  diag(Count->getBeginLoc(),
       "'%0' on a handle of an asynchronous session must get NULL for the "
       "number of bytes: the count arrives with the completion callback, and "
       "a pointer here can cause a memory fault")
      << Api.Name;
  noteSession(Open);
  StringRef Null = nullSpelling(Ctx);
  // `&v` of a local that no path reads after the call: nothing needs it.
  const auto *AddrOf = dyn_cast<UnaryOperator>(Count->IgnoreParenImpCasts());
  const auto *Ref =
      AddrOf && AddrOf->getOpcode() == UO_AddrOf
          ? dyn_cast<DeclRefExpr>(AddrOf->getSubExpr()->IgnoreParens())
          : nullptr;
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  const CFG *G = Var ? cfgOf(Call, Parents, *Cfgs) : nullptr;
  const bool Unread =
      G && analysis::isStoreRead(*Var, Call, *G, Parents, Ref) == false &&
      !Count->getBeginLoc().isMacroID() && !Count->getEndLoc().isMacroID();
  auto Note = diag(Count->getBeginLoc(),
                   "pass '%0'%select{ and take the count from the status "
                   "information of the completion callback|: '%2' is not "
                   "read after the call}1",
                   DiagnosticIDs::Note)
              << Null << Unread << (Var ? Var->getName() : "");
  if (Unread)
    Note << FixItHint::CreateReplacement(Count->getSourceRange(), Null);
}

// The local whose storage \p E points into: an array, `&x`, `&a[i]`,
// `&s.field`, or the data() of a local standard container; null otherwise.
static const VarDecl *automaticStorage(const Expr *E) {
  E = E->IgnoreParenCasts();
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *MD = Call->getMethodDecl();
    if (!MD || !MD->getIdentifier() || !api::isInStd(*MD) ||
        (MD->getName() != "data" && MD->getName() != "c_str"))
      return nullptr;
    E = Call->getImplicitObjectArgument()->IgnoreParenImpCasts();
  } else if (const auto *UO = dyn_cast<UnaryOperator>(E);
             UO && UO->getOpcode() == UO_AddrOf) {
    E = UO->getSubExpr()->IgnoreParenImpCasts();
    while (true) {
      if (const auto *Sub = dyn_cast<ArraySubscriptExpr>(E)) {
        E = Sub->getBase()->IgnoreParenImpCasts();
        if (!E->getType()->isArrayType() && !isa<DeclRefExpr>(E))
          return nullptr;
      } else if (const auto *ME = dyn_cast<MemberExpr>(E);
                 ME && !ME->isArrow()) {
        E = ME->getBase()->IgnoreParenImpCasts();
      } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
                 Op && Op->getOperator() == OO_Subscript) {
        E = Op->getArg(0)->IgnoreParenImpCasts();
      } else {
        break;
      }
    }
  } else if (!E->getType()->isArrayType()) {
    return nullptr;
  }
  const auto *Ref = dyn_cast<DeclRefExpr>(E);
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  if (!Var || !Var->hasLocalStorage() || isa<ParmVarDecl>(Var) ||
      Var->getType()->isReferenceType())
    return nullptr;
  return Var;
}

// A call that waits for another thread or an event: where a function waits
// for the completion before it returns.
static bool isWait(const Stmt &S) {
  const auto *Call = dyn_cast<CallExpr>(&S);
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  if (!Callee)
    return false;
  if (api::lookupThreadWait(*Callee))
    return true;
  const auto *MD = dyn_cast<CXXMethodDecl>(Callee);
  if (!MD || !api::isInStd(*MD))
    return false;
  std::optional<api::StdWaitKind> K = api::lookupStdWait(*MD);
  return K && (*K == api::StdWaitKind::Join || *K == api::StdWaitKind::Timed);
}

void AsyncOutParamCheck::checkBuffer(const CallExpr &Call,
                                     const api::Function &Api, int Arg,
                                     const CallExpr *Open,
                                     analysis::ParentIndex &Parents) {
  const Expr *Buffer = Call.getArg(Arg);
  const VarDecl *Var = automaticStorage(Buffer);
  const CFG *G = Var ? cfgOf(Call, Parents, *Cfgs) : nullptr;
  if (!G || !analysis::reachesExitAvoiding(Call, *G, isWait))
    return;
  diag(Buffer->getBeginLoc(),
       "'%0' on a handle of an asynchronous session gets a buffer that "
       "lives in '%1', and the function can return before the operation "
       "completes; the buffer must stay valid until the completion callback")
      << Api.Name << Var->getName();
  diag(Var->getLocation(), "'%0' is destroyed when the function returns",
       DiagnosticIDs::Note)
      << Var->getName();
  noteSession(Open);
}

} // namespace clang::tidy::winhttp
