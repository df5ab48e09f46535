"""The structural half of subject finding: noun phrases, their trimming, and clause topics.

``pipeline/grammar/subject.py`` decides *where* a subject is read (a head word before the figure,
after it, the noun phrase the figure qualifies); this module decides *how much* of the text
there belongs to it. The rules are structural: a noun phrase is bounded by clause punctuation,
verbs (jieba part-of-speech tags, ``v``), relative clauses (``…的``), counted groups
(``23个项目``) and leading time words; the word lists of ``subject_words.tsv`` only add to the
tags (cut verbs that jieba tags as nouns, link words, modal words kept in subjects) or protect
a phrase from them (a subject head such as ``一般公共预算收入`` is one token, whatever its
tags say). A quoted term is one word (``“免申即享”资金``); a prepositional phrase before a
verbal head is an adverbial (``在高新区投入`` → ``投入``). Whether a phrase may own a subject
at all (a category noun, a collective group, a party, a person, an investor) is decided in
``pipeline/grammar/owner.py``.

>>> rules = PhraseRules(default_words())
>>> rules.trim("去年全区共兑现惠企", "资金"), rules.trim("2023年全市", "地区生产总值")
('惠企', '全市')
>>> rules.trim("一家外资企业独资兴建的冷链物流园项目", "注册资本")
'冷链物流园项目'
>>> rules.trim("本次集中签约的31个项目", "总投资"), rules.trim("2024年计划", "投资")
('', '2024年计划')
>>> rules.structural_head("项目首期投入"), rules.structural_head("依托")
(('项目首期', '投入'), None)
>>> rules.topic(["金港新材料项目位于临港产业园"]), rules.topic(["该项目位于高新区"])
('金港新材料项目', None)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from xinwen.pipeline.doc import Span
from xinwen.pipeline.errors import Errors, PipelineError
from xinwen.pipeline.grammar.lexicon_words import tokenizer_words
from xinwen.pipeline.patterns import (
    chars, compile_pattern, find_literal, fixed_pattern, literal, load_patterns, union,
)
from xinwen.pipeline.posseg import shared_tagger
from xinwen.pipeline.resources import load_tsv
from xinwen.pipeline.grammar.numbers import SEPARATORS
from xinwen.pipeline.grammar.owner import OwnerRules

ROLES = (
    "link", "cut", "strip", "modal", "owner_head", "topic_head", "np_stop", "measure",
    "bare_follow", "time", "time_lead", "time_unit", "aux", "generic", "list_end", "group_noun",
    "determiner", "group_event", "signing", "party", "represent", "project_head",
)
# a figure's digits; digits inside a name are not (第8.6代, T9, 5G: after 第, a letter or a digit,
# or before a letter)
FIGURE_DIGITS = fixed_pattern("phrase_patterns.tsv", "phrase.figure_digits")
QUOTED = fixed_pattern("phrase_patterns.tsv", "phrase.quoted")  # a quoted term is one word
_WORD_END = fixed_pattern("phrase_patterns.tsv", "phrase.word_end")
# jieba (ICTCLAS) part-of-speech tags
NOMINAL_FLAGS = ("n", "vn", "j", "l", "i", "eng", "an", "b")  # n covers ns, nr, nt, nz, ng
NAME_FLAGS = ("ns", "nt", "nz")  # tags that mark a named owner in a phrase (nr is too noisy)
FUNCTION_FLAGS = ("p", "d", "c", "u", "r", "m", "x")  # prepositions … punctuation: no noun
SPACES = " \u3000"
TAG_CACHE_SIZE = 4096  # tagged snippets kept per PhraseRules (a few hundred bytes each)


@dataclass(frozen=True, slots=True, kw_only=True)
class Tok(Span):
    """A tagged word of a snippet the grammar re-reads (offsets in that snippet)."""

    word: str
    flag: str


@dataclass(frozen=True, slots=True)
class SubjectWords:
    """The word lists of ``subject_words.tsv`` by role, longest first, and the guards."""

    by_role: dict[str, tuple[str, ...]]
    not_after: dict[tuple[str, str], str]
    heads: tuple[str, ...]  # every subject head of ``subject_heads.tsv`` (money and area)

    def __getitem__(self, role: str) -> tuple[str, ...]:
        return self.by_role[role]


def load_subject_words(heads: tuple[str, ...]) -> SubjectWords:
    by_role: dict[str, list[str]] = {role: [] for role in ROLES}
    not_after: dict[tuple[str, str], str] = {}
    for row in load_tsv("subject_words.tsv", ("word", "role", "not_after")):
        if row["role"] not in by_role or row["word"] in by_role[row["role"]]:
            raise PipelineError(
                Errors.E020.format(
                    path="subject_words.tsv", line=0, problem=f"bad or duplicate {row}"
                )
            )
        by_role[row["role"]].append(row["word"])
        not_after[row["word"], row["role"]] = row["not_after"]
    ordered = {r: tuple(sorted(ws, key=lambda w: (-len(w), w))) for r, ws in by_role.items()}
    return SubjectWords(ordered, not_after, heads)


def default_words() -> SubjectWords:
    """The shipped tables (doctests and tests; stages build their own through SubjectFinder)."""
    heads = tuple(r["word"] for r in load_tsv("subject_heads.tsv", ("word", "kind", "bare")))
    return load_subject_words(heads)


def word_regex(
    words: tuple[str, ...], role: str, not_after: dict[tuple[str, str], str]
) -> re.Pattern[str]:
    """Alternation of ``words`` (longest first), each guarded by its ``not_after`` characters."""
    parts = []
    for word in words:
        guard = not_after[word, role]
        parts.append((f"(?<!{chars(guard)})" if guard else "") + literal(word))
    return compile_pattern("|".join(parts) or "(?!)")


def word_fragments(words: SubjectWords) -> dict[str, str]:
    """The fragments of ``phrase_word_patterns.tsv``, from the word roles of ``words``."""
    return {
        "TIME_LEAD": union(words["time_lead"]), "TIME_UNIT": union(words["time_unit"]),
        "SEP": union(SEPARATORS),
        "MEASURE_CHAR": chars("".join(w for w in words["measure"] if len(w) == 1)),
    }


class PhraseRules:
    def __init__(self, words: SubjectWords) -> None:
        self.words = words
        # the segment stage's tokenizer: one dictionary, one tokenization per pipeline
        self.tagger = shared_tagger(tokenizer_words(words.heads + words["owner_head"]))
        self._tag_cached = lru_cache(maxsize=TAG_CACHE_SIZE)(self._tag)
        self.cut = word_regex(words["cut"], "cut", words.not_after)
        self.np_stop = word_regex(words["np_stop"], "np_stop", words.not_after)
        self.list_end = word_regex(words["list_end"], "list_end", words.not_after)
        self.text = load_patterns("phrase_word_patterns.tsv", word_fragments(words))
        self.count = self.text["phrase.count"]  # 内资项目16个投资额, not a digit of a name (T9项目)
        self.time = self.text["phrase.time"]
        self.heads_re = compile_pattern(union(words.heads))
        self.owner_heads = tuple(
            sorted(set(words["owner_head"] + words["topic_head"]), key=len, reverse=True)
        )
        self.owners = OwnerRules(words, self.tag, self.owner_heads)

    # -- tokens ----------------------------------------------------------------------------------
    def tag(self, text: str) -> tuple[Tok, ...]:
        """The tagged words of ``text`` (a pure function of it: the tagger never changes).

        The same snippet is tagged several times per figure (``trim`` tags ``text + head``
        three times), so the results are kept in a bounded cache of this instance, emptied
        by ``new_document``.
        """
        return self._tag_cached(text)

    def new_document(self) -> None:
        """Empty the tag cache: it serves one document, so that near-duplicate documents (a
        benchmark's, a mirror site's) gain nothing from each other."""
        self._tag_cached.cache_clear()

    def _tag(self, text: str) -> tuple[Tok, ...]:
        tokens, start = [], 0
        for word, flag in self.tagger.cut(text):
            tokens.append(Tok(start, start + len(word), word=word, flag=flag))
            start += len(word)
        return tuple(tokens)

    # -- the modifiers of a head -----------------------------------------------------------------
    def trim(self, modifiers: str, head: str) -> str:
        """``modifiers`` (the clause text before ``head``) reduced to the subject's own words."""
        text = squeeze(modifiers)
        text = self._after_relative(text, head)
        text = self._after_boundary(text, head)
        text = self._drop_counts(self.strip_leading(text))
        text = self.owners.after_event_group(text)  # 集中签约项目总投资 → 总投资
        text = self.owners.after_category_owner(self.strip_leading(text))  # 园区首期投入 → 首期投入
        if self._verbal_head(self.tag(text + head), text):
            text = self.owners.after_investor(text)  # X有限公司投资 → 投资
        return self._strip_adverbs(self.strip_leading(text), head)

    def _verbal_head(self, tokens: Sequence[Tok], text: str) -> bool:
        """Is the head after ``text`` a verb (投资, 投入), not a measure noun (投资额)?"""
        return any(t.start >= len(text) and t.flag in ("v", "vn") for t in tokens)

    def _strip_adverbs(self, text: str, head: str) -> str:
        """Leading one-character adverbs off (共涉资 → 涉资, 已投资 → 投资)."""
        for tok in self.tag(text + head):
            if tok.end > len(text) or tok.flag != "d" or len(tok.word) > 1:  # 一期/d stays
                return text[tok.start :] if tok.start < len(text) else ""
        return ""

    def _after_relative(self, text: str, head: str) -> str:
        """``双方共建的Z研究院`` → ``Z研究院``: cut at 的 when a clause precedes it."""
        de = max((i for i in find_literal(text, "的") if not _quoted(text, i)), default=-1)
        if de < 0 or not self._is_clause(text[:de]):
            return text
        return text[de + 1 :]

    def _is_clause(self, text: str) -> bool:
        if self.cut.search(text) or self.count.search(text):
            return True
        return any(
            t.flag in ("v", "vn") and t.word not in self.words["modal"] for t in self.tag(text)
        )

    def _after_boundary(self, text: str, head: str) -> str:
        """The text after the last cut word or verb that governs the subject (兑现惠企资金)."""
        tokens = self.tag(text + head)
        starts = {t.start for t in tokens}
        ends = [  # a cut word inside a longer word is no cut (建成区面积)
            m.end() for m in self.cut.finditer(text) if m.start() in starts and m.end() in starts
        ]
        for i, tok in enumerate(tokens):
            if tok.end <= len(text) and self._is_governing_verb(tokens, i, text):
                ends.append(tok.end)
        ends += self._adverbial_ends(tokens, text) + self.owners.party_ends(text)
        ends = [end for end in ends if not _quoted(text, end)] + self._verb_before_quote(tokens)
        return text[max(ends) :] if ends else text

    def _adverbial_ends(self, tokens: Sequence[Tok], text: str) -> list[int]:
        """A prepositional phrase before a verbal head is its adverbial, not its owner
        (计划未来三年在高新区投入 → 投入); modal words after it stay (与B共同投资 → 共同投资)."""
        if not self._verbal_head(tokens, text):
            return []
        return [
            end
            for i, tok in enumerate(tokens)
            if tok.flag == "p" and tok.end <= len(text) and tok.word not in self.words["aux"]
            and (end := self._object_end(tokens[i + 1 :], text)) > tok.end
        ]

    def _object_end(self, after: Sequence[Tok], text: str) -> int:
        """The end of a preposition's object: its words up to the head or a modal word; -1
        where a verb follows (在莱西市设立: the verb is the boundary)."""
        end = -1
        for tok in after:
            if tok.end > len(text) or tok.word in self.words["modal"]:
                return end
            if tok.flag in ("v", "p"):
                return -1
            end = tok.end
        return end

    def _verb_before_quote(self, tokens: Sequence[Tok]) -> list[int]:
        """A verb right before a quoted term takes it as its object, after an auxiliary too
        (可享受“免申即享”资金): the subject starts at the quote."""
        return [
            nxt.start
            for tok, nxt in zip(tokens, tokens[1:])
            if tok.flag == "v" and nxt.word.startswith("“")
        ]

    def _is_governing_verb(self, tokens: Sequence[Tok], i: int, text: str) -> bool:
        """A verb (or preposition) that takes the subject as its object, not one inside the phrase.

        Not: a verb right before the head (运行经费: a compound noun), modal words (计划, 新增),
        verbs after an auxiliary or 所 (可用于, 所涉: the phrase modifies the head), verbs inside
        a name (智能制造研究院: an owner head follows).
        """
        tok = tokens[i]
        if tok.flag not in ("v", "p") or tok.end == len(text):  # 运行经费, 建设资金: a compound
            return False
        if tok.word in self.words["modal"] or tok.word in self.words["aux"]:
            return False
        if tok.word[0] in self.words["aux"] or (i > 0 and tokens[i - 1].word in self.words["aux"]):
            return False
        return not self.named_owner_after(text, tok.start)

    def named_owner_after(self, text: str, at: int) -> bool:
        """Does a named owner end in ``text`` with its head after ``at`` (智能制造研究院)?"""
        return any(
            i >= at and self.ends_owner(text[: i + len(h)])
            for h in self.owner_heads
            for i in find_literal(text, h)
        )

    def _drop_counts(self, text: str) -> str:
        """``23个项目总投资`` → ``总投资`` (a counted group); ``内资项目16个`` → ``内资项目``."""
        lead = self.count.match(text)
        if lead:
            rest = text[lead.end() :]
            heads = [rest.find(h) + len(h) for h in self.owner_heads if h in rest]
            text = rest[min(heads) :] if heads else rest
        return self.count.sub("", text)

    def strip_leading(self, phrase: str) -> str:
        """Leading discourse, generic and time words off (a time word stays before a modal word:
        ``2019年计划投资`` names that year's tranche)."""
        changed = True
        while changed and phrase:
            changed = False
            phrase, changed = self._drop_anaphor(phrase)
            for word in self.words["strip"]:
                if phrase.startswith(word):
                    phrase, changed = phrase[len(word) :], True
                    break
            time = self.time_prefix(phrase)
            if time and not self.starts_with(phrase[time:], "modal"):
                phrase, changed = phrase[time:], True
        return phrase

    def _drop_anaphor(self, phrase: str) -> tuple[str, bool]:
        """``该基金…`` → ``…``: an anaphoric owner is no owner."""
        for word in self.words["determiner"]:
            rest = phrase[len(word) :] if phrase.startswith(word) else None
            head = next((h for h in self.owner_heads if rest and rest.startswith(h)), None)
            if head:
                return rest[len(head) :], True
        return phrase, False

    def time_prefix(self, phrase: str) -> int:
        """Length of the time expression that starts ``phrase`` (去年, 2023年, 今年前三季度), or 0."""
        at = 0
        while True:
            match = self.time.match(phrase, at)
            word = next((w for w in self.words["time"] if phrase.startswith(w, at)), None)
            step = max(len(match.group()) if match else 0, len(word) if word else 0)
            if not step:
                return at
            at += step

    def first_stop(self, text: str, pos: int = 0) -> re.Match[str] | None:
        """The first np_stop word from ``pos``; a one-character one only as a word of its own
        (正 stops 正加快, not 正极材料)."""
        bounds: set[tuple[int, int]] | None = None
        for match in self.np_stop.finditer(text, pos):
            if len(match.group()) > 1:
                return match
            bounds = bounds or {(t.start, t.end) for t in self.tag(text)}
            if match.span() in bounds:
                return match
        return None

    def starts_with(self, phrase: str, role: str) -> bool:
        return any(phrase.startswith(w) for w in self.words[role])

    # -- a head found by structure ---------------------------------------------------------------
    def structural_head(self, core: str) -> tuple[str, str] | None:
        """(modifiers, head) when ``core`` ends with a content word (研发经费, 首期投入, 启动资金)."""
        core = squeeze(core)
        tokens = self.tag(core)
        if not tokens:
            return None
        last = tokens[-1]
        if len(last.word) < 2 or self._not_a_head(last.word):
            return None
        verbal = last.flag == "v" or bool(self.cut.fullmatch(last.word))
        if verbal and not (len(tokens) > 1 and self._modifies(tokens[-2])):
            return None  # 依托2万亩…, 项目设立…: a predicate, not a measure
        if not (verbal or last.flag.startswith(NOMINAL_FLAGS)):
            return None
        return core[: last.start], last.word

    def _modifies(self, tok: Tok) -> bool:
        """May ``tok`` modify a verb used as a noun (首期投入, 经费投入, 小区改造)? Not an agent
        (项目依托, 莱西市设立, 企业拿出)."""
        if tok.flag == "t" or self.time_prefix(tok.word):
            return True
        if tok.flag in NAME_FLAGS or tok.word in self.owner_heads:
            return False
        if tok.word in self.words["generic"] or tok.word in self.words["strip"]:
            return False
        return tok.flag.startswith(NOMINAL_FLAGS)

    def is_generic(self, phrase: str) -> bool:
        """A subject that names nothing in particular (项目, 该项目, 园区)."""
        rest = self.strip_leading(phrase)
        return not rest or rest in self.owner_heads or rest in self.words["generic"]

    def right_np(self, rest: str) -> str | None:
        """The noun phrase that starts ``rest`` (after ``的``), up to its first verb or
        function word; None unless it ends with a noun (``人才发展专项资金``)."""
        tokens = self.tag(rest)
        end = 0
        for tok in tokens:
            if tok.flag == "v" and not self.named_owner_after(rest, tok.start):
                break
            if tok.flag.startswith(FUNCTION_FLAGS):
                break
            end = tok.end
        phrase = rest[:end]
        last = [t for t in tokens if t.end == end]
        if len(phrase) < 2 or not last or not last[0].flag.startswith(NOMINAL_FLAGS):
            return None
        return phrase

    def _not_a_head(self, word: str) -> bool:
        if self.np_stop.fullmatch(word) or self.time_prefix(word):
            return True
        return any(word in self.words[r] for r in ("link", "strip", "modal", "aux", "generic"))

    # -- owners ----------------------------------------------------------------------------------
    def has_owner(self, modifiers: str) -> bool:
        """Does the trimmed phrase name its own owner or scope (全市, 区级, X项目, a place)?

        A phrase with a time word of its own (今年预投资金) is anchored too: it takes no topic.
        """
        if not modifiers:
            return False
        if self.time_prefix(modifiers) or "“" in modifiers or self.named_owner_after(modifiers, 0):
            return True
        if self.starts_with(modifiers, "generic"):
            return True
        return any(
            t.flag in NAME_FLAGS and t.word not in self.words["modal"] for t in self.tag(modifiers)
        )

    def ends_owner(self, phrase: str) -> bool:
        """``phrase`` ends with an owner head that has a name before it (崂山区, not 地区/全区)."""
        for head in self.owner_heads:
            if phrase.endswith(head) and len(phrase) > len(head):
                name = phrase[: -len(head)]
                return len(head) > 1 or len(name) > 1
        return False

    def topic(self, clauses: list[str]) -> str | None:
        """The named owner a chain of clauses is about; ``clauses`` nearest first, the first being
        the figure's own clause up to its subject. A generic or collective topic ends the chain
        (该项目…, 新签约项目17个…, A、B等…); a clause about something else (an investor) is passed.
        """
        for i, clause in enumerate(clauses):
            verdict, owner = self._clause_topic(squeeze(clause), own=i == 0)
            if verdict != "pass":
                return owner
        return None

    def _clause_topic(self, clause: str, own: bool) -> tuple[str, str | None]:
        if clause.endswith("”") and "“" in clause and clause[clause.rindex("“") + 1 : -1]:
            return "owner", clause[clause.rindex("“") + 1 : -1]
        if self._is_list(clause):
            return "stop", None  # a figure after a list (A、B等5宗…) is the list's total
        if self._counts_a_group(clause) or self.owners.after_event_group(clause) != clause:
            return "stop", None  # 新签约项目17个…, X区引进外资项目…: the figure is the group's
        phrase = self._leading_np(self.strip_leading(clause.rsplit("的", 1)[-1]))
        if self.owners.is_firm(phrase):
            return ("stop" if own else "pass"), None  # a firm is an investor, not an owner
        owner = self._owner_prefix(phrase) if phrase else None
        if owner is not None:
            no_owner = self._generic_owner(owner) or self.owners.is_party(clause, owner)
            return ("stop", None) if no_owner else ("owner", owner)
        return ("stop" if phrase and own else "pass"), None

    def _is_list(self, clause: str) -> bool:
        """Does ``clause`` list things (A、B等5宗…, 以A、B为核心)? Predicates joined by 、
        (X区地处东部、紧邻机场) are no list: X区 stays the topic."""
        if self.list_end.search(clause):
            return True
        tokens = self.tag(clause)
        return any(
            tok.word == "、" and (nxt.flag != "v" and not self.np_stop.match(nxt.word))
            for tok, nxt in zip(tokens, tokens[1:])
        )

    def _counts_a_group(self, clause: str) -> bool:
        """Does ``clause`` count projects or firms (项目达61个, 22个项目, 557家…企业)? A count of
        other things (建设三个综合体) leaves the topic the owner of the figure."""
        for match in self.count.finditer(clause):
            before = clause[: match.start()]
            for word in self.words["link"]:
                before = before.removesuffix(word)
            after = _WORD_END.split(clause[match.end() :], maxsplit=1)[0][:GROUP_SPAN]
            if any(before.endswith(g) or g in after for g in self.words["group_noun"]):
                return True
        return False

    def _generic_owner(self, owner: str) -> bool:
        """A scope (全市…), a verb phrase, a common noun (飞地园区), a collective group (集中签约
        项目) or a person's title (区委书记王明代表东城区) names no owner."""
        generic = self.starts_with(owner, "generic") or self.cut.match(owner)
        if generic or len(owner) > MAX_TOPIC or self.owners.is_category(owner):
            return True
        return self.owners.after_event_group(owner) != owner or self.owners.names_person(owner)

    def _leading_np(self, clause: str) -> str:
        """The noun phrase a clause starts with: up to its first verb, stop word, head or figure."""
        found = (rx.search(clause) for rx in (self.cut, self.heads_re, FIGURE_DIGITS))
        stops = [m.start() for m in (*found, self.first_stop(clause)) if m]
        tokens = self.tag(clause)
        for i, tok in enumerate(tokens):
            after = tokens[i + 1].word if i + 1 < len(tokens) else ""
            internal = any(after.endswith(h) for h in self.owner_heads)  # 智能制造研究院
            verb = tok.flag == "v" and not internal
            if verb or tok.flag in ("p", "d", "uj") or self.time_prefix(tok.word):
                stops.append(tok.start)
                break
        return clause[: min(stops)] if stops else clause

    def _owner_prefix(self, phrase: str) -> str | None:
        """The longest prefix of ``phrase`` that ends with a named owner head (X区经济 → X区)."""
        for end in range(len(phrase), 1, -1):
            prefix = phrase[:end]
            topic = any(prefix.endswith(h) for h in self.words["topic_head"])
            if topic and self.ends_owner(prefix):
                return prefix
        return None


MAX_TOPIC = 40  # characters a carried owner may span
GROUP_SPAN = 16  # characters between a count and the group noun it counts (557家规模以上…企业)


def squeeze(text: str) -> str:
    return text.replace(" ", "").replace("\u3000", "")


def _quoted(text: str, at: int) -> bool:
    """Is position ``at`` inside a quoted term (after its opening quote, up to its closing one)?"""
    return any(m.start() < at < m.end() for m in QUOTED.finditer(text))
