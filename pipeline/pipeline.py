"""The stage table and the Pipeline that runs it.

A stage is a callable ``Document -> Document`` with a ``name`` and declared
``requires`` / ``assigns`` (names of Document attributes). ``build_pipeline``
checks the whole chain at build time and reports every problem at once.
The table is explicit: importing a module never registers anything.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from xinwen.pipeline.doc import Document
from xinwen.pipeline.errors import Errors, PipelineError
from xinwen.pipeline.extractor import extractor_of_stages
from xinwen.pipeline.registry import SLOTS, stage_class

#: the run order of the stages: the one list a new slot's stage is added to (where it can
#: run: after what it ``requires``); the factories come from the slot registry
STAGE_ORDER: tuple[str, ...] = (
    "normalize", "segment", "ner", "people", "amounts", "areas", "jobs", "meta", "signings",
)


class Stage(Protocol):
    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]

    def __call__(self, doc: Document) -> Document: ...


@dataclass(frozen=True)
class PipelineConfig:
    """Every option of the pipeline, with its one default."""

    stages: tuple[str, ...] = STAGE_ORDER
    ner_backend: str = "lac"
    ner_model: str | None = None  # path or name, for backends that load a model
    # What the NER backend and the POS tagger's HMM read (pipeline.ner_scope): "gated", the
    # clauses whose grammar reads entities and tags, or "all", the whole text (every entity
    # of the text in the record).
    entities: str = "gated"


def _make_normalize(config: PipelineConfig) -> Stage:
    from xinwen.pipeline.garble import WordFrequencies
    from xinwen.pipeline.normalize import NormalizeStage, Normalizer
    return NormalizeStage(Normalizer(words=WordFrequencies().load()))  # tables read once, here


def _make_segment(config: PipelineConfig) -> Stage:
    from xinwen.pipeline.ner_scope import GATED, NerScope
    from xinwen.pipeline.segment import SegmentStage
    return SegmentStage.from_config(config, NerScope.load() if config.entities == GATED else None)


def _make_ner(config: PipelineConfig) -> Stage:
    from xinwen.pipeline.ner import NerStage
    return NerStage.from_config(config)


def _make_meta(config: PipelineConfig) -> Stage:
    from xinwen.pipeline.slots.meta.stage import MetaStage
    return MetaStage()


def _slot_factory(name: str) -> Callable[[PipelineConfig], Stage]:
    """The factory of a slot's stage, from the slot registry (``pipeline/registry.py``)."""
    row = next(s for s in SLOTS if s.stage == name)

    def make(config: PipelineConfig) -> Stage:
        return stage_class(row)()

    return make


#: the stages that are no slot's, by name
_OWN_STAGES: dict[str, Callable[[PipelineConfig], Stage]] = {
    "normalize": _make_normalize,
    "segment": _make_segment,
    "ner": _make_ner,
    "meta": _make_meta,
}

STAGES: dict[str, Callable[[PipelineConfig], Stage]] = {
    name: _OWN_STAGES.get(name) or _slot_factory(name) for name in STAGE_ORDER
}

# What a freshly read Document already carries (``reference_date``: None, or the date a
# reader found, e.g. a WARC record's).
INITIAL_ATTRIBUTES = ("doc_id", "raw", "source", "reference_date")


def check_chain(stages: Iterable[Stage]) -> list[str]:
    """All requirement problems of a chain, in order (empty when it is sound)."""
    assigned = set(INITIAL_ATTRIBUTES)
    problems = []
    for stage in stages:
        missing = sorted(set(stage.requires) - assigned)
        if missing:
            problems.append(Errors.E011.format(name=stage.name, missing=", ".join(missing)))
        assigned.update(stage.assigns)
    return problems


class Pipeline:
    def __init__(self, stages: list[Stage]) -> None:
        problems = check_chain(stages)
        if problems:
            raise PipelineError("\n".join(problems))
        self.stages = stages
        # the record's extractor block (contract 1.1), built once per pipeline
        self.extractor = extractor_of_stages(stages)

    def __call__(self, doc: Document) -> Document:
        for stage in self.stages:
            doc = stage(doc)
            doc.completed.append(stage.name)
        return doc

    def pipe(self, docs: Iterable[Document]) -> Iterator[Document]:
        """Process documents in input order."""
        for doc in docs:
            yield self(doc)


def build_pipeline(config: PipelineConfig | None = None) -> Pipeline:
    config = config or PipelineConfig()
    unknown = [name for name in config.stages if name not in STAGES]
    if unknown:
        known = ", ".join(STAGES)
        raise PipelineError("\n".join(Errors.E010.format(name=n, known=known) for n in unknown))
    return Pipeline([STAGES[name](config) for name in config.stages])
