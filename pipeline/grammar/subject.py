"""What an amount or an area measures: the subject phrase, with its owner where written.

Reading order (tables ``subject_heads.tsv`` and ``subject_words.tsv``):

1. Left of the figure, past link words (达, 为, 实现 ...), a head word (总投资, 生产总值,
   占地 ...) extended left over its clause: ``全区生产总值超过1080亿元`` → ``全区生产总值``.
   The clause is trimmed structurally (``pipeline/grammar/phrase.py``): after the last verb
   that governs the phrase, after a relative clause's 的, without counted groups and leading
   time words (``去年全区共兑现惠企资金`` → ``惠企资金``).
2. A subject that names no owner of its own takes it from the right
   (``总投资300亿元的青岛市虚拟现实产业园`` → ``青岛市虚拟现实产业园总投资``) or from
   the named topic of its clause chain (``龙湖商业综合体项目,落户…,投资金额100亿元``;
   ``X项目位于…,建成后年产值可达…`` → ``X项目年产值``).
3. A clause that starts with a link word continues the subject of the clause before it
   (``莱西市所涉投资额最大,共计260亿``).
4. A head right after the figure (``设立200亿投资``), else (areas) the noun phrase the figure
   qualifies (``3000亩电子信息与数字创意产业园``).
5. No head word at all: the noun phrase right before the figure, read by structure
   (``项目首期投入3亿元`` → ``首期投入``; ``其中东区组团60平方公里`` → ``东区组团``).

>>> finder = SubjectFinder()
>>> def subject(text, figure, kind="money"):
...     start = text.index(figure)
...     return finder.find(text, start, start + len(figure), kind).text
>>> text = "全区生产总值超过1080亿元,区级一般公共预算收入实现203.7亿元"
>>> subject(text, "超过1080亿元"), subject(text, "203.7亿元")
('全区生产总值', '区级一般公共预算收入')
>>> text = "加快建设占地1969亩,总投资300亿元的青岛市虚拟现实产业园,着力"
>>> subject(text, "1969亩", "area"), subject(text, "300亿元")
('青岛市虚拟现实产业园占地', '青岛市虚拟现实产业园总投资')
"""

from __future__ import annotations

from dataclasses import dataclass

from xinwen.pipeline.errors import Errors, PipelineError
from xinwen.pipeline.patterns import chars, compile_pattern, fixed_pattern
from xinwen.pipeline.resources import load_tsv
from xinwen.pipeline.sentences import END_MARKS
from xinwen.pipeline.grammar.phrase import SPACES, PhraseRules, load_subject_words, squeeze

SENTENCE_END = END_MARKS + "\n"  # the one splitter's ends (pipeline/sentences.py)
CLAUSE_END = SENTENCE_END + "，,；;、：:"
COMMA_END = SENTENCE_END + "，,；;：:"  # topic clauses: 、 joins list items, not clauses
CONJUNCTIONS = "和及与、"
CLOSING_QUOTES = "”’」』"
MAX_OWNER = 40  # characters an owner phrase may span
QUANTITY_UNIT = fixed_pattern("phrase_patterns.tsv", "phrase.quantity_unit")
ASIDE = fixed_pattern("phrase_patterns.tsv", "phrase.aside")  # 地区生产总值（GDP）1500亿元
_DIGIT = fixed_pattern("phrase_patterns.tsv", "phrase.digit")
#: the comma clauses of a topic are cut at these marks
_COMMA_SPLIT = compile_pattern(chars(COMMA_END))


@dataclass(frozen=True, slots=True)
class Head:
    word: str
    kind: str
    bare: bool


@dataclass(frozen=True, slots=True)
class SubjectResult:
    text: str | None
    money_context: bool  # a figure without 元 is money here (a money head, 的…项目)


