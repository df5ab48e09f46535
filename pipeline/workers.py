"""Processing documents into records: in this process, or in a pool of worker processes.

``process(doc, nlp, limits)`` turns one ``Document`` into ``(record, line)``
and never raises for one document: a failing stage is an E040 record, a
document over ``limits.doc_timeout`` seconds an E084 record (the clock is
``SIGALRM``, so it interrupts Python code anywhere in the stages), one over
``limits.max_chars`` characters is processed in paragraph windows
(``pipeline.windows``), one over ``limits.max_doc_chars`` is an E093 record
before any work: its merged record and JSON line alone would take the worker past
its memory bound.

``Engine`` maps a stream of jobs — a ``Document`` to process or a ``Ready``
record passed through — to ``(job, (record, line), seconds)`` **in input order**
(``seconds``: the processing time of a document, ``None`` for a ``Ready`` job). ``InlineEngine`` runs
them here; ``PoolEngine`` sends documents to ``workers`` processes, each of
which builds its pipeline once (pool initializer), and keeps at most
``workers * IN_FLIGHT_PER_WORKER`` documents in flight, so memory stays
bounded on any number of inputs. A worker process that dies (killed,
out of memory) breaks the pool: it is rebuilt and the documents that were in
flight are sent again one at a time; the one that kills a worker while alone
in the pool gets an E040 record (stage ``worker``) and the run goes on.
"""
from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from xinwen.pipeline.doc import Document
from xinwen.pipeline.errors import Errors, PipelineError
from xinwen.pipeline.export import dumps, failed, schema_problems, to_record
from xinwen.pipeline.pipeline import Pipeline, PipelineConfig

SHOWN_SCHEMA_PROBLEMS = 3  # problems quoted in an E040 export message
IN_FLIGHT_PER_WORKER = 4
DEFAULT_DOC_TIMEOUT = 600.0  # seconds; the slowest corpus/ article takes under 5 s
DEFAULT_MAX_CHARS = 200_000  # 27x the longest corpus article; bounds memory
# The longest document processed at all. Windows bound the stages' memory, but the merged
# record and its JSON line grow with the document (about 27 MB of worker memory per million
# characters of a dense synthetic report, on top of ~500 MB for the pipeline and one
# window); 4M characters (about 12 MB of UTF-8 Chinese) keeps a worker under 600 MB.
DEFAULT_MAX_DOC_CHARS = 4_000_000
PR_SET_PDEATHSIG = 1  # <linux/prctl.h>

Result = tuple[dict[str, Any], str]


@dataclass(frozen=True)
class Limits:
    """Per-document bounds: seconds (``None``: no clock), characters per window and
    characters of a document (``None``: no bound)."""

    doc_timeout: float | None = DEFAULT_DOC_TIMEOUT
    max_chars: int | None = DEFAULT_MAX_CHARS
    max_doc_chars: int | None = DEFAULT_MAX_DOC_CHARS
    with_text: bool = False  # extract --with-text: the raw text in each ok record's text.raw


@dataclass(frozen=True, slots=True)
class Ready:
    """A job whose record is already known (a read failure, a record kept by --resume)."""

    record: dict[str, Any]
    line: str
    kept: bool = False  # already in the output file (resume): not written again


Job = Document | Ready
Done = tuple[Job, Result, float | None]  # what an engine's map yields


class DocTimeout(BaseException):
    """Raised by the alarm inside a stage; a BaseException so no stage's ``except Exception`` eats it."""


# ---------------------------------------------------------------- one document


def process(doc: Document, nlp: Pipeline, limits: Limits = Limits()) -> Result:
    """``(record, line)`` of ``doc``; a failure of any kind becomes an error record."""
    record, line = _process(doc, nlp, limits)
    if limits.with_text and record["status"] == "ok":
        record["text"]["raw"] = doc.raw
        line = dumps(record)
    return record, line


