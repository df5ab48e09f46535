"""One span type (issue 13 item 1): every character range the pipeline keeps is a ``Span``.

A class with its own ``start`` and ``end`` fields would be a second span type, with its own
conversion to raw offsets and its own equality: the AST check below finds every dataclass
under ``pipeline/`` that declares both and fails unless it is ``Span`` itself. Subclasses add
what was found at the range (a word, a label, a tag) and inherit the range.
"""
from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

from xinwen.pipeline.doc import Entity, Span, Token
from xinwen.pipeline.ner_backends.base import EntitySpan

ROOT = Path(__file__).resolve().parents[2]
#: byte ranges of a file, not character ranges of a text
NOT_TEXT = {"pipeline/output.py": {"Entry"}}


def _range_classes() -> list[tuple[str, str]]:
    found = []
    for path in sorted((ROOT / "pipeline").rglob("*.py")):
        rel = str(path.relative_to(ROOT))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ClassDef):
                continue
            fields = {s.target.id for s in node.body
                      if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)}
            if {"start", "end"} <= fields and node.name not in NOT_TEXT.get(rel, set()):
                found.append((rel, node.name))
    return found


def test_only_span_declares_a_range():
    assert _range_classes() == [("pipeline/doc.py", "Span")]


def test_the_exception_list_names_real_classes():
    source = (ROOT / "pipeline/output.py").read_text(encoding="utf-8")
    classes = {n.name for n in ast.walk(ast.parse(source)) if isinstance(n, ast.ClassDef)}
    assert NOT_TEXT["pipeline/output.py"] <= classes


@pytest.mark.parametrize("made", [
    Token(3, 5, text="徐君", pos="nr"),
    Entity(start=0, end=2, text="青岛", label="LOC", source="lac"),
    EntitySpan(0, 2, label="PER"),
])
def test_records_with_a_range_are_spans(made):
    assert isinstance(made, Span) and made.as_dict() == {"start": made.start, "end": made.end}
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.start = 9


def test_a_subclass_compares_what_it_adds_but_not_the_rule():
    assert EntitySpan(0, 2, label="PER") != EntitySpan(0, 2, label="LOC")
    assert Span(0, 2, rule="a") == Span(0, 2, rule="b")
    assert Token(0, 2, text="青岛") != Span(0, 2)  # a word is not a bare range
