"""Stage ``people``: every person named with a role, with titles, category and mentions.

The NER backend proposes person names (``doc.entities``); the grammar decides
who is a person of the record:

- a name framed by a title written before it (``titles.TitleGrammar``), by a
  title shared with the names listed after it, by a title written after it
  (``王五、李四等市领导``, ``张三(青岛市副市长)``: ``titles_after.TitlesAfter``) or
  by a byline role (``byline.find_bylines``) is a person, whether the backend found the name or
  not (the grammar then adds it to ``doc.entities`` with ``source="grammar"``);
- a backend ``PER`` that nothing frames anywhere in the text is not a person
  (``云天``, the start of the company name 云天畅想, is dropped);
- a name followed by an honorific or a title (``潘毅院士致辞``) is another
  mention of the same person and adds no title.

A person's titles are the union, in order of first appearance, of the titles
framing the name; a title already covered by an earlier one (equal to it or a
suffix of it: ``副区长`` after ``青岛市崂山区副区长``) is not repeated. The
category and organization are those of the first title (``titles.category_of``,
``titles.organization_of``). Mentions are every occurrence of the name.
"""
from __future__ import annotations

import bisect
from collections.abc import Sequence

from xinwen.pipeline.doc import Document, Entity, Person, Span
from xinwen.pipeline.grammar.byline import (
    CreditLines,
    dateline_pattern,
    find_bylines,
    find_dateline_bylines,
    role_pattern,
)
from xinwen.pipeline.grammar.intervals import SpanIndex
from xinwen.pipeline.grammar.lexicon import PeopleLexicon, load_people_lexicon
from xinwen.pipeline.slots.meta.stage import load_meta_words
from xinwen.pipeline.grammar.names import NameFinder
from xinwen.pipeline.grammar.titles import Framed, TitleGrammar, category_of, organization_of
from xinwen.pipeline.grammar.titles_after import TitlesAfter


class PeopleStage:
    name = "people"
    requires = ("text", "tokens", "entities")
    # Also adds the names the grammar found to ``entities`` (source "grammar").
    assigns = ("people", "entities")

    def __init__(self, lexicon: PeopleLexicon | None = None) -> None:
        self.lexicon = lexicon or load_people_lexicon()
        self._roles = role_pattern(self.lexicon)
        self._dateline = dateline_pattern(load_meta_words()["dateline_suffix"])
        self._credits = CreditLines()

    @classmethod
    def from_config(cls, config) -> PeopleStage:
        return cls()

    def __call__(self, doc: Document) -> Document:
        framed = self.frame(doc)
        doc.people = assemble(doc.text, framed, self.lexicon)
        doc.entities = merge_entities(doc.entities, doc.people)
        return doc

    def frame(self, doc: Document) -> list[Framed]:
        """Every framed name of ``doc``, bylines first, then titled names."""
        finder = NameFinder(doc.text, self.lexicon, doc.tokens, doc.entities)
        bylines = [*find_bylines(doc.text, self.lexicon, finder, self._roles),
                   *find_dateline_bylines(doc.text, self._dateline, finder),
                   *self._credits.find(doc.text, finder)]
        grammar = TitleGrammar(doc.text, self.lexicon, doc.tokens, doc.entities, finder)
        after = TitlesAfter(grammar, doc.tokens)
        first = [*bylines, *grammar.find()]
        known = {doc.text[f.name.start:f.name.end] for f in [*first, *after.find(first)]}
        framed = [*bylines, *grammar.find(known_names=sorted(known))]
        return [*framed, *after.find(framed)]


#: the rule of a mention no frame covers: another occurrence of a framed name
REPEAT_RULE = "mention.repeat"


def assemble(text: str, framed: Sequence[Framed], lexicon: PeopleLexicon) -> list[Person]:
    """One Person per framed name, in order of the first frame."""
    titles: dict[str, list[str]] = {}
    title_rules: dict[str, list[str]] = {}
    frame_rule: dict[tuple[int, int], str] = {}  # the first frame at each name span
    for frame in sorted(framed, key=lambda f: f.name.start):
        name = text[frame.name.start:frame.name.end]
        held = titles.setdefault(name, [])
        rules = title_rules.setdefault(name, [])
        frame_rule.setdefault((frame.name.start, frame.name.end), frame.rule)
        for title in frame.titles:
            if not any(t.endswith(title) for t in held):
                held.append(title)
                rules.append(frame.rule)
    mentions = find_mentions(text, list(titles))
    people = []
    for name, held in titles.items():
        spans = [Span(m.start, m.end, frame_rule.get((m.start, m.end), REPEAT_RULE))
                 for m in mentions[name]]
        first = next((s.rule for s in spans if s.rule != REPEAT_RULE), title_rules[name][0])
        people.append(Person(name=name, titles=held, organization=organization_of(held[0], lexicon),
                             category=category_of(held[0], lexicon), mentions=spans,
                             title_rules=title_rules[name], rule=first))
    return people


def find_mentions(text: str, names: Sequence[str]) -> dict[str, list[Span]]:
    """Every occurrence of each name; a longer name claims its characters first.

    The claimed spans never overlap one another, so they are kept sorted and a new
    occurrence is checked against its one neighbour before it (``bisect``), not against
    every claim: linear-ish on a long document.
    """
    claimed_starts: list[int] = []
    claimed_ends: list[int] = []  # sorted too: the claims are disjoint
    found: dict[str, list[Span]] = {}
    for name in sorted(names, key=len, reverse=True):
        spans = [span for span in occurrences(text, name)
                 if not _claimed(claimed_starts, claimed_ends, span)]
        for span in spans:
            at = bisect.bisect_left(claimed_starts, span.start)
            claimed_starts.insert(at, span.start)
            claimed_ends.insert(at, span.end)
        found[name] = spans
    return {name: found[name] for name in names}


def occurrences(text: str, word: str) -> list[Span]:
    """The non-overlapping occurrences of ``word`` (not empty), left to right.

    >>> occurrences("王五王五五", "王五")
    [Span(start=0, end=2), Span(start=2, end=4)]
    """
    spans, at = [], text.find(word) if word else -1
    while at >= 0:
        spans.append(Span(at, at + len(word)))
        at = text.find(word, at + len(word))
    return spans


def _claimed(starts: list[int], ends: list[int], span: Span) -> bool:
    """Does a claim overlap ``span``? Of disjoint sorted claims, the last one starting before
    ``span`` ends is the only one that can."""
    before = bisect.bisect_left(starts, span.end)
    return before > 0 and ends[before - 1] > span.start


def merge_entities(entities: Sequence[Entity], people: Sequence[Person]) -> list[Entity]:
    """Backend entities plus the people's mentions as ``PER``.

    A mention the backend did not find exactly becomes an entity with source
    ``grammar``, replacing backend ``PER`` spans that overlap it (``何光`` for
    ``何光中``).
    """
    mentions = {(m.start, m.end): p.name for p in people for m in p.mentions}
    spans = SpanIndex(mentions)
    kept = [
        e for e in entities
        if e.label != "PER" or (e.start, e.end) in mentions or not spans.overlaps(e.start, e.end)
    ]
    have = {(e.start, e.end) for e in kept if e.label == "PER"}
    added = [Entity(text=name, label="PER", start=s, end=t, source="grammar")
             for (s, t), name in mentions.items() if (s, t) not in have]
    return sorted([*kept, *added], key=lambda e: (e.start, e.end))
