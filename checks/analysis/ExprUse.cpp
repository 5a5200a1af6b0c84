//===--- ExprUse.cpp - how a value is consumed ----------------------------===//
//
// Walks up the parents from a value to the node that consumes it.
//
//===----------------------------------------------------------------------===//

#include "ExprUse.h"
#include "Descendants.h"
#include "MacroSpelling.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

namespace clang::tidy::winhttp::analysis {

// The single parent of \p Node, or an empty node where there is none or the
// tree is ambiguous (template instantiations share their patterns' nodes).
static DynTypedNode parentOf(const DynTypedNode &Node, ParentIndex &Parents) {
  return Parents.parent(Node);
}

// Parentheses, implicit casts and cleanups do not change what a value means
// to the code around it.
static bool isTransparent(const Stmt &S) {
  return isa<ParenExpr, ImplicitCastExpr, ExprWithCleanups, ConstantExpr,
             MaterializeTemporaryExpr, CXXBindTemporaryExpr>(S);
}

static QualType returnTypeOfEnclosingFunction(const Stmt &S,
                                              ParentIndex &Parents) {
  DynTypedNode Node = DynTypedNode::create(S);
  while (true) {
    Node = parentOf(Node, Parents);
    if (Node.getNodeKind().isNone())
      return {};
    if (const auto *FD = Node.get<FunctionDecl>())
      return FD->getReturnType();
    if (const auto *BD = Node.get<BlockDecl>())
      if (const auto *FT = BD->getSignatureAsWritten()
                               ? BD->getSignatureAsWritten()
                                     ->getType()
                                     ->getAs<FunctionType>()
                               : nullptr)
        return FT->getReturnType();
    if (const auto *LE = Node.get<LambdaExpr>())
      return LE->getCallOperator()->getReturnType();
  }
}

// How the statement \p User (not transparent) uses its child \p Current.
static void classifyStmtUse(const Stmt &User, const Stmt *Current, ExprUse &Use,
                            ParentIndex &Parents) {
  const Stmt *S = &User;
  auto IsCond = [&](const Expr *Cond) { return Cond == Current; };
  if ((isa<IfStmt>(S) && IsCond(cast<IfStmt>(S)->getCond())) ||
      (isa<WhileStmt>(S) && IsCond(cast<WhileStmt>(S)->getCond())) ||
      (isa<DoStmt>(S) && IsCond(cast<DoStmt>(S)->getCond())) ||
      (isa<ForStmt>(S) && IsCond(cast<ForStmt>(S)->getCond())) ||
      (isa<AbstractConditionalOperator>(S) &&
       IsCond(cast<AbstractConditionalOperator>(S)->getCond()))) {
    Use.K = ExprUse::Kind::Condition;
    return;
  }

  if (const auto *UO = dyn_cast<UnaryOperator>(S)) {
    if (UO->getOpcode() == UO_LNot)
      Use.K = ExprUse::Kind::Negation;
    return;
  }

  if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
    if (BO->isLogicalOp()) {
      Use.K = ExprUse::Kind::LogicalOperand;
    } else if (BO->isEqualityOp()) {
      Use.K = ExprUse::Kind::Comparison;
      Use.IsEqual = BO->getOpcode() == BO_EQ;
      Use.OtherOperand = BO->getLHS() == Current ? BO->getRHS() : BO->getLHS();
    } else if (BO->getOpcode() == BO_Assign && BO->getRHS() == Current) {
      Use.K = ExprUse::Kind::Conversion;
      Use.DestType = BO->getLHS()->getType();
      if (const auto *Ref =
              dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParenImpCasts()))
        Use.StoredTo = dyn_cast<VarDecl>(Ref->getDecl());
    }
    return;
  }

  if (const auto *Cast = dyn_cast<ExplicitCastExpr>(S)) {
    Use.K = ExprUse::Kind::Conversion;
    Use.DestType = Cast->getTypeAsWritten();
    return;
  }

  if (isa<ReturnStmt>(S)) {
    QualType T = returnTypeOfEnclosingFunction(*S, Parents);
    if (!T.isNull()) {
      Use.K = ExprUse::Kind::Conversion;
      Use.DestType = T;
    }
    return;
  }

  if (const auto *Call = dyn_cast<CallExpr>(S)) {
    if (Call->getCallee() == Current) {
      Use.K = ExprUse::Kind::Called;
      return;
    }
    const FunctionDecl *Callee = Call->getDirectCallee();
    for (unsigned I = 0, N = Call->getNumArgs(); I != N; ++I) {
      if (Call->getArg(I) != Current)
        continue;
      if (Callee && I < Callee->getNumParams()) {
        Use.K = ExprUse::Kind::Conversion;
        Use.DestType = Callee->getParamDecl(I)->getType();
      }
      break;
    }
  }
}

