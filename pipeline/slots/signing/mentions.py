"""Signing mentions: what one sentence says about a signing (see ``signing/stage.py``).

A mention has a kind (count, event, ceremony, reference, weak, terms), and for
count and event mentions the actors, fields, investment total, day and place
the sentence names. The rules are described in the docstring of
``pipeline/slots/signing/stage.py``; this module only reads sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from xinwen.pipeline.doc import Meta, Span
from xinwen.pipeline.grammar import dates
from xinwen.pipeline.slots.meta.stage import MetaWords, dateline_of, places_in
from xinwen.pipeline.grammar.region import Gazetteer
from xinwen.pipeline.slots.signing.parse import Actors, parse_actors, strip_adverbs
from xinwen.pipeline.slots.signing.rules import SigningRules, count_value
from xinwen.pipeline.slots.signing.values import (
    Sum,
    fields_in,
    investment_after,
    object_projects,
    settled_projects,
)
from xinwen.pipeline.grammar.units import clause_spans

RANK = {"count": 3, "event": 2, "ceremony": 1, "reference": 0}
CREATES = ("count", "event", "ceremony")
#: a caption is a short sentence without a comma (重点合作项目签约仪式)
CAPTION_MAX = 25


@dataclass
class Mention:
    sentence: Span
    kind: str
    count: int | None = None
    actors: Actors = field(default_factory=Actors)
    fields: list[str] = field(default_factory=list)
    total: Sum | None = None
    day: date | None = None
    place: str | None = None
    rule: str | None = None  # id of the trigger row that made it (signing_patterns.tsv)
    earlier: bool = False  # the sentence tells of an earlier event (此前, 上月 …)


@dataclass(frozen=True)
class Context:
    """What reading one document's sentences needs."""

    text: str
    rules: SigningRules
    meta_words: MetaWords
    day_words: dates.DayWords
    names: list[str]
    amounts: list[tuple[int, int, float, bool]]  # every amount, any currency
    amount_index: dict[int, tuple[int, str]]  # amount start → (index in doc.amounts, currency)
    anchor: date | None  # the article's own date (Meta.anchor), for relative days
    year: int | None  # the year of month-days without one (Meta.event_year)
    person_index: dict[str, int]  # a person's name → their first index in doc.people
    person_starts: list[tuple[int, int]]  # (mention start, index in doc.people), by position
    journalists: frozenset[int]
    meta: Meta  # the article's place, venue and region: a signing's where it names none
    gazetteer: Gazetteer
    hints: frozenset[str]  # units around the article's place, for ambiguous names
    events: list = field(default_factory=list)  # the merged events, once known
    # (sentence start, index in events) of each event-making mention, by position, once known
    event_marks: list[tuple[int, int]] = field(default_factory=list)

    def nearest_event(self, position: int):
        """The event with a mention sentence nearest to ``position`` (None before the merge)."""
        return min(
            self.events,
            key=lambda e: min(abs(m.sentence.start - position) for m in e.mentions),
            default=None,
        )


# ------------------------------------------------------------- mentions --


def _clause_index(clauses: list[Span], position: int) -> int:
    return next(
        (i for i, c in enumerate(clauses) if c.start <= position < c.end), max(len(clauses) - 1, 0)
    )


def find_count(
    ctx: Context, clauses: list[Span], index: int, trigger: re.Match[str]
) -> tuple[int, int] | None:
    """``(count, start of the clause it is in)`` bound to the verb, or None."""
    text, rules = ctx.text, ctx.rules
    clause = clauses[index]
    found: list[tuple[int, int]] = []
    for pattern in rules.patterns["count"]:
        for m in pattern.finditer(text, clause.start, clause.end):
            if rules.has("subset_marker", text[clause.start : m.start()]):
                continue
            if rules.text["signing.among"].match(text, m.end()):
                continue  # 签约的8个项目中,…: the whole named, a part reported
            between = (
                text[m.end() : trigger.start()]
                if m.end() <= trigger.start()
                else text[trigger.end() : m.start()]
            )
            value = count_value(m.group("num"))
            if value and not rules.has("non_signing_verb", between):
                found.append(
                    (min(abs(m.start() - trigger.start()), abs(m.end() - trigger.end())), value)
                )
    if found:
        return min(found)[1], clause.start
    if index > 0:
        previous = clauses[index - 1]
        # a count noun phrase closing the clause
        m = rules.text["signing.count_closes_clause"].search(text[previous.start : previous.end])
        if m and not rules.has("non_signing_verb", text[previous.start : previous.end]):
            value = count_value(m.group("num"))
            return (value, previous.start) if value else None
    return None


