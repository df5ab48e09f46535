"""Reading WARC web archives (``.warc``, ``.warc.gz``): one document per HTML response record.

The file is read lazily, one record at a time (``warcio.ArchiveIterator``; a
``.warc.gz`` is a gzip member per record, which warcio reads as it goes), so an
archive of any size costs the memory of its largest record.

Which records are documents
    ``response`` records (and ``resource`` records, which carry a page without
    HTTP headers) whose HTTP status is 2xx and whose ``Content-Type`` is HTML
    (``text/html``, ``application/xhtml+xml``). Everything else in a crawl —
    ``warcinfo``, ``request``, ``metadata`` records, redirects, images,
    scripts, style sheets — is no article and is skipped: it yields no record.
    A WARC file without any HTML page gives one E065 record (under the file's
    id), so that no input goes unaccounted for.

``doc_id`` and ``source.path``
    ``<file id>:<n>``, ``n`` the 1-based number of the record in the file,
    every record counted (so skipped records leave gaps): unique within the
    file and stable as long as the file does not change, like a JSONL line's
    ``<file id>:<line>``. The target URI is not used: a crawl fetches the same
    URI more than once. ``source.format`` is ``warc``; ``sha256`` is that of
    the record's HTTP payload (after chunked and content-encoding decoding);
    ``encoding`` is the payload's, detected as for an HTML file (the HTTP
    ``charset`` or the page's declaration decides between legacy encodings).

What ``raw`` is for WARC
    The article text ``trafilatura`` extracts from the page (main content
    only: navigation, sidebars, related-article lists, comments and footers
    are dropped), with trafilatura's title as the first line when the text
    does not already start with it. Every offset of the record indexes this
    text; re-run ``article_text(html)`` on the payload to get it.
    trafilatura's publication date (``YYYY-MM-DD``) becomes the document's
    ``reference_date``, the date relative dates (``3月15日``) are read
    against. A page without article text is an E035 record, an unreadable
    file or record an E064 record. The ``.html`` reader (``readers.html_to_text``)
    is not used for WARC, and trafilatura is not used for ``.html`` files.
"""
from __future__ import annotations

import gzip
import hashlib
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from xinwen.pipeline.decoding import (
    _DECLARED, ReadFailure, _document, _read_capped, declared_charset, detect_encoding, truncated_at,
)
from xinwen.pipeline.doc import Document, SourceInfo
from xinwen.pipeline.errors import Errors
from xinwen.pipeline.patterns import fixed_pattern

FORMAT = "warc"
PAGE_RECORDS = frozenset({"response", "resource"})
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_CHARSET = fixed_pattern("text_patterns.tsv", "text.http_charset")


def missing_library() -> str | None:
    """Why the WARC reader cannot run here (a library missing), or ``None``."""
    try:
        import trafilatura  # noqa: F401
        import warcio  # noqa: F401
    except ImportError as exc:
        return str(exc)
    return None


def read_warc(stream: BinaryIO, display: str, base_id: str,
              max_bytes: int | None) -> Iterator[Document | ReadFailure]:
    """One ``Document`` or ``ReadFailure`` per HTML response record of the WARC ``stream``."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    number = pages = 0
    try:
        _check_magic(stream)
        for number, record in enumerate(ArchiveIterator(stream), start=1):
            if _is_page(record):
                pages += 1
                yield from _page(record, f"{display}:{number}", f"{base_id}:{number}", max_bytes)
    except (ArchiveLoadFailed, OSError, EOFError, ValueError, zlib.error) as exc:
        where = f"{display}:{number + 1}"
        message = Errors.E064.format(path=where, reason=str(exc).strip() or type(exc).__name__)
        yield ReadFailure(f"{base_id}:{number + 1}", where, "E064", message, FORMAT)
        return
    if not pages:  # the file is an input: it yields a record even without a page in it
        message = Errors.E065.format(path=display, records=number)
        yield ReadFailure(base_id, display, "E065", message, FORMAT)


def _check_magic(stream: BinaryIO) -> None:
    """Raise ``ValueError`` unless the (possibly gzipped) stream starts with ``WARC/``.

    warcio would read anything else as an old ARC file, record by record of garbage.
    """
    start = stream.tell()
    head = stream.read(2)
    stream.seek(start)
    if head == b"\x1f\x8b":
        with gzip.GzipFile(fileobj=stream) as unzipped:
            head = unzipped.read(5)
        stream.seek(start)
    else:
        head = stream.read(5)
        stream.seek(start)
    if head != b"WARC/":
        raise ValueError("it does not start with a WARC/1.x record header")


def _is_page(record) -> bool:
    if record.rec_type not in PAGE_RECORDS:
        return False
    http = record.http_headers
    if http is not None:
        status = http.get_statuscode() or ""
        if not status.startswith("2"):
            return False
        content_type = http.get_header("Content-Type") or ""
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""
    return content_type.split(";")[0].strip().lower() in HTML_TYPES


def _page(record, display: str, doc_id: str,
          max_bytes: int | None) -> Iterator[Document | ReadFailure]:
    limit = None if max_bytes is None else max_bytes + 1
    data = _read_capped(record.content_stream(), limit)
    if limit is not None and len(data) >= limit:
        message = Errors.E085.format(path=display, limit=max_bytes)
        yield ReadFailure(doc_id, display, "E085", message, FORMAT)
        return
    digest = hashlib.sha256(data).hexdigest()
    if not data.strip():
        yield ReadFailure(doc_id, display, "E031", Errors.E031.format(path=display), FORMAT, digest)
        return
    declared = _http_charset(record) or declared_charset(data)
    decoded = detect_encoding(data, declared=declared)
    if decoded is None:
        message = Errors.E032.format(path=display)
        yield ReadFailure(doc_id, display, "E032", message, FORMAT, digest)
        return
    markup, encoding, confident = decoded
    text, date = article_text(markup)
    if not text:
        message = Errors.E035.format(path=display)
        yield ReadFailure(doc_id, display, "E035", message, FORMAT, digest, encoding)
        return
    source = SourceInfo(path=display, sha256=digest, encoding=encoding, format=FORMAT)
    doc = _document(doc_id, text, source, confident, truncated_at(data, encoding))
    doc.reference_date = date
    yield doc


def _http_charset(record) -> str | None:
    http = record.http_headers
    content_type = (http.get_header("Content-Type") if http is not None else None) or ""
    found = _CHARSET.search(content_type)
    return _DECLARED.get(found.group(1).lower()) if found else None


def article_text(markup: str) -> tuple[str, str | None]:
    """``(article text, publication date or None)`` of an HTML page, by trafilatura.

    The text is trafilatura's main-content text (one line per paragraph), with its
    title put first when the text does not start with it; ``""`` when it finds none.
    """
    import trafilatura

    found = trafilatura.bare_extraction(markup, with_metadata=True, include_comments=False,
                                        include_tables=True, favor_precision=True)
    if found is None:
        return "", None
    text = (found.text or "").strip()
    title = (found.title or "").strip()
    if text and title and not text.startswith(title):
        text = f"{title}\n{text}"
    iso_day = fixed_pattern("text_patterns.tsv", "text.warc_date")
    date = found.date if found.date and iso_day.fullmatch(found.date) else None
    return text, date
