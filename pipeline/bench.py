"""The ``bench`` command: end-to-end speed and memory over a synthetic archive.

A benchmark, not a test: it prints figures and asserts nothing. It builds
``--docs`` unique documents from ``corpus/`` (``pipeline.bench_archive``),
writes them to a temporary folder and runs the whole ``extract`` path on them
(read, every stage, export with the schema check) in ``--workers`` fresh
processes, each building its pipeline once and taking one contiguous share
of the files (of about equal bytes). It prints:

- chars/s and docs/s **per core**: characters (of the decoded raw texts) and
  documents divided by the CPU seconds the workers spent processing them
  (``time.process_time``, all threads of the process, so ONNX Runtime's
  pool counts); pipeline building is reported apart;
- the share of that CPU time per stage (``read`` = file reading and
  decoding, ``export`` = record, schema check and JSON line);
- the peak RSS of each worker (``ru_maxrss``);
- the wall time with 1 worker and with ``--workers`` workers (the scaling);
- the ratio to bare ``jieba.lcut`` (jieba's default dictionary, HMM on),
  measured in the same run on the same texts in a fresh process; and the same
  ratio taken document by document in one more fresh process, which extracts
  each document and then cuts it with jieba (``interleaved_cpu``): a shared
  machine's speed drifts by tens of percent within minutes, which moves runs
  taken apart (the first ratio) but both sums of this one alike.

``--big MB`` (repeatable) also times one document of that many megabytes of
UTF-8 (corpus articles concatenated, each one perturbed) in a fresh process,
as ``extract`` runs it (in paragraph windows of its default ``--max-chars``),
stopped after ``--big-timeout`` seconds.

Figures taken on a shared, loaded machine vary from run to run; only ratios
measured in one run (the jieba ratio, the scaling) compare well. ``--repeat N``
times each configuration and the jieba baseline N times, interleaved, and keeps
the fastest run of each; it also prints each repeat's own ratio (its 1-worker run
over the jieba run right after it, its 1-worker wall over its N-worker wall) and their
medians.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HELP = "Benchmark extraction speed and memory on a synthetic archive built from corpus/."
DESCRIPTION = """\
Build a synthetic archive of unique documents from corpus/ (shuffled
paragraphs, perturbed figures and names, mixed forms: plain, traditional,
trad+pinyin, HTML, GB18030), run the extract path on it and print chars/s and
docs/s per core, the share of each stage, peak RSS per worker, 1 -> N worker
scaling and the ratio to bare jieba.lcut over the same texts, measured in the
same run. A benchmark: it prints figures, it checks nothing.

Example:
  python cli.py bench --docs 300
  python cli.py bench --docs 2000 --workers 2 --json out/bench.json
  python cli.py bench --docs 0 --big 1 --big 5
