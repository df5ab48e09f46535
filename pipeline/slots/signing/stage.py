"""The "signings" stage: every signing event of an article, merged across its sentences.

**Mentions.** Each sentence (``units.sentence_spans``: headline lines and photo
captions included) is read for a signing verb (``signing_patterns.tsv``,
kind ``trigger``). A verb inside an intention (``签约意向``, ``拟签约``) or after a
cumulative or period word in its own or the previous clause (``累计``,
``今年以来``, ``截至``, ``1-4月份``) is no signing — unless the period word names
the edition of a collective event (``2023年一季度重点项目集中签约活动``). The
rest give a *mention* of one kind:

* ``count``     — a project count bound to the verb: in the verb's clause, in any
  order (``16个项目签约``, ``签约项目21个``, ``集中签约的23个项目``), or as the
  noun phrase of the clause before (``总投资267.2亿元的31个产业项目,通过…签约``);
  a count after ``其中`` or separated from the verb by ``开工``/``落户`` is not it;
* ``event``     — the verb as predicate (``A与B签署合作协议``, ``…同步签约落地``);
* ``ceremony``  — a signing ceremony reported as held, or a caption naming one
  (``签约仪式昨日举行``, ``重点合作项目签约仪式``);
* ``reference`` — the signing named in passing (``签约仪式上表示``, ``出席签约仪式``,
  ``此次签约项目中``; ``签约的项目``, ``签约后`` where no sides stand before the verb);
* ``weak``      — only an agreement verb (``达成协议``): it adds parties, never an event;
* ``terms``     — a sentence on the agreement's terms (``根据协议,双方将在…领域合作``):
  it adds fields, never an event.

The strongest verb of a sentence decides its kind (count > event > ceremony >
reference). Count and event mentions (``mentions``) also carry actors
(``parse``), project names and sums (``values``),
fields, the investment total (the first sum after 投资/引资/总额 from the count's
clause to the sentence end or ``其中``), and any day and place the sentence names.

**Merge rule.** Mentions of kind count, event and ceremony build events in text
order. A mention joins an earlier event unless they *conflict* — different
counts, different days, exact totals more than 5% apart, or two count-less bilateral
agreements with disjoint parties (two ceremonies). Sums of one kind are compared: a
count-less agreement whose sum is below the total of a count of several projects is one
of those projects (``会上,甲乙集团与北湖区签署总投资20亿元的…`` after ``共签约项目12个,
总投资86亿元``), told before or after the count. Among the events it does
not conflict with it joins, in order of preference: one with the same count,
one sharing a project, party or signatory (a party may be written short:
``南湖区`` / ``嘉兴市南湖区人民政府``), else the latest. Otherwise it opens a new
event. Reference, weak and terms mentions then attach to the nearest event
(and are dropped where there is none). So a headline ``16个项目签约``, the lead
``…等16个项目签约`` and the detail ``李维波代表崂山区政府与云天畅想等16个项目签署
合作协议`` are one signing with three spans, and ``16个项目签约`` next to ``8个项目
签约`` are two.

**Follow-up paragraphs.** Projects are also read from the paragraphs that carry
an event's mentions and from the paragraphs right after them that go on
describing signed projects (they open with a project name, ``项目为“X”`` or
``其中``) and do not say those projects start (``开工``): ``青岛恒星科技城项目,
落户上合示范区…``; in a sentence on the signed projects (``签约项目中,…``) also
what a party will build or set up there (``…将建设冷链物流中心``). A lone project's own total (``储能…产业园项目投资总额30亿元``) is
the signing's total when none is written; an exact total wins over an
approximate one (``超300亿元`` in a headline, ``312亿元`` in the body).

**Date and place.** The day most mentions name (``12月11日上午``), else the
article's event date; the place most mentions name (``在沈阳主会场``), else the
article's place when the lead says the event was *held* there (``在深圳成功举行``).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, replace

from xinwen.pipeline.doc import Document, Signing, Span
from xinwen.pipeline.grammar import dates
from xinwen.pipeline.slots.meta.stage import MetaWords, load_meta_words
from xinwen.pipeline.slots.meta.place import parse_place, venue_of
from xinwen.pipeline.grammar.region import load_gazetteer
from xinwen.pipeline.slots.signing.mentions import CREATES, Context, Mention, read_sentence
from xinwen.pipeline.slots.signing.parse import clean_party, valid_party
from xinwen.pipeline.slots.signing.rules import SigningRules, load_signing_rules
from xinwen.pipeline.slots.signing.values import (
    Sum,
    investment_after,
    listed_projects,
    open_list,
    member_projects,
    project_parts,
    project_names,
    same_project,
    valid_project,
)
from xinwen.pipeline.grammar.units import line_spans, sentence_spans

TOTAL_TOLERANCE = 0.05
#: how far (characters) after a counted signing a breakdown of its count may follow
BREAKDOWN_REACH = 400


@dataclass
class Event:
    mentions: list[Mention]

    def first(self, attribute: str) -> object:
        return next(
            (getattr(m, attribute) for m in self.mentions if getattr(m, attribute) is not None),
            None,
        )

    def names(self) -> list[str]:
        """Projects, parties and signatories of its mentions."""
        return [
            n
            for m in self.mentions
            for n in (*m.actors.projects, *m.actors.parties, *m.actors.signatories)
        ]

    def position(self) -> int:
        return self.mentions[0].sentence.start


# ---------------------------------------------------------------- merge --


def _conflict(event: Event, m: Mention) -> bool:
    count, day = event.first("count"), event.first("day")
    if m.earlier != any(x.earlier for x in event.mentions if x.kind in CREATES):
        return True  # an earlier event told in passing is another signing
    if m.count is not None and count is not None and m.count != count:
        return True
    if m.day is not None and day is not None and m.day != day:
        return True
    if _sums_conflict(event, m):
        return True
    parties = [p for x in event.mentions for p in x.actors.parties]
    return (
        count is None
        and m.count is None
        and len(set(parties)) >= 2
        and len(set(m.actors.parties)) >= 2
        and not _share(parties, m.actors.parties)
    )


def _apart(a: Sum | None, b: Sum | None) -> bool:
    """Two exact sums more than the tolerance apart."""
    return bool(a and b and a.exact and b.exact) and abs(a.value - b.value) > TOTAL_TOLERANCE * max(
        a.value, b.value
    )


def _sums_conflict(event: Event, m: Mention) -> bool:
    """The sums say two signings. A count-less agreement's sum below the total of a count of
    several projects is one project's of that count (会上,甲乙集团与北湖区签署总投资20亿元的…
    after 共签约项目12个,总投资86亿元), before or after it; only sums of one kind are compared."""
    if m.total is None:
        return False
    whole = next((x.total for x in event.mentions if x.total and x.count is not None), None)
    parts = [x.total for x in event.mentions if x.total and x.count is None]
    if m.count is not None:  # a whole: against the event's whole, else no part above it
        if whole is not None:
            return _apart(whole, m.total)
        return any(_above(p, m.total) for p in parts)
    if (event.first("count") or 0) > 1:  # parts of several projects, below their whole
        return whole is not None and _above(m.total, whole)
    return _apart(whole or (parts[0] if parts else None), m.total)


def _above(a: Sum, b: Sum) -> bool:
    """Exact ``a`` more than the tolerance above exact ``b``: no part of it."""
    return a.exact and b.exact and a.value > b.value * (1 + TOTAL_TOLERANCE)


def _share(ours: list[str], theirs: list[str]) -> bool:
    """Some name in both lists, one writing shortening the other (南湖区 / 嘉兴市南湖区人民政府)."""
    return any(a == b or _shortening(a, b) or _shortening(b, a) for a in ours for b in theirs)


def merge(mentions: list[Mention]) -> list[Event]:
    """Events from mentions by the merge rule of the module docstring."""
    events: list[Event] = []
    for m in mentions:
        if m.kind not in CREATES:
            continue
        fits = [e for e in events if not _conflict(e, m)]
        ours = [*m.actors.projects, *m.actors.parties, *m.actors.signatories]
        home = (
            next(
                (e for e in reversed(fits) if m.count is not None and e.first("count") == m.count),
                None,
            )
            or next((e for e in reversed(fits) if _share(e.names(), ours)), None)
            or (fits[-1] if fits else None)
        )
        if home:
            home.mentions.append(m)
        else:
            events.append(Event([m]))
    for m in mentions:
        if m.kind in CREATES or not events:
            continue
        nearest = min(
            events, key=lambda e: min(abs(x.sentence.start - m.sentence.start) for x in e.mentions)
        )
        nearest.mentions.append(m)
    for event in events:
        event.mentions.sort(key=lambda x: x.sentence.start)
    return sorted(events, key=Event.position)


def _part_of(whole: Event, part: Event, taken: int, ctx: Context) -> bool:
    """``part`` is a breakdown of ``whole``'s count (其中…N个, 沣渭新区签约项目4个): a smaller
    count close after it, no place or other day of its own, not reported as another ceremony."""
    big, small = whole.first("count"), part.first("count")
    if big is None or small is None or small >= big or taken + small > big:
        return False
    gap = part.position() - max(m.sentence.end for m in whole.mentions)
    if gap > BREAKDOWN_REACH or any(m.place for m in part.mentions if m.kind in CREATES):
        return False
    day, other = whole.first("day"), part.first("day")
    if day is not None and other is not None and day != other:
        return False
    first = ctx.text[part.mentions[0].sentence.start : part.mentions[0].sentence.end]
    return not ctx.rules.has("another_event", first)


def absorb_breakdowns(events: list[Event], ctx: Context) -> list[Event]:
    """Events that only break an earlier one's count down become parts of it (one ceremony)."""
    kept: list[Event] = []
    taken: dict[int, int] = {}
    for event in events:
        whole = next((w for w in reversed(kept) if _part_of(w, event, taken.get(id(w), 0), ctx)), None)
        if whole is None:
            kept.append(event)
            continue
        taken[id(whole)] = taken.get(id(whole), 0) + (event.first("count") or 0)
        whole.mentions += [replace(m, kind="part", count=None, total=None) for m in event.mentions]
        whole.mentions.sort(key=lambda x: x.sentence.start)
    return kept


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


