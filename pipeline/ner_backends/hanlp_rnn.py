"""HanLP's character BiLSTM-CRF recognizer, with its CRF corrected, and how we train it.

Imports ``hanlp`` (and so ``torch``) at the top: import this module only
where the ``hanlp`` extra is installed (the ``hanlp`` backend and
``train-ner`` do so lazily).

The correction. In hanlp 2.1.5 ``RNNTaggingModel`` builds its CRF as
``CRF(n_out, crf_constraints)``; the second positional parameter of ``CRF``
is ``batch_first``, so it receives ``crf_constraints`` (``None``). The LSTM
and the emissions are batch-first, the CRF then reads them as
``(seq, batch, tags)``: the loss and the Viterbi decoding run along the wrong
axis, and a model trained that way scores dev F1 0.00. We do not edit
site-packages: :class:`CharBiLstmCrfRecognizer` sets the flag right after
every ``build_model`` (training and loading alike), and
:func:`fix_crf_batch_first` does the same for a component already loaded.
Models saved by :func:`train_recognizer` record this class's path in their
``config.json``, so ``hanlp.load(path)`` rebuilds them with the fix wherever
xinwen is importable.

The decoding. The CRF has no transition constraints, so a weak model can
put out an ill-formed tag sequence (``B-PER O E-LOC``); hanlp's strict IOBES
decoding raises ``InvalidTagSequence`` on it, the recognizer here decodes
leniently (``tags.decode_tags``) instead.

Training reads the corpora of ``ner_tools`` and its ``TrainConfig``; they are
imported for the annotations only: the command ``train-ner``
(``ner_tools/train.py``) imports this module, and this module imports nothing
from ``ner_tools`` when it runs, so there is no import cycle.
"""
from __future__ import annotations

import logging
import tempfile
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from hanlp.components.ner.rnn_ner import RNNNamedEntityRecognizer
from hanlp.layers.crf.crf import CRF
from torch import nn

from xinwen.pipeline.ner_backends.tags import decode_tags, encode_bioes

if TYPE_CHECKING:
    from xinwen.pipeline.ner_tools.data import Sentence
    from xinwen.pipeline.ner_tools.train import TrainConfig


def fix_crf_batch_first(model: object) -> int:
    """Set ``batch_first=True`` on every CRF that hanlp left at ``None``; the count fixed.

    Only ``None`` is touched: a CRF built deliberately with ``False`` stays.
    Anything but a torch module (a TensorFlow component's model) has no such CRF.
    """
    if not isinstance(model, nn.Module):
        return 0
    fixed = 0
    for module in model.modules():
        if isinstance(module, CRF) and module.batch_first is None:
            module.batch_first = True
            fixed += 1
    return fixed


class CharBiLstmCrfRecognizer(RNNNamedEntityRecognizer):
    """``RNNNamedEntityRecognizer`` whose CRF reads batch-first tensors (see the module doc)."""

    def build_model(self, **kwargs) -> nn.Module:
        model = super().build_model(**kwargs)
        fix_crf_batch_first(model)
        return model

    def predict_data(self, data, batch_size, **kwargs):
        """``(entity, type, begin, end)`` per sentence, whatever tags the CRF put out.

        Skips ``RNNNamedEntityRecognizer.predict_data``, whose strict IOBES
        decoding raises on ill-formed sequences, for the conlleval-style
        ``decode_tags``.
        """
        tag_sequences = super(RNNNamedEntityRecognizer, self).predict_data(data, batch_size)
        delimiter = self.config.token_delimiter or ""
        return [
            [(delimiter.join(tokens[begin:end]), kind, begin, end)
             for begin, end, kind in decode_tags(tags)]
            for tokens, tags in zip(data, tag_sequences)
        ]


def write_tsv(sentences: Sequence[Sentence], path: Path) -> None:
    """HanLP's tagging TSV: ``char<TAB>BIOES-tag`` lines, a blank line after each sentence."""
    with path.open("w", encoding="utf-8") as out:
        for sentence in sentences:
            tags = encode_bioes(len(sentence.text), sentence.entities)
            out.writelines(f"{char}\t{tag}\n" for char, tag in zip(sentence.text, tags))
            out.write("\n")


def train_recognizer(train: Sequence[Sentence], dev: Sequence[Sentence], save_dir: Path,
                     config: TrainConfig, logger: logging.Logger,
                     provenance: dict[str, str] | None = None, gpu: bool = False) -> float:
    """Train, keep the epoch best on ``dev`` in ``save_dir``; its dev span F1.

    On the CPU unless ``gpu``, where HanLP takes the first CUDA device (the CPU when
    there is none).

    ``provenance`` (what the data was) replaces the temporary file paths that
    HanLP would otherwise record in ``config.json``.
    """
    recognizer = CharBiLstmCrfRecognizer()
    save_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        train_path, dev_path = Path(tmp) / "train.tsv", Path(tmp) / "dev.tsv"
        write_tsv(train, train_path)
        write_tsv(dev, dev_path)
        recognizer.fit(
            str(train_path), str(dev_path), str(save_dir), batch_size=config.batch_size,
            epochs=config.epochs, embed=config.embed, rnn_hidden=config.hidden,
            drop=config.dropout, lr=config.lr, seed=config.seed, tagging_scheme="IOBES",
            token_delimiter="", devices=None if gpu else -1, logger=logger, patience=config.epochs,
        )
    recognizer.config.update({"trn_data": None, "dev_data": None, "xinwen_training": {
        **(provenance or {}), **asdict(config)}})
    recognizer.save_config(str(save_dir))
    metric = recognizer.evaluate_dataloader(
        recognizer.build_dataloader(_samples(dev), config.batch_size, False, recognizer.device),
        recognizer.build_criterion())[1]
    return metric.score


def _samples(sentences: Sequence[Sentence]) -> list[dict[str, list[str]]]:
    return [{"token": list(s.text), "tag": encode_bioes(len(s.text), s.entities)}
            for s in sentences]
