"""The "meta" stage: title, outlet, publication date, event date, event place, bylines.

Everything is read from the article's working text (``Document.text``):

* **header** — the lines before the first body line (a body line is long, holds
  a ``。`` or opens with a dateline). The title is the ``原标题:`` text where a
  repost gives one, else the headline-like header line nearest before the
  publication stamp (else the first one). The outlet is the first ``来源:``
  of the header, else what follows the stamp (``2023-03-17 19:53 青岛新闻网``),
  else the dateline's head (``青岛新闻网3月17日讯``; not ``本报``).
* **published_at** — the first header line that *starts* with a full date
  (``2023-03-24 06:32:03``), else a short stamp line anywhere (``来源``/``发布时间``
  with a date: a repost stamp), else a dateline that carries its year.
* **event_date** — the first day expression of the lead (the dateline sentence
  and the next one), resolved against the article's own date: the dateline's
  day (its year from the stamp, from the caller's ``Document.reference_date``,
  or from the event edition the lead names, ``2020年…签约仪式``), shifted by
  ``今天``/``昨日``…; ``日前``/``近日`` → null. The machine clock is never read.
* **place** — in the lead's first sentences, in order: ``在X(成功)举行/举办/召开/
  会见``; ``在X与…`` / ``在X，`` where X ends like a venue or an administrative
  unit. A place that only *organises* (``泉州市召开…大会``) is not where the event
  happened and is not taken.
* **reporters / correspondents** — people (from the "people" stage) whose titles
  hold ``记者`` / ``通讯员``; when that stage found none, the byline reader of
  ``meta/byline.py`` (``(记者 X 通讯员 Y Z)``, ``消息(杨薇)``, a garbled ``记者``, ``文/X``).

Words and markers live in ``pipeline/data/meta_words.tsv`` and ``date_words.tsv``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from xinwen.pipeline.doc import Document, Meta, Span
from xinwen.pipeline.patterns import compile_pattern, compose, fixed_pattern, load_patterns, union
from xinwen.pipeline.resources import load_tsv
from xinwen.pipeline.grammar import dates
from xinwen.pipeline.slots.meta.byline import byline_names_ruled, journalists_ruled
from xinwen.pipeline.slots.meta.place import PlaceInputs, find_event_place
from xinwen.pipeline.grammar.lexicon import load_people_lexicon
from xinwen.pipeline.grammar.region import Gazetteer, load_gazetteer
from xinwen.pipeline.grammar.units import line_spans, sentence_spans

#: the stage's fixed patterns (the word-built ones are MetaWords.text)
_FIXED = "meta_patterns.tsv"
#: how many lead sentences the event date and place are looked for in
LEAD_SENTENCES_DATE = 2
LEAD_SENTENCES_PLACE = 4
#: how far into the body a lead's 我市 is looked up (characters)
SELF_PLACE_WINDOW = 1500
#: organisation kinds of org_markers.tsv whose names may open with a place (青岛…有限公司)
NAME_ORG_KINDS = ("business", "academic", "association")


@dataclass(frozen=True)
class MetaWords:
    """The word lists of ``meta_words.tsv``, one tuple per kind, the compiled ``regex``
    rows of ``meta_rules.tsv`` by id and the rows of ``meta_word_patterns.tsv`` (``text``),
    all compiled once per loaded table."""

    kinds: dict[str, tuple[str, ...]] = field(default_factory=dict)
    patterns: dict[str, re.Pattern[str]] = field(default_factory=dict)
    text: Mapping[str, re.Pattern[str]] = field(default_factory=dict)

    def __getitem__(self, kind: str) -> tuple[str, ...]:
        return self.kinds.get(kind, ())

    def alternation(self, kind: str) -> str:
        return union(self[kind])

    def regex(self, rule: str) -> re.Pattern[str]:
        """The compiled pattern of the ``meta_rules.tsv`` row ``rule``."""
        return self.patterns[rule]


META_RULE_COLUMNS = ("id", "field", "kind", "pattern", "examples", "counterexamples")


@lru_cache(maxsize=1)
def load_meta_words() -> MetaWords:
    """The tables ``meta_words.tsv`` and ``meta_rules.tsv`` (loaded once; immutable)."""
    rows = load_tsv("meta_words.tsv", ("kind", "word", "example"))
    kinds: dict[str, list[str]] = {}
    for row in rows:
        kinds.setdefault(row["kind"], []).append(row["word"])
    words = MetaWords({k: tuple(v) for k, v in kinds.items()})
    fragments = {kind.upper(): words.alternation(kind) for kind in words.kinds}
    rules = load_tsv("meta_rules.tsv", META_RULE_COLUMNS, key="id")
    patterns = {
        r["id"]: compile_pattern(compose(r["pattern"], fragments, r), re.MULTILINE)
        for r in rules
        if r["kind"] == "regex"
    }
    return MetaWords(words.kinds, patterns, load_patterns("meta_word_patterns.tsv", fragments))


@dataclass(frozen=True)
class Dateline:
    head: str
    year: int | None
    month: int | None
    day: int | None
    line: Span

    @property
    def has_day(self) -> bool:
        return self.month is not None and self.day is not None


@dataclass(frozen=True)
class Place:
    """A place found in the lead; ``held`` when a hold verb (举行…) vouches for it after 在."""

    name: str
    start: int
    held: bool


# ---------------------------------------------------------------- header --


def dateline_of(line: str, words: MetaWords) -> re.Match[str] | None:
    """The dateline opening ``line``, if any.

    >>> w = load_meta_words()
    >>> m = dateline_of("青岛日报社/观海新闻3月23日讯 今天下午,推介会在深圳成功举行。", w)
    >>> m.group("head"), m.group("month"), m.group("day")
    ('青岛日报社/观海新闻', '3', '23')
    >>> dateline_of("本报讯(记者马骁)我市重大项目建设", w).group("head")
    '本报'
    >>> dateline_of("推介会在深圳成功举行。", w) is None
    True
    >>> dateline_of("北船重工海洋新材料产业园、蜜桔科技跨境电商运营中心等10个项目签约", w) is None
    True
    """
    found = words.regex("dateline").match(line)
    if not found:
        return None
    has_day = found.group("month") is not None
    head = found.group("head")
    # without a day, only an outlet-like head with 讯/消息 set off from the text (本报讯(记者 X)) counts:
    # 电 alone is too common inside words (国电投, 跨境电商)
    if not has_day:
        after = line[found.end() : found.end() + 1]
        if len(head) < 2 or found.group("suffix") == "电" or (after and after not in " \t(（:："):
            return None
    return found


def is_body_line(line: str, words: MetaWords) -> bool:
    """A line of running text (not header furniture)."""
    return len(line) > 50 or "。" in line or dateline_of(line, words) is not None


def header_lines(text: str, lines: list[Span], words: MetaWords) -> list[Span]:
    """The lines before the first body line."""
    header = []
    for span in lines:
        if is_body_line(text[span.start : span.end], words):
            break
        header.append(span)
    return header


def _is_headline(line: str, words: MetaWords) -> bool:
    if not 4 <= len(line) <= 60 or line.endswith("。"):
        return False
    if line[0] in "[【△▲|>" or ">" in line or dates.full_dates(line):
        return False
    if any(word in line for word in words["outlet_marker"] + words["caption_marker"]):
        return False
    if any(word in line and len(line) <= len(word) + 10 for word in words["banner"]):
        return False
    return sum(ch.isalnum() for ch in line) >= 4


def find_title(text: str, header: list[Span], words: MetaWords) -> str | None:
    """The headline: ``原标题:`` text, else the header line nearest before the stamp.

    >>> w = load_meta_words()
    >>> t = "青岛新闻APP\\n打开\\n莱西姜山湿地总部港开工 储能产业园落地\\n2023-03-17 19:53 青岛新闻网\\n"
    >>> find_title(t, line_spans(t), w)
    '莱西姜山湿地总部港开工 储能产业园落地'
    >>> t = "来源:青岛新闻网\\n2023-03-24 06:32:03\\n原标题:16个项目签约,产业园“逐浪”大湾区\\n"
    >>> find_title(t, line_spans(t), w)
    '16个项目签约,产业园“逐浪”大湾区'
    """
    return find_title_ruled(text, header, words)[0]


def find_title_ruled(
    text: str, header: list[Span], words: MetaWords
) -> tuple[str | None, str | None]:
    """``find_title`` and the id of the meta_rules.tsv row that found it."""
    for span in line_spans(text):
        found = words.regex("title.marker").match(text[span.start : span.end])
        if found:
            return _clean(found.group(1)), "title.marker"
    candidates: list[str] = []
    for span in header:
        line = text[span.start : span.end]
        if dates.stamp_date(line) and candidates:
            return _clean(candidates[-1]), "title.before_stamp"
        if _is_headline(line, words):
            candidates.append(line)
    return (_clean(candidates[0]), "title.first_headline") if candidates else (None, None)


def _clean(value: str) -> str:
    return fixed_pattern(_FIXED, "meta.space_run").sub(" ", value).strip()


def find_outlet(
    text: str, header: list[Span], dateline: Dateline | None, words: MetaWords
) -> str | None:
    """The outlet: ``来源:X`` of the header, else the stamp's tail, else the dateline head.

    >>> w = load_meta_words()
    >>> t = "来源:青岛新闻网\\n2023-03-24 06:32:03\\n"
    >>> find_outlet(t, line_spans(t), None, w)
    '青岛新闻网'
    >>> t = "标题文字在这里\\n2024-02-05 18:21    青岛日报社/观海新闻\\n"
    >>> find_outlet(t, line_spans(t), None, w)
    '青岛日报社/观海新闻'
    """
    return find_outlet_ruled(text, header, dateline, words)[0]


def find_outlet_ruled(
    text: str, header: list[Span], dateline: Dateline | None, words: MetaWords
) -> tuple[str | None, str | None]:
    """``find_outlet`` and the id of the meta_rules.tsv row that found it."""
    for span in header:
        found = words.regex("outlet.marker").search(text[span.start : span.end])
        if found:
            return found.group(1), "outlet.marker"
    for span in header:
        line = text[span.start : span.end]
        if dates.stamp_date(line):
            rest = dates.CLOCK.sub("", line[dates.full_dates(line)[0][2] :]).strip()
            if rest and ":" not in rest and "：" not in rest and len(rest) <= 20:
                return rest, "outlet.stamp_tail"
    names = fixed_pattern(_FIXED, "meta.stamp_name")
    for span in header:
        line = text[span.start : span.end]
        if _dated_header(line):  # 某某日报 2022年08月19日, 【某某日报】2020年12月30日
            name = _stamp_name(line[: dates.full_dates(line)[0][1]]).strip("/")
            if names.fullmatch(name):
                return name, "outlet.dated_header"
    if dateline and dateline.head and not dateline.head.startswith(words["not_outlet"]):
        return dateline.head, "outlet.dateline"
    return None, None


def _stamp_name(text: str) -> str:
    """The outlet name before a stamp's date, its brackets taken off."""
    return fixed_pattern(_FIXED, "meta.stamp_brackets").sub("", text).strip()


