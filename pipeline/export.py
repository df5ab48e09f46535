"""Document → contract v1 record (a JSON-ready dict), and the schema check.

Every span a stage keeps is in working-text coordinates; ``to_record``
converts each one through ``Document.raw_span`` so that the record's offsets
index the raw decoded text (for HTML inputs: the extracted article text, see
``pipeline.readers``). A span that does not map raises ``PipelineError``
(E001) rather than being dropped.

Extensions beyond contract v1, all listed in ``schemas/record.schema.json``:
``errors[].code`` (the ``E``/``W`` code, ``""`` if none), ``areas[].value_max``
(upper bound of a range, like ``amounts[].value_max``) and
``entities[].source`` (which recogniser found it), ``jobs[].value_max`` and
``extractor.ner`` (the text the NER backend read: ``pipeline.ner_scope``). The item
lists and their JSON shape come from the slot registry (``pipeline/registry.py``).

Contract 1.1 additions made by ``finish``, the one post-pass every record goes
through (``to_record`` and ``error_record`` both end in it): each item's ``id``
(``pipeline.ids``) and the ``extractor`` block (``pipeline.extractor``).

Error records (``status: "error"``) keep ``doc_id``, what is known of
``source`` (unknown fields ``null``) and the reason in ``errors``; ``text``
and ``meta`` are present with nulls and zeros, every list is empty.
"""
from __future__ import annotations

import functools
import importlib.resources
import json
from dataclasses import asdict
from typing import Any

from xinwen.pipeline.doc import Document, Span
from xinwen.pipeline.extractor import SCHEMA_VERSION, copy_of, extractor_block
from xinwen.pipeline.ids import assign_ids
from xinwen.pipeline.readers import ReadFailure
from xinwen.pipeline.registry import SLOT_NAMES, SLOTS

SCHEMA_FILE = "record.schema.json"  # in the ``schemas`` package
LIST_FIELDS = SLOT_NAMES  # the item lists, from the slot registry


def to_record(doc: Document, *, extractor: dict[str, Any] | None = None) -> dict[str, Any]:
    """The contract record of a processed document (spans in raw coordinates);
    ``extractor`` is the pipeline's block (``Pipeline.extractor``)."""
    span = _raw_converter(doc)
    fatal = any(diagnostic.fatal for diagnostic in doc.diagnostics)
    record = finish({
        "schema_version": SCHEMA_VERSION,
        "doc_id": doc.doc_id,
        "source": asdict(doc.source),
        "status": "error" if fatal else "ok",
        "errors": [diagnostic.as_dict() for diagnostic in doc.diagnostics],
        "text": {
            "form": doc.form,
            "chars": len(doc.raw),
            "repaired": doc.repaired,
            "unrecoverable": doc.unrecoverable,
        },
        "meta": doc.meta.as_record(),
        **{slot.name: [slot.to_json(item, span) for item in getattr(doc, slot.name)]
           for slot in SLOTS},
    }, extractor)
    ner = _ner_block(doc, span)
    if ner is not None:
        record["extractor"]["ner"] = ner
    return record


def _ner_block(doc: Document, span) -> dict[str, Any] | None:
    """``extractor.ner``: what the NER backend read (``pipeline.ner_scope``), where the ner
    stage ran."""
    coverage = doc.ner_coverage
    if coverage is None:
        return None
    return {
        "scope": coverage.scope,
        "sentences": coverage.sentences,
        "sentences_total": coverage.sentences_total,
        "chars": coverage.chars,
        "chars_total": coverage.chars_total,
        "spans": [span(piece) for piece in coverage.pieces],
    }


def _raw_converter(doc: Document):
    def convert(span: Span) -> dict[str, int]:
        return doc.raw_span(span.start, span.end).as_dict()

    return convert


