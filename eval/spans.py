"""Span validity: does the raw text at each predicted span normalize to the value's text?

For every predicted amount and area (``span`` against ``text``) and every
person mention (each of ``mentions`` against ``name``), the raw fragment
``raw[start:end]`` is normalized with the pipeline's own
``pipeline.normalize.normalize_text`` and compared with the value's text,
whitespace removed on both sides. A span that is missing, malformed or
outside the raw text is checked and invalid. Where the raw text is not
available (the source file is gone or unreadable, the pipeline's reader or
normalizer cannot be imported) the spans are *not checkable* and are counted
as such, never as valid or invalid.

:func:`check_spans` is pure; :func:`load_raw_texts` and
:func:`default_normalizer` do the I/O through the pipeline's own modules.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from xinwen.eval.metrics import Share
from xinwen.eval.slots import Item, dicts
from xinwen.pipeline.registry import SLOTS
from xinwen.pipeline.registry import slot as registry_slot

#: the slots whose spans are checked (pipeline/registry.py): items with one span, then mentions
SPAN_SLOTS = (
    *(slot.name for slot in SLOTS if slot.spans == "item"),
    *(slot.name for slot in SLOTS if slot.spans == "mentions"),
)


def _squash(text: str) -> str:
    return "".join(text.split())


def _fragment(raw: str, span: Any) -> str | None:
    """``raw[start:end]`` for a well-formed span inside ``raw``, else None."""
    if not isinstance(span, dict):
        return None
    start, end = span.get("start"), span.get("end")
    if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool):
        return None
    if not 0 <= start < end <= len(raw):
        return None
    return raw[start:end]


def _targets(record: dict[str, Any]) -> Iterable[tuple[str, str, Any]]:
    """(slot, expected text, span) for every span of a record."""
    for slot in SPAN_SLOTS:
        if registry_slot(slot).spans == "item":
            for item in dicts(record.get(slot)):
                yield slot, str(item.get("text", "")), item.get("span")
    for slot in SPAN_SLOTS:
        if registry_slot(slot).spans == "mentions":
            for person in dicts(record.get(slot)):
                mentions = person.get("mentions")
                for span in mentions if isinstance(mentions, list) else []:
                    yield slot, str(person.get("name", "")), span


def check_spans(
    record: dict[str, Any], raw: str | None, normalize: Callable[[str], str]
) -> tuple[dict[str, Share], list[Item]]:
    """Per-slot :class:`Share` of valid spans of one record, and the invalid ones as items.

    >>> rec = {"amounts": [{"text": "300亿元", "span": {"start": 2, "end": 7}},
    ...                    {"text": "近百亿元", "span": {"start": 0, "end": 3}}],
    ...        "people": [{"name": "耿涛", "mentions": [{"start": 8, "end": 10}]}]}
    >>> shares, bad = check_spans(rec, "投资300亿元，耿涛", str)
    >>> shares["amounts"], shares["people"]
    (Share(valid=1, checked=2, unchecked=0), Share(valid=1, checked=1, unchecked=0))
    >>> [b.text for b in bad]
    ['近百亿元 @0:3 = 投资3']
    >>> check_spans(rec, None, str)[0]["amounts"]
    Share(valid=0, checked=0, unchecked=2)
    """
    shares = {slot: Share() for slot in SPAN_SLOTS}
    bad: list[Item] = []
    for slot, expected, span in _targets(record):
        if raw is None:
            shares[slot] += Share(unchecked=1)
            continue
        fragment = _fragment(raw, span)
        valid = fragment is not None and _squash(normalize(fragment)) == _squash(expected)
        shares[slot] += Share(valid=int(valid), checked=1)
        if valid:
            continue
        if not isinstance(span, dict):
            bad.append(Item(f"span.{slot}", "bad_span", f"{expected}: no span"))
            continue
        shown = "(not a span inside the text)" if fragment is None else fragment
        where = f"{span.get('start')}:{span.get('end')}"
        bad.append(Item(f"span.{slot}", "bad_span", f"{expected} @{where} = {shown}"))
    return shares, bad


def default_normalizer() -> Callable[[str], str]:
    """The pipeline's normalization of a raw fragment (raises ImportError if unavailable)."""
    from xinwen.pipeline.normalize import normalize_text

    return lambda fragment: normalize_text(fragment).text


def _candidate_paths(path: str, bases: Iterable[Path]) -> list[Path]:
    given = Path(path)
    if given.is_absolute():
        return [given]
    return [given, *(base / given for base in bases)]


def load_raw_texts(
    records: Iterable[dict[str, Any]], bases: Iterable[Path] = ()
) -> tuple[dict[str, str], dict[str, str]]:
    """Raw text of each record, re-read from ``source.path`` with the pipeline's reader.

    A relative path is tried as given (from the working directory), then under
    each of ``bases`` (e.g. the prediction file's folder). A file is read once
    even if several records (a JSONL input) point to it; a record takes the
    document of its doc_id, or the file's only document where the reader
    derived another doc_id (a file run by name vs. under a folder).

    Returns (raw text by doc_id, reason by doc_id for those not checkable).
    """
    try:
        from xinwen.pipeline.readers import iter_inputs
    except ImportError as exc:
        reason = f"pipeline.readers unavailable: {exc}"
        return {}, {r["doc_id"]: reason for r in records}
    bases = list(bases)
    cache: dict[Path, dict[str, str] | str] = {}
    raws: dict[str, str] = {}
    reasons: dict[str, str] = {}
    for record in records:
        source = record.get("source")
        path = source.get("path") if isinstance(source, dict) else None
        if not isinstance(path, str) or not path:
            reasons[record["doc_id"]] = "no source.path"
            continue
        found = next((p for p in _candidate_paths(path, bases) if p.is_file()), None)
        if found is None:
            reasons[record["doc_id"]] = f"source not found: {path}"
            continue
        if found not in cache:
            cache[found] = _read_documents(found, iter_inputs)
        docs = cache[found]
        if isinstance(docs, str):
            reasons[record["doc_id"]] = docs
        elif record["doc_id"] in docs:
            raws[record["doc_id"]] = docs[record["doc_id"]]
        elif len(docs) == 1:
            raws[record["doc_id"]] = next(iter(docs.values()))
        else:
            reasons[record["doc_id"]] = f"doc_id not found in {path}"
    return raws, reasons


def _read_documents(
    path: Path, iter_inputs: Callable[[list[str]], Iterable[Any]]
) -> dict[str, str] | str:
    """doc_id → raw for every document the reader yields from one file, or the failure reason."""
    docs: dict[str, str] = {}
    failures: list[str] = []
    for item in iter_inputs([str(path)]):
        raw, doc_id = getattr(item, "raw", None), getattr(item, "doc_id", None)
        if isinstance(raw, str) and isinstance(doc_id, str):
            docs[doc_id] = raw
        else:  # a ReadFailure: its coded message says why
            failures.append(str(getattr(item, "message", None) or item))
    if not docs:
        return "; ".join(failures) or f"no document read from {path}"
    return docs