def _kind(
    ctx: Context, sentence: Span, clauses: list[Span], index: int, trigger: re.Match[str]
) -> str:
    text, rules = ctx.text, ctx.rules
    if not trigger.group(0).endswith("签约"):
        # 协议的签署, 签订前, 签署的备忘录: the act named, not reported
        verb_end = trigger.start() + 2
        nominal = text[trigger.start() - 1 : trigger.start()] == "的" or rules.text[
            "signing.nominal_after"
        ].match(text[verb_end : verb_end + 1])
        return "reference" if nominal and trigger.group(0)[:2] in ("签署", "签订") else "event"
    clause = clauses[index]
    before = text[clause.start : trigger.start()]
    if rules.has("attend_verb", before) or rules.has("witness_verb", before):
        return "reference"  # 出席签约仪式, 见证签约: the people attend or witness, they do not sign
    after = text[trigger.end() : sentence.end]
    ceremony = rules.text["signing.ceremony"].match(after)
    if ceremony:
        if rules.text["signing.during"].match(after[ceremony.end() :]):
            return "reference"
        held = rules.has("hold_verb", text[clause.start : clause.end])
        caption = sentence.end - sentence.start <= CAPTION_MAX and not rules.text[
            "signing.comma"
        ].search(text[sentence.start : sentence.end])
        return "ceremony" if held or caption else "reference"
    if rules.text["signing.reference_tail"].match(after):
        return "reference"
    if rules.text["signing.nominal_after"].match(after) and not rules.text["signing.joint"].search(before):
        return "reference"  # 此次签约的项目中, 该项目签约后: no sides sign, the act is named
    return "event"


def _actor_chunk(ctx: Context, clauses: list[Span], index: int, trigger_start: int) -> str:
    """The words before the verb, reaching back over clauses that open with 就/通过/与…;
    without a dateline and day words (``今天下午``), which name no actor."""
    start = clauses[index].start
    chunk = ctx.text[start:trigger_start]
    adverbs = ctx.rules.text["signing.leading_adverbs"]
    while index > 0 and (
        not strip_adverbs(chunk, ctx.rules).strip()
        or adverbs.sub("", chunk).startswith(("就", "通过", "以", "并", "与", "同", "跟"))
    ):
        index -= 1
        chunk = ctx.text[clauses[index].start : trigger_start]
    chunk = ctx.rules.text["signing.bracket_lead"].sub("", chunk)  # 【本报讯】
    dateline = dateline_of(chunk, ctx.meta_words)
    if dateline:
        chunk = chunk[dateline.end() :]
    chunk = ctx.rules.text["signing.byline_note"].sub("", chunk)  # a byline
    return dates.strip_day_words(chunk, ctx.day_words)


def _blocked(ctx: Context, sentence: Span) -> list[tuple[int, int]]:
    return [
        (m.start(), m.end())
        for p in ctx.rules.patterns["intention"]
        for m in p.finditer(ctx.text, sentence.start, sentence.end)
    ]


def _cumulative(ctx: Context, clauses: list[Span], index: int, trigger: re.Match[str]) -> bool:
    """A total over a period: a cumulative word, or a period adverbial before the verb.

    A period word inside the name of a collective event (``2023年一季度重点项目集中签约活动``)
    is that event's edition, not a period adverbial.
    """
    before = ctx.text[clauses[max(index - 1, 0)].start : trigger.start()]
    if any(p.search(before) for p in ctx.rules.patterns["cumulative"]):
        return True
    event, comma = ctx.rules.text["signing.ceremony_event"], ctx.rules.text["signing.comma"]
    after = ctx.text[trigger.start() : trigger.end() + 3]
    for pattern in ctx.rules.patterns["period"]:
        for m in pattern.finditer(before):
            rest = comma.split(before[m.end() :] + after, maxsplit=1)[0]
            if not event.search(rest):
                return True
    return False


