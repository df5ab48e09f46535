"""Shared number grammar of the "amounts" and "areas" stages.

Numerals (``1080``, ``203.7``, ``二百零三点七``, ``百``), magnitudes (``万``, ``亿``,
``千万``), qualifier words (``近``, ``超过``, ``余``, ``以上``) and the candidate
patterns built from them all come from data files under ``pipeline/data/``
(``numerals.tsv``, ``qualifiers.tsv``, ``quantity_patterns.tsv``); this module
only composes and reads them. Chinese numerals are converted by ``cn2an``.

>>> g = default_grammar()
>>> parse_numeral("二百零三点七亿", g)
Decimal('20370000000.0')
>>> parse_numeral("百", g), parse_numeral("1,080", g), parse_numeral("亿", g)
(Decimal('100'), Decimal('1080'), None)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import TypeVar

import cn2an

from xinwen.pipeline.errors import Errors, PipelineError
from xinwen.pipeline.patterns import (  # the one fragment composer (compose re-exported)
    anchored, compile_pattern, compose, literal, union,
)
from xinwen.pipeline.resources import list_cell, load_tsv

T = TypeVar("T")
QUALIFIERS = ("exact", "about", "nearly", "over", "at_least", "at_most", "under", "range")

# Fixed fragments: one optional space (some sources space out figures: ``新台币 177.1 亿元``),
# the range separators, and the cents of a 元 figure.
SPACE = r"[ \u3000]?"
SEPARATORS = ("至", "到", "——", "--", "—", "–", "-", "－", "~", "～")
#: the columns of a pattern table (quantity_patterns.tsv; jobs_patterns.tsv adds ``source``)
PATTERN_COLUMNS = ("id", "template", "examples", "counterexamples")
#: the groups of a range's upper bound, None in a row that reads no range
NO_RANGE = {"sep": None, "num2": None, "infix2": None, "mag2": None}


@dataclass(frozen=True, slots=True)
class Qualifier:
    word: str
    position: str  # prefix | infix | suffix
    qualifier: str
    not_after: str


@dataclass(frozen=True, slots=True)
class Pattern:
    id: str
    regex: re.Pattern[str]
    examples: tuple[str, ...]
    counterexamples: tuple[str, ...]


class NumberGrammar:
    """The numeral and qualifier tables, their regex fragments and compiled patterns."""

    def __init__(self) -> None:
        numerals = load_tsv("numerals.tsv", ("char", "value", "kind", "plain"), key="char")
        self.plain = {r["char"]: r["plain"] for r in numerals}
        self.magnitude = {
            r["char"]: Decimal(r["value"]) for r in numerals if r["kind"] == "magnitude"
        }
        by_kind = {
            k: "".join(r["char"] for r in numerals if r["kind"] == k)
            for k in ("arabic", "digit", "magnitude", "point")
        }
        self.arabic_chars = by_kind["arabic"]
        rows = load_tsv(
            "qualifiers.tsv", ("word", "position", "qualifier", "not_after"), key="word"
        )
        self.qualifiers = {r["word"]: Qualifier(**r) for r in rows}
        for r in rows:
            if r["qualifier"] not in QUALIFIERS or r["position"] not in ("prefix", "infix", "suffix"):
                raise PipelineError(
                    Errors.E020.format(path=r.path, line=r.line, problem=f"bad row for {r['word']}")
                )
        arabic = f"[{by_kind['arabic']}]"
        zh = literal(by_kind["digit"] + by_kind["magnitude"] + by_kind["point"])
        self.fragments = {
            # decimal point: ASCII, full-width, or the middle dot of older print (20·4％)
            # Each starts only where its run of digits starts: a match from inside a run
            # implies one from its start, so the matches are the same, but a failed run is
            # not rescanned from every position in it (quadratic on long digit runs).
            "ARABIC": rf"(?<!{arabic}){arabic}+(?:[,，]{arabic}{{3}})*(?:[.．·]{arabic}+)?",
            "CHINESE": f"(?<![{zh}])[{zh}]+",
            "MAG": f"[{literal(by_kind['magnitude'])}]+",
            "AREA_MAG": "[十拾百佰千仟]",
            "SP": SPACE,
            "SEP": union(SEPARATORS),
            "FROM": "从",
            "INCL": "[（(]含[）)]",
            "CENTS": f"(?:[{literal(by_kind['digit'])}{by_kind['arabic']}][角毛])?"
            f"(?:[{literal(by_kind['digit'])}{by_kind['arabic']}]分)?",
            "CENTS_START": f"[{literal(by_kind['digit'])}{by_kind['arabic']}][角毛分]",
            "NON_WORD": "[^\u4e00-\u9fff]|$",
        }
        vague = load_tsv("vague_magnitudes.tsv", ("word", "low", "high", "example"), key="word")
        self.vague = {r["word"]: (Decimal(r["low"]), Decimal(r["high"])) for r in vague}
        # a vague word starts no run of numerals: 十几亿元 is no 几亿元
        self.fragments["VAGUE"] = f"(?<![{zh}{by_kind['arabic']}])(?:{union(self.vague)})"
        self.fragments["NUM"] = f"{self.fragments['ARABIC']}|{self.fragments['CHINESE']}"
        for position in ("prefix", "infix", "suffix"):
            words = [q.word for q in self.qualifiers.values() if q.position == position]
            self.fragments[position.upper()] = union(words)

    def compile_patterns(
        self, extra: dict[str, str], table: str = "quantity_patterns.tsv",
        columns: tuple[str, ...] = PATTERN_COLUMNS,
    ) -> dict[str, Pattern]:
        """The patterns of ``table`` with ``extra`` fragments (currencies, units), by row id."""
        fragments = {**self.fragments, **extra}
        rows = load_tsv(table, columns, key="id")
        return {
            r["id"]: Pattern(
                r["id"],
                compile_pattern(anchored(compose(r["template"], fragments, r))),
                list_cell(r, "examples"),
                list_cell(r, "counterexamples"),
            )
            for r in rows
        }

    def pattern_set(
        self, extra: dict[str, str], family: str, table: str = "quantity_patterns.tsv",
        columns: tuple[str, ...] = PATTERN_COLUMNS,
    ) -> PatternSet:
        """The rows of ``table`` named ``family`` or ``family.<variant>``, in file order."""
        patterns = self.compile_patterns(extra, table, columns)
        return PatternSet(
            tuple(p for i, p in patterns.items() if i == family or i.startswith(family + "."))
        )

    def qualifier_of(self, word: str | None) -> str | None:
        return self.qualifiers[word].qualifier if word else None


@dataclass(frozen=True)
class PatternSet:
    """Rows of one family, tried in file order at the leftmost start where any matches.

    The id of the row that matched is the ``rule`` of what is read from it. Its
    ``examples`` and ``counterexamples`` are those of all its rows.
    """

    patterns: tuple[Pattern, ...]

    @property
    def examples(self) -> tuple[str, ...]:
        return tuple(e for p in self.patterns for e in p.examples)

    @property
    def counterexamples(self) -> tuple[str, ...]:
        return tuple(e for p in self.patterns for e in p.counterexamples)

    def rule_of(self, match: re.Match[str]) -> str:
        """The id of the row whose regex produced ``match``."""
        for pattern in self.patterns:
            if pattern.regex is match.re:
                return pattern.id
        raise ValueError(f"{match.re.pattern[:40]}… is no row of this family")

    def fullmatch(self, text: str) -> re.Match[str] | None:
        """The first row (in order) that reads the whole of ``text``."""
        return next((m for p in self.patterns if (m := p.regex.fullmatch(text))), None)

    def searcher(self, text: str) -> Callable[[int], re.Match[str] | None]:
        """``search(pos)`` over ``text``: the leftmost match of any row at or after ``pos``,
        the earliest row winning at one start. Each row's next match is kept until ``pos``
        passes its start (a search from any ``pos`` up to that start finds the same match),
        so a scan re-runs a row only past its own matches."""
        ahead: dict[int, re.Match[str] | None] = {}
        done: dict[int, int] = {}

        def search(pos: int) -> re.Match[str] | None:
            best = None
            for index, pattern in enumerate(self.patterns):
                cached = ahead.get(index)
                stale = cached is not None and cached.start() < pos
                if index not in done or pos < done[index] or stale:
                    cached = ahead[index] = pattern.regex.search(text, pos)
                    done[index] = pos
                if cached is not None and (best is None or cached.start() < best.start()):
                    best = cached
            return best

        return search


class Skip:
    """What a scan callback returns to reject a match *and* the text it covers (a threshold)."""


SKIP = Skip()


def scan(
    regex: re.Pattern[str] | PatternSet,
    text: str,
    accept: Callable[[re.Match[str]], T | Skip | None],
) -> list[T]:
    """What ``accept`` makes of the matches of ``regex`` (a pattern or a ``PatternSet``),
    left to right, without overlap.

    A match that ``accept`` rejects with None is retried one character later, so that a wrong
    start (``李四人民币50元`` read from 四) does not hide the right one (``人民币50元``); one
    rejected with ``SKIP`` (its context says it is no amount: ``过百亿元项目``) is passed over whole.

    >>> def accept(m):
    ...     return None if m.group() == "12元" else SKIP if m.group() == "45元" else m.group()
    >>> scan(re.compile("[0-9]+元"), "a12元 3元 45元", accept)
    ['2元', '3元']
    """
    search = regex.searcher(text) if isinstance(regex, PatternSet) else (
        lambda at: regex.search(text, at)
    )
    found, pos = [], 0
    while (match := search(pos)) is not None:
        result = accept(match)
        if result is None:
            pos = match.start() + 1
            continue
        if not isinstance(result, Skip):
            found.append(result)
        pos = max(match.end(), match.start() + 1)
    return found


@lru_cache(maxsize=1)
def default_grammar() -> NumberGrammar:
    """The grammar built from the bundled tables (read once; the tables never change at run time)."""
    return NumberGrammar()


#: distinct numerals remembered by parse_numeral: an archive writes the same few hundred
#: numerals (10, 两亿, 1.5万) over and over, and a value is a pure function of its text
NUMERAL_CACHE = 4096


@lru_cache(maxsize=NUMERAL_CACHE)
def parse_numeral(text: str, grammar: NumberGrammar) -> Decimal | None:
    """The value of an Arabic, Chinese or mixed numeral, or None if it is not one.

    >>> g = default_grammar()
    >>> [parse_numeral(s, g) for s in ("1080亿", "1.2万亿", "3千万", "一千五百万", "近")]
    [Decimal('108000000000'), Decimal('1200000000000.0'), Decimal('30000000'), Decimal('15000000'), None]
    >>> parse_numeral("两亿", g), parse_numeral("万亿", g)
    (Decimal('200000000'), None)
    """
    text = text.replace(" ", "").replace("\u3000", "")
    head = text.rstrip("".join(grammar.magnitude))
    tail = text[len(head) :]
    if head and all(c in grammar.arabic_chars or c in ",，.．·" for c in head):
        number = _arabic(head, grammar)
        return None if number is None else number * _product(tail, grammar)
    return _chinese(text, grammar)


def has_digit(numeral: str, grammar: NumberGrammar) -> bool:
    """Does ``numeral`` write a digit? ``百亿`` and ``千`` do not: alone (``千亩良田``,
    ``千万资金``) they are magnitudes used loosely, a figure only after a qualifier (``近百亿元``).
    A leading 十 is read as a digit (``十亿元`` is 1e9).

    >>> g = default_grammar()
    >>> has_digit("百亿", g), has_digit("两百", g), has_digit("1.5", g), has_digit("十亿", g)
    (False, True, True, True)
    """
    return any(
        c in grammar.plain and (c not in grammar.magnitude or grammar.plain[c] == "十") and c != "点"
        for c in numeral
    )


def _arabic(text: str, grammar: NumberGrammar) -> Decimal | None:
    plain = "".join(grammar.plain.get(c, c) for c in text).replace(",", "").replace("，", "")
    try:
        return Decimal(plain.replace("．", ".").replace("·", "."))
    except InvalidOperation:
        return None


def _product(magnitudes: str, grammar: NumberGrammar) -> Decimal:
    result = Decimal(1)
    for char in magnitudes:
        result *= grammar.magnitude[char]
    return result


def _chinese(text: str, grammar: NumberGrammar) -> Decimal | None:
    """A Chinese numeral through cn2an (strict), after the few normalizations it needs."""
    if not text or any(c not in grammar.plain or c in grammar.arabic_chars for c in text):
        return None
    plain = "".join(grammar.plain[c] for c in text)
    if not any(c not in "万亿" for c in plain) or plain.startswith("点") or plain.endswith("点"):
        return None  # a bare 万 / 亿 is a unit word (亿元以上项目), not a number
    if plain[0] in "百千":
        plain = "一" + plain  # 百亿 = 一百亿
    tail = ""
    if "点" in plain:  # cn2an reads 二百零三点七 but not 二百零三点七亿
        head = plain.rstrip("万亿")
        plain, tail = head, plain[len(head) :]
    value = _cn2an(plain)
    return None if value is None else value * _product(tail, grammar)


def _cn2an(text: str) -> Decimal | None:
    # cn2an signals an unreadable numeral only by raising ValueError: the one place we catch it.
    try:
        value = cn2an.cn2an(text, "strict")
    except ValueError:
        return None
    return Decimal(str(value))
