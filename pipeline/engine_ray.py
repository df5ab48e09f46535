"""The Ray engine (``extract --engine ray``): documents processed on Ray Data actors.

The driver (the ``extract`` process) does what it does with the local engines:
it reads the inputs, assigns ``doc_id``s, checks for duplicates, takes the output
lock, keeps the records of a resumed run and writes the JSONL and the tables,
in input order, through the same writers. Only the processing moves: the
documents of a window of ``window`` consecutive jobs become a dataset
(``ray.data.from_items``, one block per ``batch_size`` documents), mapped by
``map_batches`` with the callable class ``DocBatches`` on ``actors`` actors
(``concurrency``); each actor builds one pipeline in its constructor and turns
every document of its batches into its JSONL line with ``workers.process``, the
function the local engines call. The driver puts the lines back in input order
by their index (so the order never depends on which actor finished first) and
parses them back into records for the tables: the output is byte-identical to
the local engine's.

A window costs one Ray Data execution, whose actors start and build their
pipelines anew (a few seconds each), so a window holds many documents
(``DEFAULT_WINDOW``); the driver holds at most one window's documents and lines.
A window whose execution fails (an actor lost for good, the cluster gone) gives
each of its documents an E040 record of stage ``ray`` naming the failure, and
the run goes on with the next window.

Which actor processed which documents is not part of the record: with
``verbose`` (``extract -v``) the engine keeps one ``RayBatch`` per batch in
``batches`` (actor id, pid, ``doc_id``s), which ``extract -v`` prints at the end
and the tests read.
"""
from __future__ import annotations

import json
import logging
import os
import pickle
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from xinwen.pipeline.doc import Document
from xinwen.pipeline.errors import Errors, PipelineError
from xinwen.pipeline.extractor import extractor_block
from xinwen.pipeline.pipeline import PipelineConfig, build_pipeline
from xinwen.pipeline.progress import quiet_libraries
from xinwen.pipeline.workers import Done, Job, Limits, Ready, failed, timed

DEFAULT_ACTORS = 2
DEFAULT_BATCH_SIZE = 8  # documents per block and per map_batches call
DEFAULT_WINDOW = 4096  # documents per Ray Data execution
# Ray Data dispatches to the first actor up by default; waiting for the whole pool spreads a
# window over every actor (the first one would otherwise take all the batches while the
# others still build their pipelines); a pool not up by then fails the window (E040)
ACTOR_START_TIMEOUT_S = 600
STAGE = "ray"
MISSING = Errors.E040.format(stage=STAGE, reason="no result came back from Ray")


def ray_missing() -> str | None:
    """Why Ray Data cannot be imported here (the ``ray`` extra is missing), or ``None``."""
    try:
        import ray.data  # noqa: F401
    except ImportError as exc:
        return str(exc)
    return None


@dataclass(frozen=True, slots=True)
class RayBatch:
    """One ``map_batches`` call: where it ran and the documents it processed."""

    batch: str
    actor: str
    pid: int
    doc_ids: tuple[str, ...]

    def __str__(self) -> str:
        return (f"ray batch {self.batch}: {len(self.doc_ids)} documents on actor {self.actor}"
                f" (pid {self.pid}): {' '.join(self.doc_ids)}")


class DocBatches:
    """The ``map_batches`` callable class: one pipeline per actor, built in the constructor."""

    def __init__(self, config: PipelineConfig, limits: Limits, quiet: bool) -> None:
        import ray

        if quiet:  # an actor is a process of its own: jieba's start-up lines are silenced here
            quiet_libraries()
        self.nlp = build_pipeline(config)
        self.limits = limits
        self.actor = ray.get_runtime_context().get_actor_id() or f"pid-{os.getpid()}"

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        lines, seconds = [], []
        for blob in batch["doc"]:
            (_, line), took = timed(pickle.loads(blob), self.nlp, self.limits)
            lines.append(line)
            seconds.append(took)
        count = len(lines)
        tag = uuid.uuid4().hex
        return {"index": list(batch["index"]), "line": lines, "seconds": seconds,
                "actor": [self.actor] * count, "pid": [os.getpid()] * count,
                "batch": [tag] * count}


