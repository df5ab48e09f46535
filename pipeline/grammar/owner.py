"""Who may own a subject: the owner judgements of subject finding (issue 4, generalisation).

The corpus notes ("Amounts and areas") add an owner in front of the measure words only when
the figure belongs to a *specifically named* project, park or administrative area; the owner
is dropped when it is generic, a collective group, an investor, or a party. This module holds
those judgements; ``pipeline/grammar/phrase.py`` calls them while it trims a subject and reads
the topic of a clause chain. Word lists: ``subject_words.tsv`` (roles ``group_event``,
``group_noun``, ``signing``, ``party``, ``represent``, ``project_head``, ``owner_head``,
``topic_head``), the title heads of ``title_words.tsv`` (a phrase that ends with a title and a
name names a person) and the business markers of ``org_markers.tsv`` (a firm before a verbal
head is the investor).

>>> from xinwen.pipeline.grammar.phrase import PhraseRules, default_words
>>> rules = PhraseRules(default_words()).owners
>>> rules.after_event_group("东城区集中签约项目"), rules.after_event_group("签约意向项目")
('', '签约意向项目')
>>> rules.is_category("飞地园区"), rules.is_category("研究院"), rules.is_category("中新合作区")
(True, True, False)
>>> rules.names_person("市政府副秘书长刘洋"), rules.names_person("青岛国际院士港")
(True, False)
>>> rules.after_investor("青岛港机股份有限公司"), rules.after_investor("海信集团计划")
('', '计划')
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from xinwen.pipeline.patterns import find_literal, fixed_pattern
from xinwen.pipeline.resources import load_tsv

if TYPE_CHECKING:
    from xinwen.pipeline.grammar.phrase import SubjectWords, Tok

# jieba tags of a common noun: a single one before an owner head makes a category (飞地园区)
COMMON_NOUN_FLAGS = ("n", "vn", "an", "ng")
MAX_NAME = 4  # characters of a person's name after a title (欧阳明月)
NAME_MARK = fixed_pattern("phrase_patterns.tsv", "phrase.name_mark")  # T9, “…”, X·Y


class OwnerRules:
    def __init__(
        self, words: SubjectWords, tag: Callable[[str], Sequence[Tok]], owner_heads: tuple[str, ...]
    ) -> None:
        self.words = words
        self.tag = tag
        self.owner_heads = owner_heads  # owner and topic heads, longest first
        rows = load_tsv("title_words.tsv", ("word", "kind", "strength", "example"), key="word")
        self.titles = tuple(r["word"] for r in rows if len(r["word"]) > 1)
        markers = load_tsv("org_markers.tsv", ("marker", "kind", "scope", "example"), key="marker")
        self.firms = tuple(  # 公司, 集团, 银行: a whole business organisation
            r["marker"] for r in markers if (r["kind"], r["scope"]) == ("business", "organization")
        )

    # -- collective groups -----------------------------------------------------------------------
    def after_event_group(self, text: str) -> str:
        """``text`` after its last event group (集中签约项目, 引进外资项目): projects named by
        what happened to them are a collective group, no owner (corpus notes)."""
        starts = {t.start for t in self.tag(text)} | {len(text)}
        ends = [
            at + len(noun)
            for noun in self.words["group_noun"]
            for at in find_literal(text, noun)
            if at in starts and at + len(noun) in starts and self._event_before(text[:at])
        ]
        return text[max(ends) :] if ends else text

    def _event_before(self, text: str) -> bool:
        return any(text.endswith(w) for w in self.words["group_event"])

    # -- parties and persons ---------------------------------------------------------------------
    def party_ends(self, text: str) -> list[int]:
        """Ends of the signing words that follow a party word (X与Y签约涉资 → 涉资): the
        subject starts after them."""
        return [
            at + len(word)
            for word in self.words["signing"]
            for at in find_literal(text, word)
            if any(p in text[:at] for p in self.words["party"] + self.words["represent"])
        ]

    def is_party(self, clause: str, topic: str) -> bool:
        """Is ``topic`` a party of a signing in ``clause`` (X与Y签约, X代表Y签约, X签约N个项目)
        rather than the project signed (X项目签约落户…)? One who represents another (X代表Y)
        is a party too."""
        if any(w in topic for w in self.words["represent"]):
            return True
        if not any(w in clause for w in self.words["signing"]):
            return False
        return not any(topic.endswith(h) for h in self.words["project_head"])

    def after_investor(self, text: str) -> str:
        """``text`` without a firm that invests (中车…有限公司投资 → 投资, 海信集团计划投资 →
        计划投资): before a verbal head a company is the investor, not the thing measured.
        Modal words after it stay."""
        tail = ""
        while rest := next((w for w in self.words["modal"] if text.endswith(w)), None):
            text, tail = text[: -len(rest)], rest + tail
        return tail if self.is_firm(text) else text + tail

    def is_firm(self, phrase: str) -> bool:
        """Does ``phrase`` name a business (…有限公司, 海信集团)? A place inside its name
        (青岛港机股份有限公司) makes no owner of it."""
        return any(phrase.endswith(f) for f in self.firms)

    def names_person(self, phrase: str) -> bool:
        """Does ``phrase`` end with a person: a title, then at most a name (市政府副秘书长刘洋,
        集团董事长)? Persons are never owners. A title inside a name (国际院士港) is none."""
        for title in self.titles:
            for at in find_literal(phrase, title):
                rest = phrase[at + len(title) :]
                if len(rest) <= MAX_NAME and not any(rest.endswith(h) for h in self.owner_heads):
                    return True
        return False

    # -- generic owners --------------------------------------------------------------------------
    def is_category(self, owner: str) -> bool:
        """Is ``owner`` a common noun rather than a name of a project, park or area: a head
        alone (园区, 研究院, 开发区), one common noun before a head of its own (飞地园区), or one
        dictionary word (物流园区)? Not a place, a brand, an abbreviation (中新合作区), a mark of
        a name (T9, “…”), a longer phrase (国际会展中心), a one-character head (市南区: an
        administrative name), a kind of project (外资项目投资额 is a scope, corpus gold), nor
        what is measured itself (的产业基金: 基金 is no topic head)."""
        head = next((h for h in self.owner_heads if owner.endswith(h)), None)
        if head is None or len(head) == 1 or NAME_MARK.search(owner):
            return False
        if head in self.words["group_noun"] or head not in self.words["topic_head"]:
            return False
        tokens = self.tag(owner)
        if not all(t.flag in COMMON_NOUN_FLAGS for t in tokens):
            return False
        return len(tokens) == 1 or (len(tokens) == 2 and tokens[1].word == head)

    def after_category_owner(self, text: str) -> str:
        """``text`` without a leading owner that is a category (飞地园区首期规划 → 首期规划)."""
        bounds = {t.end for t in self.tag(text)}
        ends = [
            at + len(h)
            for h in self.owner_heads
            for at in find_literal(text, h)
            if at + len(h) in bounds
        ]
        if not ends:
            return text
        owner = text[: max(ends)]
        return text[len(owner) :] if self.is_category(owner) else text