def _process(doc: Document, nlp: Pipeline, limits: Limits) -> Result:
    if limits.max_doc_chars is not None and len(doc.raw) > limits.max_doc_chars:
        reason = Errors.E093.format(chars=len(doc.raw), limit=limits.max_doc_chars)
        return failed(doc, "read", "E093", reason, extractor=nlp.extractor)
    try:
        with _time_limit(limits.doc_timeout):
            if limits.max_chars is not None and len(doc.raw) > limits.max_chars:
                from xinwen.pipeline.windows import process_windows

                return process_windows(doc, nlp, limits.max_chars, process_whole)
            return process_whole(doc, nlp)
    except DocTimeout:
        reason = Errors.E084.format(seconds=limits.doc_timeout)
        return failed(doc, "timeout", "E084", reason, extractor=nlp.extractor)


def process_whole(doc: Document, nlp: Pipeline) -> Result:
    """Run ``nlp`` on ``doc`` and export it; a failure becomes an E040 error record."""
    stage = "export"
    try:
        nlp(doc)
    except Exception as exc:  # noqa: BLE001 - a stage bug costs one document, not the run
        # Pipeline.__call__ records each finished stage, so the first unfinished one raised.
        stage = nlp.stages[min(len(doc.completed), len(nlp.stages) - 1)].name
        return failed(doc, stage, "E040", _stage_failure(stage, exc), extractor=nlp.extractor)
    try:
        record = to_record(doc, extractor=nlp.extractor)
        problems = schema_problems(record)
        if problems:
            shown = "; ".join(problems[:SHOWN_SCHEMA_PROBLEMS])
            raise PipelineError(f"record does not match the schema: {shown}")
        return record, dumps(record)
    except Exception as exc:  # noqa: BLE001 - a bad span or value fails this document only
        return failed(doc, stage, "E040", _stage_failure(stage, exc), extractor=nlp.extractor)


def _stage_failure(stage: str, exc: Exception) -> str:
    reason = str(exc) if isinstance(exc, PipelineError) else f"{type(exc).__name__}: {exc}"
    return Errors.E040.format(stage=stage, reason=reason)


@contextlib.contextmanager
def _time_limit(seconds: float | None) -> Iterator[None]:
    """Raise ``DocTimeout`` in this thread after ``seconds`` (main thread only; else no clock)."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise DocTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# ---------------------------------------------------------------- engines


class InlineEngine:
    """Processes documents one after another in this process."""

    def __init__(self, nlp: Pipeline, limits: Limits = Limits()) -> None:
        self.nlp = nlp
        self.limits = limits
        self.extractor = nlp.extractor  # for the error records the caller makes

    def map(self, jobs: Iterable[Job]) -> Iterator[Done]:
        for job in jobs:
            if isinstance(job, Ready):
                yield job, (job.record, job.line), None
            else:
                yield job, *timed(job, self.nlp, self.limits)

    def close(self) -> None:
        return None


# The pipeline of a worker process, built once by the pool initializer. Module
# state is the only way a ProcessPoolExecutor task can reach what its process's
# initializer built; it is set once per worker process and never in the parent.
_WORKER: dict[str, Any] = {}


def _init_worker(build: Callable[[PipelineConfig], Pipeline], config: PipelineConfig,
                 limits: Limits, parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles ^C
    _die_with_parent(parent)
    _WORKER["limits"] = limits
    try:
        _WORKER["nlp"] = build(config)
    except PipelineError as exc:  # reported by _ready(), so the parent exits 2 with it
        _WORKER["error"] = str(exc)


def _die_with_parent(parent: int) -> None:
    """Have the kernel kill this worker when the parent dies (even by kill -9).

    A forked worker shares the parent's output lock; an orphan would keep it
    held and a ``--resume`` refused. Linux only (``prctl``); elsewhere a no-op.
    """
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _ready() -> str | None:
    """The build error of this worker's pipeline, or ``None`` when it is ready."""
    return _WORKER.get("error")


def _extractor() -> dict[str, Any]:
    """The extractor block of this worker's pipeline."""
    return _WORKER["nlp"].extractor


