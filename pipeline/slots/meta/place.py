"""Where the reported event happened: the administrative area, the venue and the region.

``place`` is the administrative area as the text writes it (city, district, county, new area
or zone: ``深圳``, ``胶州市``, ``即墨区经济开发区``), never the hall; ``venue`` is the hall, hotel
or centre; ``region`` is the area's ``{province, city, district}`` from the gazetteer
(``region.py``). The lead is read in this order, the first rule that finds an area wins (the
rule ids are the rows of ``place_rules.tsv``):

1. ``held``     — ``在X举行/召开/签约…`` where X starts with an area (``在深圳成功举行``,
   ``在莱西姜山湿地举行`` → 莱西, venue 姜山湿地);
2. ``bracket``  — an area in brackets inside the event's name (``央渝同行(南岸)发展对接活动``);
3. ``event``    — the first area named in the first lead sentence that reports the event (a
   hold or signing verb): its host or organiser (``胶州市…签约仪式昨日举行``, ``平度市分别与…签订``,
   ``记者从浦东新区获悉…签约``); an area inside a party committee's name (``省委常委``) is a title;
4. ``dateline`` — the area of the dateline (``本报宁波11月12日电``, ``中国网北京2月18日讯``);
5. ``headline`` — the first area of the headline;
6. ``self``     — a lead that reports an event and calls the place ``我市``/``本市``: the first
   area the body names (the city or county itself, not a zone in it).

The outlet's city only serves as a hint: as a rule of its own it fired on no development article
(``cli.py eval --rules``), so it is not a rule.

Everywhere an area must stand for itself: not inside quotes (a slogan), not opening a company's
or a school's name (``青岛中天石油投资有限公司``), not a party committee (``市委``).

A venue without an area (``在广阳岛国际会议中心举行``) gives ``venue`` and leaves the area to the
later rules. Ambiguous names (``鼓楼区``) resolve by the dateline, outlet and headline areas.
"""

from __future__ import annotations

from dataclasses import dataclass

from xinwen.pipeline.doc import Span
from xinwen.pipeline.patterns import fixed_pattern
from xinwen.pipeline.grammar.region import Chain, Gazetteer, Hit

#: what follows an area name that makes it part of an organisation's or a title's name
_NOT_PLACE_AFTER = ("委", "籍")
_BRACKET = fixed_pattern("meta_patterns.tsv", "meta.place_bracket")
_OLD_SUFFIX = ("市", "县", "区")
#: how far after an area name a new area named after it is looked for (中山翠亨新区)
ZONE_REACH = 16
#: how much of the text new areas are looked for in (characters)
ZONE_WINDOW = 3000
#: a name's run: up to punctuation or a word that joins or governs names (与, 在, 分别 …)
_NAME_RUN = fixed_pattern("meta_patterns.tsv", "meta.name_run")
_NAMED_ZONE = fixed_pattern("meta_patterns.tsv", "meta.named_zone")


@dataclass(frozen=True)
class EventPlace:
    place: str | None
    venue: str | None
    region: dict[str, str | None] | None
    rule: str | None
    start: int | None = None  # working-text offset of the place where it was read


@dataclass(frozen=True)
class PlaceInputs:
    """What the lead offers, read by the meta stage."""

    held: list[tuple[str, int]]  # 在X举行: (X, working-text offset)
    event_sentences: list[Span]  # lead sentences that report the event
    lead: list[Span]  # all lead sentences read for places
    dateline: tuple[str, int] | None  # the dateline's head and offset
    title: tuple[str, int] | None
    outlet: str | None
    org_markers: tuple[str, ...]  # heads of company and school names (公司, 集团, 大学 …)
    self_city: bool  # the lead calls the place 我市/本市: the first city the body names
    body: Span | None = None


def _with_old_suffix(phrase: str, chain: Chain) -> Chain:
    """``即墨市`` (a county-level city since made a district) keeps the written ``市``."""
    if chain.end < len(phrase) and phrase[chain.end] in _OLD_SUFFIX and not chain.place.endswith(
        _OLD_SUFFIX
    ):
        return Chain(chain.end + 1, chain.place + phrase[chain.end], chain.code)
    return chain


def _named_zone(phrase: str, chain: Chain, gazetteer: Gazetteer) -> Chain:
    """A new area named after a city (``中山翠亨新区``): the written zone, the city's region."""
    found = _NAMED_ZONE.match(phrase[chain.end :])
    if found and gazetteer.units[chain.code].level != "district":
        return Chain(chain.end + found.end(), found.group(0), chain.code)
    return chain


def parse_place(phrase: str, gazetteer: Gazetteer, hints: set[str]) -> Chain | None:
    chain = gazetteer.parse(phrase, hints)
    if chain is None:
        return None
    return _named_zone(phrase, _with_old_suffix(phrase, chain), gazetteer)


def _without_zone(chain: Chain, gazetteer: Gazetteer) -> Chain:
    zone = next((z for z in gazetteer.zones if chain.place.endswith(z)), None)
    if zone and len(chain.place) > len(zone):
        return Chain(chain.end - len(zone), chain.place[: -len(zone)], chain.code)
    return chain


def venue_of(phrase: str, chain: Chain | None, gazetteer: Gazetteer) -> str | None:
    """The hall of ``在X举行``: X, less a district that opens it (``莱西姜山湿地`` → ``姜山湿地``)."""
    if chain is None:
        return phrase
    rest = phrase[chain.end :]
    if not rest:
        return None
    return rest if gazetteer.units[chain.code].level == "district" else phrase


