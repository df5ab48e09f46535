"""Date expressions of articles (``pipeline/grammar/dates.py``).

Fragments are simplified Chinese as the normalize stage leaves them. Each case
names its source: an article of the bundled corpus (``seed``, ``dev0NN``) or
``constructed`` for a form of the same news register the corpus lacks (these
pin the rules' generalisation; no rule exists for one article only).
"""

from __future__ import annotations

from datetime import date

import pytest

from xinwen.pipeline.resources import load_tsv
from xinwen.pipeline.grammar import dates

WORDS = dates.load_day_words()

# -- publication stamps -----------------------------------------------------------------------
CASES_STAMP = [
    # 页眉时间戳 (header stamps)
    ("2023-03-24 06:32:03", "2023-03-24", "seed"),
    ("2019-12-12 11:41 作者:任俊峰 来源:青岛新闻网", "2019-12-12", "dev016"),
    ("2024-02-05 18:21    青岛日报社/观海新闻", "2024-02-05", "dev021"),
    ("发布时间：2023年3月24日 10:02", "2023-03-24", "constructed"),
    ("2021/5/6", "2021-05-06", "constructed"),
    # 正文里的日期不是时间戳 (a date inside a sentence is no stamp)
    ("园区首期于2022年5月10日开工,率先全市“5个1”要求。", None, "seed, body sentence"),
    ("2022年沈阳市首批项目集中签约暨开工活动于2月10日举行。", None, "dev031"),
    ("2023-02-30 10:00", None, "constructed: no such day"),
]


@pytest.mark.parametrize(
    ("line", "expected", "source"), CASES_STAMP, ids=[c[0] for c in CASES_STAMP]
)
def test_stamp_date(line, expected, source):
    assert dates.iso(dates.stamp_date(line)) == expected


# -- days resolved against the article's own date ---------------------------------------------
CASES_DAY = [
    # 电头日期 (dateline days) — the year of the reference
    ("3月23日讯", date(2023, 3, 24), None, "2023-03-23", "seed"),
    ("12月30日", date(2021, 1, 2), None, "2020-12-30", "constructed: a dateline of last year"),
    # 相对日期 (relative words)
    ("今天下午", date(2023, 3, 23), None, "2023-03-23", "seed"),
    ("昨日举行", date(2020, 2, 18), None, "2020-02-17", "dev003"),
    ("昨天上午", date(2023, 1, 1), None, "2022-12-31", "constructed: across a year"),
    ("前天", date(2023, 3, 2), None, "2023-02-28", "constructed"),
    # 模糊日期 (vague words name no day)
    ("日前,泉州市召开首届大会", date(2023, 6, 19), None, None, "dev033"),
    ("近日,石龙区举行开工仪式", None, None, None, "dev026"),
    # 没有参照日期 (no reference: a month-day needs a year from the text itself)
    ("12月3日", None, None, None, "dev028"),
    ("于2月10日举行", None, 2022, "2022-02-10", "dev031"),
    ("2023年3月23日上午", None, None, "2023-03-23", "constructed"),
    ("今天下午", None, None, None, "constructed: no reference, no machine clock"),
]


@pytest.mark.parametrize(
    ("phrase", "ref", "year", "expected", "source"), CASES_DAY, ids=[c[0] for c in CASES_DAY]
)
def test_resolve_day(phrase, ref, year, expected, source):
    assert dates.iso(dates.resolve_day(phrase, ref, WORDS, year)) == expected


# -- the year an event edition names ----------------------------------------------------------
CASES_EVENT_YEAR = [
    (
        "2月14日上午,“青岛突破平度攻势”—— 2020年平度市“双招双引”重点项目集中签约仪式在市民中心举办",
        2020,
        "dev005",
    ),
    ("青岛新闻网 8月22日讯(记者 崔文静)在今天下午召开的 2019夏季央企青岛行大会上", 2019, "dev001"),
    (
        "1月8日上午,全市2021年第一批重大项目集中开工及全市2021年第一次招商引资项目集中签约活动举行",
        2021,
        "dev038",
    ),
    ("园区首期于2022年5月份开工", None, "seed: a date, not an edition"),
    ("今年以来,石龙区新签约项目17个;2023年以来累计签约", None, "constructed: a period"),
    ("于 2019 - 2028年,在莱西市设立 200亿投资", None, "dev001: a range"),
    ("2019年和2020年两届大会", None, "constructed: two years name no one edition"),
]


@pytest.mark.parametrize(
    ("sentence", "expected", "source"), CASES_EVENT_YEAR, ids=[c[0] for c in CASES_EVENT_YEAR]
)
def test_event_year(sentence, expected, source):
    assert dates.event_year(sentence) == expected


def test_day_mentions_in_text_order():
    found = dates.day_mentions("3月23日讯 今天下午,日前", date(2023, 3, 24), WORDS)
    assert [(m.kind, dates.iso(m.value)) for m in found] == [
        ("month_day", "2023-03-23"),
        ("relative", "2023-03-24"),
        ("vague", None),
    ]


CASES_STRIP = [
    ("美国能源部的代表今天下午在这里", "美国能源部的代表在这里", "constructed"),
    ("青岛高新区管委会与海尔集团日前", "青岛高新区管委会与海尔集团", "constructed"),
    ("4月12日上午,市政府与中国华能集团有限公司", ",市政府与中国华能集团有限公司", "constructed"),
]


@pytest.mark.parametrize(
    ("text", "expected", "source"), CASES_STRIP, ids=[c[0] for c in CASES_STRIP]
)
def test_strip_day_words(text, expected, source):
    assert dates.strip_day_words(text, WORDS) == expected


@pytest.mark.parametrize(
    "row",
    load_tsv("date_words.tsv", ("word", "kind", "offset", "example")),
    ids=lambda r: r["word"],
)
def test_day_word_table_rows(row):
    """Every row is used as its example shows, with a known kind and offset."""
    assert row["word"] in row["example"]
    assert row["kind"] in ("relative", "same", "vague", "daypart", "year", "earlier")
    assert int(row["offset"]) == 0 or row["kind"] in ("relative", "year")


@pytest.mark.parametrize(
    ("sentence", "ref", "expected"),
    [
        ("去年12月28日,年终重点项目集中签约仪式举行", date(2024, 1, 3), "2023-12-28"),
        ("今年3月5日,双方签署合作协议", date(2024, 6, 1), "2024-03-05"),
        ("前年10月9日,双方签署战略合作协议", date(2024, 6, 1), "2022-10-09"),
        ("去年12月28日举行", None, None),  # no article date: no year
    ],
)
def test_a_year_word_gives_the_month_day_its_year(sentence, ref, expected):
    """去年12月28日: the month-day grammar stops at 年 (2023年3月23日 is a full date), so the
    year word is read first, against the article's own year."""
    assert dates.iso(dates.resolve_day(sentence, ref, dates.load_day_words())) == expected
