"""The title grammar: titles written before names, and what a title says about its holder.

A clause (text between punctuation other than ``、``) is read left to right.
Wherever a title head word (``局长``, ``副市长``, ``院士``; see
``data/title_words.tsv``) ends and a name starts (``names.NameFinder``), the
person's titles are the ``、``-separated items before the name, each ending in
a title head, back to the start of the clause, the previous person, or the
last word that cannot belong to an organization (``data/clause_breakers.tsv``):

    青岛市崂山区委常委、统战部部长、副区长李维波  → 青岛市崂山区委常委 | 统战部部长 | 副区长
    在府新大厦会见了潍坊市委书记刘运             → 潍坊市委书记
    马原与国电投北京时远科技有限公司董事长程发彬  → 国电投北京时远科技有限公司董事长

Bare names joined by ``、`` right after a titled name share its titles
(``市领导常红军、栾新、王波``). Titles keep the organization prefix as written.
A short quoted phrase glued to the words after it does not end a clause, and is
part of the organization where an organization marker follows it
(``“一带一路”研究院院长`` whole; ``“优秀企业家”董事长`` → ``董事长``). Titles
written after names (``王五、李四等市领导``, ``张三(副市长)``) are ``titles_after``'s.

``category_of`` and ``organization_of`` read a title: its head word and the
organization markers in its prefix (``data/org_markers.tsv``) give the
category; the prefix is the organization.

>>> from xinwen.pipeline.grammar.lexicon import load_people_lexicon
>>> lexicon = load_people_lexicon()
>>> category_of("深圳市虚拟现实产业联合会荣誉会长", lexicon)
'association'
>>> organization_of("深圳市虚拟现实产业联合会常务副秘书长", lexicon)
'深圳市虚拟现实产业联合会'
>>> organization_of("副市长", lexicon) is None
True
"""
from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from xinwen.pipeline.doc import Entity, Span, Token
from xinwen.pipeline.patterns import chars, compile_pattern, find_literal
from xinwen.pipeline.grammar.intervals import SpanIndex
from xinwen.pipeline.grammar.lexicon import PeopleLexicon, TitleWord
from xinwen.pipeline.grammar.names import STOPS, NameFinder, is_han

# A title chain never crosses these; ``、`` separates its items.
LIST_MARK = "、"
CLAUSE_STOPS = STOPS - {LIST_MARK}
_CLAUSE_STOP = compile_pattern(chars("".join(sorted(CLAUSE_STOPS))))  # found by one scan
# A comma between title groups of one person (``市委常委,新区工委书记、区委书记X``) continues the
# chain when every comma-separated part is itself a whole title chain.
CHAIN_COMMAS = frozenset(",，")
VERB_TAG = "v"  # jieba's tag of verbs
# A short quoted phrase glued to the words after it can be part of an organization name
# (“一带一路”研究院院长): such a balanced pair of quotation marks does not end a clause.
PLACE_TAGS = frozenset(("ns", "nt"))  # jieba's tags of places and organizations
QUOTE_PAIRS = {"“": "”", "「": "」", "『": "』", "‘": "’", '"': '"'}
MAX_QUOTED = 20  # characters between the marks of a quoted part of a name


@dataclass(frozen=True, slots=True)
class Chain:
    """The title items ending at a name, where the first begins, and why the chain stopped there:
    ``start`` (the clause or the previous person), ``trim`` (a breaker word or an earlier name)
    or ``item`` (text that is no title)."""

    items: tuple[str, ...]
    begin: int
    stop: str


@dataclass(frozen=True, slots=True)
class Framed:
    """A name the grammar framed, with the titles written around it at this place."""

    name: Span
    titles: tuple[str, ...]
    rule: str  # the row of people_rules.tsv whose form framed it


# -- reading one title ------------------------------------------------------------------------
def head_of(title: str, lexicon: PeopleLexicon) -> TitleWord | None:
    """The longest title head word that ends ``title``."""
    if title[-1:] not in lexicon.title_ends:
        return None
    for n in range(min(len(title), lexicon.max_title_len), 0, -1):
        word = lexicon.title_words.get(title[-n:])
        if word is not None:
            return word
    return None


