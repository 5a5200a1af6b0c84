//===--- WinHttpApi.cpp - what each WinHTTP function does -----------------===//
//
// Builds the lookup structures over the WinHTTP API table.
//
//===----------------------------------------------------------------------===//

#include "WinHttpApi.h"
#include "clang/AST/DeclCXX.h"
#include "llvm/ADT/StringMap.h"

namespace clang::tidy::winhttp::api {

static constexpr Function Table[] = {
#define WINHTTP_FUNCTION(Name, Result, Traits, HandleArg, ParentArg,           \
                         ContextArg)                                           \
  {#Name, ResultKind::Result, Traits, HandleArg, ParentArg, ContextArg},
#include "WinHttpApi.def"
};

static constexpr llvm::StringLiteral Win32FunctionNames[] = {
#define WIN32_FUNCTION(Id, Name) #Name,
#include "WinHttpApi.def"
};

static constexpr llvm::StringLiteral Spellings[] = {
#define WIN32_SPELLING(Id, Text) Text,
#include "WinHttpApi.def"
};

static constexpr ThreadStart ThreadStarts[] = {
#define THREAD_START(Name, EntryArg, ContextArg, ContextParam, ObjectArg)      \
  {#Name, EntryArg, ContextArg, ContextParam, ObjectArg},
#include "WinHttpApi.def"
};

static constexpr ThreadWait ThreadWaits[] = {
#define THREAD_WAIT(Name, ObjectArg, Kind, KindArg, AlertableArg)              \
  {#Name, ObjectArg, WaitKind::Kind, KindArg, AlertableArg},
#include "WinHttpApi.def"
};

static constexpr LockFunction LockFunctions[] = {
#define LOCK_FUNCTION(Name, Arg, Acquires) {#Name, Arg, Acquires},
#include "WinHttpApi.def"
};

static constexpr FlowFunction FlowFunctions[] = {
#define FLOW_FUNCTION(Name, Effect, TargetArg, ValueArg)                       \
  {#Name, FlowEffect::Effect, TargetArg, ValueArg},
#include "WinHttpApi.def"
};

static constexpr FlowFunction StdFlowFunctions[] = {
#define STD_FLOW_FUNCTION(Name, Effect, TargetArg, ValueArg)                   \
  {#Name, FlowEffect::Effect, TargetArg, ValueArg},
#include "WinHttpApi.def"
};

static constexpr StdMethod StdMethods[] = {
#define STD_METHOD(Name, Effect, ValueArg)                                     \
  {#Name, FlowEffect::Effect, ValueArg},
#include "WinHttpApi.def"
};

namespace {
struct StdWaitRow {
  llvm::StringLiteral Name;
  StdWaitKind Kind;
};
} // namespace
static constexpr StdWaitRow StdWaits[] = {
#define STD_WAIT(Name, Kind) {#Name, StdWaitKind::Kind},
#include "WinHttpApi.def"
};

namespace {
struct StdLockRow {
  llvm::StringLiteral Name;
  bool Acquires;
};
} // namespace
static constexpr StdLockRow StdLockMethods[] = {
#define STD_LOCK_METHOD(Name, Acquires) {#Name, Acquires},
#include "WinHttpApi.def"
};

static constexpr llvm::StringLiteral StdFactories[] = {
#define STD_FACTORY(Name) #Name,
#include "WinHttpApi.def"
};

static constexpr uint64_t Constants[] = {
#define WINHTTP_CONSTANT(Id, Value) Value,
#include "WinHttpApi.def"
};

llvm::ArrayRef<Function> functions() { return Table; }

uint64_t constant(Constant C) { return Constants[static_cast<unsigned>(C)]; }

llvm::StringRef spelling(Spelling S) {
  return Spellings[static_cast<unsigned>(S)];
}

// A name declared at global scope or with C linkage: the Windows SDK's
// declarations, and a user's own declaration of the same function.
static bool isGlobalFunction(const FunctionDecl &FD) {
  if (isa<CXXMethodDecl>(FD) || !FD.getIdentifier())
    return false;
  return FD.isExternC() ||
         FD.getDeclContext()->getRedeclContext()->isTranslationUnit();
}

// Guards against an unrelated function that happens to share a name.
static bool returnTypeFits(const FunctionDecl &FD, ResultKind Kind) {
  QualType T = FD.getReturnType().getCanonicalType();
  switch (Kind) {
  case ResultKind::None:
    return T->isVoidType();
  case ResultKind::Bool:
  case ResultKind::ErrorCode:
    return T->isIntegerType() && !T->isBooleanType();
  case ResultKind::Handle:
  case ResultKind::StatusCallback:
    return T->isPointerType();
  }
  llvm_unreachable("unknown ResultKind");
}

const Function *lookup(const FunctionDecl &FD) {
  static const llvm::StringMap<const Function *> ByName = [] {
    llvm::StringMap<const Function *> Map;
    for (const Function &F : Table)
      Map[F.Name] = &F;
    return Map;
  }();
  if (!isGlobalFunction(FD))
    return nullptr;
  llvm::StringRef Name = FD.getName();
  if (!Name.starts_with("WinHttp"))
    return nullptr;
  auto It = ByName.find(Name);
  if (It == ByName.end() || !returnTypeFits(FD, It->second->Result))
    return nullptr;
  return It->second;
}

// Linear search: these tables are short, and callers filter by name first.
template <typename Row, size_t N>
static const Row *findByName(const Row (&Rows)[N], const FunctionDecl &FD) {
  if (!isGlobalFunction(FD))
    return nullptr;
  llvm::StringRef Name = FD.getName();
  for (const Row &R : Rows)
    if (R.Name == Name)
      return &R;
  return nullptr;
}

const ThreadStart *lookupThreadStart(const FunctionDecl &FD) {
  return findByName(ThreadStarts, FD);
}

bool isRefcountRelease(const FunctionDecl &FD) {
  static constexpr llvm::StringLiteral Names[] = {
#define REFCOUNT_RELEASE(Name) #Name,
#include "WinHttpApi.def"
  };
  return FD.getIdentifier() && llvm::is_contained(Names, FD.getName());
}

const AsyncArgs *lookupAsyncArgs(const Function &F) {
  static constexpr AsyncArgs Rows[] = {
#define ASYNC_ARGS(Name, CountArg, BufferArg) {#Name, CountArg, BufferArg},
#include "WinHttpApi.def"
  };
  for (const AsyncArgs &Row : Rows)
    if (Row.Name == F.Name)
      return &Row;
  return nullptr;
}

int sizeProbeBufferArg(const Function &F) {
  static constexpr std::pair<llvm::StringLiteral, int> Probes[] = {
#define SIZE_PROBE(Name, BufferArg) {#Name, BufferArg},
#include "WinHttpApi.def"
  };
  for (const auto &[Name, Arg] : Probes)
    if (Name == F.Name)
      return Arg;
  return -1;
}

const ThreadWait *lookupThreadWait(const FunctionDecl &FD) {
  return findByName(ThreadWaits, FD);
}

const LockFunction *lookupLockFunction(const FunctionDecl &FD) {
  return findByName(LockFunctions, FD);
}

bool isWin32Function(const FunctionDecl &FD, Win32Function F) {
  return isGlobalFunction(FD) &&
         FD.getName() == Win32FunctionNames[static_cast<unsigned>(F)];
}

bool isInStd(const Decl &D) {
  for (const DeclContext *DC = D.getDeclContext();
       DC && !DC->isTranslationUnit(); DC = DC->getParent())
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC))
      if (NS->getIdentifier() && NS->getName() == "std" &&
          NS->getParent()->getRedeclContext()->isTranslationUnit())
        return true;
  return false;
}

bool typeIsNamed(QualType T, llvm::StringRef Qualified) {
  if (T.isNull())
    return false;
  const CXXRecordDecl *RD =
      T.getNonReferenceType().getCanonicalType()->getAsCXXRecordDecl();
  if (!RD)
    return false;
  if (RD->getQualifiedNameAsString() == Qualified)
    return true;
  llvm::StringRef Short = Qualified.rsplit("::").second;
  return !Short.empty() && RD->getName() == Short &&
         Qualified.starts_with("std::") && isInStd(*RD);
}

bool isKnownOwner(QualType T) {
  return !T.isNull() && !T->isPointerType() &&
         (typeIsNamed(T, spelling(Spelling::StdUniquePtr)) ||
          typeIsNamed(T, spelling(Spelling::WilUniqueWinHttp)));
}

const FlowFunction *lookupFlowFunction(const FunctionDecl &FD) {
  if (!FD.getIdentifier() || isa<CXXMethodDecl>(FD))
    return nullptr;
  llvm::StringRef Name = FD.getName();
  if (isInStd(FD)) {
    for (const FlowFunction &F : StdFlowFunctions)
      if (F.Name == Name)
        return &F;
    return nullptr;
  }
  if (!isGlobalFunction(FD))
    return nullptr;
  for (const FlowFunction &F : FlowFunctions)
    if (F.Name == Name)
      return &F;
  return nullptr;
}

std::optional<StdWaitKind> lookupStdWait(const CXXMethodDecl &MD) {
  if (!MD.getIdentifier() || !isInStd(MD))
    return std::nullopt;
  for (const StdWaitRow &R : StdWaits)
    if (R.Name == MD.getName())
      return R.Kind;
  return std::nullopt;
}

std::optional<bool> lookupStdLockMethod(const CXXMethodDecl &MD) {
  if (!MD.getIdentifier() || !isInStd(MD))
    return std::nullopt;
  for (const StdLockRow &R : StdLockMethods)
    if (R.Name == MD.getName())
      return R.Acquires;
  return std::nullopt;
}

bool isStdFactory(const FunctionDecl &FD) {
  return FD.getIdentifier() && isInStd(FD) &&
         llvm::is_contained(StdFactories, FD.getName());
}

const StdMethod *lookupStdMethod(const CXXMethodDecl &MD) {
  return isInStd(MD) ? lookupOwnerMethod(MD) : nullptr;
}

const StdMethod *lookupOwnerMethod(const CXXMethodDecl &MD) {
  const std::string Name = MD.getNameAsString();
  for (const StdMethod &M : StdMethods)
    if (M.Name == Name)
      return &M;
  return nullptr;
}

} // namespace clang::tidy::winhttp::api