def find_published(
    text: str, header: list[Span], dateline: Dateline | None, words: MetaWords
) -> date | None:
    """Publication date: a header stamp, a repost stamp line, or a dateline with its year.

    >>> w = load_meta_words()
    >>> t = "来源:青岛新闻网\\n2023-03-24 06:32:03\\n正文第一句。"
    >>> dates.iso(find_published(t, line_spans(t), None, w))
    '2023-03-24'
    >>> t = "正文第一句很长很长。\\n(来源:青岛日报 2021-05-06)"
    >>> dates.iso(find_published(t, [], None, w))
    '2021-05-06'
    >>> t = "某某晚报 2023年11月9日 星期四 A03版\\n"
    >>> dates.iso(find_published(t, line_spans(t), None, w))
    '2023-11-09'
    """
    return find_published_ruled(text, header, dateline, words)[0]


def find_published_ruled(
    text: str, header: list[Span], dateline: Dateline | None, words: MetaWords
) -> tuple[date | None, str | None]:
    """``find_published`` and the id of the meta_rules.tsv row that found it."""
    issue = words.text["meta.issue_marker"]
    for span in header:
        line = text[span.start : span.end]
        value = dates.stamp_date(line)
        if value:
            return value, "published.stamp"
        found = dates.full_dates(line)
        if len(found) == 1 and len(line) <= 40 and issue.search(line):
            return found[0][0], "published.page_header"  # 合肥晚报 2023年11月9日 星期四 A03版
    for span in header:
        value = _dated_header(text[span.start : span.end])
        if value:
            return value, "published.dated_header"
    markers = words.text["meta.outlet_or_stamp"]
    for span in line_spans(text):
        line = text[span.start : span.end]
        if len(line) <= 80 and markers.search(line):
            found = dates.full_dates(line)
            if found:
                return found[0][0], "published.stamp_line"
    if dateline and dateline.year and dateline.has_day:
        return dates.make_date(dateline.year, dateline.month, dateline.day), "published.dateline"
    for line in _footer(text):
        value = dates.stamp_date(line) or _dated_header(line)
        if value:
            return value, "published.footer_stamp"  # （2022年3月16日 青岛日报）
    return None, None