class SubjectFinder:
    def __init__(self) -> None:
        rows = load_tsv("subject_heads.tsv", ("word", "kind", "bare"))
        self.heads: dict[str, dict[str, Head]] = {"money": {}, "area": {}}
        for row in rows:
            if row["kind"] not in self.heads or row["word"] in self.heads[row["kind"]]:
                raise PipelineError(
                    Errors.E020.format(
                        path=row.path,
                        line=row.line,
                        problem=f"bad or duplicate head {row['word']}",
                    )
                )
            self.heads[row["kind"]][row["word"]] = Head(
                row["word"], row["kind"], row["bare"] == "yes"
            )
        self.words = load_subject_words(tuple(r["word"] for r in rows))
        self.phrases = PhraseRules(self.words)
        self._np_stop = self.phrases.np_stop

    # -- public -------------------------------------------------------------------------------
    def find(self, text: str, start: int, end: int, kind: str) -> SubjectResult:
        """The subject of the figure ``text[start:end]`` (``kind`` is ``money`` or ``area``)."""
        sent_start = _last_index(text, SENTENCE_END, start) + 1
        core, linked = self._strip_links(text[sent_start:start])
        head = self._head_at_end(core, kind)
        owner = self._right_owner(text, end)
        if head is not None:
            return self._phrase(text, sent_start, core, head.word, owner, head.bare)
        if linked and core.rstrip(SPACES)[-1:] in CLAUSE_END:
            previous = self._continued(
                text, sent_start, sent_start + len(core.rstrip(SPACES)) - 1, kind
            )
            if previous is not None:
                return previous
        right = self._right_head(text, end, kind)
        if right is not None:
            clause_start = sent_start + _last_index(core, CLAUSE_END, len(core)) + 1
            clause = self.phrases.trim(text[clause_start:start], right.word)
            stops = list(self._np_stop.finditer(clause))
            clause = clause[stops[-1].end() :] if stops else clause
            return _result(clause + right.word, right.bare)
        if owner is None and kind == "area":  # 3000亩电子信息与数字创意产业园
            qualified = self._noun_phrase(text[end : end + MAX_OWNER], direct=True)
            if qualified is not None:
                return SubjectResult(qualified, False)
        return self._structural(text, sent_start, core, owner)

    def bare_follow_ok(self, text: str, end: int) -> bool:
        """May a figure written without 元 end at ``end``? (not before a counter: 150万吨)."""
        nxt = text[end : end + 1]
        if not nxt or not _is_cjk(nxt):
            return True
        return any(text.startswith(w, end) for w in self.words["bare_follow"])

    # -- pieces ------------------------------------------------------------------------------
    def _phrase(
        self, text: str, sent_start: int, core: str, head: str, owner: str | None, bare: bool
    ) -> SubjectResult:
        """The subject ending with ``head`` (the end of ``core``): its own words, then its owner
        from the right (…的X项目), else from the topic of its clause chain."""
        head_at = len(core) - len(head)
        clause_at = _last_index(core, CLAUSE_END, head_at) + 1
        written = squeeze(core[clause_at:head_at])
        modifiers = self.phrases.trim(written, head)
        if owner is not None:
            return _result(owner + self._modal_tail(modifiers) + head, True)
        if not self.phrases.has_owner(modifiers):
            own = written[: written.rfind(modifiers)] if modifiers else written
            chain = [own] + _earlier_clauses(text, sent_start, sent_start + clause_at)
            topic = self.phrases.topic(chain)
            if topic is not None:
                return _result(topic + modifiers + head, bare)
        return _result(modifiers + head, bare)

    def _structural(
        self, text: str, sent_start: int, core: str, owner: str | None
    ) -> SubjectResult:
        """No head word: the noun phrase right before the figure (首期投入, 其中X合作区)."""
        found = self.phrases.structural_head(core[_last_index(core, CLAUSE_END, len(core)) + 1 :])
        if found is None or not core.endswith(found[1]):
            return SubjectResult(owner, owner is not None)
        result = self._phrase(text, sent_start, core, found[1], owner, False)
        if result.text is None or self.phrases.is_generic(result.text):
            return SubjectResult(owner, owner is not None)
        return result

    def _strip_links(self, left: str) -> tuple[str, bool]:
        """``left`` without the link words, spaces and asides (``（GDP）``) that end it."""
        linked = False
        changed = True
        while changed:
            changed = False
            stripped = ASIDE.sub("", left.rstrip(SPACES))
            if stripped != left:
                left, changed = stripped, True
            for word in self.words["link"]:
                if left.endswith(word):
                    left, changed, linked = left[: -len(word)], True, True
                    break
        return left, linked

    def _head_at_end(self, core: str, kind: str) -> Head | None:
        best = None
        for word, head in self.heads[kind].items():
            if core.endswith(word) and (best is None or len(word) > len(best.word)):
                best = head
        return best

    def _modal_tail(self, clause: str) -> str:
        tail = ""
        changed = True
        while changed:
            changed = False
            for word in self.words["modal"]:
                if clause.endswith(word) and len(word) <= len(clause):
                    clause, tail, changed = clause[: -len(word)], word + tail, True
                    break
        return tail

    def _right_owner(self, text: str, end: int) -> str | None:
        """The noun phrase after ``的`` that the figure (or a chain of figures) qualifies."""
        rest = text[end : end + 2 * MAX_OWNER]
        if rest.startswith("的"):
            return self._noun_phrase(rest[1:])
        if rest[:1] in ("，", ",", "、"):
            nxt = _first_index(rest, CLAUSE_END, 1)
            de = rest.find("的", 1, nxt)
            if de > 0 and QUANTITY_UNIT.search(rest[1:de]):
                return self._noun_phrase(rest[de + 1 :])
        return None

    def _noun_phrase(self, rest: str, direct: bool = False) -> str | None:
        """The owner noun phrase at the start of ``rest`` (ends with an owner head), or None.

        ``direct``: the phrase follows the figure without 的 (``3000亩电子信息…产业园``), and
        must then hold no figure of its own. After 的, a phrase without an owner head is read
        structurally (``规模5000万元的人才发展专项资金``).
        """
        rest = squeeze(rest[: _first_index(rest, CLAUSE_END, 0)])
        if not rest or self.phrases.count.match(rest):
            return None
        if rest.startswith("“") and "”" in rest:
            close = rest.index("”")
            after = rest[close + 1 :]
            if not after or after[0] in CONJUNCTIONS or self._np_stop.match(after):
                return rest[1:close] or None
        stop = self.phrases.first_stop(rest, 1)
        if stop:
            rest = rest[: stop.start()]
        ends = [
            i
            for i in range(2, len(rest) + 1)
            if any(rest[:i].endswith(h) for h in self.words["owner_head"])
        ]
        good = [i for i in ends if i == len(rest) or rest[i] in CONJUNCTIONS]
        if not ends:
            return None if direct else self.phrases.right_np(rest)
        phrase = rest[: (good[0] if good else ends[-1])]
        if phrase in self.words["owner_head"] or phrase in self.words["strip"]:
            return None
        if self.phrases.owners.is_category(phrase):
            return None  # 的物流园区: a common noun, no name
        if self.phrases.owners.after_event_group(phrase) != phrase:
            return None  # 的集中签约项目: a collective group
        if direct and (
            _DIGIT.search(phrase) or any(h in phrase for h in self.heads["area"])
        ):
            return None
        return phrase

    def _continued(
        self, text: str, sent_start: int, boundary: int, kind: str
    ) -> SubjectResult | None:
        """``X投资额最大,共计260亿``: the head in the clause before ``boundary``."""
        clause_start = _last_index(text, CLAUSE_END, boundary) + 1
        clause = text[max(clause_start, sent_start) : boundary]
        best = None
        for word, head in self.heads[kind].items():
            at = clause.rfind(word)
            if at >= 0 and (
                best is None
                or at + len(word) > best[0] + len(best[1].word)
                or (at + len(word) == best[0] + len(best[1].word) and len(word) > len(best[1].word))
            ):
                best = (at, head)
        if best is None:
            return None
        at, head = best
        return _result(self.phrases.trim(clause[:at], head.word) + head.word, head.bare)

    def _right_head(self, text: str, end: int, kind: str) -> Head | None:
        rest = text[end : end + 8]
        found = [h for w, h in self.heads[kind].items() if rest.startswith(w)]
        if not found:
            return None
        return max(found, key=lambda h: len(h.word))


def _earlier_clauses(text: str, sent_start: int, clause_start: int) -> list[str]:
    """The comma clauses of the sentence before ``clause_start``, nearest first; the part of the
    figure's own comma clause before ``clause_start`` (list items before 、) comes first."""
    comma_start = max(sent_start, _last_index(text, COMMA_END, clause_start) + 1)
    before = text[sent_start : max(sent_start, comma_start - 1)]
    clauses = _COMMA_SPLIT.split(before) if before else []
    return [text[comma_start:clause_start]] + list(reversed(clauses))


def _result(text: str, money_context: bool) -> SubjectResult:
    # a subject never starts with the closing quote of a term cut in two
    return SubjectResult(squeeze(text).lstrip(CLOSING_QUOTES) or None, money_context)


def _last_index(text: str, chars: str, before: int) -> int:
    """Index of the last char of ``chars`` in ``text[:before]``, or -1."""
    return max(text.rfind(c, 0, before) for c in chars)


def _first_index(text: str, chars: str, start: int) -> int:
    found = [i for i in (text.find(c, start) for c in chars) if i >= 0]
    return min(found) if found else len(text)


def _is_cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"