def read_sentence(ctx: Context, sentence: Span) -> Mention | None:
    """The signing mention of one sentence, or None."""
    text, rules = ctx.text, ctx.rules
    clauses = clause_spans(text, sentence) or [sentence]
    blocked = _blocked(ctx, sentence)
    best: tuple[int, str, tuple[int, int] | None, re.Match[str], int] | None = None
    for trigger in rules.any("trigger").finditer(text, sentence.start, sentence.end):
        if any(s < trigger.end() and trigger.start() < e for s, e in blocked):
            continue
        index = _clause_index(clauses, trigger.start())
        if _cumulative(ctx, clauses, index, trigger):
            continue
        counted = find_count(ctx, clauses, index, trigger)
        kind = "count" if counted else _kind(ctx, sentence, clauses, index, trigger)
        if best is None or RANK[kind] > RANK[best[1]]:
            best = (RANK[kind], kind, counted, trigger, index)
    if best is None:
        return _weak(ctx, sentence, clauses, blocked) or _terms(ctx, sentence)
    _, kind, counted, trigger, index = best
    if text.startswith(rules.words["subset_marker"], sentence.start):
        kind, counted = "reference", None  # 其中,现场签约项目8个: a part of a signing told before
    mention = Mention(
        sentence, kind, count=counted[0] if counted else None,
        rule=rules.trigger_id(text, trigger.start()),
        earlier=ctx.day_words.tells_earlier(text[sentence.start : sentence.end]),
    )
    if kind in ("count", "event"):
        _fill(
            ctx, mention, clauses, index, trigger, counted[1] if counted else clauses[index].start
        )
    elif text.startswith(("项目", "的项目"), trigger.end()):  # the signed projects described: their fields
        mention.fields = fields_in(text[sentence.start : sentence.end], rules)
    return mention


def _weak(
    ctx: Context, sentence: Span, clauses: list[Span], blocked: list[tuple[int, int]]
) -> Mention | None:
    for m in ctx.rules.any("weak").finditer(ctx.text, sentence.start, sentence.end):
        index = _clause_index(clauses, m.start())
        if any(s < m.end() and m.start() < e for s, e in blocked) or _cumulative(
            ctx, clauses, index, m
        ):
            continue
        chunk = _actor_chunk(ctx, clauses, index, m.start())
        return Mention(sentence, "weak", actors=parse_actors(chunk, ctx.names, ctx.rules))
    return None


def _terms(ctx: Context, sentence: Span) -> Mention | None:
    """A sentence on the terms of an agreement (根据协议,…): the fields it names."""
    body = ctx.text[sentence.start : sentence.end]
    if not any(p.search(body) for p in ctx.rules.patterns["terms"]):
        return None
    return Mention(sentence, "terms", fields=fields_in(body, ctx.rules))


def _fill(
    ctx: Context,
    mention: Mention,
    clauses: list[Span],
    index: int,
    trigger: re.Match[str],
    window: int,
) -> None:
    """Actors, fields, total, day and place of a count or event mention."""
    text, rules, sentence = ctx.text, ctx.rules, mention.sentence
    mention.actors = parse_actors(
        _actor_chunk(ctx, clauses, index, trigger.start()), ctx.names, rules
    )
    mention.actors.projects += object_projects(
        trigger.group(0), text[trigger.end() : clauses[index].end], rules
    )
    for clause in clauses[index + 1 :]:
        mention.actors.projects += settled_projects(text[clause.start : clause.end], rules)
    body = text[sentence.start : sentence.end]
    mention.fields = fields_in(body, rules)
    subset = rules.word_regex["subset_marker"]
    part = subset.search(text, window, sentence.end)
    mention.total = investment_after(
        text, window, part.start() if part else sentence.end, ctx.amounts, rules
    )
    mention.day = _day(ctx, body)
    places = places_in(body, ctx.meta_words)
    mention.place = places[0].name if places else None


def _day(ctx: Context, body: str) -> date | None:
    """The day a sentence names, after its dateline (resolved against the article's own date)."""
    dateline = dateline_of(body, ctx.meta_words)
    if dateline and dateline.group("month"):
        body = body[dateline.end() :]
    year = dates.event_year(body) or ctx.year
    for found in dates.day_mentions(body, ctx.anchor, ctx.day_words, year):
        if found.kind == "same":
            return None  # 当天下午,…: the reported event's day, not the article's
        return found.value
    return None
