"""Money forms read since the one quantity grammar (issue 13 item 5): each class as data rows.

Provenance. The classes are those issue 13 lists (checked against the JioNLP peer table,
``test_money_peer_jionlp.py``); the values follow ANNOTATION.md ("Vague money magnitudes are
ranges: 数十亿元 → value 10亿, value_max 100亿 … 两个亿 → 2亿 exact; 七八千万元 → 7000万–8000万")
and the contract's qualifier vocabulary. The sentences are written for this module (no corpus
or held-out text). The rows of ``quantity_patterns.tsv``, ``vague_magnitudes.tsv`` and
``spoken_money.tsv`` carry their own examples; here each class is checked in context, with the
counterexamples that must stay no money.
"""
from __future__ import annotations

import random
import time

import pytest

from xinwen.pipeline.resources import load_tsv
from xinwen.pipeline.slots.area import AreaStage
from xinwen.pipeline.slots.money import AmountStage, parse_money
from xinwen.pipeline.grammar.numbers import scan

Y, W = 100_000_000, 10_000  # 亿, 万


@pytest.fixture(scope="module")
def stage() -> AmountStage:
    return AmountStage()


def _close(a, b):
    return a == b if a is None or b is None else abs(a - b) <= 1e-9 * max(abs(a), abs(b))


def _same(got: tuple, want: tuple) -> bool:
    return _close(got[0], want[0]) and _close(got[1], want[1]) and got[2:] == want[2:]


# (input, (value, value_max, currency, qualifier, rule))
CASES_NEW = [
    # 模糊量级: a range from 1 to 10 times the unit written
    ("数百亿元", (100 * Y, 1000 * Y, "CNY", "range", "money.vague")),
    ("几千万元", (1000 * W, 10_000 * W, "CNY", "range", "money.vague")),
    ("数十亿元", (10 * Y, 100 * Y, "CNY", "range", "money.vague")),
    ("数百万元", (100 * W, 1000 * W, "CNY", "range", "money.vague")),
    ("好几百万元", (100 * W, 1000 * W, "CNY", "range", "money.vague")),
    ("人民币数十亿元", (10 * Y, 100 * Y, "CNY", "range", "money.vague")),
    ("数亿美元", (Y, 10 * Y, "USD", "range", "money.vague")),
    # 上百万元 is no vague range: 上 is the qualifier over (ANNOTATION.md)
    ("上百万元", (100 * W, None, "CNY", "over", "money")),
    # 个亿
    ("两个亿", (2 * Y, None, "CNY", "exact", "money.ge")),
    ("三个多亿", (3 * Y, None, "CNY", "over", "money.ge")),
    ("近两个亿", (2 * Y, None, "CNY", "nearly", "money.ge")),
    # bounds written around the number: the word before it decides
    ("至少5000万元以上", (5000 * W, None, "CNY", "at_least", "money")),
    ("不少于3000万元", (3000 * W, None, "CNY", "at_least", "money")),
    ("低于3.5亿元", (3.5 * Y, None, "CNY", "under", "money")),
    ("小于1亿元", (Y, None, "CNY", "under", "money")),
    ("大于5000万元", (5000 * W, None, "CNY", "over", "money")),
    ("不超过3000万元", (3000 * W, None, "CNY", "at_most", "money")),
    ("不多于2亿元", (2 * Y, None, "CNY", "at_most", "money")),
    # consecutive numerals sharing one unit
    ("七八千万元", (7000 * W, 8000 * W, "CNY", "range", "money")),
    ("二三十亿元", (20 * Y, 30 * Y, "CNY", "range", "money")),
    # a range with the （含） of its lower bound
    ("10万(含)-20万元", (10 * W, 20 * W, "CNY", "range", "money.range_incl")),
    ("10万（含）-20万元", (10 * W, 20 * W, "CNY", "range", "money.range_incl")),
    ("10万元（含）至20万元", (10 * W, 20 * W, "CNY", "range", "money.range_incl")),
    # a currency word after 元
    ("5万元港币", (5 * W, None, "HKD", "exact", "money")),
    ("100万元人民币", (100 * W, None, "CNY", "exact", "money")),
    ("三万元欧元", (3 * W, None, "EUR", "exact", "money")),
    ("1万-5万元港币", (W, 5 * W, "HKD", "range", "money.range")),
    # spoken 块 / 毛
    ("八百块", (800.0, None, "CNY", "exact", "money.spoken")),
    ("十块五毛", (10.5, None, "CNY", "exact", "money.spoken")),
    ("两万块钱", (2 * W, None, "CNY", "exact", "money.spoken")),
    ("三五百块", (300.0, 500.0, "CNY", "range", "money.spoken")),
    ("几十万块", (10 * W, 100 * W, "CNY", "range", "money.vague")),
]