ExprUse classifyUse(const Expr &E, ParentIndex &Parents) {
  ExprUse Use;
  const Stmt *Current = &E;
  DynTypedNode Parent = parentOf(DynTypedNode::create(E), Parents);
  while (const auto *S = Parent.get<Stmt>()) {
    if (!isTransparent(*S))
      break;
    Current = S;
    Parent = parentOf(Parent, Parents);
  }
  Use.Value = cast<Expr>(Current);

  if (const auto *VD = Parent.get<VarDecl>()) {
    if (VD->getInit() == Current) {
      Use.K = ExprUse::Kind::Conversion;
      Use.DestType = VD->getType();
      Use.StoredTo = VD;
    }
    return Use;
  }

  const auto *S = Parent.get<Stmt>();
  if (!S)
    return Use;
  Use.User = S;
  classifyStmtUse(*S, Current, Use, Parents);
  return Use;
}

// Whether \p Child of the statement \p S (not an expression) is evaluated
// for its value.
static bool usesChild(const Stmt &S, const Stmt *Child) {
  if (const auto *If = dyn_cast<IfStmt>(&S))
    return If->getCond() == Child;
  if (const auto *While = dyn_cast<WhileStmt>(&S))
    return While->getCond() == Child;
  if (const auto *Do = dyn_cast<DoStmt>(&S))
    return Do->getCond() == Child;
  if (const auto *For = dyn_cast<ForStmt>(&S))
    return For->getCond() == Child;
  if (const auto *Switch = dyn_cast<SwitchStmt>(&S))
    return Switch->getCond() == Child;
  return !isa<CompoundStmt, LabelStmt, CaseStmt, DefaultStmt, AttributedStmt>(
      S);
}

const Stmt *discardingStatement(const Expr &E, ParentIndex &Parents) {
  const Stmt *Current = &E;
  DynTypedNode Parent = parentOf(DynTypedNode::create(E), Parents);
  while (const auto *S = Parent.get<Stmt>()) {
    const auto *Comma = dyn_cast<BinaryOperator>(S);
    if (Comma && Comma->getOpcode() == BO_Comma && Comma->getLHS() == Current)
      return Comma->getLHS();
    const auto *Cond = dyn_cast<AbstractConditionalOperator>(S);
    if (isTransparent(*S) || (Comma && Comma->getOpcode() == BO_Comma) ||
        (Cond && Cond->getCond() != Current)) {
      Current = S;
      Parent = parentOf(Parent, Parents);
      continue;
    }
    if (isa<Expr>(S) || usesChild(*S, Current))
      return nullptr;
    // The last statement of a GNU statement expression is its value.
    if (const auto *Block = dyn_cast<CompoundStmt>(S))
      if (!Block->body_empty() && Block->body_back() == Current &&
          parentOf(Parent, Parents).get<StmtExpr>())
        return nullptr;
    return Current;
  }
  return nullptr;
}

