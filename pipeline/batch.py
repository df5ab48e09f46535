"""The ``extract`` command: inputs → pipeline → one JSONL record per document.

``extract()`` is the plain function (library use, tests); ``run()`` is the
CLI layer over it: checks the arguments and output paths, takes the output
lock, builds the pipeline (or the worker pool), opens the output, prints logs
and the summary to stderr and turns the summary into the exit code:
0 every document ok; 1 some document failed (it has an error record);
2 usage error (argparse's own, ``-o`` naming a directory, an input that is
the output, a pipeline that cannot be built); 3 refused: the output exists
(use ``--force``) or another run holds its lock.

A document whose processing raises gets a ``status: "error"`` record (E040,
naming the stage), one over ``--doc-timeout`` an E084 record; an unreadable
input its E03x record; a ``doc_id`` seen before in the run an E083 record
naming the first. The run goes on after each. Every record is checked against
``schemas/record.schema.json`` before it is written: one that does not match
becomes an E040 record of stage ``export``, so the output always validates.
The files beside ``-o`` (lock, in-progress file, manifest, final rename) are
described in ``pipeline.output``.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from xinwen.pipeline.doc import Document
from xinwen.pipeline.engine_ray import DEFAULT_ACTORS
from xinwen.pipeline.errors import Errors, PipelineError
from xinwen.pipeline.export import SCHEMA_VERSION, dumps, error_record
from xinwen.pipeline.output import TABLE_LOCK, Locked, OutputLock, PartWriter, is_gzip, side_files
from xinwen.pipeline.pipeline import Pipeline, PipelineConfig, build_pipeline
from xinwen.pipeline.progress import Reporter, count_documents, quiet_libraries
from xinwen.pipeline.readers import FORMAT_NAMES, ReadFailure, iter_inputs
from xinwen.pipeline.tables import TableWriter, table_paths
from xinwen.pipeline.workers import (
    DEFAULT_DOC_TIMEOUT, DEFAULT_MAX_CHARS, DEFAULT_MAX_DOC_CHARS, InlineEngine, Job, Limits,
    PoolEngine, Ready,
    process, process_whole,
)

__all__ = ["extract", "process", "process_whole", "run"]

HELP = "Extract records from articles into JSON Lines, one record per document."
DESCRIPTION = """\
Read articles (.txt, .html/.htm, .jsonl, .warc, each optionally .gz; a folder is
read recursively in sorted order; - reads stdin) and write one JSON record per
document (schemas/record.schema.json), in input order, to stdout or -o FILE.
Logs and the summary go to stderr. A document that cannot be read or processed
gets a record with status "error" and the run goes on.

With -o, records go to FILE.part and FILE appears (renamed) only when the run is
complete; FILE.lock keeps a second run off the same output. --resume continues
an interrupted run from FILE.part. --engine ray processes the documents on a Ray
cluster; reading and writing stay in this process.

Example:
  python cli.py extract corpus/articles -o out/corpus.jsonl --tables out/tables
  python cli.py extract corpus/articles/seed.txt | head -c 400
  zcat news.jsonl.gz | python cli.py extract - --format jsonl --text-key content --id-key url
  python cli.py extract archive/ -o out/archive.jsonl --workers 8 --resume
  python cli.py extract crawl/ --glob '*.warc.gz' -o out/crawl.jsonl --engine ray --address auto
"""
EPILOG = """\
exit status:
  0  every document ok
  1  some document failed (it has an error record; the others are there)
  2  usage error: bad arguments, -o naming a directory, an input that is the
     run's own output, --resume without -o or with a .gz output, a pipeline
     that cannot be built, --engine ray without Ray or without a cluster
  3  refused, nothing written: the output or a table exists (use --force), or
     another run is writing it (its lock is held)
