"""The text a record's spans index, recovered for its review page.

Records hold no text (unless ``extract --with-text`` put it in ``text.raw``),
so the page re-reads ``source.path`` with the pipeline's own reader — for an
HTML page that is the extracted article text, for a JSONL input the string
under the text key of line ``N`` (``source.path`` is ``FILE:N``) — and checks
``source.sha256``. A missing file, a changed file, or a text whose length is
not ``text.chars`` gives no text and a coded warning (W222–W224) that the
page shows instead. A relative path is tried from the working directory, then
under each base folder (the records file's folder), as ``eval`` does.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xinwen.eval.errors import Errors
from xinwen.pipeline.readers import iter_inputs

JSONL_LINE = re.compile(r"^(?P<file>.+):(?P<line>\d+)$")


@dataclass(frozen=True)
class SourceText:
    """``raw`` (None when not recoverable) and why not (``warning``); ``origin`` says how."""

    raw: str | None
    warning: str | None = None
    origin: str = "source"  # "source" (re-read) or "embedded" (text.raw)


@dataclass
class SourceCache:
    """Documents read from each file once (a JSONL archive holds many records)."""

    text_key: str = "text"
    id_key: str = "id"
    bases: list[Path] = field(default_factory=list)
    _files: dict[Path, dict[str, tuple[str, str]]] = field(default_factory=dict)

    def documents(self, path: Path) -> dict[str, tuple[str, str]]:
        """``source.path`` → ``(raw, sha256)`` of each document the reader yields from ``path``."""
        if path not in self._files:
            found: dict[str, tuple[str, str]] = {}
            items = iter_inputs([str(path)], text_key=self.text_key, id_key=self.id_key)
            for item in items:
                raw = getattr(item, "raw", None)
                if isinstance(raw, str):
                    found[item.source.path] = (raw, item.source.sha256)
            self._files[path] = found
        return self._files[path]

    def locate(self, path: str) -> tuple[Path, str] | None:
        """The file to read for ``source.path`` and the key of its document there."""
        candidates = [(path, None)]
        line = JSONL_LINE.match(path)
        if line:
            candidates.append((line["file"], line["line"]))
        for name, number in candidates:
            for base in [Path(), *self.bases]:
                file = Path(name) if Path(name).is_absolute() else base / name
                if file.is_file():
                    return file, str(file) if number is None else f"{file}:{number}"
        return None


def source_text(record: dict[str, Any], cache: SourceCache) -> SourceText:
    """The raw text of ``record``'s document, or the warning that explains its absence."""
    text = record.get("text") if isinstance(record.get("text"), dict) else {}
    if isinstance(text.get("raw"), str):
        return _checked(text["raw"], text, SourceText(text["raw"], origin="embedded"))
    source = record.get("source") if isinstance(record.get("source"), dict) else {}
    path = source.get("path")
    if not isinstance(path, str) or not path:
        return SourceText(None, Errors.W224.format(reason="the record has no source.path"))
    located = cache.locate(path)
    if located is None:
        return SourceText(None, Errors.W222.format(path=path))
    file, key = located
    docs = cache.documents(file)
    if key not in docs and len(docs) == 1:  # the file was given by another name
        key = next(iter(docs))
    if key not in docs:
        reason = f"no readable document at {path}"
        return SourceText(None, Errors.W224.format(reason=reason))
    raw, digest = docs[key]
    expected = source.get("sha256")
    if isinstance(expected, str) and digest != expected:
        return SourceText(None, Errors.W223.format(path=path, found=digest[:12],
                                                   expected=expected[:12]))
    return _checked(raw, text, SourceText(raw))


def _checked(raw: str, text: dict[str, Any], found: SourceText) -> SourceText:
    chars = text.get("chars")
    if isinstance(chars, int) and chars and chars != len(raw):
        reason = f"the text has {len(raw)} characters, the record says {chars}"
        return SourceText(None, Errors.W224.format(reason=reason), found.origin)
    return found


def bases_for(records_path: Path, extra: Iterable[Path] = ()) -> list[Path]:
    """Folders a relative ``source.path`` is also tried under."""
    return [records_path.resolve().parent, *extra]
