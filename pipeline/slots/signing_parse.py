"""Pure parsers for the pieces of a signing report: actors, project names, fields, sums.

Each function takes a piece of working text (a clause or a sentence) and the
compiled rules, and returns plain values; the stage in ``signing.py`` decides
which pieces to hand in.

Actors are read from the words before the signing verb (``chunk``), in three
frames, after trailing adverbs (``分别``, ``现场``, ``通过视频连线进行``) and a
``就P`` object are taken off:

* ``X代表Y与Z…签署`` — X signs on behalf of party Y; each Z is a party;
* ``A与B…签约`` (also 同/和) where A is a person or an organisation — A and each B
  sign (people are signatories, the company in a signatory's title a party);
* ``S…签约`` — the subject: an enumeration ``P1、P2等N个项目`` names projects;
  otherwise an administrative or organisation name is a party, a person a
  signatory, a name with a project head (``…产业园``) a project.

>>> from pipeline.slots.signing_rules import load_signing_rules
>>> rules = load_signing_rules()
>>> a = parse_actors("李维波代表崂山区政府与云天畅想等16个项目", ["李维波"], rules)
>>> a.signatories, a.parties, a.projects
(['李维波'], ['崂山区政府', '云天畅想'], [])
>>> parse_actors("虚拟现实算力中心、高端智能家电控制器与国产化芯片研发等16个项目", [], rules).projects
['虚拟现实算力中心', '高端智能家电控制器与国产化芯片研发']
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.slots.numbers import default_grammar, parse_numeral
from pipeline.slots.signing_rules import FRAGMENTS, SigningRules

HAN = "\u4e00-\u9fff"
_COUNT_TAIL = rf"{FRAGMENTS['NUM']}\s*{FRAGMENTS['MEASURE']}[^、,，]{{0,12}}?项目$"
_QUOTED = re.compile(r"“([^“”]{2,40})”")
_NP_STOP = set(",，;；。、的为是在与:：!！？\n")
_AMOUNT = re.compile(r"(?<![\d.])(?P<num>\d+(?:\.\d+)?)\s*(?P<infix>多|余)?\s*(?P<unit>万亿|亿|万)\s*(?:元|人民币)?")


@dataclass
class Actors:
    projects: list[str] = field(default_factory=list)
    parties: list[str] = field(default_factory=list)
    signatories: list[str] = field(default_factory=list)


def squeeze(text: str) -> str:
    """A name without its inner whitespace (``富力新城 CBD项目`` → ``富力新城CBD项目``).

    >>> squeeze("莱西市 5 . 0中性硼硅药用玻璃项目")
    '莱西市5.0中性硼硅药用玻璃项目'
    """
    return re.sub(r"\s+", "", text)


def strip_adverbs(chunk: str, rules: SigningRules) -> str:
    """``chunk`` without trailing adverbs, manner phrases and punctuation.

    >>> from pipeline.slots.signing_rules import load_signing_rules
    >>> strip_adverbs("魏鹏通过视频连线进行现场集中", load_signing_rules())
    '魏鹏'
    """
    manners = "|".join(p.pattern for p in rules.patterns["adverbial"])
    tail = re.compile(rf"(?:{rules.alternation('adverb')}|{manners})$")
    previous = None
    while previous != chunk:
        previous = chunk
        chunk = tail.sub("", chunk.rstrip(" \t,，、:："))
    return chunk


def _items(text: str) -> list[str]:
    return [squeeze(item) for item in re.split(r"[、,，]", text) if squeeze(item)]


def _without_positions(text: str, rules: SigningRules) -> str:
    return re.sub(rf"[(（](?:{rules.alternation('position')})[)）]", "", text)


def person_in(item: str, names: list[str], rules: SigningRules) -> tuple[str, str] | None:
    """``(name, title prefix)`` where ``item`` ends with a person's name.

    Known names (from the people stage) first; else a name after a title word.

    >>> from pipeline.slots.signing_rules import load_signing_rules
    >>> person_in("国电投北京时远科技有限公司董事长程发彬", [], load_signing_rules())
    ('程发彬', '国电投北京时远科技有限公司董事长')
    >>> person_in("崂山区政府", [], load_signing_rules()) is None
    True
    """
    for name in sorted(names, key=len, reverse=True):
        if item.endswith(name):
            return name, item[: -len(name)]
    found = re.search(rf"(?:{rules.alternation('title_end')})([{HAN}]{{2,3}})$", item)
    if found:
        return found.group(1), item[: found.start(1)]
    return None


def _company_in_title(prefix: str, rules: SigningRules) -> str | None:
    found = list(re.finditer(rules.alternation("company_suffix"), prefix))
    return prefix[: found[-1].end()] if found else None


def clean_party(item: str, rules: SigningRules) -> str:
    """The organisation an item names: after the last parent→subsidiary word.

    >>> from pipeline.slots.signing_rules import load_signing_rules
    >>> clean_party("中国交通建设股份有限公司全资子集团中交一公局集团有限公司", load_signing_rules())
    '中交一公局集团有限公司'
    """
    parts = re.split(rules.alternation("relation"), item)
    return parts[-1].lstrip("△▲■●◆·-—") or item


def valid_party(name: str, rules: SigningRules) -> bool:
    """An organisation name, not a collective noun or a piece of the clause around it.

    >>> from pipeline.slots.signing_rules import load_signing_rules
    >>> r = load_signing_rules()
    >>> valid_party("崂山区政府", r), valid_party("相关企业", r), valid_party("机构在人民大会堂举行大型签字仪式", r)
    (True, False, False)
    """
    if not 2 <= len(name) <= 30 or name in rules.words["generic_party"]:
        return False
    if name.startswith(rules.words["generic_prefix"]) or re.search(r"[,，。;；:：]|\d+\s*[个户家名位]", name):
        return False
    if name.count("(") + name.count("（") != name.count(")") + name.count("）"):
        return False
    return not re.search(rules.alternation("not_party"), name)


def _is_actor(text: str, names: list[str], rules: SigningRules) -> bool:
    text = text.lstrip("△▲■●◆")
    if not text or re.search(r"[、,，]", text) and person_in(text, names, rules) is None:
        return False
    return (
        person_in(text, names, rules) is not None
        or rules.ends_with(text, "org_suffix")
        or rules.ends_with(text, "admin_suffix")
    )


def _add_side(actors: Actors, items: list[str], names: list[str], rules: SigningRules) -> None:
    """Items on a signing side: people sign, the rest are parties (generic nouns dropped)."""
    for item in items:
        item = re.sub(r"^[与同和跟]", "", item)
        person = person_in(item, names, rules)
        if not person and rules.ends_with(item, "title_end"):
            continue  # a title of the person named next (沈阳市委常委、新民市委书记马原)
        if person:
            actors.signatories.append(person[0])
            company = _company_in_title(person[1], rules)
            if company and valid_party(clean_party(company, rules), rules):
                actors.parties.append(clean_party(company, rules))
        elif valid_party(clean_party(item, rules), rules):
            actors.parties.append(clean_party(item, rules))


def _add_subject(actors: Actors, items: list[str], enumerated: bool, names: list[str], rules: SigningRules) -> None:
    for item in items:
        item = item.lstrip("△▲■●◆")
        if enumerated:
            if valid_project(item, rules, strict=False):
                actors.projects.append(item)
        elif person_in(item, names, rules):
            _add_side(actors, [item], names, rules)
        elif rules.ends_with(item, "admin_suffix") or rules.ends_with(item, "org_suffix"):
            party = clean_party(re.split(r"[与同跟]", item)[-1], rules)  # 进而中断与X集团 → X集团
            if valid_party(party, rules):
                actors.parties.append(party)
        elif rules.ends_with(item, "project_suffix") and valid_project(item, rules):
            actors.projects.append(item)


def parse_actors(chunk: str, names: list[str], rules: SigningRules, representative: bool = True) -> Actors:
    """Projects, parties and signatories named in the words before a signing verb."""
    actors = Actors()
    chunk = strip_adverbs(_without_positions(chunk, rules), rules)
    chunk = re.sub(r"^[由经]", "", re.sub(r"(?:分别)?(?:代表)?(?:双方|三方|各方)$|(?:分别)?代表$", "", chunk))
    chunk = strip_adverbs(chunk, rules)
    object_ = re.search(r"就([^就]+)$", chunk)
    if object_:  # 就P进行签约: P is a project where it is quoted or has a project head
        quoted = [squeeze(q) for q in _QUOTED.findall(object_.group(1))]
        named = quoted or [i for i in _items(object_.group(1)) if rules.ends_with(i, "project_suffix")]
        actors.projects += [name for name in named if valid_project(name, rules, strict=False)]
        chunk = strip_adverbs(chunk[: object_.start()], rules)
    chunk = re.sub(  # a locative (在沈阳主会场): the place, read elsewhere
        rf"在(?![^与同和跟]*(?:{rules.alternation('not_party')}))[^在与同和跟,，]{{2,12}}?(?=[与同和跟]|$)", "", chunk
    )
    enumerated = False
    tail = re.search(rf"等(?:[^、,，]{{0,12}}?投资[^、,，]{{0,12}}?的)?\s*{_COUNT_TAIL}", chunk) or re.search(
        _COUNT_TAIL, chunk
    )
    if tail:
        enumerated = chunk[tail.start()] == "等"
        chunk = strip_adverbs(chunk[: tail.start()], rules)
    behalf = re.match(r"^(.+?)代表(?![团处们性、,，])(.+?)(?:与|同|和|跟)(.+)$", chunk) if representative else None
    if behalf:
        signer = squeeze(behalf.group(1)).strip(",，")
        person = person_in(signer, names, rules)
        actors.signatories.append(person[0] if person else signer)
        actors.parties += [clean_party(p, rules) for p in _items(behalf.group(2))]
        _add_side(actors, _items(behalf.group(3)), names, rules)
        return actors
    for joint in re.finditer(r"[与同和跟]", chunk):
        left = strip_adverbs(chunk[: joint.start()], rules)
        if _is_actor(squeeze(left), names, rules):
            _add_side(actors, _items(left.lstrip("△▲■●◆")), names, rules)
            _add_side(actors, _items(chunk[joint.end():]), names, rules)
            return actors
    _add_subject(actors, _items(chunk), enumerated, names, rules)
    return actors


# ------------------------------------------------------------- projects --


def valid_project(name: str, rules: SigningRules, strict: bool = True) -> bool:
    """A particular project's name (not ``重点项目``, ``200亿项目``, ``其中内资项目``).

    >>> from pipeline.slots.signing_rules import load_signing_rules
    >>> r = load_signing_rules()
    >>> valid_project("青岛恒星科技城项目", r), valid_project("重点文旅项目", r), valid_project("200亿项目", r)
    (True, False, False)
    """
    core = name.strip("“”")
    core = core[:-2] if core.endswith("项目") else core
    if len(re.sub(r"[^\w]", "", core)) < (3 if strict else 2) or len(name) > 40:
        return False
    if re.search(r"\d\s*(?:个|项|宗|亿|万|元)|\d{2,4}\s*年|等|签约|签署|签订", core):
        return False
    return not core.startswith(rules.words["generic_start"]) and not core.endswith(rules.words["generic_end"])


def project_names(sentence: str, rules: SigningRules) -> list[str]:
    """Names of particular projects in a sentence, in order.

    Quoted names ending in 项目 and ``项目为“X”``; otherwise a noun phrase ending
    in 项目, cut on the left at punctuation or a function word, followed by a
    clause end or a verb a project takes (``落户``, ``位于``, ``投资``).

    >>> from pipeline.slots.signing_rules import load_signing_rules
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
    for m in _QUOTED.finditer(sentence):
        inner = squeeze(m.group(1))
        named = re.search(r"项目(?:为|是)$", sentence[: m.start()])
        if (inner.endswith("项目") or named) and valid_project(inner, rules, strict=not named):
            found.append((m.start(), inner))
            taken.append((m.start(), m.end()))
    follow = tuple(rules.words["project_follow"]) + tuple(",，。;；、:：)）”!")
    starts = rules.start_verbs()
    for m in re.finditer("项目", sentence):
        end = m.end()
        if any(s <= m.start() < e for s, e in taken):
            continue
        if end < len(sentence) and not sentence[end:].lstrip().startswith(follow):
            continue
        if re.search(starts, "".join(re.split(r"[,，;；]", sentence[end:])[:2])):
            continue  # its own clause or the next says it starts or opens: not signed
        start = m.start()
        while start > 0 and sentence[start - 1] not in _NP_STOP:
            start -= 1
        name = squeeze(sentence[start:end])
        if name.count("“") == name.count("”") and valid_project(name, rules):
            found.append((start, name))
    return [name for _, name in sorted(found)]


