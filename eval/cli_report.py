"""``xinwen report``: static HTML review pages for a records file."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from xinwen.eval.errors import Errors, EvalError

HELP = "Write static HTML review pages: one per document and a corpus dashboard."

DESCRIPTION = """\
Write self-contained HTML pages (inline CSS and script, nothing fetched) for
a records file: DIR/index.html, the corpus dashboard (sortable documents
table, charts of signed investment by month and region and of the officials
at most signings; with --gold also the eval table and F1 per slot), and
DIR/docs/<doc_id>.html per document: the raw text with every extracted item
highlighted (its normalized value on hover or focus), signing cards, error
records, and with --gold the missed (dashed) and spurious (struck) items.

The text is re-read from each record's source.path (tried from the working
directory, then from the records file's folder) and checked against
source.sha256; a missing or changed file shows a warning instead.

Example:
  python cli.py extract corpus/articles -o out/corpus.jsonl --force
  python cli.py report out/corpus.jsonl -o out/review --gold corpus/gold
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("records", type=Path, metavar="RECORDS.jsonl", help="records to review")
    parser.add_argument("-o", "--out", required=True, type=Path, metavar="DIR",
                        help="folder for index.html and docs/")
    parser.add_argument("--gold", type=Path, metavar="GOLD_DIR",
                        help="gold annotations: mark misses and spurious items, add eval tables")
    parser.add_argument("--force", action="store_true", help="overwrite an existing report")
    parser.add_argument("--text-key", default="text", help="text key of JSONL sources")
    parser.add_argument("--id-key", default="id", help="id key of JSONL sources")


def run(args: argparse.Namespace) -> int:
    from xinwen.eval.review.build import build_report
    from xinwen.eval.review.sources import SourceCache

    if not args.records.is_file():
        print(Errors.E221.format(path=args.records), file=sys.stderr)
        return 1
    index = args.out / "index.html"
    if index.exists() and not args.force:
        print(Errors.E222.format(path=index), file=sys.stderr)
        return 1
    try:
        summary = build_report(args.records, args.out, args.gold,
                               SourceCache(text_key=args.text_key, id_key=args.id_key))
    except EvalError as exc:
        print(exc, file=sys.stderr)
        return 1
    for note in summary.notes:
        print(note, file=sys.stderr)
    print(f"report: {summary.documents} documents → {index}", file=sys.stderr)
    return 0
