"""Land and floor areas: candidates → ``parse_area`` → context check → subject.

Units and their size in square metres come from ``pipeline/data/area_units.tsv``;
numerals and qualifiers from the shared number grammar (``pipeline/grammar/numbers.py``).
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

from xinwen.pipeline.doc import Area, Span
from xinwen.pipeline.resources import load_tsv
from xinwen.pipeline.patterns import union
from xinwen.pipeline.slots import quantity


class ParsedArea(NamedTuple):
    value: float
    value_max: float | None
    unit: str
    square_meters: float
    qualifier: str


class AreaGrammar(quantity.QuantityGrammar):
    """The quantity grammar with the area unit table: the ``area`` rows."""

    family = "area"

    def unit_fragments(self) -> dict[str, str]:
        rows = load_tsv("area_units.tsv", ("unit", "square_meters"), key="unit")
        self.units = {r["unit"]: Decimal(r["square_meters"]) for r in rows}
        return {"AREA_UNIT": union(self.units)}

    def parse(self, match: re.Match[str], skip_prefix: bool = False) -> ParsedArea | None:
        return parse_match(match, self, skip_prefix)


@lru_cache(maxsize=1)
def default_area_grammar() -> AreaGrammar:
    return AreaGrammar()


def parse_area(text: str, grammar: AreaGrammar | None = None) -> ParsedArea | None:
    """Read a whole area expression (``约150亩``, ``35万平方米``, ``200-300亩``), or None."""
    return (grammar or default_area_grammar()).read(text)


def parse_match(
    match: re.Match[str], grammar: AreaGrammar, skip_prefix: bool = False
) -> ParsedArea | None:
    """The value of an ``area`` pattern match (``skip_prefix``: its qualifier word is not one)."""
    g = quantity.groups(match)
    numbers = grammar.numbers
    unit = g["unit"]
    last = g["num2"] or g["num"]
    big = {"万": "万", "萬": "万", "亿": "亿"}.get(last[-1])
    if big and big + unit in grammar.units and len(last) > 1:  # 两万亩: 2 in 万亩, as written
        unit = big + unit
        g = {**g, "num2" if g["num2"] else "num": last[:-1]}
    if quantity.loose(g, numbers, skip_prefix):
        return None  # 千亩良田: a loose magnitude, a figure only after 近/上/超…
    read = quantity.bounds(g, numbers, inherit=False)
    if read is None or read[0] <= 0:
        return None
    low, high = read
    qualifier = "range" if high is not None else quantity.qualifier_of(g, numbers, skip_prefix)
    square_meters = low * grammar.units[unit]
    return ParsedArea(
        float(low), None if high is None else float(high), unit, float(square_meters), qualifier
    )


class AreaStage(quantity.QuantityStage):
    """Fills ``doc.areas`` (spans in working-text coordinates)."""

    name = "areas"
    kind = "area"
    grammar_class = AreaGrammar
    assigns = ("areas",)

    def item(self, text, start, end, parsed: ParsedArea, subject, rule) -> Area:
        return Area(
            text=text[start:end], value=parsed.value, unit=parsed.unit,
            square_meters=parsed.square_meters, qualifier=parsed.qualifier,
            subject=subject.text, span=Span(start, end), value_max=parsed.value_max,
            rule=rule,
        )
