//===--- SolverTest.cpp - tests of analysis/Dataflow on toy lattices ------===//
//
// Runs the one dataflow solver with small lattices whose answers are easy to
// state by hand (variables assigned on some path, on every path, live
// variables, a branch refinement, a lattice without a finite height), on
// code with branches, loops, gotos and dead code, in C.
//
//===----------------------------------------------------------------------===//

#include "analysis/Dataflow.h"
#include "ASTTestUtils.h"
#include "analysis/FunctionCfg.h"
#include "llvm/ADT/StringExtras.h"
#include "gtest/gtest.h"
#include <set>
#include <string>

namespace clang::tidy::winhttp::test {
namespace {

using analysis::dataflow::Direction;
using Names = std::set<std::string>;

/// The variable an element assigns (`x = ...` or `int x = ...`), if any.
std::string assigned(const CFGElement &E) {
  std::optional<CFGStmt> CS = E.getAs<CFGStmt>();
  if (!CS)
    return "";
  if (const auto *BO = dyn_cast<BinaryOperator>(CS->getStmt());
      BO && BO->isAssignmentOp())
    if (const auto *DRE = dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParens()))
      return DRE->getDecl()->getNameAsString();
  if (const auto *DS = dyn_cast<DeclStmt>(CS->getStmt()))
    if (const auto *VD = dyn_cast<VarDecl>(DS->getSingleDecl());
        VD && VD->hasInit())
      return VD->getNameAsString();
  return "";
}

/// Lattice: sets of names, ordered by inclusion (may) or by reverse
/// inclusion (must); the transfer adds the variable an element assigns.
struct Assigned {
  using State = Names;
  static constexpr Direction Dir = Direction::Forward;
  bool Must = false;
  State boundary() const { return {}; }
  void join(State &Into, const State &From) const {
    if (!Must)
      return Into.insert(From.begin(), From.end());
    State Both;
    for (const std::string &N : Into)
      if (From.count(N))
        Both.insert(N);
    Into = std::move(Both);
  }
  void transfer(const CFGElement &E, State &S) const {
    if (std::string N = assigned(E); !N.empty())
      S.insert(N);
  }
};

/// Lattice: sets of names by inclusion, backward; a reference reads, an
/// assignment kills (the classic liveness).
struct Live {
  using State = Names;
  static constexpr Direction Dir = Direction::Backward;
  State boundary() const { return {}; }
  void join(State &Into, const State &From) const {
    Into.insert(From.begin(), From.end());
  }
  void transfer(const CFGElement &E, State &S) const {
    std::optional<CFGStmt> CS = E.getAs<CFGStmt>();
    if (!CS)
      return;
    if (std::string N = assigned(E); !N.empty()) {
      S.erase(N);
      return;
    }
    // A read is a load of the variable; the left side of an assignment is
    // an element of its own too, and reads nothing.
    const auto *Load = dyn_cast<ImplicitCastExpr>(CS->getStmt());
    if (!Load || Load->getCastKind() != CK_LValueToRValue)
      return;
    if (const auto *DRE = dyn_cast<DeclRefExpr>(Load->getSubExpr());
        DRE && isa<VarDecl>(DRE->getDecl()))
      S.insert(DRE->getDecl()->getNameAsString());
  }
};

/// Assigned (may), plus "then" on the true edge of every branch and "else"
/// on its false edge: the refinement per edge.
struct Branches : Assigned {
  void edge(const CFGBlock &From, const CFGBlock &To, State &S) const {
    if (!From.getTerminatorCondition() || From.succ_size() != 2)
      return;
    S.insert(*From.succ_begin() == &To ? "then" : "else");
  }
};

/// Lattice without a finite height: a counter that every element raises,
/// joined by max. Around a loop it never settles.
struct Counter {
  using State = unsigned;
  static constexpr Direction Dir = Direction::Forward;
  State boundary() const { return 0; }
  void join(State &Into, const State &From) const {
    Into = std::max(Into, From);
  }
  void transfer(const CFGElement &, State &S) const { ++S; }
};

/// The code, its CFG and the states of one analysis before each call.
template <typename A> struct Solution {
  TestAST AST;
  analysis::FunctionCfgs Cfgs;
  const CFG *G = nullptr;
  analysis::dataflow::Result<typename A::State> R;
  /// The state before the call of each function, by callee name.
  std::map<std::string, typename A::State> AtCall;

  Solution(llvm::StringRef Code, const A &Analysis = A())
      : AST(buildAST(Code, Mode::MinGWC)), Cfgs(AST.context()) {
    EXPECT_EQ(AST.errors(), "");
    G = Cfgs.get(findFunction(AST.context(), "f"));
    if (!G)
      return;
    R = analysis::dataflow::solve(*G, Analysis);
    analysis::dataflow::replay(
        *G, Analysis, R,
        [&](const CFGElement &E, const typename A::State &S) {
          std::optional<CFGStmt> CS = E.getAs<CFGStmt>();
          const auto *Call = CS ? dyn_cast<CallExpr>(CS->getStmt()) : nullptr;
          if (Call && Call->getDirectCallee())
            AtCall[Call->getDirectCallee()->getNameAsString()] = S;
        });
  }
};

std::string str(const Names &N) { return llvm::join(N, ","); }

constexpr llvm::StringLiteral Decls =
    "int c(void); void p(void); void q(void); void r(void);\n";

TEST(SolverTest, MayJoinsBothBranches) {
  Solution<Assigned> Sol((Decls + "void f(void) { int a, b;\n"
                             "  if (c()) a = 1; else b = 2;\n"
                             "  p(); }")
                        .str());
  ASSERT_TRUE(Sol.G);
  EXPECT_TRUE(Sol.R.Complete);
  EXPECT_EQ(str(Sol.AtCall["p"]), "a,b");
}

TEST(SolverTest, MinimalBoundsCutALoopShort) {
  // With every bound at 1 (MinimalAnalysisBounds) a run may visit each
  // block once: a loop needs more, so the run is incomplete and says where.
  const std::string Code =
      (Decls + "void f(void) { int a; while (c()) { p(); a = 1; } }").str();
  analysis::limits::Hits Hits;
  {
    analysis::limits::Scope Minimal(&Hits, /*Minimal=*/true);
    Solution<Assigned> Sol(Code);
    ASSERT_TRUE(Sol.G);
    EXPECT_FALSE(Sol.R.Complete);
  }
  ASSERT_EQ(Hits.size(), 1u);
  EXPECT_EQ(Hits[0].Limit, "SolverVisitsPerBlock");
  Solution<Assigned> Sol(Code);
  EXPECT_TRUE(Sol.R.Complete);
}

TEST(SolverTest, MustMeetsBothBranches) {
  Solution<Assigned> Sol((Decls + "void f(void) { int a, b;\n"
                             "  if (c()) { a = 1; b = 1; } else b = 2;\n"
                             "  p(); }")
                        .str(),
                    Assigned{/*Must=*/true});
  EXPECT_EQ(str(Sol.AtCall["p"]), "b");
}

TEST(SolverTest, LoopReachesFixpoint) {
  // The assignment at the loop's end reaches its head: p sees it, and so
  // does the call after the loop; q before the loop does not.
  Solution<Assigned> Sol((Decls + "void f(void) { int a, b; q();\n"
                             "  while (c()) { p(); a = 1; }\n"
                             "  r(); b = 0; }")
                        .str());
  EXPECT_TRUE(Sol.R.Complete);
  EXPECT_EQ(str(Sol.AtCall["q"]), "");
  EXPECT_EQ(str(Sol.AtCall["p"]), "a");
  EXPECT_EQ(str(Sol.AtCall["r"]), "a");
}

TEST(SolverTest, GotoBackwardsIsALoop) {
  Solution<Assigned> Sol((Decls + "void f(void) { int a;\n"
                             "again: p();\n"
                             "  a = 1; if (c()) goto again; }")
                        .str());
  EXPECT_EQ(str(Sol.AtCall["p"]), "a");
}

TEST(SolverTest, UnreachedCodeHasNoState) {
  Solution<Assigned> Sol((Decls + "void f(void) { int a = 0; return; p(); }").str());
  EXPECT_EQ(Sol.AtCall.count("p"), 0u);
}

TEST(SolverTest, EdgeRefinesEachBranch) {
  Solution<Branches> Sol((Decls + "void f(void) {\n"
                             "  if (c()) p(); else q();\n"
                             "  r(); }")
                        .str());
  EXPECT_EQ(str(Sol.AtCall["p"]), "then");
  EXPECT_EQ(str(Sol.AtCall["q"]), "else");
  EXPECT_EQ(str(Sol.AtCall["r"]), "else,then");
}

TEST(SolverTest, BackwardLiveness) {
  // Backward, the state "before" an element is the one after it in the
  // code: what is live once the call returns.
  Solution<Live> Sol((Decls + "void f(void) { int a = c(), b = c();\n"
                         "  p(); if (c()) q(); a = b;\n"
                         "  r(); c(); }")
                    .str());
  EXPECT_TRUE(Sol.R.Complete);
  EXPECT_EQ(str(Sol.AtCall["p"]), "b");
  EXPECT_EQ(str(Sol.AtCall["q"]), "b");
  EXPECT_EQ(str(Sol.AtCall["r"]), "");
}

TEST(SolverTest, BackwardLoopKeepsLiveAcrossIterations) {
  Solution<Live> Sol((Decls + "void f(void) { int a = 0;\n"
                         "  while (c()) { p(); a = a + 1; } }")
                    .str());
  EXPECT_EQ(str(Sol.AtCall["p"]), "a");
}

TEST(SolverTest, BoundStopsALatticeWithoutFiniteHeight) {
  Solution<Counter> Loop((Decls + "void f(void) { while (c()) p(); }").str());
  EXPECT_FALSE(Loop.R.Complete);
  // Without a loop the same lattice settles at once.
  Solution<Counter> Straight((Decls + "void f(void) { if (c()) p(); q(); }").str());
  EXPECT_TRUE(Straight.R.Complete);
}

} // namespace
} // namespace clang::tidy::winhttp::test
