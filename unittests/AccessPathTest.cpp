//===--- AccessPathTest.cpp - tests of analysis/AccessPath ----------------===//
//
// Builds the access path of the handle argument of every call of `use` in a
// program and asks what it prints as, which paths are equal and which are
// exact: locals, parameters, globals, fields through `.`, `->` and `*`,
// `this`, elements, smart pointers, context structs, temporaries and
// allocations, in C, C++ and the MSVC mode.
//
//===----------------------------------------------------------------------===//

#include "analysis/AccessPath.h"
#include "ASTTestUtils.h"
#include "gtest/gtest.h"

namespace clang::tidy::winhttp::test {
namespace {

using analysis::AccessPath;
using namespace ast_matchers;

constexpr llvm::StringLiteral Prelude = R"c(
#include <windows.h>
#include <winhttp.h>
void use(HINTERNET h);
)c";

/// The paths of the arguments of the calls of `use`, in source order.
std::vector<std::optional<AccessPath>> pathsIn(TestAST &AST) {
  ASTContext &Ctx = AST.context();
  std::vector<std::optional<AccessPath>> Out;
  auto Calls = callExpr(callee(functionDecl(hasName("use")))).bind("node");
  for (unsigned I = 0;; ++I) {
    const auto *Call = findNth<CallExpr>(Ctx, Calls, I);
    if (!Call)
      return Out;
    Out.push_back(AccessPath::ofLvalue(*Call->getArg(0), Ctx));
  }
}

/// The paths of \p Code's uses as printed, "none" for no path and a
/// trailing " inexact" when the path is not exact.
std::vector<std::string> printed(llvm::StringRef Code,
                                 Mode M = Mode::MinGWCpp) {
  TestAST AST = buildAST((Prelude + Code).str(), M);
  EXPECT_EQ(AST.errors(), "");
  std::vector<std::string> Out;
  for (const std::optional<AccessPath> &P : pathsIn(AST))
    Out.push_back(!P ? "none" : P->str() + (P->exact() ? "" : " inexact"));
  return Out;
}

/// Whether all of \p Code's uses have one path.
bool allEqual(llvm::StringRef Code, Mode M = Mode::MinGWCpp) {
  TestAST AST = buildAST((Prelude + Code).str(), M);
  EXPECT_EQ(AST.errors(), "");
  std::vector<std::optional<AccessPath>> Paths = pathsIn(AST);
  EXPECT_GE(Paths.size(), 2u);
  return llvm::all_of(Paths, [&](const std::optional<AccessPath> &P) {
    return P && Paths.front() && *P == *Paths.front();
  });
}

using Lines = std::vector<std::string>;

TEST(AccessPathTest, VariablesInEveryPosition) {
  // A declaration, an assignment, a condition, a return and a loop read
  // one local; a parameter and a global are roots of their own.
  const char *Code = "HINTERNET g;\n"
                     "HINTERNET f(HINTERNET p) {\n"
                     "  HINTERNET h = p;\n"
                     "  use(h);\n"
                     "  h = g;\n"
                     "  if (h) use(h);\n"
                     "  for (int i = 0; i < 2; ++i) use(h);\n"
                     "  use(p);\n"
                     "  use(g);\n"
                     "  return h;\n"
                     "}\n";
  for (Mode M : {Mode::MinGWC, Mode::MinGWCpp, Mode::MSVC})
    EXPECT_EQ(printed(Code, M), (Lines{"h", "h", "h", "p", "g"}));
  TestAST AST = buildAST((Prelude + Code).str(), Mode::MinGWC);
  std::vector<std::optional<AccessPath>> P = pathsIn(AST);
  EXPECT_EQ(P[0]->rootKind(), AccessPath::RootKind::Local);
  EXPECT_EQ(P[3]->rootKind(), AccessPath::RootKind::Parameter);
  EXPECT_EQ(P[4]->rootKind(), AccessPath::RootKind::Global);
  EXPECT_EQ(*P[0], *P[2]);
  EXPECT_NE(*P[0], *P[3]);
}

TEST(AccessPathTest, FieldsThroughPointersAndObjects) {
  const char *Code = "struct Ctx { HINTERNET req; struct Ctx *next; };\n"
                     "void f(struct Ctx *c, struct Ctx o) {\n"
                     "  use(c->req);\n"
                     "  use((*c).req);\n"
                     "  use(o.req);\n"
                     "  use((&o)->req);\n"
                     "  use(c->next->req);\n"
                     "  use(*&c->req);\n"
                     "}\n";
  for (Mode M : {Mode::MinGWC, Mode::MinGWCpp, Mode::MSVC})
    EXPECT_EQ(printed(Code, M), (Lines{"c->req", "c->req", "o.req", "o.req",
                                       "c->next->req", "c->req"}));
  EXPECT_TRUE(allEqual("struct Ctx { HINTERNET req; };\n"
                       "void f(struct Ctx *c) { use(c->req); use((*c).req); "
                       "use(*&c->req); use(c[0].req); }\n",
                       Mode::MinGWC));
  EXPECT_FALSE(allEqual("struct Ctx { HINTERNET req; HINTERNET con; };\n"
                        "void f(struct Ctx *c, struct Ctx *d) {\n"
                        "  use(c->req); use(d->req); }\n",
                        Mode::MinGWC));
}

TEST(AccessPathTest, ThisAndImplicitMembers) {
  EXPECT_EQ(printed("struct Client {\n"
                    "  HINTERNET Request;\n"
                    "  void f() { use(Request); use(this->Request);\n"
                    "             use((*this).Request); }\n"
                    "};\n"),
            (Lines{"this->Request", "this->Request", "this->Request"}));
  EXPECT_TRUE(allEqual("struct Client { HINTERNET R;\n"
                       "  void f() { use(R); use(this->R); } };\n",
                       Mode::MSVC));
}

TEST(AccessPathTest, ElementsAreExactOnlyWithAConstantIndex) {
  EXPECT_EQ(
      printed("HINTERNET a[4];\n"
              "enum { Second = 1 };\n"
              "void f(HINTERNET *p, int i) {\n"
              "  use(a[0]); use(*a); use(a[Second]); use(a[i]);\n"
              "  use(p[0]); use(*p); use(p[2]);\n"
              "}\n",
              Mode::MinGWC),
      (Lines{"a[0]", "a[0]", "a[1]", "a[?] inexact", "*p", "*p", "(*p)[2]"}));
}

TEST(AccessPathTest, SmartPointersAndContainers) {
  EXPECT_EQ(printed("#include <memory>\n"
                    "#include <vector>\n"
                    "struct Conn { HINTERNET h; };\n"
                    "struct Owner { std::shared_ptr<Conn> data; };\n"
                    "void f(Owner *o, std::unique_ptr<Conn> &u,\n"
                    "       std::vector<HINTERNET> &v) {\n"
                    "  use(o->data->h); use((*u).h); use(u->h);\n"
                    "  use(v[3]);\n"
                    "}\n"),
            (Lines{"o->data->h", "u->h", "u->h", "v[3]"}));
}

TEST(AccessPathTest, ReferencesNameTheirReferent) {
  // A reference parameter is the root of what is reached through it; a
  // helper's parameter names a place of its own function.
  EXPECT_EQ(printed("struct S { HINTERNET h; };\n"
                    "void helper(S &s, S *p) { use(s.h); use(p->h); }\n"),
            (Lines{"s.h", "p->h"}));
}

TEST(AccessPathTest, TemporariesAllocationsAndNoPlace) {
  EXPECT_EQ(printed("struct S { HINTERNET h; };\n"
                    "S make();\n"
                    "HINTERNET get();\n"
                    "void f(bool b, HINTERNET x, HINTERNET y) {\n"
                    "  use(make().h); use((new S)->h); use(get());\n"
                    "  use(b ? x : y);\n"
                    "}\n"),
            (Lines{"(temporary).h", "(new)->h", "none", "none"}));
}

TEST(AccessPathTest, PrefixesAndSteps) {
  TestAST AST =
      buildAST((Prelude + "struct C { HINTERNET h; };\n"
                          "void f(struct C *p) { use(p->h); use(p->h); }\n")
                   .str(),
               Mode::MinGWC);
  std::vector<std::optional<AccessPath>> P = pathsIn(AST);
  ASSERT_EQ(P.size(), 2u);
  ASSERT_EQ(P[0]->steps().size(), 2u);
  EXPECT_EQ(P[0]->steps()[0].K, AccessPath::Step::Kind::Deref);
  EXPECT_EQ(P[0]->steps()[1].K, AccessPath::Step::Kind::Field);
  AccessPath Pointer = P[0]->prefix(0);
  EXPECT_EQ(Pointer.str(), "p");
  EXPECT_EQ(P[0]->prefix(1).str(), "*p");
  EXPECT_TRUE(P[0]->startsWith(Pointer));
  EXPECT_TRUE(P[0]->startsWith(*P[1]));
  EXPECT_FALSE(Pointer.startsWith(*P[0]));
  EXPECT_EQ(Pointer.then(P[0]->steps()), *P[0]);
  EXPECT_EQ(hash_value(*P[0]), hash_value(*P[1]));
  llvm::DenseMap<AccessPath, int> Ids;
  Ids[*P[0]] = 1;
  Ids[Pointer] = 2;
  EXPECT_EQ(Ids.lookup(*P[1]), 1);
  EXPECT_EQ(Ids.lookup(P[0]->prefix(0)), 2);
  EXPECT_EQ(Ids.size(), 2u);
}

} // namespace
} // namespace clang::tidy::winhttp::test
