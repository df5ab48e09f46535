"""The corpus dashboard (``index.html``): documents table, eval table, charts."""
from __future__ import annotations

from typing import Any

from xinwen.eval.review.aggregate import (
    YI,
    investment_by_month,
    investment_by_region,
    officials_at_signings,
    slot_counts,
)
from xinwen.eval.review.markup import esc, page, ratio
from xinwen.eval.review.svg import Chart, bar_chart
from xinwen.eval.score import ACCURACY_ROWS, PRF_ROWS, CorpusScore, DocScore
from xinwen.pipeline.registry import SLOT_NAMES, SLOTS

#: the slots a document's worst F1 is looked for in: those the registry scores by name
WORST_SLOTS = tuple(slot.name for slot in SLOTS if slot.name in slot.prf_rows)
F1_ROWS = ("people", "officials", "titles", "amounts", "amounts.subject", "areas", "signings",
           "signings.projects", "signings.parties", "signings.signatories", "signings.fields")
COUNT_COLUMNS = SLOT_NAMES  # items per slot of the registry, in record order


def worst_slot(score: DocScore) -> tuple[str, float] | None:
    """The main slot with the lowest F1 on this document (slots with no items skipped)."""
    found = [(score.prf[s].f1, s) for s in WORST_SLOTS if score.prf[s].f1 is not None]
    if not found:
        return None
    f1, slot = min(found)
    return slot, f1


def _head(columns: list[tuple[str, str]]) -> str:
    cells = "".join(f'<th scope="col" data-type="{kind}"><button type="button">{esc(name)}'
                    f'</button></th>' for name, kind in columns)
    return f"<thead><tr>{cells}</tr></thead>"


def _row(record: dict[str, Any], href: str, score: DocScore | None, gold: bool) -> str:
    text = record.get("text") if isinstance(record.get("text"), dict) else {}
    source = record.get("source") if isinstance(record.get("source"), dict) else {}
    counts = slot_counts(record)
    cells = [f'<td class="id"><a href="{esc(href)}">{esc(record.get("doc_id"))}</a></td>',
             f"<td>{esc(text.get('form'))}</td>", f"<td>{esc(source.get('encoding'))}</td>",
             f"<td>{esc(record.get('status'))}</td>"]
    cells += [f'<td data-sort="{counts[c]}">{counts[c]}</td>' for c in COUNT_COLUMNS]
    n_errors = len(record.get("errors") or [])
    cells.append(f'<td data-sort="{n_errors}">{n_errors}</td>')
    if gold:
        worst = worst_slot(score) if score is not None else None
        if worst is None:
            cells.append('<td data-sort="">—</td>')
        else:
            cells.append(f'<td data-sort="{worst[1]!r}">{ratio(worst[1])} ({esc(worst[0])})</td>')
    return f'<tr data-doc="{esc(record.get("doc_id"))}">{"".join(cells)}</tr>'


def documents_table(records: list[tuple[dict[str, Any], str]],
                    scores: dict[str, DocScore] | None) -> str:
    columns = [("document", "text"), ("form", "text"), ("encoding", "text"), ("status", "text")]
    columns += [(c, "number") for c in COUNT_COLUMNS] + [("errors", "number")]
    if scores is not None:
        columns.append(("worst-slot F1", "number"))
    rows = "".join(_row(r, href, (scores or {}).get(r.get("doc_id")), scores is not None)
                   for r, href in records)
    return (f'<table class="sortable" id="documents">{_head(columns)}<tbody>{rows}</tbody>'
            "</table>")


def eval_table(score: CorpusScore) -> str:
    prf = score.prf
    rows = "".join(
        f'<tr data-row="{esc(n)}"><th scope="row">{esc(n)}</th><td>{c.tp}</td><td>{c.fp}</td>'
        f"<td>{c.fn}</td><td>{ratio(c.precision)}</td><td>{ratio(c.recall)}</td>"
        f"<td>{ratio(c.f1)}</td></tr>" for n, c in prf.items() if n in PRF_ROWS)
    acc = score.acc
    acc_rows = "".join(
        f'<tr data-row="{esc(n)}"><th scope="row">{esc(n)}</th><td>{a.correct}</td>'
        f"<td>{a.n}</td><td>{ratio(a.accuracy)}</td></tr>" for n, a in acc.items()
        if n in ACCURACY_ROWS)
    return ('<table class="eval" id="eval"><thead><tr><th>slot</th><th>tp</th><th>fp</th>'
            '<th>fn</th><th>precision</th><th>recall</th><th>F1</th></tr></thead>'
            f'<tbody>{rows}</tbody></table><table class="eval" id="accuracy"><thead><tr>'
            f'<th>field</th><th>correct</th><th>of</th><th>accuracy</th></tr></thead>'
            f'<tbody>{acc_rows}</tbody></table>')


def charts(records: list[dict[str, Any]], score: CorpusScore | None) -> str:
    n_docs = len(score.documents) if score is not None else 0
    items = []
    if score is not None:
        f1 = [(row, score.prf[row].f1) for row in F1_ROWS if score.prf[row].f1 is not None]
        items.append(Chart("chart-f1", f"F1 per slot against gold ({n_docs} documents, micro)",
                           "F1 (0–1, unitless)", "slot", f1, "{:.3f}", 1.0))
    yi = "signed investment (亿元 = 10⁸ CNY)"
    by_month = [(m, v / YI) for m, v in investment_by_month(records)]
    items.append(Chart("chart-month", "Signed investment by month (signings' total_investment)",
                       yi, "month", by_month))
    by_region = [(r, v / YI) for r, v in investment_by_region(records)]
    items.append(Chart("chart-region", "Signed investment by region (top 12)", yi,
                       "region / place", by_region))
    officials = [(n, float(c)) for n, c in officials_at_signings(records)]
    items.append(Chart("chart-officials", "Officials at most signings (top 10)",
                       "signings attended (count)", "official", officials, "{:,.0f}"))
    return '<section class="charts" aria-label="charts">' + "".join(
        bar_chart(c) for c in items) + "</section>"


def dashboard_page(records: list[tuple[dict[str, Any], str]], notes: list[str],
                   score: CorpusScore | None, title: str) -> str:
    scores = {d.doc_id: d for d in score.documents} if score is not None else None
    plain = [r for r, _ in records]
    n_ok = sum(1 for r in plain if r.get("status") == "ok")
    body = [f"<header><h1>xinwen review: {esc(title)}</h1>"
            f'<p class="summary">{len(plain)} documents, {n_ok} ok, '
            f"{len(plain) - n_ok} with status error.</p></header>"]
    body += [f'<p class="warning-card" role="alert">{esc(n)}</p>' for n in notes]
    body.append("<h2>Documents</h2>" + documents_table(records, scores))
    if score is not None:
        body.append("<h2>Evaluation against gold</h2>" + eval_table(score))
    body.append("<h2>Charts</h2>" + charts(plain, score))
    return page(f"xinwen review — {title}", "\n".join(body))
