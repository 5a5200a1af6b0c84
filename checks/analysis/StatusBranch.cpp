//===--- StatusBranch.cpp - code of a status callback per status ----------===//
//
// A walk over a callback's body that follows switches case by case and ifs
// branch by branch.
//
//===----------------------------------------------------------------------===//

#include "StatusBranch.h"
#include "ExprUse.h"

namespace clang::tidy::winhttp::analysis {

static bool isValue(const Expr *E, uint64_t Status, const ASTContext &Ctx) {
  std::optional<llvm::APSInt> V = E ? evaluateInt(*E, Ctx) : std::nullopt;
  return V && V->getExtValue() == static_cast<int64_t>(Status);
}

// Whether \p Cond compares with Status, and whether for equality.
static std::optional<bool> comparesWith(const Expr *Cond, uint64_t Status,
                                        const ASTContext &Ctx) {
  const auto *BO =
      Cond ? dyn_cast<BinaryOperator>(Cond->IgnoreParenImpCasts()) : nullptr;
  if (!BO || !BO->isEqualityOp())
    return std::nullopt;
  if (!isValue(BO->getLHS(), Status, Ctx) &&
      !isValue(BO->getRHS(), Status, Ctx))
    return std::nullopt;
  return BO->getOpcode() == BO_EQ;
}

namespace {
class Walker {
public:
  Walker(uint64_t Status, const ASTContext &Ctx,
         llvm::function_ref<void(const Stmt &)> Fn)
      : Status(Status), Ctx(Ctx), Fn(Fn) {}

  void walk(const Stmt *S) {
    if (!S)
      return;
    if (const auto *Switch = dyn_cast<SwitchStmt>(S)) {
      walkSwitchBody(Switch->getBody());
      return;
    }
    if (const auto *If = dyn_cast<IfStmt>(S)) {
      if (std::optional<bool> Eq = comparesWith(If->getCond(), Status, Ctx)) {
        const Stmt *Taken = *Eq ? If->getThen() : If->getElse();
        const Stmt *Other = *Eq ? If->getElse() : If->getThen();
        if (Taken)
          Fn(*Taken);
        walk(Other);
        return;
      }
    }
    for (const Stmt *Child : S->children())
      walk(Child);
  }

private:
  // The statements of a switch body run for the labels before them, until
  // the next label.
  void walkSwitchBody(const Stmt *Body) {
    const auto *Block = dyn_cast_or_null<CompoundStmt>(Body);
    if (!Block) {
      walk(Body);
      return;
    }
    bool InCase = false;
    for (const Stmt *Child : Block->body()) {
      const Stmt *Sub = Child;
      bool Labelled = false, Matches = false;
      while (const auto *SC = dyn_cast_or_null<SwitchCase>(Sub)) {
        Labelled = true;
        if (const auto *Case = dyn_cast<CaseStmt>(SC))
          Matches |= isValue(Case->getLHS(), Status, Ctx);
        Sub = SC->getSubStmt();
      }
      if (Labelled)
        InCase = Matches;
      if (!Sub)
        continue;
      if (InCase)
        Fn(*Sub);
      else
        walk(Sub);
    }
  }

  uint64_t Status;
  const ASTContext &Ctx;
  llvm::function_ref<void(const Stmt &)> Fn;
};
} // namespace

void forEachStatusBranch(const Stmt &Body, uint64_t Status,
                         const ASTContext &Ctx,
                         llvm::function_ref<void(const Stmt &)> Fn) {
  Walker(Status, Ctx, Fn).walk(&Body);
}

bool contains(const Stmt &Outer, const Stmt &Inner) {
  if (&Outer == &Inner)
    return true;
  for (const Stmt *Child : Outer.children())
    if (Child && contains(*Child, Inner))
      return true;
  return false;
}

} // namespace clang::tidy::winhttp::analysis
