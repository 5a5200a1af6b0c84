//===--- SarifMain.cpp - winhttp-tidy-sarif -------------------------------===//
//
// Converts clang-tidy's --export-fixes YAML to SARIF 2.1.0, for the plugin
// route (the driver writes SARIF itself with --export-sarif):
//
//   clang-tidy-19 --load=WinHttpTidyPlugin.so --export-fixes=fixes.yaml ...
//   winhttp-tidy-sarif fixes.yaml -o results.sarif --sarif-root=$PWD \
//     --missing-is-empty
//
//===----------------------------------------------------------------------===//

#include "SarifExport.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/WithColor.h"

using namespace llvm;
namespace sarif = clang::tidy::winhttp::sarif;

static cl::OptionCategory Category("winhttp-tidy-sarif options");
static cl::opt<std::string> Input(cl::Positional, cl::Required,
                                  cl::desc("<clang-tidy --export-fixes file>"),
                                  cl::cat(Category));
static cl::opt<std::string> Output("o", cl::desc("SARIF file to write (- for "
                                                 "standard output)"),
                                   cl::value_desc("file"), cl::init("-"),
                                   cl::cat(Category));
static cl::opt<std::string>
    Root("sarif-root",
         cl::desc("Name files relative to this directory (uriBaseId "
                  "SRCROOT); default: the current directory"),
         cl::value_desc("dir"), cl::cat(Category));
static cl::opt<bool> MissingIsEmpty(
    "missing-is-empty",
    cl::desc("Take a missing input file for no findings: clang-tidy writes "
             "no --export-fixes file when it finds nothing"),
    cl::cat(Category));
static cl::opt<std::string> HelpBase(
    "sarif-help-base",
    cl::desc("URL under which checks/<check>.html documents each winhttp-* "
             "check; default: the installed HTML documentation"),
    cl::value_desc("url"), cl::cat(Category));

int main(int Argc, char **Argv) {
  InitLLVM X(Argc, Argv);
  cl::HideUnrelatedOptions(Category);
  cl::ParseCommandLineOptions(
      Argc, Argv, "Converts clang-tidy --export-fixes YAML to SARIF 2.1.0\n");
  auto Diags =
      MissingIsEmpty && !sys::fs::exists(Input)
          ? Expected<std::vector<clang::tooling::Diagnostic>>(
                std::vector<clang::tooling::Diagnostic>())
          : sarif::readExportedFixes(Input);
  if (!Diags) {
    WithColor::error(errs(), "winhttp-tidy-sarif") << toString(Diags.takeError())
                                                   << "\n";
    return 1;
  }
  sarif::SarifOptions Options;
  Options.ToolVersion = WINHTTP_TIDY_VERSION;
  Options.SourceRoot = Root.empty() ? "." : Root.getValue();
  Options.HelpBase = HelpBase.empty()
                         ? sarif::defaultHelpBase(Argv[0], (void *)&main)
                         : HelpBase.getValue();
  llvm::Error E = Output == "-" ? sarif::writeSarif(*Diags, Options, outs())
                                : sarif::writeSarifFile(*Diags, Options, Output);
  if (E) {
    WithColor::error(errs(), "winhttp-tidy-sarif") << toString(std::move(E))
                                                   << "\n";
    return 1;
  }
  return 0;
}
