//===--- WinHttpTidyMain.cpp - the winhttp-tidy driver --------------------===//
//
// winhttp-tidy: clang-tidy with every standard check and the winhttp-* checks
// linked in, for setups that cannot --load a plugin. It also finds clang's
// builtin headers by itself, wherever it is run from, and writes SARIF with
// --export-sarif.
//
//===----------------------------------------------------------------------===//

#include "../sarif/SarifExport.h"
#include "tool/ClangTidyMain.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"
#include <cstddef>
#include <optional>
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

// A new directory in the temporary directory that only we can use: mkdir
// fails rather than reuse or follow anything already there.
static std::error_code createPrivateDirectory(llvm::SmallVectorImpl<char> &Dir) {
  std::error_code EC;
  for (int Attempt = 0; Attempt < 128; ++Attempt) {
    llvm::sys::fs::createUniquePath("winhttp-tidy-%%%%%%%%", Dir,
                                    /*MakeAbsolute=*/true);
    EC = llvm::sys::fs::create_directory(Dir, /*IgnoreExisting=*/false,
                                         llvm::sys::fs::owner_all);
    if (EC != std::errc::file_exists)
      return EC;
  }
  return EC;
}

static bool mentionsResourceDir(int Argc, const char **Argv) {
  for (int I = 1; I < Argc; ++I)
    if (llvm::StringRef(Argv[I]).contains("-resource-dir"))
      return true;
  return false;
}

static llvm::cl::extrahelp SarifHelp(R"(
SARIF output (winhttp-tidy only):
  --export-sarif=<file>      Write the diagnostics as SARIF 2.1.0 to <file>,
                             besides the usual output.
  --sarif-root=<dir>         Name files relative to <dir> (uriBaseId SRCROOT);
                             default: the current directory.
  --sarif-help-base=<url>    URL under which checks/<check>.html documents each
                             winhttp-* check; default: the installed HTML docs.
)");

namespace {
/// The driver's own options, taken out before clang-tidy parses the rest.
struct SarifArgs {
  std::optional<std::string> Output;
  std::string Root = ".";
  std::string HelpBase;
  /// The user's own --export-fixes file, if any.
  std::optional<std::string> ExportFixes;
};
} // namespace

// Matches `--name=value` or `--name value` (one or two dashes) at Args[I];
// returns how many arguments it spans, 0 if it is another option.
static unsigned matchOption(llvm::ArrayRef<const char *> Args, size_t I,
                            llvm::StringRef Name, std::string &Value) {
  llvm::StringRef Arg = Args[I];
  if (!Arg.consume_front("-"))
    return 0;
  Arg.consume_front("-");
  if (!Arg.consume_front(Name))
    return 0;
  if (Arg.consume_front("=")) {
    Value = Arg.str();
    return 1;
  }
  if (!Arg.empty() || I + 1 >= Args.size())
    return 0;
  Value = Args[I + 1];
  return 2;
}

// Takes the SARIF options out of Args, and notes the user's --export-fixes.
static SarifArgs takeSarifArgs(std::vector<const char *> &Args) {
  SarifArgs Sarif;
  std::string Output;
  const std::pair<llvm::StringRef, std::string *> Ours[] = {
      {"export-sarif", &Output},
      {"sarif-root", &Sarif.Root},
      {"sarif-help-base", &Sarif.HelpBase}};
  std::vector<const char *> Kept;
  for (size_t I = 0; I < Args.size(); ++I) {
    if (I > 0 && llvm::StringRef(Args[I]) == "--") {
      // Compiler arguments follow: keep them all.
      Kept.insert(Kept.end(), Args.begin() + static_cast<std::ptrdiff_t>(I),
                  Args.end());
      break;
    }
    unsigned Span = 0;
    for (const auto &[Name, Value] : Ours) {
      if (I == 0)
        break; // the program
      Span = matchOption(Args, I, Name, *Value);
      if (Span != 0) {
        if (Value == &Output)
          Sarif.Output = Output;
        break;
      }
    }
    if (Span != 0) {
      I += Span - 1;
      continue;
    }
    std::string Fixes;
    if (I > 0 && matchOption(Args, I, "export-fixes", Fixes) != 0)
      Sarif.ExportFixes = Fixes; // kept: clang-tidy writes it
    Kept.push_back(Args[I]);
  }
  Args = std::move(Kept);
  return Sarif;
}

