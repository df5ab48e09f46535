"""Stage ``ner``: person, organization and location candidates from an NER backend.

The backend is chosen by ``PipelineConfig.ner_backend`` (``lac`` by default,
see ``pipeline/ner_backends/base.py`` for the interface and the table of
backends). Its spans become ``doc.entities`` with ``source`` set to the
backend's name. A backend whose dependencies are missing is replaced by
``lac``, and every document then carries warning W003.

The people stage decides which ``PER`` candidates are people (a title or a
byline role must frame them) and adds the names the grammar finds on its own
with ``source="grammar"``.
"""
from __future__ import annotations

from xinwen.pipeline.doc import Document, Entity
from xinwen.pipeline.errors import Warnings
from xinwen.pipeline.ner_backends.base import (
    BackendUnavailable,
    NerBackend,
    check_spans,
    load_backend,
)

DEFAULT_BACKEND = "lac"


class NerStage:
    name = "ner"
    requires = ("text",)
    assigns = ("entities",)

    def __init__(self, backend: NerBackend, warning: str | None = None) -> None:
        self.backend = backend
        self._warning = warning  # W003 when the configured backend was replaced

    @classmethod
    def from_config(cls, config) -> NerStage:
        try:
            return cls(load_backend(config.ner_backend, config.ner_model))
        except BackendUnavailable as error:
            if config.ner_backend == DEFAULT_BACKEND:
                raise
            warning = Warnings.W003.format(backend=config.ner_backend, reason=error,
                                           fallback=DEFAULT_BACKEND)
            return cls(load_backend(DEFAULT_BACKEND), warning=warning)

    def __call__(self, doc: Document) -> Document:
        results = self.backend.predict([doc.text])
        check_spans(self.backend.name, [doc.text], results)
        spans = results[0]
        doc.entities = [
            Entity(text=doc.text[s.start:s.end], label=s.label, start=s.start, end=s.end,
                   source=self.backend.name)
            for s in spans
        ]
        if self._warning:
            doc.warn(self.name, "W003", self._warning)
        return doc
