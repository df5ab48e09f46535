"""Bylines for the "meta" stage: reporters and correspondents.

The people stage parses bylines into people with the titles ``记者`` /
``通讯员`` (``pipeline/grammar/byline.py``); :func:`journalists` reads them from
there. Where that stage found no journalist, :func:`byline_names` is the
fallback: it also reads forms the people grammar leaves (a garbled ``记者``
whose characters were lost, ``文/X`` under the headline).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from xinwen.pipeline.doc import Person
from xinwen.pipeline.patterns import fixed_pattern

if TYPE_CHECKING:
    from xinwen.pipeline.slots.meta.stage import MetaWords

_SPLIT = fixed_pattern("meta_patterns.tsv", "meta.byline_split")
_NAME = fixed_pattern("meta_patterns.tsv", "meta.byline_name")


def journalists(people: list[Person]) -> tuple[list[str], list[str]]:
    """Reporters (titles with 记者) and correspondents (通讯员), in order of first mention."""
    return journalists_ruled(people)[:2]


def journalists_ruled(people: list[Person]) -> tuple[list[str], list[str], dict[str, str]]:
    """``journalists`` and, for each of the two fields, the rule of its first person
    (a row of people_rules.tsv)."""

    def first(person: Person) -> int:
        return min((m.start for m in person.mentions), default=0)

    reporters, correspondents = [], []
    rules: dict[str, str] = {}
    for person in sorted(people, key=first):
        if any("记者" in t for t in person.titles) and person.name not in reporters:
            reporters.append(person.name)
            rules.setdefault("reporters", person.rule)
        elif any("通讯员" in t for t in person.titles) and person.name not in correspondents:
            correspondents.append(person.name)
            rules.setdefault("correspondents", person.rule)
    return reporters, correspondents, rules


def _names(chunk: str) -> list[str]:
    """The names of a byline chunk, or [] unless every token of it is a name."""
    tokens = [t for t in _SPLIT.split(chunk.strip()) if t]
    return tokens if tokens and all(_NAME.fullmatch(t) for t in tokens) else []


def byline_names(text: str, words: MetaWords) -> tuple[list[str], list[str]]:
    """Fallback byline reader (used only when the people stage found no journalist).

    The names after ``记者`` / ``通讯员`` up to the end of the byline (a closing
    bracket, the next role word, the line's end), every token a name; a garbled
    ``记者`` (lost characters, ``?``) still yields the names between it and ``通讯员``.

    >>> from xinwen.pipeline.slots.meta.stage import load_meta_words
    >>> w = load_meta_words()
    >>> byline_names("充满期待。(青岛日报/观海新闻记者 衣涛 通讯员 杨治峰 王廷辉)", w)
    (['衣涛'], ['杨治峰', '王廷辉'])
    >>> byline_names("(观海新闻/青岛早报记者 刘海龙通讯员 毕海虹 刘国升)", w)
    (['刘海龙'], ['毕海虹', '刘国升'])
    >>> byline_names("期待。(青岛日报/观海新闻?动)浾? 衣涛 通讯员 杨治峰)", w)
    (['衣涛'], ['杨治峰'])
    >>> byline_names("(青岛日?qǐng)?bào)/观海新闻?dòng)浾?衣涛 通讯员 杨治峰 王廷辉)", w)
    (['衣涛'], ['杨治峰', '王廷辉'])
    >>> byline_names("国际在线辽宁频道消息(杨薇):2022年沈阳市首批项目集中签约", w)
    (['杨薇'], [])
    >>> byline_names("据记者了解到的情况,项目进展顺利。", w)
    ([], [])
    >>> byline_names("标题\\n文/陈思远\\n正文", w)
    (['陈思远'], [])
    """
    return byline_names_ruled(text, words)[:2]


def byline_names_ruled(
    text: str, words: MetaWords
) -> tuple[list[str], list[str], dict[str, str]]:
    """``byline_names`` and, for each field it fills, the meta_rules.tsv row that filled it."""
    reporters: list[str] = []
    correspondents: list[str] = []
    rules: dict[str, str] = {}
    rule = "byline.role_words"
    for m in words.regex(rule).finditer(text):
        found = _names(m.group(2))
        (reporters if m.group(1) == "记者" else correspondents).extend(found)
        if found:
            rules.setdefault("reporters" if m.group(1) == "记者" else "correspondents", rule)
    if not reporters:
        for m in words.regex("byline.garbled_role").finditer(text):
            reporters.extend(_names(m.group(1)))
        if reporters:
            rules["reporters"] = "byline.garbled_role"
    for m in words.regex("byline.bracket_or_credit").finditer(text):
        if not reporters:
            reporters.append(m.group(1) or m.group(2))
            rules["reporters"] = "byline.bracket_or_credit"
    return _unique(reporters), _unique(correspondents), rules


def _unique(names: list[str]) -> list[str]:
    return list(dict.fromkeys(names))
