"""Output files of a batch run: the lock, the in-progress file, the manifest, the final rename.

For ``-o OUT.jsonl`` a run uses, beside ``OUT.jsonl`` (same folder, so the
final rename is atomic):

``OUT.jsonl.lock``
    Held with an exclusive ``fcntl.flock`` from before the models load until
    the run ends. A second run on the same output fails at once (exit 3,
    E080, naming the holder's pid, which the file holds only for that
    message). The kernel drops the lock when the holder dies, even by
    ``kill -9``, so a later run or ``--resume`` is never refused by a dead
    run. The file is removed when the run ends; a stale one is harmless.
``OUT.jsonl.part``
    The records so far, whole lines appended in input order, flushed and
    fsynced at each checkpoint.
``OUT.jsonl.manifest``
    JSON Lines: a header with the options that shape the records, then one
    entry per record committed at a checkpoint: ``doc_id``, ``sha256`` (of the
    input's bytes), ``status``, and the byte range of its line in the part
    file. Written after the part file is fsynced, so every entry points at
    data on disk.

When the run finishes, the part file is fsynced and renamed to ``OUT.jsonl``
and the manifest removed. **A file under the final name is complete**: it
only ever appears by that rename. An interrupted run leaves the part file
and the manifest, never a final file; ``--resume`` continues from them.
A ``.gz`` output is one gzip stream written to the part file and renamed
the same way; it cannot be resumed (E088), since a killed gzip stream has no
safe place to continue from.
"""
from __future__ import annotations

import contextlib
import fcntl
import gzip
import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from xinwen.pipeline.errors import Errors

LOCK_SUFFIX = ".lock"
PART_SUFFIX = ".part"
MANIFEST_SUFFIX = ".manifest"
TABLE_LOCK = ".xinwen.lock"  # inside a --tables folder
MANIFEST_VERSION = 1
CHECKPOINT_RECORDS = 20
CHECKPOINT_SECONDS = 2.0


def side_files(output: str | Path) -> list[Path]:
    """Every file a run on ``output`` creates beside it (never read as input)."""
    out = Path(output)
    return [out] + [out.with_name(out.name + suffix)
                    for suffix in (LOCK_SUFFIX, PART_SUFFIX, MANIFEST_SUFFIX)]


def is_gzip(output: str | Path) -> bool:
    return str(output).lower().endswith(".gz")


class Locked(Exception):
    """Another live process holds the lock; ``pid`` is what it wrote (may be empty)."""

    def __init__(self, path: Path, pid: str) -> None:
        super().__init__(Errors.E080.format(path=path, pid=pid or "unknown"))
        self.path = path
        self.pid = pid


class OutputLock:
    """Exclusive ``flock`` on ``LOCKFILE`` for the life of a ``with`` block.

    The lock file is unlinked on release; a run that opened it just before
    the unlink finds on acquiring that the path no longer names its file and
    retries, so two runs can never both hold "the" lock.
    """

    def __init__(self, lock_path: str | Path, *, shown: str | Path | None = None) -> None:
        self.path = Path(lock_path)
        self.shown = Path(shown) if shown is not None else self.path
        self._fd: int | None = None

    def __enter__(self) -> OutputLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                pid = _holder_pid(fd)
                os.close(fd)
                raise Locked(self.shown, pid) from None
            if _same_file(fd, self.path):
                break
            os.close(fd)  # unlinked by the previous holder between our open and flock
        # the pid first, then the cut: a reader never sees the file empty between the two
        line = f"{os.getpid()}\n".encode("ascii")
        os.pwrite(fd, line, 0)
        os.ftruncate(fd, len(line))
        self._fd = fd
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._fd is None:
            return
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
        os.close(self._fd)  # releases the lock
        self._fd = None


PID_WAIT_S = 1.0  # how long a refused run waits for the holder to write its pid


def _holder_pid(fd: int) -> str:
    """The pid the lock's holder wrote; a holder that has just taken the lock may not
    have written it yet, so an empty file is read again for up to ``PID_WAIT_S``."""
    deadline = time.monotonic() + PID_WAIT_S
    while True:
        pid = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        if pid or time.monotonic() >= deadline:
            return pid
        time.sleep(0.01)


def _same_file(fd: int, path: Path) -> bool:
    try:
        on_disk = path.stat()
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (mine.st_dev, mine.st_ino) == (on_disk.st_dev, on_disk.st_ino)


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replace_atomically(part: Path, final: Path) -> None:
    """Rename ``part`` over ``final`` and make the rename durable."""
    os.replace(part, final)
    fsync_dir(final.parent)


# ------------------------------------------------------------------ the JSONL sink


@dataclass(frozen=True, slots=True)
class Entry:
    """One committed record in the manifest."""

    doc_id: str
    sha256: str | None
    status: str
    start: int  # byte range of its line in the part file
    end: int
    manifest_end: int  # byte offset just after this entry in the manifest


