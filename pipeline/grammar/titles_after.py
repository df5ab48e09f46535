"""Titles written after the names they belong to.

Titles mostly precede a name (``titles.TitleGrammar``); three forms put one after it:

- a list closed by 等 and a title shares that title: ``王五、李四等市领导出席`` gives 王五
  and 李四 ``市领导``. The title is one whole title, a title head word with the
  organization prefix the text writes (``公司负责人``, ``省市领导``), that ends where the
  clause ends or a word follows that cannot continue it (a verb, ``出席``, ``的``):
  ``王五、李四等嘉宾`` has none. The list is read back from 等 over ``、``, each item a bare
  name or a name after its own title (``市长李四``); the first item may follow other words
  (``出席的有王五``) where the backend or the segmenter proposes the name. An item that is
  neither a name nor a title (a place the backend calls one: ``青岛、烟台等地领导``) makes
  the whole list no list of people.
- a title in brackets right after a name: ``张三(青岛市副市长)``, ``李四（某某集团董事长）``.
  The brackets hold a title chain (items split at ``、``) and nothing else, so
  ``张三(左二)`` and ``张三(图中)`` give nothing;
- a title right after a name and before the verb: ``王五副市长出席``, ``省政府李四副省长致辞``
  (one whole title, then a verb or the clause end).
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from xinwen.pipeline.doc import Span, Token
from xinwen.pipeline.patterns import chars, compile_pattern
from xinwen.pipeline.grammar.names import STOPS
from xinwen.pipeline.grammar.titles import LIST_MARK, VERB_TAG, Framed, TitleGrammar, head_of

OPEN_BRACKETS = frozenset("(（")
CLOSE_BRACKETS = frozenset(")）")
NUMERAL_TAG = "m"  # jieba's tag of numerals and counts


class TitlesAfter:
    """Names with a title written after them, in one document (see the module docstring)."""

    def __init__(self, grammar: TitleGrammar, tokens: Sequence[Token]) -> None:
        self.grammar = grammar
        self.text = grammar.text
        self.lexicon = grammar.lexicon
        self.finder = grammar.finder
        self._token_at = {t.start: t for t in tokens}
        self._starts = sorted(self._token_at)  # token starts, for the clause's tokens by bisect
        self._title_enders = self.lexicon.followers | self.lexicon.breakers
        # where a list closer (等) may start: the first characters of the closer words
        firsts = "".join(sorted({w[0] for w in self.lexicon.list_closers}))
        self._closer_start = compile_pattern(chars(firsts) if firsts else "(?!)")

    def find(self, framed: Sequence[Framed]) -> list[Framed]:
        """Every name with a title after it; ``framed`` (names with titles before them) tells
        where titled names of a list start."""
        named = {f.name.end: f for f in framed}
        found: list[Framed] = []
        for start, end in self.grammar.clauses():
            found.extend(self._lists(start, end, named))
            found.extend(self._bracketed(start, end, named))
            found.extend(self._postposed(start, end, named))
        return found

    # -- a title right after the name, before the verb ----------------------------------------
    def _postposed(self, start: int, end: int, named: dict[int, Framed]) -> list[Framed]:
        """``徐某副省长出席``, ``我厅裴某厅长在…发言``: a name the finder reads, then one whole title
        that ends where the clause ends or a verb follows; a name already titled before it
        (``市长李四``) or an item of a list is left to the other forms."""
        found: list[Framed] = []
        first = bisect_right(self._starts, start)
        for pos in self._starts[first : bisect_left(self._starts, end)]:
            if pos in named or self.text[pos - 1] == LIST_MARK:
                continue
            titles = self._title_after(pos, end)
            if not titles or self.text.startswith(tuple(self.lexicon.list_closers), pos):
                continue
            low = max(self.text.rfind(LIST_MARK, start, pos) + 1, start)
            name = self.finder.name_ending_at(pos, low, in_list=False)
            if name is not None and not self.finder.names_place_or_org(name):
                found.append(Framed(name, titles, "title.after"))
        return found

    # -- a list closed by 等 and a title ----------------------------------------------------------
    def _lists(self, start: int, end: int, named: dict[int, Framed]) -> list[Framed]:
        found: list[Framed] = []
        for match in self._closer_start.finditer(self.text, start + 1, end):
            closer = match.start()
            if not self._closes_list(closer):
                continue
            titles = self._title_after(closer + 1, end)
            names = self._list_before(start, closer, named) if titles else []
            found.extend(Framed(name, titles, "title.after_list") for name in names)
        return found

    def _closes_list(self, pos: int) -> bool:
        """Whether ``pos`` holds 等 on its own: its own token, or glued by the segmenter to the
        end of a name the backend marks (王|五等)."""
        token = self._token_at.get(pos)
        if token is not None:
            return token.text in self.lexicon.list_closers
        return (self.text[pos] in self.lexicon.list_closers and pos in self.finder.per_ends
                and pos + 1 in self._token_at)

    def _title_after(self, begin: int, end: int) -> tuple[str, ...]:
        """The one whole title starting at ``begin`` and ending before a word that cannot
        continue it, or ()."""
        pos = begin
        while pos < end and pos in self._token_at and self._token_at[pos].end <= end:
            token = self._token_at[pos]
            if (token.text[0] in STOPS or token.text in self._title_enders
                    or token.pos == NUMERAL_TAG):
                return ()  # 等近30家企业负责人: a count of holders, not the list's title
            pos = token.end
            has_head = head_of(self.text[begin:pos], self.lexicon) is not None
            if has_head and self._title_ends(pos, end):
                return self.grammar.whole_titles(begin, pos)
        return ()

    def _title_ends(self, pos: int, end: int) -> bool:
        if pos >= end or self.text[pos] in STOPS:
            return True
        token = self._token_at.get(pos)
        return token is not None and (token.text in self._title_enders
                                      or token.pos.startswith(VERB_TAG))  # v, vn, vd

    def _list_before(self, start: int, closer: int, named: dict[int, Framed]) -> list[Span]:
        """The names of the list ending at ``closer``, read back over ``、``; [] where an item
        is neither a name nor a title."""
        names: list[Span] = []
        end = closer
        while True:
            low = max(self.text.rfind(LIST_MARK, start, end) + 1, start)
            name = self._name_ending_at(end, low, named)
            if name is None:
                is_title = bool(names) and head_of(self.text[low:end], self.lexicon) is not None
                return names if is_title else []
            names.insert(0, name)
            if low == start or not self._bare_or_titled(low, name, named):
                return names
            end = low - 1

    def _bare_or_titled(self, low: int, name: Span, named: dict[int, Framed]) -> bool:
        """Whether the list item ``[low, name.end)`` is the name alone or the name after its
        own last title (``市长李四``), so that the list may go on before it."""
        frame = named.get(name.end)
        return name.start == low or (
            frame is not None and frame.titles[-1] == self.text[low:name.start])

    # -- a title in brackets ----------------------------------------------------------------
    def _bracketed(self, start: int, end: int, named: dict[int, Framed]) -> list[Framed]:
        """The name ending the clause ``[start, end)`` with the title chain in the brackets that
        open right after it."""
        if end >= len(self.text) or self.text[end] not in OPEN_BRACKETS:
            return []
        close = end + 1
        while close < len(self.text) and not self.grammar.ends_clause(close):
            close += 1
        if close >= len(self.text) or self.text[close] not in CLOSE_BRACKETS:
            return []
        titles = self.grammar.whole_titles(end + 1, close)
        low = max(self.text.rfind(LIST_MARK, start, end) + 1, start)
        name = self._name_ending_at(end, low, named) if titles else None
        return [Framed(name, titles, "title.bracket")] if name is not None else []

    # -- the name before ----------------------------------------------------------------------
    def _name_ending_at(self, end: int, low: int, named: dict[int, Framed]) -> Span | None:
        """A name ending at ``end`` inside ``[low, end)``: one the title grammar framed, else
        one the name finder reads there, unless the backend calls it a place or organization."""
        frame = named.get(end)
        if frame is not None and frame.name.start >= low:
            return frame.name
        name = self.finder.name_ending_at(end, low)
        if name is None or self.finder.names_place_or_org(name):
            return None
        return name
