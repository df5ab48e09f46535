"""xinwen command line: a thin layer over plain functions.

Each command lives in its own module, which provides ``HELP`` (one line),
``DESCRIPTION`` (with an ``Example:``), ``add_arguments(parser)`` and
``run(args) -> int`` (the exit code). This file only dispatches.
"""
from __future__ import annotations

import argparse
import importlib
import sys

from xinwen import __version__

# command name -> (module implementing it, one-line help). Explicit table: only the
# chosen command's module is imported, so `extract` never loads training code.
COMMANDS: dict[str, tuple[str, str]] = {
    "extract": ("xinwen.pipeline.batch", "extract records from articles (JSONL, optional tables)"),
    "eval": ("xinwen.eval.cli_eval", "score records against gold annotations"),
    "report": ("xinwen.eval.cli_report", "write static HTML review pages and a corpus dashboard"),
    "train-ner": ("xinwen.pipeline.ner_tools.train", "train a HanLP NER model on public NER data"),
    "ner-bench": ("xinwen.eval.ner_bench", "benchmark NER backends on public test sets"),
    "export": ("xinwen.pipeline.export_tables", "build the flat tables from an earlier run's records"),
    "validate": ("xinwen.pipeline.validate", "check records against the schema, date formats, spans and ids"),
    "bench": ("xinwen.pipeline.bench", "benchmark extraction speed and memory on a synthetic archive"),
    "consolidate": ("xinwen.pipeline.consolidate", "consolidate records: officials, events, projects, restorations"),
    "explain": ("xinwen.pipeline.explain", "show a text's extracted items with their rule ids, and why a text was (not) read"),
}

DESCRIPTION = """\
Extract signings, money amounts, areas and people from Chinese news articles.

Example:
  python cli.py extract corpus/articles -o out/corpus.jsonl
  python cli.py eval --gold corpus/gold --pred out/corpus.jsonl
"""


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; the arguments of ``command`` (if given) are loaded from its module."""
    parser = argparse.ArgumentParser(
        prog="xinwen", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"xinwen {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, (module_name, help_text) in COMMANDS.items():
        sub = subparsers.add_parser(
            name, help=help_text, formatter_class=argparse.RawDescriptionHelpFormatter
        )
        if name == command:
            module = importlib.import_module(module_name)
            sub.description = module.DESCRIPTION
            sub.epilog = getattr(module, "EPILOG", None)
            module.add_arguments(sub)
            sub.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    command = argv[0] if argv and argv[0] in COMMANDS else None
    args = build_parser(command).parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