"""
DEFAULT_MAX_BYTES = 512 * 1024 * 1024

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_REFUSED = 0, 1, 2, 3

Log = Callable[[str], None]
Engine = InlineEngine | PoolEngine  # or engine_ray.RayEngine: the same map/close


@dataclass(frozen=True)
class ReadOptions:
    """How inputs are read (each field is the CLI option of the same name)."""

    text_key: str = "text"
    id_key: str = "id"
    format: str | None = None  # contract format forced on every input
    max_bytes: int | None = DEFAULT_MAX_BYTES
    glob: tuple[str, ...] = ()  # patterns a folder's files must match (relative paths)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="a file, a folder (read recursively) or - for stdin")
    parser.add_argument("-o", "--output", metavar="OUT.jsonl",
                        help="write the records to this file (default, or -: stdout); "
                             "OUT.jsonl.gz writes gzip")
    parser.add_argument("--force", action="store_true",
                        help="replace an existing output file or tables (when the run completes)")
    parser.add_argument("--resume", action="store_true",
                        help="continue an interrupted run on the same -o from OUT.part")
    parser.add_argument("--tables", metavar="DIR",
                        help="also write flat tables (CSV, and Parquet when pyarrow is installed)")
    parser.add_argument("--format", choices=sorted(FORMAT_NAMES), default=None,
                        help="read every input as this format (default: by extension; "
                             "stdin is sniffed)")
    parser.add_argument("--text-key", default="text", metavar="KEY",
                        help="JSONL key holding the article text (default: %(default)s)")
    parser.add_argument("--id-key", default="id", metavar="KEY",
                        help="JSONL key holding the document id (default: %(default)s)")
    parser.add_argument("--ner-backend", default=PipelineConfig.ner_backend, metavar="NAME",
                        help="named-entity recogniser (default: %(default)s)")
    parser.add_argument("--ner-model", default=PipelineConfig.ner_model, metavar="PATH",
                        help="model for NER backends that load one")
    parser.add_argument("--entities", choices=("gated", "all"), default=PipelineConfig.entities,
                        help="sentences the NER backend reads: gated, those whose grammar reads "
                             "entities (titles, bylines, signings), or all, the whole text, for "
                             "a complete entities list (default: %(default)s)")
    parser.add_argument("--with-text", action="store_true",
                        help="embed the raw text the spans index in text.raw (for archives "
                             "whose source files move; read by `report`)")
    parser.add_argument("--workers", type=_positive_int, default=_cores(),
                        metavar="N", help="worker processes (default: the cores, %(default)s)")
    parser.add_argument("--doc-timeout", type=float, default=DEFAULT_DOC_TIMEOUT, metavar="S",
                        help="seconds one document may take; then an E084 record "
                             "(default: %(default)g; 0: no limit)")
    parser.add_argument("--max-chars", type=_positive_int, default=DEFAULT_MAX_CHARS,
                        metavar="N", help="longer documents are processed in paragraph windows "
                                          "of at most N characters (default: %(default)s)")
    parser.add_argument("--max-doc-chars", type=_non_negative_int, default=DEFAULT_MAX_DOC_CHARS,
                        metavar="N", help="longer documents get an E093 record: their record "
                                          "would outgrow a worker's memory (default: "
                                          "%(default)s; 0: no limit)")
    parser.add_argument("--max-bytes", type=_positive_int, default=DEFAULT_MAX_BYTES,
                        metavar="N", help="larger inputs (after gunzip) get an E085 record "
                                          "(default: %(default)s)")
    parser.add_argument("--glob", action="append", default=[], metavar="PATTERN",
                        help="in folders, read only the files whose path relative to the folder "
                             "matches PATTERN (fnmatch, * also matches /; repeatable)")
    parser.add_argument("--engine", choices=("local", "ray"), default="local",
                        help="local: this process or --workers processes; ray: Ray Data "
                             "actors (extra `ray`) (default: %(default)s)")
    parser.add_argument("--address", metavar="ADDR",
                        help="Ray cluster to join (--engine ray; default: RAY_ADDRESS, "
                             "else a local Ray started for the run)")
    parser.add_argument("--actors", type=_positive_int, default=DEFAULT_ACTORS, metavar="N",
                        help="--engine ray: pipeline actors, each on one CPU "
                             "(default: %(default)s)")
    noise = parser.add_mutually_exclusive_group()
    noise.add_argument("-q", "--quiet", action="store_true",
                       help="print only errors: failed documents, and the summary if any failed")
    noise.add_argument("-v", "--verbose", action="store_true",
                       help="also print each document's processing time, Ray batches and "
                            "libraries' start-up lines")


def _cores() -> int:
    """The cores this process may run on (the CPU affinity, not the machine's count)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _non_negative_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be at least 0, not {value}")
    return value


# ---------------------------------------------------------------- the command


def run(args: argparse.Namespace) -> int:
    def log(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    if not args.verbose:
        quiet_libraries()  # before any pipeline is built; forked workers inherit it
    if args.output == "-":
        args.output = None
    problem = usage_problem(args)
    if problem is not None:
        log(problem)
        return EXIT_USAGE
    with ExitStack() as stack:
        try:  # before any other work: a second run on this output stops here
            for lock in _locks(args):
                stack.enter_context(lock)
        except Locked as exc:
            log(str(exc))
            return EXIT_REFUSED
        taken = _existing_outputs(args)
        if taken and not args.force:
            for path in taken:
                log(Errors.E041.format(path=path))
            return EXIT_REFUSED
        return _run_locked(args, stack, log)


def _run_locked(args: argparse.Namespace, stack: ExitStack, log: Log) -> int:
    config = PipelineConfig(ner_backend=args.ner_backend, ner_model=args.ner_model,
                            entities=args.entities)
    limits = Limits(doc_timeout=args.doc_timeout or None, max_chars=args.max_chars,
                    max_doc_chars=args.max_doc_chars or None, with_text=args.with_text)
    reading = ReadOptions(text_key=args.text_key, id_key=args.id_key,
                          format=FORMAT_NAMES.get(args.format), max_bytes=args.max_bytes,
                          glob=tuple(args.glob))
    try:
        engine = _engine(config, args, limits)
    except PipelineError as exc:
        log(str(exc))
        return EXIT_USAGE
    stack.callback(engine.close)
    reporter = _reporter(args, reading)
    stack.callback(reporter.close)
    out: TextIO | PartWriter = sys.stdout
    if args.output:
        out = PartWriter(args.output, run_options(config, limits, reading), resume=args.resume)
        stack.callback(out.close)
    try:
        summary = extract(
            args.paths, out, engine=engine, reading=reading, tables=args.tables,
            exclude=own_files(args), log=reporter.error, progress=reporter,
        )
    except BrokenPipeError:  # the reader of stdout left (| head): stop quietly
        _silence_stdout()
        return EXIT_FAILED
    if isinstance(out, PartWriter):
        out.commit()
    for batch in getattr(engine, "batches", ()) if args.verbose else ():  # --engine ray
        reporter.error(str(batch))
    reporter.summary(summary_line(summary, args.output), summary["failed"])
    return EXIT_OK if summary["failed"] == 0 else EXIT_FAILED


def _engine(config: PipelineConfig, args: argparse.Namespace, limits: Limits) -> Engine:
    if args.engine == "ray":
        from xinwen.pipeline.engine_ray import RayEngine

        return RayEngine(config, limits, address=args.address, actors=args.actors,
                         verbose=args.verbose)
    if args.workers > 1:
        # looked up at call time, so tests can swap build_pipeline for the workers too
        return PoolEngine(lambda c: build_pipeline(c), config, args.workers, limits)
    return InlineEngine(build_pipeline(config), limits)


def _reporter(args: argparse.Namespace, reading: ReadOptions) -> Reporter:
    """Progress on stderr: a bar on a terminal (with a total where it is known in advance)."""
    total = None
    if not args.quiet and sys.stderr.isatty():
        total = count_documents(args.paths, glob=reading.glob, fmt=reading.format,
                                exclude=own_files(args))
    return Reporter(sys.stderr, quiet=args.quiet, verbose=args.verbose, total=total)


def usage_problem(args: argparse.Namespace) -> str | None:
    """The message of a usage error in ``args`` (exit 2), or ``None``."""
    if args.output and Path(args.output).is_dir():
        return Errors.E081.format(path=args.output)
    if args.resume and not args.output:
        return Errors.E089
    if args.resume and is_gzip(args.output):
        return Errors.E088.format(path=args.output)
    if args.address and args.engine != "ray":
        return Errors.E062
    if args.engine == "ray":
        from xinwen.pipeline.engine_ray import ray_missing

        missing = ray_missing()
        if missing is not None:
            return Errors.E060.format(reason=missing)
    own = own_files(args)
    for given in args.paths:
        if given != "-" and Path(given).resolve() in own:
            return Errors.E082.format(path=given)
    return None


def own_files(args: argparse.Namespace) -> frozenset[Path]:
    """Resolved paths of every file this run writes: never read as inputs."""
    paths = side_files(args.output) if args.output else []
    if args.tables:
        tables = table_paths(args.tables)
        paths += tables + [path.with_name(path.name + ".part") for path in tables]
        paths.append(Path(args.tables, TABLE_LOCK))
    return frozenset(path.resolve() for path in paths)


def _locks(args: argparse.Namespace) -> list[OutputLock]:
    locks = []
    if args.output:
        lock_path = side_files(args.output)[1]
        locks.append(OutputLock(lock_path, shown=args.output))
    if args.tables:
        locks.append(OutputLock(Path(args.tables, TABLE_LOCK), shown=args.tables))
    return locks


def _existing_outputs(args: argparse.Namespace) -> list[str]:
    paths = [Path(args.output)] if args.output else []
    if args.tables:
        paths += table_paths(args.tables)
    return [str(path) for path in paths if path.exists()]


def run_options(config: PipelineConfig, limits: Limits, reading: ReadOptions) -> dict[str, Any]:
    """What shapes the records: a resumed run with other options starts over."""
    return {"schema_version": SCHEMA_VERSION, "pipeline": asdict(config),
            "limits": asdict(limits), "reading": asdict(reading)}


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's final flush cannot fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def summary_line(summary: dict[str, Any], output: str | None) -> str:
    where = f" -> {output}" if output else ""
    count = summary["documents"]
    noun = "document" if count == 1 else "documents"
    kept = f", {summary['resumed']} kept from the interrupted run" if summary["resumed"] else ""
    return (
        f"{count} {noun}: {summary['ok']} ok, {summary['failed']} failed{kept}"
        f" ({summary['seconds']:.1f} s){where}"
    )


# ---------------------------------------------------------------- the function


def extract(
    paths: Sequence[str],
    out: TextIO | PartWriter,
    *,
    config: PipelineConfig | None = None,
    nlp: Pipeline | None = None,
    engine: Engine | None = None,
    reading: ReadOptions = ReadOptions(),
    limits: Limits = Limits(),
    tables: str | Path | None = None,
    stdin: BinaryIO | None = None,
    exclude: frozenset[Path] = frozenset(),
    log: Log | None = None,
    progress: Reporter | bool | None = None,
) -> dict[str, Any]:
    """Write one JSONL record per input document to ``out``; the run's summary.

    ``out`` is a text stream or a ``PartWriter`` (``-o``; a resumed one keeps
    the records of the interrupted run whose input is unchanged). ``engine``
    processes the documents (else an in-process one on ``nlp``, else on a
    pipeline built from ``config``). ``tables`` is a folder for the flat
    tables (``pipeline.tables``), written atomically at the end. ``log``
    receives one line per failed document; ``progress`` (a
    ``pipeline.progress.Reporter``; ``True``: progress lines on stderr) counts
    every record as it is written. The summary: ``documents``, ``ok``, ``failed``, ``resumed``
    (records kept from the interrupted run), ``failures`` (``doc_id``,
    ``code``, ``message`` of each failed document), ``seconds`` and
    ``tables`` (paths written).
    """
    started = time.perf_counter()
    if progress is True:
        progress = Reporter(sys.stderr, bar=False)
    if engine is None:
        engine = InlineEngine(nlp if nlp is not None else build_pipeline(config), limits)
    summary: dict[str, Any] = {
        "documents": 0, "ok": 0, "failed": 0, "resumed": 0, "failures": [], "tables": [],
    }
    items = iter_inputs(paths, text_key=reading.text_key, id_key=reading.id_key, stdin=stdin,
                        fmt=reading.format, exclude=exclude, max_bytes=reading.max_bytes,
                        glob=reading.glob)
    jobs = _jobs(unique_ids(items), out if isinstance(out, PartWriter) else None,
                 engine.extractor)
    with ExitStack() as stack:
        writer = stack.enter_context(TableWriter(tables)) if tables is not None else None
        for job, (record, line), seconds in engine.map(jobs):
            if isinstance(job, Ready) and job.kept:
                summary["resumed"] += 1
            elif isinstance(out, PartWriter):
                out.write(record, line)
            else:
                out.write(line + "\n")
            if writer is not None:
                writer.add(record)
            _count(summary, record, log)
            if progress:
                progress.document(record, seconds)
    if tables is not None:
        summary["tables"] = [str(path) for path in table_paths(tables)]
    if not isinstance(out, PartWriter):
        out.flush()
    summary["seconds"] = time.perf_counter() - started
    return summary


def unique_ids(items: Iterable[Document | ReadFailure]) -> Iterator[Document | ReadFailure]:
    """``items``, with every one whose ``doc_id`` came before replaced by an E083 failure."""
    first_at: dict[str, str] = {}
    for item in items:
        path = item.source.path if isinstance(item, Document) else item.path
        if item.doc_id not in first_at:
            first_at[item.doc_id] = path
            yield item
            continue
        message = Errors.E083.format(doc_id=item.doc_id, first=first_at[item.doc_id])
        if isinstance(item, Document):
            source = item.source
            yield ReadFailure(item.doc_id, path, "E083", message, source.format, source.sha256,
                              source.encoding)
        else:
            yield ReadFailure(item.doc_id, path, "E083", message, item.format, item.sha256,
                              item.encoding)


def _jobs(items: Iterable[Document | ReadFailure], part: PartWriter | None,
          extractor: dict[str, Any] | None = None) -> Iterator[Job]:
    """A job per item; on a resumed ``part``, the unchanged prefix comes back as kept records."""
    previous = part.previous if part is not None and part.resumed else iter(())
    entry = next(previous, None)
    for item in items:
        if entry is not None and (entry.doc_id, entry.sha256) == (item.doc_id, _sha256(item)):
            line = part.read_previous(entry)
            part.keep(entry)
            yield Ready(json.loads(line), line, kept=True)
            entry = next(previous, None)
            continue
        if part is not None:  # the first change or new input: redo it and all after it
            entry = None
            part.stop_resuming()
        if isinstance(item, ReadFailure):
            record = error_record(item, extractor=extractor)
            yield Ready(record, dumps(record))
        else:
            yield item
    if part is not None:
        part.stop_resuming()


def _sha256(item: Document | ReadFailure) -> str | None:
    return item.source.sha256 if isinstance(item, Document) else item.sha256


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
