"""Reading inputs: files, directory trees and stdin → ``Document`` or ``ReadFailure``.

``iter_inputs(paths)`` yields one item per input document, lazily and in a
deterministic order: the paths in the order given; inside a directory, every
file with a supported extension, recursively, sorted by its relative path
(hidden files and folders, whose name starts with ``.``, are skipped;
symlinked folders are not followed). ``-`` reads stdin.

Formats (by extension, case-insensitive; each may also be gzipped, ``.txt.gz``):

``.txt``
    The decoded text is ``raw``.
``.html`` / ``.htm``
    The article text is extracted with BeautifulSoup (lxml parser): ``script``,
    ``style``, ``nav``, ``header``, ``footer``, ``aside``, ``form`` and similar
    page furniture are dropped; the first ``<article>`` with most text is taken
    if there is one, else ``<body>``; each block element (``p``, ``div``,
    ``h1``…, ``li``, ``br`` …) becomes its own line and whitespace inside a line
    is folded to one space. The page ``<title>`` is put as the first line when
    the article has no ``<h1>``. **For an HTML input ``raw`` is this extracted
    text**: ``text.chars`` counts it and every span of the record indexes it,
    not the bytes of the page. ``sha256`` is still that of the page's bytes.
``.jsonl``
    One article per line, a JSON object whose ``text_key`` holds the text. A
    line that is not a JSON object, or has no text, becomes a ``ReadFailure``
    for that line and the other lines go on. Blank lines are skipped. ``raw`` is
    the decoded string value; ``source.path`` is ``FILE:LINE`` and ``sha256``
    that of the line's bytes.
``.warc`` / ``.warc.gz``
    A web archive, read lazily, record by record: each HTML response record
    is a document, its article text taken by trafilatura (``pipeline.reader_warc``,
    which says what ``raw``, ``doc_id`` and ``sha256`` are there). Needs the
    ``warc`` extra; without it each WARC file is an E063 record.
anything else given by name
    Read as plain text (only directory walks filter by extension).
stdin
    The format is sniffed: gzip magic → decompressed first; WARC when the
    bytes start with ``WARC/``; JSONL when the
    first non-blank line parses as a JSON object, HTML when the text starts
    with ``<`` and a tag, else plain text.

``fmt`` (``--format txt|html|jsonl``) overrides the extension and the sniffing,
for every input of the run. ``glob`` keeps, in a directory walk, only the
files whose path relative to the directory matches one of the patterns
(``fnmatch``: ``*`` also matches ``/``; files given by name are never
filtered). ``exclude`` names files a directory walk skips
(the run's own output and its in-progress files). ``max_bytes`` caps one
input's bytes after decompression: a larger input is a ``ReadFailure`` (E085),
read no further, so a gzip bomb never fills memory.

A single incomplete multibyte character at the very end of the bytes (a cut
download) is dropped and the document read, with warning W080 giving the byte
offset; anything else undecodable is still E032.

``sha256`` is of the document's bytes after gzip decompression (the page for
HTML, the line for JSONL). Encoding detection (``detect_encoding``): a UTF-8
BOM (``utf-8-sig``), strict UTF-8 (``utf-8``), then strict GB18030 and Big5
(``cp950`` where plain Big5 fails) decodes scored by how common their Chinese
characters are (see ``_score``); an HTML ``charset`` declaration decides
between legacy encodings that both decode. A close call adds warning W002 to
the document. GBK and GB2312 inputs are read and recorded as ``gb18030``, their
superset.

``doc_id`` (contract v1.1): the JSONL id field where present; else the path
relative to the given directory without its extension (``2023/03/a.txt`` →
``2023/03/a``); a file given by name → its name without extension. With
several roots (paths given) in one run, every path is taken relative to the
roots' common parent instead (``a/x.txt`` and ``b/x.txt`` → ``a/x``, ``b/x``;
``id_base``), so ids stay unique within the run; with one root nothing
changes. A JSONL line without an id gets ``<that id>:<line number>``.
Documents read from stdin are numbered: a text or HTML document on stdin is
``stdin-1``, a JSONL line without an id on stdin ``stdin-<line number>``
(``stdin-3``), so that stdin ids take the contract's ``stdin-1``, ``stdin-2`` …
form whatever the format.
"""
from __future__ import annotations

import fnmatch
import gzip
import hashlib
import io
import json
import os
import sys
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PreformattedString

