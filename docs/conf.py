# Sphinx configuration of the winhttp-tidy documentation:
#   sphinx-build -W -b html docs <output>
# (Debian: python3-sphinx, python3-myst-parser for the Markdown pages.)
project = "winhttp-tidy"
author = "the winhttp-tidy developers"
copyright = "the winhttp-tidy developers"

extensions = ["myst_parser"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = ["CMakeLists.txt", "_build"]

html_theme = "alabaster"
html_title = "winhttp-tidy"
html_show_sourcelink = False