std::optional<std::pair<const Stmt *, const Stmt *>>
blockStatementOf(const Stmt &S, ParentIndex &Parents) {
  const Stmt *Current = &S;
  DynTypedNode Parent = parentOf(DynTypedNode::create(S), Parents);
  while (!Parent.getNodeKind().isNone()) {
    // An initialiser's parent is its variable, whose parent is the DeclStmt.
    const auto *P = Parent.get<Stmt>();
    if (!P) {
      if (!Parent.get<VarDecl>())
        return std::nullopt;
      Parent = parentOf(Parent, Parents);
      continue;
    }
    if (const auto *Block = dyn_cast<CompoundStmt>(P)) {
      const auto *It = llvm::find(Block->body(), Current);
      if (It == Block->body_end())
        return std::nullopt;
      ++It;
      return std::make_pair(Current, It == Block->body_end() ? nullptr : *It);
    }
    Current = P;
    Parent = parentOf(Parent, Parents);
  }
  return std::nullopt;
}

bool isTruthTest(const ExprUse &Use) {
  return Use.K == ExprUse::Kind::Condition ||
         Use.K == ExprUse::Kind::Negation ||
         Use.K == ExprUse::Kind::LogicalOperand;
}

llvm::SmallVector<const DeclRefExpr *, 8>
findReferences(const VarDecl &Var, const Stmt &Body, ASTContext &Ctx) {
  llvm::SmallVector<const DeclRefExpr *, 8> Refs;
  for (const DeclRefExpr *Ref : descendantsOfType<DeclRefExpr>(Body))
    if (Ref->getDecl() == &Var)
      Refs.push_back(Ref);
  const SourceManager &SM = Ctx.getSourceManager();
  llvm::sort(Refs, [&SM](const DeclRefExpr *A, const DeclRefExpr *B) {
    return SM.isBeforeInTranslationUnit(A->getBeginLoc(), B->getBeginLoc());
  });
  return Refs;
}

static bool isAssignmentTarget(const DeclRefExpr &Ref, ParentIndex &Parents) {
  if (const auto *BO = Parents.parent(Ref).get<BinaryOperator>())
    return BO->isAssignmentOp() && BO->getLHS()->IgnoreParens() == &Ref;
  return false;
}

llvm::SmallVector<const DeclRefExpr *, 8>
findReadsAfter(const VarDecl &Var, const Expr &Store, ParentIndex &Parents) {
  llvm::SmallVector<const DeclRefExpr *, 8> Reads;
  const Stmt *Body = enclosingFunctionBody(Store, Parents);
  ASTContext &Ctx = Parents.context();
  if (!Body)
    return Reads;
  const SourceManager &SM = Ctx.getSourceManager();
  for (const DeclRefExpr *Ref : findReferences(Var, *Body, Ctx)) {
    if (!SM.isBeforeInTranslationUnit(Store.getEndLoc(), Ref->getBeginLoc()))
      continue;
    if (isAssignmentTarget(*Ref, Parents))
      break;
    Reads.push_back(Ref);
  }
  return Reads;
}

std::optional<llvm::APSInt> evaluateInt(const Expr &E, const ASTContext &Ctx) {
  if (E.isValueDependent() || E.isTypeDependent() || E.containsErrors())
    return std::nullopt;
  Expr::EvalResult R;
  if (!E.EvaluateAsInt(R, Ctx))
    return std::nullopt;
  return R.Val.getInt();
}

const Stmt *enclosingFunctionBody(const Stmt &S, ParentIndex &Parents) {
  DynTypedNode Node = DynTypedNode::create(S);
  while (true) {
    Node = parentOf(Node, Parents);
    if (Node.getNodeKind().isNone())
      return nullptr;
    if (const auto *FD = Node.get<FunctionDecl>())
      return FD->getBody();
    if (const auto *BD = Node.get<BlockDecl>())
      return BD->getBody();
    if (const auto *LE = Node.get<LambdaExpr>())
      return LE->getBody();
  }
}