#: the last lines read for a closing stamp, and the longest such line
FOOTER_LINES, FOOTER_STAMP = 3, 40


def _footer(text: str) -> list[str]:
    """The last non-empty lines that are short enough to be a stamp, brackets taken off."""
    lines = [text[s.start : s.end].strip() for s in line_spans(text)]
    last = [line for line in lines if line][-FOOTER_LINES:]
    brackets = fixed_pattern(_FIXED, "meta.stamp_brackets")
    return [brackets.sub("", line) for line in last if len(line) <= FOOTER_STAMP]


#: the longest header line read as a bare "outlet date" stamp (青岛日报 2022年08月19日)
SHORT_STAMP = 24


def _dated_header(line: str) -> date | None:
    """A header line's one full date where it is a stamp: followed by a clock time
    (``… 青岛早报 2015-10-23 01:54``), or the whole line is a name and the date.

    >>> dates.iso(_dated_header("某某新闻 某某晚报 2015-10-23 01:54 大字"))
    '2015-10-23'
    >>> dates.iso(_dated_header("某某日报 2022年08月19日")), _dated_header("2022年08月19日起施行的新规定全文如下")
    ('2022-08-19', None)
    """
    found = dates.full_dates(line)
    if len(found) != 1:
        return None
    value, start, end = found[0]
    if dates.CLOCK.match(line[end:]):
        return value
    # the stamp closes the line: a name (【某某日报】 too), then the date
    name = _stamp_name(line[:start])
    short = len(line) <= SHORT_STAMP and not line[end:].strip()
    return value if short and fixed_pattern(_FIXED, "meta.stamp_name").fullmatch(name) else None


