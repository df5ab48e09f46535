"""Stage ``ner``: person, organization and location candidates from an NER backend.

The backend is chosen by ``PipelineConfig.ner_backend`` (``lac`` by default,
see ``pipeline/ner_backends/base.py`` for the interface and ``BACKENDS`` at the
end of this module for the table of backends). Its spans become
``doc.entities`` with ``source`` set to the backend's name. A backend whose
dependencies are missing is replaced by ``lac``, and every document then
carries warning W003.

What the backend reads is ``PipelineConfig.entities`` (``pipeline.ner_scope``):
``gated`` (the default) gives it only the clauses whose grammar reads
entities (title, byline, credit, dateline and signing clauses), each piece
alone, and ``all`` the whole text. ``doc.ner_coverage`` records what it read;
the record carries it as ``extractor.ner``.

The people stage decides which ``PER`` candidates are people (a title or a
byline role must frame them) and adds the names the grammar finds on its own
with ``source="grammar"``.
"""
from __future__ import annotations

from collections.abc import Callable

from xinwen.pipeline.doc import Document, Entity, NerCoverage, Span
from xinwen.pipeline.errors import Errors, PipelineError, Warnings
from xinwen.pipeline.ner_backends.base import (
    BackendUnavailable,
    NerBackend,
    check_spans,
)
from xinwen.pipeline.ner_scope import ALL, GATED, SCOPES, NerScope

DEFAULT_BACKEND = "lac"


class NerStage:
    name = "ner"
    requires = ("text", "sentences")
    assigns = ("entities", "ner_coverage")

    def __init__(self, backend: NerBackend, warning: str | None = None,
                 scope: NerScope | None = None) -> None:
        self.backend = backend
        self._warning = warning  # W003 when the configured backend was replaced
        self._scope = scope  # None: the backend reads the whole text (--entities all)

    @classmethod
    def from_config(cls, config) -> NerStage:
        if config.entities not in SCOPES:
            raise PipelineError(Errors.E055.format(scope=config.entities,
                                                   known=", ".join(SCOPES)))
        scope = NerScope.load() if config.entities == GATED else None
        try:
            return cls(load_backend(config.ner_backend, config.ner_model), scope=scope)
        except BackendUnavailable as error:
            if config.ner_backend == DEFAULT_BACKEND:
                raise
            warning = Warnings.W003.format(backend=config.ner_backend, reason=error,
                                           fallback=DEFAULT_BACKEND)
            return cls(load_backend(DEFAULT_BACKEND), warning=warning, scope=scope)

    def __call__(self, doc: Document) -> Document:
        sentences = doc.sentences  # the segment stage's: one sentence splitter for all
        if self._scope is None:
            read = sentences
            doc.entities = self._entities(doc.text, [Span(0, len(doc.text))])
        else:
            read = self._scope.pieces(doc.text, sentences=sentences)
            doc.entities = self._entities(doc.text, read)
        doc.ner_coverage = NerCoverage(
            scope=ALL if self._scope is None else GATED, pieces=tuple(read),
            sentences=_touched(sentences, read), sentences_total=len(sentences),
            chars_total=sum(s.end - s.start for s in sentences),
        )
        if self._warning:
            doc.warn(self.name, "W003", self._warning)
        return doc

    def _entities(self, text: str, pieces: list[Span]) -> list[Entity]:
        """The backend's entities of the ``pieces`` of ``text``, in text coordinates."""
        if not pieces:
            return []  # nothing to read: the backend is not called
        texts = [text[p.start:p.end] for p in pieces]
        results = self.backend.predict(texts)
        check_spans(self.backend.name, texts, results)
        return [
            Entity(text=text[p.start + s.start:p.start + s.end], label=s.label,
                   start=p.start + s.start, end=p.start + s.end, source=self.backend.name)
            for p, spans in zip(pieces, results) for s in spans
        ]


def _touched(sentences: list[Span], pieces: list[Span]) -> int:
    """How many of ``sentences`` (in order) hold a piece (pieces in order, each inside one)."""
    count, index = 0, 0
    for sentence in sentences:
        hit = False
        while index < len(pieces) and pieces[index].start < sentence.end:
            hit = hit or pieces[index].end > sentence.start
            index += 1
        count += hit
    return count


# -- the backend table -------------------------------------------------------------------------
# Each factory imports its backend's module when called: importing this module loads no
# backend, and a backend whose extra is missing fails only when it is asked for.
def _make_lac(model: str | None) -> NerBackend:
    from xinwen.pipeline.ner_backends.lac import LacBackend

    return LacBackend(model)


def _make_hanlp(model: str | None) -> NerBackend:
    from xinwen.pipeline.ner_backends.hanlp_backend import HanlpBackend

    return HanlpBackend(model)


def _make_transformers(model: str | None) -> NerBackend:
    from xinwen.pipeline.ner_backends.transformers_backend import TransformersBackend

    return TransformersBackend(model)


# name → factory(model). Explicit; add new backends here.
BACKENDS: dict[str, Callable[[str | None], NerBackend]] = {
    "lac": _make_lac,
    "hanlp": _make_hanlp,
    "transformers": _make_transformers,
}


def load_backend(name: str, model: str | None = None) -> NerBackend:
    """The backend called ``name``, with its model loaded.

    >>> load_backend("spacy")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    xinwen.pipeline.errors.PipelineError: [E051] Unknown NER backend 'spacy'. Known backends: lac, ...
    """
    factory = BACKENDS.get(name)
    if factory is None:
        raise PipelineError(Errors.E051.format(name=name, known=", ".join(BACKENDS)))
    return factory(model)
