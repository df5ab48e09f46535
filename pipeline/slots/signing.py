"""The "signings" stage: every signing event of an article, merged across its sentences.

**Mentions.** Each sentence (``units.sentence_spans``: headline lines and photo
captions included) is read for a signing verb (``signing_patterns.tsv``,
kind ``trigger``). A verb inside an intention (``签约意向``, ``拟签约``) or after a
period marker in its own or the previous clause (``今年以来``, ``累计``,
``截至``, ``1-4月份``) is no signing. The rest give a *mention* of one kind:

* ``count``     — a project count bound to the verb: in the verb's clause, in any
  order (``16个项目签约``, ``签约项目21个``, ``集中签约的23个项目``), or as the
  noun phrase of the clause before (``总投资267.2亿元的31个产业项目,通过…签约``);
  a count after ``其中`` or separated from the verb by ``开工``/``落户`` is not it;
* ``event``     — the verb as predicate (``A与B签署合作协议``, ``…同步签约落地``);
* ``ceremony``  — a signing ceremony reported as held, or a caption naming one
  (``签约仪式昨日举行``, ``重点合作项目签约仪式``);
* ``reference`` — the signing named in passing (``签约仪式上表示``, ``出席签约仪式``,
  ``此次签约项目中``);
* ``weak``      — only an agreement verb (``达成协议``): it adds parties, never an event.

The strongest verb of a sentence decides its kind (count > event > ceremony >
reference). Count and event mentions also carry actors (``signing_parse``),
fields, the investment total (the first sum after 投资/引资/总额 from the count's
clause to the sentence end or ``其中``), and any day and place the sentence names.

**Merge rule.** Mentions of kind count, event and ceremony build events in text
order. A mention joins an earlier event unless they *conflict* — different
counts, different days, totals more than 5% apart, or two count-less bilateral
agreements with disjoint parties (two ceremonies). Among the events it does
not conflict with it joins, in order of preference: one with the same count,
one sharing a project, party or signatory, else the latest. Otherwise it opens
a new event. Reference and weak mentions then attach to the nearest event
(and are dropped where there is none). So a headline ``16个项目签约``, the lead
``…等16个项目签约`` and the detail ``李维波代表崂山区政府与云天畅想等16个项目签署
合作协议`` are one signing with three spans, and ``16个项目签约`` next to ``8个项目
签约`` are two.

**Follow-up paragraphs.** Projects are also read from the paragraphs that carry
an event's mentions and from the paragraphs right after them that go on
describing signed projects (they open with a project name, ``项目为“X”`` or
``其中``): ``青岛恒星科技城项目,落户上合示范区…``. A lone project's own total
(``储能…产业园项目投资总额30亿元``) is the signing's total when none is written.

**Date and place.** The day most mentions name (``12月11日上午``), else the
article's event date; the place most mentions name (``在沈阳主会场``), else the
article's place when the lead says the event was *held* there (``在深圳成功举行``).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from pipeline.doc import Document, Signing, TextSpan
from pipeline.slots import dates
from pipeline.slots.meta import ArticleDates, MetaWords, article_dates, dateline_of, load_meta_words, places_in
from pipeline.slots.signing_parse import (
    Actors,
    Sum,
    fields_in,
    investment_after,
    parse_actors,
    project_names,
    same_project,
    settled_projects,
    strip_adverbs,
)
from pipeline.slots.signing_rules import SigningRules, count_value, load_signing_rules
from pipeline.slots.units import clause_spans, line_spans, sentence_spans

RANK = {"count": 3, "event": 2, "ceremony": 1, "reference": 0}
CREATES = ("count", "event", "ceremony")
#: a caption is a short sentence without a comma (重点合作项目签约仪式)
CAPTION_MAX = 25
TOTAL_TOLERANCE = 0.05


@dataclass
class Mention:
    sentence: TextSpan
    kind: str
    count: int | None = None
    actors: Actors = field(default_factory=Actors)
    fields: list[str] = field(default_factory=list)
    total: Sum | None = None
    day: date | None = None
    place: str | None = None


@dataclass
class Event:
    mentions: list[Mention]

    def first(self, attribute: str):  # noqa: ANN201 - the attribute's type
        return next((getattr(m, attribute) for m in self.mentions if getattr(m, attribute) is not None), None)

    def names(self) -> set[str]:
        found: set[str] = set()
        for m in self.mentions:
            found.update(m.actors.projects, m.actors.parties, m.actors.signatories)
        return found

    def position(self) -> int:
        return self.mentions[0].sentence.start


@dataclass(frozen=True)
class Context:
    """What reading one document's sentences needs."""

    text: str
    rules: SigningRules
    meta_words: MetaWords
    day_words: dates.DayWords
    names: list[str]
    amounts: list[tuple[int, int, float, bool]]
    own: ArticleDates


