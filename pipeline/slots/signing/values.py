"""The values of a signing report: project names, fields of cooperation, sums. Pure functions.

Each takes a piece of working text (a clause or a sentence) and the compiled
rules of ``signing/rules.py``, and returns plain values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from xinwen.pipeline.grammar.numbers import default_grammar, parse_numeral
from xinwen.pipeline.grammar.region import load_gazetteer
from xinwen.pipeline.slots.signing.rules import SigningRules, load_signing_rules

# The helpers that take no rules (squeeze, items_of, same_project) read the stage's own compiled
# table, loaded once.
def _text(rule_id: str) -> re.Pattern[str]:
    """A pattern of ``signing_text_patterns.tsv`` (compiled with the signing rules, once)."""
    return load_signing_rules().text[rule_id]


_NP_STOP = set(",，;；。、的为是在与:：!！？\n")


def squeeze(text: str) -> str:
    """A name without its inner whitespace (``富力新城 CBD项目`` → ``富力新城CBD项目``).

    >>> squeeze("莱西市 5 . 0中性硼硅药用玻璃项目")
    '莱西市5.0中性硼硅药用玻璃项目'
    """
    return _text("signing.space").sub("", text)


def items_of(text: str) -> list[str]:
    return [squeeze(item) for item in _text("signing.list_mark").split(text) if squeeze(item)]


def valid_project(name: str, rules: SigningRules, strict: bool = True) -> bool:
    """A particular project's name (not ``重点项目``, ``200亿项目``, ``其中内资项目``).

    >>> from xinwen.pipeline.slots.signing.rules import load_signing_rules
    >>> r = load_signing_rules()
    >>> valid_project("青岛恒星科技城项目", r), valid_project("重点文旅项目", r), valid_project("200亿项目", r)
    (True, False, False)
    """
    core = name.strip("“”").removesuffix("项目")
    if len(rules.text["signing.non_word"].sub("", core)) < (3 if strict else 2) or len(name) > 40:
        return False
    if rules.text["signing.not_project"].search(core):
        return False
    return (
        not core.startswith(rules.words["generic_start"])
        and not core.endswith(rules.words["generic_end"])
        and not only_generic(core, rules)
    )


@lru_cache(maxsize=4)
def _vocabulary(generic: tuple[str, ...]) -> tuple[frozenset[str], int]:
    """Class words and place names, built once per word list."""
    words = frozenset(generic) | frozenset(load_gazetteer().names)
    return words, max(map(len, words))


def only_generic(core: str, rules: SigningRules) -> bool:
    """``core`` is made only of class words, connectors, years and place names: no project's name.

    >>> from xinwen.pipeline.slots.signing.rules import load_signing_rules
    >>> r = load_signing_rules()
    >>> only_generic("市属国企合作", r), only_generic("2022李沧区国有企业", r), only_generic("海水稻合作", r)
    (True, True, False)
    """
    words, longest = _vocabulary(rules.words["generic_word"])
    covered = [True] + [False] * len(core)  # covered[i]: core[:i] is all generic
    for i in range(len(core)):
        if not covered[i]:
            continue
        joint = rules.text["signing.connector"].match(core, i)
        if joint:
            covered[joint.end()] = True
        for size in range(1, min(longest, len(core) - i) + 1):
            if core[i : i + size] in words:
                covered[i + size] = True
    return covered[len(core)]


def project_names(sentence: str, rules: SigningRules) -> list[str]:
    """Names of particular projects in a sentence, in order.

    Quoted names ending in 项目 and ``项目为“X”``; otherwise a noun phrase ending
    in 项目, cut on the left at punctuation or a function word, followed by a
    clause end or a verb a project takes (``落户``, ``位于``, ``投资``).

    >>> from xinwen.pipeline.slots.signing.rules import load_signing_rules
    >>> r = load_signing_rules()
    >>> project_names("还有50亿的“姜山新城产城融合项目”和10亿的“莱西市 5 . 0中性硼硅药用玻璃项目”", r)
    ['姜山新城产城融合项目', '莱西市5.0中性硼硅药用玻璃项目']
    >>> project_names("投资金额8亿元、计划占地513亩的“齐鲁号”欧亚经贸上合产业园项目,落户胶北街道", r)
    ['“齐鲁号”欧亚经贸上合产业园项目']
    >>> project_names("在青岛市第二季度重点产业项目视频集中签约活动上", r)
    []
    >>> project_names("姜山湿地总部港项目,今天开工", r)
    []
    """
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for m in rules.text["signing.quoted"].finditer(sentence):
        inner = squeeze(m.group(1))
        named = rules.text["signing.named_as"].search(sentence[: m.start()])
        if (inner.endswith("项目") or named) and valid_project(inner, rules, strict=not named):
            found.append((m.start(), inner))
            taken.append((m.start(), m.end()))
    follow = tuple(rules.words["project_follow"]) + tuple(",，。;；、:：)）”!")
    starts, clause_marks = rules.word_regex["start_verb"], rules.text["signing.clause_comma"]
    for m in rules.text["signing.project_word"].finditer(sentence):
        end = m.end()
        if any(s <= m.start() < e for s, e in taken):
            continue
        if end < len(sentence) and not sentence[end:].lstrip().startswith(follow):
            continue
        if starts.search("".join(clause_marks.split(sentence[end:])[:2])):
            continue  # its own clause or the next says it starts or opens: not signed
        start = m.start()
        while start > 0 and sentence[start - 1] not in _NP_STOP:
            start -= 1
        if _started_before(sentence, start, rules):
            continue  # 当天动工的X项目: a project that starts, not one signed
        whole = open_list(squeeze(sentence[start:end]), rules)
        name = after_lead_verb(whole, rules)  # a class after the verb (瞄准高端项目) is none
        if name.count("“") == name.count("”") and valid_project(whole, rules) and valid_project(name, rules):
            found.append((start, name))
    return [name for _, name in sorted(found)]


def _started_before(sentence: str, start: int, rules: SigningRules) -> bool:
    """The name is modified by a start verb and 的 (``当天动工的``, ``今天开工的``)."""
    if start == 0 or sentence[start - 1] != "的":
        return False
    return bool(rules.words["start_verb"]) and sentence[: start - 1].endswith(rules.words["start_verb"])


def open_list(name: str, rules: SigningRules) -> str:
    """A name without what opens the list it heads (``…项目包括A项目`` → ``A项目``, ``以及B项目``).

    >>> from xinwen.pipeline.slots.signing.rules import load_signing_rules
    >>> open_list("签约的产业项目包括甲乙研发基地项目", load_signing_rules())
    '甲乙研发基地项目'
    """
    if rules.words["list_opener"]:
        name = rules.word_regex["list_opener"].split(name)[-1]
    return rules.text["signing.lead_conjunction"].sub("", name)


#: the shortest rest after a lead verb that is taken for the name (建设项目 keeps its verb)
LEAD_REST_MIN = 2


def after_lead_verb(name: str, rules: SigningRules) -> str:
    """A name without the clause before the last verb it follows (``双方将合作建设X项目`` →
    ``X项目``); unchanged where that verb ends the name (``港区建设项目`` is a name).

    >>> from xinwen.pipeline.slots.signing.rules import load_signing_rules
    >>> r = load_signing_rules()
    >>> after_lead_verb("双方将合作建设甲乙产业园项目", r), after_lead_verb("甲乙港区建设项目", r)
    ('甲乙产业园项目', '甲乙港区建设项目')
    """
    rest = rules.text["signing.after_lead_verb"].sub("", name, count=1)
    core = rules.text["signing.non_word"].sub("", rest.removesuffix("项目"))
    return rest if rest != name and len(core) >= LEAD_REST_MIN else name


def project_parts(name: str, rules: SigningRules) -> list[str]:
    """The projects of a name that joins whole names, each with its head (``A项目及B项目``);
    one name where a head is shared (``A及B项目``) or a part is no name.

    >>> from xinwen.pipeline.slots.signing.rules import load_signing_rules
    >>> r = load_signing_rules()
    >>> project_parts("甲乙冷链物流园项目及丙丁研发中心项目", r), project_parts("甲乙及丙丁项目", r)
    (['甲乙冷链物流园项目', '丙丁研发中心项目'], ['甲乙及丙丁项目'])
    """
    parts = rules.text["signing.head_joint"].split(name)
    if len(parts) > 1 and all(valid_project(part, rules) for part in parts):
        return parts
    return [name]


#: 包括A项目、B、C项目等: an enumeration a list opener announces, closed by 等 or the clause end
#: the shortest item length that reads as a name rather than a sector (新能源, 商贸)
NAME_MIN = 5


def listed_projects(sentence: str, rules: SigningRules, opened: bool = False) -> list[str]:
    """Projects enumerated with 、 and closed by 等…项目 (``opened``: announced by 包括/主要有
    and closed by 等 or the clause end).

    A list of sectors (新能源、商贸等项目) is no list of names: most items must be long enough to
    be a name or end like a project.

    >>> from xinwen.pipeline.slots.signing.rules import load_signing_rules
    >>> r = load_signing_rules()
    >>> listed_projects("主要包括甲乙动力电池材料产业园、丙丁科技产业园、戊己生物质能源等6个新能源项目", r)
    ['甲乙动力电池材料产业园', '丙丁科技产业园', '戊己生物质能源']
    >>> listed_projects("共签约包括新能源、商贸、加工制造等项目24个", r)
    []
    >>> listed_projects("签约的项目包括甲乙研发中心项目、丙丁港、戊己物流园项目等", r, opened=True)
    ['甲乙研发中心项目', '丙丁港', '戊己物流园项目']
    """
    found: list[str] = []
    frame = rules.text["signing.opened_list" if opened else "signing.enumeration"]
    for m in frame.finditer(sentence):
        items = [after_lead_verb(open_list(x, rules), rules) for x in items_of(m.group(1))]
        items = [x for x in items if x]
        named = [x for x in items if len(x) >= NAME_MIN or rules.ends_with(x, "project_suffix")]
        if len(items) >= 2 and len(named) * 2 > len(items):
            found += [x for x in items if valid_project(x, rules, strict=False)]
    return list(dict.fromkeys(found))


def object_projects(trigger: str, after: str, rules: SigningRules) -> list[str]:
    """Projects named as the object of the verb: ``签约X项目``, ``签署X项目投资协议``.

    >>> from xinwen.pipeline.slots.signing.rules import load_signing_rules
    >>> r = load_signing_rules()
    >>> object_projects("签约", "光谷量子计算产业基地项目,该项目总投资80亿元", r)
    ['光谷量子计算产业基地项目']
    >>> object_projects("签署华中总部项目投资协议", "", r)
    ['华中总部项目']
    """
    agreement, following = rules.by_id["object.agreement"], rules.by_id["object.after"]
    found = agreement.match(trigger) or (
        following.match(after) if trigger.endswith("签约") else None
    )
    name = squeeze(found.group("project")) if found else ""
    return [name] if name and valid_project(name, rules) else []


def member_projects(sentence: str, rules: SigningRules) -> list[str]:
    """Projects of a sentence on the signed projects, named as what a party will build or set up.

    >>> from xinwen.pipeline.slots.signing.rules import load_signing_rules
    >>> member_projects("签约项目中,一家公司将在前海设立一只5亿美元的跨境并购基金;一家企业将在前海建设冷链物流中心", load_signing_rules())
    ['跨境并购基金', '冷链物流中心']
    """
    found = []
    for clause in rules.text["signing.clause_end"].split(sentence):
        m = rules.text["signing.member"].search(clause.strip())
        name = squeeze(m.group(1)) if m else ""
        if (
            name
            and rules.ends_with(name, "project_suffix")
            and valid_project(name, rules, strict=False)
        ):
            found.append(name)
    return found


def settled_projects(clause: str, rules: SigningRules) -> list[str]:
    """Projects a signing brings in: ``A、B项目落户X`` in a clause after the signing verb.

    >>> from xinwen.pipeline.slots.signing.rules import load_signing_rules
    >>> settled_projects("现代农贸综合体、新东方外国语学校项目落户平度", load_signing_rules())
    ['现代农贸综合体', '新东方外国语学校项目']
    """
    found = rules.text["signing.settled"].match(clause.strip())
    if not found:
        return []
    return [
        item
        for item in items_of(found.group(1))
        if rules.ends_with(item, "project_suffix") and valid_project(item, rules, strict=False)
    ]


def same_project(a: str, b: str) -> bool:
    """Two writings of one project (one holds the other, or one character differs).

    >>> same_project("现代农贸综合体", "平度现代农贸综合体项目")
    True
    >>> same_project("储能和高端装备智造产业园", "储能和高端装备制造产业园项目")
    True
    >>> same_project("京能新能源产业项目", "光大电商产业园项目")
    False
    """
    x, y = (_text("signing.project_end").sub("", s.strip("“”")) for s in (a, b))
    if x in y or y in x:
        return True
    return len(x) == len(y) and sum(c != d for c, d in zip(x, y)) <= 1


# --------------------------------------------------------------- fields --


def _field_list(segment: str, rules: SigningRules) -> list[str]:
    groups = rules.text["signing.field_group_break"].split(segment)
    groups = groups[:1] + [
        g for g in groups[1:] if "、" in g or "等" in g
    ]  # …等产业赛道以及A、B等…
    items: list[str] = []
    for group in groups:
        cut = group.split("等", 1)[0]
        if cut == group:
            cut = rules.text["signing.field_tail_end"].sub("", group)
        items += [squeeze(x) for x in cut.split("、") if squeeze(x)]
    if items:
        items[0] = _field_head(items[0], rules)
        last = rules.text["signing.and"].split(items[-1])
        if len(last) == 2 and all(len(x) >= 2 for x in last):
            items[-1:] = last
    return [x for x in items if 2 <= len(x) <= 15]


def _field_head(item: str, rules: SigningRules) -> str:
    """The first field of a list without the clause that opens it (双方将围绕智能制造 → 智能制造,
    了高端装备制造 → 高端装备制造)."""
    rest = rules.text["signing.after_lead_verb"].sub("", item, count=1)
    return rules.text["signing.field_particle"].sub("", rest if len(rest) >= 2 else item)


def fields_in(sentence: str, rules: SigningRules) -> list[str]:
    """Fields of cooperation listed in a signing sentence.

    >>> from xinwen.pipeline.slots.signing.rules import load_signing_rules
    >>> r = load_signing_rules()
    >>> fields_in("合作领域涉及显示芯片、传感器、AI医疗等产业赛道以及产业基金、技术创新平台、算力中心等产业支撑领域。", r)
    ['显示芯片', '传感器', 'AI医疗', '产业基金', '技术创新平台', '算力中心']
    >>> fields_in("此外,微电子、高端制造、现代金融等多个领域均有项目签约。", r)
    ['微电子', '高端制造', '现代金融']
    >>> fields_in("双方将在科技创新、产业协作等领域深化合作。", r)
    ['科技创新', '产业协作']
    """
    found: list[str] = []
    taken: list[tuple[int, int]] = []
    for m in rules.word_regex["field_marker"].finditer(sentence):
        segment = rules.text["signing.clause_end"].split(sentence[m.end() :], maxsplit=1)[0]
        items = _field_list(segment, rules)
        if len(items) >= 2 or (
            items and rules.text["signing.field_close"].search(segment)
        ):
            found += items
            taken.append((m.start(), m.end() + len(segment)))
    for m in rules.text["signing.field_list"].finditer(sentence):
        if not any(s <= m.start() < e or m.start() <= s < m.end() for s, e in taken):
            # the list opens after a preposition (双方将在A、B等领域合作)
            found += _field_list(rules.text["signing.preposition"].split(m.group(1))[-1], rules)
    return list(dict.fromkeys(found))


# ---------------------------------------------------------------- sums --


def _read_amounts(
    text: str, start: int, end: int, rules: SigningRules
) -> list[tuple[int, int, float, bool]]:
    """Minimal amount reader: ``(start, end, value, exact)`` of each ``N(多|余)亿/万(元)``."""
    grammar = default_grammar()
    found = []
    for m in rules.text["signing.amount"].finditer(text, start, end):
        value = parse_numeral(m.group("num") + m.group("unit"), grammar)
        if value is None:
            continue
        before = rules.text["signing.approx_before"].search(text[max(0, m.start() - 2) : m.start()])
        after = rules.text["signing.approx_after"].match(text[m.end() : m.end() + 3])
        found.append((m.start(), m.end(), float(value), not (before or after or m.group("infix"))))
    return found


@dataclass(frozen=True)
class Sum:
    """A sum of money found in a window, and whether it is written as exact."""

    value: float
    exact: bool
    start: int = -1  # working-text offset of the amount (to link it: Signing.total_ref)


def investment_after(
    text: str,
    start: int,
    end: int,
    amounts: list[tuple[int, int, float, bool]],
    rules: SigningRules,
) -> Sum | None:
    """The first investment sum in ``text[start:end]``: an amount after 投资/引资/总额.

    ``amounts`` are ``(start, end, value, exact)`` of the amounts stage; where it
    gave none, a minimal reader of ``N亿/万(元)`` serves, with the qualifier
    words of ``signing_words.tsv`` (``超``, ``近``, ``余`` …) for approximation.

    >>> from xinwen.pipeline.slots.signing.rules import load_signing_rules
    >>> t = "青岛再签14个合作项目,总投资额537亿。"
    >>> investment_after(t, 0, len(t), [], load_signing_rules())
    Sum(value=53700000000.0, exact=True, start=16)
    >>> t = "21个项目总投资超300亿元"
    >>> investment_after(t, 0, len(t), [], load_signing_rules()).exact
    False
    """
    spans = amounts or _read_amounts(text, start, end, rules)
    for s, e, value, exact in sorted(spans):
        if (
            start <= s
            and e <= end
            and rules.text["signing.investment_lead"].search(text[max(start, s - 12) : s])
        ):
            return Sum(value, exact, s)
    return None
