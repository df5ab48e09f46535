"""Scoring a prediction file against a gold directory: documents, then the corpus.

Documents are paired by doc_id. A gold document without a prediction is scored
against an empty record (every gold item missed); a record with
``status: "error"`` counts as empty too. Predictions whose doc_id has no gold
are not scored (the report names them). Figures are micro-averaged: the
per-document counts are summed, then P/R/F1 computed once (:mod:`eval.metrics`).
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from xinwen.eval.metrics import PRF, Accuracy, Share
from xinwen.eval.slots import (
    Item,
    SlotResult,
    score_meta,
    score_people,
    score_quantities,
    score_signings,
    with_role_names,
)
from xinwen.eval.spans import SPAN_SLOTS, check_spans
from xinwen.pipeline.registry import SLOTS

#: row order of the table (PRF rows, then accuracy rows): each slot's rows in registry order
#: (pipeline/registry.py), then the meta rows
PRF_ROWS = (
    *(row for slot in SLOTS for row in slot.prf_rows),
    "meta.reporters", "meta.correspondents",
)
ACCURACY_ROWS = (
    *(row for slot in SLOTS for row in slot.accuracy_rows),
    "meta.title", "meta.published_at", "meta.event_date", "meta.place", "meta.place_lenient",
    "meta.region",
)

EMPTY_RECORD: dict[str, Any] = {"meta": {}, **{slot.name: [] for slot in SLOTS if slot.prf_rows}}


@dataclass
class DocScore:
    doc_id: str
    status: str  # "ok", "error" (scored as empty) or "missing" (no prediction)
    prf: dict[str, PRF]
    acc: dict[str, Accuracy]
    spans: dict[str, Share]
    items: list[Item]

    @property
    def n_errors(self) -> int:
        return len(self.items)

    def as_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "status": self.status,
            "errors": self.n_errors,
            "missed": [i.as_dict() for i in self.items if i.kind == "missed"],
            "spurious": [i.as_dict() for i in self.items if i.kind == "spurious"],
            "wrong": [i.as_dict() for i in self.items if i.kind == "wrong"],
            "bad_spans": [i.as_dict() for i in self.items if i.kind == "bad_span"],
            "scores": {row: c.as_dict() for row, c in {**self.prf, **self.acc}.items()},
            "span_validity": {slot: s.as_dict() for slot, s in self.spans.items()},
        }


@dataclass
class CorpusScore:
    documents: list[DocScore]
    unscored_predictions: list[str] = field(default_factory=list)
    not_checkable: dict[str, str] = field(default_factory=dict)  # doc_id -> reason

    @property
    def prf(self) -> dict[str, PRF]:
        return {row: sum((d.prf[row] for d in self.documents), PRF()) for row in PRF_ROWS}

    @property
    def acc(self) -> dict[str, Accuracy]:
        return {row: sum((d.acc[row] for d in self.documents), Accuracy()) for row in ACCURACY_ROWS}

    @property
    def spans(self) -> dict[str, Share]:
        per_slot = {s: sum((d.spans[s] for d in self.documents), Share()) for s in SPAN_SLOTS}
        return {**per_slot, "all": sum(per_slot.values(), Share())}

    def worst_first(self) -> list[DocScore]:
        """Documents with errors, most errors first (ties by doc_id)."""
        with_errors = [d for d in self.documents if d.n_errors]
        return sorted(with_errors, key=lambda d: (-d.n_errors, d.doc_id))

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents_scored": len(self.documents),
            "predictions_without_gold": self.unscored_predictions,
            "slots": {row: c.as_dict() for row, c in self.prf.items()},
            "accuracy": {row: c.as_dict() for row, c in self.acc.items()},
            "span_validity": {slot: s.as_dict() for slot, s in self.spans.items()},
            "span_not_checkable": self.not_checkable,
            "documents": [d.as_dict() for d in sorted(self.documents, key=lambda d: d.doc_id)],
        }


def _status(record: dict[str, Any] | None) -> str:
    if record is None:
        return "missing"
    return "error" if record.get("status") == "error" else "ok"


def score_document(
    gold: dict[str, Any],
    record: dict[str, Any] | None,
    raw: str | None = None,
    normalize: Callable[[str], str] | None = None,
) -> DocScore:
    """One gold document against its record (None: no prediction).

    Span validity is checked where ``normalize`` is given and the record is
    scored (``raw`` None → its spans count as not checkable).
    """
    status = _status(record)
    pred = record if status == "ok" and record is not None else EMPTY_RECORD
    result = SlotResult()
    result.update(score_people(gold["people"], pred.get("people")))
    for slot in SLOTS:  # amounts, areas, jobs (a gold file without the slot has none)
        if slot.scorer == "quantity":
            result.update(score_quantities(slot.name, gold.get(slot.name, []), pred.get(slot.name),
                                           gold.get(f"optional_{slot.name}", [])))
    signings = with_role_names(pred.get("signings"), pred.get("people"))
    result.update(score_signings(gold["signings"], signings))
    result.update(score_meta(gold["meta"], pred.get("meta"), gold["people"]))
    spans = {slot: Share() for slot in SPAN_SLOTS}
    if normalize is not None and status == "ok":
        spans, bad = check_spans(pred, raw, normalize)
        result.items.extend(bad)
    return DocScore(gold["doc_id"], status, result.prf, result.acc, spans, result.items)


def score_corpus(
    golds: Mapping[str, dict[str, Any]],
    records: Mapping[str, dict[str, Any]],
    raws: Mapping[str, str] | None = None,
    normalize: Callable[[str], str] | None = None,
    not_checkable: Mapping[str, str] | None = None,
) -> CorpusScore:
    """Every gold document (sorted by doc_id) against the record of the same doc_id."""
    raws = raws or {}
    documents = [
        score_document(golds[d], records.get(d), raws.get(d), normalize) for d in sorted(golds)
    ]
    scored = {d.doc_id for d in documents if d.status == "ok"}
    reasons = {d: r for d, r in (not_checkable or {}).items() if d in scored}
    if normalize is not None:
        reasons.update({d: "no raw text" for d in scored if d not in raws and d not in reasons})
    return CorpusScore(
        documents=documents,
        unscored_predictions=sorted(set(records) - set(golds)),
        not_checkable=dict(sorted(reasons.items())),
    )