def find_dateline(
    text: str, lines: list[Span], header: list[Span], words: MetaWords
) -> Dateline | None:
    """The dateline of the first body lines (three at most)."""
    body = [span for span in lines if span not in header][:3]
    for span in body:
        found = dateline_of(text[span.start : span.end], words)
        if found:
            year, month, day = (int(v) if v else None for v in found.group("year", "month", "day"))
            return Dateline(found.group("head"), year, month, day, span)
    return None


# ------------------------------------------------------------ event date --


def lead_sentences(
    text: str, lines: list[Span], header: list[Span], dateline: Dateline | None, count: int
) -> list[Span]:
    """The first ``count`` sentences of the body, from the dateline where there is one."""
    body_start = next((s.start for s in lines if s not in header), len(text))
    if dateline:
        body_start = dateline.line.start
    body = Span(body_start, len(text)) if body_start < len(text) else None
    return sentence_spans(text, body)[:count] if body else []


def find_event_date(
    text: str,
    lead: list[Span],
    dateline: Dateline | None,
    reference: date | None,
    words: dates.DayWords,
    meta_words: MetaWords,
) -> date | None:
    """The reported event's day, from the lead, resolved against the article's own date.

    >>> w, mw = dates.load_day_words(), load_meta_words()
    >>> t = "青岛日报社/观海新闻3月23日讯 今天下午,推介会在深圳成功举行。"
    >>> dl = Dateline("青岛日报社/观海新闻", None, 3, 23, Span(0, len(t)))
    >>> dates.iso(find_event_date(t, sentence_spans(t), dl, date(2023, 3, 24), w, mw))
    '2023-03-23'
    >>> t = "日前,泉州市召开首届“海丝”侨商投资贸易大会。"
    >>> find_event_date(t, sentence_spans(t), None, date(2023, 6, 19), w, mw) is None
    True
    """
    return find_event_date_ruled(text, lead, dateline, reference, words, meta_words)[0]