def _add_projects(projects: list[str], more: list[str], rules: SigningRules) -> bool:
    """Append the new ones (a writing of a known project is no new one); whether any was."""
    before = len(projects)
    for name in (part for n in more for part in project_parts(open_list(n, rules), rules)):
        if not any(same_project(name, known) for known in projects):
            projects.append(name)
    return len(projects) > before


def _continues(text: str, line: Span, ctx: Context) -> bool:
    """A paragraph that goes on describing signed projects."""
    body = text[line.start : line.end]
    first = ctx.rules.text["signing.sentence_end"].split(body, maxsplit=1)[0]
    if ctx.rules.has("start_verb", first):
        return False  # a project that starts or opens (…项目今天开工) is not reported as signed
    named = ctx.rules.text["signing.named_quote"].search(body)
    if body.startswith(ctx.rules.words["subset_marker"]) or named:
        return True
    clauses = [c for c in ctx.rules.text["signing.clause_end"].split(body) if c.strip()]
    if clauses and "项目" not in clauses[0] and len(clauses[0]) <= 12:
        clauses = clauses[1:]  # a lead-in: 尤其值得一提的是, 据了解
    if not clauses:
        return False
    names = project_names(clauses[0], ctx.rules)
    return bool(names) and clauses[0].strip().endswith("项目")