from xinwen.pipeline.decoding import (  # ReadFailure, detect_encoding: public here too
    ReadFailure, _document, _read_capped, declared_charset, detect_encoding, truncated_at,
)
from xinwen.pipeline.doc import Document, SourceInfo
from xinwen.pipeline.errors import Errors
from xinwen.pipeline.patterns import fixed_pattern

FORMATS: dict[str, str] = {
    ".txt": "text", ".html": "html", ".htm": "html", ".jsonl": "jsonl", ".warc": "warc",
}
# --format value -> contract source.format
FORMAT_NAMES: dict[str, str] = {"txt": "text", "html": "html", "jsonl": "jsonl", "warc": "warc"}
GZIP_SUFFIX = ".gz"
GZIP_MAGIC = b"\x1f\x8b"
STDIN = "-"
STDIN_NAME = "<stdin>"
STDIN_ID = "stdin-1"  # the one document of a text or HTML stdin
STDIN_LINE_ID = "stdin-{line}"  # a JSONL line on stdin without an id
FILE_LINE_ID = "{base}:{line}"  # a JSONL line in a file without an id


Item = Document | ReadFailure


def iter_inputs(
    paths: Sequence[str],
    *,
    text_key: str = "text",
    id_key: str = "id",
    stdin: BinaryIO | None = None,
    fmt: str | None = None,
    exclude: frozenset[Path] = frozenset(),
    max_bytes: int | None = None,
    base: str | None = None,
    glob: Sequence[str] = (),
) -> Iterator[Item]:
    """One ``Document`` or ``ReadFailure`` per input document, in input order.

    ``stdin`` is the byte stream read for ``-`` (default ``sys.stdin.buffer``).
    ``fmt`` is a contract format (``text``, ``html``, ``jsonl``) forced on every
    input; ``exclude`` holds resolved paths a directory walk skips. ``base`` is
    the folder doc ids are relative to (default: ``id_base(paths)``), for a caller
    that reads the roots of one run one by one (``xinwen.extract_many``).
    """
    reader = _Reader(text_key=text_key, id_key=id_key, fmt=fmt, max_bytes=max_bytes)
    base = base if base is not None else id_base(paths)
    for given in paths:
        if given == STDIN:
            yield from reader.read_stdin(stdin)
            continue
        path = Path(given)
        if path.is_dir():
            for file, rel in selected(walk(path), glob, exclude):
                yield from reader.read_file(file, str(file), _path_id(file, rel, base))
        elif os.path.lexists(path):  # a file, or a link that may be broken: reading tells
            yield from reader.read_file(path, given, _path_id(path, Path(path.name), base))
        else:
            yield ReadFailure(
                doc_id=_path_id(path, Path(path.name), base), path=given, code="E036",
                message=Errors.E036.format(path=given), format=format_of(path.name),
            )


TEXT_NAME = "<text>"  # shown in messages about a text given to the Python API


def text_document(text: str, doc_id: str) -> Item:
    """The ``Document`` of a text given as a ``str`` (the Python API): ``source.path``
    None, ``sha256`` of its UTF-8 bytes, encoding ``utf-8``, format ``text``; a blank text
    is an E031 failure.

    >>> doc = text_document("青岛签约", "text")
    >>> doc.doc_id, doc.source.path, doc.source.sha256[:12], doc.source.encoding
    ('text', None, 'edcb9c581635', 'utf-8')
    >>> text_document(" ", "text-2").code
    'E031'
    """
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    if not text.strip():
        return ReadFailure(doc_id, None, "E031", Errors.E031.format(path=TEXT_NAME), "text",
                           digest, "utf-8")
    return Document(doc_id=doc_id, raw=text,
                    source=SourceInfo(path=None, sha256=digest, encoding="utf-8", format="text"))


def id_base(paths: Sequence[str]) -> str | None:
    """The folder doc ids are relative to: ``None`` with at most one root (each path then
    relative to its root), else the common parent of the roots (stdin is no root).

    >>> id_base(["corpus/articles"]) is None
    True
    >>> id_base(["a", "b", "-"]) == os.path.abspath(".")
    True
    >>> id_base(["x/a/1.txt", "x/b/2.txt"]) == os.path.abspath("x")
    True
    """
    roots = [given for given in paths if given != STDIN]
    if len(roots) < 2:
        return None
    return os.path.commonpath([os.path.dirname(os.path.abspath(root)) for root in roots])


def _path_id(path: Path, rel: Path, base: str | None) -> str:
    """doc_id of a file: ``rel`` (relative to its root) without extension, or, with a
    ``base``, its path relative to ``base`` without extension."""
    if base is not None:
        rel = Path(os.path.relpath(os.path.abspath(path), base))
    return strip_suffixes(rel.as_posix())