def find_event_date_ruled(
    text: str,
    lead: list[Span],
    dateline: Dateline | None,
    reference: date | None,
    words: dates.DayWords,
    meta_words: MetaWords,
) -> tuple[date | None, str | None]:
    """``find_event_date`` and the id of the meta_rules.tsv row that found it."""
    anchor = _dateline_day(text, lead, dateline, reference)
    for span in lead:
        sentence = text[span.start : span.end]
        offset = 0
        if dateline and span.start <= dateline.line.start < span.end:
            found = dateline_of(text[dateline.line.start : span.end], meta_words)
            offset = dateline.line.start - span.start + (found.end() if found else 0)
        year = dateline.year if dateline and dateline.year else dates.event_year(sentence)
        mentions = dates.day_mentions(sentence[offset:], anchor or reference, words, year)
        if mentions:
            value = mentions[0].value  # None for 日前/近日: no day, no rule
            return value, "event.day_word" if value else None
    return anchor, "event.dateline" if anchor else None


def _dateline_day(
    text: str, lead: list[Span], dateline: Dateline | None, reference: date | None
) -> date | None:
    if not dateline or not dateline.has_day:
        return None
    if dateline.year:
        return dates.make_date(dateline.year, dateline.month, dateline.day)
    if reference:
        return dates.resolve_month_day(dateline.month, dateline.day, reference)
    own = next((s for s in lead if s.start <= dateline.line.start < s.end), None)
    year = dates.event_year(text[own.start : own.end]) if own else None
    return dates.make_date(year, dateline.month, dateline.day) if year else None


# ----------------------------------------------------------------- place --


def _place_ok(name: str, words: MetaWords) -> bool:
    if not 2 <= len(name) <= 15 or fixed_pattern(_FIXED, "meta.place_marks").search(name):
        return False
    if fixed_pattern(_FIXED, "meta.not_place").search(name):
        return False
    if name.endswith(("上", "中", "下", "内", "前", "后", "时")) or name.startswith(
        ("此", "该", "会", "本")
    ):
        return False
    return not any(word in name for word in words["time_word"])


