"""Stage ``jobs``: counts of jobs created or offered (contract 1.1).

``新增就业岗位3000个``, ``提供就业岗位不少于5000个``, ``提供2000个就业岗位``, ``带动就业3000人``,
``解决500余人就业``: the candidate patterns are the rows of ``jobs_patterns.tsv`` (composed
from the shared number grammar, ``pipeline/grammar/numbers.py``, so the numerals and the
qualifier words are those of amounts and areas); a match's ``count`` group is the item's
text and span, its ``subject`` group the job phrase written next to it. A count whose
number does not read, a loose magnitude without a qualifier (``千个``) and a count that is
not whole are not jobs.

>>> [(j.text, j.value, j.qualifier, j.subject, j.rule) for j in JobsStage().find(
...     "项目建成后，可提供就业岗位约500个，带动3000人就业。")]
[('约500个', 500.0, 'about', '可提供就业岗位', 'jobs.posts_then_count'), ('3000人', 3000.0, 'exact', '就业', 'jobs.people_then_employment')]
"""
from __future__ import annotations

import re
from decimal import Decimal

from xinwen.pipeline.doc import Document, Jobs, Span
from xinwen.pipeline.grammar.numbers import (
    NO_RANGE,
    NumberGrammar,
    PatternSet,
    default_grammar,
    has_digit,
    parse_numeral,
    scan,
)

TABLE = "jobs_patterns.tsv"
COLUMNS = ("id", "template", "examples", "counterexamples", "source")
#: fragments the jobs rows do not use (the composer needs every name a row could write)
EXTRA = {"CUR_PRE": "(?!)", "CUR": "(?!)", "AREA_UNIT": "(?!)"}


def jobs_patterns(numbers: NumberGrammar | None = None) -> PatternSet:
    """The ``jobs`` family of ``jobs_patterns.tsv``, compiled."""
    return (numbers or default_grammar()).pattern_set(EXTRA, "jobs", TABLE, COLUMNS)


class JobsStage:
    """Fills ``doc.jobs`` (spans in working-text coordinates)."""

    name = "jobs"
    requires = ("text",)
    assigns = ("jobs",)

    def __init__(self) -> None:
        self.numbers = NumberGrammar()
        self.patterns = jobs_patterns(self.numbers)

    @classmethod
    def from_config(cls, config) -> JobsStage:
        return cls()

    def __call__(self, doc: Document) -> Document:
        doc.jobs = self.find(doc.text)
        return doc

    def find(self, text: str) -> list[Jobs]:
        """Every count of jobs in ``text``, in text order."""
        return scan(self.patterns, text, lambda m: self.read(text, m))

    def read(self, text: str, match: re.Match[str]) -> Jobs | None:
        """The count ``match`` writes, or None (the scan then retries one character later)."""
        g = {**NO_RANGE, **match.groupdict()}
        start, end = match.span("count")
        pre = g["pre"]
        if pre and start > 0 and text[start - 1] in self.numbers.qualifiers[pre].not_after:
            pre, start = None, start + len(pre)
        low, high = self._values(g)
        if low is None or low != low.to_integral_value() or low <= 0:
            return None
        if not has_digit(g["num"], self.numbers) and not pre:
            return None  # 千个岗位: a loose magnitude
        end = start + len(text[start:end].rstrip(" \u3000"))
        return Jobs(
            text=text[start:end],
            value=float(low),
            qualifier="range" if high is not None else self._qualifier(pre, g),
            value_max=None if high is None else float(high),
            subject=g["subject"],
            span=Span(start, end),
            rule=self.patterns.rule_of(match),
        )

    def _values(self, g: dict) -> tuple[Decimal | None, Decimal | None]:
        if not g["num2"]:
            return parse_numeral(g["num"] + (g["mag"] or ""), self.numbers), None
        high = parse_numeral(g["num2"] + (g["mag2"] or ""), self.numbers)
        low = parse_numeral(g["num"] + (g["mag"] or g["mag2"] or ""), self.numbers)
        if low is None or high is None or low >= high:
            return None, None
        return low, high

    def _qualifier(self, pre: str | None, g: dict) -> str:
        for word in (pre, g["post"], g["infix"] or g["infix_b"]):
            if word:
                return self.numbers.qualifier_of(word)
        return "exact"