# texts whose money is none, or not the one a new row would read
CASES_NOT_MONEY = [
    "一块土地",       # 块 a counter before a noun
    "几块屏幕",
    "分成三块。",     # a bare 块 after a numeral without unit
    "两块展板",
    "十几亿元",       # a vague word after a numeral: 11 to 19, not read
    "若干亿元",       # 若干 is no vague word of vague_magnitudes.tsv
    "数十亿",         # a vague magnitude without a currency written
    "几十万块砖",
    "三万美元欧元",   # two currencies that disagree
]

# (text, [(amount text, value, value_max, qualifier, rule)])
CASES_CONTEXT = [
    ("该项目总投资数十亿元，建成后可带动就业。", [("数十亿元", 10 * Y, 100 * Y, "range", "money.vague")]),
    ("这个项目投资两个亿，明年投产。", [("两个亿", 2 * Y, None, "exact", "money.ge")]),
    ("今年已有14个亿元以上项目落户。", []),
    ("总投资432.7亿元的87个亿元以上重大项目分别开工。",
     [("432.7亿元", 432.7 * Y, None, "exact", "money")]),
    ("单个项目投资额不低于1亿元以上，其中", [("不低于1亿元以上", Y, None, "at_least", "money")]),
    ("补贴标准为10万(含)-20万元的项目给予奖励", [("10万(含)-20万元", 10 * W, 20 * W, "range",
                                               "money.range_incl")]),
    ("他说：“一个月也就挣八百块，不够花。”", [("八百块", 800.0, None, "exact", "money.spoken")]),
    ("双方在一块土地上合作建设，占地两块。", []),
    ("公司以5万元港币的价格出售", [("5万元港币", 5 * W, None, "exact", "money")]),
]


@pytest.mark.issue(13)
@pytest.mark.parametrize("text,expected", CASES_NEW, ids=[c[0] for c in CASES_NEW])
def test_new_forms_parse(text, expected):
    parsed = parse_money(text)
    assert parsed is not None
    assert _same(parsed[:4], expected[:4])


@pytest.mark.issue(13)
@pytest.mark.parametrize("text,expected", CASES_NEW, ids=[c[0] for c in CASES_NEW])
def test_new_forms_found_whole_by_their_row(stage, text, expected):
    """The stage reads the whole form, with the row id that names its class (a figure without
    a currency written needs a money context: 投资 before it)."""
    context = "投资" if not parse_money(text).currency_written else ""
    found = stage.find(context + text)
    assert [(a.text, a.rule) for a in found] == [(text, expected[4])]


@pytest.mark.issue(13)
@pytest.mark.parametrize("text", CASES_NOT_MONEY)
def test_not_money(stage, text):
    assert parse_money(text) is None
    assert stage.find(text) == []


@pytest.mark.issue(13)
@pytest.mark.parametrize("text,expected", CASES_CONTEXT, ids=[c[0][:14] for c in CASES_CONTEXT])
def test_in_context(stage, text, expected):
    got = [(a.text, a.value, a.value_max, a.qualifier, a.rule) for a in stage.find(text)]
    assert len(got) == len(expected)
    assert all(g[0] == e[0] and _same(g[1:], e[1:]) for g, e in zip(got, expected))


@pytest.mark.parametrize("name", ["vague_magnitudes.tsv", "spoken_money.tsv"])
def test_table_examples_read(name):
    columns = {"vague_magnitudes.tsv": ("word", "low", "high", "example"),
               "spoken_money.tsv": ("word", "iso", "example")}[name]
    for row in load_tsv(name, columns, key="word"):
        assert parse_money(row["example"]) is not None, row["example"]


# -- time: no quadratic scan over long runs of figures --------------------------------------------

def _synthetic(n: int) -> dict[str, str]:
    rng = random.Random(13)
    pieces = ["数十亿", "1万-", "两个", "八百块", "十块五毛", "（含）-", "12", " ", "元", "亿"]
    return {
        "digits": "1" * n,
        "chinese numerals": ("一二三四五六七八九十百千万亿" * (n // 14 + 1))[:n],
        "spaced figures": ("12 34 " * (n // 6 + 1))[:n],
        "form pieces": "".join(rng.choice(pieces) for _ in range(n // 3))[:n],
    }


def test_long_numeric_documents_scan_in_linear_time(capsys):
    """A 200k-character document of numbers: the candidate scan and parse (money and area rows;
    not the subject finder) take about twice the time of a 100k one. A benchmark print, not a
    timed assert."""
    stages = {"amounts": AmountStage(), "areas": AreaStage()}
    lines = []
    for n in (100_000, 200_000):
        for name, text in _synthetic(n).items():
            for slot, quantity in stages.items():
                grammar = quantity.grammar
                start = time.perf_counter()
                count = len(scan(grammar.pattern, text, grammar.parse))
                lines.append(f"{slot:8} {name:17} {n:7,} chars {count:6} values "
                             f"{time.perf_counter() - start:6.2f} s")
    with capsys.disabled():
        print("\n" + "\n".join(lines))
