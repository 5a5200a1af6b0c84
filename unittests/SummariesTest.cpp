//===--- SummariesTest.cpp - tests of analysis/Summaries ------------------===//
//
// The call graph's components and the bottom-up summary table, on a toy
// analysis: the WinHTTP functions a function calls, itself or through the
// functions of the TU it calls (a may-summary: a set, joined by union).
// Chains, self and mutual recursion, calls through pointers, order
// independence, and a lattice that never settles.
//
//===----------------------------------------------------------------------===//

#include "analysis/Summaries.h"
#include "ASTTestUtils.h"
#include "analysis/ThreadModel.h"
#include "analysis/ValueFlow.h"
#include "gtest/gtest.h"
#include <set>

namespace clang::tidy::winhttp::test {
namespace {

using analysis::CallGraphComponents;
using analysis::SummaryTable;
using analysis::ValueFlow;
using Calls = std::set<std::string>;

constexpr llvm::StringLiteral Prelude = R"c(
#include <windows.h>
#include <winhttp.h>
)c";

/// The toy analysis over \p Code: each asked function's summary, as the
/// WinHTTP names joined by ",", in the order of \p Asked.
struct Toy {
  explicit Toy(llvm::StringRef Code, Mode M = Mode::MinGWC)
      : AST(buildAST((Prelude + Code).str(), M)),
        Flow(ValueFlow::shared(AST.context(), {})), Graph(Flow),
        Table(
            Graph,
            [this](const FunctionDecl &Def) {
              Calls S;
              analysis::forEachStmtIn(Def, [&](const Stmt &St) {
                const auto *Call = dyn_cast<CallExpr>(&St);
                if (!Call)
                  return;
                for (const FunctionDecl *Callee : Flow.callees(*Call)) {
                  if (Callee->getName().starts_with("WinHttp"))
                    S.insert(Callee->getName().str());
                  else
                    for (const std::string &N : Table.get(Callee))
                      S.insert(N);
                }
              });
              return S;
            },
            Calls{}, Calls{"quiet"}) {
    EXPECT_EQ(AST.errors(), "");
  }

  std::string summary(llvm::StringRef Fn) {
    const FunctionDecl *F = findFunction(AST.context(), Fn);
    EXPECT_NE(F, nullptr) << Fn.str();
    return F ? llvm::join(Table.get(F), ",") : "";
  }