def _split(title: str, lexicon: PeopleLexicon) -> tuple[str, TitleWord | None]:
    """``title`` as (organization prefix, head), modifiers like 常务 moved to the head."""
    head = head_of(title, lexicon)
    if head is None:
        return title, None
    prefix = title[: len(title) - len(head.word)]
    moved = True
    while moved:
        moved = False
        for modifier in lexicon.title_modifiers:
            if prefix.endswith(modifier):
                prefix = prefix[: len(prefix) - len(modifier)]
                moved = True
    return prefix, head


def organization_of(title: str, lexicon: PeopleLexicon) -> str | None:
    """The organization a title names before its head, where it names one."""
    prefix, head = _split(title, lexicon)
    return prefix if head is not None and len(prefix) >= 2 else None


def category_of(title: str, lexicon: PeopleLexicon) -> str:
    """official | business | academic | association | journalist | other, for one title."""
    if title in lexicon.byline_roles.values():
        return "journalist"
    prefix, head = _split(title, lexicon)
    if head is not None and head.strong:
        return head.kind
    # A unit marker (党委, 科技处, 市) decides only where no organization marker is written:
    # 北方工业大学党委常委 is academic.
    marker = (_last_marker(prefix, lexicon.whole_markers)
              or _last_marker(prefix, lexicon.unit_markers))
    if marker is not None:
        return lexicon.org_markers[marker]
    return head.kind if head is not None else "other"


def _last_marker(prefix: str, markers: Iterable[str]) -> str | None:
    """The marker ending last in ``prefix`` (the longer one on a tie)."""
    best: tuple[int, int] | None = None
    found = None
    for marker in markers:
        index = prefix.rfind(marker)
        if index >= 0:
            key = (index + len(marker), len(marker))
            if best is None or key > best:
                best, found = key, marker
    return found


def glued_quotes(text: str) -> list[tuple[int, int]]:
    """``(open, close)`` of each balanced pair of quotation marks around a short phrase without
    stops that is glued to the word after it (``“一带一路”研究院``), in text order."""
    pairs, i = [], 0
    while i < len(text):
        closer = QUOTE_PAIRS.get(text[i])
        close = text.find(closer, i + 1) if closer else -1
        if close < 0:
            i += 1
            continue
        quoted = text[i + 1:close]
        if (0 < len(quoted) <= MAX_QUOTED and not any(c in STOPS for c in quoted)
                and close + 1 < len(text) and is_han(text[close + 1])):
            pairs.append((i, close))
        i = close + 1
    return pairs


