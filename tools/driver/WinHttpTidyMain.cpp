//===--- WinHttpTidyMain.cpp - the winhttp-tidy driver --------------------===//
//
// winhttp-tidy: clang-tidy with every standard check and the winhttp-* checks
// linked in, for setups that cannot --load a plugin. It also finds clang's
// builtin headers by itself, wherever it is run from.
//
//===----------------------------------------------------------------------===//

#include "tool/ClangTidyMain.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <string>
#include <vector>

// clangTidyMain's own object file anchors the standard modules; ours is a
// separate static library and needs an anchor of its own.
namespace clang::tidy {
// Keeps the static winhttp module library in the link.
extern volatile int WinHttpModuleAnchorSource;
[[maybe_unused]] static int WinHttpModuleAnchorDestination =
    WinHttpModuleAnchorSource;
} // namespace clang::tidy

// clang-tidy looks for its builtin headers (stddef.h, x86intrin.h, ...) next
// to its own binary, in ../lib/clang/<major>. That holds for the driver only
// when it is installed into an LLVM tree; elsewhere use the directory of the
// LLVM it was built against.
static std::string findResourceDir(const char *Argv0) {
  std::string Exe =
      llvm::sys::fs::getMainExecutable(Argv0, (void *)&findResourceDir);
  llvm::SmallString<256> BesideUs(llvm::sys::path::parent_path(Exe));
  llvm::sys::path::append(BesideUs, "..", "lib", "clang",
                          std::to_string(LLVM_VERSION_MAJOR));
  llvm::SmallString<256> Header(BesideUs);
  llvm::sys::path::append(Header, "include", "stddef.h");
  if (llvm::sys::fs::exists(Header))
    return std::string(BesideUs);
  return WINHTTP_TIDY_CLANG_RESOURCE_DIR;
}

static bool mentionsResourceDir(int Argc, const char **Argv) {
  for (int I = 1; I < Argc; ++I)
    if (llvm::StringRef(Argv[I]).contains("-resource-dir"))
      return true;
  return false;
}

int main(int Argc, const char **Argv) {
  llvm::cl::AddExtraVersionPrinter([](llvm::raw_ostream &OS) {
    OS << "winhttp-tidy version " WINHTTP_TIDY_VERSION
          " (winhttp-* checks linked in)\n";
  });
  if (Argc < 1 || mentionsResourceDir(Argc, Argv))
    return clang::tidy::clangTidyMain(Argc, Argv);

  std::string ResourceArg =
      "--extra-arg-before=-resource-dir=" + findResourceDir(Argv[0]);
  std::vector<const char *> Args(Argv, Argv + Argc);
  Args.insert(Args.begin() + 1, ResourceArg.c_str());
  Args.push_back(nullptr);
  return clang::tidy::clangTidyMain(static_cast<int>(Args.size() - 1),
                                    Args.data());
}