class PartWriter:
    """Appends record lines to ``OUT.part`` with a manifest; ``commit()`` renames it to ``OUT``.

    With ``resume`` and a part file left by a run with the same ``options``,
    ``previous`` yields that run's committed entries in order; the caller
    ``keep()``s each one that still matches its input and calls
    ``stop_resuming()`` at the first that does not (or at the end): the part
    file and manifest are cut after the last kept entry, and new lines are
    appended from there.
    """

    def __init__(self, output: str | Path, options: dict[str, Any], *, resume: bool) -> None:
        _, _, self.part, self.manifest_path = side_files(output)
        self.output = Path(output)
        self.options = json.loads(json.dumps(options))  # as the manifest will read back
        self.gzip = is_gzip(output)
        self.output.parent.mkdir(parents=True, exist_ok=True)
        self.previous: Iterator[Entry] = iter(())
        self._pending: list[tuple[str, str | None, str, int, int]] = []
        self._last_checkpoint = time.monotonic()
        header_size = self._resumable_header() if resume else None
        self.resumed = header_size is not None
        self.kept = 0
        if header_size is not None:
            self.previous = _read_entries(self.manifest_path)
            self._kept_ends = (0, header_size)
            self._raw: BinaryIO = open(self.part, "r+b")  # noqa: SIM115 - closed in commit/close
            self._manifest: BinaryIO = open(self.manifest_path, "r+b")  # noqa: SIM115
        else:
            self._raw = open(self.part, "wb")  # noqa: SIM115
            self._manifest = open(self.manifest_path, "wb")  # noqa: SIM115
            self._manifest.write(_line({"xinwen_manifest": MANIFEST_VERSION, "options": options}))
        self._stream: BinaryIO = (
            gzip.GzipFile(fileobj=self._raw, mode="wb", mtime=0) if self.gzip else self._raw
        )

    def _resumable_header(self) -> int | None:
        """Size of the manifest header when a part file and a manifest written
        with the same options exist, else ``None`` (the run starts over)."""
        if not (self.part.exists() and self.manifest_path.exists()):
            return None
        with open(self.manifest_path, "rb") as handle:
            first = handle.readline()
        try:
            header = json.loads(first)
        except (json.JSONDecodeError, UnicodeDecodeError):
            return None
        same = (isinstance(header, dict) and header.get("xinwen_manifest") == MANIFEST_VERSION
                and header.get("options") == self.options)
        return len(first) if same and first.endswith(b"\n") else None

    def read_previous(self, entry: Entry) -> str:
        """The line (without newline) the earlier run wrote for ``entry``."""
        self._raw.seek(entry.start)
        return self._raw.read(entry.end - entry.start).decode("utf-8").rstrip("\n")

    def keep(self, entry: Entry) -> None:
        self._kept_ends = (entry.end, entry.manifest_end)
        self.kept += 1

    def stop_resuming(self) -> None:
        """Cut the part file and the manifest after the last kept entry; append from there."""
        if not self.resumed:
            return
        part_end, manifest_end = self._kept_ends
        for handle, end in ((self._raw, part_end), (self._manifest, manifest_end)):
            handle.truncate(end)
            handle.seek(end)
        self.resumed = False
        self.previous = iter(())

    def write(self, record: dict[str, Any], line: str) -> None:
        """Append ``line`` (the JSONL of ``record``); checkpoint every so often."""
        doc_id, sha256, status = record["doc_id"], record["source"]["sha256"], record["status"]
        data = (line + "\n").encode("utf-8")
        start = self._raw.tell() if not self.gzip else 0
        self._stream.write(data)
        end = start + len(data) if not self.gzip else 0
        self._pending.append((doc_id, sha256, status, start, end))
        if (len(self._pending) >= CHECKPOINT_RECORDS
                or time.monotonic() - self._last_checkpoint >= CHECKPOINT_SECONDS):
            self.checkpoint()

    def checkpoint(self) -> None:
        """Make every line written so far durable, then record it in the manifest."""
        if not self._stream.closed:
            self._stream.flush()
        self._raw.flush()
        os.fsync(self._raw.fileno())
        for doc_id, sha256, status, start, end in self._pending:
            entry = {"doc_id": doc_id, "sha256": sha256, "status": status,
                     "start": start, "end": end}
            self._manifest.write(_line(entry))
        self._manifest.flush()
        os.fsync(self._manifest.fileno())
        self._pending.clear()
        self._last_checkpoint = time.monotonic()

    def commit(self) -> None:
        """Finish: the complete file appears under its final name, the manifest goes."""
        if self.gzip:
            self._stream.close()
        self.stop_resuming()
        self.checkpoint()
        self._raw.close()
        self._manifest.close()
        replace_atomically(self.part, self.output)
        self.manifest_path.unlink()

    def close(self) -> None:
        """Stop without committing (an error): the part file stays for --resume."""
        for handle in (self._stream, self._raw, self._manifest):
            with contextlib.suppress(OSError, ValueError):
                handle.close()


def _line(obj: dict[str, Any]) -> bytes:
    return (json.dumps(obj, ensure_ascii=False) + "\n").encode("utf-8")


def _read_entries(manifest: Path) -> Iterator[Entry]:
    """Committed entries of a manifest, lazily; stops at a torn last line."""
    with open(manifest, "rb") as handle:
        offset = len(handle.readline())  # the header
        for raw in handle:
            if not raw.endswith(b"\n"):
                return
            try:
                item = json.loads(raw)
                offset += len(raw)
                entry = Entry(item["doc_id"], item["sha256"], item["status"],
                              int(item["start"]), int(item["end"]), offset)
            except (json.JSONDecodeError, UnicodeDecodeError, KeyError, TypeError, ValueError):
                return
            yield entry