  TestAST AST;
  const ValueFlow &Flow;
  CallGraphComponents Graph;
  SummaryTable<Calls> Table;
};

constexpr llvm::StringLiteral Mutual =
    "void odd(HINTERNET h, int n);\n"
    "void even(HINTERNET h, int n) {\n"
    "  if (n) odd(h, n - 1); else WinHttpSendRequest(h, 0, 0, 0, 0, 0, 0);\n"
    "}\n"
    "void odd(HINTERNET h, int n) {\n"
    "  if (n) even(h, n - 1); else WinHttpCloseHandle(h);\n"
    "}\n"
    "void top(HINTERNET h) { even(h, 3); }\n";

TEST(SummariesTest, ChainsAreSummarisedBottomUp) {
  Toy T("void close(HINTERNET h) { WinHttpCloseHandle(h); }\n"
        "void middle(HINTERNET h) { close(h); }\n"
        "void top(HINTERNET h) { middle(h); WinHttpReadData(h, 0, 0, 0); }\n"
        "void none(void) {}\n");
  EXPECT_EQ(T.summary("top"), "WinHttpCloseHandle,WinHttpReadData");
  EXPECT_EQ(T.summary("middle"), "WinHttpCloseHandle");
  EXPECT_EQ(T.summary("none"), "");
  // No recursion: each function once.
  EXPECT_EQ(T.Table.computed(), 4u);
}

TEST(SummariesTest, SelfRecursionSettles) {
  Toy T("void retry(HINTERNET h, int n) {\n"
        "  if (n) retry(h, n - 1);\n"
        "  else WinHttpSendRequest(h, 0, 0, 0, 0, 0, 0);\n"
        "}\n"
        "void top(HINTERNET h) { retry(h, 3); WinHttpCloseHandle(h); }\n");
  EXPECT_EQ(T.summary("top"), "WinHttpCloseHandle,WinHttpSendRequest");
  EXPECT_EQ(T.summary("retry"), "WinHttpSendRequest");
}

TEST(SummariesTest, MutualRecursionIsOneComponent) {
  Toy T(Mutual);
  const FunctionDecl *Even = findFunction(T.AST.context(), "even");
  const FunctionDecl *Odd = findFunction(T.AST.context(), "odd");
  const FunctionDecl *Top = findFunction(T.AST.context(), "top");
  ASSERT_TRUE(Even && Odd && Top);
  EXPECT_EQ(T.Graph.componentOf(Even), T.Graph.componentOf(Odd));
  EXPECT_NE(T.Graph.componentOf(Even), T.Graph.componentOf(Top));
  EXPECT_TRUE(T.Graph.recursive(*T.Graph.componentOf(Even)));
  EXPECT_FALSE(T.Graph.recursive(*T.Graph.componentOf(Top)));
  EXPECT_EQ(T.Graph.below(*T.Graph.componentOf(Top)),
            llvm::ArrayRef<unsigned>(*T.Graph.componentOf(Even)));
  // Members in the stable order: by name.
  llvm::ArrayRef<const FunctionDecl *> Members =
      T.Graph.members(*T.Graph.componentOf(Odd));
  ASSERT_EQ(Members.size(), 2u);
  EXPECT_EQ(Members[0]->getName(), "even");
  EXPECT_EQ(T.summary("odd"), "WinHttpCloseHandle,WinHttpSendRequest");
  EXPECT_EQ(T.summary("even"), "WinHttpCloseHandle,WinHttpSendRequest");
  EXPECT_EQ(T.summary("top"), "WinHttpCloseHandle,WinHttpSendRequest");
}

TEST(SummariesTest, TheFirstAskedDoesNotMatter) {
  // Asked in another order, and with the functions in another order.
  const std::string Reordered =
      "void even(HINTERNET h, int n);\n"
      "void top(HINTERNET h) { even(h, 3); }\n"
      "void odd(HINTERNET h, int n) {\n"
      "  if (n) even(h, n - 1); else WinHttpCloseHandle(h);\n"
      "}\n"
      "void even(HINTERNET h, int n) {\n"
      "  if (n) odd(h, n - 1); else WinHttpSendRequest(h, 0, 0, 0, 0, 0, 0);\n"
      "}\n";
  for (const std::string &Code : {Mutual.str(), Reordered}) {
    for (llvm::StringRef First : {"odd", "even", "top"}) {
      Toy T(Code);
      T.summary(First);
      EXPECT_EQ(T.summary("odd"), "WinHttpCloseHandle,WinHttpSendRequest");
      EXPECT_EQ(T.summary("even"), "WinHttpCloseHandle,WinHttpSendRequest");
    }
  }
}

TEST(SummariesTest, CallsThroughPointersAreEdges) {
  for (Mode M : {Mode::MinGWC, Mode::MinGWCpp, Mode::MSVC}) {
    Toy T("static void closer(HINTERNET h) { WinHttpCloseHandle(h); }\n"
          "static void (*const Cleanup)(HINTERNET) = closer;\n"
          "void top(HINTERNET h) { Cleanup(h); }\n",
          M);
    EXPECT_EQ(T.summary("top"), "WinHttpCloseHandle");
  }
}

TEST(SummariesTest, CppMembersAndLambdas) {
  Toy T("struct Client {\n"
        "  HINTERNET Request;\n"
        "  void close() { WinHttpCloseHandle(Request); }\n"
        "  void stop() { auto L = [this] { close(); }; L(); }\n"
        "};\n",
        Mode::MinGWCpp);
  EXPECT_EQ(T.summary("close"), "WinHttpCloseHandle");
  EXPECT_EQ(T.summary("stop"), "WinHttpCloseHandle");
}

TEST(SummariesTest, FunctionsWithoutBodiesAreBottom) {
  Toy T("void external(HINTERNET h);\n"
        "void top(HINTERNET h) { external(h); }\n");
  EXPECT_FALSE(T.Graph.componentOf(findFunction(T.AST.context(), "external")));
  EXPECT_EQ(T.summary("external"), "");
  EXPECT_EQ(T.summary("top"), "");
}

/// A lattice without a finite height: a self-recursive function's summary
/// is one more than its own.
TEST(SummariesTest, ARecursionThatDoesNotSettleIsQuiet) {
  TestAST AST = buildAST("int loop(int n) { return n ? loop(n - 1) : 0; }\n"
                         "int top(void) { return loop(3); }\n",
                         Mode::MinGWC);
  const ValueFlow &Flow = ValueFlow::shared(AST.context(), {});
  CallGraphComponents Graph(Flow);
  SummaryTable<int> *Self = nullptr;
  SummaryTable<int> Table(
      Graph,
      [&](const FunctionDecl &Def) {
        return Def.getName() == "loop" ? Self->get(&Def) + 1 : 7;
      },
      0, -1);
  Self = &Table;
  analysis::limits::Hits Hits;
  {
    analysis::limits::Scope S(&Hits, /*Minimal=*/false);
    EXPECT_EQ(Table.get(findFunction(AST.context(), "loop")), -1);
    EXPECT_EQ(Table.get(findFunction(AST.context(), "top")), 7);
  }
  ASSERT_EQ(Hits.size(), 1u);
  EXPECT_EQ(Hits[0].Limit, "SummaryRounds");
  EXPECT_EQ(Table.computed(), analysis::limits::SummaryRounds + 1);
}

} // namespace
} // namespace clang::tidy::winhttp::test
