//===--- ASTTestUtils.h - ASTs from code strings for unit tests -*- C++ -*-===//
//
// Builds the AST of a code string in the modes the checks are tested in, and
// finds the declarations and expressions that a test asserts on.
//
//===----------------------------------------------------------------------===//

#ifndef WINHTTP_TIDY_UNITTESTS_ASTTESTUTILS_H
#define WINHTTP_TIDY_UNITTESTS_ASTTESTUTILS_H

#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace clang::tidy::winhttp::test {

/// The Windows targets of the lit suite (test/lit.cfg.py's %mingw, %msvc).
enum class Mode {
  /// MinGW-w64 headers and libstdc++, C++17.
  MinGWCpp,
  /// MinGW-w64 headers, C.
  MinGWC,
  /// clang-cl's language mode with the MinGW-w64 headers, C++ without a
  /// standard library.
  MSVC,
};

/// Where buildAST maps its SystemHeaders; it is on the include path with
/// -isystem.
inline constexpr llvm::StringLiteral SystemHeaderDir = "/winhttp-tidy-test/sys";

/// Records the error diagnostics of a parse as "file:line:col: message".
class ErrorCollector : public DiagnosticConsumer {
public:
  void HandleDiagnostic(DiagnosticsEngine::Level Level,
                        const Diagnostic &Info) override {
    DiagnosticConsumer::HandleDiagnostic(Level, Info);
    if (Level < DiagnosticsEngine::Error)
      return;
    llvm::SmallString<128> Message;
    Info.FormatDiagnostic(Message);
    std::string Where;
    if (Info.getLocation().isValid() && Info.hasSourceManager()) {
      PresumedLoc Loc =
          Info.getSourceManager().getPresumedLoc(Info.getLocation());
      if (Loc.isValid())
        Where =
            (llvm::Twine(Loc.getFilename()) + ":" + llvm::Twine(Loc.getLine()) +
             ":" + llvm::Twine(Loc.getColumn()) + ": ")
                .str();
    }
    Errors.push_back(Where + Message.str().str());
  }

  std::vector<std::string> Errors;
};

/// A parsed code string. The members that the AST points into are declared
/// before it, so they outlive it.
struct TestAST {
  tooling::FileContentMappings Headers;
  std::unique_ptr<ErrorCollector> Diagnostics;
  std::unique_ptr<ASTUnit> Unit;

  ASTContext &context() const { return Unit->getASTContext(); }
  /// The error diagnostics, one a line, for a test's failure message.
  std::string errors() const { return llvm::join(Diagnostics->Errors, "\n"); }
};

/// The compiler arguments of \p M.
inline std::vector<std::string> modeArgs(Mode M) {
  switch (M) {
  case Mode::MinGWCpp:
    return {"--target=x86_64-w64-mingw32", "-std=c++17"};
  case Mode::MinGWC:
    return {"-x", "c", "--target=x86_64-w64-mingw32"};
  case Mode::MSVC:
    return {"--target=x86_64-pc-windows-msvc",
            "-fms-extensions",
            "-fms-compatibility",
            "-fgnuc-version=4.2.1",
            "-idirafter",
            "/usr/x86_64-w64-mingw32/include"};
  }
  llvm_unreachable("unknown mode");
}

/// Parses \p Code in mode \p M. \p SystemHeaders are (name, contents) pairs
/// that `#include <name>` finds as system headers. A parse with errors still
/// gives an AST; TestAST::Diagnostics has the errors.
inline TestAST
buildAST(llvm::StringRef Code, Mode M = Mode::MinGWCpp,
         std::vector<std::pair<std::string, std::string>> SystemHeaders = {}) {
  TestAST AST;
  AST.Diagnostics = std::make_unique<ErrorCollector>();
  std::vector<std::string> Args = modeArgs(M);
  Args.insert(Args.end(), {"-resource-dir", WINHTTP_TIDY_CLANG_RESOURCE_DIR,
                           "-isystem", SystemHeaderDir.str()});
  for (auto &[Name, Contents] : SystemHeaders)
    AST.Headers.emplace_back((SystemHeaderDir + "/" + Name).str(),
                             std::move(Contents));
  AST.Unit = tooling::buildASTFromCodeWithArgs(
      Code, Args, M == Mode::MinGWC ? "input.c" : "input.cpp", "clang-tool",
      std::make_shared<PCHContainerOperations>(),
      tooling::getClangStripDependencyFileAdjuster(), AST.Headers,
      AST.Diagnostics.get());
  return AST;
}

/// The \p Nth (from 0) node that \p Matcher binds to "node", in source order
/// (by where they begin, outer nodes first); null when there are fewer.
template <typename NodeT, typename MatcherT>
const NodeT *findNth(ASTContext &Ctx, const MatcherT &Matcher, unsigned Nth) {
  // Each with its place in the traversal, which has outer nodes first.
  std::vector<std::pair<const NodeT *, unsigned>> Nodes;
  for (const auto &Bound : ast_matchers::match(Matcher, Ctx))
    Nodes.emplace_back(Bound.template getNodeAs<NodeT>("node"), Nodes.size());
  const SourceManager &SM = Ctx.getSourceManager();
  llvm::sort(Nodes, [&SM](const auto &A, const auto &B) {
    SourceLocation BeginA = A.first->getBeginLoc();
    SourceLocation BeginB = B.first->getBeginLoc();
    if (BeginA != BeginB)
      return SM.isBeforeInTranslationUnit(BeginA, BeginB);
    return A.second < B.second;
  });
  return Nth < Nodes.size() ? Nodes[Nth].first : nullptr;
}

/// The function named \p Name (a qualified name may be partial, as in
/// hasName), anywhere: its definition, or else its first declaration.
inline const FunctionDecl *findFunction(ASTContext &Ctx, llvm::StringRef Name) {
  using namespace ast_matchers;
  const auto *F =
      findNth<FunctionDecl>(Ctx, functionDecl(hasName(Name)).bind("node"), 0);
  if (!F)
    return nullptr;
  const FunctionDecl *Definition = F->getDefinition();
  return Definition ? Definition : F;
}

/// The first declaration of the variable or parameter named \p Name.
inline const VarDecl *findVar(ASTContext &Ctx, llvm::StringRef Name) {
  using namespace ast_matchers;
  return findNth<VarDecl>(Ctx, varDecl(hasName(Name)).bind("node"), 0);
}

/// The \p Nth (from 0) call to a function named \p Callee in user code: not
/// in a system header and not in a template instantiation.
inline const CallExpr *findCall(ASTContext &Ctx, llvm::StringRef Callee,
                                unsigned Nth = 0) {
  using namespace ast_matchers;
  return findNth<CallExpr>(Ctx,
                           callExpr(callee(functionDecl(hasName(Callee))),
                                    unless(isExpansionInSystemHeader()),
                                    unless(isInTemplateInstantiation()))
                               .bind("node"),
                           Nth);
}

/// The \p Nth (from 0) reference to the variable named \p Var in user code,
/// as findCall: a way to point at one expression of the code string.
inline const DeclRefExpr *findRef(ASTContext &Ctx, llvm::StringRef Var,
                                  unsigned Nth = 0) {
  using namespace ast_matchers;
  return findNth<DeclRefExpr>(Ctx,
                              declRefExpr(to(varDecl(hasName(Var))),
                                          unless(isExpansionInSystemHeader()),
                                          unless(isInTemplateInstantiation()))
                                  .bind("node"),
                              Nth);
}

} // namespace clang::tidy::winhttp::test

#endif // WINHTTP_TIDY_UNITTESTS_ASTTESTUTILS_H