def report_lines(text: str, lines: list[Span], event: Event, ctx: Context) -> list[Span]:
    """Paragraphs holding the event's mentions, each with the project paragraphs after it."""
    own = {
        i
        for i, line in enumerate(lines)
        for m in event.mentions
        if line.start <= m.sentence.start < line.end
    }
    chosen: set[int] = set()
    reached = 0  # lines before it are decided: each line is tested once (linear in the text)
    for i in sorted(own):
        chosen.add(i)
        j = max(i + 1, reached)
        while j < len(lines) and (j in own or _continues(text, lines[j], ctx)):
            chosen.add(j)
            j += 1
        reached = j
    return [lines[i] for i in sorted(chosen)]


def _most_common(values: list) -> object | None:
    present = [v for v in values if v is not None]
    return Counter(present).most_common(1)[0][0] if present else None


def _projects(event: Event, report: list[Span], ctx: Context, used: list[str]) -> list[str]:
    """Projects of the mentions, then those of the report's paragraphs, each once (the ids of
    the enumeration rules that added some go to ``used``)."""
    projects: list[str] = []
    for m in event.mentions:
        _add_projects(projects, m.actors.projects, ctx.rules)
    for line in report:
        members = False  # inside a sentence on the signed projects, whose parts end with ；
        for sentence in sentence_spans(ctx.text, line):
            if _told_of_another(event, sentence, ctx):
                continue
            body = ctx.text[sentence.start : sentence.end]
            _add_projects(projects, project_names(body, ctx.rules), ctx.rules)
            for rule, opened in (("projects.enumeration", False), ("projects.opened", True)):
                listed = listed_projects(body, ctx.rules, opened)
                _add_projects(projects, listed, ctx.rules)
                if listed:  # fired: it read names, new or already known
                    used.append(rule)
            members = members or ctx.rules.text["signing.members_lead"].match(body) is not None
            if members:
                _add_projects(projects, member_projects(body, ctx.rules), ctx.rules)
            members = members and body.endswith(("；", ";"))
    return projects


