"""Highlight marks of a record on its raw text, and their rendering as nested HTML.

A :class:`Mark` is one highlighted element: an amount, an area, a person
mention, a place (an NER ``LOC`` entity), a signing sentence, or a gold
annotation the record missed. :func:`record_marks` builds them from a record
(each item's tooltip text says its normalized value); :func:`render` writes the
raw text with every mark as a ``<span>``, properly nested: where two marks
cross, the later one is closed and reopened, its continuation carrying
``data-part`` and no ``id``, so each mark keeps exactly one element with its id.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from xinwen.eval.errors import Errors
from xinwen.eval.review.markup import esc, esc_text, number

#: kind -> (legend label, record slot); order of the legend
KINDS: dict[str, str] = {
    "signing": "signing sentence",
    "amount": "money amount",
    "area": "area",
    "person": "person",
    "place": "place (NER location)",
}
BLOCK_KINDS = frozenset({"signing"})


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    kind: str  # a key of KINDS, or "miss"
    mark_id: str  # element id, unique on the page
    tip: str  # the hover/focus text
    classes: tuple[str, ...] = ()
    attrs: tuple[tuple[str, str], ...] = field(default=())
    copy: bool = False  # the working-text copy of mark ``mark_id``: refers to it, no id of its own

    @property
    def order(self) -> tuple[int, int, int, str]:
        """Outer marks first: earlier start, then longer, then block before inline."""
        return (self.start, -self.end, self.kind not in BLOCK_KINDS, self.mark_id)


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [x for x in value if isinstance(x, dict)] if isinstance(value, list) else []


def _span(value: Any) -> tuple[int, int] | None:
    if not isinstance(value, dict):
        return None
    start, end = value.get("start"), value.get("end")
    if type(start) is not int or type(end) is not int:
        return None
    return start, end


def _join(parts: Iterable[str | None]) -> str:
    return " · ".join(p for p in parts if p)


def _rule(item: dict[str, Any]) -> str | None:
    rule = item.get("rule")
    return f"rule {rule}" if isinstance(rule, str) and rule else None


def amount_tip(a: dict[str, Any]) -> str:
    """``313亿元 → 31,300,000,000 CNY · qualifier over · subject 总投资``."""
    value = f"{number(a.get('value'))} {a.get('currency') or ''}".strip()
    if a.get("qualifier") == "range":
        value = f"{number(a.get('value'))}–{number(a.get('value_max'))} {a.get('currency') or ''}"
    return _join([f"{a.get('text')} → {value}", f"qualifier {a.get('qualifier')}",
                  f"subject {a['subject']}" if a.get("subject") else "subject ∅", _rule(a)])


def area_tip(a: dict[str, Any]) -> str:
    """``12万平方米 → 120,000 m² · qualifier exact · subject …``."""
    written = f"({number(a.get('value'))} {a.get('unit')})"
    return _join([f"{a.get('text')} → {number(a.get('square_meters'))} m² {written}",
                  f"qualifier {a.get('qualifier')}",
                  f"subject {a['subject']}" if a.get("subject") else "subject ∅", _rule(a)])


def person_tip(p: dict[str, Any], mention: dict[str, Any]) -> str:
    titles = "、".join(t for t in p.get("titles") or [] if isinstance(t, str))
    return _join([str(p.get("name")), titles or "no title", p.get("category"),
                  f"organization {p['organization']}" if p.get("organization") else None,
                  _rule(mention) or _rule(p)])


def signing_tip(k: int, s: dict[str, Any]) -> str:
    count = s.get("project_count")
    total = s.get("total_investment")
    return _join([f"signing #{k + 1}", f"{count} project(s)" if count is not None else None,
                  f"total {number(total)} CNY" if total is not None else None,
                  s.get("date"), s.get("place"), s.get("venue")])


def _items(record: dict[str, Any]) -> Iterator[tuple[str, str, Any, str]]:
    """(kind, mark id, span, tip) for every span the record carries."""
    for k, s in enumerate(_dicts(record.get("signings"))):
        for j, span in enumerate(s.get("spans") or []):
            yield "signing", f"signing-{k}-{j}", span, signing_tip(k, s)
    for k, a in enumerate(_dicts(record.get("amounts"))):
        yield "amount", f"amount-{k}", a.get("span"), amount_tip(a)
    for k, a in enumerate(_dicts(record.get("areas"))):
        yield "area", f"area-{k}", a.get("span"), area_tip(a)
    for k, p in enumerate(_dicts(record.get("people"))):
        for j, m in enumerate(_dicts(p.get("mentions"))):
            yield "person", f"person-{k}-{j}", m, person_tip(p, m)
    for k, e in enumerate(_dicts(record.get("entities"))):
        if e.get("label") == "LOC":
            tip = f"{e.get('text')} · LOC ({e.get('source')})"
            yield "place", f"place-{k}", e.get("span"), tip


def record_marks(
    record: dict[str, Any], length: int, spurious: frozenset[str] = frozenset()
) -> tuple[list[Mark], list[str]]:
    """Marks of every well-formed span inside ``[0, length)``, and W225 for the others.

    ``spurious`` holds the mark-id prefixes (``amount-3``, ``person-2``,
    ``signing-0``) that gold does not confirm; they get class ``spurious``.
    """
    marks: list[Mark] = []
    warnings: list[str] = []
    for kind, mark_id, span, tip in _items(record):
        found = _span(span)
        if found is None or not 0 <= found[0] < found[1] <= length:
            start, end = found or (None, None)
            warnings.append(Errors.W225.format(slot=kind, start=start, end=end, length=length))
            continue
        prefix = mark_id.rsplit("-", 1)[0] if kind in ("person", "signing") else mark_id
        extra = ("spurious",) if prefix in spurious else ()
        marks.append(Mark(found[0], found[1], kind, mark_id, tip, extra))
    return marks, warnings


def to_working(marks: list[Mark], ranges: list[tuple[int, int]]) -> list[Mark]:
    """The marks moved onto the working text (``ranges``: its offset map), as copies.

    A working character belongs to a mark where its raw range overlaps the mark's
    raw span; a mark left with no character (all of it deleted) is dropped.

    >>> ranges = [(0, 1), (1, 6), (6, 7)]  # three working characters over raw [0, 7)
    >>> [(m.start, m.end, m.copy) for m in to_working([Mark(0, 7, "area", "a", "")], ranges)]
    [(0, 3, True)]
    >>> to_working([Mark(2, 4, "area", "a", "")], [(0, 2), (4, 5)])
    []
    """
    ends = [e for _, e in ranges]
    starts = [s for s, _ in ranges]
    moved = []
    for mark in marks:
        first = bisect_right(ends, mark.start)  # first unit ending after the mark starts
        last = bisect_left(starts, mark.end)  # units starting before the mark ends
        if first < last:
            moved.append(replace(mark, start=first, end=last, copy=True))
    return moved


def _open(mark: Mark, part: int) -> str:
    if mark.kind == "rep":
        return '<span class="rep" title="restored from a garble">'
    base = "sent" if mark.kind in BLOCK_KINDS else ("miss" if mark.kind == "miss" else "hl")
    classes = " ".join((base, f"k-{mark.kind}", *mark.classes))
    attrs = "".join(f' {name}="{esc(value)}"' for name, value in mark.attrs)
    if mark.copy:  # light: the tooltip is read from the original (data-ref)
        more = f' data-part="{part + 1}"' if part else ""
        return f'<span class="{classes}" data-ref="{esc(mark.mark_id)}"{more}>'
    head = f'<span class="{classes}" data-kind="{mark.kind}" data-id="{esc(mark.mark_id)}"'
    if part:
        return f'{head} data-part="{part + 1}"{attrs}>'
    return (f'{head} id="{esc(mark.mark_id)}" tabindex="0" data-tip="{esc(mark.tip)}"'
            f' data-start="{mark.start}" data-end="{mark.end}"{attrs}>')


def render(raw: str, marks: list[Mark]) -> str:
    """``raw`` escaped, with every mark as a properly nested ``<span>``.

    >>> m = [Mark(0, 4, "signing", "s", "t"), Mark(2, 6, "amount", "a", "v")]
    >>> render("签约300亿元", m).count("</span>"), render("签约300亿元", m).count(' id="a"')
    (3, 1)
    """
    starts: dict[int, list[Mark]] = {}
    ends: dict[int, list[Mark]] = {}
    for mark in marks:
        starts.setdefault(mark.start, []).append(mark)
        ends.setdefault(mark.end, []).append(mark)
    cuts = sorted({0, len(raw), *starts, *ends})
    active: set[Mark] = set()
    stack: list[Mark] = []
    parts: dict[Mark, int] = {}
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:]):
        active.difference_update(ends.get(a, ()))
        active.update(starts.get(a, ()))
        wanted = sorted(active, key=lambda m: m.order)
        keep = 0
        while keep < min(len(stack), len(wanted)) and stack[keep] is wanted[keep]:
            keep += 1
        out.append("</span>" * (len(stack) - keep))
        for mark in wanted[keep:]:
            out.append(_open(mark, parts.get(mark, 0)))
            parts[mark] = parts.get(mark, 0) + 1
        stack = wanted
        out.append(esc_text(raw[a:b]))
    out.append("</span>" * len(stack))
    return "".join(out)