# ------------------------------------------------------------- mentions --


def _clause_index(clauses: list[TextSpan], position: int) -> int:
    return next((i for i, c in enumerate(clauses) if c.start <= position < c.end), max(len(clauses) - 1, 0))


def _has(pattern: str, text: str) -> bool:
    return bool(pattern) and re.search(pattern, text) is not None


def find_count(ctx: Context, clauses: list[TextSpan], index: int, trigger: re.Match[str]) -> tuple[int, int] | None:
    """``(count, start of the clause it is in)`` bound to the verb, or None."""
    text, rules = ctx.text, ctx.rules
    clause = clauses[index]
    stops = rules.alternation("non_signing_verb")
    subset = rules.alternation("subset_marker")
    found: list[tuple[int, int]] = []
    for pattern in rules.patterns["count"]:
        for m in pattern.finditer(text, clause.start, clause.end):
            if _has(subset, text[clause.start:m.start()]):
                continue
            between = text[m.end():trigger.start()] if m.end() <= trigger.start() else text[trigger.end():m.start()]
            value = count_value(m.group("num"))
            if value and not _has(stops, between):
                found.append((min(abs(m.start() - trigger.start()), abs(m.end() - trigger.end())), value))
    if found:
        return min(found)[1], clause.start
    if index > 0:
        previous = clauses[index - 1]
        head = rules.by_id["count.before"].pattern  # a count noun phrase closing the clause
        m = re.search(rf"(?:{head})$", text[previous.start:previous.end])
        if m and not _has(stops, text[previous.start:previous.end]):
            value = count_value(m.group("num"))
            return (value, previous.start) if value else None
    return None


def _kind(ctx: Context, sentence: TextSpan, clauses: list[TextSpan], index: int, trigger: re.Match[str]) -> str:
    text, rules = ctx.text, ctx.rules
    if not trigger.group(0).endswith("签约"):
        nominal = text[trigger.start() - 1:trigger.start()] == "的" or re.match(r"[前后时之]", text[trigger.end():])
        return "reference" if nominal and trigger.group(0) in ("签署", "签订") else "event"
    clause = clauses[index]
    if _has(rules.alternation("attend_verb"), text[clause.start:trigger.start()]):
        return "reference"
    after = text[trigger.end():sentence.end]
    ceremony = re.match(rf"(?:暨[^,，。]{{0,10}}?)?(?:{rules.alternation('ceremony_noun')})", after)
    if ceremony:
        if re.match(r"(?:上|中|期间|现场)", after[ceremony.end():]):
            return "reference"
        held = _has(rules.alternation("hold_verb"), text[clause.start:clause.end])
        caption = sentence.end - sentence.start <= CAPTION_MAX and not re.search("[,，]", text[sentence.start:sentence.end])
        return "ceremony" if held or caption else "reference"
    if re.match(rf"(?:{rules.alternation('reference_tail')})", after):
        return "reference"
    return "event"