def _field_of_class(field: str) -> str:
    """A field that names a class of projects is the class (综合开发项目 → 综合开发): the valid
    names among such items went to the projects."""
    core = field.removesuffix("项目")
    return core if len(core) >= 2 else field


def _has_part_sums(event: Event) -> bool:
    """A count of several projects with a total, and a count-less agreement's sum below it."""
    whole = next((m.total for m in event.mentions if m.total and m.count is not None), None)
    several = (event.first("count") or 0) > 1
    return bool(whole and several) and any(
        m.total and m.count is None and m.kind in CREATES and m.total.value < whole.value
        for m in event.mentions
    )


def _told_earlier(event: Event) -> bool:
    """Every sentence that makes the event tells of an earlier one (此前, 上月 …): the
    article's date is not its date."""
    return all(m.earlier for m in event.mentions if m.kind in CREATES)


def _told_of_another(event: Event, sentence: Span, ctx: Context) -> bool:
    """The sentence follows another event's report, not this one's: the last event mention
    at or before it is another event's (另有3个项目在分会场签约 after the main ceremony's
    projects: those projects are the main ceremony's)."""
    at = bisect_right(ctx.event_marks, (sentence.start, len(ctx.events)))
    return at > 0 and ctx.events[ctx.event_marks[at - 1][1]] is not event


def _total(strong: list[Mention], count: int | None) -> Sum | None:
    """The counted signing's own sum (exact before approximate); a lone agreement's otherwise."""
    counted = [m.total for m in strong if m.total and m.count is not None]
    sums = counted or ([m.total for m in strong if m.total] if count is None else [])
    return next((t for t in sums if t.exact), None) or next(iter(sums), None)


def _total_fields(total: Sum | None, ctx: Context) -> dict[str, object]:
    """``total_investment`` (CNY only) and ``total_ref`` (the amount, any currency)."""
    if total is None:
        return {"total_investment": None, "total_ref": None}
    ref = ctx.amount_index.get(total.start)
    if ref is None:  # read by the stage's own minimal reader: CNY by construction
        return {"total_investment": total.value, "total_ref": None}
    index, currency = ref
    return {"total_investment": total.value if currency == "CNY" else None, "total_ref": index}


