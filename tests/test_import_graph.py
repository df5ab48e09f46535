"""The import graph of the package (issue 13): no cycles, and the early stages (segment,
normalize, readers) import nothing from ``pipeline/slots/``.

Edges are every ``import`` of an ``xinwen`` module anywhere in a module, deferred imports
inside functions included (they are runtime dependencies too), ``if TYPE_CHECKING:`` blocks
excluded (never run). There is no cycle and no such slots import: any one fails.
"""
from __future__ import annotations

import ast
import functools
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: repository folder → installed package name (pyproject.toml [tool.setuptools.package-dir])
PACKAGES = {"pipeline": "xinwen.pipeline", "eval": "xinwen.eval", "xinwen": "xinwen"}
EARLY_STAGES = ("xinwen.pipeline.segment", "xinwen.pipeline.normalize", "xinwen.pipeline.readers")


def modules() -> dict[str, Path]:
    found = {}
    for folder, package in PACKAGES.items():
        for path in sorted((ROOT / folder).rglob("*.py")):
            parts = [p for p in path.relative_to(ROOT / folder).with_suffix("").parts
                     if p != "__init__"]
            found[".".join([package, *parts])] = path
    return found


class _Imports(ast.NodeVisitor):
    def __init__(self, known: dict[str, Path]) -> None:
        self.known, self.found = known, set()

    def visit_If(self, node: ast.If) -> None:
        if isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            for child in node.orelse:
                self.visit(child)
            return
        self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        self.found.update(a.name for a in node.names if a.name in self.known)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.module in self.known:
            self.found.add(node.module)
        for alias in node.names:
            if f"{node.module}.{alias.name}" in self.known:
                self.found.add(f"{node.module}.{alias.name}")


@functools.lru_cache(maxsize=1)  # the files do not change during a test run
def import_graph() -> dict[str, frozenset[str]]:
    known = modules()
    graph = {}
    for name, path in known.items():
        visitor = _Imports(known)
        visitor.visit(ast.parse(path.read_text(encoding="utf-8")))
        graph[name] = frozenset(visitor.found - {name})
    return graph


def cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected components of more than one module (Tarjan).

    >>> sorted(map(sorted, cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}})))
    [['a', 'b']]
    """
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while True:
                top = stack.pop()
                component.add(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(component)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_graph_sees_the_package():
    graph = import_graph()
    assert {"xinwen.pipeline.doc", "xinwen.pipeline.registry"} <= graph["xinwen.pipeline.export"]
    assert "xinwen.pipeline.grammar.numbers" in graph["xinwen.pipeline.slots.money"]
    assert "xinwen.pipeline.slots.meta.stage" not in graph["xinwen.pipeline.slots.meta.byline"]  # TYPE_CHECKING
    assert "xinwen.pipeline.slots.signing.stage" in graph["xinwen.pipeline.explain"]  # a deferred import


def test_no_import_cycles():
    assert cycles(import_graph()) == []


def test_ner_backends_import_nothing_from_ner_tools():
    """The corpora and training (``ner_tools``) sit above the backends, the table above both."""
    graph = import_graph()
    backends = [m for m in graph if m.startswith("xinwen.pipeline.ner_backends")]
    assert {m: sorted(t for t in graph[m] if t.startswith("xinwen.pipeline.ner_tools"))
            for m in backends} == {m: [] for m in backends}
    assert "xinwen.pipeline.ner" not in set().union(*(graph[m] for m in backends))


def test_early_stages_import_nothing_from_slots():
    graph = import_graph()
    assert {m: sorted(t for t in graph[m] if t.startswith("xinwen.pipeline.slots"))
            for m in EARLY_STAGES} == {m: [] for m in EARLY_STAGES}


def test_grammar_imports_nothing_from_slots():
    """Shared grammar sits below every stage: ``pipeline/grammar/`` never reads a stage."""
    graph = import_graph()
    grammar = [m for m in graph if m.startswith("xinwen.pipeline.grammar")]
    assert len(grammar) > 10
    assert {m: sorted(t for t in graph[m] if t.startswith("xinwen.pipeline.slots"))
            for m in grammar} == {m: [] for m in grammar}


def test_slots_hold_stages_only():
    """Every module directly under ``pipeline/slots/`` defines a stage class (``…Stage``);
    the parts of a stage sit in its package (``slots/signing/``, ``slots/meta/``)."""
    folder = ROOT / "pipeline" / "slots"
    modules_here = [p for p in folder.glob("*.py") if p.name != "__init__.py"]
    packages = [p / "stage.py" for p in folder.iterdir() if (p / "__init__.py").is_file()]
    without = [str(p.relative_to(ROOT)) for p in modules_here + packages
               if not any(isinstance(n, ast.ClassDef) and n.name.endswith("Stage")
                          for n in ast.parse(p.read_text(encoding="utf-8")).body)]
    assert packages and without == []
