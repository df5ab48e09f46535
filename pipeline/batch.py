"""The ``extract`` command: inputs → pipeline → one JSONL record per document.

``extract()`` is the plain function (library use, tests); ``run()`` is the
CLI layer over it: checks the output paths, builds the pipeline, opens the
output, prints logs and the summary to stderr and turns the summary into the
exit code (0 all documents ok, 1 any document failed or could not be read,
2 usage error — argparse's own, or a pipeline that cannot be built).

A document whose processing raises gets a ``status: "error"`` record (E040,
naming the stage) and the run goes on; so does an unreadable input (its
E03x record). Every record is checked against ``schemas/record.schema.json``
before it is written: one that does not match becomes an E040 record of stage
``export``, so the output always validates.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from pipeline.doc import Document
from pipeline.errors import Errors, PipelineError
from pipeline.export import dumps, error_record, schema_problems, to_record
from pipeline.pipeline import Pipeline, PipelineConfig, build_pipeline
from pipeline.readers import ReadFailure, iter_inputs
from pipeline.tables import TableWriter, table_paths

HELP = "Extract records from articles into JSON Lines, one record per document."
DESCRIPTION = """\
Read articles (.txt, .html/.htm, .jsonl, each optionally .gz; a folder is read
recursively in sorted order; - reads stdin) and write one JSON record per
document (schemas/record.schema.json), in input order, to stdout or -o FILE.
Logs and the summary go to stderr. A document that cannot be read or processed
gets a record with status "error" and the run goes on.

Exit status: 0 every document ok; 1 some document failed, or the output exists
(use --force); 2 usage error.

Example:
  python cli.py extract corpus/articles -o out/corpus.jsonl --tables out/tables
  python cli.py extract corpus/articles/seed.txt | head -c 400
  zcat news.jsonl.gz | python cli.py extract - --text-key content --id-key url
