"""Bylines: reporters, correspondents and editors named after their role.

A byline role (``data/byline_roles.tsv``) is followed, after an optional
colon and spaces, by one or more names separated by spaces, ``、`` or commas;
the list ends at a bracket, at other text, or at the next role, which may
follow a name directly (``记者 刘海龙通讯员 毕海虹 刘国升``). Names written
without a separator follow each other where the backend marks each one
(``记者李蕾张羽飞``). Each name gets
the role's fixed title (``记者``, ``通讯员``, ``编辑``, ``责任编辑``), whatever
outlet the text writes before the role.

Names alone in brackets right after a dateline (``国际在线辽宁频道消息(杨薇):``,
``本报讯（张三 李四）``) are the reporters: the byline position stands for
the role word, so they get ``记者``. The dateline suffixes (讯, 电, 消息) are
the meta stage's (``data/meta_words.tsv``).

>>> from xinwen.pipeline.grammar.lexicon import load_people_lexicon
>>> from xinwen.pipeline.grammar.names import NameFinder
>>> text = "(记者 衣涛 通讯员 杨治峰 王廷辉)"
>>> lexicon = load_people_lexicon()
>>> finder = NameFinder(text, lexicon, [], [])
>>> [(text[f.name.start:f.name.end], f.titles) for f in find_bylines(text, lexicon, finder)]
[('衣涛', ('记者',)), ('杨治峰', ('通讯员',)), ('王廷辉', ('通讯员',))]
"""
from __future__ import annotations

import re

from xinwen.pipeline.doc import Span
from xinwen.pipeline.patterns import compile_pattern, compose, union
from xinwen.pipeline.resources import load_tsv
from xinwen.pipeline.grammar.lexicon import PeopleLexicon
from xinwen.pipeline.grammar.names import MASKS, STOPS, NameFinder, is_han
from xinwen.pipeline.grammar.titles import Framed

# Between a role and the first name; a lost character there (记者?衣涛) is skipped too.
_AFTER_ROLE = " \u3000:：?"
# Between two names of one role.
_BETWEEN_NAMES = " \u3000、，,"
# The title of a reporter named only by the byline position.
REPORTER = "记者"
_CLOSE = ")）"


#: the columns of people_rules.tsv (a ``regex`` row's pattern is compiled here)
PEOPLE_RULE_COLUMNS = ("id", "kind", "pattern", "examples", "counterexamples")


def rule_regex(rule: str, fragments: dict[str, str]) -> re.Pattern[str]:
    """The pattern of the ``regex`` row ``rule`` of people_rules.tsv, its ``{NAME}`` fragments
    filled by the composer of ``patterns.py`` (``{NAME:group}``: a named group)."""
    rows = {r["id"]: r for r in load_tsv("people_rules.tsv", PEOPLE_RULE_COLUMNS, key="id")}
    return compile_pattern(compose(rows[rule]["pattern"], fragments, rows[rule]), re.MULTILINE)


def role_pattern(lexicon: PeopleLexicon) -> re.Pattern[str]:
    """The byline roles (``byline.role``: a role word of byline_roles.tsv)."""
    return rule_regex("byline.role", {"BYLINE_ROLE": union(lexicon.byline_roles)})


def find_bylines(text: str, lexicon: PeopleLexicon, finder: NameFinder,
                 roles: re.Pattern[str] | None = None) -> list[Framed]:
    roles = roles or role_pattern(lexicon)
    framed: list[Framed] = []
    for match in roles.finditer(text):
        if _inside_title_word(text, match, lexicon):
            continue  # 总编辑 is a title, not the byline role 编辑
        title = lexicon.byline_roles[match.group()]
        pos = _skip(text, match.end(), _AFTER_ROLE)
        while True:
            name = _byline_name_at(text, pos, roles, finder)
            if name is None:
                break
            framed.append(Framed(name, (title,), "byline.role"))
            pos = _skip(text, name.end, _BETWEEN_NAMES)
            touching = pos == name.end and pos in finder.per_starts  # 记者李蕾张羽飞
            if pos == name.end and not touching or roles.match(text, pos):
                break
    return framed