def _actor_chunk(ctx: Context, clauses: list[TextSpan], index: int, trigger_start: int) -> str:
    """The words before the verb, reaching back over clauses that open with 就/通过/与…;
    without a dateline and day words (``今天下午``), which name no actor."""
    start = clauses[index].start
    chunk = ctx.text[start:trigger_start]
    while index > 0 and (
        not strip_adverbs(chunk, ctx.rules).strip() or chunk.lstrip().startswith(("就", "通过", "以", "并", "与", "同", "跟"))
    ):
        index -= 1
        chunk = ctx.text[clauses[index].start:trigger_start]
    dateline = dateline_of(chunk, ctx.meta_words)
    if dateline:
        chunk = chunk[dateline.end():]
    return dates.strip_day_words(chunk, ctx.day_words)


def _blocked(ctx: Context, sentence: TextSpan) -> list[tuple[int, int]]:
    return [
        (m.start(), m.end())
        for p in ctx.rules.patterns["intention"]
        for m in p.finditer(ctx.text, sentence.start, sentence.end)
    ]


def _cumulative(ctx: Context, clauses: list[TextSpan], index: int, trigger: re.Match[str]) -> bool:
    """A total over a period: a cumulative word, or a period adverbial before a verb that does
    not name a collective event (集中签约, 签约仪式/活动 are events named after their period)."""
    before = ctx.text[clauses[max(index - 1, 0)].start:trigger.start()]
    if any(p.search(before) for p in ctx.rules.patterns["cumulative"]):
        return True
    named = before.endswith("集中") or re.match(
        rf"(?:{ctx.rules.alternation('ceremony_noun')})", ctx.text[trigger.end():trigger.end() + 3]
    )
    return not named and any(p.search(before) for p in ctx.rules.patterns["period"])


def read_sentence(ctx: Context, sentence: TextSpan) -> Mention | None:
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
        return _weak(ctx, sentence, clauses, blocked)
    _, kind, counted, trigger, index = best
    if text.startswith(rules.words["subset_marker"], sentence.start):
        kind, counted = "reference", None  # 其中,现场签约项目8个: a part of a signing told before
    mention = Mention(sentence, kind, count=counted[0] if counted else None)
    if kind in ("count", "event"):
        _fill(ctx, mention, clauses, index, trigger, counted[1] if counted else clauses[index].start)
    elif text.startswith("项目", trigger.end()):  # the signed projects described: their fields
        mention.fields = fields_in(text[sentence.start:sentence.end], rules)
    return mention


def _weak(ctx: Context, sentence: TextSpan, clauses: list[TextSpan], blocked: list[tuple[int, int]]) -> Mention | None:
    for m in ctx.rules.any("weak").finditer(ctx.text, sentence.start, sentence.end):
        index = _clause_index(clauses, m.start())
        if any(s < m.end() and m.start() < e for s, e in blocked) or _cumulative(ctx, clauses, index, m):
            continue
        chunk = _actor_chunk(ctx, clauses, index, m.start())
        return Mention(sentence, "weak", actors=parse_actors(chunk, ctx.names, ctx.rules))
    return None


def _fill(ctx: Context, mention: Mention, clauses: list[TextSpan], index: int, trigger: re.Match[str], window: int) -> None:
    """Actors, fields, total, day and place of a count or event mention."""
    text, rules, sentence = ctx.text, ctx.rules, mention.sentence
    mention.actors = parse_actors(_actor_chunk(ctx, clauses, index, trigger.start()), ctx.names, rules)
    for clause in clauses[index + 1:]:
        mention.actors.projects += settled_projects(text[clause.start:clause.end], rules)
    body = text[sentence.start:sentence.end]
    mention.fields = fields_in(body, rules)
    subset = re.compile(rules.alternation("subset_marker"))
    part = subset.search(text, window, sentence.end)
    mention.total = investment_after(text, window, part.start() if part else sentence.end, ctx.amounts, rules)
    mention.day = _day(ctx, body)
    places = places_in(body, ctx.meta_words)
    mention.place = places[0].name if places else None


def _day(ctx: Context, body: str) -> date | None:
    """The day a sentence names, after its dateline (resolved against the article's own date)."""
    dateline = dateline_of(body, ctx.meta_words)
    if dateline and dateline.group("month"):
        body = body[dateline.end():]
    year = dates.event_year(body) or ctx.own.year
    for found in dates.day_mentions(body, ctx.own.anchor, ctx.day_words, year):
        return found.value
    return None


