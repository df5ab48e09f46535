"""Huge documents: processed in paragraph windows, merged into one record with raw offsets.

A document longer than ``max_chars`` is cut into consecutive windows of at
most ``max_chars`` characters, each ending just after a line break (else after
a sentence end ``。！？``), covering the raw text exactly. Each window is a
document of its own through the whole pipeline; the records are merged:
every span shifted by its window's start (so offsets index the whole raw
text), lists concatenated in text order, people of the same name across
windows merged into one (mentions joined, the first window's titles kept),
``meta`` taken from the first window with gaps filled from later ones,
``text`` counts summed (``form`` ``mixed`` when the windows differ). The
record carries warning W081. A stretch of ``max_chars`` characters without
a break to cut at is an E086 record; so is any window's failure (its code and
message kept), since a partial record would silently miss facts.

Memory (issue 14): each window's record is folded into the merged one as soon as
it is made (``WindowMerge``) and dropped with its Document, equal strings kept
once; what grows with the document is only the merged record and its JSON line.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from xinwen.pipeline.doc import Document
from xinwen.pipeline.errors import Errors, Warnings
from xinwen.pipeline.export import dumps, failed, schema_problems
from xinwen.pipeline.ids import assign_ids
from xinwen.pipeline.patterns import fixed_pattern
from xinwen.pipeline.pipeline import Pipeline
from xinwen.pipeline.registry import SLOT_NAMES, SLOTS

STAGE = "windows"
NER_COUNTS = ("sentences", "sentences_total", "chars", "chars_total")  # summed over windows
_SENTENCE_END = fixed_pattern("text_patterns.tsv", "text.window_sentence_end")

Result = tuple[dict[str, Any], str]


def paragraph_windows(raw: str, max_chars: int) -> list[tuple[int, int]] | None:
    """``[start, end)`` windows of at most ``max_chars`` covering ``raw``; ``None`` if one cannot be cut.

    >>> paragraph_windows("ab\\ncd\\nef", 4)
    [(0, 3), (3, 6), (6, 8)]
    >>> paragraph_windows("青岛。崂山。", 4)
    [(0, 3), (3, 6)]
    >>> paragraph_windows("abcdef", 4) is None
    True
    """
    windows, start = [], 0
    while len(raw) - start > max_chars:
        piece = raw[start:start + max_chars]
        cut = piece.rfind("\n") + 1
        if cut == 0:
            ends = list(_SENTENCE_END.finditer(piece))
            cut = ends[-1].end() if ends else 0
        if cut == 0:
            return None
        windows.append((start, start + cut))
        start += cut
    windows.append((start, len(raw)))
    return windows


def process_windows(doc: Document, nlp: Pipeline, max_chars: int,
                    process_one: Callable[[Document, Pipeline], Result]) -> Result:
    """The merged record of ``doc`` processed window by window with ``process_one``.

    Each window's record is folded into the merged one as soon as it is made and then
    dropped, with its Document: memory holds one window and the merged record, not
    every window's record (issue 14).
    """
    windows = paragraph_windows(doc.raw, max_chars)
    if windows is None:
        message = Errors.E086.format(chars=len(doc.raw), limit=max_chars)
        return failed(doc, STAGE, "E086", message, extractor=nlp.extractor)
    merged = _folded_windows(doc, windows, max_chars, nlp, process_one)
    if merged["status"] != "ok":  # a window failed: the whole document's error record
        return merged, dumps(merged)
    problems = schema_problems(merged)
    if problems:
        message = Errors.E040.format(stage=STAGE, reason="; ".join(problems[:3]))
        return failed(doc, STAGE, "E040", message, extractor=nlp.extractor)
    return merged, dumps(merged)


def _folded_windows(doc: Document, windows: list[tuple[int, int]], max_chars: int,
                    nlp: Pipeline, process_one: Callable[[Document, Pipeline], Result]
                    ) -> dict[str, Any]:
    """The merged record of the ``windows`` of ``doc``, else the error record of the first
    window that failed. What only the merge needs (the last window's record, the string
    table) is gone when it returns, before the schema check and the JSON line."""
    merge = WindowMerge(doc, len(windows), max_chars)
    for start, end in windows:
        record = _window_record(doc, start, end, nlp, process_one)
        if record["status"] != "ok":
            error = next(e for e in record["errors"] if e["code"].startswith("E"))
            return failed(doc, error["stage"], error["code"], error["message"],
                          extractor=nlp.extractor)[0]
        merge.add(start, record)
    return merge.record()


def _window_record(doc: Document, start: int, end: int, nlp: Pipeline,
                   process_one: Callable[[Document, Pipeline], Result]) -> dict[str, Any]:
    """The record of ``doc.raw[start:end]``; its Document and JSON line die on return."""
    part = Document(doc_id=doc.doc_id, raw=doc.raw[start:end], source=doc.source)
    record, _ = process_one(part, nlp)
    return record


class WindowMerge:
    """One record folded from the window records, added in text order with ``add``.

    The fold gives what merging the whole list at once gave: lists concatenated with
    spans shifted, people joined by name, ``meta`` gaps filled, counts summed.
    """

    def __init__(self, doc: Document, windows: int, max_chars: int) -> None:
        notice = {"stage": STAGE, "code": "W081",
                  "message": Warnings.W081.format(windows=windows, limit=max_chars)}
        self._chars = len(doc.raw)
        self._errors = [d.as_dict() for d in doc.diagnostics] + [notice]
        self._forms: set[str] = set()
        self._repaired = self._unrecoverable = 0
        self._head: dict[str, Any] | None = None  # the first window's record, lists emptied
        self._meta: dict[str, Any] | None = None
        self._people: dict[str, dict[str, Any]] = {}  # by name, in merged-list order
        self._person_index: dict[str, int] = {}  # name -> index in the merged people
        self._lists: dict[str, list[dict[str, Any]]] = {
            slot.name: [] for slot in SLOTS if slot.name != "people"}
        self._ner: dict[str, Any] | None = None
        self._strings: dict[str, str] = {}  # one object per distinct string (see _shared)
        self._ner_everywhere = True  # every window so far has an extractor.ner block

    def add(self, start: int, record: dict[str, Any]) -> None:
        """Fold in the record of the window that starts at raw offset ``start``."""
        record = _shared(record, self._strings)  # our own copy: shifted in place below
        if self._head is None:
            self._head = {**record, **{name: [] for name in SLOT_NAMES}}
        self._errors += [e for e in record["errors"] if e not in self._errors]
        self._forms.add(record["text"]["form"])
        self._repaired += record["text"]["repaired"]
        self._unrecoverable += record["text"]["unrecoverable"]
        self._meta = _folded_meta(self._meta, record["meta"])
        _retarget_refs(record, len(self._lists["amounts"]), self._person_indexes(record["people"]))
        _fold_people(self._people, start, record["people"])
        for name, items in self._lists.items():  # people are merged by name above
            items += _shifted_items(name, record[name], start)
        self._fold_ner(start, record.get("extractor", {}).get("ner"))

    def _person_indexes(self, window_people: list[dict[str, Any]]) -> list[int]:
        """The merged-list index of each of a window's people (joined by name: a name seen
        in an earlier window keeps its index, a new one goes to the end)."""
        for person in window_people:
            self._person_index.setdefault(person["name"], len(self._person_index))
        return [self._person_index[person["name"]] for person in window_people]

    def _fold_ner(self, start: int, block: dict[str, Any] | None) -> None:
        """``extractor.ner`` of the whole document: the windows' counts added, their spans
        shifted; none where a window has none."""
        self._ner_everywhere = self._ner_everywhere and block is not None
        if not self._ner_everywhere:
            self._ner = None
            return
        for span in block["spans"]:
            _shift(span, start)
        if self._ner is None:
            # a list of its own: the first window's block stays as it is in the head
            self._ner = {"scope": block["scope"], **{key: block[key] for key in NER_COUNTS},
                         "spans": list(block["spans"])}
            return
        for key in NER_COUNTS:
            self._ner[key] += block[key]
        self._ner["spans"] += block["spans"]

    def record(self) -> dict[str, Any]:
        """The merged record (ids renumbered in the merged lists)."""
        head = self._head
        merged = {
            **head,
            "errors": self._errors,
            "text": {
                "form": next(iter(self._forms)) if len(self._forms) == 1 else "mixed",
                "chars": self._chars,
                "repaired": self._repaired,
                "unrecoverable": self._unrecoverable,
            },
            "meta": self._meta,
            "people": list(self._people.values()),
            **self._lists,
        }
        if self._ner is not None:
            merged["extractor"] = {**head.get("extractor", {}), "ner": self._ner}
        return assign_ids(merged)  # the windows' ids renumbered in the merged lists


def _shared(value: Any, strings: dict[str, str]) -> Any:
    """A copy of ``value`` (dicts, lists) whose strings are the equal ones met before.

    A huge document repeats its names, places and words thousands of times; the
    merged record keeps one string object for each instead of one per window item
    (a quarter of its memory). ``strings`` is the merge's own table.
    """
    if isinstance(value, str):
        return strings.setdefault(value, value)
    if isinstance(value, dict):
        return {key: _shared(item, strings) for key, item in value.items()}
    if isinstance(value, list):
        return [_shared(item, strings) for item in value]
    return value


def _shift(span: dict[str, Any], offset: int) -> None:
    """Move ``span`` by ``offset`` (in place: key order and other keys kept)."""
    span["start"] += offset
    span["end"] += offset


def _shifted_items(name: str, items: list[dict[str, Any]], offset: int
                   ) -> list[dict[str, Any]]:
    """``items`` of the list ``name``, their spans moved by ``offset`` (in place)."""
    for item in items:
        for span in item["spans"] if name == "signings" else [item["span"]]:
            _shift(span, offset)
    return items


def _retarget_refs(record: dict[str, Any], amounts_before: int, person_at: list[int]) -> None:
    """Point a window's signing references into the merged lists (in place): ``total_ref``
    past the amounts of the earlier windows, ``people_refs`` to the merged person of the
    same name."""
    for signing in record["signings"]:
        if signing.get("total_ref") is not None:
            signing["total_ref"] += amounts_before
        for ref in signing.get("people_refs", ()):
            ref["person"] = person_at[ref["person"]]


def _fold_people(people: dict[str, dict[str, Any]], start: int,
                 window_people: list[dict[str, Any]]) -> None:
    """Add a window's people to ``people`` (by name): mentions shifted and joined, the
    first window's other fields kept."""
    for person in window_people:
        for mention in person["mentions"]:
            _shift(mention, start)
        if person["name"] in people:
            people[person["name"]]["mentions"] += person["mentions"]
        else:
            people[person["name"]] = person


def _folded_meta(merged: dict[str, Any] | None, meta: dict[str, Any]) -> dict[str, Any]:
    """``merged`` (the earlier windows' meta, ``None`` before the first) with the gaps
    ``meta`` fills."""
    if merged is None:
        return dict(meta)
    for key, value in meta.items():
        if isinstance(value, list):
            merged[key] = merged[key] + [v for v in value if v not in merged[key]]
        elif key == "rules":  # the rule of a field a later window filled
            merged[key] = {**value, **merged[key]}
        elif merged[key] is None:
            merged[key] = value
    return merged