def walk(root: Path) -> list[tuple[Path, Path]]:
    """``(path, path relative to root)`` of every supported file under ``root``, sorted.

    Broken links with a supported name are kept (reading them fails visibly).
    """
    found = []
    for folder, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if not name.startswith(".") and _bare_suffix(name) in FORMATS:
                path = Path(folder, name)
                found.append((path, path.relative_to(root)))
    return sorted(found, key=lambda item: item[1].parts)


def selected(found: list[tuple[Path, Path]], glob: Sequence[str],
             exclude: frozenset[Path]) -> Iterator[tuple[Path, Path]]:
    """The files of a walk that match one of the ``glob`` patterns (all if none) and are
    not in ``exclude``.

    >>> found = [(Path("d/2023/a.txt"), Path("2023/a.txt")), (Path("d/b.html"), Path("b.html"))]
    >>> [rel.as_posix() for _, rel in selected(found, ["2023/*"], frozenset())]
    ['2023/a.txt']
    >>> [rel.as_posix() for _, rel in selected(found, ["*.html", "*.txt"], frozenset())]
    ['2023/a.txt', 'b.html']
    """
    for file, rel in found:
        if glob and not any(fnmatch.fnmatchcase(rel.as_posix(), pattern) for pattern in glob):
            continue
        if file.resolve() not in exclude:
            yield file, rel


def _bare_suffix(name: str) -> str:
    """Extension that decides the format, below a ``.gz``: ``a.TXT.gz`` → ``.txt``."""
    return os.path.splitext(name.lower().removesuffix(GZIP_SUFFIX))[1]


def format_of(name: str) -> str:
    """Contract ``source.format`` of a file name (plain text for unknown extensions)."""
    return FORMATS.get(_bare_suffix(name), "text")


def strip_suffixes(name: str) -> str:
    """Name without ``.gz`` and its extension: ``2023/a.txt.gz`` → ``2023/a``."""
    if name.lower().endswith(GZIP_SUFFIX):
        name = name[: -len(GZIP_SUFFIX)]
    stem, _ = os.path.splitext(name)
    return stem or name


# ----------------------------------------------------------------- reading


