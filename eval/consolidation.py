"""The consolidation test set and its scorer (issue 18).

The set: the corpus records (``cli.py extract corpus/articles``), the records of reprints of some
of its articles made by :mod:`eval.consolidation_reprints` and run through the real pipeline
(``dev016.traditional``, ``dev016.pinyin``, ``dev016.headline``, ``dev016.garbled`` …), and
the derived records of ``eval/data/consolidation_derived.json`` (hard negatives: one official
at two ceremonies, two 王伟 of two cities, a namesake, another ceremony of the same day and
district, a project signed and later started).

Expected identities: an item of a reprint is the item of its original (a reprint's base is the
``doc_id`` before the first ``.``); items of different documents are different unless the
``identities`` of the derived file join them. Items: officials ``(doc_id, name)``, events
``(doc_id, signing index)``, projects ``(doc_id, signing index, name)`` and the amounts the
identities name. The score is pairwise: every two items one output row holds is a predicted merge,
every two items of one expected identity a true one; precision and recall of merges per part.
Restorations are scored against the garbled reprints: the original name is the expected proposal.

Run it: ``python -m xinwen.eval.consolidation --out out/consolidation`` (writes the records and the
consolidated files there, prints the report).
"""

from __future__ import annotations

import argparse
import copy
import io
import json
import sys
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

from xinwen.eval.consolidation_reprints import DATA, load_reprints, write_reprints
from xinwen.pipeline.consolidate import Consolidation, consolidate

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "corpus" / "articles"
DERIVED_FILE = DATA / "consolidation_derived.json"
PARTS = ("officials", "events", "projects")
LOST = "?"


def base(doc_id: str) -> str:
    """The original of a reprint (``dev016.pinyin`` → ``dev016``); any other id is its own."""
    return doc_id.split(".", 1)[0]


# ------------------------------------------------------------------ building --


def derived_records(
    corpus: dict[str, dict[str, Any]], path: Path = DERIVED_FILE
) -> list[dict[str, Any]]:
    """The derived records: a corpus record's fields replaced by the entry's, or a new record."""
    out = []
    for entry in json.loads(path.read_text(encoding="utf-8"))["records"]:
        record = copy.deepcopy(corpus[entry["from"]]) if entry["from"] else _blank(entry["doc_id"])
        record["doc_id"] = entry["doc_id"]
        record["meta"] = {**record["meta"], **entry.get("meta", {})}
        for name in ("people", "amounts", "areas", "signings"):
            if name in entry:
                record[name] = entry[name]
        out.append(record)
    return out


def _blank(doc_id: str) -> dict[str, Any]:
    meta = dict.fromkeys(
        ("title", "outlet", "published_at", "event_date", "place", "venue", "region")
    )
    return {
        "schema_version": "1.1",
        "doc_id": doc_id,
        "status": "ok",
        "errors": [],
        "meta": meta,
        "people": [],
        "amounts": [],
        "areas": [],
        "signings": [],
        "entities": [],
    }


def extract_records(paths: list[str], nlp: Any = None) -> list[dict[str, Any]]:
    """Records of the real pipeline on ``paths`` (one ``extract`` run)."""
    from xinwen.pipeline.batch import extract

    buffer = io.StringIO()
    extract(paths, buffer, nlp=nlp)
    return [json.loads(line) for line in buffer.getvalue().splitlines()]


def build_set(out: Path, nlp: Any = None) -> list[dict[str, Any]]:
    """Corpus records, reprint records and derived records, written to ``out/records.jsonl``."""
    corpus = extract_records([str(ARTICLES)], nlp)
    by_id = {record["doc_id"]: record for record in corpus}
    titles = {doc_id: record["meta"]["title"] for doc_id, record in by_id.items()}
    write_reprints(ARTICLES, titles, out / "reprints")
    reprinted = extract_records([str(out / "reprints")], nlp)
    records = corpus + reprinted + derived_records(by_id)
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "records.jsonl", "w", encoding="utf-8") as handle:
        handle.writelines(json.dumps(record, ensure_ascii=False) + "\n" for record in records)
    return records


# ------------------------------------------------------------------ expected --


@dataclass(frozen=True)
class Expected:
    """Gold identity of every scored item, per part."""

    keys: dict[str, dict[tuple, str]]
    restorations: dict[tuple[str, str], str]  # (doc_id, lost name prefix) -> expected name


def expected(records: list[dict[str, Any]], path: Path = DERIVED_FILE) -> Expected:
    joined = _identities(path)
    keys: dict[str, dict[tuple, str]] = {part: {} for part in PARTS}
    for record in records:
        if record.get("status") != "ok":
            continue
        doc, home = record["doc_id"], base(record["doc_id"])
        for person in record["people"]:
            if person.get("category") == "official" and LOST not in person["name"]:
                name = person["name"]
                keys["officials"][(doc, name)] = joined.get(
                    ("officials", home, name), f"{home}:{name}"
                )
        for index, signing in enumerate(record["signings"]):
            keys["events"][(doc, index)] = joined.get(("events", home, index), f"{home}#{index}")
            for name in signing.get("projects") or ():
                keys["projects"][(doc, "signing", name)] = joined.get(
                    ("projects", home, "signing", name), f"{home}:{name}"
                )
    for (part, home, *item), identity in joined.items():
        if part == "projects" and item[0] == "amount":
            keys["projects"][(home, "amount", item[1])] = identity
    return Expected(keys, _expected_restorations())