# ---------------------------------------------------------------- merge --


def _conflict(event: Event, m: Mention) -> bool:
    count, day, total = event.first("count"), event.first("day"), event.first("total")
    if m.count is not None and count is not None and m.count != count:
        return True
    if m.day is not None and day is not None and m.day != day:
        return True
    if m.total and total and m.total.exact and total.exact:
        if abs(m.total.value - total.value) > TOTAL_TOLERANCE * max(m.total.value, total.value):
            return True
    parties = {p for x in event.mentions for p in x.actors.parties}
    ours = set(m.actors.parties)
    return count is None and m.count is None and len(parties) >= 2 and len(ours) >= 2 and not parties & ours


def merge(mentions: list[Mention]) -> list[Event]:
    """Events from mentions by the merge rule of the module docstring."""
    events: list[Event] = []
    for m in mentions:
        if m.kind not in CREATES:
            continue
        fits = [e for e in events if not _conflict(e, m)]
        ours = {*m.actors.projects, *m.actors.parties, *m.actors.signatories}
        home = (
            next((e for e in reversed(fits) if m.count is not None and e.first("count") == m.count), None)
            or next((e for e in reversed(fits) if e.names() & ours), None)
            or (fits[-1] if fits else None)
        )
        if home:
            home.mentions.append(m)
        else:
            events.append(Event([m]))
    for m in mentions:
        if m.kind in CREATES or not events:
            continue
        nearest = min(events, key=lambda e: min(abs(x.sentence.start - m.sentence.start) for x in e.mentions))
        nearest.mentions.append(m)
    for event in events:
        event.mentions.sort(key=lambda x: x.sentence.start)
    return sorted(events, key=Event.position)


# ------------------------------------------------------------- finishing --


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _shortening(short: str, long: str) -> bool:
    """``short`` writes ``long`` with characters left out (洛江区 / 洛江区政府, 华能集团 / 中国华能集团有限公司)."""
    rest = iter(long)
    return short != long and all(ch in rest for ch in short)


def _parties(values: list[str]) -> list[str]:
    """Unique parties; a shortened writing of another party yields to the longer one.

    >>> _parties(["洛江区", "洛江区政府", "中国华能集团有限公司", "华能集团"])
    ['洛江区政府', '中国华能集团有限公司']
    """
    values = _unique(values)
    return [p for p in values if not any(_shortening(p, q) for q in values)]


def _add_projects(projects: list[str], more: list[str]) -> None:
    for name in more:
        if not any(same_project(name, known) for known in projects):
            projects.append(name)


def _continues(text: str, line: TextSpan, ctx: Context) -> bool:
    """A paragraph that goes on describing signed projects."""
    body = text[line.start:line.end]
    first = re.split(r"[。;；!！]", body, maxsplit=1)[0]
    if _has(ctx.rules.start_verbs(), first):
        return False  # a project that starts or opens (…项目今天开工) is not reported as signed
    if body.startswith(ctx.rules.words["subset_marker"]) or re.search(r"项目(?:为|是)“", body):
        return True
    clauses = [c for c in re.split(r"[,，。;；]", body) if c.strip()]
    if clauses and "项目" not in clauses[0] and len(clauses[0]) <= 12:
        clauses = clauses[1:]  # a lead-in: 尤其值得一提的是, 据了解
    if not clauses:
        return False
    names = project_names(clauses[0], ctx.rules)
    return bool(names) and clauses[0].strip().endswith("项目")


def report_lines(text: str, lines: list[TextSpan], event: Event, ctx: Context) -> list[TextSpan]:
    """Paragraphs holding the event's mentions, each with the project paragraphs after it."""
    own = {i for i, line in enumerate(lines) for m in event.mentions if line.start <= m.sentence.start < line.end}
    chosen: set[int] = set()
    for i in sorted(own):
        chosen.add(i)
        j = i + 1
        while j < len(lines) and (j in own or _continues(text, lines[j], ctx)):
            chosen.add(j)
            j += 1
    return [lines[i] for i in sorted(chosen)]