def finish(
    event: Event, ctx: Context, meta_date: str | None, roles: list[tuple[Span, str, int]]
) -> Signing:
    """The contract's Signing of one merged event."""
    strong = [m for m in event.mentions if m.kind in ("count", "event")]
    report = report_lines(ctx.text, line_spans(ctx.text), event, ctx)
    used: list[str] = ["signing.breakdown"] if any(m.kind == "part" for m in event.mentions) else []
    if _has_part_sums(event):
        used.append("signing.part_sum")
    if _told_earlier(event):
        used.append("signing.earlier")
    projects = _projects(event, report, ctx, used)
    count = event.first("count")
    total = _total(strong, count)
    if total is None and len(projects) == 1 and count in (None, 1):
        total = _own_total(ctx, report, projects[0])
    day = _most_common([m.day for m in strong])
    fields = _unique([f for m in event.mentions for f in m.fields])
    moved = [  # a field with a project's head is a project, unless it names a class (产业项目)
        f for f in fields
        if ctx.rules.ends_with(f, "field_project") and valid_project(f, ctx.rules, strict=False)
    ]
    _add_projects(projects, moved, ctx.rules)
    if moved:
        used.append("projects.from_fields")
    sides = _named_sides(event, ctx)
    if sides:
        used.append("parties.sides")
    signatories = _unique([s for m in event.mentions for s in m.actors.signatories])
    refs = people_refs(event, signatories, roles, ctx)
    used += sorted({f"people.{r}" for ref in refs for r in ref["roles"] if r != "signatory"})
    where = _where(strong, ctx)
    used.append(where.pop("rule"))
    return Signing(
        project_count=count,
        projects=projects,
        parties=_parties([p for m in event.mentions for p in m.actors.parties] + sides),
        signatories=signatories,
        people_refs=refs,
        fields=_unique([_field_of_class(f) for f in fields if f not in projects]),
        **_total_fields(total, ctx),
        date=dates.iso(day) if day else (None if _told_earlier(event) else meta_date),
        spans=sorted({m.sentence for m in event.mentions}, key=lambda s: s.start),
        **where,
        rule=next((m.rule for m in strong if m.rule), None) or event.mentions[0].rule,
        rules=list(dict.fromkeys(used)),
    )


ROLE_VERBS = (("witness", "witness_verb"), ("attendee", "attendee_verb"))


def role_sentences(ctx: Context) -> list[tuple[Span, str, int]]:
    """``(sentence, role, verb offset)`` of each sentence whose people witness or attend."""
    found = []
    for sentence in sentence_spans(ctx.text):
        body = ctx.text[sentence.start : sentence.end]
        for role, kind in ROLE_VERBS:
            verb = ctx.rules.word_regex[kind].search(body)
            if verb:
                found.append((sentence, role, sentence.start + verb.start()))
    return found


def people_refs(
    event: Event, signatories: list[str], roles: list[tuple[Span, str, int]], ctx: Context
) -> list[dict[str, object]]:
    """The event's people by index into ``people``: signatories, and the subjects of the role verbs
    of the sentences nearest to this event (出席/见证 before the verb, in the same clause run)."""
    linked: dict[int, list[str]] = {}
    for name in signatories:
        index = ctx.person_index.get(name)
        if index is not None:
            linked.setdefault(index, []).append("signatory")
    for sentence, role, verb in roles:
        if ctx.nearest_event(sentence.start) is not event:
            continue
        first = bisect_left(ctx.person_starts, (sentence.start,))
        last = bisect_left(ctx.person_starts, (verb,))
        for start, index in ctx.person_starts[first:last]:
            if index not in ctx.journalists:
                if role not in linked.setdefault(index, []):
                    linked[index].append(role)
    return [{"person": i, "roles": r} for i, r in sorted(linked.items())]


def _named_sides(event: Event, ctx: Context) -> list[str]:
    """Parties a sentence of the event names as the sides (签约双方为A和B, 签约方是A、B)."""
    pattern, joints = ctx.rules.text["signing.sides"], ctx.rules.text["signing.side_joint"]
    found = []
    for m in event.mentions:
        body = ctx.text[m.sentence.start : m.sentence.end]
        for sides in pattern.finditer(body):
            items = joints.split(sides.group(1))
            found += [clean_party(x, ctx.rules) for x in items if valid_party(clean_party(x, ctx.rules), ctx.rules)]
    return found