def places_in(sentence: str, words: MetaWords) -> list[Place]:
    """Places of events in one sentence, earliest first.

    >>> w = load_meta_words()
    >>> [p.name for p in places_in("推介会在深圳成功举行。活动吸引深圳企业参与", w)]
    ['深圳']
    >>> [p.name for p in places_in("在今天下午召开的 2019夏季央企青岛行大会上,青岛再签14个项目", w)]
    []
    >>> [p.name for p in places_in("马原在沈阳主会场与相关企业进行现场签约", w)]
    ['沈阳主会场']
    >>> [p.name for p in places_in("日前,泉州市召开首届“海丝”侨商投资贸易大会", w)]  # an organiser, not a venue
    []
    """
    found: list[Place] = []
    for m in words.text["meta.locative_verb"].finditer(sentence):
        name = m.group(1)
        held = words.text["meta.hold_verb"].fullmatch(m.group(2)) is not None
        # other verbs (会见, 签约) place an event only at a short or venue-like name (在深圳签约)
        if _place_ok(name, words) and (
            held or len(name) <= 6 or name.endswith(words["place_suffix"])
        ):
            found.append(Place(name, m.start(1), held=held))
    for m in words.text["meta.locative_suffix"].finditer(sentence):
        if _place_ok(m.group(1), words) and all(p.start != m.start(1) for p in found):
            found.append(Place(m.group(1), m.start(1), held=False))
    return sorted(found, key=lambda p: p.start)


def lead_place(text: str, words: MetaWords) -> Place | None:
    """The first place named in the lead's first sentences (see the module docstring).

    >>> lead_place("来源:青岛新闻网\\n青岛日报社/观海新闻3月23日讯 今天下午,推介会在深圳成功举行。", load_meta_words())
    Place(name='深圳', start=35, held=True)
    """
    lines = line_spans(text)
    header = header_lines(text, lines, words)
    dateline = find_dateline(text, lines, header, words)
    for span in lead_sentences(text, lines, header, dateline, LEAD_SENTENCES_PLACE):
        found = places_in(text[span.start : span.end], words)
        if found:
            best = found[0]
            return Place(best.name, span.start + best.start, best.held)
    return None


# ----------------------------------------------------------------- stage --


@dataclass(frozen=True)
class ArticleDates:
    """The article's own dates: the anchor of its relative expressions and its event year."""

    published: date | None
    dateline: Dateline | None
    anchor: date | None  # the dateline's day, else the publication or caller's reference date
    year: int | None  # the year month-days without one belong to (from the anchor or the lead)


def article_dates(text: str, reference: str | None, words: MetaWords) -> ArticleDates:
    """Publication date, dateline and anchor of one working text.

    >>> t = "来源:青岛新闻网\\n2023-03-24 06:32:03\\n青岛日报社/观海新闻3月23日讯 今天下午,推介会在深圳成功举行。"
    >>> d = article_dates(t, None, load_meta_words())
    >>> dates.iso(d.published), dates.iso(d.anchor), d.year
    ('2023-03-24', '2023-03-23', 2023)
    """
    lines = line_spans(text)
    header = header_lines(text, lines, words)
    dateline = find_dateline(text, lines, header, words)
    published = find_published(text, header, dateline, words)
    ref = published or dates.from_iso(reference)
    lead = lead_sentences(text, lines, header, dateline, LEAD_SENTENCES_DATE)
    day = _dateline_day(text, lead, dateline, ref)
    anchor = day or ref
    year = (
        anchor.year
        if anchor
        else next((y for y in (dates.event_year(text[s.start : s.end]) for s in lead) if y), None)
    )
    return ArticleDates(published, dateline, anchor, year)


