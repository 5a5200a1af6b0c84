//===--- DwordResultCheck.cpp - winhttp-tidy ------------------------------===//
//
// Implements winhttp-dword-result (rule R4): functions that return a DWORD
// error code are not BOOL functions, and GetLastError() says nothing about
// them.
//
//===----------------------------------------------------------------------===//

#include "DwordResultCheck.h"
#include "WinHttpApi.h"
#include "analysis/ExprUse.h"
#include "analysis/MacroSpelling.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Preprocessor.h"

using namespace clang::ast_matchers;
using clang::tidy::winhttp::analysis::ExprUse;

namespace clang::tidy::winhttp {

namespace {
/// How the code misreads the error code, in the order of the %select in the
/// warning.
enum class Misuse {
  Negation,
  Condition,
  LogicalOperand,
  Comparison,
  Conversion
};
} // namespace

// Whether \p E is written as a BOOL or bool truth value, and which one.
static std::optional<bool> boolLiteralValue(const Expr &E,
                                            const ASTContext &Ctx) {
  const Expr *Inner = E.IgnoreParenImpCasts();
  if (const auto *B = dyn_cast<CXXBoolLiteralExpr>(Inner))
    return B->getValue();
  if (analysis::isSpelledAsMacro(E, api::spelling(api::Spelling::True), Ctx) ||
      analysis::isSpelledAsMacro(E, "true", Ctx))
    return true;
  if (analysis::isSpelledAsMacro(E, api::spelling(api::Spelling::False), Ctx) ||
      analysis::isSpelledAsMacro(E, "false", Ctx))
    return false;
  return std::nullopt;
}

void DwordResultCheck::registerPPCallbacks(const SourceManager &,
                                           Preprocessor *PP, Preprocessor *) {
  this->PP = PP;
}

void DwordResultCheck::registerMatchers(MatchFinder *Finder) {
  registerTraversalLimit(Finder);
  Finder->addMatcher(
      callExpr(callee(functionDecl(api::matchers::winHttpFunctionWithResult(
                                       api::ResultKind::ErrorCode))
                          .bind("callee")))
          .bind("call"),
      this);
}

void DwordResultCheck::check(const MatchFinder::MatchResult &Result) {
  if (handleTraversalLimit(Result))
    return;
  const auto *Call = Result.Nodes.getNodeAs<CallExpr>("call");
  const auto *Callee = Result.Nodes.getNodeAs<FunctionDecl>("callee");
  analysis::ParentIndex &Index = Parents.get(*Result.Context, systemHeaders());
  checkBoolUse(*Call, *Callee, Index);
  checkLastErrorCalls(*Call, *Callee, Index);
}

void DwordResultCheck::checkBoolUse(const CallExpr &Call,
                                    const FunctionDecl &Callee,
                                    analysis::ParentIndex &Parents) {
  ASTContext &Ctx = Parents.context();
  ExprUse Use = analysis::classifyUse(Call, Parents);
  Misuse Kind;
  // Which outcome the code means to detect; unset where that is unclear.
  std::optional<bool> TestsSuccess;
  std::string Other;
  SourceLocation Loc = Call.getBeginLoc();
  switch (Use.K) {
  case ExprUse::Kind::Negation:
    Kind = Misuse::Negation;
    TestsSuccess = false;
    Loc = Use.User->getBeginLoc();
    break;
  case ExprUse::Kind::Condition:
    Kind = Misuse::Condition;
    break;
  case ExprUse::Kind::LogicalOperand:
    Kind = Misuse::LogicalOperand;
    Other = cast<BinaryOperator>(Use.User)->getOpcodeStr().str();
    break;
  case ExprUse::Kind::Comparison: {
    std::optional<bool> Literal = boolLiteralValue(*Use.OtherOperand, Ctx);
    if (!Literal)
      return;
    Kind = Misuse::Comparison;
    TestsSuccess = *Literal == Use.IsEqual;
    Other = analysis::sourceText(*Use.OtherOperand, Ctx).str();
    if (Other.empty())
      Other = *Literal ? "TRUE" : "FALSE";
    Loc = cast<BinaryOperator>(Use.User)->getOperatorLoc();
    break;
  }
  case ExprUse::Kind::Conversion:
    if (!analysis::isBoolLikeType(Use.DestType))
      return;
    Kind = Misuse::Conversion;
    TestsSuccess = true;
    Other = analysis::typeNameForDiag(Use.DestType, Ctx);
    break;
  case ExprUse::Kind::Called:
  case ExprUse::Kind::Other:
    return;
  }

  diag(Loc, "'%0' returns a DWORD error code that is NO_ERROR (0) on "
            "success, not a BOOL; %select{negating it|testing it as a "
            "condition|using it as an operand of '%2'|comparing it with "
            "'%2'|converting it to '%2'}1 confuses success with failure")
      << Callee.getName() << static_cast<unsigned>(Kind) << Other;

  // A bare truth test gets no fix: it is unclear which outcome it tests.
  if (!TestsSuccess)
    return;
  StringRef NoError = api::spelling(api::Spelling::NoError);
  auto Note = diag(Call.getBeginLoc(),
                   "compare with '%0' to test for %select{failure|success}1",
                   DiagnosticIDs::Note)
              << NoError << *TestsSuccess;
  if (!PP || !PP->isMacroDefined(NoError))
    return;
  if (auto Fixes = analysis::rewriteAsComparison(
          Use, Call, *TestsSuccess ? "==" : "!=", NoError, Parents))
    Note << *Fixes;
}

// The outermost expression around \p E, and the statement it belongs to.
static std::pair<const Expr *, const Stmt *>
fullExpression(const Expr &E, analysis::ParentIndex &Parents) {
  const Expr *Full = &E;
  while (true) {
    DynTypedNode Parent = Parents.parent(*Full);
    if (const auto *ParentExpr = Parent.get<Expr>()) {
      Full = ParentExpr;
      continue;
    }
    return {Full, Parent.get<Stmt>()};
  }
}

// The branches that run only after \p Condition was tested.
static void addBranchesTesting(const Expr &Condition,
                               analysis::ParentIndex &Parents,
                               llvm::SmallVectorImpl<const Stmt *> &Regions) {
  auto [Full, Owner] = fullExpression(Condition, Parents);
  Regions.push_back(Full);
  if (const auto *If = dyn_cast_or_null<IfStmt>(Owner)) {
    if (If->getCond() != Full)
      return;
    Regions.push_back(If->getThen());
    if (If->getElse())
      Regions.push_back(If->getElse());
  } else if (const auto *While = dyn_cast_or_null<WhileStmt>(Owner)) {
    if (While->getCond() == Full)
      Regions.push_back(While->getBody());
  }
}

void DwordResultCheck::checkLastErrorCalls(const CallExpr &Call,
                                           const FunctionDecl &Callee,
                                           analysis::ParentIndex &Parents) {
  ASTContext &Ctx = Parents.context();
  llvm::SmallVector<const Stmt *, 4> Regions;
  addBranchesTesting(Call, Parents, Regions);

  // A DWORD variable that holds the result: its tests count as well.
  ExprUse Use = analysis::classifyUse(Call, Parents);
  if (Use.K == ExprUse::Kind::Conversion && Use.StoredTo &&
      Use.StoredTo->isLocalVarDecl())
    for (const DeclRefExpr *Ref :
         analysis::findReadsAfter(*Use.StoredTo, Call, Parents))
      addBranchesTesting(*Ref, Parents, Regions);

  for (const Stmt *Region : Regions) {
    for (const BoundNodes &Match : match(
             findAll(callExpr(callee(functionDecl(api::matchers::win32Function(
                                  api::Win32Function::GetLastError))))
                         .bind("gle")),
             *Region, Ctx)) {
      const auto *LastError = Match.getNodeAs<CallExpr>("gle");
      if (!ReportedLastErrorCalls.insert(LastError).second)
        continue;
      diag(LastError->getBeginLoc(),
           "'GetLastError' does not report the error of '%0', which returns "
           "its error code directly")
          << Callee.getName();
      diag(Call.getBeginLoc(), "'%0' is called here", DiagnosticIDs::Note)
          << Callee.getName();
    }
  }
}

} // namespace clang::tidy::winhttp