// Converts the exported fixes to SARIF; no file means no diagnostics.
static int writeSarif(const SarifArgs &Sarif, const std::string &Output,
                      const std::string &Fixes, const char *Argv0) {
  std::vector<clang::tooling::Diagnostic> Diags;
  if (llvm::sys::fs::exists(Fixes)) {
    auto Read = clang::tidy::winhttp::sarif::readExportedFixes(Fixes);
    if (!Read) {
      llvm::WithColor::error(llvm::errs(), "winhttp-tidy")
          << llvm::toString(Read.takeError()) << "\n";
      return 1;
    }
    Diags = std::move(*Read);
  }
  clang::tidy::winhttp::sarif::SarifOptions Options;
  Options.ToolVersion = WINHTTP_TIDY_VERSION;
  Options.SourceRoot = Sarif.Root;
  Options.HelpBase = Sarif.HelpBase.empty()
                         ? clang::tidy::winhttp::sarif::defaultHelpBase(
                               Argv0, (void *)&findResourceDir)
                         : Sarif.HelpBase;
  if (llvm::Error E = clang::tidy::winhttp::sarif::writeSarifFile(
          Diags, Options, Output)) {
    llvm::WithColor::error(llvm::errs(), "winhttp-tidy")
        << llvm::toString(std::move(E)) << "\n";
    return 1;
  }
  return 0;
}

int main(int Argc, const char **Argv) {
  llvm::cl::AddExtraVersionPrinter([](llvm::raw_ostream &OS) {
    OS << "winhttp-tidy version " WINHTTP_TIDY_VERSION
          " (winhttp-* checks linked in)\n";
  });
  std::vector<const char *> Args(Argv, Argv + Argc);
  SarifArgs Sarif = takeSarifArgs(Args);

  std::string ResourceArg;
  if (Argc >= 1 && !mentionsResourceDir(Argc, Argv)) {
    ResourceArg =
        "--extra-arg-before=-resource-dir=" + findResourceDir(Argv[0]);
    Args.insert(Args.begin() + 1, ResourceArg.c_str());
  }

  // SARIF is made from the diagnostics clang-tidy exports.
  std::string Fixes, FixesArg, FixesDir;
  bool OwnFixes = false;
  if (Sarif.Output) {
    if (Sarif.ExportFixes) {
      Fixes = *Sarif.ExportFixes;
    } else {
      // In a directory of our own (mode 0700, created exclusively): clang-tidy
      // opens the file by name, without O_EXCL, and a file or link planted
      // under a name in a shared /tmp would be read back as findings or
      // written through. clang-tidy writes it only when it has findings.
      llvm::SmallString<128> Dir;
      if (std::error_code EC = createPrivateDirectory(Dir)) {
        llvm::WithColor::error(llvm::errs(), "winhttp-tidy")
            << "cannot create a temporary directory: " << EC.message()
            << "\n";
        return 1;
      }
      FixesDir = std::string(Dir);
      llvm::sys::path::append(Dir, "fixes.yaml");
      Fixes = std::string(Dir);
      FixesArg = "--export-fixes=" + Fixes;
      Args.insert(Args.begin() + 1, FixesArg.c_str());
      OwnFixes = true;
    }
  }
  Args.push_back(nullptr);
  int Result = clang::tidy::clangTidyMain(static_cast<int>(Args.size() - 1),
                                          Args.data());
  if (Sarif.Output) {
    int SarifResult = writeSarif(Sarif, *Sarif.Output, Fixes, Argv[0]);
    if (OwnFixes)
      for (const std::string &Path : {Fixes, FixesDir})
        if (std::error_code EC = llvm::sys::fs::remove(Path))
          llvm::WithColor::warning(llvm::errs(), "winhttp-tidy")
              << "cannot remove '" << Path << "': " << EC.message() << "\n";
    if (Result == 0)
      Result = SarifResult;
  }
  return Result;
}
