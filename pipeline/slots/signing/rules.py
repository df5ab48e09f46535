"""The rule tables of the "signings" stage, loaded and compiled once.

``signing_patterns.tsv`` holds regular expressions (with ``{NUM}`` / ``{MEASURE}``
fragments filled in here), ``signing_words.tsv`` word lists by kind. Both are
validated at load: unknown kinds, duplicate rows and patterns that do not match
their own example are errors with ``file:line``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from xinwen.pipeline.errors import Errors, PipelineError
from xinwen.pipeline.patterns import compile_pattern, compose, load_patterns, union
from xinwen.pipeline.resources import Row, load_tsv
from xinwen.pipeline.grammar.lexicon import PeopleLexicon, load_people_lexicon
from xinwen.pipeline.grammar.numbers import default_grammar, parse_numeral

#: regex fragments named in the patterns table
FRAGMENTS = {
    "NUM": r"(?P<num>(?<![\d.])\d+(?![\d.])|[一二两三四五六七八九十百]+)",
    "MEASURE": r"(?:个|项|宗)",  # not 批: 一批项目 is "a batch", no count
}
#: the signing stage's text patterns (composed with the word kinds by :func:`text_fragments`)
TEXT_TABLE = "signing_text_patterns.tsv"
PATTERN_KINDS = (
    "trigger",
    "weak",
    "intention",
    "cumulative",
    "period",
    "count",
    "adverbial",
    "terms",
    "object",
)
#: the pattern kinds read as one alternation (the others name the {NUM} group row by row)
ANY_KINDS = ("trigger", "weak")
WORD_KINDS = (
    "adverb",
    "generic_party",
    "org_suffix",
    "relation",
    "ceremony_noun",
    "hold_verb",
    "attend_verb",
    "reference_tail",
    "non_signing_verb",
    "settle_verb",
    "field_marker",
    "field_tail",
    "subset_marker",
    "generic_start",
    "project_follow",
    "project_suffix",
    "position",
    "generic_prefix",
    "not_party",
    "lead_verb",
    "approx_word",
    "generic_end",
    "side_tail",
    "generic_head",
    "member_verb",
    "witness_verb",
    "attendee_verb",
    "generic_word",
    "list_opener",
    "field_project",
    "another_event",
    "party_lead",
    "sides_phrase",
)


def expand(pattern: str, row: Row | None = None) -> str:
    """Fill the named fragments of a table pattern (by the one composer, ``patterns.compose``).

    >>> expand("项目{MEASURE}")
    '项目(?:(?:个|项|宗))'
    """
    return compose(pattern, FRAGMENTS, row)


def count_value(text: str) -> int | None:
    """A project count, Arabic or Chinese (read by the shared number grammar).

    >>> count_value("16"), count_value("两"), count_value("二十三"), count_value("一百一十"), count_value("百")
    (16, 2, 23, 110, 100)
    """
    value = parse_numeral(text, default_grammar())
    return (
        int(value)
        if value is not None and value == value.to_integral_value() and value > 0
        else None
    )


@dataclass(frozen=True)
class SigningRules:
    """Compiled patterns (by kind) and word lists (by kind).

    ``words`` also holds, from the people lexicon: ``admin_suffix`` (the official
    organisation markers: 市, 区, 政府, 管委会 …), ``company_suffix`` (the business
    ones: 公司, 集团 …), ``title_end`` (title words: 书记, 董事长 …) and ``honorific``
    (先生, 女士 …); ``start_verb`` the verbs of projects that start or open (开工, 投产 …:
    non-signing verbs that are not settling); and ``org_suffix`` is extended with all
    organisation markers. Everything is compiled here, once per loaded table: ``word_regex``
    (each word kind as one alternation), ``any_regex`` (all patterns of a pattern kind) and
    ``text`` (the rows of ``signing_text_patterns.tsv``, composed with the word kinds).
    """

    patterns: dict[str, tuple[re.Pattern[str], ...]]
    words: dict[str, tuple[str, ...]]
    by_id: dict[str, re.Pattern[str]]
    lexicon: PeopleLexicon
    word_regex: Mapping[str, re.Pattern[str]]
    any_regex: Mapping[str, re.Pattern[str]]
    text: Mapping[str, re.Pattern[str]]

    def any(self, kind: str) -> re.Pattern[str]:
        """One alternation of all patterns of ``kind``."""
        return self.any_regex[kind]

    def alternation(self, kind: str) -> str:
        return union(self.words[kind])

    def has(self, kind: str, text: str) -> bool:
        """A word of ``kind`` occurs in ``text`` (never, for a kind without words)."""
        return bool(self.words[kind]) and self.word_regex[kind].search(text) is not None

    def ends_with(self, text: str, kind: str) -> bool:
        return text.endswith(self.words[kind])

    def trigger_id(self, text: str, position: int) -> str | None:
        """The id of the trigger row whose pattern matches ``text`` at ``position``."""
        return next(
            (i for i, p in self.by_id.items() if i.startswith("trigger.") and p.match(text, position)),
            None,
        )


def _load_patterns() -> tuple[dict[str, list[re.Pattern[str]]], dict[str, re.Pattern[str]]]:
    patterns: dict[str, list[re.Pattern[str]]] = {kind: [] for kind in PATTERN_KINDS}
    by_id: dict[str, re.Pattern[str]] = {}
    for row in load_tsv("signing_patterns.tsv", ("id", "kind", "pattern", "example"), key="id"):
        if row["kind"] not in patterns:
            _fail(row, f"unknown kind '{row['kind']}'")
        compiled = compile_pattern(expand(row["pattern"], row))
        if not compiled.search(row["example"]):
            _fail(row, "pattern does not match its example")
        patterns[row["kind"]].append(compiled)
        by_id[row["id"]] = compiled
    return patterns, by_id


def _load_words(lexicon: PeopleLexicon) -> dict[str, list[str]]:
    words: dict[str, list[str]] = {kind: [] for kind in WORD_KINDS}
    for row in load_tsv("signing_words.tsv", ("kind", "word", "example")):
        if row["kind"] not in words:
            _fail(row, f"unknown kind '{row['kind']}'")
        if row["word"] in words[row["kind"]]:
            _fail(row, f"duplicate {row['kind']} '{row['word']}'")
        words[row["kind"]].append(row["word"])
    markers = lexicon.org_markers
    words["admin_suffix"] = [m for m, kind in markers.items() if kind == "official"]
    words["company_suffix"] = [m for m, kind in markers.items() if kind == "business"]
    words["title_end"] = list(lexicon.title_words)
    words["honorific"] = list(lexicon.honorifics)
    words["org_suffix"] += [m for m in markers if m not in words["org_suffix"]]
    words["start_verb"] = [w for w in words["non_signing_verb"] if w not in words["settle_verb"]]
    return words


def text_fragments(
    words: Mapping[str, tuple[str, ...]], patterns: Mapping[str, tuple[re.Pattern[str], ...]],
    by_id: Mapping[str, re.Pattern[str]],
) -> dict[str, str]:
    """The fragments of ``signing_text_patterns.tsv``: each word kind (``{TITLE_END}``), the
    count fragments, the manner phrases and the count noun phrase of ``signing_patterns.tsv``."""
    return {
        **{kind.upper(): union(values) for kind, values in words.items()},
        **FRAGMENTS,
        "MANNER": "|".join(p.pattern for p in patterns["adverbial"]),
        "COUNT_BEFORE": by_id["count.before"].pattern,
    }


@lru_cache(maxsize=1)
def load_signing_rules() -> SigningRules:
    """Both tables, validated and compiled (loaded once; immutable)."""
    lexicon = load_people_lexicon()
    found, by_id = _load_patterns()
    patterns = {k: tuple(v) for k, v in found.items()}
    words = {k: tuple(v) for k, v in _load_words(lexicon).items()}
    return SigningRules(
        patterns=patterns, words=words, by_id=by_id, lexicon=lexicon,
        word_regex=MappingProxyType({k: compile_pattern(union(v)) for k, v in words.items()}),
        any_regex=MappingProxyType({
            k: compile_pattern("|".join(f"(?:{p.pattern})" for p in patterns[k])) for k in ANY_KINDS
        }),
        text=load_patterns(TEXT_TABLE, text_fragments(words, patterns, by_id)),
    )


def _fail(row: Row, problem: str) -> None:
    """Raise with the ``file:line`` of ``row``."""
    raise PipelineError(Errors.E020.format(path=row.path, line=row.line, problem=problem))
