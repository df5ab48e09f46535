"""Loaders for the data files under ``pipeline/data/``.

Every table is a UTF-8 TSV with a header row and ``#`` comment lines (the
comments at the top carry the table's source and provenance). Each file is
declared once in :data:`TABLES` (its columns, the key that must be unique, the
enum columns with their allowed values, the list columns with their separator,
the example columns and the columns that may be empty). :func:`load_table`
reads a file, checks every row against its spec and fails with the real
``file:line`` (1-based, comment and header lines counted) on the first
malformed row. Data files are loaded once per pipeline instance by the stage
that owns them.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xinwen.pipeline.errors import Errors, PipelineError

DATA_DIR = Path(__file__).resolve().parent / "data"

#: the separator of a list cell (``examples``, ``counterexamples``)
LIST_SEPARATOR = " | "


@dataclass(frozen=True)
class Table:
    """The declaration of one data file."""

    columns: tuple[str, ...]
    key: tuple[str, ...] = ()  # columns whose values together must be unique
    enums: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (column, allowed values)
    lists: tuple[tuple[str, str], ...] = ()  # (column, separator)
    examples: tuple[str, ...] = ()  # cells the rule must match
    counterexamples: tuple[str, ...] = ()  # cells the rule must not match
    optional: tuple[str, ...] = ()  # columns that may be empty; every other cell is required


class Row(dict):
    """One row of a table, by column; ``line`` is its 1-based line in ``path``."""

    def __init__(self, cells: dict[str, str], path: Path, line: int) -> None:
        super().__init__(cells)
        self.path = path
        self.line = line


def _examples(*columns: str) -> tuple[tuple[str, str], ...]:
    return tuple((column, LIST_SEPARATOR) for column in columns)


_EXAMPLE_LISTS = _examples("examples", "counterexamples")
_KIND_WORD = ("kind", "word", "example")
#: a pattern table (pipeline/patterns.py reads it): its rows compile once per loaded table
_PATTERNS = Table(
    ("id", "pattern", "flags", "examples", "counterexamples", "source"), key=("id",),
    lists=_EXAMPLE_LISTS, examples=("examples",), counterexamples=("counterexamples",),
    optional=("counterexamples",),
)

TABLES: dict[str, Table] = {
    "admin_divisions.tsv": Table(
        ("code", "name", "level", "parent"), key=("code",),
        enums=(("level", ("province", "city", "district")),),
    ),
    "admin_suffixes.tsv": Table(
        _KIND_WORD, key=("word",), enums=(("kind", ("unit", "zone", "stop")),),
        examples=("example",),
    ),
    "area_units.tsv": Table(("unit", "square_meters"), key=("unit",)),
    "byline_credits.tsv": Table(("credit", "title"), key=("credit",)),
    "byline_roles.tsv": Table(("role", "title"), key=("role",)),
    "clause_breakers.tsv": Table(
        ("word", "kind"), key=("word",),
        enums=(("kind", ("adverb", "descriptor", "list_closer", "particle", "preposition",
                         "pronoun", "role_verb", "time", "verb")),),
    ),
    "consolidate_rules.tsv": Table(
        ("id", "part", "decision", "value", "description"), key=("id",),
        enums=(("part", ("officials", "events", "projects", "restorations")),
               ("decision", ("merge", "apart", "pick"))),
    ),
    "consolidate_words.tsv": Table(
        _KIND_WORD, key=("word",),
        enums=(("kind", ("project_suffix", "org_prefix", "quote")),), examples=("example",),
    ),
    "currencies.tsv": Table(
        ("word", "iso", "position", "generic"), key=("word",),
        enums=(("position", ("both", "suffix")), ("generic", ("yes", "no"))),
    ),
    "date_patterns.tsv": _PATTERNS,
    "date_words.tsv": Table(
        ("word", "kind", "offset", "example"), key=("word",),
        enums=(("kind", ("relative", "same", "vague", "daypart", "year", "earlier")),),
        examples=("example",),
    ),
    "gbk_trad_pinyin.tsv": Table(("char", "pinyin"), key=("char",)),
    "honorifics.tsv": Table(("word",), key=("word",)),
    "jobs_patterns.tsv": Table(
        ("id", "template", "examples", "counterexamples", "source"), key=("id",),
        lists=_EXAMPLE_LISTS, examples=("examples",), counterexamples=("counterexamples",),
    ),
    "meta_patterns.tsv": _PATTERNS,
    "meta_rules.tsv": Table(
        ("id", "field", "kind", "pattern", "examples", "counterexamples"), key=("id",),
        enums=(("kind", ("regex", "grammar")),), lists=_EXAMPLE_LISTS,
        examples=("examples",), counterexamples=("counterexamples",), optional=("pattern",),
    ),
    "meta_word_patterns.tsv": _PATTERNS,
    "meta_words.tsv": Table(
        _KIND_WORD, key=("kind", "word"),
        enums=(("kind", ("banner", "caption_marker", "dateline_suffix", "hold_verb",
                         "issue_marker", "meet_verb", "not_outlet", "outlet_marker",
                         "place_suffix", "self_place", "stamp_marker", "time_word",
                         "title_marker", "verb_adverb")),),
        examples=("example",),
    ),
    "name_followers.tsv": Table(
        ("word", "kind", "example"), key=("word",),
        enums=(("kind", ("action", "adverb", "byline", "conjunction", "particle",
                         "preposition", "speech", "verb")),),
        examples=("example",), optional=("example",),
    ),
    "ner_cues.tsv": Table(("word", "reason"), key=("word",)),
    "ner_datasets.tsv": Table(
        ("name", "format", "location", "description"), key=("name",),
        enums=(("format", ("bio", "bmes", "cluener")),),
    ),
    "ner_labels.tsv": Table(
        ("tag", "label", "used_by"), key=("tag",),
        enums=(("label", ("PER", "ORG", "LOC", "-")),),
    ),
    "numerals.tsv": Table(
        ("char", "value", "kind", "plain"), key=("char",),
        enums=(("kind", ("arabic", "digit", "magnitude", "point")),),
    ),
    "org_markers.tsv": Table(
        ("marker", "kind", "scope", "example"), key=("marker",),
        enums=(("kind", ("official", "business", "academic", "association", "journalist",
                         "other")),
               ("scope", ("organization", "unit"))),
        examples=("example",), optional=("example",),
    ),
    "people_rules.tsv": Table(
        ("id", "kind", "pattern", "examples", "counterexamples"), key=("id",),
        enums=(("kind", ("regex", "grammar")),), lists=_EXAMPLE_LISTS,
        examples=("examples",), counterexamples=("counterexamples",),
    ),
    "phrase_patterns.tsv": _PATTERNS,
    "phrase_word_patterns.tsv": _PATTERNS,
    "pinyin_syllables.tsv": Table(("syllable",), key=("syllable",)),
    "place_aliases.tsv": Table(("alias", "code", "example"), key=("alias",), examples=("example",)),
    "place_rules.tsv": Table(("id", "description", "example"), key=("id",), examples=("example",)),
    "qualifiers.tsv": Table(
        ("word", "position", "qualifier", "not_after"), key=("word",),
        enums=(("position", ("prefix", "infix", "suffix")),
               ("qualifier", ("exact", "about", "nearly", "over", "at_least", "at_most",
                              "under", "range"))),
        optional=("not_after",),
    ),
    "quantity_negatives.tsv": Table(
        ("id", "applies", "side", "pattern", "qualifiers", "reason", "example"), key=("id",),
        enums=(("applies", ("money", "area", "both")), ("side", ("left", "right"))),
        examples=("example",),
    ),
    "quantity_patterns.tsv": Table(
        ("id", "template", "examples", "counterexamples"), key=("id",),
        lists=_EXAMPLE_LISTS, examples=("examples",), counterexamples=("counterexamples",),
        optional=("counterexamples",),
    ),
    "signing_patterns.tsv": Table(
        ("id", "kind", "pattern", "example"), key=("id",),
        enums=(("kind", ("trigger", "weak", "intention", "cumulative", "period", "count",
                         "adverbial", "terms", "object")),),
        examples=("example",),
    ),
    "signing_text_patterns.tsv": _PATTERNS,
    "signing_value_rules.tsv": Table(
        ("id", "description", "example"), key=("id",), examples=("example",),
    ),
    "signing_words.tsv": Table(
        _KIND_WORD, key=("kind", "word"),
        enums=(("kind", ("adverb", "another_event", "approx_word", "attend_verb",
                         "attendee_verb", "ceremony_noun", "field_marker", "field_project",
                         "field_tail", "generic_end", "generic_head", "generic_party",
                         "generic_prefix", "generic_start", "generic_word", "hold_verb",
                         "lead_verb", "list_opener", "member_verb", "non_signing_verb", "not_party",
                         "org_suffix", "party_lead", "position", "project_follow",
                         "project_suffix", "reference_tail", "relation", "settle_verb",
                         "side_tail", "sides_phrase", "subset_marker", "witness_verb")),),
        examples=("example",),
    ),
    "spoken_money.tsv": Table(("word", "iso", "example"), key=("word",), examples=("example",)),
    "subject_heads.tsv": Table(
        ("word", "kind", "bare"), key=("word",),
        enums=(("kind", ("money", "area")), ("bare", ("yes", "no"))),
    ),
    "subject_words.tsv": Table(
        ("word", "role", "not_after"), key=("word", "role"),
        enums=(("role", ("aux", "bare_follow", "cut", "determiner", "generic", "group_event",
                         "group_noun", "link", "list_end", "measure", "modal", "np_stop",
                         "owner_head", "party", "project_head", "represent", "signing",
                         "strip", "time", "time_lead", "time_unit", "topic_head")),),
        optional=("not_after",),
    ),
    "surnames.tsv": Table(
        ("surname", "source"), key=("surname",),
        enums=(("source", ("baijiaxing", "supplement")),),
    ),
    "text_patterns.tsv": _PATTERNS,
    "title_modifiers.tsv": Table(("word",), key=("word",)),
    "vague_magnitudes.tsv": Table(("word", "low", "high", "example"), key=("word",),
                                  examples=("example",)),
    "title_words.tsv": Table(
        ("word", "kind", "strength", "example"), key=("word",),
        enums=(("kind", ("official", "business", "academic", "association", "journalist",
                         "other")),
               ("strength", ("strong", "weak"))),
        examples=("example",), optional=("example",),
    ),
}


def data_path(name: str) -> Path:
    return DATA_DIR / name


def table_spec(name: str) -> Table:
    """The declaration of ``pipeline/data/<name>``."""
    if name not in TABLES:
        _fail(data_path(name), 1, "no entry in resources.TABLES")
    return TABLES[name]


def load_table(name: str) -> list[Row]:
    """Rows of ``pipeline/data/<name>``, each checked against its :data:`TABLES` entry."""
    spec, path = table_spec(name), data_path(name)
    rows: list[Row] = []
    header: list[str] | None = None
    seen: dict[tuple[str, ...], int] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            if tuple(header) != spec.columns:
                _fail(path, number, f"header {header} != expected {list(spec.columns)}")
            continue
        if len(cells) != len(header):
            _fail(path, number, f"{len(cells)} cells, expected {len(header)}")
        row = Row(dict(zip(header, cells)), path, number)
        _check_row(spec, row)
        _check_key(spec, row, seen)
        rows.append(row)
    if header is None:
        _fail(path, 1, "no header row")
    return rows


def _check_row(spec: Table, row: Row) -> None:
    for column in spec.columns:
        if column not in spec.optional and not row[column].strip():
            _fail(row.path, row.line, f"empty {column}")
    for column, allowed in spec.enums:
        if row[column] not in allowed:
            _fail(row.path, row.line,
                  f"'{row[column]}' is not one of {', '.join(allowed)} (column {column})")


def _check_key(spec: Table, row: Row, seen: dict[tuple[str, ...], int]) -> None:
    if not spec.key:
        return
    value = tuple(row[column] for column in spec.key)
    if value in seen:
        key, shown = "+".join(spec.key), " ".join(value)
        _fail(row.path, row.line, f"duplicate {key} '{shown}' (first on line {seen[value]})")
    seen[value] = row.line


def load_tsv(name: str, columns: tuple[str, ...], key: str | None = None) -> list[Row]:
    """Rows of ``pipeline/data/<name>`` (see :func:`load_table`), read as ``columns``.

    ``columns`` and ``key`` restate what the caller reads; they must agree with the
    table's :data:`TABLES` entry (a caller out of step with its table fails at the header).
    """
    spec = table_spec(name)
    if columns != spec.columns or (key is not None and (key,) != spec.key):
        _fail(data_path(name), _header_line(data_path(name)),
              f"reader expects columns {list(columns)} key {key}, "
              f"TABLES declares {list(spec.columns)} key {list(spec.key)}")
    return load_table(name)


def list_cell(row: Row, column: str) -> tuple[str, ...]:
    """The items of a list column (its declared separator; empty items dropped)."""
    separator = dict(table_spec(row.path.name).lists)[column]
    return tuple(part.strip() for part in row[column].split(separator) if part.strip())


def load_words(name: str) -> list[str]:
    """A one-column word list (``#`` comments allowed); duplicates are errors."""
    return [row["word"] for row in load_tsv(name, ("word",), key="word")]


def load_json(name: str) -> Any:
    path = data_path(name)
    return json.loads(path.read_text(encoding="utf-8"))


def _header_line(path: Path) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next((i for i, text in enumerate(lines, 1) if text.strip() and not text.startswith("#")), 1)


def _fail(path: Path, line: int, problem: str) -> None:
    raise PipelineError(Errors.E020.format(path=path, line=line, problem=problem))
