"""The one fragment composer and regex compiler of the pipeline.

Every regular expression of ``pipeline/`` is a row of a ``pipeline/data/*_patterns.tsv`` table
(or of a stage's own rule table): an ``id``, the ``pattern``, its ``flags``, ``examples`` that
must match, ``counterexamples`` that must not, and its ``source``. A pattern may name fragments:
``{NAME}`` inserts fragment ``NAME`` as a non-capturing group, ``{NAME:group}`` as a named group.
Fragments come from the caller (word tables turned into alternations by :func:`union`) and from
the table itself: a row whose id is a fragment name (``HAN_CHAR``) can be named by the rows
below it. This module is the only place that calls ``re.compile`` (``tests/test_regex_sites.py``
checks it), so a pattern is compiled once per loaded table, never per document or per call.

>>> load_patterns("text_patterns.tsv")["text.iso_date"].match("2023-03-24").group()
'2023-03-24'
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from types import MappingProxyType

from xinwen.pipeline.errors import Errors, PipelineError
from xinwen.pipeline.resources import Row, list_cell, load_tsv

#: the columns of a pattern table
PATTERN_COLUMNS = ("id", "pattern", "flags", "examples", "counterexamples", "source")
#: the flags a row may name; BYTES compiles the pattern over UTF-8 bytes (raw file heads)
FLAGS = {"IGNORECASE": re.IGNORECASE, "MULTILINE": re.MULTILINE, "BYTES": 0}
#: a fragment reference in a template; a fragment name is upper case, so a quantifier
#: (``{2,3}``) or a literal brace is never read as one
_FRAGMENT = re.compile(r"\{([A-Z_]+)(?::([a-z_0-9]+))?\}")
_NAME = re.compile(r"[A-Z_]+")


def union(words: Iterable[str]) -> str:
    """A regex alternation of literal words, longest first (so a word never loses to its prefix).

    >>> print(union(["近", "接近", "超", "(含)"]))
    \\(含\\)|接近|超|近
    """
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def literal(word: str) -> str:
    r"""``word`` as a pattern that matches it literally (for a code-built pattern of one word).

    >>> print(literal("(含)"))
    \(含\)
    """
    return re.escape(word)


def chars(characters: str) -> str:
    r"""A character class of the literal ``characters``.

    >>> print(chars("。!?-"))
    [。!\?\-]
    """
    return f"[{re.escape(characters)}]"


def find_literal(text: str, word: str) -> list[int]:
    """Starts of the non-overlapping occurrences of ``word``, left to right (as
    ``re.finditer(re.escape(word), text)`` gives them, without a pattern per word).

    >>> find_literal("签约签约签", "签约"), find_literal("ab", "")
    ([0, 2], [0, 1, 2])
    """
    if not word:
        return list(range(len(text) + 1))
    starts, at = [], text.find(word)
    while at >= 0:
        starts.append(at)
        at = text.find(word, at + len(word))
    return starts


def compose(template: str, fragments: Mapping[str, str], row: Row | None = None) -> str:
    """Expand ``{NAME}`` (non-capturing) and ``{NAME:group}`` (named group) in ``template``.

    ``row`` is the table row the template comes from: an unknown fragment names its line.

    >>> compose("{A:x}{B}?", {"A": "[0-9]+", "B": "元"})
    '(?P<x>[0-9]+)(?:元)?'
    """

    def expand(match: re.Match[str]) -> str:
        name, group = match.group(1), match.group(2)
        if name not in fragments:
            _fail(row, f"unknown fragment {{{name}}}")
        return f"(?P<{group}>{fragments[name]})" if group else f"(?:{fragments[name]})"

    return _FRAGMENT.sub(expand, template)


def anchored(regex: str) -> str:
    """``regex`` behind a lookahead of the characters a match can start with, where they are
    known: a row opens with optional words (近, 人民币, 从 …), so without it a search tries the
    whole row at every position of the text; with it the engine skips to a possible start
    (the matches are the same).

    >>> anchored("(?:约)?[0-9]+元"), anchored("(?:约)?")
    ('(?=[0-9约])(?:(?:约)?[0-9]+元)', '(?:约)?')
    """
    first = _first_chars(re._parser.parse(regex))
    if first is None or first[1]:
        return regex
    items = sorted(first[0], key=lambda item: item if isinstance(item, tuple) else (item, item))
    chars = "".join(
        f"{re.escape(i[0])}-{re.escape(i[1])}" if isinstance(i, tuple) else re.escape(i) for i in items
    )
    return f"(?=[{chars}])(?:{regex})"


def _first_chars(items) -> tuple[set, bool] | None:
    """The characters (and ranges) a match of the parsed ``items`` can start with, and whether
    it can be empty; None where that is not known (any character, a negated class, a flag)."""
    c = re._constants
    found: set = set()
    for op, av in items:
        if op in (c.ASSERT, c.ASSERT_NOT, c.AT):
            continue  # zero-width: the next item starts the match
        if op is c.LITERAL:
            return found | {chr(av)}, False
        if op is c.IN:
            chars = _class_items(av)
            return None if chars is None else (found | chars, False)
        if op is c.BRANCH:
            subs = [_first_chars(alt) for alt in av[1]]
        elif op is c.SUBPATTERN and not av[1] and not av[2]:
            subs = [_first_chars(av[3])]
        elif op is c.ATOMIC_GROUP:
            subs = [_first_chars(av)]
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            subs = [_first_chars(av[2])] + ([(set(), True)] if av[0] == 0 else [])
        else:
            return None
        if any(sub is None for sub in subs):
            return None
        found |= set().union(*(sub[0] for sub in subs))
        if not any(sub[1] for sub in subs):
            return found, False
    return found, True


def _class_items(av) -> set | None:
    c = re._constants
    items: set = set()
    for op, value in av:
        if op is c.LITERAL:
            items.add(chr(value))
        elif op is c.RANGE:
            items.add((chr(value[0]), chr(value[1])))
        else:
            return None  # a negated class, a category (\\d)
    return items


def compile_pattern(pattern: str | bytes, flags: int = 0) -> re.Pattern:
    """The one ``re.compile`` of the pipeline (a caller keeps the result: nothing is recompiled)."""
    return re.compile(pattern, flags)


def row_flags(row: Row) -> tuple[int, bool]:
    """The ``re`` flags a row names and whether it reads bytes."""
    names = [name for name in row["flags"].split() if name != "-"]
    unknown = [name for name in names if name not in FLAGS]
    if unknown:
        _fail(row, f"unknown flag {unknown[0]}")
    flags = 0
    for name in names:
        flags |= FLAGS[name]
    return flags, "BYTES" in names


def load_patterns(
    table: str, fragments: Mapping[str, str] | None = None
) -> Mapping[str, re.Pattern]:
    """The rows of ``table`` composed with ``fragments`` and compiled, by row id (read-only)."""
    known = dict(fragments or {})
    compiled: dict[str, re.Pattern] = {}
    for row in load_tsv(table, PATTERN_COLUMNS, key="id"):
        text = compose(row["pattern"], known, row)
        flags, raw = row_flags(row)
        compiled[row["id"]] = compile_pattern(text.encode("utf-8") if raw else text, flags)
        if _NAME.fullmatch(row["id"]):
            known[row["id"]] = text
    return MappingProxyType(compiled)


@lru_cache(maxsize=32)
def fixed_patterns(table: str) -> Mapping[str, re.Pattern]:
    """The patterns of a table that names no outside fragment (loaded once per table)."""
    return load_patterns(table)


def fixed_pattern(table: str, rule_id: str) -> re.Pattern:
    """One pattern of a fixed table, by id (a module binds it once, at import)."""
    return fixed_patterns(table)[rule_id]


def examples(row: Row) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A row's examples and counterexamples; a cell writes control characters as escapes
    (``\\n``, ``\\t``, ``\\u3000``), since a TSV cell cannot hold them."""
    def cells(column: str) -> tuple[str, ...]:
        return tuple(_unescape(text) for text in list_cell(row, column))

    return cells("examples"), cells("counterexamples")


def _unescape(text: str) -> str:
    r"""``\n``, ``\t``, ``\uXXXX`` … in a cell as the characters (the rest kept as written).

    >>> _unescape(r"a\tb\n签约")
    'a\tb\n签约'
    """
    return text.encode("latin-1", "backslashreplace").decode("unicode-escape")


def _fail(row: Row | None, problem: str) -> None:
    raise PipelineError(
        Errors.E020.format(path=row.path if row else "<template>", line=row.line if row else 0,
                           problem=problem)
    )