// Whether `A op B` (an equality comparison) must be parenthesised to replace
// \p Replaced without changing how the code around it groups.
static bool needsParens(const Expr &Replaced, ParentIndex &Parents) {
  DynTypedNode Parent = parentOf(DynTypedNode::create(Replaced), Parents);
  while (const auto *S = Parent.get<Stmt>()) {
    if (!isa<ImplicitCastExpr, ExprWithCleanups, ConstantExpr>(S))
      break;
    Parent = parentOf(Parent, Parents);
  }
  if (Parent.get<VarDecl>())
    return false;
  const auto *S = Parent.get<Stmt>();
  if (!S)
    return true;
  // Their own syntax already brackets the operand.
  if (isa<ParenExpr, IfStmt, WhileStmt, DoStmt, ForStmt, ReturnStmt, CallExpr,
          CXXConstructExpr, InitListExpr, CXXNamedCastExpr,
          CXXFunctionalCastExpr>(S))
    return false;
  if (const auto *BO = dyn_cast<BinaryOperator>(S))
    return !(BO->isLogicalOp() || BO->isAssignmentOp() ||
             BO->getOpcode() == BO_Comma);
  if (const auto *CO = dyn_cast<AbstractConditionalOperator>(S))
    return CO->getCond() != &Replaced &&
           CO->getCond()->IgnoreImpCasts() != &Replaced;
  return true;
}

static CharSourceRange fileRange(SourceRange R, const ASTContext &Ctx) {
  return Lexer::makeFileCharRange(CharSourceRange::getTokenRange(R),
                                  Ctx.getSourceManager(), Ctx.getLangOpts());
}

std::optional<llvm::SmallVector<FixItHint, 2>>
rewriteAsComparison(const ExprUse &Use, const Expr &Value, llvm::StringRef Op,
                    llvm::StringRef Rhs, ParentIndex &Parents) {
  ASTContext &Ctx = Parents.context();
  if (Value.getBeginLoc().isMacroID() || Value.getEndLoc().isMacroID())
    return std::nullopt;
  llvm::StringRef ValueText = sourceText(Value, Ctx);
  if (ValueText.empty())
    return std::nullopt;
  llvm::SmallVector<FixItHint, 2> Fixes;

  if (Use.K == ExprUse::Kind::Comparison) {
    const auto *BO = cast<BinaryOperator>(Use.User);
    CharSourceRange Other = fileRange(Use.OtherOperand->getSourceRange(), Ctx);
    if (BO->getOperatorLoc().isMacroID() || Other.isInvalid())
      return std::nullopt;
    Fixes.push_back(FixItHint::CreateReplacement(
        CharSourceRange::getTokenRange(BO->getOperatorLoc()), Op));
    Fixes.push_back(FixItHint::CreateReplacement(Other, Rhs));
    return Fixes;
  }

  const Expr *Replaced = Use.Value;
  if (Use.K == ExprUse::Kind::Negation) {
    const auto *UO = cast<UnaryOperator>(Use.User);
    if (UO->getOperatorLoc().isMacroID())
      return std::nullopt;
    Replaced = UO;
  }
  CharSourceRange Range = fileRange(Replaced->getSourceRange(), Ctx);
  if (Range.isInvalid())
    return std::nullopt;
  std::string Text = (ValueText + " " + Op + " " + Rhs).str();
  if (needsParens(*Replaced, Parents))
    Text = "(" + Text + ")";
  Fixes.push_back(FixItHint::CreateReplacement(Range, Text));
  return Fixes;
}

const Expr *stripValue(const Expr *E) {
  while (true) {
    const Expr *Next = E->IgnoreParenCasts();
    if (const auto *EWC = dyn_cast<ExprWithCleanups>(Next))
      Next = EWC->getSubExpr();
    else if (const auto *MT = dyn_cast<MaterializeTemporaryExpr>(Next))
      Next = MT->getSubExpr();
    else if (const auto *BT = dyn_cast<CXXBindTemporaryExpr>(Next))
      Next = BT->getSubExpr();
    else if (const auto *DA = dyn_cast<CXXDefaultArgExpr>(Next))
      Next = DA->getExpr();
    else if (const auto *DI = dyn_cast<CXXDefaultInitExpr>(Next))
      Next = DI->getExpr();
    else if (const auto *CE = dyn_cast<CXXConstructExpr>(Next);
             CE && CE->getNumArgs() == 1 &&
             CE->getConstructor()->isCopyOrMoveConstructor())
      Next = CE->getArg(0);
    if (Next == E)
      return E;
    E = Next;
  }
}

} // namespace clang::tidy::winhttp::analysis
