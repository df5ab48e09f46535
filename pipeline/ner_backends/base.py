"""The NER backend interface: text in, labelled character spans out.

A backend is any object with

``name: str``
    a short identifier; it becomes ``Entity.source`` (``"lac"``).
``predict(texts: list[str]) -> list[list[EntitySpan]]``
    one list per input text, in input order. Each ``EntitySpan(start, end, label=label)`` is a half-open range of code points into *that* text, with
    ``label`` one of ``PER``, ``ORG``, ``LOC`` (a backend maps its own tag set
    onto these and drops everything else). A backend accepts texts of any
    length: where its model has a length limit it splits the text itself
    (``chunks`` below cuts at sentence ends) and shifts the offsets back.

Backends are built by ``load_backend(name, model)`` from the explicit table
``BACKENDS`` in ``pipeline/ner.py`` (name → factory taking the optional model
name or path); importing a backend module registers nothing. To add one, write
``pipeline/ner_backends/<name>.py`` with a class following ``NerBackend`` and a
factory that imports its heavy dependencies *inside* the factory, raising
``BackendUnavailable`` when they are missing (the ner stage then falls back to
``lac`` with warning W003), and add a row to ``BACKENDS``. A backend loads its
model once, in its constructor. The table lives above the backends, not here:
this module imports no backend, so that it and the backends form no import
cycle. The tag codecs and the label map the backends share are in
``ner_backends/tags.py``.

>>> [(s.start, s.end) for s in chunks("第一句。第二句，很长很长。", max_chars=5)]
[(0, 4), (4, 8), (8, 13)]
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from xinwen.pipeline.doc import Span
from xinwen.pipeline.errors import Errors, PipelineError
from xinwen.pipeline.sentences import split_sentences

LABELS = ("PER", "ORG", "LOC")
_SOFT_BREAKS = "，,、：:"


@dataclass(frozen=True, slots=True, kw_only=True)
class EntitySpan(Span):
    """What a backend finds: a span of the text it was given, with its label.

    >>> EntitySpan(0, 2, label="PER") == EntitySpan(0, 2, label="LOC")
    False
    """

    label: str


class NerBackend(Protocol):
    name: str

    def predict(self, texts: list[str]) -> list[list[EntitySpan]]: ...


class BackendUnavailable(PipelineError):
    """A backend's dependencies or model are missing; the message says which."""


def chunks(text: str, max_chars: int) -> list[Span]:
    """The sentences of ``text``, each cut into pieces of at most ``max_chars``.

    A long sentence is cut after the last comma-like mark in the second half of
    the window, or hard at ``max_chars`` where there is none.
    """
    pieces: list[Span] = []
    for sentence in split_sentences(text):
        start = sentence.start
        while sentence.end - start > max_chars:
            window = text[start + max_chars // 2:start + max_chars]
            cut = max(window.rfind(mark) for mark in _SOFT_BREAKS)
            end = start + max_chars // 2 + cut + 1 if cut >= 0 else start + max_chars
            pieces.append(Span(start, end))
            start = end
        pieces.append(Span(start, sentence.end))
    return pieces


def check_spans(backend: str, texts: list[str], results: list[list[EntitySpan]]) -> None:
    """Raise a coded error when a backend's output does not fit its input."""
    if len(results) != len(texts):
        raise PipelineError(Errors.E052.format(backend=backend, got=len(results),
                                               expected=len(texts)))
    for text, spans in zip(texts, results):
        for span in spans:
            if not 0 <= span.start < span.end <= len(text):
                raise PipelineError(Errors.E053.format(backend=backend, start=span.start,
                                                       end=span.end, length=len(text)))
