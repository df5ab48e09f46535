"""Huge documents: processed in paragraph windows, merged into one record with raw offsets.

A document longer than ``max_chars`` is cut into consecutive windows of at
most ``max_chars`` characters, each ending just after a line break (else after
a sentence end ``。！？``), covering the raw text exactly. Each window is a
document of its own through the whole pipeline; the records are merged:
every span shifted by its window's start (so offsets index the whole raw
text), lists concatenated in text order, people of the same name across
windows merged into one (mentions joined, the first window's titles kept),
``meta`` taken from the first window with gaps filled from later ones,
``text`` counts summed (``form`` ``mixed`` when the windows differ). The
record carries warning W081. A stretch of ``max_chars`` characters without
a break to cut at is an E086 record; so is any window's failure (its code and
message kept), since a partial record would silently miss facts.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from xinwen.pipeline.doc import Document
from xinwen.pipeline.errors import Errors, Warnings
from xinwen.pipeline.export import dumps, failed, schema_problems
from xinwen.pipeline.ids import assign_ids
from xinwen.pipeline.patterns import fixed_pattern
from xinwen.pipeline.pipeline import Pipeline
from xinwen.pipeline.registry import SLOTS

STAGE = "windows"
_SENTENCE_END = fixed_pattern("text_patterns.tsv", "text.window_sentence_end")

Result = tuple[dict[str, Any], str]


def paragraph_windows(raw: str, max_chars: int) -> list[tuple[int, int]] | None:
    """``[start, end)`` windows of at most ``max_chars`` covering ``raw``; ``None`` if one cannot be cut.

    >>> paragraph_windows("ab\\ncd\\nef", 4)
    [(0, 3), (3, 6), (6, 8)]
    >>> paragraph_windows("青岛。崂山。", 4)
    [(0, 3), (3, 6)]
    >>> paragraph_windows("abcdef", 4) is None
    True
    """
    windows, start = [], 0
    while len(raw) - start > max_chars:
        piece = raw[start:start + max_chars]
        cut = piece.rfind("\n") + 1
        if cut == 0:
            ends = list(_SENTENCE_END.finditer(piece))
            cut = ends[-1].end() if ends else 0
        if cut == 0:
            return None
        windows.append((start, start + cut))
        start += cut
    windows.append((start, len(raw)))
    return windows


def process_windows(doc: Document, nlp: Pipeline, max_chars: int,
                    process_one: Callable[[Document, Pipeline], Result]) -> Result:
    """The merged record of ``doc`` processed window by window with ``process_one``."""
    windows = paragraph_windows(doc.raw, max_chars)
    if windows is None:
        message = Errors.E086.format(chars=len(doc.raw), limit=max_chars)
        return failed(doc, STAGE, "E086", message, extractor=nlp.extractor)
    records = []
    for start, end in windows:
        part = Document(doc_id=doc.doc_id, raw=doc.raw[start:end], source=doc.source)
        record, _ = process_one(part, nlp)
        if record["status"] != "ok":
            error = next(e for e in record["errors"] if e["code"].startswith("E"))
            return failed(doc, error["stage"], error["code"], error["message"],
                          extractor=nlp.extractor)
        records.append((start, record))
    merged = merge(doc, records, max_chars)
    problems = schema_problems(merged)
    if problems:
        message = Errors.E040.format(stage=STAGE, reason="; ".join(problems[:3]))
        return failed(doc, STAGE, "E040", message, extractor=nlp.extractor)
    return merged, dumps(merged)


def merge(doc: Document, records: list[tuple[int, dict[str, Any]]], max_chars: int
          ) -> dict[str, Any]:
    """One record from the window records ``(window start, record)``."""
    first = records[0][1]
    notice = {"stage": STAGE, "code": "W081",
              "message": Warnings.W081.format(windows=len(records), limit=max_chars)}
    errors = [d.as_dict() for d in doc.diagnostics] + [notice]
    for _, record in records:
        errors += [e for e in record["errors"] if e not in errors]
    forms = {record["text"]["form"] for _, record in records}
    merged = {
        **first,
        "errors": errors,
        "text": {
            "form": forms.pop() if len(forms) == 1 else "mixed",
            "chars": len(doc.raw),
            "repaired": sum(r["text"]["repaired"] for _, r in records),
            "unrecoverable": sum(r["text"]["unrecoverable"] for _, r in records),
        },
        "meta": _merged_meta([record["meta"] for _, record in records]),
        "people": _merged_people(records),
    }
    for slot in SLOTS:  # the slot registry; people are merged by name above
        if slot.name != "people":
            shift = _shift_spans if slot.name == "signings" else _shift_span
            merged[slot.name] = [shift(item, start) for start, record in records
                                 for item in record[slot.name]]
    ner = _merged_ner(records)
    if ner is not None:
        merged["extractor"] = {**first.get("extractor", {}), "ner": ner}
    return assign_ids(merged)  # the windows' ids renumbered in the merged lists


def _merged_ner(records: list[tuple[int, dict[str, Any]]]) -> dict[str, Any] | None:
    """``extractor.ner`` of the whole document: the windows' counts added, their spans shifted."""
    blocks = [(start, record.get("extractor", {}).get("ner")) for start, record in records]
    if any(block is None for _, block in blocks):
        return None
    counts = ("sentences", "sentences_total", "chars", "chars_total")
    return {
        "scope": blocks[0][1]["scope"],
        **{key: sum(block[key] for _, block in blocks) for key in counts},
        "spans": [_span(span, start) for start, block in blocks for span in block["spans"]],
    }


def _span(span: dict[str, Any], offset: int) -> dict[str, Any]:
    """``span`` shifted by ``offset``; other keys (a mention's ``rule``) kept."""
    return {**span, "start": span["start"] + offset, "end": span["end"] + offset}


def _shift_span(item: dict[str, Any], offset: int) -> dict[str, Any]:
    return {**item, "span": _span(item["span"], offset)}


def _shift_spans(item: dict[str, Any], offset: int) -> dict[str, Any]:
    return {**item, "spans": [_span(span, offset) for span in item["spans"]]}


def _merged_people(records: list[tuple[int, dict[str, Any]]]) -> list[dict[str, Any]]:
    people: dict[str, dict[str, Any]] = {}
    for start, record in records:
        for person in record["people"]:
            mentions = [_span(span, start) for span in person["mentions"]]
            if person["name"] in people:
                people[person["name"]]["mentions"] += mentions
            else:
                people[person["name"]] = {**person, "mentions": mentions}
    return list(people.values())


def _merged_meta(metas: list[dict[str, Any]]) -> dict[str, Any]:
    merged = dict(metas[0])
    for meta in metas[1:]:
        for key, value in meta.items():
            if isinstance(value, list):
                merged[key] = merged[key] + [v for v in value if v not in merged[key]]
            elif key == "rules":  # the rule of a field a later window filled
                merged[key] = {**value, **merged[key]}
            elif merged[key] is None:
                merged[key] = value
    return merged
