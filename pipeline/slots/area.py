"""Land and floor areas: candidates → ``parse_area`` → context check → subject.

Units and their size in square metres come from ``pipeline/data/area_units.tsv``;
numerals and qualifiers from the shared number grammar (``pipeline/slots/numbers.py``).
``value`` is in the unit as written (``35万平方米`` → 35, unit ``万平方米``).

>>> parse_area("1969亩")
ParsedArea(value=1969.0, value_max=None, unit='亩', square_meters=1312666.6666666667, qualifier='exact')
>>> parse_area("约1300余亩")[3:], parse_area("35万平方米")[:4]
((866666.6666666666, 'about'), (35.0, None, '万平方米', 350000.0))
>>> parse_area("两万亩")[:3], parse_area("200-300亩")[:2], parse_area("30坪")[3]
((2.0, None, '万亩'), (200.0, 300.0), 99.174)
>>> parse_area("35.6公里") is None
True
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from xinwen.pipeline.doc import Area, Document, TextSpan
from xinwen.pipeline.resources import load_tsv
from xinwen.pipeline.slots.context import NegativeRules
from xinwen.pipeline.slots.numbers import (
    NO_RANGE,
    SKIP,
    NumberGrammar,
    Skip,
    alternation,
    default_grammar,
    has_digit,
    parse_numeral,
    scan,
)
from xinwen.pipeline.slots.subject import SubjectFinder


class ParsedArea(NamedTuple):
    value: float
    value_max: float | None
    unit: str
    square_meters: float
    qualifier: str


class AreaGrammar:
    """Number grammar + unit table + the compiled ``area`` pattern."""

    def __init__(self, numbers: NumberGrammar | None = None) -> None:
        self.numbers = numbers or default_grammar()
        rows = load_tsv("area_units.tsv", ("unit", "square_meters"), key="unit")
        self.units = {r["unit"]: Decimal(r["square_meters"]) for r in rows}
        extra = {"AREA_UNIT": alternation(self.units), "CUR_PRE": "(?!)", "CUR": "(?!)"}
        self.pattern = self.numbers.pattern_set(extra, "area")


@lru_cache(maxsize=1)
def default_area_grammar() -> AreaGrammar:
    return AreaGrammar()


def parse_area(text: str, grammar: AreaGrammar | None = None) -> ParsedArea | None:
    """Read a whole area expression (``约150亩``, ``35万平方米``, ``200-300亩``), or None."""
    grammar = grammar or default_area_grammar()
    match = grammar.pattern.fullmatch(text.strip())
    return None if match is None else parse_match(match, grammar)


def parse_match(
    match: re.Match[str], grammar: AreaGrammar, skip_prefix: bool = False
) -> ParsedArea | None:
    """The value of an ``area`` pattern match (``skip_prefix``: its qualifier word is not one)."""
    g = {**NO_RANGE, **match.groupdict()}
    numbers = grammar.numbers
    unit = g["unit"]
    last = g["num2"] or g["num"]
    big = {"万": "万", "萬": "万", "亿": "亿"}.get(last[-1])
    if big and big + unit in grammar.units and len(last) > 1:  # 两万亩: 2 in 万亩, as written
        unit = big + unit
        g = {**g, "num2" if g["num2"] else "num": last[:-1]}
    if not has_digit(g["num"], numbers) and (skip_prefix or not g["pre"]):
        return None  # 千亩良田: a loose magnitude, a figure only after 近/上/超…
    low = parse_numeral(g["num"] + (g["mag"] or ""), numbers)
    high = parse_numeral(g["num2"] + (g["mag2"] or ""), numbers) if g["num2"] else None
    if low is None or (g["num2"] and (high is None or high <= low)) or low <= 0:
        return None
    if high is None:
        qualifier = _qualifier(g, numbers, skip_prefix)
    else:
        qualifier = "range"
    square_meters = low * grammar.units[unit]
    return ParsedArea(
        float(low), None if high is None else float(high), unit, float(square_meters), qualifier
    )


def _qualifier(g: dict, numbers: NumberGrammar, skip_prefix: bool) -> str:
    for word in (None if skip_prefix else g["pre"], g["post"], g["infix"]):
        if word:
            return numbers.qualifier_of(word)
    return "exact"


class AreaStage:
    """Fills ``doc.areas`` (spans in working-text coordinates)."""

    name = "areas"
    requires = ("text",)
    assigns = ("areas",)

    def __init__(self) -> None:
        self.grammar = AreaGrammar(NumberGrammar())
        self.negatives = NegativeRules()
        self.subjects = SubjectFinder()

    @classmethod
    def from_config(cls, config) -> AreaStage:
        return cls()

    def __call__(self, doc: Document) -> Document:
        doc.areas = self.find(doc.text)
        return doc

    def find(self, text: str) -> list[Area]:
        """Every area in ``text``, in text order."""
        self.subjects.phrases.new_document()
        return scan(self.grammar.pattern, text, lambda m: self._candidate(text, m))

    def _candidate(self, text: str, match: re.Match[str]) -> Area | Skip | None:
        start, end = match.span()
        skip_prefix = False
        pre = match.group("pre")
        if pre and start > 0 and text[start - 1] in self.grammar.numbers.qualifiers[pre].not_after:
            skip_prefix, start = True, start + len(pre)
        parsed = parse_match(match, self.grammar, skip_prefix)
        if parsed is None:
            return None
        if self.negatives.reason(text, start, end, parsed.qualifier, "area"):
            return SKIP
        subject = self.subjects.find(text, start, end, "area")
        return Area(
            text=text[start:end],
            value=parsed.value,
            unit=parsed.unit,
            square_meters=parsed.square_meters,
            qualifier=parsed.qualifier,
            subject=subject.text,
            span=TextSpan(start, end),
            value_max=parsed.value_max,
            rule=self.grammar.pattern.rule_of(match),
        )
