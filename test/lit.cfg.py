# lit configuration of the winhttp-tidy suite.
#
# One suite, run against either clang-tidy flavour of one build:
#   lit <build>/test --param tidy=plugin   clang-tidy-N --load=<plugin>
#   lit <build>/test --param tidy=driver   the winhttp-tidy driver
import os
import shlex

import lit.formats

config.name = "winhttp-tidy"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".c", ".cpp", ".test"]
config.excludes = ["Inputs", ".clang-tidy", "lit.cfg.py", "lit.site.cfg.py.in", "README.md"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.winhttp_tidy_obj_root, "test",
                                     "output")

flavour = lit_config.params.get("tidy", "plugin")
if flavour == "plugin":
    if not config.plugin_path:
        lit_config.fatal("this build has no plugin; use --param tidy=driver")
    clang_tidy = "%s --load=%s" % (
        os.path.join(config.llvm_tools_dir, "clang-tidy"), config.plugin_path)
elif flavour == "driver":
    if not config.driver_path:
        lit_config.fatal("this build has no driver; use --param tidy=plugin")
    clang_tidy = config.driver_path
else:
    lit_config.fatal("--param tidy must be 'plugin' or 'driver', not %r"
                     % flavour)
config.name += " (LLVM %s, %s%s)" % (config.llvm_major, flavour,
                                     ", ASan+UBSan" if config.sanitized else "")
config.available_features.add("tidy-" + flavour)
config.available_features.add("llvm-" + config.llvm_major)
if config.plugin_path:
    config.available_features.add("plugin-built")
if config.driver_path:
    config.available_features.add("driver-built")
if config.sanitized:
    config.available_features.add("sanitized")

# FileCheck, not, count and split-file of the same LLVM.
config.environment["PATH"] = os.pathsep.join(
    [config.llvm_tools_dir, config.environment.get("PATH", os.environ["PATH"])])
for var in ["ASAN_OPTIONS", "UBSAN_OPTIONS", "HOME", "TMPDIR"]:
    if var in os.environ:
        config.environment[var] = os.environ[var]

# Microsoft's SARIF validator (tools/test installs it from npm).
sarif_multitool = os.environ.get("WINHTTP_TIDY_SARIF_MULTITOOL", "")
if sarif_multitool and os.access(sarif_multitool, os.X_OK):
    config.available_features.add("sarif-validator")

other_major = "22" if config.llvm_major == "19" else "19"

clang = os.path.join(config.llvm_tools_dir, "clang")
check = "%s %s --clang-tidy %s --clang %s --filecheck %s" % (
    shlex.quote(config.python_executable),
    shlex.quote(os.path.join(config.winhttp_tidy_src_root, "tools",
                             "check_clang_tidy.py")),
    shlex.quote(clang_tidy), shlex.quote(clang),
    shlex.quote(os.path.join(config.llvm_tools_dir, "FileCheck")))

# Windows targets: MinGW (GNU headers and libstdc++) and MSVC mode (the same
# Windows headers, no C++ standard library).
mingw = "--target=x86_64-w64-mingw32"
msvc = ("--target=x86_64-pc-windows-msvc -fms-extensions -fms-compatibility "
        "-fgnuc-version=4.2.1 -idirafter /usr/x86_64-w64-mingw32/include")

config.substitutions += [
    ("%check_clang_tidy", check),
    ("%clang_tidy", clang_tidy),
    # clang-tidy of another LLVM major version, for the plugin's version guard.
    ("%other_clang_tidy", "/usr/lib/llvm-%s/bin/clang-tidy" % other_major),
    ("%other_major", other_major),
    ("%legacy_clang_tidy", "/usr/bin/clang-tidy"),
    ("%obj_root", config.winhttp_tidy_obj_root),
    ("%llvm_tools_dir", config.llvm_tools_dir),
    ("%plugin", config.plugin_path),
    ("%driver", config.driver_path),
    ("%llvm_major", config.llvm_major),
    ("%llvm_version", config.llvm_version),
    ("%clang", clang),
    ("%mingw", mingw),
    ("%msvc", msvc),
    ("%src_root", config.winhttp_tidy_src_root),
    ("%python", shlex.quote(config.python_executable)),
    ("%sarif_tool", os.path.join(config.winhttp_tidy_obj_root, "bin",
                                 "winhttp-tidy-sarif")),
    ("%validate_sarif", "%s %s %s" % (
        shlex.quote(config.python_executable),
        shlex.quote(os.path.join(config.winhttp_tidy_src_root, "tools",
                                 "validate_sarif.py")),
        shlex.quote(sarif_multitool or "sarif-multitool-not-installed"))),
]
