"""Rendering a :class:`eval.score.CorpusScore`: the monospace table, the error listing, JSON."""
from __future__ import annotations

from typing import Any

from xinwen.eval.score import CorpusScore, DocScore


def _fig(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def format_table(score: CorpusScore) -> str:
    """Per-slot figures, one row per slot, aligned in monospace."""
    width = max(len(r) for r in [*score.prf, *score.acc, "span validity"]) + 2
    lines = [f"{'slot':<{width}}{'tp':>6}{'fp':>6}{'fn':>6}{'P':>8}{'R':>8}{'F1':>8}"]
    for row, c in score.prf.items():
        lines.append(
            f"{row:<{width}}{c.tp:>6}{c.fp:>6}{c.fn:>6}"
            f"{_fig(c.precision):>8}{_fig(c.recall):>8}{_fig(c.f1):>8}"
        )
    lines += ["", f"{'accuracy':<{width}}{'correct':>9}{'n':>6}{'acc':>8}"]
    for row, a in score.acc.items():
        lines.append(f"{row:<{width}}{a.correct:>9}{a.n:>6}{_fig(a.accuracy):>8}")
    head = f"{'span validity':<{width}}{'valid':>9}{'checked':>9}{'share':>8}{'not checkable':>15}"
    lines += ["", head]
    for slot, s in score.spans.items():
        lines.append(f"{slot:<{width}}{s.valid:>9}{s.checked:>9}{_fig(s.share):>8}{s.unchecked:>15}")
    return "\n".join(lines)


def format_summary(score: CorpusScore) -> str:
    statuses = [d.status for d in score.documents]
    line = (
        f"documents scored: {len(statuses)} (ok {statuses.count('ok')}, "
        f"error {statuses.count('error')}, no prediction {statuses.count('missing')})"
    )
    if score.unscored_predictions:
        line += f"; predictions without gold (ignored): {len(score.unscored_predictions)}"
    if score.not_checkable:
        reasons = sorted(set(score.not_checkable.values()))
        n = len(score.not_checkable)
        line += f"\nspans not checkable in {n} document(s): {'; '.join(reasons)}"
    return line


def format_document(doc: DocScore) -> str:
    kinds = {"missed": "missed", "spurious": "spurious", "wrong": "wrong", "bad_span": "bad spans"}
    tally = ", ".join(
        f"{n} {label}" for k, label in kinds.items() if (n := sum(i.kind == k for i in doc.items))
    )
    notes = {"missing": " — no prediction", "error": " — record has status error"}
    note = notes.get(doc.status, "")
    width = max(len(i.slot) for i in doc.items) + 2
    lines = [f"{doc.doc_id}: {doc.n_errors} errors ({tally}){note}"]
    lines += [f"  {i.kind:<9}{i.slot:<{width}}{i.text}" for i in doc.items]
    return "\n".join(lines)


def format_errors(score: CorpusScore, limit: int | None = None) -> str:
    """Every missed, spurious and wrong item, grouped by document, worst documents first."""
    worst = score.worst_first()
    shown = worst if limit is None else worst[:limit]
    if not worst:
        return "No errors."
    head = f"Errors by document, worst first ({len(shown)} of {len(worst)} documents with errors):"
    return "\n\n".join([head, *map(format_document, shown)])


def to_json(score: CorpusScore, **extra: Any) -> dict[str, Any]:
    """The figures and per-document lists, JSON-ready (``extra`` keys go first)."""
    return {**extra, **score.as_dict()}
