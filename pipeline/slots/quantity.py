"""One quantity grammar, parameterised by a unit table: the base of money and areas.

A ``QuantityGrammar`` is the shared number grammar (``numbers.py``: numerals, qualifier
words, fragments) plus the fragments of one unit table (currencies for money, area units
for areas) and the rows of one family of ``quantity_patterns.tsv``. Reading a match is
shared too: the groups of every row (:func:`groups`), the bounds of a figure or a range
(:func:`bounds`), its qualifier (:func:`qualifier_of`). A ``QuantityStage`` scans the
text with its grammar, skips a qualifier word that is the tail of another word (通过,
最近), drops what the context rules (``quantity_negatives.tsv``) reject and attaches the
subject; ``money.py`` and ``area.py`` only configure them (their unit table, their item,
their own checks).

>>> from xinwen.pipeline.slots.money import default_money_grammar
>>> g = groups(default_money_grammar().pattern.fullmatch("8—10亿元"))
>>> [str(x) for x in bounds(g, default_grammar(), inherit=True)]
['800000000', '1000000000']
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from xinwen.pipeline.doc import Document
from xinwen.pipeline.grammar.context import NegativeRules
from xinwen.pipeline.grammar.numbers import (
    SKIP,
    NumberGrammar,
    default_grammar,
    has_digit,
    parse_numeral,
    scan,
)
from xinwen.pipeline.grammar.subject import SubjectFinder

#: every group a row of quantity_patterns.tsv may write, None where a row does not
GROUPS = (
    "from", "pre", "cur_pre", "num", "infix", "mag", "infix_b", "cur_lo", "incl_lo", "sep",
    "num2", "infix2", "mag2", "cur", "cur_post", "spoken", "cents", "qian", "incl", "post",
    "unit", "vague",
)
#: the unit fragments of every family, none of which matches by default
NO_UNITS = {
    "CUR_PRE": "(?!)", "CUR": "(?!)", "CUR_POST": "(?!)", "CUR_SPOKEN": "(?!)", "AREA_UNIT": "(?!)",
}


def groups(match: re.Match[str]) -> dict[str, str | None]:
    """The groups of a quantity match, every name of ``GROUPS`` present."""
    return {**dict.fromkeys(GROUPS), **match.groupdict()}


class QuantityGrammar:
    """The number grammar + one unit table's fragments + the compiled rows of ``family``."""

    family = ""

    def __init__(self, numbers: NumberGrammar | None = None) -> None:
        self.numbers = numbers or default_grammar()
        self.pattern = self.numbers.pattern_set({**NO_UNITS, **self.unit_fragments()}, self.family)

    def unit_fragments(self) -> dict[str, str]:
        """The fragments the unit table provides (``CUR``, ``AREA_UNIT`` ...)."""
        raise NotImplementedError

    def parse(self, match: re.Match[str], skip_prefix: bool = False) -> Any:
        """The value of a match of ``pattern``, or None."""
        raise NotImplementedError

    def read(self, text: str) -> Any:
        """The value of a whole expression (the first row that matches all of it), or None."""
        match = self.pattern.fullmatch(text.strip())
        return None if match is None else self.parse(match)


def loose(g: dict, numbers: NumberGrammar, skip_prefix: bool) -> bool:
    """``千亩良田``, ``百亿元项目``: a magnitude without digit, a figure only after 近/超/上…"""
    return not has_digit(g["num"], numbers) and (skip_prefix or not g["pre"])


def bounds(g: dict, numbers: NumberGrammar, inherit: bool) -> tuple[Decimal, Decimal | None] | None:
    """The figure (and the upper bound of a range), or None where a bound does not read or
    the range does not rise. ``inherit``: a lower bound without unit takes the upper bound's
    (``8—10亿元``: 8亿); else it is read as written (``200-300亩``)."""
    low = parse_numeral(g["num"] + (g["mag"] or ""), numbers)
    if not g["num2"]:
        return None if low is None else (low, None)
    high = parse_numeral(g["num2"] + (g["mag2"] or ""), numbers)
    if low is None or high is None:
        return None
    if inherit:
        low = _range_low(g, low, high, numbers)
    return None if low is None or low >= high else (low, high)


