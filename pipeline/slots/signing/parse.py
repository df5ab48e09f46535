"""The actors of a signing report: projects, parties and signatories. Pure functions.

Each function takes a piece of working text and the compiled rules, and returns
plain values; ``signing/mentions.py`` decides which pieces to hand in (project
names, fields and sums are read by ``signing/values.py``).

Actors are read from the words before the signing verb (``chunk``), in three
frames, after trailing adverbs (``分别``, ``现场``, ``通过视频连线进行``) and a
``就P`` object are taken off:

* ``X代表Y与Z…签署`` — X signs on behalf of party Y; each Z is a party;
* ``A与B…签约`` (also 同/和) where A is a person or an organisation — A and each B
  sign (people are signatories, the company in a signatory's title a party);
* ``S…签约`` — the subject: an enumeration ``P1、P2等N个项目`` names projects;
  otherwise an administrative or organisation name is a party, a person a
  signatory, a name with a project head (``…产业园``) a project.

>>> from xinwen.pipeline.slots.signing.rules import load_signing_rules
>>> rules = load_signing_rules()
>>> a = parse_actors("李维波代表崂山区政府与云天畅想等16个项目", ["李维波"], rules)
>>> a.signatories, a.parties, a.projects
(['李维波'], ['崂山区政府', '云天畅想'], [])
>>> parse_actors("虚拟现实算力中心、高端智能家电控制器与国产化芯片研发等16个项目", [], rules).projects
['虚拟现实算力中心', '高端智能家电控制器与国产化芯片研发']
"""

from __future__ import annotations

from dataclasses import dataclass, field

from xinwen.pipeline.slots.signing.rules import SigningRules
from xinwen.pipeline.slots.signing.values import items_of, squeeze, valid_project
from xinwen.pipeline.grammar.titles import organization_of

_BULLETS = "△▲■●◆"  # photo-caption bullets (△市人民政府与投资企业签约)


@dataclass
class Actors:
    projects: list[str] = field(default_factory=list)
    parties: list[str] = field(default_factory=list)
    signatories: list[str] = field(default_factory=list)


def strip_adverbs(chunk: str, rules: SigningRules) -> str:
    """``chunk`` without trailing adverbs, manner phrases and punctuation.

    >>> from xinwen.pipeline.slots.signing.rules import load_signing_rules
    >>> strip_adverbs("魏鹏通过视频连线进行现场集中", load_signing_rules())
    '魏鹏'
    """
    tail = rules.text["signing.adverb_tail"]
    previous = None
    while previous != chunk:
        previous = chunk
        chunk = tail.sub("", chunk.rstrip(" \t,，、:："))
    return chunk


def _without_positions(text: str, rules: SigningRules) -> str:
    """Without photo positions (张三（右一）) and short-name notes (（以下简称“甲乙集团”）)."""
    return rules.text["signing.alias_note"].sub("", rules.text["signing.position_note"].sub("", text))


def person_in(item: str, names: list[str], rules: SigningRules) -> tuple[str, str] | None:
    """``(name, title prefix)`` where ``item`` ends with a person's name.

    Known names (from the people stage) first; else a name after a title word.

    >>> from xinwen.pipeline.slots.signing.rules import load_signing_rules
    >>> person_in("国电投北京时远科技有限公司董事长程发彬", [], load_signing_rules())
    ('程发彬', '国电投北京时远科技有限公司董事长')
    >>> person_in("崂山区政府", [], load_signing_rules()) is None
    True
    """
    for name in sorted(names, key=len, reverse=True):
        if item.endswith(name):
            return name, item[: -len(name)]
    found = rules.text["signing.titled_name"].search(item)
    if found:
        return found.group(1), item[: found.start(1)]
    return None


def _company_in_title(prefix: str, rules: SigningRules) -> str | None:
    """The company a signatory's title names (``X有限公司董事长`` → X有限公司), if it is one."""
    organization = organization_of(prefix, rules.lexicon)
    return (
        organization if organization and rules.ends_with(organization, "company_suffix") else None
    )


