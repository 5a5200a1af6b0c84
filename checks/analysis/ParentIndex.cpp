//===--- ParentIndex.cpp - parents of nodes in user code ------------------===//
//
// Finds the top-level declaration that holds a node by location, and records
// the parents inside it with the same traversal as clang's parent map.
//
//===----------------------------------------------------------------------===//

#include "ParentIndex.h"
#include "Limits.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::winhttp::analysis {

/// Records the parent of every declaration, statement and constructor
/// initialiser below one declaration. Like clang's parent map it visits
/// implicit code, so the body of a lambda has its call operator as parent
/// rather than the lambda expression.
class ParentIndexBuilder : public RecursiveASTVisitor<ParentIndexBuilder> {
  using Base = RecursiveASTVisitor<ParentIndexBuilder>;

public:
  explicit ParentIndexBuilder(ParentIndex &Index) : Index(Index) {}

  bool shouldVisitImplicitCode() const { return true; }
  bool shouldVisitTemplateInstantiations() const { return false; }

  bool TraverseDecl(Decl *D) {
    if (!D)
      return true;
    add(D);
    Stack.push_back(D);
    bool Result = Base::TraverseDecl(D);
    Stack.pop_back();
    return Result;
  }

  bool TraverseConstructorInitializer(CXXCtorInitializer *Init) {
    if (!Init)
      return true;
    add(Init);
    Stack.push_back(Init);
    bool Result = Base::TraverseConstructorInitializer(Init);
    Stack.pop_back();
    return Result;
  }

  // A default argument or member initialiser belongs to its parameter or
  // field, not to each call or constructor that uses it.
  bool TraverseCXXDefaultArgExpr(CXXDefaultArgExpr *,
                                 DataRecursionQueue * = nullptr) {
    return true;
  }
  bool TraverseCXXDefaultInitExpr(CXXDefaultInitExpr *,
                                  DataRecursionQueue * = nullptr) {
    return true;
  }

  // Statements go through the data-recursion hooks so that deep expressions
  // do not recurse on the native stack.
  bool dataTraverseStmtPre(Stmt *S) {
    add(S);
    Stack.push_back(S);
    return true;
  }
  bool dataTraverseStmtPost(Stmt *) {
    Stack.pop_back();
    return true;
  }

private:
  // The first parent is the syntactic one: RecursiveASTVisitor walks the
  // syntactic form of a node before its semantic form.
  void add(const void *Node) {
    if (!Stack.empty()) // else the root itself
      Index.Parents.try_emplace(Node, Stack.back());
  }

  ParentIndex &Index;
  llvm::SmallVector<ParentIndex::Parent, 16> Stack;
};

bool isInSystemHeader(const Decl &D) {
  SourceLocation Loc = D.getLocation();
  if (Loc.isInvalid())
    return false;
  const SourceManager &SM = D.getASTContext().getSourceManager();
  return SM.isInSystemHeader(SM.getExpansionLoc(Loc));
}

void ParentIndex::collectRoots(const DeclContext &DC) {
  const SourceManager &SM = Ctx.getSourceManager();
  for (const Decl *D : DC.decls()) {
    if (D->isImplicit() || (!SystemHeaders && isInSystemHeader(*D)))
      continue;
    if (isa<NamespaceDecl, LinkageSpecDecl, ExportDecl>(D)) {
      collectRoots(*cast<DeclContext>(D));
      continue;
    }
    CharSourceRange Range = SM.getExpansionRange(D->getSourceRange());
    if (Range.isInvalid())
      continue;
    auto [File, Begin] = SM.getDecomposedLoc(Range.getBegin());
    auto [EndFile, End] = SM.getDecomposedLoc(Range.getEnd());
    if (File != EndFile || End < Begin)
      continue;
    Roots.push_back({File, Begin, End, D});
  }
}

// Indexes every root whose range holds \p Loc. Top-level declarations do not
// nest, but several can come from one macro expansion and share a range.
void ParentIndex::indexRootsAt(SourceLocation Loc) {
  if (!RootsCollected) {
    RootsCollected = true;
    collectRoots(*Ctx.getTranslationUnitDecl());
    llvm::sort(Roots, [](const Root &A, const Root &B) {
      return std::tie(A.File, A.Begin) < std::tie(B.File, B.Begin);
    });
  }
  if (Loc.isInvalid())
    return;
  const SourceManager &SM = Ctx.getSourceManager();
  auto [File, Offset] = SM.getDecomposedExpansionLoc(Loc);
  auto It = llvm::upper_bound(Roots, std::make_pair(File, Offset),
                              [](const std::pair<FileID, unsigned> &Key,
                                 const Root &R) {
                                return Key < std::make_pair(R.File, R.Begin);
                              });
  // Declarations that share a declarator (`struct S {...} s;`) begin
  // together; look at a few before the last one that begins in time.
  for (unsigned Seen = 0;
       It != Roots.begin() &&
       Seen < limits::bound(limits::DeclarationsSharingStart);
       ++Seen) {
    --It;
    if (It->File != File)
      break;
    if (It->End >= Offset)
      index(*It->D);
  }
}

void ParentIndex::index(const Decl &Root) {
  if (!Indexed.insert(&Root).second)
    return;
  ParentIndexBuilder(*this).TraverseDecl(const_cast<Decl *>(&Root));
}

DynTypedNode ParentIndex::parent(const DynTypedNode &Node) {
  const void *Key = Node.getMemoizationData();
  if (!Key)
    return {};
  auto It = Parents.find(Key);
  if (It == Parents.end()) {
    indexRootsAt(Node.getSourceRange().getBegin());
    It = Parents.find(Key);
    if (It == Parents.end())
      return {};
  }
  Parent P = It->second;
  if (const auto *D = dyn_cast<const Decl *>(P))
    return DynTypedNode::create(*D);
  if (const auto *S = dyn_cast<const Stmt *>(P))
    return DynTypedNode::create(*S);
  return DynTypedNode::create(*cast<const CXXCtorInitializer *>(P));
}

} // namespace clang::tidy::winhttp::analysis