def _quoted(text: str, position: int) -> bool:
    """Inside “…”: a slogan or a campaign's name (“青岛突破平度攻势”), not a place of the event."""
    return text.count("“", 0, position) > text.count("”", 0, position)


def in_organization(text: str, start: int, markers: tuple[str, ...]) -> bool:
    """The name at ``start`` runs on into a company's or a school's (青岛中天石油投资有限公司)."""
    run = _NAME_RUN.match(text, start)
    return run is not None and any(m in run.group(0) for m in markers)


def bracket_in_organization(text: str, start: int, end: int, markers: tuple[str, ...]) -> bool:
    """``text[start:end]`` is bracketed inside a company's name (玉湖集团(香港)投资控股有限公司)."""
    if start == 0 or text[start - 1] not in "(（" or not text.startswith((")", "）"), end):
        return False
    return any(text.endswith(m, 0, start - 1) for m in markers) or in_organization(
        text, end + 1, markers
    )


def _usable(text: str, hit: Hit, markers: tuple[str, ...]) -> bool:
    return not (
        text.startswith(_NOT_PLACE_AFTER, hit.end)
        or _quoted(text, hit.start)
        or in_organization(text, hit.start, markers)
        or bracket_in_organization(text, hit.start, hit.end, markers)
    )


def first_area(
    text: str, start: int, gazetteer: Gazetteer, hints: set[str], markers: tuple[str, ...]
) -> tuple[Chain, int] | None:
    """The first area named in ``text`` (a chain from its first usable hit)."""
    for hit in gazetteer.scan(text):
        if not _usable(text, hit, markers) or not gazetteer.hinted(hit, hints):
            continue
        chain = parse_place(text[hit.start :], gazetteer, hints)
        if chain is not None:
            return chain, start + hit.start
    return None


def hint_codes(text: str, inputs: PlaceInputs, gazetteer: Gazetteer) -> set[str]:
    """Units the dateline, headline, outlet and lead name: the context of ambiguous names."""
    phrases = [inputs.dateline and inputs.dateline[0], inputs.title and inputs.title[0], inputs.outlet]
    phrases += [text[s.start : s.end] for s in inputs.lead]
    hints: set[str] = set()
    for phrase in phrases:
        for hit in gazetteer.scan(phrase or ""):
            if not hit.weak:
                hints.update(gazetteer.ancestors(gazetteer.choose(hit.codes, hints)))
    return hints


def named_zones(text: str, gazetteer: Gazetteer, hints: set[str]) -> dict[str, str]:
    """New areas the text writes after their city at least once (中山翠亨新区): zone → unit code,
    so that the zone written alone later (在翠亨新区…举行) is known."""
    zones: dict[str, str] = {}
    for hit in gazetteer.scan(text[:ZONE_WINDOW]):  # the lead and what follows, not a whole book
        chain = parse_place(text[hit.start : hit.start + ZONE_REACH], gazetteer, hints)
        if chain and chain.place != hit.text and chain.place.endswith(("新区", "示范区")):
            zones.setdefault(chain.place, chain.code)
    return zones


def _known_zone(phrase: str, zones: dict[str, str]) -> Chain | None:
    zone = next((z for z in sorted(zones, key=len, reverse=True) if phrase.startswith(z)), None)
    return Chain(len(zone), zone, zones[zone]) if zone else None


def find_event_place(text: str, inputs: PlaceInputs, gazetteer: Gazetteer) -> EventPlace:
    """The event's area, venue and region by the rules of the module docstring."""
    hints = hint_codes(text, inputs, gazetteer)
    zones = named_zones(text, gazetteer, hints)
    venue = None
    for phrase, offset in inputs.held:
        chain = parse_place(phrase, gazetteer, hints) or _known_zone(phrase, zones)
        venue = venue or venue_of(phrase, chain, gazetteer)
        if chain is not None:
            return _result(chain, venue_of(phrase, chain, gazetteer), "place.held", offset, gazetteer)
    for span in inputs.event_sentences:
        sentence = text[span.start : span.end]
        for m in _BRACKET.finditer(sentence):
            chain = parse_place(m.group(1), gazetteer, hints)
            inside = bracket_in_organization(sentence, m.start(1), m.end(1), inputs.org_markers)
            if chain is not None and chain.end == len(m.group(1)) and not inside:
                return _result(chain, venue, "place.bracket", span.start + m.start(1), gazetteer)
        found = first_area(sentence, span.start, gazetteer, hints, inputs.org_markers)
        if found:
            return _result(found[0], venue, "place.event", found[1], gazetteer)
    for rule, source in (("place.dateline", inputs.dateline), ("place.headline", inputs.title)):
        if source:
            found = first_area(source[0], source[1], gazetteer, hints, inputs.org_markers)
            if found:
                return _result(found[0], venue, rule, found[1], gazetteer)
    if inputs.self_city and inputs.body:
        found = first_area(
            text[inputs.body.start : inputs.body.end], inputs.body.start, gazetteer, hints,
            inputs.org_markers,
        )
        if found:  # the paper's own city or county, not a zone in it (荆州开发区 → 荆州)
            unit = _without_zone(found[0], gazetteer)
            return _result(unit, venue, "place.self", found[1], gazetteer)
    return EventPlace(None, venue, None, None)


def _result(
    chain: Chain, venue: str | None, rule: str, start: int | None, gazetteer: Gazetteer
) -> EventPlace:
    return EventPlace(chain.place, venue, gazetteer.region(chain.code), rule, start)