def place_inputs(
    text: str, lines: list[Span], header: list[Span], dateline: Dateline | None,
    title: str | None, outlet: str | None, words: MetaWords, org_markers: tuple[str, ...],
    day_words: dates.DayWords,
) -> PlaceInputs:
    """What the lead offers the place rules (``meta/place.py``)."""
    lead = lead_sentences(text, lines, header, dateline, LEAD_SENTENCES_PLACE)
    event_verbs = words.text["meta.event_verb"]
    held = [  # a locative placed by a hold verb, or in a sentence that reports the event
        (p.name, span.start + p.start)
        for span in lead
        if not day_words.tells_earlier(text[span.start : span.end])  # 上月,该区在深圳举行…
        for p in places_in(text[span.start : span.end], words)
        if p.held or event_verbs.search(text[span.start : span.end])
    ]
    head = None
    events = []
    for span in lead:
        if dateline and span.start <= dateline.line.start < span.end:
            found = dateline_of(text[dateline.line.start : span.end], words)
            if found:
                head = (found.group("head"), dateline.line.start + found.start("head"))
                span = Span(dateline.line.start + found.end(), span.end)
        sentence = text[span.start : span.end]
        if event_verbs.search(sentence) and not day_words.tells_earlier(sentence):
            events.append(span)
    at = text.find(title) if title else -1
    lead_text = "".join(text[s.start : s.end] for s in lead)
    body_start = lead[0].start if lead else 0
    return PlaceInputs(
        held=held,
        event_sentences=events,
        lead=lead,
        dateline=head,
        title=(title, at) if title and at >= 0 else None,
        outlet=outlet,
        org_markers=org_markers,
        self_city=bool(events) and words.text["meta.self_place"].search(lead_text) is not None,
        body=Span(body_start, min(len(text), body_start + SELF_PLACE_WINDOW)),
    )


def extract_meta(
    doc: Document, words: MetaWords, day_words: dates.DayWords, gazetteer: Gazetteer,
    org_markers: tuple[str, ...],
) -> Meta:
    """All metadata of one document (pure: reads the document, returns a new Meta)."""
    text = doc.text
    lines = line_spans(text)
    header = header_lines(text, lines, words)
    own = article_dates(text, doc.reference_date, words)
    reference = own.published or dates.from_iso(doc.reference_date)
    lead_date = lead_sentences(text, lines, header, own.dateline, LEAD_SENTENCES_DATE)
    title, title_rule = find_title_ruled(text, header, words)
    outlet, outlet_rule = find_outlet_ruled(text, header, own.dateline, words)
    inputs = place_inputs(
        text, lines, header, own.dateline, title, outlet, words, org_markers, day_words
    )
    place = find_event_place(text, inputs, gazetteer)
    reporters, correspondents, byline_rules = journalists_ruled(doc.people)
    if not reporters and not correspondents:
        reporters, correspondents, byline_rules = byline_names_ruled(text, words)
    event, event_rule = find_event_date_ruled(
        text, lead_date, own.dateline, reference, day_words, words
    )
    published_rule = find_published_ruled(text, header, own.dateline, words)[1]
    rules = {
        "title": title_rule, "outlet": outlet_rule, "published_at": published_rule,
        "event_date": event_rule, "place": place.rule,
        "venue": place.rule if place.venue else None, **byline_rules,
    }
    return Meta(
        title=title,
        outlet=outlet,
        published_at=dates.iso(own.published),
        event_date=dates.iso(event),
        place=place.place,
        reporters=reporters,
        correspondents=correspondents,
        venue=place.venue,
        region=place.region,
        rules={name: rule for name, rule in rules.items() if rule},
        anchor=dates.iso(own.anchor),
        event_year=own.year,
    )


class MetaStage:
    """Fills ``doc.meta``; see the module docstring for the rules."""

    name = "meta"
    requires = ("text", "people", "reference_date")
    assigns = ("meta",)

    def __init__(self) -> None:
        self.words = load_meta_words()
        self.day_words = dates.load_day_words()
        self.gazetteer = load_gazetteer()
        markers = load_people_lexicon().org_markers
        self.org_markers = tuple(m for m, kind in markers.items() if kind in NAME_ORG_KINDS)

    @classmethod
    def from_config(cls, config: object) -> MetaStage:
        return cls()

    def __call__(self, doc: Document) -> Document:
        doc.meta = extract_meta(doc, self.words, self.day_words, self.gazetteer, self.org_markers)
        return doc
