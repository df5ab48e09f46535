"""The Python API: ``extract(text)``, ``extract_many(items)``, ``Pipeline``.

Records are the dicts the command line writes as JSON Lines (contract 1.1,
``schemas/record.schema.json``), built by the same code: ``pipeline.workers``
processes each document (one bad document is an error record, never an
exception), with the same limits as ``xinwen extract`` by default.

A text given as a ``str`` gets ``doc_id`` ``"text"`` (``extract``) or ``text-1``,
``text-2`` … in input order (``extract_many``), ``source.path`` null and
``source.sha256`` of its UTF-8 bytes. An ``os.PathLike`` (``pathlib.Path``) is a
file or folder read as ``xinwen extract`` reads it, ids as the contract's
``doc_id`` rule says (several paths: relative to their common parent). A path
in a ``str`` is a text: the API never guesses.
"""
from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Union

from xinwen.pipeline.batch import unique_ids
from xinwen.pipeline.errors import Errors
from xinwen.pipeline.export import dumps, error_record
from xinwen.pipeline.pipeline import PipelineConfig, build_pipeline
from xinwen.pipeline.readers import ReadFailure, id_base, iter_inputs, text_document
from xinwen.pipeline.workers import InlineEngine, Job, Limits, PoolEngine, Ready, process

__all__ = ["Pipeline", "Record", "extract", "extract_many", "shared_pipeline"]

Record = dict[str, Any]
Item = Union[str, "os.PathLike[str]"]


class Pipeline:
    """A reusable extractor: models and tables load once, when it is built.

    >>> nlp = Pipeline()                                     # doctest: +SKIP
    >>> nlp.extract("青岛市崂山区16个项目签约。")["signings"][0]["project_count"]  # doctest: +SKIP
    16

    ``ner_backend``: ``lac`` (default, offline), ``hanlp`` or ``transformers`` (their
    extras installed; an unavailable one is replaced by ``lac`` with warning W003);
    ``ner_model``: the model for backends that load one. ``limits``: per-document
    bounds (``pipeline.workers.Limits``; default as ``xinwen extract``). ``entities``:
    what NER reads, ``gated`` (default: the clauses the grammar needs) or ``all`` (the
    whole text, for a complete ``entities`` list), as ``xinwen extract --entities``.
    """

    def __init__(self, ner_backend: str | None = None, *, ner_model: str | None = None,
                 limits: Limits | None = None, entities: str = PipelineConfig.entities) -> None:
        self.config = PipelineConfig(ner_backend=ner_backend or PipelineConfig.ner_backend,
                                     ner_model=ner_model, entities=entities)
        self.limits = limits if limits is not None else Limits()
        self._nlp = build_pipeline(self.config)

    @property
    def extractor(self) -> Record:
        """The ``extractor`` block every record of this pipeline carries."""
        return self._nlp.extractor

    def extract(self, text: str, *, doc_id: str = "text") -> Record:
        """The record of one text (``doc_id`` as given, ``source.path`` null)."""
        if not isinstance(text, str):
            raise TypeError(Errors.E102.format(kind=type(text).__name__))
        item = text_document(text, doc_id)
        if isinstance(item, ReadFailure):
            return error_record(item, extractor=self.extractor)
        record, _ = process(item, self._nlp, self.limits)
        return record

    def extract_many(self, items: Iterable[Item], *, workers: int = 1,
                     text_key: str = "text", id_key: str = "id") -> Iterator[Record]:
        """The records of ``items`` in input order: one per text, one per document of a path
        (a folder holds many, a JSONL file one per line; ``text_key``/``id_key`` as in
        ``xinwen extract``). ``workers > 1`` runs a pool of processes, each with its own
        pipeline. Every item is checked first: anything but a ``str`` or an
        ``os.PathLike`` raises ``TypeError`` before any work."""
        checked = _checked(items)  # here, so that a TypeError comes at the call

        def engine() -> InlineEngine | PoolEngine:
            if workers > 1:
                return PoolEngine(_build, self.config, workers, self.limits)
            return InlineEngine(self._nlp, self.limits)

        return _records(engine, checked, text_key, id_key)


def _build(config: PipelineConfig) -> Any:
    return build_pipeline(config)


def _checked(items: Iterable[Item]) -> list[Item]:
    """``items`` as a list; TypeError (E101) at the first that is neither str nor PathLike."""
    found = list(items) if not isinstance(items, (str, os.PathLike)) else [items]
    for index, item in enumerate(found):
        if not isinstance(item, (str, os.PathLike)):
            raise TypeError(Errors.E101.format(index=index, kind=type(item).__name__))
    return found


def _jobs(items: list[Item], text_key: str, id_key: str, extractor: Record) -> Iterator[Job]:
    """A job per document: texts numbered ``text-1`` …, paths read with one id base."""
    base = id_base([os.fspath(item) for item in items if not isinstance(item, str)])
    texts = 0

    def documents():
        nonlocal texts
        for item in items:
            if isinstance(item, str):
                texts += 1
                yield text_document(item, f"text-{texts}")
            else:
                yield from iter_inputs([os.fspath(item)], text_key=text_key, id_key=id_key,
                                       base=base)

    for doc in unique_ids(documents()):
        if isinstance(doc, ReadFailure):
            record = error_record(doc, extractor=extractor)
            yield Ready(record, dumps(record))
        else:
            yield doc


def _records(make_engine: Callable[[], InlineEngine | PoolEngine], items: list[Item],
             text_key: str, id_key: str) -> Iterator[Record]:
    """The records, the engine started on the first ``next()`` and closed at the end (or
    when the iterator is closed)."""
    engine = make_engine()
    try:
        for _, (record, _), _seconds in engine.map(_jobs(items, text_key, id_key, engine.extractor)):
            yield record
    finally:
        engine.close()


def shared_pipeline(ner_backend: str | None = None) -> Pipeline:
    """The ``Pipeline`` that ``extract`` and ``extract_many`` use for ``ner_backend``,
    built on first use (a bounded cache: models load once per backend, not per call)."""
    return _shared(ner_backend or PipelineConfig.ner_backend)


@functools.lru_cache(maxsize=2)
def _shared(ner_backend: str) -> Pipeline:
    return Pipeline(ner_backend)


def extract(text: str, *, doc_id: str = "text", ner_backend: str | None = None) -> Record:
    """The record (a dict, contract 1.1) of one text.

    ``doc_id`` defaults to ``"text"``; ``source.path`` is null and ``source.sha256``
    that of the text's UTF-8 bytes. A blank text gives an error record (E031).
    """
    return shared_pipeline(ner_backend).extract(text, doc_id=doc_id)


def extract_many(items: Iterable[Item], *, workers: int = 1, ner_backend: str | None = None,
                 text_key: str = "text", id_key: str = "id") -> Iterator[Record]:
    """The records of ``items`` in input order: a ``str`` is a text (``text-1``, ``text-2``
    …), an ``os.PathLike`` a file or folder to read; anything else raises ``TypeError``.
    See ``Pipeline.extract_many``."""
    return shared_pipeline(ner_backend).extract_many(items, workers=workers, text_key=text_key,
                                                     id_key=id_key)