def _where(strong: list[Mention], ctx: Context) -> dict[str, object]:
    """Place, venue and region: the first area a mention names (在沈阳主会场签约), else the article's."""
    venue = None
    for phrase in [m.place for m in strong if m.place]:
        chain = parse_place(phrase, ctx.gazetteer, set(ctx.hints))
        venue = venue or venue_of(phrase, chain, ctx.gazetteer)
        if chain is not None:
            return {
                "place": chain.place,
                "venue": venue_of(phrase, chain, ctx.gazetteer),
                "region": ctx.gazetteer.region(chain.code),
                "rule": "place.mention",
            }
    if venue and any(h.start == 0 and h.end == len(venue) for h in ctx.gazetteer.scan(venue)):
        venue = None  # 在昌邑签署: an area's short name, read as no place of its own, is no hall
    return {
        "place": ctx.meta.place,
        "venue": venue or ctx.meta.venue,
        "region": ctx.meta.region,
        "rule": "place.article",
    }


def _own_total(ctx: Context, report: list[Span], project: str) -> Sum | None:
    for line in report:
        for sentence in sentence_spans(ctx.text, line):
            body = ctx.text[sentence.start : sentence.end]
            names = project_names(body, ctx.rules)
            named = next((n for n in names if same_project(project, n)), None)
            if named and ctx.rules.has("subset_marker", body[: max(body.find(named), 0)]):
                return None  # 其中A项目总投资…: one of several projects, not the signing's total
            if named:
                found = investment_after(
                    ctx.text, sentence.start, sentence.end, ctx.amounts, ctx.rules
                )
                if found:
                    return found
    return None


def extract_signings(
    doc: Document, rules: SigningRules, meta_words: MetaWords, day_words: dates.DayWords
) -> list[Signing]:
    """All signings of one document (pure: reads the document, returns new records).

    People come from the people stage (and, where the NER stage ran, its PER
    entities too); sums from the amounts stage, read by a minimal reader of its
    own where that stage found none.
    """
    ctx = signing_context(doc, rules, meta_words, day_words)
    mentions = [m for s in sentence_spans(doc.text) if (m := read_sentence(ctx, s))]
    events = absorb_breakdowns(merge(mentions), ctx)
    ctx.events.extend(events)
    ctx.event_marks.extend(sorted(
        (m.sentence.start, i) for i, e in enumerate(events) for m in e.mentions if m.kind in CREATES
    ))
    roles = role_sentences(ctx) if events else []
    return [finish(e, ctx, doc.meta.event_date, roles) for e in events]


def signing_context(
    doc: Document, rules: SigningRules, meta_words: MetaWords, day_words: dates.DayWords
) -> Context:
    """What reading the sentences of ``doc`` needs (also replayed by ``pipeline/explain.py``)."""
    gazetteer = load_gazetteer()
    home = parse_place(doc.meta.place, gazetteer, set()) if doc.meta.place else None
    names = _unique(
        [p.name for p in doc.people] + [e.text for e in doc.entities if e.label == "PER"]
    )
    return Context(
        text=doc.text,
        rules=rules,
        meta_words=meta_words,
        day_words=day_words,
        names=[n for n in names if len(n) >= 2 and "?" not in n],
        amounts=[
            (a.span.start, a.span.end, a.value, a.qualifier == "exact") for a in doc.amounts
        ],
        amount_index={a.span.start: (i, a.currency) for i, a in enumerate(doc.amounts)},
        anchor=dates.from_iso(doc.meta.anchor),  # the meta stage's: read once, there
        year=doc.meta.event_year,
        person_index={p.name: i for i, p in reversed(list(enumerate(doc.people)))},
        person_starts=sorted((m.start, i) for i, p in enumerate(doc.people) for m in p.mentions),
        journalists=frozenset(i for i, p in enumerate(doc.people) if p.category == "journalist"),
        meta=doc.meta,
        gazetteer=gazetteer,
        hints=frozenset(gazetteer.ancestors(home.code)) if home else frozenset(),
    )


class SigningStage:
    """Fills ``doc.signings``; see the module docstring for the rules."""

    name = "signings"
    requires = ("text", "people", "entities", "amounts", "meta")
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