def clean_party(item: str, rules: SigningRules) -> str:
    """The organisation an item names: after the last parent→subsidiary word.

    >>> from xinwen.pipeline.slots.signing.rules import load_signing_rules
    >>> clean_party("中国交通建设股份有限公司全资子集团中交一公局集团有限公司", load_signing_rules())
    '中交一公局集团有限公司'
    >>> clean_party("平台企业甲乙农业科技有限公司", load_signing_rules()), clean_party("丙丁集团战略合作框架协议", load_signing_rules())
    ('甲乙农业科技有限公司', '丙丁集团')
    """
    parts = rules.text["signing.relation"].split(item)
    name = parts[-1].lstrip("·-—") or item
    if rules.words["party_lead"]:
        name = rules.text["signing.party_lead"].sub("", name)
    return rules.text["signing.agreement_tail"].sub("", name) or name


def valid_party(name: str, rules: SigningRules) -> bool:
    """An organisation name, not a collective noun or a piece of the clause around it.

    >>> from xinwen.pipeline.slots.signing.rules import load_signing_rules
    >>> r = load_signing_rules()
    >>> valid_party("崂山区政府", r), valid_party("相关企业", r), valid_party("机构在人民大会堂举行大型签字仪式", r)
    (True, False, False)
    """
    if not 2 <= len(name) <= 30 or name in rules.words["generic_party"]:
        return False
    if rules.ends_with(name, "generic_head"):  # 香港机构, 外地客商
        return False
    if name.startswith(rules.words["generic_prefix"]):
        return False
    if rules.text["signing.not_a_name"].search(name):
        return False
    if name.count("(") + name.count("（") != name.count(")") + name.count("）"):
        return False
    return not rules.text["signing.not_party"].search(name)


def _is_actor(text: str, names: list[str], rules: SigningRules) -> bool:
    """A person (titles before the name allowed) or one organisation."""
    if person_in(text, names, rules) is not None:
        return True
    if not text or rules.text["signing.list_mark"].search(text):
        return False
    return rules.ends_with(text, "org_suffix") or rules.ends_with(text, "admin_suffix")


def _side_item(item: str, rules: SigningRules) -> str:
    """A party or person of one side without what follows it in the list.

    >>> from xinwen.pipeline.slots.signing.rules import load_signing_rules
    >>> _side_item("香港中华总商会会长黄志坚先生等代表", load_signing_rules())
    '香港中华总商会会长黄志坚'
    >>> _side_item("甲乙物流集团等3家企业", load_signing_rules())
    '甲乙物流集团'
    """
    item = rules.text["signing.delegate_tail"].sub("", item)  # 美国能源部的代表: that body signs
    # …等3家企业: the count of the list, not the name
    item = rules.text["signing.counted_tail"].sub("等", item)
    item = rules.text["signing.side_tail"].sub("", item)
    return rules.text["signing.honorific_tail"].sub("", item) if rules.words["honorific"] else item


def _add_side(actors: Actors, items: list[str], names: list[str], rules: SigningRules) -> None:
    """Items on a signing side: people sign, the rest are parties (generic nouns dropped)."""
    for item in items:
        item = _side_item(item, rules)
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


def _add_subject(
    actors: Actors, items: list[str], enumerated: bool, names: list[str], rules: SigningRules
) -> None:
    for item in items:
        if enumerated:
            if valid_project(item, rules, strict=False):
                actors.projects.append(item)
        elif person_in(item, names, rules):
            _add_side(actors, [item], names, rules)
        elif rules.ends_with(item, "admin_suffix") or rules.ends_with(item, "org_suffix"):
            party = clean_party(rules.text["signing.with"].split(item)[-1], rules)  # 进而中断与X集团 → X集团
            if valid_party(party, rules):
                actors.parties.append(party)
        elif rules.ends_with(item, "project_suffix") and valid_project(item, rules):
            actors.projects.append(item)


def _left_side(text: str, rules: SigningRules) -> str:
    """The side before a joint: after any lead-in clause (现场,); where the clause has no
    subject of its own (X在Y举办推介会,现场与Z签约), the subject of the clause before.

    >>> from xinwen.pipeline.slots.signing.rules import load_signing_rules
    >>> _left_side("前海管理局在香港会议展览中心举办推介会,现场", load_signing_rules())
    '前海管理局'
    """
    pieces = rules.text["signing.comma"].split(text)
    left = strip_adverbs(pieces[-1], rules)
    if not left and len(pieces) > 1:
        subject = rules.text["signing.clause_subject"].match(pieces[-2])
        left = subject.group(1) if subject else ""
    return left


