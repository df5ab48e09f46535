"""Context rules that reject a parsed amount or area candidate (``quantity_negatives.tsv``).

A candidate is a figure the grammar could read; whether it *is* an amount depends on
its neighbours: ``千亿级`` is an adjective, ``1亿元以上产业项目`` a threshold,
``(1亩≈666.67平方米)`` a unit definition.

>>> rules = NegativeRules()
>>> text = "签约投资总额1亿元以上产业项目101个"
>>> rules.reason(text, 6, 11, "over", "money")
'threshold'
>>> rules.reason("总投资1亿元以上", 3, 8, "over", "money") is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xinwen.pipeline.errors import Errors, PipelineError
from xinwen.pipeline.patterns import compile_pattern
from xinwen.pipeline.resources import load_tsv

WINDOW = 12  # characters of context a rule can see on each side

COLUMNS = ("id", "applies", "side", "pattern", "qualifiers", "reason", "example")


@dataclass(frozen=True, slots=True)
class NegativeRule:
    id: str
    applies: str
    side: str
    pattern: re.Pattern[str]
    qualifiers: frozenset[str] | None  # None: any qualifier
    reason: str
    example: str


class NegativeRules:
    def __init__(self) -> None:
        self.rules: list[NegativeRule] = []
        for row in load_tsv("quantity_negatives.tsv", COLUMNS, key="id"):
            if row["applies"] not in ("money", "area", "both") or row["side"] not in (
                "left",
                "right",
            ):
                raise PipelineError(
                    Errors.E020.format(
                        path=row.path,
                        line=row.line,
                        problem=f"bad applies/side in {row['id']}",
                    )
                )
            qualifiers = (
                None if row["qualifiers"] == "*" else frozenset(row["qualifiers"].split(","))
            )
            self.rules.append(
                NegativeRule(
                    row["id"],
                    row["applies"],
                    row["side"],
                    compile_pattern(row["pattern"]),
                    qualifiers,
                    row["reason"],
                    row["example"],
                )
            )

    def reason(self, text: str, start: int, end: int, qualifier: str, kind: str) -> str | None:
        """The id of the first rule that rejects ``text[start:end]``, or None."""
        left = text[max(0, start - WINDOW) : start]
        right = text[end : end + WINDOW]
        for rule in self.rules:
            if rule.applies not in (kind, "both"):
                continue
            if rule.qualifiers is not None and qualifier not in rule.qualifiers:
                continue
            if rule.pattern.search(left if rule.side == "left" else right):
                return rule.id
        return None
