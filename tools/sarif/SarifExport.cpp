//===--- SarifExport.cpp - clang-tidy diagnostics as SARIF ----------------===//
//
// SARIF 2.1.0 from clang-tidy's exported diagnostics. File offsets become
// lines and columns (in Unicode code points, stated as the run's
// columnKind) by reading the files; the output is deterministic.
//
//===----------------------------------------------------------------------===//

#include "SarifExport.h"
#include "clang/Tooling/DiagnosticsYaml.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/YAMLTraits.h"
#include "llvm/Support/raw_ostream.h"
#include <cstring>
#include <map>
#include <memory>
#include <tuple>

namespace clang::tidy::winhttp::sarif {

namespace {

struct RuleInfo {
  llvm::StringRef Name;
  llvm::StringRef Short;
  llvm::StringRef Full;
};

constexpr RuleInfo OurRules[] = {
#define WINHTTP_CHECK(Class, Name, Short, Full) {Name, Short, Full},
#include "WinHttpChecks.def"
};

} // namespace

static const RuleInfo *findOurRule(llvm::StringRef Name) {
  for (const RuleInfo &R : OurRules)
    if (R.Name == Name)
      return &R;
  return nullptr;
}

// Percent-encodes what may not stand in a URI path; keeps '/'.
static std::string encodePath(llvm::StringRef Path) {
  std::string Out;
  for (char C : Path) {
    if (llvm::isAlnum(C) || llvm::StringRef("-._~/!$&'()*+,;=:@").contains(C)) {
      Out.push_back(C);
      continue;
    }
    static constexpr char Hex[] = "0123456789ABCDEF";
    const auto Byte = static_cast<unsigned char>(C);
    Out.push_back('%');
    Out.push_back(Hex[Byte >> 4]);
    Out.push_back(Hex[Byte & 15]);
  }
  return Out;
}

// The rule's friendly name: `winhttp-dword-result` -> WinhttpDwordResult.
static std::string friendlyName(llvm::StringRef Id) {
  std::string Name;
  bool Upper = true;
  for (char C : Id) {
    if (!llvm::isAlnum(C)) {
      Upper = true;
      continue;
    }
    Name.push_back(Upper ? llvm::toUpper(C) : C);
    Upper = false;
  }
  return Name;
}

static std::string fileUri(llvm::StringRef AbsPath) {
  return "file://" + encodePath(AbsPath);
}

static std::string absolute(llvm::StringRef Path, llvm::StringRef Base) {
  llvm::SmallString<256> P(Path);
  if (!llvm::sys::path::is_absolute(P) && !Base.empty()) {
    llvm::SmallString<256> B(Base);
    llvm::sys::path::append(B, P);
    P = B;
  }
  // Without a current directory the path stays as written.
  if (llvm::sys::fs::make_absolute(P))
    return Path.str();
  llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  return std::string(P);
}

namespace {

/// Lines and columns of byte offsets, per file.
class Positions {
public:
  struct LineCol {
    unsigned Line = 1;
    unsigned Column = 1;
  };

  LineCol at(const std::string &File, unsigned Offset) {
    const Text &T = load(File);
    auto It = llvm::upper_bound(T.LineStarts, Offset);
    unsigned Line = static_cast<unsigned>(It - T.LineStarts.begin());
    unsigned Start = T.LineStarts[Line - 1];
    unsigned Column = 1;
    for (unsigned I = Start; I < Offset && I < T.Buffer.size(); ++I)
      if ((static_cast<unsigned char>(T.Buffer[I]) & 0xC0) != 0x80)
        ++Column; // a byte that starts a code point
    return {Line, Column};
  }

private:
  struct Text {
    std::string Buffer;
    std::vector<unsigned> LineStarts{0};
  };

  const Text &load(const std::string &File) {
    auto It = Files.find(File);
    if (It != Files.end())
      return It->second;
    Text &T = Files[File];
    if (auto Buf = llvm::MemoryBuffer::getFile(File, /*IsText=*/false))
      T.Buffer = (*Buf)->getBuffer().str();
    for (unsigned I = 0; I < T.Buffer.size(); ++I)
      if (T.Buffer[I] == '\n')
        T.LineStarts.push_back(I + 1);
    return T;
  }

