//===--- WinHttpTidyFuzzer.cpp - libFuzzer target for winhttp-* -----------===//
//
// Runs every winhttp-* check in process on the fuzzer's input, parsed as a
// translation unit for the MinGW target. The first byte picks the language
// (odd: C11, even: C++17); the rest is the main file. A fixed prelude
// (prelude.h), included before it as a system header, declares the WinHTTP,
// Win32 and standard library names the checks model, so mutations that drop
// an #include still reach the analysis. As a system header it is where the
// real declarations are, and the checks skip it as they skip <windows.h>.
//
// The translation unit lives in an in-memory file system that holds the
// input and the prelude alone: an input cannot make the fuzzer read the
// machine's files, and #include of anything else fails at once. tools/fuzz
// runs it; see tools/fuzzer/README.md.
//
//===----------------------------------------------------------------------===//

#include "ClangTidy.h"
#include "ClangTidyDiagnosticConsumer.h"
#include "ClangTidyOptions.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

namespace clang::tidy {
// Keeps the static winhttp module library, and so its checks, in the link.
extern volatile int WinHttpModuleAnchorSource;
[[maybe_unused]] static int WinHttpModuleAnchorDestination =
    WinHttpModuleAnchorSource;
} // namespace clang::tidy

// The prelude, embedded at build time from prelude.h.
static const char Prelude[] =
#include "FuzzPrelude.inc"
    ;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  using namespace clang::tidy;
  if (Size == 0)
    return 0;
  const bool IsC = Data[0] & 1;
  const char *FileName = IsC ? "/fuzz/input.c" : "/fuzz/input.cpp";
  auto Memory = llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>();
  Memory->setCurrentWorkingDirectory("/fuzz");
  Memory->addFile(FileName, 0,
                  llvm::MemoryBuffer::getMemBufferCopy(llvm::StringRef(
                      reinterpret_cast<const char *>(Data + 1), Size - 1)));
  Memory->addFile("/fuzz/system/winhttp-fuzz-prelude.h", 0,
                  llvm::MemoryBuffer::getMemBuffer(
                      llvm::StringRef(Prelude, sizeof(Prelude) - 1)));
  auto FS = llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(Memory);

  ClangTidyOptions Options = ClangTidyOptions::getDefaults();
  Options.Checks = "-*,winhttp-*";
  ClangTidyContext Context(std::make_unique<DefaultOptionsProvider>(
      ClangTidyGlobalOptions(), std::move(Options)));

  std::vector<std::string> Args = {"--target=x86_64-w64-mingw32",
                                   "-nostdinc",
                                   "-fsyntax-only",
                                   "-ferror-limit=50",
                                   "-Wno-everything",
                                   "-isystem",
                                   "/fuzz/system",
                                   "-include",
                                   "winhttp-fuzz-prelude.h",
                                   IsC ? "-std=c11" : "-std=c++17",
                                   IsC ? "-xc" : "-xc++"};
  clang::tooling::FixedCompilationDatabase Compilations("/fuzz", Args);
  std::vector<ClangTidyError> Errors =
      runClangTidy(Context, Compilations, {FileName}, FS,
                   /*ApplyAnyFix=*/false);
  // WINHTTP_TIDY_FUZZ_PRINT=1 shows what the checks found, to reproduce a
  // run and to show that the checks do run (test/tool/fuzz.test).
  static const bool Print = std::getenv("WINHTTP_TIDY_FUZZ_PRINT") != nullptr;
  if (Print)
    for (const ClangTidyError &E : Errors)
      llvm::errs() << E.Message.FilePath << ":" << E.Message.FileOffset << ": ["
                   << E.DiagnosticName << "] " << E.Message.Message << "\n";
  return 0;
}
