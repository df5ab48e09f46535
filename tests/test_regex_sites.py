"""No regular expression is compiled outside ``pipeline/patterns.py`` (issue 13, item 3).

Walks every module under ``pipeline/`` and lists the sites that compile or build a pattern
themselves: a ``re.compile(...)`` call, a module-level ``re`` function that takes a pattern
(``re.search``, ``re.sub``, …: a pattern given as a string is compiled on the call) and
``re.escape`` (escaping words one by one is how a per-call alternation is built). A compiled
pattern's own methods (``PATTERN.search(text)``) are what the rest of the code calls.
"""
from __future__ import annotations

import ast
from pathlib import Path

PIPELINE = Path(__file__).resolve().parents[1] / "pipeline"
COMPOSER = "patterns.py"
#: the ``re`` functions that compile (or escape) a pattern of their own
COMPILING = {"compile", "search", "match", "fullmatch", "finditer", "findall", "sub", "subn",
             "split", "escape"}

#: (module, function) sites not converted yet: none left (a new site fails at once)
KNOWN: list[tuple[str, str]] = []


class _Sites(ast.NodeVisitor):
    """The (function, line) of every compiling ``re`` call in one module."""

    def __init__(self) -> None:
        self.scope: list[str] = []
        self.found: list[tuple[str, int]] = []

    def _scoped(self, node) -> None:
        self.scope.append(node.name)
        self.generic_visit(node)
        self.scope.pop()

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _scoped

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
                and func.value.id == "re" and func.attr in COMPILING):
            self.found.append((self._where(), node.lineno))
        self.generic_visit(node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.module == "re" and any(a.name in COMPILING for a in node.names):
            self.found.append((self._where(), node.lineno))  # from re import search: the same call

    def _where(self) -> str:
        # a method keeps its class (Stage.__init__); a site in a class body is the class's
        return ".".join(self.scope) if self.scope else "<module>"


def regex_sites() -> list[tuple[str, str, int]]:
    """(module, function, line) of every compiling ``re`` call outside the composer."""
    sites = []
    for path in sorted(PIPELINE.rglob("*.py")):
        module = path.relative_to(PIPELINE).as_posix()
        if module == COMPOSER:
            continue
        visitor = _Sites()
        visitor.visit(ast.parse(path.read_text(encoding="utf-8")))
        sites += [(module, function, line) for function, line in visitor.found]
    return sites


def test_only_the_composer_compiles():
    """The sites left are exactly KNOWN: a new one fails, and so does a fixed one still listed."""
    found = sorted({(module, function) for module, function, _ in regex_sites()})
    assert found == sorted(KNOWN), "\n".join(f"{m}:{l} {f}" for m, f, l in regex_sites())


def test_the_composer_compiles():
    """The walk sees the calls it looks for (the composer's own are found when not skipped)."""
    tree = ast.parse((PIPELINE / COMPOSER).read_text(encoding="utf-8"))
    visitor = _Sites()
    visitor.visit(tree)
    assert ("compile_pattern", ) in {(f,) for f, _ in visitor.found}