def _take_object(chunk: str, actors: Actors, rules: SigningRules) -> str:
    """``就P进行…``: P is a project where it is quoted or has a project head; the rest."""
    object_ = rules.text["signing.object"].search(chunk)
    if not object_:
        return chunk
    quoted = [squeeze(q) for q in rules.text["signing.quoted"].findall(object_.group(1))]
    named = quoted or [
        i for i in items_of(object_.group(1)) if rules.ends_with(i, "project_suffix")
    ]
    actors.projects += [name for name in named if valid_project(name, rules, strict=False)]
    return strip_adverbs(chunk[: object_.start()], rules)


def _take_count(chunk: str, rules: SigningRules) -> tuple[str, bool]:
    """The chunk without its closing count (``…等16个项目``), and whether it enumerated."""
    tail = rules.text["signing.count_closing_list"].search(chunk) or rules.text[
        "SIGNING_COUNT_TAIL"
    ].search(chunk)
    if not tail:
        return chunk, False
    return strip_adverbs(chunk[: tail.start()], rules), chunk[tail.start()] == "等"


def _on_behalf(chunk: str, actors: Actors, names: list[str], rules: SigningRules) -> bool:
    """``X代表Y与Z``: person X signs for Y with each Z. False where the chunk is not so."""
    behalf = rules.text["signing.on_behalf"].match(chunk)
    alone = None if behalf else rules.text["signing.on_behalf_alone"].match(chunk)
    found = behalf or alone
    signer = squeeze(found.group(1)).strip(",，") if found else ""
    person = person_in(signer, names, rules) if signer else None
    if not (person or (behalf and rules.text["signing.bare_name"].fullmatch(signer))):
        return False  # alone, only a known person signs (X代表Y is common prose otherwise)
    actors.signatories.append(person[0] if person else signer)
    _add_side(actors, items_of(strip_adverbs(found.group(2), rules)), names, rules)
    if behalf:
        _add_side(actors, items_of(behalf.group(3)), names, rules)
    return True


def parse_actors(chunk: str, names: list[str], rules: SigningRules) -> Actors:
    """Projects, parties and signatories named in the words before a signing verb."""
    actors = Actors()
    chunk = strip_adverbs(_without_positions(chunk, rules), rules).lstrip(_BULLETS)
    chunk = _take_object(rules.text["signing.by"].sub("", chunk), actors, rules)  # 由A与B共同签署
    # a locative (在沈阳主会场): the place, read elsewhere
    chunk = rules.text["signing.locative"].sub("", chunk)
    chunk, enumerated = _take_count(chunk, rules)
    if _on_behalf(chunk, actors, names, rules):
        return actors
    represented = rules.text["signing.represented"].search(chunk)
    if represented and rules.text["signing.joint"].search(chunk[: represented.start()]):
        chunk = strip_adverbs(chunk[: represented.start()], rules)  # A与B代表两地政府: A and B sign
        _add_side(actors, [represented.group(1)], names, rules)
    listed = rules.text["signing.count_then_joint"].search(chunk)
    if listed:  # A、B等6个项目(代表)与X签约: the projects, and X the party
        actors.projects += [x for x in items_of(chunk[: listed.start()]) if valid_project(x, rules, strict=False)]
        _add_side(actors, items_of(chunk[listed.end() + 1 :]), names, rules)
        return actors
    for joint in rules.text["signing.joint"].finditer(chunk):
        left = _left_side(chunk[: joint.start()], rules)
        listed = items_of(left)
        if _is_actor(squeeze(left), names, rules) or (
            len(listed) > 1 and all(_is_actor(_side_item(x, rules), names, rules) for x in listed)
        ):  # one actor, or a list of them (A公司、B公司、C集团等3家企业与D签约)
            _add_side(actors, items_of(left), names, rules)
            _add_side(actors, items_of(chunk[joint.end() :]), names, rules)
            return actors
    _add_subject(actors, items_of(chunk), enumerated, names, rules)
    return actors