"""
SHOWN_SCHEMA_PROBLEMS = 3  # problems quoted in an E040 export message
PROGRESS_EVERY = 100

Log = Callable[[str], None]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="a file, a folder (read recursively) or - for stdin")
    parser.add_argument("-o", "--output", metavar="OUT.jsonl",
                        help="write the records to this file (default, or -: stdout)")
    parser.add_argument("--force", action="store_true",
                        help="overwrite an existing output file or tables")
    parser.add_argument("--tables", metavar="DIR",
                        help="also write flat tables (CSV, and Parquet when pyarrow is installed)")
    parser.add_argument("--text-key", default="text", metavar="KEY",
                        help="JSONL key holding the article text (default: %(default)s)")
    parser.add_argument("--id-key", default="id", metavar="KEY",
                        help="JSONL key holding the document id (default: %(default)s)")
    parser.add_argument("--ner-backend", default=PipelineConfig.ner_backend, metavar="NAME",
                        help="named-entity recogniser (default: %(default)s)")
    parser.add_argument("--ner-model", default=PipelineConfig.ner_model, metavar="PATH",
                        help="model for NER backends that load one")
    parser.add_argument("--with-text", action="store_true",
                        help="embed the raw text the spans index in text.raw (for archives "
                             "whose source files move; read by `report`)")
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="log only failures and the summary")


def run(args: argparse.Namespace) -> int:
    def log(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    if args.output == "-":
        args.output = None

    taken = _existing_outputs(args)
    if taken and not args.force:
        for path in taken:
            log(Errors.E041.format(path=path))
        return 1
    config = PipelineConfig(ner_backend=args.ner_backend, ner_model=args.ner_model)
    try:
        nlp = build_pipeline(config)
    except PipelineError as exc:
        log(str(exc))
        return 2
    with ExitStack() as stack:
        if args.output:
            Path(args.output).parent.mkdir(parents=True, exist_ok=True)
            out = stack.enter_context(open(args.output, "w", encoding="utf-8", newline="\n"))
        else:
            out = sys.stdout
        try:
            summary = extract(
                args.paths, out, nlp=nlp, text_key=args.text_key, id_key=args.id_key,
                tables=args.tables, log=log, progress=not args.quiet, with_text=args.with_text,
            )
        except BrokenPipeError:  # the reader of stdout left (| head): stop quietly
            _silence_stdout()
            return 1
    log(summary_line(summary, args.output))
    return 0 if summary["failed"] == 0 else 1


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's final flush cannot fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _existing_outputs(args: argparse.Namespace) -> list[str]:
    paths = [Path(args.output)] if args.output else []
    if args.tables:
        paths += table_paths(args.tables)
    return [str(path) for path in paths if path.exists()]


def summary_line(summary: dict[str, Any], output: str | None) -> str:
    where = f" -> {output}" if output else ""
    count = summary["documents"]
    noun = "document" if count == 1 else "documents"
    return (
        f"{count} {noun}: {summary['ok']} ok, {summary['failed']} failed"
        f" ({summary['seconds']:.1f} s){where}"
    )


def extract(
    paths: Sequence[str],
    out: TextIO,
    *,
    config: PipelineConfig | None = None,
    nlp: Pipeline | None = None,
    text_key: str = "text",
    id_key: str = "id",
    tables: str | Path | None = None,
    stdin: BinaryIO | None = None,
    log: Log | None = None,
    progress: bool = False,
    with_text: bool = False,
) -> dict[str, Any]:
    """Write one JSONL record per input document to ``out``; the run's summary.

    ``nlp`` is a prebuilt pipeline (else one is built from ``config``).
    ``tables`` is a folder for the flat tables (``pipeline.tables``). ``log``
    receives one line per failed document (and progress lines if
    ``progress``). The summary: ``documents``, ``ok``, ``failed``,
    ``failures`` (``doc_id``, ``code``, ``message`` of each failed document),
    ``seconds`` and ``tables`` (paths written). ``with_text`` puts the raw
    text into each ok record's ``text.raw``.
    """
    started = time.perf_counter()
    nlp = nlp if nlp is not None else build_pipeline(config)
    summary: dict[str, Any] = {"documents": 0, "ok": 0, "failed": 0, "failures": [], "tables": []}
    writer = TableWriter(tables) if tables is not None else None
    try:
        items = iter_inputs(paths, text_key=text_key, id_key=id_key, stdin=stdin)
        for record, line in iter_records(items, nlp, with_text=with_text):
            out.write(line + "\n")
            if writer is not None:
                writer.add(record)
            _count(summary, record, log)
            if progress and log and summary["documents"] % PROGRESS_EVERY == 0:
                log(f"... {summary['documents']} documents")
    finally:
        if writer is not None:
            summary["tables"] = [str(path) for path in writer.close()]
    out.flush()
    summary["seconds"] = time.perf_counter() - started
    return summary


def _count(summary: dict[str, Any], record: dict[str, Any], log: Log | None) -> None:
    summary["documents"] += 1
    if record["status"] == "ok":
        summary["ok"] += 1
        return
    summary["failed"] += 1
    for error in record["errors"]:
        summary["failures"].append(
            {"doc_id": record["doc_id"], "code": error["code"], "message": error["message"]}
        )
        if log:
            log(f"{record['doc_id']}: {error['message']}")


def iter_records(
    items: Iterator[Document | ReadFailure], nlp: Pipeline, with_text: bool = False
) -> Iterator[tuple[dict[str, Any], str]]:
    """``(record, JSONL line)`` for each input item, in order; never raises for one document."""
    for item in items:
        if isinstance(item, ReadFailure):
            record = error_record(item)
            yield record, dumps(record)
        else:
            yield process(item, nlp, with_text)


def process(doc: Document, nlp: Pipeline, with_text: bool = False) -> tuple[dict[str, Any], str]:
    """Run ``nlp`` on ``doc`` and export it; a failure becomes an E040 error record.

    ``with_text`` adds the raw text as ``text.raw`` (``extract --with-text``).
    """
    stage = "export"
    try:
        nlp(doc)
    except Exception as exc:  # noqa: BLE001 - a stage bug costs one document, not the run
        # Pipeline.__call__ records each finished stage, so the first unfinished one raised.
        stage = nlp.stages[min(len(doc.completed), len(nlp.stages) - 1)].name
        return _failed(doc, stage, exc)
    try:
        record = to_record(doc)
        if with_text:
            record["text"]["raw"] = doc.raw
        problems = schema_problems(record)
        if problems:
            shown = "; ".join(problems[:SHOWN_SCHEMA_PROBLEMS])
            raise PipelineError(f"record does not match the schema: {shown}")
        return record, dumps(record)
    except Exception as exc:  # noqa: BLE001 - a bad span or value fails this document only
        return _failed(doc, stage, exc)


def _failed(doc: Document, stage: str, exc: Exception) -> tuple[dict[str, Any], str]:
    reason = str(exc) if isinstance(exc, PipelineError) else f"{type(exc).__name__}: {exc}"
    source = doc.source
    failure = ReadFailure(
        doc_id=doc.doc_id, path=source.path, code="E040",
        message=Errors.E040.format(stage=stage, reason=reason),
        format=source.format, sha256=source.sha256, encoding=source.encoding, stage=stage,
    )
    record = error_record(failure, chars=len(doc.raw))
    return record, dumps(record)
