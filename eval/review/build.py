"""``report``: read the records, recover each text, write the dashboard and the pages.

One page per record line: a line that is not a JSON object with a string
``doc_id`` still gets a row and a page, as an error record (W221), so no
input goes missing. Page names come from :func:`eval.review.markup.safe_name`,
with ``-2``, ``-3`` … where two doc_ids give the same name.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xinwen.eval.errors import Errors
from xinwen.eval.review.dashboard import dashboard_page
from xinwen.eval.review.document import document_page
from xinwen.eval.review.markup import safe_name
from xinwen.eval.review.sources import SourceCache, SourceText, bases_for, source_text
from xinwen.eval.score import CorpusScore, score_corpus


@dataclass
class Summary:
    documents: int = 0
    pages: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _error_record(path: Path, number: int, reason: str) -> dict[str, Any]:
    message = Errors.W221.format(path=path, line=number, reason=reason)
    return {"doc_id": f"line {number}", "status": "error", "source": {}, "text": {},
            "errors": [{"stage": "report", "message": message}]}


def read_records(path: Path) -> Iterator[dict[str, Any]]:
    """Every non-blank line as a record; unusable lines as W221 error records."""
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield _error_record(path, number, f"invalid JSON: {exc}")
                continue
            if not isinstance(record, dict) or not isinstance(record.get("doc_id"), str):
                yield _error_record(path, number, "no string doc_id")
                continue
            yield record


def page_names(records: list[dict[str, Any]]) -> list[str]:
    """A distinct file name per record."""
    seen: dict[str, int] = {}
    names = []
    for record in records:
        base = safe_name(record["doc_id"])
        seen[base] = seen.get(base, 0) + 1
        names.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return names


def _score(gold_dir: Path, records: list[dict[str, Any]], texts: dict[str, SourceText]
           ) -> tuple[dict[str, Any], CorpusScore]:
    from xinwen.eval.gold import load_gold_dir
    from xinwen.eval.spans import default_normalizer

    golds = load_gold_dir(gold_dir)
    by_id: dict[str, dict[str, Any]] = {}
    for record in records:
        by_id.setdefault(record["doc_id"], record)
    raws = {d: t.raw for d, t in texts.items() if t.raw is not None}
    reasons = {d: t.warning for d, t in texts.items() if t.raw is None and t.warning}
    return golds, score_corpus(golds, by_id, raws, default_normalizer(), reasons)


def build_report(records_path: Path, out_dir: Path, gold_dir: Path | None = None,
                 cache: SourceCache | None = None) -> Summary:
    """Write ``out_dir/index.html`` and ``out_dir/docs/<name>.html``; raises EvalError on gold."""
    cache = cache or SourceCache()
    cache.bases = bases_for(records_path, cache.bases)
    records = list(read_records(records_path))
    texts = [source_text(r, cache) if r.get("status") == "ok" else SourceText(None)
             for r in records]
    first: dict[str, SourceText] = {}
    for record, text in zip(records, texts):
        first.setdefault(record["doc_id"], text)
    golds, score = _score(gold_dir, records, first) if gold_dir is not None else ({}, None)
    scores = {d.doc_id: d for d in score.documents} if score is not None else {}
    docs = out_dir / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    summary = Summary(documents=len(records))
    rows = []
    for record, text, name in zip(records, texts, page_names(records)):
        doc_id = record["doc_id"]
        html = document_page(record, text, golds.get(doc_id), scores.get(doc_id))
        target = docs / f"{name}.html"
        target.write_text(html, encoding="utf-8")
        summary.pages.append(target)
        rows.append((record, f"docs/{name}.html"))
    if score is not None and score.unscored_predictions:
        ids = ", ".join(score.unscored_predictions[:10])
        summary.notes.append(Errors.W201.format(n=len(score.unscored_predictions), ids=ids))
    index = dashboard_page(rows, summary.notes, score, records_path.name)
    (out_dir / "index.html").write_text(index, encoding="utf-8")
    return summary