"""
DEFAULT_DOCS = 2000
READ_STAGE = "read"
EXPORT_STAGE = "export"
MEGABYTE = 1 << 20


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--docs", type=int, default=DEFAULT_DOCS, metavar="N",
                        help="documents in the synthetic archive (default: %(default)s)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, metavar="N",
                        help="worker processes for the scaling figure (default: the cores, "
                             "%(default)s)")
    parser.add_argument("--seed", type=int, default=0, help="archive seed (default: 0)")
    parser.add_argument("--repeat", type=int, default=1, metavar="N",
                        help="time each configuration and bare jieba N times, interleaved, and "
                             "keep each one's fastest run (default: %(default)s)")
    parser.add_argument("--big", type=float, action="append", default=[], metavar="MB",
                        help="also time one document of MB megabytes (repeatable)")
    parser.add_argument("--big-timeout", type=float, default=600.0, metavar="S",
                        help="stop a --big document after S seconds (default: %(default)s)")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")


def run(args: argparse.Namespace) -> int:
    if args.docs < 0 or args.workers < 1 or args.repeat < 1:
        print("bench: --docs must be >= 0, --workers and --repeat >= 1", file=sys.stderr)
        return 2
    report: dict[str, Any] = {"docs": args.docs, "workers": args.workers, "seed": args.seed,
                              "repeat": args.repeat}
    with tempfile.TemporaryDirectory(prefix="xinwen-bench-") as folder:
        if args.docs:
            report["archive"] = archive_figures(Path(folder), args.docs, args.seed, args.workers,
                                                args.repeat)
            print(format_archive(report["archive"]))
        report["big"] = [big_document(Path(folder), mb, args.big_timeout) for mb in args.big]
        for big in report["big"]:
            print(format_big(big))
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n",
                                   encoding="utf-8")
    return 0


# -- one worker ---------------------------------------------------------------------------------
@dataclass
class WorkerFigures:
    docs: int = 0
    chars: int = 0
    failed: int = 0
    cpu: dict[str, float] = field(default_factory=dict)  # stage -> CPU seconds
    build_cpu: float = 0.0
    wall: float = 0.0
    peak_rss_mb: float = 0.0


class _TimedStage:
    """A stage that adds its CPU time to a shared counter (same name, requires, assigns)."""

    def __init__(self, stage, cpu: Counter) -> None:
        self._stage = stage
        self._cpu = cpu
        self.name, self.requires, self.assigns = stage.name, stage.requires, stage.assigns

    def __call__(self, doc):
        started = time.process_time()
        try:
            return self._stage(doc)
        finally:
            self._cpu[self.name] += time.process_time() - started


def process_files(paths: Sequence[str], windowed: bool = False) -> WorkerFigures:
    """Run the extract path (without writing) on ``paths``; this process's figures.

    ``windowed``: documents over extract's default ``--max-chars`` are processed in its
    paragraph windows, as extract does (the archive's documents are all shorter)."""
    from xinwen.pipeline.pipeline import Pipeline, build_pipeline
    from xinwen.pipeline.readers import ReadFailure, iter_inputs

    figures = WorkerFigures()
    started = time.process_time()
    nlp = build_pipeline()
    figures.build_cpu = time.process_time() - started
    cpu: Counter = Counter()
    timed = Pipeline([_TimedStage(stage, cpu) for stage in nlp.stages])
    wall = time.perf_counter()
    items = _timed_items(iter_inputs(list(paths)), cpu, ReadFailure, figures)
    mark, counted = time.process_time(), 0.0
    for record, _line in _records(items, timed, ReadFailure, windowed):
        figures.failed += record["status"] != "ok"
        now = time.process_time()
        staged = sum(s for name, s in cpu.items() if name != EXPORT_STAGE)
        cpu[EXPORT_STAGE] += (now - mark) - (staged - counted)  # what no stage or read took
        mark, counted = now, staged
    figures.wall = time.perf_counter() - wall
    figures.cpu = dict(cpu)
    figures.peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return figures


def _records(items, nlp, failure_type, windowed: bool):
    """``(record, line)`` per item, as extract makes them, with no clock: whole documents,
    or ``windowed`` at extract's default window size."""
    from xinwen.pipeline.export import dumps, error_record
    from xinwen.pipeline.workers import DEFAULT_MAX_CHARS, Limits, process

    # no --max-doc-chars: the bench measures what a document of any size costs
    whole = Limits(doc_timeout=None, max_chars=DEFAULT_MAX_CHARS if windowed else None,
                   max_doc_chars=None)
    for item in items:
        if isinstance(item, failure_type):
            record = error_record(item)
            yield record, dumps(record)
        else:
            yield process(item, nlp, whole)


def _timed_items(items, cpu: Counter, failure_type, figures: WorkerFigures):
    """The input items, the CPU time spent reading each one counted as stage ``read``."""
    while True:
        started = time.process_time()
        item = next(items, None)
        cpu[READ_STAGE] += time.process_time() - started
        if item is None:
            return
        figures.docs += 1
        if not isinstance(item, failure_type):
            figures.chars += len(item.raw)
        yield item


def jieba_cpu(paths: Sequence[str]) -> tuple[float, int]:
    """CPU seconds of bare ``jieba.lcut`` over the decoded texts of ``paths``, and their chars."""
    import jieba

    from xinwen.pipeline.readers import ReadFailure, iter_inputs

    texts = [item.raw for item in iter_inputs(list(paths)) if not isinstance(item, ReadFailure)]
    jieba.setLogLevel(60)
    jieba.initialize()
    started = time.process_time()
    for text in texts:
        jieba.lcut(text)
    return time.process_time() - started, sum(len(text) for text in texts)


def interleaved_cpu(paths: Sequence[str]) -> tuple[float, float]:
    """CPU seconds of the extract path and of bare ``jieba.lcut`` over ``paths``, taken in
    turns in this one process: each document is extracted and then cut by jieba right after,
    so a machine that speeds up or slows down during the run moves both sums alike (runs
    in separate processes a few seconds apart do not pair that well on a shared machine)."""
    import jieba

    from xinwen.pipeline.export import dumps, error_record
    from xinwen.pipeline.pipeline import build_pipeline
    from xinwen.pipeline.readers import ReadFailure, iter_inputs
    from xinwen.pipeline.workers import Limits, process

    nlp = build_pipeline()
    jieba.setLogLevel(60)
    jieba.initialize()
    whole = Limits(doc_timeout=None, max_chars=None, max_doc_chars=None)
    extract = cut = 0.0
    for item in iter_inputs(list(paths)):
        started = time.process_time()
        if isinstance(item, ReadFailure):
            dumps(error_record(item))
            extract += time.process_time() - started
            continue
        process(item, nlp, whole)
        middle = time.process_time()
        jieba.lcut(item.raw)
        extract, cut = extract + middle - started, cut + time.process_time() - middle
    return extract, cut


# -- the archive run ----------------------------------------------------------------------------
def archive_figures(folder: Path, count: int, seed: int, workers: int,
                    repeat: int = 1) -> dict[str, Any]:
    """The archive's figures; with ``repeat`` > 1 each configuration and the jieba baseline
    run ``repeat`` times, interleaved (so that a slow spell of a shared machine hits them
    alike), and the fastest run of each is kept, as ``timeit`` does."""
    from xinwen.pipeline.bench_archive import synthetic_archive, write_archive

    paths = [str(p) for p in write_archive(synthetic_archive(count, seed=seed), folder / "docs")]
    context = multiprocessing.get_context("spawn")  # fresh workers: clean RSS, no inherited state
    runs: dict[int, tuple[float, list[WorkerFigures]]] = {}
    jieba: tuple[float, int] | None = None
    paired: list[float] = []  # each repeat's 1-worker CPU over the jieba CPU right after it
    scaling: list[float] = []  # each repeat's 1-worker wall over its N-worker wall
    interleaved: list[float] = []  # extract / jieba CPU, document by document in one process
    for _ in range(repeat):
        walls = {}
        for n in sorted({1, workers}):
            run_ = _worker_run(context, paths, n)
            runs[n] = min(runs.get(n, run_), run_, key=lambda r: r[0])
            walls[n] = run_[0]
            if n == 1:
                single_cpu = sum(run_[1][0].cpu.values())
        with context.Pool(1) as pool:
            timed = pool.apply(jieba_cpu, (paths,))
        jieba = min(jieba or timed, timed)
        paired.append(round(single_cpu / timed[0], 2) if timed[0] else None)
        scaling.append(round(walls[1] / walls[workers], 2) if walls[workers] else None)
        with context.Pool(1) as pool:  # a fresh process: jieba's dictionary is not in the RSS
            extract, cut = pool.apply(interleaved_cpu, (paths,))
        interleaved.append(round(extract / cut, 2) if cut else None)
    return {**summarize(runs, *jieba), "paired_ratios_to_jieba": paired,
            "paired_scaling": scaling, "interleaved_ratios_to_jieba": interleaved}


def shares(paths: Sequence[str], n: int) -> list[list[str]]:
    """``paths`` cut into ``n`` contiguous shares of about equal bytes (not equal counts: the
    slowest worker sets the wall time, and the archive's documents differ in length)."""
    sizes = [os.path.getsize(path) for path in paths]
    total, out, current, done = sum(sizes), [[] for _ in range(n)], 0, 0
    for path, size in zip(paths, sizes):
        # the share whose byte range holds this document's middle
        current = min(n - 1, int((done + size / 2) * n / total)) if total else 0
        out[current].append(path)
        done += size
    return out


def _worker_run(context, paths: list[str], n: int) -> tuple[float, list[WorkerFigures]]:
    """``paths`` in ``n`` fresh workers, one contiguous share each: the wall time of the
    slowest (processing only, pipeline build excluded) and every worker's figures."""
    with context.Pool(n) as pool:
        figures = pool.map(process_files, shares(paths, n))
    return max(f.wall for f in figures), figures


def summarize(runs: dict[int, tuple[float, list[WorkerFigures]]], jieba_seconds: float,
              jieba_chars: int) -> dict[str, Any]:
    _, single = runs[1]
    one = single[0]
    cpu = sum(one.cpu.values())
    scaling = {str(n): {"wall_s": round(wall, 2),
                        "docs_per_s": round(sum(f.docs for f in figs) / wall, 2),
                        "failed": sum(f.failed for f in figs),
                        "peak_rss_mb": [round(f.peak_rss_mb, 1) for f in figs]}
               for n, (wall, figs) in runs.items()}
    return {
        "docs": one.docs, "chars": one.chars, "failed": one.failed,
        "cpu_s": round(cpu, 2), "build_cpu_s": round(one.build_cpu, 2),
        "chars_per_s_per_core": round(one.chars / cpu), "docs_per_s_per_core": round(one.docs / cpu, 2),
        "stage_share": {name: round(s / cpu, 4) for name, s in
                        sorted(one.cpu.items(), key=lambda kv: -kv[1])},
        "peak_rss_mb": round(one.peak_rss_mb, 1),
        "scaling": scaling,
        "jieba_cpu_s": round(jieba_seconds, 2),
        "jieba_chars_per_s": round(jieba_chars / jieba_seconds) if jieba_seconds else None,
        "ratio_to_jieba": round(cpu / jieba_seconds, 2) if jieba_seconds else None,
    }


def format_archive(fig: dict[str, Any]) -> str:
    lines = [
        f"archive: {fig['docs']} documents, {fig['chars']} chars, {fig['failed']} failed",
        f"per core: {fig['chars_per_s_per_core']} chars/s, {fig['docs_per_s_per_core']} docs/s"
        f" ({fig['cpu_s']} CPU s; pipeline build {fig['build_cpu_s']} CPU s, not counted)",
        f"bare jieba.lcut, same texts: {fig['jieba_chars_per_s']} chars/s"
        f" ({fig['jieba_cpu_s']} CPU s); extract / jieba CPU = {fig['ratio_to_jieba']}x",
        *_paired_line("extract / jieba CPU", fig.get("paired_ratios_to_jieba", [])),
        *_interleaved_line(fig.get("interleaved_ratios_to_jieba", [])),
        "stage share of CPU: " + ", ".join(f"{name} {share:.1%}"
                                          for name, share in fig["stage_share"].items()),
        f"peak RSS (1 worker): {fig['peak_rss_mb']} MB",
        extrapolation(fig["chars_per_s_per_core"]),
    ]
    for n, run_ in fig["scaling"].items():
        lines.append(f"workers {n}: wall {run_['wall_s']} s, {run_['docs_per_s']} docs/s,"
                     f" {run_['failed']} failed, peak RSS per worker {run_['peak_rss_mb']} MB")
    if len(fig["scaling"]) > 1:
        lines += _paired_line(f"1 -> {max(map(int, fig['scaling']))} workers wall",
                              fig.get("paired_scaling", []))
    return "\n".join(lines)


def _interleaved_line(ratios: list[float]) -> list[str]:
    if not ratios:
        return []
    return [f"interleaved in one process, document by document, extract / jieba CPU:"
            f" {', '.join(f'{r}x' for r in ratios)}; median {statistics.median(ratios):.2f}x"]


def _paired_line(what: str, ratios: list[float]) -> list[str]:
    """With repeats: each repeat's own ratio and their median (the fastest-of figures pair
    runs that were not next to each other)."""
    if len(ratios) < 2:
        return []
    return [f"paired runs, {what}: {', '.join(f'{r}x' for r in ratios)};"
            f" median {statistics.median(ratios):.2f}x"]


# What the issue sizes a large archive as, for the extrapolated time.
ARCHIVE_ARTICLES, ARTICLE_CHARS, ARCHIVE_CORES = 1_000_000, 1_500, 8


def extrapolation(chars_per_s_per_core: float) -> str:
    """The time of a large archive at this per-core rate, assuming perfect scaling.

    >>> extrapolation(15_000)
    'extrapolation (not measured): 1000000 articles x 1500 chars on 8 cores at this per-core rate, perfect scaling assumed: 3.5 h'
    """
    hours = ARCHIVE_ARTICLES * ARTICLE_CHARS / (chars_per_s_per_core * ARCHIVE_CORES) / 3600
    return (f"extrapolation (not measured): {ARCHIVE_ARTICLES} articles x {ARTICLE_CHARS} chars"
            f" on {ARCHIVE_CORES} cores at this per-core rate, perfect scaling assumed:"
            f" {hours:.1f} h")


# -- one big document ---------------------------------------------------------------------------
def big_document(folder: Path, megabytes: float, timeout: float) -> dict[str, Any]:
    """Time one document of ``megabytes`` MB in a fresh process (stopped after ``timeout``)."""
    from xinwen.pipeline.bench_archive import synthetic_archive

    size = int(megabytes * MEGABYTE)
    parts, total, count = [], 0, 64
    while total < size:
        docs = synthetic_archive(count, seed=len(parts))
        for _, data in docs:
            if data.startswith(b"<") or total >= size:
                continue
            text = _utf8(data)
            parts.append(text)
            total += len(text.encode("utf-8"))
    path = folder / f"big-{megabytes:g}MB.txt"
    path.write_text("\n".join(parts), encoding="utf-8")
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        pending = pool.apply_async(process_files, ([str(path)], True))
        try:
            figures = pending.get(timeout)
        except multiprocessing.TimeoutError:
            pool.terminate()
            return {"mb": megabytes, "chars": len(path.read_text("utf-8")),
                    "finished": False, "timeout_s": timeout}
    return {"mb": megabytes, "chars": figures.chars, "finished": True,
            "wall_s": round(figures.wall, 2), "cpu_s": round(sum(figures.cpu.values()), 2),
            "peak_rss_mb": round(figures.peak_rss_mb, 1), "failed": figures.failed,
            "stage_cpu_s": {k: round(v, 2) for k, v in sorted(figures.cpu.items(),
                                                              key=lambda kv: -kv[1])}}


def _utf8(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def format_big(fig: dict[str, Any]) -> str:
    if not fig["finished"]:
        return (f"big document {fig['mb']:g} MB ({fig['chars']} chars): not finished after"
                f" {fig['timeout_s']:g} s")
    stages = ", ".join(f"{k} {v} s" for k, v in fig["stage_cpu_s"].items())
    return (f"big document {fig['mb']:g} MB ({fig['chars']} chars): wall {fig['wall_s']} s,"
            f" CPU {fig['cpu_s']} s, peak RSS {fig['peak_rss_mb']} MB,"
            f" failed {fig['failed']}; {stages}")
