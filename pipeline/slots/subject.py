"""What an amount or an area measures: the subject phrase, with its owner where written.

Reading order (tables ``subject_heads.tsv`` and ``subject_words.tsv``):

1. Left of the figure, past link words (达, 为, 实现 ...), a head word (总投资, 生产总值,
   占地 ...) extended left over its clause: ``全区生产总值超过1080亿元`` → ``全区生产总值``.
2. A subject that is only a head (and modal words such as 计划) takes its owner from the
   right (``总投资300亿元的青岛市虚拟现实产业园`` → ``青岛市虚拟现实产业园总投资``) or from
   the topic clause of the sentence (``龙湖商业综合体项目,落户…,投资金额100亿元``).
3. A clause that starts with a link word continues the subject of the clause before it
   (``莱西市所涉投资额最大,共计260亿``).
4. A head right after the figure (``设立200亿投资``), else the noun phrase the figure
   qualifies (``3000亩电子信息与数字创意产业园``).

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

import re
from dataclasses import dataclass

from pipeline.errors import Errors, PipelineError
from pipeline.resources import load_tsv

SENTENCE_END = "。！？!?\n"
CLAUSE_END = SENTENCE_END + "，,；;、：:"
COMMA_END = SENTENCE_END + "，,；;：:"  # topic clauses: 、 joins list items, not clauses
CONJUNCTIONS = "和及与、"
ROLES = ("link", "cut", "strip", "modal", "owner_head", "np_stop", "measure", "bare_follow")
MAX_OWNER = 40  # characters an owner phrase may span
QUANTITY_UNIT = re.compile(
    r"[0-9０-９零〇一二两三四五六七八九十百千万亿][^，,、]*[元亿万亩米顷里坪㎡]$"
)
NUMERAL = "[0-9０-９零〇一二两三四五六七八九十百千万]+"
ASIDE = re.compile(r"[（(][^（()）]{1,12}[）)]$")  # 地区生产总值（GDP）1500亿元


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
                        path="subject_heads.tsv",
                        line=0,
                        problem=f"bad or duplicate head {row['word']}",
                    )
                )
            self.heads[row["kind"]][row["word"]] = Head(
                row["word"], row["kind"], row["bare"] == "yes"
            )
        self.words: dict[str, list[str]] = {role: [] for role in ROLES}
        not_after: dict[tuple[str, str], str] = {}
        for row in load_tsv("subject_words.tsv", ("word", "role", "not_after")):
            if row["role"] not in self.words or row["word"] in self.words[row["role"]]:
                raise PipelineError(
                    Errors.E020.format(
                        path="subject_words.tsv", line=0, problem=f"bad or duplicate {row}"
                    )
                )
            self.words[row["role"]].append(row["word"])
            not_after[row["word"], row["role"]] = row["not_after"]
        for role in ROLES:  # longest first, so that 预计达 is tried before 达
            self.words[role].sort(key=lambda w: (-len(w), w))
        self._cut = _word_regex(self.words["cut"], "cut", not_after)
        measures = "".join(re.escape(w) for w in self.words["measure"] if len(w) == 1)
        self._count = re.compile(f"(?<![第]){NUMERAL}多?余?[{measures}]")  # 内资项目16个投资额
        self._np_stop = _word_regex(self.words["np_stop"], "np_stop", not_after)

    # -- public -------------------------------------------------------------------------------
    def find(self, text: str, start: int, end: int, kind: str) -> SubjectResult:
        """The subject of the figure ``text[start:end]`` (``kind`` is ``money`` or ``area``)."""
        sent_start = _last_index(text, SENTENCE_END, start) + 1
        core, linked = self._strip_links(text[sent_start:start])
        head = self._head_at_end(core, kind)
        owner = self._right_owner(text, end)
        if head is not None:
            clause_start = (
                sent_start + _last_index(core, CLAUSE_END, len(core) - len(head.word)) + 1
            )
            clause = self._trim(text[clause_start : sent_start + len(core) - len(head.word)])
            if owner is not None:
                return _result(owner + self._modal_tail(clause) + head.word, True)
            if self._modal_only(clause):
                topic = self._topic_owner(text, sent_start, start)
                if topic is not None:
                    return _result(topic + clause + head.word, head.bare)
            return _result(clause + head.word, head.bare)
        if linked and core.rstrip(" \u3000")[-1:] in CLAUSE_END:
            previous = self._continued(
                text, sent_start, sent_start + len(core.rstrip(" \u3000")) - 1, kind
            )
            if previous is not None:
                return previous
        right = self._right_head(text, end, kind)
        if right is not None:
            clause_start = sent_start + _last_index(core, CLAUSE_END, len(core)) + 1
            clause = self._trim(text[clause_start:start])
            stops = list(self._np_stop.finditer(clause))
            clause = clause[stops[-1].end() :] if stops else clause
            return _result(clause + right.word, right.bare)
        if owner is None and kind == "area":  # 3000亩电子信息与数字创意产业园
            return SubjectResult(self._noun_phrase(text[end : end + MAX_OWNER], direct=True), False)
        return SubjectResult(owner, owner is not None)

    def bare_follow_ok(self, text: str, end: int) -> bool:
        """May a figure written without 元 end at ``end``? (not before a counter: 150万吨)."""
        nxt = text[end : end + 1]
        if not nxt or not _is_cjk(nxt):
            return True
        return any(text.startswith(w, end) for w in self.words["bare_follow"])

    # -- pieces ------------------------------------------------------------------------------
    def _strip_links(self, left: str) -> tuple[str, bool]:
        """``left`` without the link words, spaces and asides (``（GDP）``) that end it."""
        linked = False
        changed = True
        while changed:
            changed = False
            stripped = ASIDE.sub("", left.rstrip(" \u3000"))
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

    def _trim(self, clause: str) -> str:
        """A clause reduced to the subject's own words: after the last cut word, strip words off."""
        clause = self._count.sub("", clause.replace(" ", "").replace("\u3000", ""))
        cuts = list(self._cut.finditer(clause))
        if cuts:
            clause = clause[cuts[-1].end() :]
        return self._strip_leading(clause)

    def _strip_leading(self, phrase: str) -> str:
        changed = True
        while changed:
            changed = False
            for word in self.words["strip"]:
                if phrase.startswith(word):
                    phrase, changed = phrase[len(word) :], True
                    break
        return phrase

    def _modal_only(self, clause: str) -> bool:
        changed = True
        while clause and changed:
            changed = False
            for word in self.words["modal"]:
                if clause.startswith(word):
                    clause, changed = clause[len(word) :], True
                    break
        return not clause

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
        must then hold no figure of its own.
        """
        rest = rest[: _first_index(rest, CLAUSE_END, 0)].replace(" ", "").replace("\u3000", "")
        if not rest or self._count.match(rest):
            return None
        if rest.startswith("“") and "”" in rest:
            close = rest.index("”")
            after = rest[close + 1 :]
            if not after or after[0] in CONJUNCTIONS or self._np_stop.match(after):
                return rest[1:close] or None
        stop = self._np_stop.search(rest, 1)
        if stop:
            rest = rest[: stop.start()]
        ends = [
            i
            for i in range(2, len(rest) + 1)
            if any(rest[:i].endswith(h) for h in self.words["owner_head"])
        ]
        good = [i for i in ends if i == len(rest) or rest[i] in CONJUNCTIONS]
        if not ends:
            return None
        phrase = rest[: (good[0] if good else ends[-1])]
        if phrase in self.words["owner_head"] or phrase in self.words["strip"]:
            return None
        if direct and (
            re.search("[0-9０-９]", phrase) or any(h in phrase for h in self.heads["area"])
        ):
            return None
        return phrase

    def _topic_owner(self, text: str, sent_start: int, start: int) -> str | None:
        """The owner named by an earlier comma clause of the sentence (nearest first)."""
        clause_start = _last_index(text, COMMA_END, start) + 1
        clauses = re.split(
            f"[{re.escape(COMMA_END)}]", text[sent_start : max(sent_start, clause_start - 1)]
        )
        for clause in reversed(clauses):
            clause = clause.replace(" ", "").replace("\u3000", "")
            if clause.endswith("”") and "“" in clause:
                quoted = clause[clause.rindex("“") + 1 : -1]
                if quoted:
                    return quoted
            segment = clause.rsplit("的", 1)[-1]
            heads = [segment.find(w) for kind in self.heads.values() for w in kind if w in segment]
            if heads:  # X项目投资总额30亿元,规划建筑面积… : X项目 is the topic
                segment = segment[: min(heads)]
            if re.search("[0-9０-９]", segment):
                continue
            stop = self._np_stop.search(segment, 1)
            cut = self._cut.search(segment, 1)
            first = min([m.start() for m in (stop, cut) if m] or [len(segment)])
            segment = self._strip_leading(segment[:first])
            if (
                len(segment) <= MAX_OWNER
                and segment not in self.words["owner_head"]
                and any(segment.endswith(h) for h in self.words["owner_head"])
            ):
                return segment
        return None

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
        return _result(self._trim(clause[:at]) + head.word, head.bare)

    def _right_head(self, text: str, end: int, kind: str) -> Head | None:
        rest = text[end : end + 8]
        found = [h for w, h in self.heads[kind].items() if rest.startswith(w)]
        if not found:
            return None
        return max(found, key=lambda h: len(h.word))


def _word_regex(
    words: list[str], role: str, not_after: dict[tuple[str, str], str]
) -> re.Pattern[str]:
    """Alternation of ``words`` (longest first), each guarded by its ``not_after`` characters."""
    parts = []
    for word in words:
        guard = not_after[word, role]
        parts.append((f"(?<![{re.escape(guard)}])" if guard else "") + re.escape(word))
    return re.compile("|".join(parts))


def _result(text: str, money_context: bool) -> SubjectResult:
    text = text.replace(" ", "").replace("\u3000", "")
    return SubjectResult(text or None, money_context)


def _last_index(text: str, chars: str, before: int) -> int:
    """Index of the last char of ``chars`` in ``text[:before]``, or -1."""
    return max(text.rfind(c, 0, before) for c in chars)


def _first_index(text: str, chars: str, start: int) -> int:
    found = [i for i in (text.find(c, start) for c in chars) if i >= 0]
    return min(found) if found else len(text)


def _is_cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"
