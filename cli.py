"""xinwen command line: a thin layer over plain functions.

Each command lives in its own module, which provides ``HELP`` (one line),
``DESCRIPTION`` (with an ``Example:``), ``add_arguments(parser)`` and
``run(args) -> int`` (the exit code). This file only dispatches.
"""
from __future__ import annotations

import argparse
import importlib
import sys

# command name -> module implementing it (explicit table, no registration side effects)
COMMANDS: dict[str, str] = {
    "extract": "pipeline.batch",
    "eval": "eval.cli_eval",
    "train-ner": "pipeline.ner_train",
    "ner-bench": "eval.ner_bench",
}

DESCRIPTION = """\
Extract signings, money amounts, areas and people from Chinese news articles.

Example:
  python cli.py extract corpus/articles -o out/corpus.jsonl
  python cli.py eval --gold corpus/gold --pred out/corpus.jsonl
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="xinwen", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, module_name in COMMANDS.items():
        module = importlib.import_module(module_name)
        sub = subparsers.add_parser(
            name,
            help=module.HELP,
            description=module.DESCRIPTION,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        module.add_arguments(sub)
        sub.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
