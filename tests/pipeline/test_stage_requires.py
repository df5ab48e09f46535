"""Each stage's ``requires`` lists what it really reads of the Document (issue 13 item 4).

The check is dynamic: every stage of the default pipeline runs on a document that records
each attribute read, fed the output of the stages before it, over the corpus articles of
several forms. What a stage reads must be declared (``requires``, or its own ``assigns``),
and what it declares it must read on some article: a stale entry, or a read the chain
check of ``pipeline.build_pipeline`` cannot see, fails here.
"""
from __future__ import annotations

import dataclasses

import pytest

from tests.conftest import ARTICLES
from xinwen.pipeline.doc import Document
from xinwen.pipeline.readers import iter_inputs

#: read by every stage for bookkeeping, never a data dependency: the id names errors, the
#: diagnostics list takes warnings (``Document.warn``), ``completed`` is the run log
BOOKKEEPING = {"doc_id", "diagnostics", "completed"}
#: articles of every form: simplified, traditional with pinyin (the seed), HTML, GBK
SAMPLE = ("seed", "dev016", "dev021", "dev028", "dev104", "dev120")
FIELDS = {field.name for field in dataclasses.fields(Document)}


class RecordingDocument(Document):
    """A Document that notes the name of every field read (methods are not fields)."""

    def __getattribute__(self, name: str):
        if name in FIELDS:
            object.__getattribute__(self, "_reads").add(name)
        return object.__getattribute__(self, name)


def recording(doc: Document) -> RecordingDocument:
    values = {field.name: getattr(doc, field.name) for field in dataclasses.fields(Document)}
    copy = RecordingDocument(**values)
    object.__setattr__(copy, "_reads", set())
    return copy


def _articles() -> list:
    paths = [path for path in sorted(ARTICLES.iterdir())
             if path.name.split(".")[0] in SAMPLE]
    assert len(paths) >= 4, "the sample of articles is missing from corpus/articles"
    return list(iter_inputs([str(path) for path in paths]))


@pytest.fixture(scope="module")
def reads(nlp) -> dict[str, set[str]]:
    """stage name → every field it read over the sample articles."""
    found: dict[str, set[str]] = {stage.name: set() for stage in nlp.stages}
    for doc in _articles():
        for stage in nlp.stages:
            watched = recording(doc)
            doc = stage(watched)
            found[stage.name] |= object.__getattribute__(watched, "_reads")
            doc.completed.append(stage.name)
    return found


def test_every_stage_reads_only_what_it_declares(nlp, reads):
    for stage in nlp.stages:
        undeclared = reads[stage.name] - set(stage.requires) - set(stage.assigns) - BOOKKEEPING
        assert not undeclared, f"{stage.name} reads {sorted(undeclared)} but does not require it"


def test_every_stage_reads_what_it_requires(nlp, reads):
    for stage in nlp.stages:
        unread = set(stage.requires) - reads[stage.name]
        assert not unread, f"{stage.name} requires {sorted(unread)} but never reads it"


def test_the_recording_document_sees_reads():
    doc = recording(Document(doc_id="t", raw="甲", source=None, text="甲"))
    assert doc.text == "甲"
    assert "text" in object.__getattribute__(doc, "_reads")
    assert "tokens" not in object.__getattribute__(doc, "_reads")
