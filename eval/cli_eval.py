"""``xinwen eval``: score contract-v1 records against the gold annotations."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from xinwen.eval.coverage import coverage, format_coverage
from xinwen.eval.errors import Errors, EvalError
from xinwen.eval.gold import load_gold_dir, load_predictions
from xinwen.eval.report import format_errors, format_summary, format_table, to_json
from xinwen.eval.score import CorpusScore, score_corpus
from xinwen.eval.spans import default_normalizer, load_raw_texts

HELP = "Score extraction records against gold annotations (P/R/F1 per slot)."

DESCRIPTION = """\
Compare records (JSONL, output contract v1) with gold annotations (one
<doc_id>.json per article, see ../shared/spec/ANNOTATION.md) and print
precision, recall and F1 per slot, micro-averaged over documents, then every
missed, spurious and wrong item per document, worst documents first.

Documents are paired by doc_id; a gold document without a record counts all
its items as missed, and a record with status "error" counts as empty. Span
validity re-reads each record's source.path to check that the raw text at
every span normalizes to the value's text.

Example:
  python cli.py eval --gold corpus/gold --pred out/corpus.jsonl --json out/eval.json --errors 3
"""


def _count(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a number >= 0, got {text}")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--gold", required=True, type=Path, metavar="DIR",
                        help="folder of gold files <doc_id>.json")
    parser.add_argument("--pred", required=True, type=Path, metavar="FILE.jsonl",
                        help="records to score (contract v1 JSONL)")
    parser.add_argument("--json", type=Path, metavar="OUT.json",
                        help="also write the figures and per-document lists as JSON")
    parser.add_argument("--rules", action="store_true",
                        help="also print which rule ids fired on which documents")
    parser.add_argument("--errors", type=_count, metavar="N", default=None,
                        help="list the errors of the N worst documents only "
                             "(default: all; 0: none)")


def evaluate(gold_dir: Path, pred_path: Path) -> CorpusScore:
    """Load, check spans through the pipeline's reader and normalizer, and score."""
    golds = load_gold_dir(gold_dir)
    records = load_predictions(pred_path)
    scored = [r for d, r in records.items() if d in golds and r.get("status") != "error"]
    try:
        normalize = default_normalizer()
    except ImportError as exc:
        reason = f"pipeline.normalize.normalize_text unavailable: {exc}"
        return score_corpus(golds, records, {}, str, {r["doc_id"]: reason for r in scored})
    raws, reasons = load_raw_texts(scored, bases=[pred_path.resolve().parent])
    return score_corpus(golds, records, raws, normalize, reasons)


def run(args: argparse.Namespace) -> int:
    try:
        score = evaluate(args.gold, args.pred)
    except EvalError as exc:
        print(exc, file=sys.stderr)
        return 1
    if score.unscored_predictions:
        ids = ", ".join(score.unscored_predictions[:10])
        print(Errors.W201.format(n=len(score.unscored_predictions), ids=ids), file=sys.stderr)
    print(format_summary(score))
    print()
    print(format_table(score))
    if getattr(args, "rules", False):
        print()
        print(format_coverage(coverage(load_predictions(args.pred))))
    if args.errors != 0:
        print()
        print(format_errors(score, args.errors))
    if args.json is not None:
        figures = to_json(score, gold=str(args.gold), pred=str(args.pred))
        args.json.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(figures, ensure_ascii=False, indent=2) + "\n"
        args.json.write_text(text, encoding="utf-8")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="xinwen eval", description=DESCRIPTION,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
