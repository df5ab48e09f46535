"""Money amounts: candidates → ``parse_money`` → context check → subject.

Candidates come from the ``money`` pattern of ``quantity_patterns.tsv`` (composed from
the numeral, qualifier and currency tables); ``parse_money`` turns one into a value
or None; the stage then drops non-amounts (``quantity_negatives.tsv``: thresholds,
``千亿级``, vague ``数十亿元``), accepts a figure written without 元 only where the context
is money (a money head such as 产业规模, ``的…项目``, or the same figure written with
元 elsewhere in the article) and finds the subject (``pipeline/slots/subject.py``).

>>> parse_money("超过1080亿元")
ParsedMoney(value=108000000000.0, value_max=None, currency='CNY', qualifier='over', currency_written=True)
>>> parse_money("近百亿元").qualifier, parse_money("二百零三点七亿元").value
('nearly', 20370000000.0)
>>> parse_money("8—10亿元")[:4]
(800000000.0, 1000000000.0, 'CNY', 'range')
>>> parse_money("5000万美元")[:3], parse_money("3000多万元")[:4]
((50000000.0, None, 'USD'), (30000000.0, None, 'CNY', 'over'))
>>> parse_money("150余家") is None, parse_money("1969") is None
(True, True)
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from xinwen.pipeline.doc import Amount, Document, TextSpan
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

BIG_UNITS = "万萬亿"
ECHO_TOLERANCE = Decimal("0.01")  # a headline's 267亿 echoes the body's 267.2亿元
CLOSING = "，,。；;：:！!？?、）)”’」』 \n"
_DIGITS = str.maketrans("零一二三四五六七八九", "0123456789")


class ParsedMoney(NamedTuple):
    value: float
    value_max: float | None
    currency: str
    qualifier: str
    currency_written: bool


class MoneyGrammar:
    """Number grammar + currency table + the compiled ``money`` pattern."""

    def __init__(self, numbers: NumberGrammar | None = None) -> None:
        self.numbers = numbers or default_grammar()
        rows = load_tsv("currencies.tsv", ("word", "iso", "position", "generic"), key="word")
        self.currency = {r["word"]: r["iso"] for r in rows}
        self.generic = {r["word"] for r in rows if r["generic"] == "yes"}
        prefix = [r["word"] for r in rows if r["position"] in ("prefix", "both")]
        suffix = [r["word"] for r in rows if r["position"] in ("suffix", "both")]
        extra = {"CUR_PRE": alternation(prefix), "CUR": alternation(suffix), "AREA_UNIT": "(?!)"}
        self.pattern = self.numbers.pattern_set(extra, "money")


@lru_cache(maxsize=1)
def default_money_grammar() -> MoneyGrammar:
    return MoneyGrammar()


def parse_money(text: str, grammar: MoneyGrammar | None = None) -> ParsedMoney | None:
    """Read a whole money expression (``超230亿``, ``人民币5000万元``, ``8亿至10亿元``), or None."""
    grammar = grammar or default_money_grammar()
    match = grammar.pattern.fullmatch(text.strip())
    return None if match is None else parse_match(match, grammar)


def parse_match(
    match: re.Match[str], grammar: MoneyGrammar, skip_prefix: bool = False
) -> ParsedMoney | None:
    """The value of a ``money`` pattern match (``skip_prefix``: its qualifier word is not one)."""
    g = {**NO_RANGE, **match.groupdict()}
    numbers = grammar.numbers
    written = [w for w in (g["cur_pre"], g["cur_lo"], g["cur"]) if w]
    if g["cur_pre"]:  # 新台币177.1亿元: 元 is the yuan of the currency written first
        written = [w for w in written if w not in grammar.generic] or written
    currencies = {grammar.currency[w] for w in written}
    if len(currencies) > 1 or (g["from"] and not g["num2"]):
        return None
    low = parse_numeral(g["num"] + (g["mag"] or ""), numbers)
    high = None
    if low is None and not g["num2"]:
        low, high = _approximate_range(g["num"] + (g["mag"] or ""), numbers)
    if low is None:
        return None
    if g["num2"]:
        high = parse_numeral(g["num2"] + (g["mag2"] or ""), numbers)
        low = _range_low(g, low, high, numbers)
        if high is None or low is None:
            return None
    if g["cents"]:
        if g["cur"] not in grammar.generic:
            return None
        low += _cents(g["cents"], numbers)
    if not has_digit(g["num"], numbers) and (skip_prefix or not g["pre"]):
        return None  # 千万资金, 百亿元项目: a loose magnitude, a figure only after 近/超/逾…
    if not currencies and not _has_big_unit(g):
        return None  # without 元: never a plain number (years, counts, phone numbers)
    qualifier = "range" if high is not None else _qualifier(g, numbers, skip_prefix)
    currency = currencies.pop() if currencies else "CNY"
    return ParsedMoney(
        float(low),
        None if high is None else float(high),
        currency,
        qualifier,
        bool(g["cur_pre"] or g["cur_lo"] or g["cur"]),
    )


def _range_low(g: dict, low: Decimal, high: Decimal | None, numbers: NumberGrammar) -> Decimal | None:
    """``8—10亿元``: the lower bound takes the upper bound's unit where it has none."""
    if high is None or g["mag"]:
        return low if high is not None and low < high else None
    tail = g["mag2"] or _trailing_magnitude(g["num2"], numbers, single=len(g["num"]) == 1)
    inherited = parse_numeral(g["num"] + tail, numbers) if tail else None
    if inherited is not None and inherited < high:
        return inherited
    return low if low < high else None