# -- finding titled names in a text -----------------------------------------------------------
class TitleGrammar:
    """Titled names of one document (see the module docstring)."""

    def __init__(self, text: str, lexicon: PeopleLexicon, tokens: Sequence[Token],
                 entities: Sequence[Entity], finder: NameFinder) -> None:
        self.text = text
        self.lexicon = lexicon
        self.finder = finder
        self._tokens = list(tokens)
        self._token_starts = [t.start for t in self._tokens]
        self._token_at = {t.start: t for t in self._tokens}
        self._boundaries = {t.start for t in tokens}
        self._quotes = glued_quotes(text)
        # What a quoted part of an organization may follow: a place or organization (青岛“一带一路”).
        self._place_ends = {e.end for e in entities if e.label in ("ORG", "LOC")} | {
            t.end for t in tokens if t.pos in PLACE_TAGS}
        self._quote_closes = [close for _, close in self._quotes]
        self._quote_marks = {mark for pair in self._quotes for mark in pair}
        self._clauses: list[tuple[int, int]] | None = None
        # A title after a list closer (王五、李四等市领导) is the list's: it starts no title chain.
        self._closer_ends = {t.end for t in tokens if t.text in lexicon.list_closers}
        # A verb right before a backend place or organization ends what comes before the title
        # (吊唁泰国前总理); verbs inside an organization name (投资促进局) do not.
        spans = SpanIndex((e.start, e.end) for e in entities if e.label in ("ORG", "LOC"))
        span_starts = {e.start for e in entities if e.label in ("ORG", "LOC")}
        self._verb_cuts = {
            t.end for t in tokens
            if t.pos == VERB_TAG and t.end in span_starts and not spans.contains(t.start, t.end)
        }
        self._per_spans = {e.start: e.end for e in entities if e.label == "PER"}
        # Backend names followed by a connector end the previous person (马原与…董事长程发彬).
        self._cuts = [e.end for e in entities
                      if e.label == "PER" and self._skip_connectors(e.end, len(text)) > e.end]

    def find(self, known_names: Sequence[str] = ()) -> list[Framed]:
        """Every titled name, clause by clause. ``known_names`` also end a previous person."""
        cuts = sorted(set(self._cuts) | set(self._name_ends(known_names)))
        known = frozenset(known_names)
        clauses = self.clauses()
        framed: list[Framed] = []
        for index in range(len(clauses)):
            framed.extend(self._clause(clauses, index, cuts, known))
        return framed

    def clauses(self) -> list[tuple[int, int]]:
        """The clauses of the text as ``(start, end)``: text between stops other than ``、`` and
        the quotation marks of ``glued_quotes``."""
        if self._clauses is None:  # the grammar and TitlesAfter both read them: cut once
            self._clauses = self._cut_clauses()
        return self._clauses

    def _cut_clauses(self) -> list[tuple[int, int]]:
        clauses, start = [], 0
        for match in _CLAUSE_STOP.finditer(self.text):
            i = match.start()
            if i in self._quote_marks:
                continue
            if i > start:
                clauses.append((start, i))
            start = i + 1
        if start < len(self.text):
            clauses.append((start, len(self.text)))
        return clauses

    def ends_clause(self, pos: int) -> bool:
        """Whether the character at ``pos`` is a stop other than ``、`` and glued quotes."""
        return self.text[pos] in CLAUSE_STOPS and pos not in self._quote_marks

    def whole_titles(self, begin: int, end: int) -> tuple[str, ...]:
        """The ``、``-separated items of ``[begin, end)`` when each is one whole title, a title
        head at its end and no breaker word inside (``青岛市委常委、副市长``); else ()."""
        items = self.text[begin:end].split(LIST_MARK)
        start = begin
        for item in items:
            stop = start + len(item)
            if head_of(item, self.lexicon) is None or self._trim(start, stop, []) != start:
                return ()
            start = stop + 1
        return tuple(items)

    def _name_ends(self, names: Sequence[str]) -> list[int]:
        ends = []
        for name in names:
            for at in find_literal(self.text, name):
                end = at + len(name)
                if self._skip_connectors(end, len(self.text)) > end:
                    ends.append(end)
        return ends

    def _skip_connectors(self, pos: int, end: int) -> int:
        """``pos`` moved past what is written between two people: spaces, ``、`` and one
        connector standing as a token of its own (与, 和; ``与和平区区长`` keeps 和平区,
        ``工业和信息化局`` is never cut: connectors are skipped only after a cut)."""
        text = self.text
        while pos < end and (text[pos] == LIST_MARK or text[pos].isspace()):
            pos += 1
        token = self._token_at.get(pos)
        if token is not None and token.text in self.lexicon.connectors and token.end <= end:
            return token.end
        return pos

    def _clause(self, clauses: list[tuple[int, int]], index: int, cuts: list[int],
                known: frozenset[str]) -> list[Framed]:
        start, end = clauses[index]
        framed: list[Framed] = []
        low = self._skip_connectors(start, end)  # (右一)与副市长李四: 与 opens no title
        q = low + 1
        while q < end:
            name = self._titled_name_at(q, low, end)
            if name is None:
                q += 1
                continue
            chain = self._chain(low, q, cuts)
            if not chain.items:
                q += 1
                continue
            titles = chain.items
            if chain.begin == start and chain.stop == "start":
                titles = self._earlier_groups(clauses, index, cuts, known) + titles
            framed.append(Framed(name, titles, "title.before"))
            last = name.end
            while last + 1 < end and self.text[last] == LIST_MARK:
                member = self.finder.name_at(last + 1, in_list=True)
                if member is None or member.end > end:
                    break
                framed.append(Framed(member, titles, "title.before_list"))
                last = member.end
            low = self._skip_connectors(last, end)
            q = low + 1
        return framed

    def _titled_name_at(self, q: int, low: int, end: int) -> Span | None:
        # the cheap test first: a name starts at a token boundary or a backend PER span
        if q not in self._boundaries and q not in self.finder.per_starts:
            return None
        if head_of(self.text[low:q], self.lexicon) is None:
            return None
        name = self.finder.name_at(q)
        return name if name is not None and name.end <= end else None

    def _chain(self, low: int, q: int, cuts: list[int]) -> Chain:
        """The ``、``-separated title items that end at ``q``, back to ``low``."""
        items: list[str] = []
        end, stop = q, "start"
        while end > low:
            segment = max(self.text.rfind(LIST_MARK, low, end) + 1, low)
            begin = self._trim(segment, end, cuts)
            if begin in self._closer_ends:
                stop = "item"  # 王五、李四等市领导: the names' title, not this person's
                break
            item = self.text[begin:end]
            if not item or head_of(item, self.lexicon) is None:
                stop = "item"
                break
            items.insert(0, item)
            if begin != segment:
                stop = "trim"
                break
            if segment == low:
                break
            end = segment - 1
        return Chain(tuple(items), end + 1 if stop == "item" else begin, stop)

    def _earlier_groups(self, clauses: list[tuple[int, int]], index: int, cuts: list[int],
                        known: frozenset[str]) -> tuple[str, ...]:
        """Title groups of the same person in the clauses before ``index``, each set off by one
        comma and each a whole title chain (``省委常委,滨海新区工委书记、区委书记X``).

        A clause that is a name with a title after it (``潘毅院士,副市长X``) is another person.
        """
        groups: tuple[str, ...] = ()
        while index > 0:
            (start, end), after = clauses[index - 1], clauses[index][0]
            if self.text[end:after].strip() not in CHAIN_COMMAS:
                break
            chain = self._chain(start, end, cuts)
            if not chain.items or chain.stop == "item" or self._names_a_person(chain, known):
                break
            if chain.stop == "trim":
                role_verb = any(self.text.endswith(w, 0, chain.begin) for w in self.lexicon.role_verbs)
                return groups if role_verb else chain.items + groups
            groups = chain.items + groups
            index -= 1
        return groups

    def _names_a_person(self, chain: Chain, known: frozenset[str]) -> bool:
        """Whether the chain's first item is a name followed by a title (``潘毅院士``)."""
        prefix, _ = _split(chain.items[0], self.lexicon)
        return prefix in known or self._per_spans.get(chain.begin) == chain.begin + len(prefix)

    def _trim(self, begin: int, end: int, cuts: list[int]) -> int:
        """Move ``begin`` past breaker words (verbs, time words…), earlier names and quotation
        marks that are no part of an organization in ``[begin, end)``."""
        new = begin
        first = bisect.bisect_left(self._token_starts, begin)
        for index in range(first, len(self._tokens)):  # no copy of the tail: linear in total
            token = self._tokens[index]
            if token.end > end:
                break
            if token.text in self.lexicon.breakers or token.end in self._verb_cuts:
                new = max(new, token.end)
        inside = cuts[bisect.bisect_right(cuts, begin):bisect.bisect_left(cuts, end)]
        new = max([new, *inside, self._quote_cut(begin, end)])
        return self._skip_connectors(new, end) if new > begin else new

    def _quote_cut(self, begin: int, end: int) -> int:
        """``begin`` moved past each closing quotation mark in ``[begin, end)`` that ends no part
        of the organization of the title ending at ``end``: its opening mark lies before
        ``begin``, or no organization marker follows it (“优秀企业家”董事长). Where the quoted
        part belongs to the organization, what comes before it does only if it is a place or
        organization (青岛“一带一路”研究院, not 访“幸福工程”组委会).
        """
        cut = begin
        first = bisect.bisect_left(self._quote_closes, begin)
        for open_, close in self._quotes[first:]:
            if close >= end:
                break
            if open_ < begin or not self._names_organization(close + 1, end):
                cut = close + 1
            elif open_ > begin and open_ not in self._place_ends:
                cut = max(cut, open_)
        return cut

    def _names_organization(self, begin: int, end: int) -> bool:
        """Whether ``[begin, end)`` is a title whose prefix holds an organization marker."""
        prefix, head = _split(self.text[begin:end], self.lexicon)
        return head is not None and _last_marker(prefix, self.lexicon.org_markers) is not None
