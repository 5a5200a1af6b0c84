//===--- Descendants.cpp - the statements below a statement ---------------===//
//
// A RecursiveASTVisitor: its TraverseStmt skips null children, where the
// matchers' traversal of clang 19 does not.
//
//===----------------------------------------------------------------------===//

#include "Descendants.h"
#include "clang/AST/RecursiveASTVisitor.h"

namespace clang::tidy::winhttp::analysis {

namespace {

class DescendantVisitor : public RecursiveASTVisitor<DescendantVisitor> {
public:
  explicit DescendantVisitor(llvm::function_ref<void(const Stmt &)> Visit)
      : Visit(Visit) {}
  // What the matchers' child visitor visits.
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitImplicitCode() const { return true; }
  bool VisitStmt(Stmt *S) {
    Visit(*S);
    return true;
  }

private:
  llvm::function_ref<void(const Stmt &)> Visit;
};

} // namespace

void forEachDescendant(const Stmt &Root,
                       llvm::function_ref<void(const Stmt &)> Visit) {
  DescendantVisitor(Visit).TraverseStmt(const_cast<Stmt *>(&Root));
}

} // namespace clang::tidy::winhttp::analysis
