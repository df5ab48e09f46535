"""The tables and the comparison keys of the consolidation (``pipeline/consolidate.py``).

Everything the merge rules compare is computed here, once per item, from the records alone:
a person's or a signing's *region* (``(province, city, district)``), its *date*, a project's
*key*. The tables are ``consolidate_rules.tsv`` (the rule ids with their parameters) and
``consolidate_words.tsv`` (the words of name normalization), loaded into one immutable
``ConsolidationTables`` per call of :func:`load_tables`.

>>> tables = load_tables()
>>> tables.value("event.same_ceremony")
1.0
>>> project_key("“齐鲁号”欧亚经贸上合产业园项目", (), tables)
'齐鲁号欧亚经贸上合产业园'
>>> project_key("青岛国际生命谷项目", ("山东", "青岛"), tables)
'国际生命谷'
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from xinwen.pipeline.resources import load_tsv
from xinwen.pipeline.grammar.region import LEVELS, Gazetteer, load_gazetteer

RULE_COLUMNS = ("id", "part", "decision", "value", "description")
WORD_COLUMNS = ("kind", "word", "example")
WORD_KINDS = ("project_suffix", "org_prefix", "quote")

Region = tuple[str | None, str | None, str | None]  # (province, city, district)
NO_REGION: Region = (None, None, None)


@dataclass(frozen=True)
class ConsolidationTables:
    rules: dict[str, dict[str, str]]  # id -> row of consolidate_rules.tsv
    words: dict[str, tuple[str, ...]]  # kind -> words, longest first
    gazetteer: Gazetteer
    forms: dict[str, tuple[str, ...]]  # gazetteer code -> every written form of the unit

    def value(self, rule_id: str) -> float:
        """The numeric parameter of a rule (its ``value`` column)."""
        return float(self.rules[rule_id]["value"])


@lru_cache(maxsize=1)
def load_tables() -> ConsolidationTables:
    """The two data files and the gazetteer (loaded once, immutable)."""
    rules = {row["id"]: row for row in load_tsv("consolidate_rules.tsv", RULE_COLUMNS, key="id")}
    words: dict[str, list[str]] = {kind: [] for kind in WORD_KINDS}
    for row in load_tsv("consolidate_words.tsv", WORD_COLUMNS, key="word"):
        words[row["kind"]].append(row["word"])
    ordered = {kind: tuple(sorted(found, key=len, reverse=True)) for kind, found in words.items()}
    gazetteer = load_gazetteer()
    return ConsolidationTables(rules, ordered, gazetteer, _unit_forms(gazetteer))


def _unit_forms(gazetteer: Gazetteer) -> dict[str, tuple[str, ...]]:
    forms: dict[str, list[str]] = {}
    for form, codes in gazetteer.names.items():
        for code in codes:
            forms.setdefault(code, []).append(form)
    return {code: tuple(found) for code, found in forms.items()}


# ------------------------------------------------------------------ dates --


def record_date(record: dict[str, Any]) -> str | None:
    """``published_at`` (its day), else ``event_date``, else None."""
    meta = record.get("meta") or {}
    published = meta.get("published_at")
    return published[:10] if published else meta.get("event_date")


def day_number(day: str | None) -> int | None:
    """``YYYY-MM-DD`` as an ordinal day (None for None or a malformed date)."""
    if not day or len(day) < 10:
        return None
    try:
        return date.fromisoformat(day[:10]).toordinal()
    except ValueError:  # a malformed date in an input record counts as unknown
        return None


# ------------------------------------------------------------------ regions --


def region_tuple(region: dict[str, Any] | None) -> Region:
    if not region:
        return NO_REGION
    return (region.get("province"), region.get("city"), region.get("district"))


def regions_compatible(a: Region, b: Region) -> bool:
    """Same province (known) and city, districts equal or one unknown.

    >>> regions_compatible(("山东省", "青岛市", None), ("山东省", "青岛市", "平度市"))
    True
    >>> regions_compatible(("山东省", "青岛市", "胶州市"), ("山东省", "青岛市", "平度市"))
    False
    >>> regions_compatible(("陕西省", None, None), ("陕西省", None, None))
    True
    >>> regions_compatible(("陕西省", None, None), ("陕西省", "西安市", None))
    False
    """
    if a[0] is None or a[0] != b[0] or a[1] != b[1]:
        return False
    return a[2] is None or b[2] is None or a[2] == b[2]


def region_apart_rule(a: Region, b: Region, prefix: str) -> str:
    """The ``apart`` rule id that separates two incompatible regions."""
    if a[0] is None or b[0] is None:
        return f"{prefix}.no_region"
    if a[0] != b[0] or a[1] != b[1]:
        return f"{prefix}.other_city"
    return f"{prefix}.other_district"


def title_region(titles: list[str], hint: Region, tables: ConsolidationTables) -> Region:
    """The deepest region a title's organization names (``潍坊市委书记`` → 潍坊市), else NO_REGION.

    >>> title_region(["中共青岛市委常委", "副市长"], NO_REGION, load_tables())
    ('山东省', '青岛市', None)
    >>> title_region(["市委书记"], NO_REGION, load_tables())
    (None, None, None)
    """
    gazetteer = tables.gazetteer
    hints = _hint_codes(hint, gazetteer)
    best: Region = NO_REGION
    for title in titles:
        chain = gazetteer.parse(_strip_prefix(title, tables.words["org_prefix"]), hints)
        if chain is None:
            continue
        found = region_tuple(gazetteer.region(chain.code))
        if _depth(found) > _depth(best):
            best = found
    return best


def person_region(titles: list[str], doc_region: Region, tables: ConsolidationTables) -> Region:
    """The title's organization's region, else the document's ``meta.region``."""
    found = title_region(titles, doc_region, tables)
    return found if found != NO_REGION else doc_region