class CreditLines:
    """Lines that start with a credit word and a slash and hold names only (``文/陈思远``).

    The credit words and the titles they give are ``data/byline_credits.tsv``; the
    credit must open its line, since ``文/`` elsewhere is ordinary text (``中文/英文``).
    Cases: ``tests/pipeline/test_people.py`` (署名行).
    """

    def __init__(self) -> None:
        rows = load_tsv("byline_credits.tsv", ("credit", "title"), key="credit")
        self._titles = {row["credit"]: row["title"] for row in rows}
        self._pattern = rule_regex("byline.credit", {"CREDIT": union(self._titles)})

    def find(self, text: str, finder: NameFinder) -> list[Framed]:
        framed: list[Framed] = []
        for match in self._pattern.finditer(text):
            line_end = text.find("\n", match.end())
            end = len(text.rstrip()) if line_end < 0 else len(text[:line_end].rstrip())
            names = _names_only(text, match.end(), end, finder)
            title = self._titles[match.group("credit")]
            framed.extend(Framed(name, (title,), "byline.credit") for name in names)
        return framed


def dateline_pattern(suffixes: tuple[str, ...]) -> re.Pattern[str]:
    """A dateline suffix followed by a bracket: the names inside are read by
    ``find_dateline_bylines``."""
    return rule_regex("byline.dateline", {"DATELINE_SUFFIX": union(suffixes)})


def find_dateline_bylines(text: str, pattern: re.Pattern[str],
                          finder: NameFinder) -> list[Framed]:
    """Reporters named in brackets right after a dateline, when the brackets hold names only."""
    framed: list[Framed] = []
    for match in pattern.finditer(text):
        close = min((i for i in (text.find(c, match.end()) for c in _CLOSE) if i >= 0),
                    default=-1)
        if close < 0:
            continue
        names = _names_only(text, match.end(), close, finder)
        framed.extend(Framed(name, (REPORTER,), "byline.dateline") for name in names)
    return framed


def _names_only(text: str, start: int, end: int, finder: NameFinder) -> list[Span]:
    """The names filling ``text[start:end]`` (separated as in a byline), or [] if anything
    else is there."""
    names = []
    pos = _skip(text, start, _BETWEEN_NAMES)
    while pos < end:
        name = finder.name_at(pos)
        if name is None or name.end > end:
            return []
        names.append(name)
        after = _skip(text, name.end, _BETWEEN_NAMES)
        if after == name.end and after < end:
            return []
        pos = after
    return names


def _inside_title_word(text: str, match: re.Match[str], lexicon: PeopleLexicon) -> bool:
    end = match.end()
    return any(text.endswith(word, 0, end) for word in lexicon.title_words
               if len(word) > len(match.group()))


def _skip(text: str, pos: int, chars: str) -> int:
    while pos < len(text) and text[pos] in chars:
        pos += 1
    return pos


def _byline_name_at(text: str, pos: int, roles: re.Pattern[str],
                    finder: NameFinder) -> Span | None:
    """The name at ``pos``: the whole run of characters up to a separator or the next role when
    it reads as a name (``衣涛``, ``张?``, ``刘海龙`` in ``刘海龙通讯员``), else the name the
    finder reads at the start of a longer run (``王刚`` in ``王刚报道``)."""
    end = pos
    while end < len(text) and (is_han(text[end]) or text[end] in MASKS):
        if end > pos and roles.match(text, end):
            break
        end += 1
    surname = finder.surname_at(pos)
    if end == pos or not surname and pos not in finder.per_starts:
        return None
    whole_run = end == len(text) or text[end] in STOPS or roles.match(text, end)
    if whole_run and 1 <= end - pos - max(surname, 1) <= 2 and finder.plausible(pos, end):
        return Span(pos, end)  # not 会见记者时表示: 时/表示 reads as words
    return finder.name_at(pos)
