//===--- DwordResultCheck.cpp - winhttp-tidy ------------------------------===//
//
// Implements winhttp-dword-result (rule R4): functions that return a DWORD
// error code are not BOOL functions, and GetLastError() says nothing about
// them.
//
//===----------------------------------------------------------------------===//

#include "DwordResultCheck.h"
#include "WinHttpApi.h"
#include "analysis/Descendants.h"
#include "analysis/ExprUse.h"
#include "analysis/MacroSpelling.h"
#include "analysis/ValueFlow.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/ADT/SmallPtrSet.h"

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
  // FAILED(x) and SUCCEEDED(x) expand to `(HRESULT)(x) < 0` and `>= 0`.
  Finder->addMatcher(
      binaryOperator(hasAnyOperatorName("<", ">=", ">", "<="),
                     hasEitherOperand(ignoringParenImpCasts(integerLiteral())))
          .bind("sign"),
      this);
}

void DwordResultCheck::check(const MatchFinder::MatchResult &Result) {
  if (handleTraversalLimit(Result))
    return;
  AnalysisRun Run(*this, Result.Context->getSourceManager());
  if (const auto *Test = Result.Nodes.getNodeAs<BinaryOperator>("sign")) {
    checkSignTest(*Test, *Result.Context);
    return;
  }
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
    for (const CallExpr *LastError :
         analysis::descendantsOfType<CallExpr>(*Region)) {
      const FunctionDecl *LastErrorCallee = LastError->getDirectCallee();
      if (!LastErrorCallee ||
          !api::isWin32Function(*LastErrorCallee,
                                api::Win32Function::GetLastError) ||
          !ReportedLastErrorCalls.insert(LastError).second)
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

// Whether \p T is written, through its typedefs, as the typedef \p Name.
static bool isTypedefNamed(QualType T, StringRef Name) {
  while (const auto *TT = T->getAs<TypedefType>()) {
    if (TT->getDecl()->getName() == Name)
      return true;
    T = TT->desugar();
  }
  return false;
}

namespace {
/// The sign test of an HRESULT: `(HRESULT)(x) < 0` (FAILED) or `>= 0`
/// (SUCCEEDED), either way round.
struct SignTest {
  /// The HRESULT tested: the cast, or an expression of type HRESULT.
  const Expr *Value;
  /// Whether the test is true on failure (FAILED).
  bool TrueOnFailure;
};

/// Where an error code tested as an HRESULT comes from.
struct ErrorCodeOrigin {
  /// The call that returned it.
  const CallExpr *Call = nullptr;
  /// The store nearest the test that converts a DWORD variable holding it
  /// into an HRESULT variable (`HRESULT hr = e;`): where HRESULT_FROM_WIN32
  /// belongs. Null when the call's result went into the HRESULT directly.
  const Expr *Conversion = nullptr;
};
} // namespace

static std::optional<SignTest> signTest(const BinaryOperator &BO,
                                        const ASTContext &Ctx) {
  auto IsZero = [&Ctx](const Expr *E) {
    std::optional<llvm::APSInt> V = analysis::evaluateInt(*E, Ctx);
    return V && V->isZero();
  };
  SignTest Test;
  BinaryOperatorKind Op = BO.getOpcode();
  if (IsZero(BO.getRHS()) && (Op == BO_LT || Op == BO_GE)) {
    Test = {BO.getLHS(), Op == BO_LT};
  } else if (IsZero(BO.getLHS()) && (Op == BO_GT || Op == BO_LE)) {
    Test = {BO.getRHS(), Op == BO_GT};
  } else {
    return std::nullopt;
  }
  Test.Value = Test.Value->IgnoreParenImpCasts();
  QualType T = Test.Value->getType();
  if (const auto *Cast = dyn_cast<ExplicitCastExpr>(Test.Value))
    T = Cast->getTypeAsWritten();
  if (!isTypedefNamed(T, api::spelling(api::Spelling::Hresult)))
    return std::nullopt;
  return Test;
}

// The DWORD-returning WinHTTP call whose result \p E holds, following
// locals back through the definitions that reach each read.
static std::optional<ErrorCodeOrigin>
errorCodeOrigin(const Expr &E,
                llvm::function_ref<const analysis::ValueFlow &()> Flow,
                llvm::SmallPtrSetImpl<const Expr *> &Seen) {
  const Expr *Value = analysis::stripValue(&E);
  if (!Seen.insert(Value).second)
    return std::nullopt;
  if (const auto *Call = dyn_cast<CallExpr>(Value)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    const api::Function *F = Callee ? api::lookup(*Callee) : nullptr;
    if (F && F->Result == api::ResultKind::ErrorCode)
      return ErrorCodeOrigin{Call, nullptr};
    return std::nullopt;
  }
  const auto *Ref = dyn_cast<DeclRefExpr>(Value);
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  if (!Var || !Var->hasLocalStorage())
    return std::nullopt;
  StringRef Hresult = api::spelling(api::Spelling::Hresult);
  for (const Expr *Stored : Flow().storedBy(*Ref)) {
    if (!Stored)
      continue;
    std::optional<ErrorCodeOrigin> Origin =
        errorCodeOrigin(*Stored, Flow, Seen);
    if (!Origin)
      continue;
    // `HRESULT hr = e;` with e a DWORD: the conversion to repair.
    const auto *From = dyn_cast<DeclRefExpr>(Stored->IgnoreParenImpCasts());
    if (From && isTypedefNamed(Var->getType(), Hresult) &&
        !isTypedefNamed(From->getType(), Hresult) &&
        From->getType()->isUnsignedIntegerType())
      Origin->Conversion = From;
    return Origin;
  }
  return std::nullopt;
}

void DwordResultCheck::checkSignTest(const BinaryOperator &Test,
                                     ASTContext &Ctx) {
  std::optional<SignTest> Sign = signTest(Test, Ctx);
  if (!Sign)
    return;
  // Built only for tests of a variable.
  auto Flow = [&]() -> const analysis::ValueFlow & {
    return analysis::ValueFlow::shared(
        Ctx, analysis::ValueFlowOptions{{}, systemHeaders()});
  };
  llvm::SmallPtrSet<const Expr *, 8> Seen;
  std::optional<ErrorCodeOrigin> Origin =
      errorCodeOrigin(*Sign->Value, Flow, Seen);
  if (!Origin)
    return;
  const SourceManager &SM = Ctx.getSourceManager();
  std::string Spelled;
  if (Test.getBeginLoc().isMacroID())
    Spelled =
        Lexer::getImmediateMacroName(Test.getBeginLoc(), SM, Ctx.getLangOpts())
            .str();
  if (Spelled.empty())
    Spelled = Sign->TrueOnFailure ? "< 0" : ">= 0";
  const FunctionDecl *Callee = Origin->Call->getDirectCallee();
  diag(SM.getExpansionLoc(Test.getBeginLoc()),
       "'%0' returns a Win32 error code, not an HRESULT; error codes are "
       "positive, so '%1' is %select{always|never}2 true and every failure "
       "reads as success")
      << Callee->getName() << Spelled << Sign->TrueOnFailure;
  if (analysis::stripValue(Sign->Value) != Origin->Call)
    diag(Origin->Call->getBeginLoc(), "'%0' is called here",
         DiagnosticIDs::Note)
        << Callee->getName();
  StringRef FromWin32 = api::spelling(api::Spelling::HresultFromWin32);
  const Expr *At = Origin->Conversion;
  if (!At) {
    diag(Origin->Call->getBeginLoc(),
         "keep the error code in a DWORD variable and convert that variable "
         "with '%0'; do not wrap the call: the macro evaluates its argument "
         "twice",
         DiagnosticIDs::Note)
        << FromWin32;
    return;
  }
  auto Note = diag(At->getBeginLoc(),
                   "convert '%0' with '%1' where it becomes an HRESULT",
                   DiagnosticIDs::Note)
              << cast<DeclRefExpr>(At)->getDecl()->getName() << FromWin32;
  if (At->getBeginLoc().isMacroID() || At->getEndLoc().isMacroID())
    return;
  // The conversion exists as a macro (MinGW) or a function (the SDK's
  // inline HRESULT_FROM_WIN32).
  bool Available = PP && PP->isMacroDefined(FromWin32);
  if (!Available)
    Available = !Ctx.getTranslationUnitDecl()
                     ->lookup(&Ctx.Idents.get(FromWin32))
                     .empty();
  if (!Available)
    return;
  Note << FixItHint::CreateInsertion(At->getBeginLoc(), (FromWin32 + "(").str())
       << FixItHint::CreateInsertion(
              Lexer::getLocForEndOfToken(At->getEndLoc(), 0, SM,
                                         Ctx.getLangOpts()),
              ")");
}

} // namespace clang::tidy::winhttp