def _depth(region: Region) -> int:
    return sum(part is not None for part in region)


def _strip_prefix(text: str, prefixes: tuple[str, ...]) -> str:
    for prefix in prefixes:
        if text.startswith(prefix):
            return text[len(prefix) :]
    return text


def _hint_codes(region: Region, gazetteer: Gazetteer) -> set[str]:
    """Gazetteer codes of a region's units (the hints that resolve short forms like 平度)."""
    codes: set[str] = set()
    for level, name in zip(LEVELS, region, strict=True):
        if name is None:
            continue
        for code in gazetteer.names.get(name, ()):
            if gazetteer.units[code].level == level:
                codes.add(code)
    return codes


def region_short_names(region: Region, tables: ConsolidationTables) -> tuple[str, ...]:
    """Full and short written forms of a region's units, longest first (青岛市, 青岛 …)."""
    forms: set[str] = set()
    for code in _hint_codes(region, tables.gazetteer):
        forms.update(tables.forms.get(code, ()))
    return tuple(sorted(forms, key=lambda form: (-len(form), form)))


# ------------------------------------------------------------------ projects --


def project_key(name: str, region_names: tuple[str, ...], tables: ConsolidationTables) -> str:
    """A project name without quotes, spaces, a generic suffix and the leading names of its region.

    >>> project_key("青岛崂山智能装备产业园项目", ("崂山", "青岛"), load_tables())
    '智能装备产业园'
    """
    key = "".join(ch for ch in name if ch not in tables.words["quote"] and not ch.isspace())
    stripped = True
    while stripped:  # 青岛崂山智能装备产业园: both names of the region go
        stripped = False
        for prefix in region_names:
            if key.startswith(prefix) and len(key) - len(prefix) >= 2:
                key, stripped = key[len(prefix) :], True
                break
    for suffix in tables.words["project_suffix"]:
        if key.endswith(suffix) and len(key) - len(suffix) >= 2:
            return key[: -len(suffix)]
    return key
