"""Gold annotations on a document page: which predicted items gold does not confirm
(spurious) and where the gold items the record missed stand in the text.

The pairing is the scorer's own (:mod:`eval.slots` similarity functions and
:func:`eval.match.match`), so a page marks exactly the items that the eval
listing calls missed or spurious. Gold files carry no offsets: a missed
amount, area or person is placed at the first occurrence of its text (the
gold ``text`` or ``name``) in the working text that no predicted item of that
kind that gold confirms covers (a spurious prediction does not hide the
miss it may stand for), mapped back to the raw text; one that cannot be found is listed
in the side panel instead.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from xinwen.eval.match import match
from xinwen.eval.review.marks import Mark
from xinwen.eval.slots import (
    _quantity_similarity,  # the scorer's pairing preference, reused so pages agree with eval
    _same_amount,
    _same_area,
    describe_amount,
    describe_area,
    describe_person,
    describe_signing,
    dicts,
    person_similarity,
    signing_similarity,
)
from xinwen.pipeline.doc import OffsetMap


@dataclass
class GoldMarks:
    spurious: frozenset[str] = frozenset()  # mark-id prefixes: amount-3, person-1, signing-0
    missed: list[Mark] = field(default_factory=list)  # located in the raw text
    unplaced: list[str] = field(default_factory=list)  # missed items not found in the text


def _quantities(slot: str, gold: dict[str, Any], record: dict[str, Any]) -> tuple[list, list]:
    """(missed gold items, spurious prediction indices) of amounts or areas, as eval pairs them."""
    same = _same_amount if slot == "amounts" else _same_area
    similarity = _quantity_similarity(same)
    pred = dicts(record.get(slot))
    m = match(gold[slot], pred, similarity)
    optional = gold.get("optional_amounts", []) if slot == "amounts" else []
    leftovers = [pred[j] for j in m.unmatched_pred]
    absorbed = {m.unmatched_pred[j] for _, j in match(optional, leftovers, similarity).pairs}
    spurious = [j for j in m.unmatched_pred if j not in absorbed]
    return [gold[slot][i] for i in m.unmatched_gold], spurious


def _people(gold: dict[str, Any], record: dict[str, Any]) -> tuple[list, list]:
    indexed = [(k, p) for k, p in enumerate(dicts(record.get("people")))
               if isinstance(p.get("name"), str)]
    m = match(gold["people"], [p for _, p in indexed], person_similarity)
    return [gold["people"][i] for i in m.unmatched_gold], [indexed[j][0] for j in m.unmatched_pred]


def _signings(gold: dict[str, Any], record: dict[str, Any]) -> tuple[list, list]:
    m = match(gold["signings"], dicts(record.get("signings")), signing_similarity)
    return [gold["signings"][i] for i in m.unmatched_gold], m.unmatched_pred


def _locate(needle: str, text: str, offsets: OffsetMap, taken: list[tuple[int, int]]
            ) -> tuple[int, int] | None:
    """Raw span of the first occurrence of ``needle`` in ``text`` not overlapping ``taken``."""
    if not needle:
        return None
    at = text.find(needle)
    while at >= 0:
        span = offsets.to_raw(at, at + len(needle))
        if not any(span.start < e and s < span.end for s, e in taken):
            return span.start, span.end
        at = text.find(needle, at + 1)
    return None


def _confirmed(record: dict[str, Any], slot: str, spurious: list[int]) -> list[tuple[int, int]]:
    """Raw spans of the predicted items of ``slot`` that gold confirms."""
    spans = []
    for k, item in enumerate(dicts(record.get(slot))):
        if k in spurious:
            continue
        for span in dicts(item.get("mentions")) if slot == "people" else dicts([item.get("span")]):
            if isinstance(span.get("start"), int) and isinstance(span.get("end"), int):
                spans.append((span["start"], span["end"]))
    return spans


def gold_marks(gold: dict[str, Any], record: dict[str, Any], text: str | None,
               offsets: OffsetMap | None) -> GoldMarks:
    """Spurious ids and missed marks of one document (``text``: the working text)."""
    out = GoldMarks()
    spurious: set[str] = set()
    slots = (("amounts", "amount", "text", describe_amount), ("areas", "area", "text",
             describe_area), ("people", "person", "name", describe_person))
    for slot, kind, key, describe in slots:
        missed, extra = _quantities(slot, gold, record) if kind != "person" else _people(gold,
                                                                                        record)
        spurious.update(f"{kind}-{j}" for j in extra)
        used = _confirmed(record, slot, extra)
        for n, item in enumerate(missed):
            tip = f"missed ({kind}, gold): {describe(item)}"
            found = _locate(str(item.get(key) or ""), text, offsets, used) if text else None
            if found is None:
                out.unplaced.append(tip)
                continue
            used.append(found)
            out.missed.append(Mark(found[0], found[1], "miss", f"miss-{kind}-{n}", tip,
                                   (f"miss-{kind}",), (("data-gold-kind", kind),)))
    missed_signings, extra = _signings(gold, record)
    spurious.update(f"signing-{j}" for j in extra)
    out.unplaced += [f"missed (signing, gold): {describe_signing(s)}" for s in missed_signings]
    out.spurious = frozenset(spurious)
    return out
