"""Tag codecs shared by the backends, the corpora and training: tags ↔ spans, types → labels.

``split_tag`` cuts a tag into prefix and type, ``decode_tags`` reads a tag
sequence into entities, ``encode_bioes`` writes entities as BIOES tags, and
``LabelMap`` maps the entity types of corpora and models onto ``PER``,
``ORG`` and ``LOC`` through ``data/ner_labels.tsv`` (other types are dropped).

Tag decoding is lenient in the conlleval way, so that one function reads
BIO, BIOES and BMES: ``B``/``S`` open an entity, ``I``/``M``/``E`` continue an
open entity of the same type (or open one), ``E``/``S`` close it, ``O`` closes.

>>> decode_tags(["B-PER", "I-PER", "O", "S-LOC", "B-ORG", "M-ORG", "E-ORG"])
[(0, 2, 'PER'), (3, 4, 'LOC'), (4, 7, 'ORG')]
>>> decode_tags(["I-LOC", "B-LOC", "I-PER", "E-PER"])
[(0, 1, 'LOC'), (1, 2, 'LOC'), (2, 4, 'PER')]
>>> encode_bioes(5, [EntitySpan(0, 2, label="PER"), EntitySpan(3, 4, label="LOC")])
['B-PER', 'E-PER', 'O', 'S-LOC', 'O']
"""
from __future__ import annotations

from collections.abc import Sequence

from xinwen.pipeline.errors import Errors, PipelineError
from xinwen.pipeline.ner_backends.base import EntitySpan
from xinwen.pipeline.resources import load_tsv

_OPENING, _CLOSING = frozenset("BS"), frozenset("ES")


class LabelMap:
    """Entity types of corpora and models → ``PER``/``ORG``/``LOC`` (``None``: dropped).

    >>> labels = LabelMap()
    >>> labels("nr"), labels("company"), labels("position"), labels("DATE")
    ('PER', 'ORG', None, None)
    """

    def __init__(self) -> None:
        rows = load_tsv("ner_labels.tsv", ("tag", "label", "used_by"))
        self._labels: dict[str, str | None] = {}
        for row in rows:
            key = row["tag"].casefold()
            if key in self._labels:
                raise PipelineError(Errors.E070.format(
                    path=row.path, line=row.line,
                    problem=f"tag '{row['tag']}' repeated (lookup ignores case)"))
            self._labels[key] = None if row["label"] == "-" else row["label"]

    def __call__(self, tag: str) -> str | None:
        return self._labels.get(tag.casefold())


def split_tag(tag: str) -> tuple[str, str]:
    """``"B-PER"`` → ``("B", "PER")``; ``"O"`` → ``("O", "")``; also ``B_PER``."""
    if tag == "O":
        return "O", ""
    prefix, _, kind = tag.replace("_", "-").partition("-")
    return prefix, kind


def decode_tags(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Entities ``(start, end, type)`` over token indices, from BIO, BIOES or BMES tags."""
    entities: list[tuple[int, int, str]] = []
    start, kind = -1, ""
    for index, tag in enumerate(tags):
        prefix, tag_kind = split_tag(tag)
        continues = start >= 0 and prefix not in _OPENING and prefix != "O" and tag_kind == kind
        if not continues and start >= 0:
            entities.append((start, index, kind))
            start = -1
        if prefix != "O" and start < 0:
            start, kind = index, tag_kind
        if prefix in _CLOSING:
            entities.append((start, index + 1, kind))
            start = -1
    if start >= 0:
        entities.append((start, len(tags), kind))
    return entities


def encode_bioes(length: int, spans: Sequence[EntitySpan]) -> list[str]:
    """One BIOES tag per character of a text of ``length`` characters."""
    tags = ["O"] * length
    for span in spans:
        if span.end - span.start == 1:
            tags[span.start] = f"S-{span.label}"
            continue
        tags[span.start] = f"B-{span.label}"
        tags[span.start + 1:span.end - 1] = [f"I-{span.label}"] * (span.end - span.start - 2)
        tags[span.end - 1] = f"E-{span.label}"
    return tags