def settled_projects(clause: str, rules: SigningRules) -> list[str]:
    """Projects a signing brings in: ``A、B项目落户X`` in a clause after the signing verb.

    >>> from pipeline.slots.signing_rules import load_signing_rules
    >>> settled_projects("现代农贸综合体、新东方外国语学校项目落户平度", load_signing_rules())
    ['现代农贸综合体', '新东方外国语学校项目']
    """
    found = re.match(r"^(.+?)(?:成功|顺利|正式|同步)?(?:落户|落地)", clause.strip())
    if not found:
        return []
    return [
        item
        for item in _items(found.group(1))
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
    x, y = (re.sub(r"项目$", "", s.strip("“”")) for s in (a, b))
    if x in y or y in x:
        return True
    return len(x) == len(y) and sum(c != d for c, d in zip(x, y)) <= 1


# --------------------------------------------------------------- fields --


def _field_list(segment: str, rules: SigningRules) -> list[str]:
    tails = rules.alternation("field_tail")
    groups = re.split(r"等[^、]*?(?:以及|及|和)", segment)
    groups = groups[:1] + [g for g in groups[1:] if "、" in g or "等" in g]  # …等产业赛道以及A、B等…
    items: list[str] = []
    for group in groups:
        cut = group.split("等", 1)[0]
        if cut == group:
            cut = re.sub(rf"(?:\d+|[一二三四五六七八九十]+)?大?(?:产业)?(?:{tails})$", "", group)
        items += [squeeze(x) for x in cut.split("、") if squeeze(x)]
    if items:
        last = re.split(r"以及|及|和", items[-1])
        if len(last) == 2 and all(len(x) >= 2 for x in last):
            items[-1:] = last
    return [x for x in items if 2 <= len(x) <= 15]


def fields_in(sentence: str, rules: SigningRules) -> list[str]:
    """Fields of cooperation listed in a signing sentence.

    >>> from pipeline.slots.signing_rules import load_signing_rules
    >>> r = load_signing_rules()
    >>> fields_in("合作领域涉及显示芯片、传感器、AI医疗等产业赛道以及产业基金、技术创新平台、算力中心等产业支撑领域。", r)
    ['显示芯片', '传感器', 'AI医疗', '产业基金', '技术创新平台', '算力中心']
    >>> fields_in("此外,微电子、高端制造、现代金融等多个领域均有项目签约。", r)
    ['微电子', '高端制造', '现代金融']
    """
    found: list[str] = []
    markers = rules.alternation("field_marker")
    taken: list[tuple[int, int]] = []
    for m in re.finditer(rf"(?:{markers})", sentence):
        segment = re.split(r"[,，。;；]", sentence[m.end():], maxsplit=1)[0]
        items = _field_list(segment, rules)
        if len(items) >= 2 or (items and re.search(rf"等|{rules.alternation('field_tail')}", segment)):
            found += items
            taken.append((m.start(), m.end() + len(segment)))
    tails = rules.alternation("field_tail")
    listed = re.finditer(
        rf"((?:[^、,，。;；:：]{{1,15}}、)+[^、,，。;；:：]{{1,15}}?)"
        rf"等(?:多个|诸多|众多|\d+个?|[一二三四五六七八九十]+个?)?大?(?:产业)?(?:{tails})",
        sentence,
    )
    for m in listed:
        if not any(s <= m.start() < e or m.start() <= s < m.end() for s, e in taken):
            found += _field_list(m.group(1), rules)
    return list(dict.fromkeys(found))


# ---------------------------------------------------------------- sums --


def _read_amounts(text: str, start: int, end: int, rules: SigningRules) -> list[tuple[int, int, float, bool]]:
    """Minimal amount reader: ``(start, end, value, exact)`` of each ``N(多|余)亿/万(元)``."""
    grammar = default_grammar()
    approx = rules.alternation("approx_word")
    found = []
    for m in _AMOUNT.finditer(text, start, end):
        value = parse_numeral(m.group("num") + m.group("unit"), grammar)
        if value is None:
            continue
        before = re.search(rf"(?:{approx})\s*$", text[max(0, m.start() - 2):m.start()])
        after = re.match(rf"\s*(?:{approx})", text[m.end():m.end() + 3])
        found.append((m.start(), m.end(), float(value), not (before or after or m.group("infix"))))
    return found


@dataclass(frozen=True)
class Sum:
    """A sum of money found in a window, and whether it is written as exact."""

    value: float
    exact: bool


def investment_after(
    text: str, start: int, end: int, amounts: list[tuple[int, int, float, bool]], rules: SigningRules
) -> Sum | None:
    """The first investment sum in ``text[start:end]``: an amount after 投资/引资/总额.

    ``amounts`` are ``(start, end, value, exact)`` of the amounts stage; where it
    gave none, a minimal reader of ``N亿/万(元)`` serves, with the qualifier
    words of ``signing_words.tsv`` (``超``, ``近``, ``余`` …) for approximation.

    >>> from pipeline.slots.signing_rules import load_signing_rules
    >>> t = "青岛再签14个合作项目,总投资额537亿。"
    >>> investment_after(t, 0, len(t), [], load_signing_rules())
    Sum(value=53700000000.0, exact=True)
    >>> t = "21个项目总投资超300亿元"
    >>> investment_after(t, 0, len(t), [], load_signing_rules()).exact
    False
    """
    spans = amounts or _read_amounts(text, start, end, rules)
    for s, e, value, exact in sorted(spans):
        if start <= s and e <= end and re.search(r"(?:投资|引资|总额)[^,，。;；]{0,6}$", text[max(start, s - 12):s]):
            return Sum(value, exact)
    return None
