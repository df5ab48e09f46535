"""Stage ``ner``, its backend table (``pipeline/ner.py``) and the backend interface
(``pipeline/ner_backends``)."""
from __future__ import annotations

import pytest

from xinwen.pipeline.doc import Document, SourceInfo
from xinwen.pipeline.errors import PipelineError
from xinwen.pipeline import ner as ner_module
from xinwen.pipeline.ner import NerStage, load_backend
from xinwen.pipeline.ner_backends.base import LABELS, BackendUnavailable, EntitySpan, chunks
from xinwen.pipeline.ner_backends.lac import MAX_CHARS
from xinwen.pipeline.segment import split_sentences
from xinwen.pipeline.pipeline import PipelineConfig


@pytest.fixture(scope="module")
def ner(nlp) -> NerStage:
    return next(stage for stage in nlp.stages if stage.name == "ner")


def make_doc(text: str) -> Document:
    return Document(doc_id="t", raw=text, source=SourceInfo("", "", "utf-8", "text"), text=text,
                    sentences=split_sentences(text))  # as the segment stage sets them


class FakeBackend:
    """A backend returning fixed spans, for the interface checks."""

    name = "fake"

    def __init__(self, results):
        self.results = results

    def predict(self, texts):
        return self.results


# -- the LAC backend ---------------------------------------------------------------------------
CASES_LAC = [
    # 职务后的人名 (seed, dev021)
    ("青岛市委常委、副市长耿涛致辞", ("耿涛", "PER")),
    ("市委书记曾赞荣在府新大厦会见了潍坊市委书记刘运", ("刘运", "PER")),
    # 机构与地名 (seed)
    ("歌尔集团副总裁常刚", ("歌尔集团", "ORG")),
    ("推介会在深圳成功举行", ("深圳", "LOC")),
]


@pytest.mark.parametrize(("text", "expected"), CASES_LAC, ids=[c[0][:10] for c in CASES_LAC])
def test_lac_finds_entities_at_their_offsets(ner, text, expected):
    [spans] = ner.backend.predict([text])
    assert expected in [(text[s.start:s.end], s.label) for s in spans]
    assert {s.label for s in spans} <= set(LABELS)


def test_lac_offsets_survive_chunking(ner):
    """A text longer than one chunk: offsets are shifted back into the whole text (seed)."""
    filler = "，".join(["产业园区加快建设"] * (MAX_CHARS // 8))
    text = f"{filler}。青岛市工业和信息化局局长卞成推介政策。\n{filler}\n副市长耿涛致辞"
    [spans] = ner.backend.predict([text])
    names = {text[s.start:s.end] for s in spans if s.label == "PER"}
    assert {"卞成", "耿涛"} <= names


def test_lac_handles_empty_and_blank_texts(ner):
    assert ner.backend.predict(["", "  \n "]) == [[], []]


def test_chunks_cut_long_sentences_at_commas():
    text = "甲乙丙丁，戊己庚辛壬癸。"
    assert [text[s.start:s.end] for s in chunks(text, max_chars=7)] == ["甲乙丙丁，", "戊己庚辛壬癸。"]


# -- the stage -------------------------------------------------------------------------------
def test_stage_writes_entities_with_source(ner):
    doc = ner(make_doc("副市长耿涛在深圳致辞"))
    assert [(e.text, e.label, e.source) for e in doc.entities if e.label == "PER"] == [
        ("耿涛", "PER", "lac")
    ]
    assert all(doc.text[e.start:e.end] == e.text for e in doc.entities)


def test_from_config_picks_backend_by_name(monkeypatch):
    fake = FakeBackend([[EntitySpan(0, 2, label="PER")]])
    monkeypatch.setitem(ner_module.BACKENDS, "fake", lambda model: fake)
    stage = NerStage.from_config(PipelineConfig(ner_backend="fake", entities="all"))
    assert stage.backend.name == "fake"
    assert [e.text for e in stage(make_doc("耿涛致辞")).entities] == ["耿涛"]


def test_unknown_backend_is_a_coded_error():
    with pytest.raises(PipelineError, match=r"\[E051\].*'nonesuch'.*lac"):
        load_backend("nonesuch")


def test_unavailable_backend_falls_back_to_lac_with_w003(monkeypatch, ner):
    def missing(model):
        raise BackendUnavailable("No module named 'hanlp'")

    monkeypatch.setitem(ner_module.BACKENDS, "hanlp", missing)
    monkeypatch.setitem(ner_module.BACKENDS, "lac", lambda model: ner.backend)
    stage = NerStage.from_config(PipelineConfig(ner_backend="hanlp"))
    doc = stage(make_doc("副市长耿涛致辞"))
    assert stage.backend.name == "lac"
    assert [d.code for d in doc.diagnostics] == ["W003"]
    assert "hanlp" in doc.diagnostics[0].message


CASES_BAD_OUTPUT = [
    ([], r"\[E052\]"),  # no result for the text
    ([[EntitySpan(0, 9, label="PER")]], r"\[E053\]"),  # a span past the end of the text
    ([[EntitySpan(2, 2, label="PER")]], r"\[E053\]"),  # an empty span
]


@pytest.mark.parametrize(("results", "code"), CASES_BAD_OUTPUT)
def test_backend_output_is_checked(results, code):
    stage = NerStage(FakeBackend(results))
    with pytest.raises(PipelineError, match=code):
        stage(make_doc("耿涛致辞"))