def _most_common(values: list) -> object | None:  # noqa: ANN401 - any hashable
    present = [v for v in values if v is not None]
    return Counter(present).most_common(1)[0][0] if present else None


def _held_place(ctx: Context, place: str | None) -> str | None:
    if not place:
        return None
    verbs = "|".join(map(re.escape, ctx.meta_words["hold_verb"]))
    adverbs = "|".join(map(re.escape, ctx.meta_words["verb_adverb"]))
    return place if re.search(rf"在{re.escape(place)}(?:{adverbs})*(?:{verbs})", ctx.text) else None


def finish(event: Event, ctx: Context, meta_date: str | None, meta_place: str | None) -> Signing:
    text, lines = ctx.text, line_spans(ctx.text)
    strong = [m for m in event.mentions if m.kind in ("count", "event")]
    projects: list[str] = []
    for m in event.mentions:
        _add_projects(projects, m.actors.projects)
    report = report_lines(text, lines, event, ctx)
    for line in report:
        for sentence in sentence_spans(text, line):
            _add_projects(projects, project_names(text[sentence.start:sentence.end], ctx.rules))
    count = event.first("count")
    sums = [m.total for m in strong if m.total]
    total = next((t.value for t in sums if t.exact), None) or next((t.value for t in sums), None)
    if total is None and len(projects) == 1 and count in (None, 1):
        total = _own_total(ctx, report, projects[0])
    day = _most_common([m.day for m in strong])
    return Signing(
        project_count=count,
        projects=projects,
        parties=_parties([p for m in event.mentions for p in m.actors.parties]),
        signatories=_unique([s for m in event.mentions for s in m.actors.signatories]),
        fields=_unique([f for m in event.mentions for f in m.fields]),
        total_investment=total,
        date=dates.iso(day) if day else meta_date,
        place=_most_common([m.place for m in strong]) or _held_place(ctx, meta_place),
        spans=sorted({m.sentence for m in event.mentions}, key=lambda s: s.start),
    )


def _own_total(ctx: Context, report: list[TextSpan], project: str) -> float | None:
    for line in report:
        for sentence in sentence_spans(ctx.text, line):
            names = project_names(ctx.text[sentence.start:sentence.end], ctx.rules)
            if any(same_project(project, n) for n in names):
                found = investment_after(ctx.text, sentence.start, sentence.end, ctx.amounts, ctx.rules)
                if found:
                    return found.value
    return None


def extract_signings(doc: Document, rules: SigningRules, meta_words: MetaWords, day_words: dates.DayWords) -> list[Signing]:
    """All signings of one document (pure: reads the document, returns new records)."""
    names = _unique([p.name for p in doc.people] + [e.text for e in doc.entities if e.label == "PER"])
    ctx = Context(
        text=doc.text,
        rules=rules,
        meta_words=meta_words,
        day_words=day_words,
        names=[n for n in names if len(n) >= 2 and "?" not in n],
        amounts=[(a.span.start, a.span.end, a.value, a.qualifier == "exact") for a in doc.amounts if a.currency == "CNY"],
        own=article_dates(doc.text, doc.reference_date, meta_words),
    )
    mentions = [m for s in sentence_spans(doc.text) if (m := read_sentence(ctx, s))]
    return [finish(e, ctx, doc.meta.event_date, doc.meta.place) for e in merge(mentions)]


class SigningStage:
    """Fills ``doc.signings``; see the module docstring for the rules."""

    name = "signings"
    requires = ("text", "people", "amounts", "meta")
    assigns = ("signings",)

    def __init__(self) -> None:
        self.rules = load_signing_rules()
        self.meta_words = load_meta_words()
        self.day_words = dates.load_day_words()

    @classmethod
    def from_config(cls, config: object) -> SigningStage:
        return cls()

    def __call__(self, doc: Document) -> Document:
        doc.signings = extract_signings(doc, self.rules, self.meta_words, self.day_words)
        return doc