def _range_low(g: dict, low: Decimal, high: Decimal, numbers: NumberGrammar) -> Decimal | None:
    """``8—10亿元``: the lower bound takes the upper bound's unit where it has none."""
    if g["mag"]:
        return low
    tail = g["mag2"] or _trailing_magnitude(g["num2"], numbers, single=len(g["num"]) == 1)
    inherited = parse_numeral(g["num"] + tail, numbers) if tail else None
    return inherited if inherited is not None and inherited < high else low


def _trailing_magnitude(numeral: str, numbers: NumberGrammar, single: bool) -> str:
    """The unit a Chinese upper bound lends its lower bound: 九百亿 → 百亿 after 八, 万 after 十八."""
    run = len(numeral) - len(numeral.rstrip("".join(numbers.magnitude)))
    tail = numeral[len(numeral) - run :] if run else ""
    return tail if single else tail.lstrip("十拾百佰千仟")


def qualifier_of(g: dict, numbers: NumberGrammar, skip_prefix: bool) -> str:
    """The contract qualifier of a single figure: the bound word written around it."""
    if g["incl"] and g["post"]:  # 50万元（含）以上: the bound itself is included
        over = numbers.qualifier_of(g["post"]) == "over"
        return "at_least" if over else "at_most"
    for word in (None if skip_prefix else g["pre"], g["post"], g["infix"] or g["infix_b"]):
        if word:
            return numbers.qualifier_of(word)
    return "exact"


class QuantityStage:
    """Scans the text with ``grammar`` and makes an item of each accepted match."""

    name = ""
    kind = ""  # money | area: the rows of quantity_negatives.tsv and subject heads that apply
    grammar_class: type[QuantityGrammar] = QuantityGrammar
    requires = ("text",)
    assigns: tuple[str, ...] = ()

    def __init__(self) -> None:
        self.grammar = self.grammar_class(NumberGrammar())
        self.negatives = NegativeRules()
        self.subjects = SubjectFinder()

    @classmethod
    def from_config(cls, config) -> QuantityStage:
        return cls()

    def __call__(self, doc: Document) -> Document:
        setattr(doc, self.name, self.find(doc.text))
        return doc

    def find(self, text: str) -> list:
        """Every item in ``text``, in text order."""
        self.subjects.phrases.new_document()
        return scan(self.grammar.pattern, text, lambda m: self._candidate(text, m))

    def _candidate(self, text: str, match: re.Match[str]) -> Any:
        """The item read from ``match``; None: retry one character later; SKIP: pass it over."""
        start, end = match.span()
        skip_prefix = False
        pre = match.group("pre")
        if pre and start > 0 and text[start - 1] in self.grammar.numbers.qualifiers[pre].not_after:
            skip_prefix, start = True, start + len(pre)
        parsed = self.grammar.parse(match, skip_prefix)
        if parsed is None:
            return None
        end = start + len(text[start:end].rstrip(" \u3000"))
        if self.rejects(match, text, start, end):
            return None
        if self.negatives.reason(text, start, end, parsed.qualifier, self.kind):
            return SKIP
        if self.out_of_context(parsed, text, end):
            return SKIP
        subject = self.subjects.find(text, start, end, self.kind)
        return self.item(text, start, end, parsed, subject, self.grammar.pattern.rule_of(match))

    def rejects(self, match: re.Match[str], text: str, start: int, end: int) -> bool:
        """A match that is no figure where it stands (the scan retries one character later)."""
        return False

    def out_of_context(self, parsed: Any, text: str, end: int) -> bool:
        """A figure its context says is no item (the scan passes over it)."""
        return False

    def item(self, text: str, start: int, end: int, parsed: Any, subject, rule: str) -> Any:
        raise NotImplementedError