def timed(doc: Document, nlp: Pipeline, limits: Limits) -> tuple[Result, float]:
    """``process(doc, nlp, limits)`` and the seconds it took."""
    began = time.perf_counter()
    result = process(doc, nlp, limits)
    return result, time.perf_counter() - began


def _work(doc: Document) -> tuple[Result, float]:
    return timed(doc, _WORKER["nlp"], _WORKER["limits"])


@dataclass(slots=True)
class _Slot:
    """A job in the pool's window: its future once sent, and whether a worker death suspects it."""

    job: Job
    future: Future | None = None
    suspect: bool = False


class PoolEngine:
    """``workers`` processes, each with its own pipeline; results in input order."""

    def __init__(self, build: Callable[[PipelineConfig], Pipeline], config: PipelineConfig,
                 workers: int, limits: Limits = Limits()) -> None:
        self.workers = workers
        self._initargs = (build, config, limits, os.getpid())
        self._suspects = 0
        self._executor = self._start()
        problem = self._executor.submit(_ready).result()
        if problem is not None:
            self._executor.shutdown(wait=True)
            raise PipelineError(problem)
        # the workers' block, for the error records the parent makes (it builds no pipeline)
        self.extractor: dict[str, Any] = self._executor.submit(_extractor).result()

    def _start(self) -> ProcessPoolExecutor:
        # fork: workers start in milliseconds and inherit the imported modules;
        # the parent never builds a pipeline, so no model threads are forked.
        context = multiprocessing.get_context("fork")
        return ProcessPoolExecutor(self.workers, mp_context=context,
                                   initializer=_init_worker, initargs=self._initargs)

    def map(self, jobs: Iterable[Job]) -> Iterator[Done]:
        window: deque[_Slot] = deque()
        limit = self.workers * IN_FLIGHT_PER_WORKER
        for job in jobs:
            slot = _Slot(job)
            if not self._suspects:  # else it waits until the suspects are cleared
                self._send(slot)
            window.append(slot)
            while len(window) >= limit:
                yield self._resolve(window)
        while window:
            yield self._resolve(window)

    def _send(self, slot: _Slot) -> None:
        if isinstance(slot.job, Ready) or slot.future is not None:
            return
        try:
            slot.future = self._executor.submit(_work, slot.job)
        except BrokenProcessPool:
            slot.future = None  # the break shows on an earlier future or on resolving this one

    def _resolve(self, window: deque[_Slot]) -> Done:
        """The result of the first slot; a pool broken by a dying worker is rebuilt.

        After a break every document that was in flight is a suspect and is sent
        again alone, one after another: one that breaks the pool alone is the
        culprit and gets an E040 record; the others are processed normally.
        """
        head = window[0]
        while True:
            if isinstance(head.job, Ready):
                window.popleft()
                return head.job, (head.job.record, head.job.line), None
            if head.future is None:
                for slot in [head] if head.suspect else window:
                    self._send(slot)
            try:
                if head.future is None:
                    raise BrokenProcessPool("submit refused")
                result, seconds = head.future.result()
            except BrokenProcessPool:
                if head.suspect:  # it was alone in the pool: it killed its worker
                    message = Errors.E040.format(stage="worker", reason="the worker process died")
                    head.job = Ready(*failed(head.job, "worker", "E040", message,
                                             extractor=self.extractor))
                    head.suspect = False
                    self._suspects -= 1
                self._restart(window)
                continue
            window.popleft()
            if head.suspect:
                self._suspects -= 1
            return head.job, result, seconds

    def _restart(self, window: deque[_Slot]) -> None:
        """A worker died: a new pool; every document in flight becomes a suspect."""
        self._executor.shutdown(wait=False, cancel_futures=True)
        self._executor = self._start()
        for slot in window:
            slot.future = None
            if not isinstance(slot.job, Ready) and not slot.suspect:
                slot.suspect = True
                self._suspects += 1

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