  std::map<std::string, Text> Files;
};

class Writer {
public:
  Writer(const SarifOptions &Options, llvm::raw_ostream &OS)
      : Options(Options), J(OS, 2) {
    if (!Options.SourceRoot.empty()) {
      Root = absolute(Options.SourceRoot, "");
      if (!llvm::StringRef(Root).ends_with("/"))
        Root += "/";
    }
    HelpBase = Options.HelpBase;
    if (!HelpBase.empty() && !llvm::StringRef(HelpBase).ends_with("/"))
      HelpBase += "/";
  }

  void write(const std::vector<tooling::Diagnostic> &Diags);

private:
  void artifactLocation(const std::string &AbsPath);
  void region(const std::string &AbsPath, unsigned Offset, unsigned Length,
              bool WithEnd);
  void physicalLocation(const std::string &AbsPath, unsigned Offset);
  void rule(llvm::StringRef Name);
  void result(const tooling::Diagnostic &D, unsigned RuleIndex);
  void fix(llvm::StringRef Description,
           const llvm::StringMap<tooling::Replacements> &Fix,
           llvm::StringRef BuildDir);
  std::string helpUri(llvm::StringRef Name) const;

  const SarifOptions &Options;
  llvm::json::OStream J;
  std::string Root;
  std::string HelpBase;
  Positions Pos;
};

} // namespace

std::string Writer::helpUri(llvm::StringRef Name) const {
  if (findOurRule(Name))
    return HelpBase + "checks/" + Name.str() + ".html";
  if (Name.starts_with("clang-diagnostic-"))
    return "https://clang.llvm.org/docs/DiagnosticsReference.html";
  // clang-tidy's own checks: <module>/<rest>.html.
  auto [Module, Rest] = Name.split('-');
  if (Name.starts_with("clang-analyzer-")) {
    Module = "clang-analyzer";
    Rest = Name.drop_front(std::strlen("clang-analyzer-"));
  }
  return "https://clang.llvm.org/extra/clang-tidy/checks/" + Module.str() +
         "/" + Rest.str() + ".html";
}

void Writer::rule(llvm::StringRef Name) {
  const RuleInfo *Ours = findOurRule(Name);
  std::string Short = Ours ? Ours->Short.str()
                           : ("clang-tidy check " + Name + ".").str();
  std::string Full = Ours ? Ours->Full.str() : Short;
  std::string Help = helpUri(Name);
  J.object([&] {
    J.attribute("id", Name);
    J.attribute("name", friendlyName(Name));
    J.attributeObject("shortDescription", [&] { J.attribute("text", Short); });
    J.attributeObject("fullDescription", [&] { J.attribute("text", Full); });
    J.attributeObject("help", [&] {
      J.attribute("text", Full + " Documentation: " + Help);
    });
    J.attribute("helpUri", Help);
    J.attributeObject("defaultConfiguration",
                      [&] { J.attribute("level", "warning"); });
  });
}

void Writer::artifactLocation(const std::string &AbsPath) {
  J.attributeObject("artifactLocation", [&] {
    if (!Root.empty() && llvm::StringRef(AbsPath).starts_with(Root)) {
      J.attribute("uri", encodePath(AbsPath.substr(Root.size())));
      J.attribute("uriBaseId", "SRCROOT");
    } else {
      J.attribute("uri", fileUri(AbsPath));
    }
  });
}

void Writer::region(const std::string &AbsPath, unsigned Offset,
                    unsigned Length, bool WithEnd) {
  Positions::LineCol Begin = Pos.at(AbsPath, Offset);
  J.attributeObject("region", [&] {
    J.attribute("startLine", Begin.Line);
    J.attribute("startColumn", Begin.Column);
    if (WithEnd) {
      Positions::LineCol End = Pos.at(AbsPath, Offset + Length);
      J.attribute("endLine", End.Line);
      J.attribute("endColumn", End.Column);
    }
  });
}

void Writer::physicalLocation(const std::string &AbsPath, unsigned Offset) {
  J.attributeObject("physicalLocation", [&] {
    artifactLocation(AbsPath);
    region(AbsPath, Offset, 0, false);
  });
}

void Writer::fix(llvm::StringRef Description,
                 const llvm::StringMap<tooling::Replacements> &Fix,
                 llvm::StringRef BuildDir) {
  // Files in a stable order.
  std::map<std::string, const tooling::Replacements *> ByFile;
  for (const auto &Entry : Fix)
    if (!Entry.second.empty())
      ByFile[absolute(Entry.first(), BuildDir)] = &Entry.second;
  if (ByFile.empty())
    return;
  J.object([&] {
    J.attributeObject("description", [&] { J.attribute("text", Description); });
    J.attributeArray("artifactChanges", [&] {
      for (const auto &Entry : ByFile)
        J.object([&] {
          const std::string &File = Entry.first;
          artifactLocation(File);
          J.attributeArray("replacements", [&] {
            for (const tooling::Replacement &R : *Entry.second)
              J.object([&] {
                J.attributeObject("deletedRegion", [&] {
                  Positions::LineCol B = Pos.at(File, R.getOffset());
                  Positions::LineCol E =
                      Pos.at(File, R.getOffset() + R.getLength());
                  J.attribute("startLine", B.Line);
                  J.attribute("startColumn", B.Column);
                  J.attribute("endLine", E.Line);
                  J.attribute("endColumn", E.Column);
                });
                J.attributeObject("insertedContent", [&] {
                  J.attribute("text", R.getReplacementText());
                });
              });
          });
        });
    });
  });
}

void Writer::result(const tooling::Diagnostic &D, unsigned RuleIndex) {
  const tooling::DiagnosticMessage &M = D.Message;
  std::string File = absolute(M.FilePath, D.BuildDirectory);
  J.object([&] {
    J.attribute("ruleId", D.DiagnosticName);
    J.attribute("ruleIndex", RuleIndex);
    J.attribute("level", D.DiagLevel == tooling::Diagnostic::Error ? "error"
                         : D.DiagLevel == tooling::Diagnostic::Remark
                             ? "note"
                             : "warning");
    J.attributeObject("message", [&] { J.attribute("text", M.Message); });
    J.attributeArray("locations", [&] {
      J.object([&] { physicalLocation(File, M.FileOffset); });
    });
    if (!D.Notes.empty())
      J.attributeArray("relatedLocations", [&] {
        unsigned Id = 0;
        for (const tooling::DiagnosticMessage &N : D.Notes)
          J.object([&] {
            J.attribute("id", Id++);
            J.attributeObject("message", [&] { J.attribute("text", N.Message); });
            if (!N.FilePath.empty())
              physicalLocation(absolute(N.FilePath, D.BuildDirectory),
                               N.FileOffset);
          });
      });
    bool HasFix = llvm::any_of(M.Fix, [](const auto &E) {
      return !E.second.empty();
    }) || llvm::any_of(D.Notes, [](const tooling::DiagnosticMessage &N) {
      return llvm::any_of(N.Fix, [](const auto &E) { return !E.second.empty(); });
    });
    if (HasFix)
      J.attributeArray("fixes", [&] {
        fix(M.Message, M.Fix, D.BuildDirectory);
        for (const tooling::DiagnosticMessage &N : D.Notes)
          fix(N.Message, N.Fix, D.BuildDirectory);
      });
  });
}

namespace {

// A result with its sort key: file, offset, check, message, then its notes.
// Results with equal keys are the same diagnostic, reported once per
// translation unit that includes its header.
struct SortedResult {
  std::string File;
  std::string Notes;
  const tooling::Diagnostic *D;

