//===--- UncheckedResultCheck.cpp - winhttp-tidy --------------------------===//
//
// Implements winhttp-unchecked-result (rule R4): a WinHTTP function that
// reports failure as FALSE or NULL must have its result tested.
//
//===----------------------------------------------------------------------===//

#include "UncheckedResultCheck.h"
#include "WinHttpApi.h"
#include "analysis/Descendants.h"
#include "analysis/ExprUse.h"
#include "analysis/StoreReads.h"
#include "analysis/ValueFlow.h"
#include "utils/OptionsUtils.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::winhttp {

static bool reportsFailureInResult(const api::Function &F) {
  return F.Result == api::ResultKind::Bool ||
         F.Result == api::ResultKind::Handle;
}

UncheckedResultCheck::UncheckedResultCheck(StringRef Name,
                                           ClangTidyContext *Context)
    : WinHttpCheck(Name, Context),
      RawIgnoredFunctions(
          Options.get("IgnoredFunctions", "WinHttpCloseHandle")) {
  for (StringRef Entry : utils::options::parseStringList(RawIgnoredFunctions)) {
    Entry = Entry.trim();
    if (Entry.empty())
      continue;
    const auto *It = llvm::find_if(
        api::functions(), [&](const auto &F) { return F.Name == Entry; });
    if (It == api::functions().end() || !reportsFailureInResult(*It))
      configurationDiag("'%0' in option 'IgnoredFunctions' of check '%1' is "
                        "not a WinHTTP function that returns a BOOL or a "
                        "HINTERNET; it is ignored")
          << Entry << Name;
    IgnoredFunctions.insert(Entry);
  }
}

void UncheckedResultCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  WinHttpCheck::storeOptions(Opts);
  Options.store(Opts, "IgnoredFunctions", RawIgnoredFunctions);
}

void UncheckedResultCheck::registerMatchers(MatchFinder *Finder) {
  registerTraversalLimit(Finder);
  // Direct calls of the table's functions, and calls through pointers, which
  // the value flow may tie to a function that GetProcAddress looked up.
  Finder->addMatcher(
      callExpr(anyOf(callee(functionDecl(
                         anyOf(api::matchers::winHttpFunctionWithResult(
                                   api::ResultKind::Bool),
                               api::matchers::winHttpFunctionWithResult(
                                   api::ResultKind::Handle)))),
                     unless(callee(functionDecl()))))
          .bind("call"),
      this);
}

void UncheckedResultCheck::onEndOfTranslationUnit() {
  Parents.reset();
  Cfgs.reset();
}

namespace {
/// How a result goes untested.
struct Unchecked {
  /// The statement that throws the result away, or, for a result stored in
  /// a local that no path reads, the store.
  const Stmt *Statement;
  /// The local that holds the result, when it is stored.
  const VarDecl *Var;
};
} // namespace

// Whether the result of \p Call is thrown away or stored in a local that is
// never read afterwards (\p Stores: whether the latter counts).
static std::optional<Unchecked> uncheckedUse(const CallExpr &Call,
                                             analysis::ParentIndex &Parents,
                                             analysis::FunctionCfgs &Cfgs) {
  if (const Stmt *S = analysis::discardingStatement(Call, Parents))
    return Unchecked{S, nullptr};
  analysis::ExprUse Use = analysis::classifyUse(Call, Parents);
  if (Use.K != analysis::ExprUse::Kind::Conversion || !Use.StoredTo)
    return std::nullopt;
  // The store: the assignment, or the declaration whose initialiser the
  // call is (the use then has no statement).
  const Stmt *Store = Use.User;
  if (Store && !isa<BinaryOperator>(Store))
    return std::nullopt;
  if (!Store) {
    Store = Parents.parent(DynTypedNode::create(*Use.StoredTo)).get<DeclStmt>();
    if (!Store)
      return std::nullopt;
  }
  const auto *FD = dyn_cast_or_null<FunctionDecl>(
      analysis::enclosingFunction(*Store, Parents));
  const CFG *G = FD ? Cfgs.get(FD) : nullptr;
  if (!G)
    return std::nullopt;
  if (analysis::isStoreRead(*Use.StoredTo, *Store, *G, Parents) != false)
    return std::nullopt;
  return Unchecked{Store, Use.StoredTo};
}

