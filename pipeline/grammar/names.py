"""Where a person's name starts and ends, given the NER backend, the tokens and the lexicons.

The people grammar knows *where* a name must start (right after a title, a
byline role, a ``、`` in a shared list); ``NameFinder.name_at`` decides how long
it is:

1. a surname followed by lost or masked characters (``张?``, ``张*``) is a
   name up to the end of that run: the source hides the rest;
2. a backend ``PER`` span starting there (dot-joined parts joined, a
   following word it swallowed cut off) is taken when a name may end after it
   (punctuation, a verb like ``表示``, a title word, an honorific) and the
   segmenter agrees, or the end is firm (not just 为/在/和, which also end
   given names: LAC proposes ``王建`` in ``王建为出席``);
3. otherwise the shortest surname + one or two given-name characters after
   which a name may end, that ends on a token boundary and that the segmenter
   does not read as ordinary words, is taken: the backend missed the name
   (``何光中出席``: LAC proposes ``何光``);
4. otherwise a token the segmenter tags as a person name (foreign names
   without a Chinese surname, ``若斯潘``), when a name may end after it;
5. failing that, a backend ``PER`` span of a plausible length is trusted.

>>> from xinwen.pipeline.grammar.lexicon import load_people_lexicon
>>> from xinwen.pipeline.doc import Token
>>> text = "副市长徐君主持"
>>> tokens = [Token(0, 3, text="副市长"), Token(3, 5, text="徐君"), Token(5, 7, text="主持")]
>>> finder = NameFinder(text, load_people_lexicon(), tokens, [])
>>> finder.name_at(3)
Span(start=3, end=5)
"""
from __future__ import annotations

from collections.abc import Sequence

from xinwen.pipeline.doc import Entity, Span, Token
from xinwen.pipeline.grammar.intervals import SpanIndex
from xinwen.pipeline.grammar.lexicon import PeopleLexicon

# Characters after which a name has certainly ended.
STOPS = frozenset("，,。.；;：:！!？\n\t\r \u3000()（）[]【】「」『』“”\"‘’'《》<>〈〉△▲▼■□●○◆|/、～~-—…")
# A character the source lost (``?``, after repair) or masked (``*``).
MASKS = frozenset("?*＊")
# Characters joining the parts of a transliterated foreign name (尤勒斯·韦登博斯).
NAME_JOINERS = frozenset("·•．")
MAX_PER_LENGTH = 12  # a backend PER longer than this is not a person's name
MAX_NAME_LENGTH = 4  # a Chinese name: surname (one or two characters) and one or two more
# jieba part-of-speech tags of common words (noun, verb, adjective, adverb, function words…).
COMMON_WORD_TAGS = frozenset(
    "n v vn vd a ad an d p c u uj ul uz ug uv ud m q r f t i l z b s e y o".split()
)
# Tags of a word that swallowing a surname makes the candidate no name: adjectives, time words,
# adverbs, verbs, numerals… (满意/地, 周二/晚); nouns are left out (王国/庆 is a name).
NOT_NAME_START_TAGS = COMMON_WORD_TAGS - {"n", "s", "b", "i", "l", "z", "e", "y", "o"}
# Tags of function words that are rarely surnames where they stand alone: prepositions,
# conjunctions, particles (向, 和, 的). Adverbs are left out: 曾 is a common surname.
FUNCTION_WORD_TAGS = frozenset("p c u uj ul uz ug uv ud".split())
# An adverb standing for the surname is no name when a verb or adjective follows (都/遭到),
# while 曾/世民 is.
ADVERB_TAG = "d"
PREDICATE_TAGS = frozenset("v vd vn a ad d p c".split())
# jieba's tags of person names (nr; nrt transliterated, nrfg full names).
NAME_TAGS = frozenset(("nr", "nrt", "nrfg"))


def is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"


