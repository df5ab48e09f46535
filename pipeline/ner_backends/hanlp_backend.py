"""NER backend ``hanlp``: a HanLP 2.x token-level NER component, by path or by name.

``model`` is a folder saved by HanLP (``config.json`` + weights) — one that
``python cli.py train-ner`` wrote, or any HanLP NER component the user has —
or the name of a HanLP pretrained model already in HanLP's cache (HanLP
downloads missing ones from its own servers, which may be unreachable). With
no model, the model shipped under ``pipeline/models/`` is used where there
is one.

The component gets each text as a list of characters, sentence by sentence
(long sentences in pieces of at most ``MAX_CHARS``), and returns
``(entity, type, begin, end)`` tuples over those characters; the type is
mapped onto PER/ORG/LOC by ``data/ner_labels.tsv`` (HanLP's MSRA models say
``NR``/``NS``/``NT``, OntoNotes ones ``PERSON``/``GPE``/``ORG``...) and the
offsets are shifted back into the whole text. hanlp 2.1.5 builds its
BiLSTM-CRF recognizers with a CRF that decodes transposed; every CRF of a
loaded component is corrected (``hanlp_rnn.fix_crf_batch_first``).

Nothing here imports hanlp at module level: the default install (no torch)
still imports the backend table.
"""
from __future__ import annotations

from pathlib import Path

from xinwen.pipeline.errors import Errors
from xinwen.pipeline.ner_backends.base import BackendUnavailable, EntitySpan, chunks
from xinwen.pipeline.ner_backends.tags import LabelMap

MAX_CHARS = 256
BATCH_SIZE = 64  # sentences per forward pass
SHIPPED_MODEL = Path(__file__).resolve().parent.parent / "models" / "hanlp-msra-bilstm-crf"


class HanlpBackend:
    name = "hanlp"

    def __init__(self, model: str | None = None) -> None:
        model = model or _shipped_model()
        try:
            import hanlp
            from hanlp.pretrained import ALL as pretrained_names

            from xinwen.pipeline.ner_backends.hanlp_rnn import fix_crf_batch_first
        except ImportError as error:  # the hanlp extra is optional
            raise BackendUnavailable(str(error)) from error
        if not Path(model).is_dir() and model not in pretrained_names:
            reason = "neither a HanLP model folder nor a HanLP pretrained model name"
            raise BackendUnavailable(Errors.E076.format(model=model, reason=reason))
        self._component = hanlp.load(model, verbose=False)
        fix_crf_batch_first(self._component.model)
        self._labels = LabelMap()

    def predict(self, texts: list[str]) -> list[list[EntitySpan]]:
        pieces = [
            (index, piece)
            for index, text in enumerate(texts)
            for piece in chunks(text, MAX_CHARS)
            if text[piece.start:piece.end].strip()
        ]
        inputs = [list(texts[index][piece.start:piece.end]) for index, piece in pieces]
        outputs = self._component(inputs, batch_size=BATCH_SIZE) if inputs else []
        results: list[list[EntitySpan]] = [[] for _ in texts]
        for (index, piece), entities in zip(pieces, outputs):
            for _entity, kind, begin, end in entities:
                label = self._labels(kind)
                if label is not None:
                    results[index].append(EntitySpan(piece.start + begin, piece.start + end, label=label))
        return results


def _shipped_model() -> str:
    if not SHIPPED_MODEL.is_dir():
        raise BackendUnavailable(Errors.E075.format(backend=HanlpBackend.name))
    return str(SHIPPED_MODEL)