@dataclass(frozen=True)
class _Reader:
    text_key: str
    id_key: str
    fmt: str | None = None
    max_bytes: int | None = None

    def read_file(self, path: Path, display: str, doc_id: str) -> Iterator[Item]:
        fmt = self.fmt or format_of(path.name)
        gzipped = path.name.lower().endswith(GZIP_SUFFIX)
        if fmt == "warc":  # read lazily, record by record; warcio unzips as it goes
            yield from self.read_warc_file(path, display, doc_id)
            return
        data = _read_bytes(lambda: open(path, "rb"), gzipped, self.max_bytes)  # noqa: SIM115
        if isinstance(data, _Problem):
            yield data.failure(doc_id, display, fmt, self.max_bytes)
            return
        yield from self.parse(data, display, doc_id, fmt)

    def read_warc_file(self, path: Path, display: str, doc_id: str) -> Iterator[Item]:
        from xinwen.pipeline import reader_warc

        missing = reader_warc.missing_library()
        if missing is not None:
            message = Errors.E063.format(path=display, reason=missing)
            yield ReadFailure(doc_id, display, "E063", message, "warc")
            return
        try:
            stream = open(path, "rb")  # noqa: SIM115 - closed below, after the lazy read
        except OSError as exc:
            yield _Problem("E030", exc.strerror or str(exc)).failure(doc_id, display, "warc", None)
            return
        with stream:
            yield from reader_warc.read_warc(stream, display, doc_id, self.max_bytes)

    def read_stdin(self, stream: BinaryIO | None) -> Iterator[Item]:
        stream = stream if stream is not None else sys.stdin.buffer
        data = _read_bytes(lambda: _Unclosed(stream), None, self.max_bytes)
        if isinstance(data, _Problem):
            yield data.failure(STDIN_ID, STDIN_NAME, self.fmt, self.max_bytes)
            return
        yield from self.parse(data, STDIN_NAME, STDIN_ID, self.fmt or sniff_format(data),
                              line_id=STDIN_LINE_ID)

    def parse(self, data: bytes, display: str, doc_id: str, fmt: str,
              line_id: str = FILE_LINE_ID) -> Iterator[Item]:
        """Documents in ``data``, the bytes of one input (already gunzipped); ``line_id``
        names a JSONL line without an id (``{base}``: ``doc_id``, ``{line}``: its number)."""
        digest = hashlib.sha256(data).hexdigest()

        def failure(code: str, message: str, encoding: str | None = None) -> ReadFailure:
            return ReadFailure(doc_id, display, code, message, fmt, digest, encoding)

        if not data.strip():
            yield failure("E031", Errors.E031.format(path=display))
            return
        if fmt == "warc":  # stdin read as WARC (--format warc): its bytes are in memory already
            from xinwen.pipeline import reader_warc

            missing = reader_warc.missing_library()
            if missing is not None:
                yield failure("E063", Errors.E063.format(path=display, reason=missing))
                return
            yield from reader_warc.read_warc(io.BytesIO(data), display, doc_id, self.max_bytes)
            return
        declared = declared_charset(data) if fmt == "html" else None
        decoded = detect_encoding(data, declared=declared)
        if decoded is None:
            yield failure("E032", Errors.E032.format(path=display))
            return
        text, encoding, confident = decoded
        cut = truncated_at(data, encoding)
        if fmt == "jsonl":
            yield from self.parse_jsonl(data, text, display, doc_id, encoding, confident, cut,
                                        line_id)
            return
        if fmt == "html":
            text = html_to_text(text)
            if not text:
                yield failure("E035", Errors.E035.format(path=display), encoding)
                return
        elif not text.strip():
            yield failure("E031", Errors.E031.format(path=display), encoding)
            return
        source = SourceInfo(path=display, sha256=digest, encoding=encoding, format=fmt)
        yield _document(doc_id, text, source, confident, cut)

    def parse_jsonl(
        self, data: bytes, text: str, display: str, base_id: str, encoding: str,
        confident: bool, cut: int | None = None, line_id: str = FILE_LINE_ID,
    ) -> Iterator[Item]:
        # b"\n" never occurs inside a UTF-8, GB18030 or Big5 character, so the
        # byte lines and the decoded lines correspond one to one.
        found = False
        lines = text.split("\n")
        for number, (line_bytes, line) in enumerate(zip(data.split(b"\n"), lines), start=1):
            if not line.strip():
                continue
            found = True
            digest = hashlib.sha256(line_bytes.rstrip(b"\r")).hexdigest()
            where = f"{display}:{number}"
            fallback_id = line_id.format(base=base_id, line=number)
            obj, reason = _json_object(line)
            if obj is None:
                message = Errors.E033.format(path=display, line=number, reason=reason)
                yield ReadFailure(fallback_id, where, "E033", message, "jsonl", digest, encoding)
                continue
            doc_id = _id_value(obj.get(self.id_key)) or fallback_id
            value = obj.get(self.text_key)
            if not isinstance(value, str) or not value.strip():
                code, message = self._no_text(display, number, value)
                yield ReadFailure(doc_id, where, code, message, "jsonl", digest, encoding)
                continue
            source = SourceInfo(path=where, sha256=digest, encoding=encoding, format="jsonl")
            yield _document(doc_id, value, source, confident, cut if number == len(lines) else None)
        if not found:  # only blank lines, e.g. full-width spaces
            digest = hashlib.sha256(data).hexdigest()
            message = Errors.E031.format(path=display)
            yield ReadFailure(base_id, display, "E031", message, "jsonl", digest, encoding)


    def _no_text(self, display: str, number: int, value: object) -> tuple[str, str]:
        """Code and message of a JSONL line whose text key is missing, blank or not a string."""
        if value is None or isinstance(value, str):
            return "E034", Errors.E034.format(path=display, line=number, key=self.text_key)
        kind = _JSON_KINDS.get(type(value), type(value).__name__)
        return "E087", Errors.E087.format(path=display, line=number, key=self.text_key, kind=kind)


_JSON_KINDS = {
    bool: "a boolean", int: "a number", float: "a number", list: "a list", dict: "an object",
}


@dataclass(frozen=True, slots=True)
class _Problem:
    """Why an input's bytes could not be had: E030 (with the OS reason) or E085 (too large)."""

    code: str
    reason: str = ""

    def failure(self, doc_id: str, display: str, fmt: str | None, limit: int | None) -> ReadFailure:
        if self.code == "E085":
            message = Errors.E085.format(path=display, limit=limit)
        else:
            message = Errors.E030.format(path=display, reason=self.reason)
        return ReadFailure(doc_id, display, self.code, message, format=fmt)


