"""Decides which function definitions of a file can move to its end.

reorder.py's analysis: a definition at namespace scope can be replaced by its
prototype and appended at the end of the file unless that could change what
it or the file means. It stays for a template, a constexpr function or a
deduced return type; a definition that a macro expansion makes, that holds a
preprocessor directive or uses a macro defined after it; one that spells a
name a later declaration may add to its lookup (an overload, a function that
ADL finds); one that a NOLINT comment outside it covers.
"""

import re

DIRECTIVE = re.compile(rb"^[ \t]*#[ \t]*([A-Za-z_]+)[ \t]*([A-Za-z_]\w*)?",
                       re.MULTILINE)
NOLINT = re.compile(rb"NOLINT(BEGIN|END|NEXTLINE)?\b")


def depth_step(spelling):
    return (spelling in ("(", "[", "{")) - (spelling in (")", "]", "}"))


class Movable:
    """The movable function definitions of one parsed file: moved, and
    skipped with the reason."""

    def __init__(self, cindex, tu, path, text):
        self.ci, self.K, self.tu = cindex, cindex.CursorKind, tu
        self.path, self.text = path, text
        self.moved = []    # (cursor, openers, header end, default spans)
        self.skipped = []  # (cursor, reason)
        self.candidates = []  # (cursor, openers of its blocks or None)
        self.later = []    # (offset, cursor): main-file declarations
        self.macros = []   # (start, end): main-file macro expansions
        self.nominated = set()     # namespaces that using-directives name
        self.typed_scopes = set()  # namespaces ADL may search
        self.inline_at = {}
        self.directives = [(m.start(), m.group(1).decode(),
                            (m.group(2) or b"").decode())
                           for m in DIRECTIVE.finditer(text)]
        self.nolint = [(m.start(), m.group(1)) for m in NOLINT.finditer(text)]

    def in_main(self, cursor):
        loc = cursor.location
        # One call, where the file name takes several, turns away the
        # thousands of declarations of <windows.h>.
        if loc.is_in_system_header:
            return False
        return loc.file is not None and loc.file.name == self.path

    def tokens(self, start, end):
        """The file's tokens in [start, end). A cursor's own get_tokens()
        gives none when its extent starts in a macro expansion (WINAPI)."""
        ci, f = self.ci, self.tu.get_file(self.path)
        end = min(end, len(self.text))
        extent = ci.SourceRange.from_locations(
            ci.SourceLocation.from_offset(self.tu, f, start),
            ci.SourceLocation.from_offset(self.tu, f, end))
        return [t for t in self.tu.get_tokens(extent=extent)
                if start <= t.extent.start.offset < end
                and t.kind != ci.TokenKind.COMMENT]

    def collect(self, parent, openers):
        """Walks namespace scope for declarations and definitions."""
        K = self.K
        for c in parent.get_children():
            if not self.in_main(c):
                continue
            if c.kind == K.MACRO_INSTANTIATION:
                self.macros.append((c.extent.start.offset,
                                    c.extent.end.offset))
            if not c.kind.is_declaration():
                continue
            self.later.append((c.extent.start.offset, c))
            if c.kind == K.USING_DIRECTIVE:
                self.nominated |= {r.referenced.get_usr()
                                   for r in c.get_children() if r.referenced}
            elif c.kind in (K.STRUCT_DECL, K.CLASS_DECL, K.UNION_DECL,
                            K.ENUM_DECL, K.CLASS_TEMPLATE):
                self.typed_scopes.add(self.scope_of(c))
            if c.kind == K.NAMESPACE:
                if not self.in_main(c.canonical):
                    # A namespace of the headers (std) has types of its own.
                    self.typed_scopes.add(c.get_usr())
                opener = ("inline " if self.is_inline(c) else "") + \
                    " ".join(["namespace", c.spelling, "{"]).replace("  ", " ")
                self.collect(c, None if openers is None
                             else openers + [opener.encode()])
            elif c.kind == K.LINKAGE_SPEC:
                at = c.extent.start.offset
                words = [t.spelling for t in self.tokens(at, at + 20)][:2]
                ok = openers is not None and len(words) == 2 and \
                    words[0] == "extern" and words[1].startswith('"')
                self.collect(c, openers + [("extern %s {" % words[1]).encode()]
                             if ok else None)
            elif c.kind == K.ENUM_DECL and not c.is_scoped_enum():
                self.later += [(e.extent.start.offset, e)
                               for e in c.get_children()]
            elif c.kind in (K.FUNCTION_DECL, K.CXX_METHOD, K.CONSTRUCTOR,
                            K.DESTRUCTOR, K.CONVERSION_FUNCTION) \
                    and c.is_definition():
                self.candidates.append((c, openers))

    def run(self):
        self.collect(self.tu.cursor, [])
        for c, openers in self.candidates:
            why = "in an extern block that a macro opens" if openers is None \
                else self.check(c)
            if isinstance(why, str):
                self.skipped.append((c, why))
            else:
                self.moved.append((c, openers) + why)

    def inside_macro(self, offset, strictly):
        return any(s < offset < e if strictly else s <= offset < e
                   for s, e in self.macros)

    def check(self, c):
        """(header end, default argument spans) if c can move, else why not."""
        K = self.K
        start, end = c.extent.start.offset, c.extent.end.offset
        if self.text[end - 1:end] != b"}" or self.inside_macro(start, True) \
                or self.inside_macro(end - 1, False):
            return "a macro expansion makes its start or end"
        toks = self.tokens(start, end)
        spell = [t.spelling for t in toks]
        if not toks or spell[0] == "template":
            return "a template or a specialization"
        if c.result_type.kind == self.ci.TypeKind.AUTO or \
                "decltype ( auto" in " ".join(spell):
            return "its return type is deduced from its body"
        # The header ends at the first '{' (or 'try', or a constructor's
        # ':') outside parentheses: default arguments may hold braces.
        depth, head = 0, 0
        for i, s in enumerate(spell):
            if depth == 0 and (s in ("{", "try") or
                               s == ":" and c.kind == K.CONSTRUCTOR):
                head = i
                break
            depth += depth_step(s)
        if not head:
            return "no body (defaulted or deleted)"
        if ";" in spell[:head]:
            return "a K&R definition: its header declares the parameters"
        if "constexpr" in spell[:head] or "consteval" in spell[:head]:
            return "constexpr or consteval: a use may need it defined first"
        body = [k for k in c.get_children()
                if k.kind in (K.COMPOUND_STMT, K.CXX_TRY_STMT)]
        body_at = toks[head].extent.start.offset
        if c.kind != K.CONSTRUCTOR and (
                not body or body[-1].extent.start.offset != body_at):
            return "a '{' before its body (a type defined in its header)"
        if self.inside_macro(body_at, False):
            return "a macro expansion opens its body"
        # Its own name in its declarator is not looked up.
        names = {t.spelling for t in toks
                 if t.extent.start.offset != c.location.offset}
        why = self.check_preprocessor(start, end, names) or \
            self.check_nolint(start, end) or \
            self.check_lookup(c, start, names)
        if why:
            return why
        defaults = []
        for p in c.get_children():
            if p.kind != K.PARM_DECL:
                continue
            depth, pend = 0, p.extent.end.offset
            for t in self.tokens(p.extent.start.offset, pend):
                if t.spelling == "=" and depth == 0:
                    defaults.append((t.extent.start.offset, pend))
                    break
                depth += depth_step(t.spelling)
        if defaults and c.semantic_parent != c.lexical_parent:
            return "an out-of-line member with default arguments"
        return toks[head - 1].extent.end.offset, defaults

    def check_preprocessor(self, start, end, names):
        """Directives inside must balance; those after must not affect it."""
        depth = 0
        for at, name, arg in self.directives:
            if start <= at < end:
                if name in ("if", "ifdef", "ifndef"):
                    depth += 1
                elif name == "endif":
                    depth -= 1
                    if depth < 0:
                        return "an #endif inside it closes an outer #if"
                elif name not in ("elif", "else"):
                    return "a #%s inside it" % name
                elif depth == 0:
                    return "an #%s inside it belongs to an outer #if" % name
            elif at >= end and (name in ("include", "pragma", "line") or
                                name in ("define", "undef") and arg in names):
                return "a #%s %s after it" % (name, arg)
        return "an #if inside it is not closed" if depth else None

    def check_nolint(self, start, end):
        """A NOLINT outside the definition must not cover any of it."""
        first = self.text.rfind(b"\n", 0, start) + 1  # its first line
        prev = self.text.rfind(b"\n", 0, max(first - 1, 0)) + 1
        last = self.text.find(b"\n", end)  # the end of its last line
        last = len(self.text) if last < 0 else last
        regions = 0
        for at, kind in self.nolint:
            regions += {b"BEGIN": 1, b"END": -1}.get(kind, 0) * (at < start)
            if first <= at < start or end <= at < last or \
                    kind == b"NEXTLINE" and prev <= at < first:
                return "a NOLINT comment beside it"
        inner = [k for at, k in self.nolint if start <= at < end]
        if regions > 0 or inner.count(b"BEGIN") != inner.count(b"END"):
            return "a NOLINTBEGIN region reaches into it"
        return None

    def is_inline(self, ns):
        at = ns.extent.start.offset
        if at not in self.inline_at:
            self.inline_at[at] = any(t.spelling == "inline"
                                     for t in self.tokens(at, at + 6))
        return self.inline_at[at]

    def own_scope(self, ns):
        """USR of namespace ns, or None when it is anonymous or inline and
        so lends its names to the scope around it."""
        return None if not ns.spelling or self.is_inline(ns) else ns.get_usr()

    def scope_of(self, cursor):
        """USR of the namespace whose lookup finds cursor's name ('' for the
        global one), None for a class member. Extern "C" blocks and unscoped
        enums lend their names to the scope around them too."""
        K, p = self.K, cursor.semantic_parent
        while p is not None and p.kind != K.TRANSLATION_UNIT:
            if p.kind == K.NAMESPACE and self.own_scope(p):
                return self.own_scope(p)
            if p.kind not in (K.NAMESPACE, K.LINKAGE_SPEC, K.ENUM_DECL):
                return None
            p = p.semantic_parent
        return ""

    def outside_names(self, c, spelled):
        """The names c spells that may mean a namespace-scope entity: not
        those it uses only for its own locals, parameters or members, which
        no later namespace-scope declaration can hide."""
        K = self.K
        own = (K.FUNCTION_DECL, K.CXX_METHOD, K.CONSTRUCTOR, K.DESTRUCTOR,
               K.CONVERSION_FUNCTION, K.FUNCTION_TEMPLATE, K.LAMBDA_EXPR,
               K.STRUCT_DECL, K.CLASS_DECL, K.UNION_DECL, K.CLASS_TEMPLATE)
        local, outside = set(), set()
        for k in c.walk_preorder():
            if k == c or not k.spelling or not (
                    k.kind.is_reference() or k.kind.is_expression() or
                    k.kind.is_declaration()):
                continue
            ref = k if k.kind in (K.VAR_DECL, K.PARM_DECL) else k.referenced
            parent = ref.semantic_parent if ref is not None else None
            (local if parent is not None and parent.kind in own
             else outside).add(k.spelling)
        return spelled - (local - outside)

    def check_lookup(self, c, start, spelled):
        """A name it may look up must not gain a declaration after it."""
        K = self.K
        names = self.outside_names(c, spelled)
        visible = {""} | self.nominated | {
            k.referenced.get_usr() for k in c.walk_preorder()
            if k.kind == K.NAMESPACE_REF and k.referenced}
        p = c.semantic_parent
        while p is not None and p.kind != K.TRANSLATION_UNIT:
            if p.kind == K.NAMESPACE:
                visible.add(self.own_scope(p))
            p = p.semantic_parent
        for at, d in self.later:
            if at <= start:
                continue
            if d.kind == K.USING_DIRECTIVE:
                return "a using-directive after it could change lookup"
            name = d.spelling
            if name.startswith("operator"):
                # An operator is spelled by its symbol; a call by its '('.
                name = name[len("operator"):].strip() or name
                name = name[0] if name in ("()", "[]") else name
            scope = self.scope_of(d)
            if name not in names or scope is None or not (
                    scope in visible or scope in self.typed_scopes or
                    d.semantic_parent.spelling in names):
                # Neither unqualified lookup, a qualified name nor ADL
                # (which needs a type of that namespace) reaches it.
                continue
            canon = d.canonical
            new = self.in_main(canon) and canon.extent.start.offset > start
            completes = d.is_definition() and d.kind in (
                K.STRUCT_DECL, K.CLASS_DECL, K.UNION_DECL, K.ENUM_DECL)
            if new or completes:
                return "'%s' gains a declaration after it (line %d)" % (
                    d.spelling, d.location.line)
        return None
