"""What ``extract`` tells on stderr while it runs: a progress bar, progress lines, or nothing.

``Reporter`` has three modes, chosen from the options and from whether stderr
is a terminal:

``bar``
    stderr is a terminal (and tqdm is installed): one tqdm bar — documents
    done (of the total, with an ETA, when the number of documents is known
    before the run: every input a one-document file, see ``count_documents``),
    documents/s, characters/s and failures. Failure lines are written above it.
``lines``
    stderr is a file or a pipe: a line every ``every`` documents
    (``... 100 documents, 0 failed, 12,345 chars/s``) and the summary.
``quiet`` (``-q``)
    only errors: the failure lines, and the summary when a document failed.

``-v`` (``verbose``) adds one line per processed document,
``DOC_ID: 1,234 chars in 0.123 s``, and lets libraries print their own
start-up lines (jieba's ``Building prefix dict …``), which are silenced
otherwise (``quiet_libraries``).
"""
from __future__ import annotations

import io
import logging
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from xinwen.pipeline.readers import STDIN, format_of, walk

PROGRESS_EVERY = 100
ONE_DOCUMENT_FORMATS = frozenset({"text", "html"})  # a file of these holds one document
DEFAULT_SIZE = (100, 24)  # columns, lines: for a terminal that tells no size
BAR_FORMAT = "{desc}{n_fmt}/{total_fmt} docs [{elapsed}<{remaining}, {rate_fmt}{postfix}]"


def quiet_libraries() -> None:
    """Silence the start-up lines libraries print at import or build time (jieba's DEBUG log).

    Called in the ``extract`` process before the pipeline or the workers are
    built (forked workers inherit it) and in every Ray actor.
    """
    import jieba

    jieba.setLogLevel(logging.WARNING)


def count_documents(paths: Sequence[str], *, glob: Sequence[str] = (), fmt: str | None = None,
                    exclude: frozenset[Path] = frozenset()) -> int | None:
    """The number of input documents when every input is a one-document file, else ``None``.

    JSONL and WARC files hold an unknown number of documents, and stdin is read once.
    """
    from xinwen.pipeline.readers import selected

    total = 0
    for given in paths:
        path = Path(given)
        if given == STDIN:
            return None
        files = [file for file, _ in selected(walk(path), glob, exclude)] if path.is_dir() else [path]
        for file in files:
            if (fmt or format_of(file.name)) not in ONE_DOCUMENT_FORMATS:
                return None
        total += len(files)
    return total


class Reporter:
    """Progress, per-document and failure lines of one run on ``stream`` (see the module doc)."""

    def __init__(self, stream: TextIO, *, quiet: bool = False, verbose: bool = False,
                 total: int | None = None, every: int = PROGRESS_EVERY,
                 bar: bool | None = None) -> None:
        self.stream = stream
        self.quiet = quiet
        self.verbose = verbose and not quiet
        self.every = every
        self.documents = self.failed = self.chars = 0
        self.started = time.perf_counter()
        if bar is None:
            bar = not quiet and _isatty(stream) and _tqdm_available()
        self.mode = "quiet" if quiet else "bar" if bar else "lines"
        self._bar = self._open_bar(total) if self.mode == "bar" else None

    def _open_bar(self, total: int | None):
        from tqdm import tqdm

        sized = _has_size(self.stream)  # tqdm draws nothing on a terminal of size 0 x 0
        bar = tqdm(total=total, file=self.stream, unit="doc", bar_format=BAR_FORMAT,
                   dynamic_ncols=sized, ncols=None if sized else DEFAULT_SIZE[0],
                   nrows=None if sized else DEFAULT_SIZE[1], mininterval=0.5, leave=True)
        bar.set_postfix_str(self._postfix(), refresh=False)
        return bar

    def error(self, line: str) -> None:
        """A line that is shown in every mode (failures, usage errors)."""
        if self._bar is not None:
            self._bar.write(line, file=self.stream)
        else:
            print(line, file=self.stream, flush=True)

    def info(self, line: str) -> None:
        """A line that ``-q`` silences."""
        if not self.quiet:
            self.error(line)

    def document(self, record: dict[str, Any], seconds: float | None) -> None:
        """Count one record; ``seconds`` is its processing time (``None``: not processed here)."""
        self.documents += 1
        self.chars += record["text"]["chars"]
        self.failed += record["status"] != "ok"
        if self.verbose and seconds is not None:
            self.error(f"{record['doc_id']}: {record['text']['chars']:,} chars in {seconds:.3f} s")
        if self._bar is not None:
            self._bar.set_postfix_str(self._postfix(), refresh=False)
            self._bar.update(1)
        elif self.mode == "lines" and self.documents % self.every == 0:
            self.error(f"... {self.documents} documents, {self.failed} failed,"
                       f" {self._rate():,.0f} chars/s")

    def _rate(self) -> float:
        return self.chars / max(time.perf_counter() - self.started, 1e-9)

    def _postfix(self) -> str:  # tqdm puts ", " before it
        return f"{self._rate():,.0f} chars/s, {self.failed} failed"

    def summary(self, line: str, failed: int) -> None:
        """The run's summary line: shown unless ``-q`` and nothing failed."""
        self.close()
        if not self.quiet or failed:
            self.error(line)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.set_postfix_str(self._postfix(), refresh=False)
            self._bar.close()
            self._bar = None


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _has_size(stream: TextIO) -> bool:
    """Whether the terminal of ``stream`` tells its size (a bare pty says 0 x 0)."""
    try:
        size = os.get_terminal_size(stream.fileno())
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        return False
    return size.columns > 0 and size.lines > 0


def _tqdm_available() -> bool:
    try:
        import tqdm  # noqa: F401
    except ImportError:
        return False
    return True