class _Unclosed:
    """A stream that ``with`` does not close (stdin stays open for the interpreter)."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream

    def __enter__(self) -> BinaryIO:
        return self.stream

    def __exit__(self, *exc_info: object) -> None:
        return None


def _read_bytes(
    open_stream: Callable[[], object], gzipped: bool | None, max_bytes: int | None
) -> bytes | _Problem:
    """The bytes of the stream, gunzipped if ``gzipped`` (``None``: if they start
    with the gzip magic), at most ``max_bytes`` of them after decompression."""
    limit = None if max_bytes is None else max_bytes + 1
    try:
        with open_stream() as stream:
            data = _read_capped(stream, limit)
        if gzipped or (gzipped is None and data[:2] == GZIP_MAGIC):
            if limit is not None and len(data) >= limit:
                return _Problem("E085")
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as unzipped:
                data = _read_capped(unzipped, limit)
    except (OSError, EOFError, zlib.error) as exc:
        return _Problem("E030", getattr(exc, "strerror", None) or str(exc))
    if limit is not None and len(data) >= limit:
        return _Problem("E085")
    return data


def _json_object(line: str) -> tuple[dict | None, str]:
    """The JSON object on ``line``, or ``None`` and why not."""
    try:
        value = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, f"{exc.msg} (column {exc.colno})"
    if not isinstance(value, dict):
        return None, f"expected an object, got {type(value).__name__}"
    return value, ""


def _id_value(value: object) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (str, int)):
        return str(value) or None
    return None


def sniff_format(data: bytes) -> str:
    """Format of stdin bytes: JSONL if the first line is a JSON object, HTML if a tag starts it.

    >>> sniff_format('{"text": "青岛"}\\n'.encode())
    'jsonl'
    >>> sniff_format("{青岛}市签约".encode())
    'text'
    >>> sniff_format(b"WARC/1.1\\r\\nWARC-Type: warcinfo\\r\\n")
    'warc'
    """
    if data.startswith(b"WARC/"):
        return "warc"
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        first = data.lstrip(b"\xef\xbb\xbf \t\r\n").split(b"\n", 1)[0]
        decoded = detect_encoding(first)
        if decoded is not None and _json_object(decoded[0])[0] is not None:
            return "jsonl"
        return "text"
    if fixed_pattern("text_patterns.tsv", "text.html_head").match(head):
        return "html"
    return "text"


# -------------------------------------------------------------------- HTML

_DROPPED = (
    "script", "style", "nav", "noscript", "template", "iframe", "header", "footer",
    "aside", "form", "svg", "button", "select", "head",
)
_BLOCKS = frozenset({
    "address", "article", "blockquote", "body", "caption", "dd", "div", "dl", "dt", "figcaption",
    "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "main", "ol", "p", "pre", "section",
    "table", "td", "th", "tr", "ul", "html",
})
_SPACE = fixed_pattern("text_patterns.tsv", "text.space_run")


def html_to_text(markup: str) -> str:
    """Article text of an HTML page: one line per block, page furniture dropped.

    >>> html_to_text("<html><head><title>T</title><script>x()</script></head><body>"
    ...              "<nav>首页</nav><p>青岛<b>市</b></p><div>签约<br>16个项目</div></body></html>")
    'T\\n青岛市\\n签约\\n16个项目'
    """
    soup = BeautifulSoup(markup, "lxml")
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    for tag in soup.find_all(_DROPPED):
        tag.decompose()
    root = _article_root(soup)
    lines = _block_lines(root)
    if title and root.find("h1") is None:
        lines.insert(0, _SPACE.sub(" ", title))
    return "\n".join(lines)


def _article_root(soup: BeautifulSoup) -> Tag:
    articles = soup.find_all("article")
    if articles:
        return max(articles, key=lambda tag: len(tag.get_text(strip=True)))
    return soup.body or soup


def _block_lines(root: Tag) -> list[str]:
    """Text of ``root`` with a line break wherever the enclosing block changes or at ``<br>``."""
    lines: list[str] = []
    parts: list[str] = []
    current_block = None

    def flush() -> None:
        line = _SPACE.sub(" ", "".join(parts)).strip()
        if line:
            lines.append(line)
        parts.clear()

    for node in root.descendants:
        if isinstance(node, Tag):
            if node.name == "br":
                flush()
            continue
        if not isinstance(node, NavigableString) or isinstance(node, PreformattedString):
            continue  # comments, doctype, CDATA
        block = _enclosing_block(node)
        if block is not current_block:
            flush()
            current_block = block
        parts.append(str(node))
    flush()
    return lines


def _enclosing_block(node: NavigableString) -> Tag | None:
    for parent in node.parents:
        if parent.name in _BLOCKS:
            return parent
    return None
