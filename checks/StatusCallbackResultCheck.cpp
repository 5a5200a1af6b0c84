//===--- StatusCallbackResultCheck.cpp - winhttp-tidy ---------------------===//
//
// Implements winhttp-status-callback-result (rule R4): a NULL result of
// WinHttpSetStatusCallback means success, not failure.
//
//===----------------------------------------------------------------------===//

#include "StatusCallbackResultCheck.h"
#include "WinHttpApi.h"
#include "analysis/ExprUse.h"
#include "analysis/MacroSpelling.h"
#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Preprocessor.h"

using namespace clang::ast_matchers;
using clang::tidy::winhttp::analysis::ExprUse;

namespace clang::tidy::winhttp {

namespace {
/// What the code that tests the result takes the test to mean.
enum class Sense { Failure, Success };
} // namespace

// Whether \p Use reads the callback value as "NULL means failure", and if so
// which outcome the code means to detect.
static std::optional<Sense> nullTestSense(const ExprUse &Use, ASTContext &Ctx) {
  switch (Use.K) {
  case ExprUse::Kind::Negation:
    return Sense::Failure;
  case ExprUse::Kind::Condition:
  case ExprUse::Kind::LogicalOperand:
    return Sense::Success;
  case ExprUse::Kind::Comparison:
    if (Use.OtherOperand->isNullPointerConstant(
            Ctx, Expr::NPC_ValueDependentIsNotNull) == Expr::NPCK_NotNull)
      return std::nullopt;
    return Use.IsEqual ? Sense::Failure : Sense::Success;
  case ExprUse::Kind::Conversion:
    if (Use.DestType->isBooleanType())
      return Sense::Success;
    return std::nullopt;
  case ExprUse::Kind::Called:
  case ExprUse::Kind::Other:
    return std::nullopt;
  }
  llvm_unreachable("unknown ExprUse::Kind");
}

// A comparison with WINHTTP_INVALID_STATUS_CALLBACK, written as the macro or
// as its value, (WINHTTP_STATUS_CALLBACK)(-1).
static bool comparesWithInvalid(const ExprUse &Use, ASTContext &Ctx) {
  if (Use.K != ExprUse::Kind::Comparison)
    return false;
  if (analysis::isSpelledAsMacro(
          *Use.OtherOperand,
          api::spelling(api::Spelling::InvalidStatusCallback), Ctx))
    return true;
  std::optional<llvm::APSInt> Value =
      analysis::evaluateInt(*Use.OtherOperand->IgnoreParenCasts(), Ctx);
  return Value && Value->isAllOnes();
}

void StatusCallbackResultCheck::registerPPCallbacks(const SourceManager &,
                                                    Preprocessor *PP,
                                                    Preprocessor *) {
  this->PP = PP;
}

void StatusCallbackResultCheck::registerMatchers(MatchFinder *Finder) {
  registerTraversalLimit(Finder);
  Finder->addMatcher(
      callExpr(callee(functionDecl(api::matchers::winHttpFunctionWithResult(
                   api::ResultKind::StatusCallback))))
          .bind("call"),
      this);
}

void StatusCallbackResultCheck::check(const MatchFinder::MatchResult &Result) {
  if (handleTraversalLimit(Result))
    return;
  AnalysisRun Run(*this, Result.Context->getSourceManager());
  const auto *Call = Result.Nodes.getNodeAs<CallExpr>("call");
  ASTContext &Ctx = *Result.Context;
  analysis::ParentIndex &Index = Parents.get(Ctx, systemHeaders());
  StringRef Callee = Call->getDirectCallee()->getName();
  StringRef Invalid = api::spelling(api::Spelling::InvalidStatusCallback);

  auto Report = [&](const ExprUse &Use, Sense Intended, const VarDecl *Var) {
    SourceLocation Loc = Use.Value->getBeginLoc();
    if (Use.K == ExprUse::Kind::Comparison)
      Loc = cast<BinaryOperator>(Use.User)->getOperatorLoc();
    else if (Use.K == ExprUse::Kind::Negation)
      Loc = Use.User->getBeginLoc();
    diag(Loc, "%select{the result of '%0'|'%1', which holds the result of "
              "'%0',}2 is tested against NULL, but NULL means success (there "
              "was no previous callback); failure is '%3'")
        << Callee << (Var ? Var->getName() : StringRef()) << (Var != nullptr)
        << Invalid;
    if (Var)
      diag(Call->getBeginLoc(), "'%0' is assigned the result of '%1' here",
           DiagnosticIDs::Note)
          << Var->getName() << Callee;

    const Expr *Tested = Use.Value->IgnoreParenImpCasts();
    auto Note = diag(Tested->getBeginLoc(),
                     "compare with '%0' to detect %select{failure|success}1",
                     DiagnosticIDs::Note)
                << Invalid << (Intended == Sense::Success);
    // Without the macro the rewritten code would not compile.
    if (!PP || !PP->isMacroDefined(Invalid))
      return;
    if (auto Fixes = analysis::rewriteAsComparison(
            Use, *Tested, Intended == Sense::Failure ? "==" : "!=", Invalid,
            Index))
      Note << *Fixes;
  };

  ExprUse Use = analysis::classifyUse(*Call, Index);
  if (std::optional<Sense> Intended = nullTestSense(Use, Ctx)) {
    Report(Use, *Intended, nullptr);
    return;
  }

  // The result is kept in a local variable: follow that variable from the
  // call until it is next assigned.
  const VarDecl *Var = Use.StoredTo;
  if (Use.K != ExprUse::Kind::Conversion || !Var || !Var->isLocalVarDecl())
    return;
  const Stmt *Body = analysis::enclosingFunctionBody(*Call, Index);
  if (!Body)
    return;
  llvm::SmallVector<const DeclRefExpr *, 8> Refs =
      analysis::findReferences(*Var, *Body, Ctx);
  // A variable that is called (callback chaining), compared with the real
  // failure value, or escapes through its address is used knowingly.
  for (const DeclRefExpr *Ref : Refs) {
    ExprUse RefUse = analysis::classifyUse(*Ref, Index);
    if (RefUse.K == ExprUse::Kind::Called || comparesWithInvalid(RefUse, Ctx))
      return;
    if (const auto *UO = dyn_cast_or_null<UnaryOperator>(RefUse.User))
      if (UO->getOpcode() == UO_AddrOf)
        return;
  }
  for (const DeclRefExpr *Ref : analysis::findReadsAfter(*Var, *Call, Index)) {
    ExprUse RefUse = analysis::classifyUse(*Ref, Index);
    if (std::optional<Sense> Intended = nullTestSense(RefUse, Ctx))
      Report(RefUse, *Intended, Var);
  }
}

} // namespace clang::tidy::winhttp