class RayEngine:
    """Processes documents on Ray Data actors; results in input order (see the module doc)."""

    def __init__(self, config: PipelineConfig, limits: Limits = Limits(), *,
                 address: str | None = None, actors: int = DEFAULT_ACTORS,
                 batch_size: int = DEFAULT_BATCH_SIZE, window: int = DEFAULT_WINDOW,
                 verbose: bool = False) -> None:
        import ray

        self.config, self.limits = config, limits
        self.actors, self.batch_size, self.window = actors, batch_size, window
        self.verbose = verbose
        # the block of the error records the driver makes (the actors' records carry their own)
        self.extractor = extractor_block(config.ner_backend)
        self.batches: list[RayBatch] = []  # kept with verbose only: it grows with the run
        self._started = not ray.is_initialized()
        if self._started:  # else: a session this process opened already (a test, a notebook)
            try:
                ray.init(address=address, log_to_driver=verbose, include_dashboard=False,
                         logging_level=logging.INFO if verbose else logging.ERROR)
            except (ConnectionError, RuntimeError, ValueError) as exc:
                raise PipelineError(Errors.E061.format(address=address or "local",
                                                       reason=_first_line(exc))) from exc
        if not verbose:  # Ray Data's execution notes and warnings: only with -v
            logging.getLogger("ray.data").setLevel(logging.ERROR)

    def map(self, jobs: Iterable[Job]) -> Iterator[Done]:
        window: list[Job] = []
        documents = 0
        for job in jobs:
            window.append(job)
            documents += isinstance(job, Document)
            if documents >= self.window:
                yield from self._run_window(window)
                window, documents = [], 0
        if window:
            yield from self._run_window(window)

    def _run_window(self, window: list[Job]) -> Iterator[Done]:
        done = self._process([(i, job) for i, job in enumerate(window)
                              if isinstance(job, Document)])
        for index, job in enumerate(window):
            if isinstance(job, Ready):
                yield job, (job.record, job.line), None
                continue
            outcome = done.get(index, MISSING)
            if isinstance(outcome, str):  # the window's execution failed (or lost this one)
                yield job, failed(job, STAGE, "E040", outcome, extractor=self.extractor), None
                continue
            line, seconds = outcome
            yield job, (json.loads(line), line), seconds

    def _process(self, docs: list[tuple[int, Document]]) -> dict[int, tuple[str, float] | str]:
        """``index -> (line, seconds)`` of every document, or ``index -> message`` on failure."""
        if not docs:
            return {}
        try:
            rows = self._execute(docs)
        except Exception as exc:  # noqa: BLE001 - the cluster's failure costs this window only
            reason = f"{type(exc).__name__}: {_first_line(exc)}"
            message = Errors.E040.format(stage=STAGE, reason=reason)
            return {index: message for index, _ in docs}
        if self.verbose:
            self._note_batches(rows, dict(docs))
        return {int(row["index"]): (row["line"], float(row["seconds"])) for row in rows}

    def _note_batches(self, rows: list[dict[str, Any]], docs: dict[int, Document]) -> None:
        by_batch: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            by_batch.setdefault(row["batch"], []).append(row)
        for tag, members in by_batch.items():
            self.batches.append(RayBatch(tag, members[0]["actor"], int(members[0]["pid"]),
                                         tuple(docs[int(r["index"])].doc_id for r in members)))

    def _execute(self, docs: list[tuple[int, Document]]) -> list[dict[str, Any]]:
        import ray.data

        context = ray.data.DataContext.get_current()
        context.execution_options.preserve_order = True
        context.enable_progress_bars = self.verbose
        context.wait_for_min_actors_s = ACTOR_START_TIMEOUT_S
        items = [{"index": index, "doc": pickle.dumps(doc)} for index, doc in docs]
        blocks = max(1, -(-len(items) // self.batch_size))
        # concurrency: this many actors (no more than there are batches to give them)
        pool = ray.data.ActorPoolStrategy(size=min(self.actors, blocks))
        dataset = ray.data.from_items(items, override_num_blocks=blocks).map_batches(
            DocBatches, batch_size=self.batch_size, compute=pool, num_cpus=1,
            fn_constructor_args=(self.config, self.limits, not self.verbose),
        )
        return list(dataset.iter_rows())

    def close(self) -> None:
        if self._started:
            import ray

            ray.shutdown()
            self._started = False


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