// A size probe fails by design: its FALSE says how big the buffer must be.
static bool isSizeProbe(const CallExpr &Call, const api::Function &Api,
                        ASTContext &Ctx) {
  int Arg = api::sizeProbeBufferArg(Api);
  return Arg >= 0 && unsigned(Arg) < Call.getNumArgs() &&
         Call.getArg(Arg)->isNullPointerConstant(
             Ctx, Expr::NPC_ValueDependentIsNotNull) != Expr::NPCK_NotNull;
}

bool UncheckedResultCheck::lastErrorFollows(
    const Stmt &S, analysis::ParentIndex &Parents) const {
  auto InBlock = analysis::blockStatementOf(S, Parents);
  if (!InBlock || !InBlock->second)
    return false;
  return llvm::any_of(analysis::descendantsOfType<CallExpr>(*InBlock->second),
                      [](const CallExpr *Call) {
                        const FunctionDecl *Callee = Call->getDirectCallee();
                        return Callee &&
                               api::isWin32Function(
                                   *Callee, api::Win32Function::GetLastError);
                      });
}

void UncheckedResultCheck::check(const MatchFinder::MatchResult &Result) {
  if (handleTraversalLimit(Result))
    return;
  AnalysisRun Run(*this, Result.Context->getSourceManager());
  const auto *Call = Result.Nodes.getNodeAs<CallExpr>("call");
  ASTContext &Ctx = *Result.Context;
  const FunctionDecl *Callee = Call->getDirectCallee();
  // In a template, a call with a dependent argument names its callee by an
  // unresolved lookup: the table's function when that is all it finds.
  if (const auto *Lookup =
          dyn_cast<UnresolvedLookupExpr>(Call->getCallee()->IgnoreParens());
      Lookup && Lookup->getNumDecls() == 1)
    Callee = dyn_cast<FunctionDecl>(*Lookup->decls_begin());
  const api::Function *Api = Callee ? api::lookup(*Callee) : nullptr;
  if (Callee && (!Api || IgnoredFunctions.contains(Api->Name)))
    return;
  if (!Callee && (isa<CXXMemberCallExpr, CXXOperatorCallExpr>(Call) ||
                  Call->getType()->isVoidType() || Call->isTypeDependent()))
    return;
  analysis::ParentIndex &Index = Parents.get(Ctx, systemHeaders());
  if (!Cfgs)
    Cfgs = std::make_unique<analysis::FunctionCfgs>(Ctx);
  // The cheap question first: a call through a pointer builds the value
  // flow only when its result goes untested.
  std::optional<Unchecked> U = uncheckedUse(*Call, Index, *Cfgs);
  if (!U)
    return;
  if (!Callee)
    Api = analysis::ValueFlow::shared(
              Ctx, analysis::ValueFlowOptions{{}, systemHeaders()})
              .apiOf(*Call);
  if (!Api || !reportsFailureInResult(*Api) ||
      IgnoredFunctions.contains(Api->Name))
    return;
  // A stored handle that nothing reads is lost: winhttp-handle-leak's.
  if (U->Var && Api->Result != api::ResultKind::Bool)
    return;
  if (lastErrorFollows(*U->Statement, Index) || isSizeProbe(*Call, *Api, Ctx))
    return;

  const bool Handle = Api->Result == api::ResultKind::Handle;
  if (!U->Var) {
    diag(Call->getBeginLoc(),
         "the result of '%0' is ignored; it returns %select{FALSE|NULL}1 when "
         "it fails, and the failure goes unnoticed")
        << Api->Name << Handle;
    diag(Call->getBeginLoc(),
         "test the result, or cast it to 'void' if the failure does not "
         "matter here",
         DiagnosticIDs::Note);
    return;
  }
  diag(Call->getBeginLoc(),
       "the result of '%0' is stored in '%1' but no path reads it; it returns "
       "FALSE when it fails, and the failure goes unnoticed")
      << Api->Name << U->Var->getName();
  diag(U->Var->getLocation(),
       "test '%0' after the call, or cast the call to "
       "'void' if the failure does not matter here",
       DiagnosticIDs::Note)
      << U->Var->getName();
}

} // namespace clang::tidy::winhttp