class NameFinder:
    """Name spans in one document's working text."""

    def __init__(self, text: str, lexicon: PeopleLexicon, tokens: Sequence[Token],
                 entities: Sequence[Entity]) -> None:
        self.text = text
        self.lexicon = lexicon
        self._boundaries = {t.start for t in tokens} | {len(text)}
        self._token_at = {t.start: t for t in tokens}
        self._token_by_end = {t.end: t for t in tokens}
        self._per = {e.start: e.end for e in entities if e.label == "PER"}
        self.per_starts = frozenset(self._per)  # where the backend's person names start
        self.per_ends = frozenset(self._per.values())  # where they end
        self._blocked = sorted((e.start, e.end) for e in entities if e.label in ("ORG", "LOC"))
        self._blocked_index = SpanIndex(self._blocked)
        self._blocked_spans = frozenset(self._blocked)
        self._entity_starts = frozenset(start for start, _ in self._blocked)
        self._tagged = {t.start: t.end for t in tokens if t.pos in NAME_TAGS}
        self._after_words = lexicon.name_enders
        self._max_after = lexicon.max_ender_len
        self._list_words = lexicon.followers | lexicon.honorifics
        self._function_words = lexicon.function_words

    # -- where a name may end ------------------------------------------------------------------
    def may_end(self, q: int, *, in_list: bool = False) -> bool:
        """Whether a name may end at ``q``: the text there cannot continue it.

        In a list of bare names (``市领导常红军、栾新、王波``) a title word does not
        end a name, so that ``腾讯云副总裁…`` is not read as a name ``腾讯云``.
        """
        text = self.text
        if q < len(text) and text[q] in NAME_JOINERS:
            return False
        if q >= len(text) or text[q] in STOPS or not (is_han(text[q]) or text[q] in MASKS):
            return True
        if q in self._entity_starts:  # a place or organization follows (记者公培佳北京报道)
            return True
        words = self._list_words if in_list else self._after_words
        return any(text[q:q + n] in words for n in range(1, self._max_after + 1))

    def ends_firmly(self, q: int) -> bool:
        """A name may end at ``q``, and not only because a one-character preposition or
        conjunction follows (为, 在, 和 are also the last character of given names)."""
        text = self.text
        if q >= len(text) or text[q] not in self.lexicon.weak_followers:
            return self.may_end(q)
        return any(text[q:q + n] in self._after_words for n in range(2, self._max_after + 1))

    # -- the name itself -----------------------------------------------------------------------
    def surname_at(self, p: int) -> int:
        """Length of the surname starting at ``p`` (2 for 欧阳, 1 for 王), 0 if none."""
        if self.text[p:p + 2] in self.lexicon.compound_surnames:
            return 2
        return 1 if self.text[p:p + 1] in self.lexicon.surnames else 0

    def name_at(self, p: int, *, in_list: bool = False) -> Span | None:
        """The name starting at ``p``, or None when no name can start there."""
        if p >= len(self.text) or not is_han(self.text[p]):
            return None
        masked = self._masked_at(p)
        if masked is not None:
            return masked
        per_end = self._per_end(p)
        per_ends = per_end is not None and self.may_end(per_end, in_list=in_list)
        if per_ends and (per_end in self._boundaries or self.ends_firmly(per_end)):
            return Span(p, per_end)
        # The backend's name does not end, or ends inside a segmenter token before a weak
        # follower (LAC 王建 in 王建为出席): a grammar reading that ends cleanly is better.
        found = self._grammar_name_at(p, in_list=in_list) or self._tagged_name_at(p, in_list)
        if found is not None:
            return found
        if per_ends or per_end is not None and not in_list and self._plausible_per(p, per_end):
            return Span(p, per_end)
        return None

    def name_ending_at(self, end: int, low: int, *, in_list: bool = True) -> Span | None:
        """A name that ends at ``end`` and starts at or after ``low``: the whole of
        ``[low, end)`` (a bare item of a list), or else the longest name the backend or the
        segmenter proposes there (``出席的有|王五``) that ``name_at`` reads the same way
        (``in_list`` False: a name followed by its title, ``王五副市长``)."""
        if self.name_at(low, in_list=in_list) == Span(low, end):
            return Span(low, end)
        for start in range(max(low + 1, end - MAX_NAME_LENGTH), end - 1):
            proposed = end in (self._per.get(start), self._tagged.get(start))
            if proposed and self.name_at(start, in_list=in_list) == Span(start, end):
                return Span(start, end)
        return None

    def names_place_or_org(self, span: Span) -> bool:
        """Whether the backend labels exactly ``span`` a place or an organization."""
        return (span.start, span.end) in self._blocked_spans

    def plausible(self, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` can be a name by its characters and the segmenter."""
        candidate = self.text[start:end]
        return (all(is_han(c) or c in MASKS for c in candidate)
                and not any(candidate.endswith(h) for h in self.lexicon.honorifics)  # 姚先生
                and not self._reads_as_words(start, end)
                and not self._overlaps_blocked(start, end))

    def _per_end(self, p: int) -> int | None:
        """End of the backend's name at ``p``, or None where there is none."""
        end = self._per.get(p)
        if end is None:
            return None
        # Parts of a foreign name joined by a dot (差猜|·|春哈旺, 马格坦|戈尔|·|圭尼贡多);
        # spans that only touch are two names (记者李蕾张羽飞).
        chain = end
        while True:
            if chain in self._per:
                chain = self._per[chain]
            elif self.text[chain:chain + 1] in NAME_JOINERS and chain + 1 in self._per:
                chain = self._per[chain + 1]
            else:
                break
        if any(c in NAME_JOINERS for c in self.text[p:chain]):
            end = chain
        # A word the backend swallowed after the name: 胡德平|等, 张德广|和, 曹志|委员长,
        # 程阳|先生; only a surname left (姚|先生) is no name.
        while end in self._token_by_end and self._token_by_end[end].start > p:
            last = self._token_by_end[end]
            if last.text not in self._after_words:
                break
            end = last.start
        if any(self.text.endswith(h, p, end) for h in self.lexicon.honorifics):
            return None  # a surname and an honorific, one token (姚先生): no name given
        return end if end - p >= 2 else None

    def _masked_at(self, p: int) -> Span | None:
        surname = self.surname_at(p) or (1 if p in self._per and is_han(self.text[p]) else 0)
        end = p + surname
        if not surname or end >= len(self.text) or self.text[end] not in MASKS:
            return None
        while end < len(self.text) and self.text[end] in MASKS:
            end += 1
        return Span(p, end)

    def _grammar_name_at(self, p: int, *, in_list: bool) -> Span | None:
        surname = self.surname_at(p)
        for length in (surname + 1, surname + 2) if surname else ():
            end = p + length
            if (end <= len(self.text) and end in self._boundaries
                    and self.may_end(end, in_list=in_list) and self.plausible(p, end)):
                return Span(p, end)
        return None

    def _tagged_name_at(self, p: int, in_list: bool) -> Span | None:
        token = self._token_at.get(p)
        if (token is None or token.pos not in NAME_TAGS or len(token.text) < 2
                or not self.may_end(token.end, in_list=in_list)
                or any(w in token.text for w in self.lexicon.breakers if len(w) >= 2)):
            return None  # jieba tags some time phrases as names (今天下午/nr)
        return Span(p, token.end) if self.plausible(p, token.end) else None

    def _reads_as_words(self, start: int, end: int) -> bool:
        """Whether the segmenter reads the candidate as ordinary words, not a name:

        - one token tagged as a common word (单位, 高度; proper-noun tags such as
          nr or ns do not count: it tags some names as places, 马原/ns);
        - a lexicon word inside it after the surname (向记者, 成立的, 姚先生);
        - a first word that swallows the surname and is no noun (满意/地, 周二/晚);
        - a function word where the surname would be, then a word that is no name
          (和/业主, 和/日本), or an adverb, then a verb (都/遭到).
        """
        inside = self._tokens_in(start, end)
        if not inside:
            return False
        if len(inside) == 1:
            return inside[0].end == end and inside[0].pos in COMMON_WORD_TAGS
        first, rest = inside[0], inside[1:]
        if any(t.text in self._function_words for t in rest):
            return True
        if len(first.text) >= 2 and first.pos in NOT_NAME_START_TAGS:
            return True
        if len(rest) != 1 or len(rest[0].text) < 2:
            return False
        return (first.pos in FUNCTION_WORD_TAGS and rest[0].pos not in NAME_TAGS
                or first.pos == ADVERB_TAG and rest[0].pos in PREDICATE_TAGS)

    def _tokens_in(self, start: int, end: int) -> list[Token]:
        """The tokens tiling ``[start, end)``, as far as they stay inside it."""
        tokens = []
        while start < end and start in self._token_at and self._token_at[start].end <= end:
            tokens.append(self._token_at[start])
            start = tokens[-1].end
        return tokens

    def _overlaps_blocked(self, start: int, end: int) -> bool:
        """A backend place or organization that sticks out of the candidate (长江路 for 江路).

        One inside the candidate or equal to it does not block it: the title before
        it outweighs the backend's label (``市委书记谢兆村`` where LAC says LOC).
        """
        return self._blocked_index.sticks_out(start, end)

    def _plausible_per(self, start: int, end: int) -> bool:
        name = self.text[start:end]
        if not 2 <= len(name) <= MAX_PER_LENGTH or not is_han(name[0]):
            return False
        if any(c in NAME_JOINERS for c in name):
            return all(is_han(c) or c in NAME_JOINERS for c in name)
        return len(name) <= 4 and all(is_han(c) for c in name)