def _identities(path: Path) -> dict[tuple, str]:
    table = json.loads(path.read_text(encoding="utf-8"))["identities"]
    return {
        (part, *item): identity
        for part, groups in table.items()
        for identity, items in groups.items()
        for item in items
    }


def _expected_restorations() -> dict[tuple[str, str], str]:
    return {(r.reprint_id, r.argument): r.argument for r in load_reprints() if r.kind == "garbled"}


# ------------------------------------------------------------------ scoring --


def predicted(
    result: Consolidation, records: list[dict[str, Any]], gold: Expected
) -> dict[str, list[list[tuple]]]:
    """The scored items each output row holds, per part."""
    by_id = {record["doc_id"]: record for record in records}
    people = [
        [
            (r["doc_id"], by_id[r["doc_id"]]["people"][r["person"]]["name"])
            for r in row["people_refs"]
        ]
        for row in result.officials
    ]
    events = [[(s["doc_id"], s["signing"]) for s in row["sources"]] for row in result.events]
    projects = []
    for row in result.projects:
        items = [
            (s["doc_id"], "signing", name)
            for s in row["signings"]
            for name in by_id[s["doc_id"]]["signings"][s["signing"]].get("projects") or ()
            if name in row["names"]
        ]
        items += [(a["doc_id"], "amount", a["amount"]) for a in row["amounts"]]
        projects.append([item for item in dict.fromkeys(items) if item in gold.keys["projects"]])
    return {"officials": people, "events": events, "projects": projects}


def pairwise(rows: list[list[tuple]], keys: dict[tuple, str]) -> dict[str, Any]:
    """Pairwise precision and recall of merges (a part with no true merge has recall None)."""
    guessed = {
        frozenset(pair) for row in rows for pair in combinations(sorted(set(row), key=str), 2)
    }
    groups: dict[str, list[tuple]] = defaultdict(list)
    for item, identity in keys.items():
        groups[identity].append(item)
    true = {
        frozenset(pair)
        for items in groups.values()
        for pair in combinations(sorted(items, key=str), 2)
    }
    hits = len(guessed & true)
    return {
        "predicted_pairs": len(guessed),
        "true_pairs": len(true),
        "correct": hits,
        "precision": hits / len(guessed) if guessed else None,
        "recall": hits / len(true) if true else None,
        "expected_rows": len(groups),
        "rows": len(rows),
        "false_merges": sorted(sorted(map(str, pair)) for pair in guessed - true),
        "missed_merges": sorted(sorted(map(str, pair)) for pair in true - guessed),
    }


def restoration_score(result: Consolidation, gold: Expected) -> dict[str, Any]:
    proposals = {(row["doc_id"], row["name"]): row["proposed"] for row in result.restorations}
    right = 0
    for (doc, name), want in gold.restorations.items():
        got = [
            p
            for (d, lost), p in proposals.items()
            if d == doc and name.startswith(lost.rstrip(LOST))
        ]
        right += got == [want]
    made = sum(1 for proposal in proposals.values() if proposal)
    return {"expected": len(gold.restorations), "correct": right, "proposed": made}


def score(result: Consolidation, records: list[dict[str, Any]], gold: Expected) -> dict[str, Any]:
    rows = predicted(result, records, gold)
    out = {part: pairwise(rows[part], gold.keys[part]) for part in PARTS}
    out["restorations"] = restoration_score(result, gold)
    return out


# ------------------------------------------------------------------ report --


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def report(
    scores: dict[str, Any], corpus_summary: dict[str, Any], set_summary: dict[str, Any]
) -> str:
    lines = [
        "corpus only (40 records): before "
        + json.dumps(corpus_summary["before"], ensure_ascii=False)
        + " after "
        + json.dumps(corpus_summary["after"], ensure_ascii=False),
        f"test set ({set_summary['records']} records): before "
        + json.dumps(set_summary["before"], ensure_ascii=False)
        + " after "
        + json.dumps(set_summary["after"], ensure_ascii=False),
        "",
        "part        rows/expected  pairs(pred/true/correct)  precision  recall",
    ]
    for part in PARTS:
        s = scores[part]
        lines.append(
            f"{part:<11} {s['rows']:>4}/{s['expected_rows']:<8} {s['predicted_pairs']:>5}/{s['true_pairs']}/{s['correct']:<14}"
            f" {_fmt(s['precision']):>9}  {_fmt(s['recall'])}"
        )
        lines += [f"   false merge: {pair}" for pair in s["false_merges"]]
        lines += [f"   missed merge: {pair}" for pair in s["missed_merges"]]
    r = scores["restorations"]
    lines.append(
        f"restorations: {r['correct']}/{r['expected']} expected proposals right, {r['proposed']} proposed in all"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Build the consolidation test set, consolidate it and score it."
    )
    parser.add_argument("--out", default="out/consolidation", help="folder for records and results")
    parser.add_argument("--json", help="also write the scores as JSON here")
    args = parser.parse_args(argv)
    out = Path(args.out)
    records = build_set(out)
    result = consolidate(records)
    from xinwen.pipeline.consolidate_output import write_consolidation

    write_consolidation(result, out / "consolidated")
    corpus = consolidate(
        [r for r in records if r["doc_id"] in {p.stem for p in ARTICLES.glob("*.txt")}]
    )
    write_consolidation(corpus, out / "corpus_only")
    scores = score(result, records, expected(records))
    print(report(scores, corpus.summary, result.summary))
    if args.json:
        Path(args.json).write_text(
            json.dumps(scores, ensure_ascii=False, indent=2), encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
