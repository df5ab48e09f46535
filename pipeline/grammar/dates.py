"""Dates of news articles: publication stamps, datelines and event days. Pure functions.

The reference date of every relative expression is the article's own date (its
dateline or publication stamp, or a reference date handed in by the caller),
never the machine clock. Dates travel as :class:`datetime.date` inside and as
``YYYY-MM-DD`` strings at the edges.

Vocabulary (relative and vague day words) lives in ``pipeline/data/date_words.tsv``.

>>> words = load_day_words()
>>> ref = date(2023, 3, 24)
>>> iso(resolve_day("3月23日", ref, words))
'2023-03-23'
>>> iso(resolve_day("今天下午", date(2023, 3, 23), words))
'2023-03-23'
>>> resolve_day("日前", ref, words) is None
True
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property, lru_cache

from xinwen.pipeline.doc import Span
from xinwen.pipeline.patterns import compile_pattern, fixed_pattern, union
from xinwen.pipeline.resources import load_tsv

_TABLE = "date_patterns.tsv"
#: full date: 2023-03-24, 2023/3/24, 2023.3.24, 2023年3月24日 (optionally a clock time after it)
FULL_DATE = fixed_pattern(_TABLE, "date.full")
CLOCK = fixed_pattern(_TABLE, "date.clock")
#: month and day without a year: 3月23日, 12月3日
MONTH_DAY = fixed_pattern(_TABLE, "date.month_day")
#: the month and day after a year word (DayWords.year_month_day)
_MONTH_DAY_AFTER_YEAR = fixed_pattern(_TABLE, "date.month_day_after_year").pattern
#: a year that names an edition of an event (2020年平度市“双招双引”…签约仪式, 2019夏季央企青岛行大会),
#: not the start of a date (2022年5月), a period (2023年以来, 2022年底) or a range (2019-2028年)
#: a bare day opening a clause (8日下午, 12日,在…): the month is the reference's
BARE_DAY = fixed_pattern(_TABLE, "date.bare_day")
EVENT_YEAR = fixed_pattern(_TABLE, "date.event_year")
_RANGE_BEFORE = fixed_pattern(_TABLE, "date.range_before")
_DAY_OF_MONTH = fixed_pattern(_TABLE, "date.day_of_month")
_ISO_PREFIX = fixed_pattern(_TABLE, "date.iso_prefix")
_STAMP_LABEL = fixed_pattern(_TABLE, "date.stamp_label")
_STAMP_LABEL_CUT = fixed_pattern(_TABLE, "date.stamp_label_cut")
#: how far past the reference a month-day may fall before it is read as last year's
_ROLLOVER_DAYS = 31


@dataclass(frozen=True)
class DayWords:
    """Relative day words (word → offset in days) and vague words (日前, 近日)."""

    relative: dict[str, int]
    vague: frozenset[str]
    dayparts: frozenset[str] = frozenset()
    years: dict[str, int] = field(default_factory=dict)  # 去年 → -1: the year of a month-day after it
    earlier: frozenset[str] = frozenset()  # 此前, 上月: a sentence opening so tells of an earlier event
    same: frozenset[str] = frozenset()  # 当天, 当日: the day told before (also in ``relative``, offset 0)

    def tells_earlier(self, sentence: str) -> bool:
        """The sentence opens with an earlier word (``上月,该区还在深圳举行推介会``)."""
        return sentence.lstrip().startswith(tuple(self.earlier)) if self.earlier else False

    # Compiled on first use and kept on the instance (one per loaded table): a day mention is
    # looked for in every sentence of every document.
    @cached_property
    def regex(self) -> re.Pattern[str]:
        """The relative and vague words, longest first."""
        return compile_pattern(union([*self.relative, *self.vague]))

    @cached_property
    def year_month_day(self) -> re.Pattern[str] | None:
        """A year word, then a month and day (去年12月28日); None when there is no year word."""
        if not self.years:
            return None
        return compile_pattern(f"({union(list(self.years))})" + _MONTH_DAY_AFTER_YEAR)

    @cached_property
    def every(self) -> re.Pattern[str] | None:
        """Every day word (parts of the day too), longest first; None when there is none."""
        words = [*self.relative, *self.vague, *self.dayparts]
        return compile_pattern(union(words)) if words else None


@lru_cache(maxsize=1)
def load_day_words() -> DayWords:
    """The table ``date_words.tsv`` (loaded once; the result is immutable)."""
    rows = load_tsv("date_words.tsv", ("word", "kind", "offset", "example"), key="word")
    relative = {r["word"]: int(r["offset"]) for r in rows if r["kind"] in ("relative", "same")}
    same = frozenset(r["word"] for r in rows if r["kind"] == "same")
    vague = frozenset(r["word"] for r in rows if r["kind"] == "vague")
    dayparts = frozenset(r["word"] for r in rows if r["kind"] == "daypart")
    years = {r["word"]: int(r["offset"]) for r in rows if r["kind"] == "year"}
    earlier = frozenset(r["word"] for r in rows if r["kind"] == "earlier")
    return DayWords(
        relative=relative, vague=vague, dayparts=dayparts, years=years, earlier=earlier, same=same
    )


def strip_day_words(text: str, words: DayWords) -> str:
    """``text`` without its day expressions (dates, relative and vague words, parts of the day).

    >>> strip_day_words("美国能源部的代表今天下午在这里", load_day_words())
    '美国能源部的代表在这里'
    """
    text = _DAY_OF_MONTH.sub("", FULL_DATE.sub("", text))
    return words.every.sub("", text) if words.every else text


def iso(day: date | None) -> str | None:
    """``YYYY-MM-DD`` or None.

    >>> iso(date(2023, 3, 24)), iso(None)
    ('2023-03-24', None)
    """
    return day.isoformat() if day else None


def from_iso(text: str | None) -> date | None:
    """The date of an ISO date or datetime string; None when there is none.

    >>> from_iso("2023-03-24T06:32:03"), from_iso(None), from_iso("soon")
    (datetime.date(2023, 3, 24), None, None)
    """
    if not text:
        return None
    found = _ISO_PREFIX.match(text)
    return make_date(found.group(1), found.group(2), found.group(3)) if found else None


def make_date(year: str | int, month: str | int, day: str | int) -> date | None:
    """A valid date or None (no exception escapes for 2月30日).

    >>> make_date(2023, 2, 30) is None, make_date("2024", "2", "29")
    (True, datetime.date(2024, 2, 29))
    """
    y, m, d = int(year), int(month), int(day)
    if not (1 <= m <= 12 and 1 <= d <= calendar.monthrange(y, m)[1]):
        return None
    return date(y, m, d)


def full_dates(text: str) -> list[tuple[date, int, int]]:
    """Every full date (with its year) in ``text``, with its ``[start, end)`` span.

    >>> [(iso(d), s, e) for d, s, e in full_dates("2023-03-24 06:32:03")]
    [('2023-03-24', 0, 10)]
    >>> [iso(d) for d, _, _ in full_dates("于2022年5月份开工，2021年1月8日上午")]
    ['2021-01-08']
    """
    found = []
    for m in FULL_DATE.finditer(text):
        month, day = (m.group(2), m.group(3)) if m.group(2) else (m.group(4), m.group(5))
        value = make_date(m.group(1), month, day)
        if value:
            found.append((value, m.start(), m.end()))
    return found


def stamp_date(line: str) -> date | None:
    """The date of a publication stamp line: a full date, possibly with a clock time.

    A stamp is a short line that *starts* with the date (after an optional label
    like ``发布时间:``), as page headers and repost stamps write it. Dates inside
    sentences are not stamps.

    >>> iso(stamp_date("2023-03-24 06:32:03"))
    '2023-03-24'
    >>> iso(stamp_date("2019-12-12 11:41 作者:任俊峰 来源:青岛新闻网"))
    '2019-12-12'
    >>> iso(stamp_date("发布时间：2023年3月24日 10:02"))
    '2023-03-24'
    >>> stamp_date("园区首期于2022年5月10日开工，率先全市达到要求。") is None
    True
    """
    body = (
        _STAMP_LABEL_CUT.sub("", line) if _STAMP_LABEL.match(line) else line
    )
    dates = full_dates(body)
    if not dates:
        return None
    value, start, _ = dates[0]
    return value if body[:start].strip() == "" else None


def resolve_month_day(month: int, day: int, ref: date) -> date | None:
    """``M月D日`` in the year of ``ref``; a day well after ``ref`` is last year's.

    >>> iso(resolve_month_day(3, 23, date(2023, 3, 24)))
    '2023-03-23'
    >>> iso(resolve_month_day(12, 30, date(2021, 1, 2)))
    '2020-12-30'
    """
    value = make_date(ref.year, month, day)
    if value and value - ref > timedelta(days=_ROLLOVER_DAYS):
        value = make_date(ref.year - 1, month, day)
    return value


def event_year(sentence: str) -> int | None:
    """The year of an event edition named in ``sentence``, if exactly one is named.

    >>> event_year("2020年平度市“双招双引”重点项目集中签约仪式在市民中心举办")
    2020
    >>> event_year("在今天下午召开的 2019夏季央企青岛行大会上")
    2019
    >>> event_year("园区首期于2022年5月份开工") is None
    True
    >>> event_year("2023年以来，新区签约项目17个") is None
    True
    >>> event_year("于 2019 - 2028年，在莱西市设立200亿投资") is None
    True
    >>> event_year("“青岛突破平度攻势”—— 2020年平度市重点项目集中签约仪式")
    2020
    """
    years = {
        int(m.group(1))
        for m in EVENT_YEAR.finditer(sentence)
        if not _RANGE_BEFORE.search(sentence[: m.start()])  # end of a range
    }
    return years.pop() if len(years) == 1 else None


@dataclass(frozen=True, slots=True, kw_only=True)
class DayMention(Span):
    """A day expression found in a sentence: its kind, span and resolved date (or None)."""

    kind: str  # "full" | "month_day" | "day" | "relative" | "same" | "vague"
    value: date | None


def day_mentions(
    sentence: str, ref: date | None, words: DayWords, year: int | None = None
) -> list[DayMention]:
    """Day expressions of ``sentence`` in text order, resolved where a reference allows.

    ``ref`` anchors relative words and gives month-days their year; ``year`` (an
    event-edition year from the same sentence) gives month-days a year when there
    is no reference. Vague words resolve to None.

    >>> w = load_day_words()
    >>> [(m.kind, iso(m.value)) for m in day_mentions("3月23日讯 今天下午", date(2023, 3, 24), w)]
    [('month_day', '2023-03-23'), ('relative', '2023-03-24')]
    >>> [(m.kind, iso(m.value)) for m in day_mentions("近日，石龙区举行开工仪式", None, w)]
    [('vague', None)]
    >>> [(m.kind, iso(m.value)) for m in day_mentions("活动于2月10日举行", None, w, year=2022)]
    [('month_day', '2022-02-10')]
    >>> [(m.kind, iso(m.value)) for m in day_mentions("8日下午,5个项目签约", date(2023, 6, 9), w)]
    [('day', '2023-06-08')]
    """
    found: list[DayMention] = []
    taken: list[tuple[int, int]] = []
    for value, start, end in full_dates(sentence):
        found.append(DayMention(start, end, kind="full", value=value))
        taken.append((start, end))
    for m in words.year_month_day.finditer(sentence) if words.year_month_day else ():
        shift = words.years[m.group(1)]
        value = make_date(ref.year + shift, m.group(2), m.group(3)) if ref else None
        found.append(DayMention(m.start(), m.end(), kind="month_day", value=value))
        taken.append((m.start(), m.end()))
    for m in MONTH_DAY.finditer(sentence):
        if any(s <= m.start() < e for s, e in taken):
            continue
        month, day = int(m.group(1)), int(m.group(2))
        if ref is not None:
            value = resolve_month_day(month, day, ref)
        else:
            value = make_date(year, month, day) if year else None
        found.append(DayMention(m.start(), m.end(), kind="month_day", value=value))
    for m in BARE_DAY.finditer(sentence):
        if ref is not None and not any(s <= m.start() < e for s, e in taken):
            found.append(DayMention(m.start(), m.end(), kind="day",
                                     value=resolve_bare_day(int(m.group(1)), ref)))
    for m in words.regex.finditer(sentence):
        word = m.group(0)
        if word in words.vague:
            found.append(DayMention(m.start(), m.end(), kind="vague", value=None))
        else:
            value = ref + timedelta(days=words.relative[word]) if ref else None
            kind = "same" if word in words.same else "relative"
            found.append(DayMention(m.start(), m.end(), kind=kind, value=value))
    return sorted(found, key=lambda d: d.start)


def resolve_bare_day(day: int, ref: date) -> date | None:
    """A day of the month without its month (``8日下午``): the reference's month, or the month
    before where that day is still to come (a report looks back).

    >>> iso(resolve_bare_day(8, date(2023, 6, 9))), iso(resolve_bare_day(30, date(2023, 7, 2)))
    ('2023-06-08', '2023-06-30')
    """
    if day <= ref.day:
        return make_date(ref.year, ref.month, day)
    previous = ref.replace(day=1) - timedelta(days=1)
    return make_date(previous.year, previous.month, day)


def resolve_day(
    phrase: str, ref: date | None, words: DayWords, year: int | None = None
) -> date | None:
    """The day named first in ``phrase`` (None for vague words or without a reference).

    >>> w = load_day_words()
    >>> iso(resolve_day("昨日", date(2020, 2, 18), w))
    '2020-02-17'
    >>> iso(resolve_day("2023年3月23日上午", None, w))
    '2023-03-23'
    >>> resolve_day("12月3日", None, w) is None
    True
    """
    mentions = day_mentions(phrase, ref, words, year)
    return mentions[0].value if mentions else None