  explicit SortedResult(const tooling::Diagnostic &D)
      : File(absolute(D.Message.FilePath, D.BuildDirectory)), D(&D) {
    llvm::raw_string_ostream OS(Notes);
    for (const tooling::DiagnosticMessage &N : D.Notes)
      OS << absolute(N.FilePath, D.BuildDirectory) << ':' << N.FileOffset
         << ':' << N.Message << '\n';
  }
  auto key() const {
    return std::make_tuple(llvm::StringRef(File), D->Message.FileOffset,
                           llvm::StringRef(D->DiagnosticName),
                           llvm::StringRef(D->Message.Message),
                           llvm::StringRef(Notes));
  }
};

} // namespace

void Writer::write(const std::vector<tooling::Diagnostic> &Diags) {
  // Every winhttp-* rule, then the other checks that reported, by name.
  std::vector<std::string> Rules;
  for (const RuleInfo &R : OurRules)
    Rules.push_back(R.Name.str());
  std::vector<std::string> Others;
  for (const tooling::Diagnostic &D : Diags)
    if (!findOurRule(D.DiagnosticName))
      Others.push_back(D.DiagnosticName);
  llvm::sort(Others);
  Others.erase(llvm::unique(Others), Others.end());
  Rules.insert(Rules.end(), Others.begin(), Others.end());
  auto IndexOf = [&](llvm::StringRef Name) {
    return static_cast<unsigned>(llvm::find(Rules, Name) - Rules.begin());
  };

  J.object([&] {
    J.attribute("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    J.attribute("version", "2.1.0");
    J.attributeArray("runs", [&] {
      J.object([&] {
        J.attributeObject("tool", [&] {
          J.attributeObject("driver", [&] {
            J.attribute("name", "winhttp-tidy");
            J.attribute("version", Options.ToolVersion);
            J.attribute("semanticVersion", Options.ToolVersion);
            J.attribute("informationUri", HelpBase + "index.html");
            J.attributeArray("rules", [&] {
              for (const std::string &Name : Rules)
                rule(Name);
            });
          });
        });
        if (!Root.empty())
          J.attributeObject("originalUriBaseIds", [&] {
            J.attributeObject("SRCROOT",
                              [&] { J.attribute("uri", fileUri(Root)); });
          });
        J.attribute("columnKind", "unicodeCodePoints");
        // Results in a fixed order, each once: run-clang-tidy merges its
        // per-file exports in no fixed order, and the log should not change
        // from run to run.
        std::vector<SortedResult> Sorted(Diags.begin(), Diags.end());
        llvm::sort(Sorted, [](const SortedResult &L, const SortedResult &R) {
          return L.key() < R.key();
        });
        Sorted.erase(
            llvm::unique(Sorted,
                         [](const SortedResult &L, const SortedResult &R) {
                           return L.key() == R.key();
                         }),
            Sorted.end());
        J.attributeArray("results", [&] {
          for (const SortedResult &Entry : Sorted)
            result(*Entry.D, IndexOf(Entry.D->DiagnosticName));
        });
      });
    });
  });
}

llvm::Expected<std::vector<tooling::Diagnostic>>
readExportedFixes(llvm::StringRef Path) {
  auto Buf = llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buf)
    return llvm::createStringError(Buf.getError(), "cannot read '%s': %s",
                                   Path.str().c_str(),
                                   Buf.getError().message().c_str());
  std::vector<tooling::Diagnostic> All;
  // An empty document holds no diagnostics.
  if ((*Buf)->getBuffer().trim().drop_while([](char C) {
        return C == '-';
      }).trim().empty())
    return All;
  llvm::yaml::Input In((*Buf)->getBuffer());
  // clang-tidy writes one document; merged fix files may hold several.
  do {
    tooling::TranslationUnitDiagnostics TU;
    In >> TU;
    if (In.error())
      return llvm::createStringError(In.error(),
                                     "'%s' is not a clang-tidy "
                                     "--export-fixes file",
                                     Path.str().c_str());
    All.insert(All.end(), TU.Diagnostics.begin(), TU.Diagnostics.end());
  } while (In.nextDocument());
  return All;
}

llvm::Error writeSarif(const std::vector<tooling::Diagnostic> &Diags,
                       const SarifOptions &Options, llvm::raw_ostream &OS) {
  Writer(Options, OS).write(Diags);
  OS << "\n";
  return llvm::Error::success();
}

llvm::Error writeSarifFile(const std::vector<tooling::Diagnostic> &Diags,
                           const SarifOptions &Options, llvm::StringRef Path) {
  std::error_code EC;
  llvm::raw_fd_ostream OS(Path, EC, llvm::sys::fs::OF_Text);
  if (EC)
    return llvm::createStringError(EC, "cannot write '%s': %s",
                                   Path.str().c_str(), EC.message().c_str());
  return writeSarif(Diags, Options, OS);
}

std::string defaultHelpBase(const char *Argv0, void *MainAddr) {
  std::string Exe = llvm::sys::fs::getMainExecutable(Argv0, MainAddr);
  llvm::StringRef Bin = llvm::sys::path::parent_path(Exe);
  llvm::SmallString<256> Installed(Bin);
  llvm::sys::path::append(Installed, "..", "share", "doc", "winhttp-tidy");
  llvm::sys::path::append(Installed, "html");
  llvm::SmallString<256> BuildTree(Bin);
  llvm::sys::path::append(BuildTree, "..", "docs", "html");
  for (llvm::SmallString<256> *Dir : {&Installed, &BuildTree}) {
    llvm::sys::path::remove_dots(*Dir, /*remove_dot_dot=*/true);
    llvm::SmallString<256> Index(*Dir);
    llvm::sys::path::append(Index, "index.html");
    if (llvm::sys::fs::exists(Index))
      return fileUri(*Dir) + "/";
  }
  llvm::sys::path::remove_dots(Installed, /*remove_dot_dot=*/true);
  return fileUri(Installed) + "/";
}

} // namespace clang::tidy::winhttp::sarif