def error_record(failure: ReadFailure, *, chars: int = 0,
                 extractor: dict[str, Any] | None = None) -> dict[str, Any]:
    """The ``status: "error"`` record of an input that could not be read or processed.

    ``chars`` is the length of the raw text where it was decoded (a document
    whose processing failed), else 0.
    """
    return finish({
        "schema_version": SCHEMA_VERSION,
        "doc_id": failure.doc_id,
        "source": {
            "path": failure.path,
            "sha256": failure.sha256,
            "encoding": failure.encoding,
            "format": failure.format,
        },
        "status": "error",
        "errors": [{"stage": failure.stage, "message": failure.message, "code": failure.code}],
        "text": {"form": None, "chars": chars, "repaired": 0, "unrecoverable": 0},
        "meta": {
            "title": None, "outlet": None, "published_at": None, "event_date": None,
            "place": None, "reporters": [], "correspondents": [],
            "venue": None, "region": None, "rules": {},
        },
        **{name: [] for name in LIST_FIELDS},
    }, extractor)


def finish(record: dict[str, Any], extractor: dict[str, Any] | None) -> dict[str, Any]:
    """The record with its 1.1 record-level additions: item ids and a copy of the
    ``extractor`` block (``None``: a block without NER backend, for records made
    outside a pipeline). Safe to call again on a record whose lists changed."""
    record["extractor"] = copy_of(extractor if extractor is not None else extractor_block(None))
    return assign_ids(record)


def dumps(record: dict[str, Any]) -> str:
    """One JSONL line (no newline): UTF-8 text kept as is; NaN/Infinity refused."""
    return json.dumps(record, ensure_ascii=False, allow_nan=False)


def failed(doc: Document, stage: str, code: str, message: str, *,
           extractor: dict[str, Any] | None = None) -> tuple[dict[str, Any], str]:
    """The error record of ``doc`` (its source and length kept); ``extractor`` is the
    block of the pipeline that ran it."""
    source = doc.source
    failure = ReadFailure(
        doc_id=doc.doc_id, path=source.path, code=code, message=message,
        format=source.format, sha256=source.sha256, encoding=source.encoding, stage=stage,
    )
    record = error_record(failure, chars=len(doc.raw), extractor=extractor)
    return record, dumps(record)


@functools.lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    """The record JSON Schema (``schemas/record.schema.json``)."""
    return json.loads(importlib.resources.files("xinwen.schemas").joinpath(SCHEMA_FILE).read_text("utf-8"))


@functools.lru_cache(maxsize=1)
def _validator():
    from jsonschema import Draft202012Validator
    from xinwen.pipeline.formats import format_checker

    Draft202012Validator.check_schema(schema())
    # formats enforced, as the compiled check does: a bad date is listed, not passed
    return Draft202012Validator(schema(), format_checker=format_checker())


@functools.lru_cache(maxsize=1)
def _compiled_check():
    """The schema compiled to Python code by fastjsonschema (built once per process).

    It checks a record about 20 times faster than jsonschema's interpreter, but stops at
    the first problem with its own wording; jsonschema runs only on a record it refuses,
    to list every problem in the messages the errors quote.
    """
    import copy

    import fastjsonschema

    # a copy: fastjsonschema rewrites the $refs of the schema it compiles against its $id
    return fastjsonschema.compile(copy.deepcopy(schema()))


def schema_problems(record: dict[str, Any]) -> list[str]:
    """Every way ``record`` breaks the schema, as ``path: message`` lines (empty if valid)."""
    if _passes_compiled_check(record):
        return []
    problems = []
    for error in sorted(_validator().iter_errors(record), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(part) for part in error.absolute_path) or "(record)"
        problems.append(f"{where}: {error.message}")
    return problems or ["(record): refused by the compiled schema check"]


def _passes_compiled_check(record: dict[str, Any]) -> bool:
    import fastjsonschema

    try:
        _compiled_check()(record)
    except fastjsonschema.JsonSchemaValueException:  # the library's only way to say "invalid"
        return False
    return True