def _trailing_magnitude(numeral: str, numbers: NumberGrammar, single: bool) -> str:
    """The unit a Chinese upper bound lends its lower bound: 九百亿 → 百亿 after 八, 万 after 十八."""
    run = len(numeral) - len(numeral.rstrip("".join(numbers.magnitude)))
    tail = numeral[len(numeral) - run :] if run else ""
    return tail if single else tail.lstrip("十拾百佰千仟")


def _cents(cents: str, numbers: NumberGrammar) -> Decimal:
    total = Decimal(0)
    for digit, unit in re.findall(r"(.)([角分])", cents):
        total += Decimal(numbers.plain.get(digit, digit).translate(_DIGITS)) * (
            Decimal("0.1") if unit == "角" else Decimal("0.01")
        )
    return total



def _has_big_unit(g: dict) -> bool:
    written = (g["num"] or "") + (g["mag"] or "") + (g["num2"] or "") + (g["mag2"] or "")
    return any(c in written for c in BIG_UNITS)


def _approximate_range(numeral: str, numbers: NumberGrammar) -> tuple[Decimal | None, Decimal | None]:
    """``五六百`` (500 to 600), ``三五千`` (3000 to 5000): two digits sharing one unit.

    >>> [str(x) for x in _approximate_range("五六百", default_grammar())]
    ['500', '600']
    """
    match = re.fullmatch(r"(.)(.)(.+)", numeral)
    if not match or any(c not in numbers.plain for c in numeral):
        return None, None
    first, second = (numbers.plain[c] for c in match.group(1, 2))
    digits = "一二三四五六七八九"
    if first not in digits or second not in digits:
        return None, None
    a, b = digits.index(first) + 1, digits.index(second) + 1
    if not (b == a + 1 or (a, b) == (3, 5)):
        return None, None
    low = parse_numeral(first + match.group(3), numbers)
    high = parse_numeral(second + match.group(3), numbers)
    return (low, high) if low is not None and high is not None else (None, None)


def _qualifier(g: dict, numbers: NumberGrammar, skip_prefix: bool) -> str:
    if g["incl"] and g["post"]:  # 50万元（含）以上: the bound itself is included
        over = numbers.qualifier_of(g["post"]) == "over"
        return "at_least" if over else "at_most"
    for word in (None if skip_prefix else g["pre"], g["post"], g["infix"] or g["infix_b"]):
        if word:
            return numbers.qualifier_of(word)
    return "exact"


class AmountStage:
    """Fills ``doc.amounts`` (spans in working-text coordinates)."""

    name = "amounts"
    requires = ("text",)
    assigns = ("amounts",)

    def __init__(self) -> None:
        self.grammar = MoneyGrammar(NumberGrammar())
        self.negatives = NegativeRules()
        self.subjects = SubjectFinder()

    @classmethod
    def from_config(cls, config) -> AmountStage:
        return cls()

    def __call__(self, doc: Document) -> Document:
        doc.amounts = self.find(doc.text)
        return doc

    def find(self, text: str) -> list[Amount]:
        """Every amount in ``text``, in text order."""
        self.subjects.phrases.new_document()
        found: list[Amount] = []
        pending: list[Amount] = []  # figures without 元 and without a money context
        for amount, licensed in scan(
            self.grammar.pattern, text, lambda m: self._candidate(text, m)
        ):
            (found if licensed else pending).append(amount)
        written = [Decimal(str(a.value)) for a in found]
        for amount in pending:
            value = Decimal(str(amount.value))
            if any(abs(value - w) <= ECHO_TOLERANCE * w for w in written):
                found.append(amount)
        return sorted(found, key=lambda a: a.span.start)

    def _candidate(self, text: str, match: re.Match[str]) -> tuple[Amount, bool] | Skip | None:
        """The amount read from ``match`` and whether its context makes it money (else see scan)."""
        start, end = match.span()
        skip_prefix = False
        pre = match.group("pre")
        if pre:
            rule = self.grammar.numbers.qualifiers[pre]
            if start > 0 and text[start - 1] in rule.not_after:
                skip_prefix = True
                start += len(pre)
        parsed = parse_match(match, self.grammar, skip_prefix)
        if parsed is None:
            return None
        end = start + len(text[start:end].rstrip(" \u3000"))
        if _lone_digit(match, text, start, end):
            return None
        if self.negatives.reason(text, start, end, parsed.qualifier, "money"):
            return SKIP
        if not parsed.currency_written and not self.subjects.bare_follow_ok(text, end):
            return SKIP
        subject = self.subjects.find(text, start, end, "money")
        amount = Amount(
            text=text[start:end],
            value=parsed.value,
            currency=parsed.currency,
            qualifier=parsed.qualifier,
            value_max=parsed.value_max,
            subject=subject.text,
            span=TextSpan(start, end),
            rule=self.grammar.pattern.rule_of(match),
        )
        return amount, parsed.currency_written or subject.money_context


def _lone_digit(match: re.Match[str], text: str, start: int, end: int) -> bool:
    """A single Chinese digit inside a word is not money: ``一元化``, ``二元结构``, ``李四人民币``."""
    num = match.group("num")
    if len(num) != 1 or num.isdigit() or match.group("mag") or match.groupdict().get("num2"):
        return False
    prev = "" if match.group("pre") or match.group("cur_pre") else text[start - 1 : start]
    nxt = text[end : end + 1]
    return _is_cjk(nxt) or (_is_cjk(prev) and bool(nxt) and nxt not in CLOSING)


def _is_cjk(char: str) -> bool:
    return bool(char) and "\u4e00" <= char <= "\u9fff"
