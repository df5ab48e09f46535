"""Money amounts: the quantity grammar (``quantity.py``) configured with the currency tables.

Candidates come from the ``money`` rows of ``quantity_patterns.tsv`` (composed from the
numeral, qualifier, currency, spoken-unit and vague-magnitude tables); ``parse_money``
turns one into a value or None; the stage then drops non-amounts (``quantity_negatives.tsv``:
thresholds, ``千亿级``), accepts a figure written without 元 only where the context is money
(a money head such as 产业规模, ``的…项目``, or the same figure written with 元 elsewhere in
the article) and finds the subject (``pipeline/grammar/subject.py``).

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
>>> parse_money("数十亿元")[:4], parse_money("两个亿")[:2], parse_money("十块五毛")[0]
((1000000000.0, 10000000000.0, 'CNY', 'range'), (200000000.0, None), 10.5)
>>> parse_money("5万元港币")[2], parse_money("10万(含)-20万元")[:2], parse_money("一块土地")
('HKD', (100000.0, 200000.0), None)
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from xinwen.pipeline.doc import Amount, Span
from xinwen.pipeline.resources import load_tsv
from xinwen.pipeline.patterns import union
from xinwen.pipeline.grammar.numbers import NumberGrammar, default_grammar, parse_numeral
from xinwen.pipeline.slots.quantity import (
    QuantityGrammar,
    QuantityStage,
    bounds,
    groups,
    loose,
    qualifier_of,
)

BIG_UNITS = "万萬亿"
ECHO_TOLERANCE = Decimal("0.01")  # a headline's 267亿 echoes the body's 267.2亿元
CLOSING = "，,。；;：:！!？?、）)”’」』 \n"
_DIGITS = str.maketrans("零一二三四五六七八九", "0123456789")
# what a spoken cents unit is worth: 五毛 / 五角 0.5, 五分 0.05
CENT_UNITS = {"角": Decimal("0.1"), "毛": Decimal("0.1"), "分": Decimal("0.01")}


class ParsedMoney(NamedTuple):
    value: float
    value_max: float | None
    currency: str
    qualifier: str
    currency_written: bool


class MoneyGrammar(QuantityGrammar):
    """The quantity grammar with the currency table: the ``money`` rows."""

    family = "money"

    def unit_fragments(self) -> dict[str, str]:
        rows = load_tsv("currencies.tsv", ("word", "iso", "position", "generic"), key="word")
        self.currency = {r["word"]: r["iso"] for r in rows}
        self.generic = {r["word"] for r in rows if r["generic"] == "yes"}
        prefix = [r["word"] for r in rows if r["position"] in ("prefix", "both")]
        suffix = [r["word"] for r in rows if r["position"] in ("suffix", "both")]
        yuan = sorted(w for w in self.generic if len(w) == 1)
        spoken = load_tsv("spoken_money.tsv", ("word", "iso", "example"), key="word")
        self.currency.update({r["word"]: r["iso"] for r in spoken})
        self.generic.update(r["word"] for r in spoken)  # 十块五毛: their cents are read
        names = [w for w in suffix if w not in self.generic and w[0] not in yuan]
        return {
            "CUR_PRE": union(prefix), "CUR": union(suffix),
            "CUR_POST": f"(?<=[{''.join(yuan)}])(?:{union(names)})",  # 5万元港币
            "CUR_SPOKEN": union(r["word"] for r in spoken),
        }

    def parse(self, match: re.Match[str], skip_prefix: bool = False) -> ParsedMoney | None:
        return parse_match(match, self, skip_prefix)


@lru_cache(maxsize=1)
def default_money_grammar() -> MoneyGrammar:
    return MoneyGrammar()


def parse_money(text: str, grammar: MoneyGrammar | None = None) -> ParsedMoney | None:
    """Read a whole money expression (``超230亿``, ``人民币5000万元``, ``8亿至10亿元``), or None."""
    return (grammar or default_money_grammar()).read(text)


def parse_match(
    match: re.Match[str], grammar: MoneyGrammar, skip_prefix: bool = False
) -> ParsedMoney | None:
    """The value of a ``money`` pattern match (``skip_prefix``: its qualifier word is not one)."""
    g = groups(match)
    numbers = grammar.numbers
    currency = _currency(g, grammar)
    if currency is None or (g["from"] and not g["num2"]):
        return None
    read = _vague(g, numbers) if g["vague"] else _bounds(g, numbers)
    if read is None or (g["vague"] and not currency) or _bare_spoken(g, numbers):
        return None
    low, high = read
    if g["cents"]:
        if (g["cur"] or g["spoken"]) not in grammar.generic:
            return None
        low += _cents(g["cents"], numbers)
    if not g["vague"] and loose(g, numbers, skip_prefix):
        return None  # 千万资金, 百亿元项目: a loose magnitude, a figure only after 近/超/逾…
    if not currency and not _has_big_unit(g):
        return None  # without 元: never a plain number (years, counts, phone numbers)
    qualifier = "range" if high is not None else qualifier_of(g, numbers, skip_prefix)
    return ParsedMoney(
        float(low), None if high is None else float(high), currency or "CNY", qualifier,
        bool(currency),
    )


def _currency(g: dict, grammar: MoneyGrammar) -> str | None:
    """The ISO code of the currency words written ("" where none is), None where they disagree.
    ``新台币177.1亿元``: 元 is the yuan of the currency written first."""
    written = [w for w in (g["cur_pre"], g["cur_lo"], g["cur"], g["cur_post"], g["spoken"]) if w]
    if g["cur_pre"] or g["cur_post"]:  # 5万元港币: 元 is the yuan of the currency named after it
        written = [w for w in written if w not in grammar.generic] or written
    currencies = {grammar.currency[w] for w in written}
    if len(currencies) > 1:
        return None
    return currencies.pop() if currencies else ""


def _bounds(g: dict, numbers: NumberGrammar) -> tuple[Decimal, Decimal | None] | None:
    """The shared bounds, or two digits sharing one unit (``五六百``)."""
    if not g["num2"] and parse_numeral(g["num"] + (g["mag"] or ""), numbers) is None:
        low, high = _approximate_range(g["num"] + (g["mag"] or ""), numbers)
        return None if low is None else (low, high)
    return bounds(g, numbers, inherit=True)


def _vague(g: dict, numbers: NumberGrammar) -> tuple[Decimal, Decimal]:
    """``数十亿元``: from ``low`` to ``high`` times the unit written (vague_magnitudes.tsv).

    >>> [str(x) for x in _vague({"vague": "数", "mag": "百万"}, default_grammar())]
    ['1000000', '10000000']
    """
    low, high = numbers.vague[g["vague"]]
    unit = _product(g["mag"], numbers)
    return low * unit, high * unit


def _product(magnitudes: str, numbers: NumberGrammar) -> Decimal:
    result = Decimal(1)
    for char in magnitudes:
        result *= numbers.magnitude[char]
    return result


def _bare_spoken(g: dict, numbers: NumberGrammar) -> bool:
    """A spoken 块 without 钱 or cents after a numeral without unit: a counter (分成三块)."""
    if not g["spoken"] or g["cents"] or g["qian"] or g["vague"]:
        return False
    return not any(c in numbers.magnitude for c in (g["num"] or "") + (g["mag"] or ""))


def _cents(cents: str, numbers: NumberGrammar) -> Decimal:
    total = Decimal(0)
    # each unit after its digit (the CENTS fragment writes them so: 五毛, 六角七分)
    for digit, unit in zip(cents, cents[1:]):
        if unit not in CENT_UNITS or digit in CENT_UNITS:
            continue
        total += Decimal(numbers.plain.get(digit, digit).translate(_DIGITS)) * CENT_UNITS[unit]
    return total


def _has_big_unit(g: dict) -> bool:
    written = (g["num"] or "") + (g["mag"] or "") + (g["num2"] or "") + (g["mag2"] or "")
    return any(c in written for c in BIG_UNITS)


def _approximate_range(numeral: str, numbers: NumberGrammar) -> tuple[Decimal | None, Decimal | None]:
    """``五六百`` (500 to 600), ``三五千`` (3000 to 5000): two digits sharing one unit.

    >>> [str(x) for x in _approximate_range("五六百", default_grammar())]
    ['500', '600']
    """
    if len(numeral) < 3 or any(c not in numbers.plain for c in numeral):
        return None, None
    first, second, unit = numbers.plain[numeral[0]], numbers.plain[numeral[1]], numeral[2:]
    digits = "一二三四五六七八九"
    if first not in digits or second not in digits:
        return None, None
    a, b = digits.index(first) + 1, digits.index(second) + 1
    if not (b == a + 1 or (a, b) == (3, 5)):
        return None, None
    low = parse_numeral(first + unit, numbers)
    high = parse_numeral(second + unit, numbers)
    return (low, high) if low is not None and high is not None else (None, None)


class AmountStage(QuantityStage):
    """Fills ``doc.amounts`` (spans in working-text coordinates)."""

    name = "amounts"
    kind = "money"
    grammar_class = MoneyGrammar
    assigns = ("amounts",)

    def find(self, text: str) -> list[Amount]:
        """Every amount in ``text``, in text order: a figure without 元 and without a money
        context is kept only where the article writes the same figure with 元 (an echo)."""
        found: list[Amount] = []
        pending: list[Amount] = []
        for amount, licensed in super().find(text):
            (found if licensed else pending).append(amount)
        written = [Decimal(str(a.value)) for a in found]
        for amount in pending:
            value = Decimal(str(amount.value))
            if any(abs(value - w) <= ECHO_TOLERANCE * w for w in written):
                found.append(amount)
        return sorted(found, key=lambda a: a.span.start)

    def rejects(self, match: re.Match[str], text: str, start: int, end: int) -> bool:
        return _lone_digit(match, text, start, end)

    def out_of_context(self, parsed: ParsedMoney, text: str, end: int) -> bool:
        return not parsed.currency_written and not self.subjects.bare_follow_ok(text, end)

    def item(self, text, start, end, parsed: ParsedMoney, subject, rule) -> tuple[Amount, bool]:
        amount = Amount(
            text=text[start:end], value=parsed.value, currency=parsed.currency,
            qualifier=parsed.qualifier, value_max=parsed.value_max, subject=subject.text,
            span=Span(start, end), rule=rule,
        )
        return amount, parsed.currency_written or subject.money_context


def _lone_digit(match: re.Match[str], text: str, start: int, end: int) -> bool:
    """A single Chinese digit inside a word is not money: ``一元化``, ``二元结构``, ``李四人民币``."""
    g = groups(match)
    num = g["num"]
    if not num or len(num) != 1 or num.isdigit() or g["mag"] or g["num2"]:
        return False
    prev = "" if g["pre"] or g["cur_pre"] else text[start - 1 : start]
    nxt = text[end : end + 1]
    return _is_cjk(nxt) or (_is_cjk(prev) and bool(nxt) and nxt not in CLOSING)


def _is_cjk(char: str) -> bool:
    return bool(char) and "\u4e00" <= char <= "\u9fff"
