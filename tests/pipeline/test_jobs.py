"""The jobs slot (contract 1.1 ``jobs``; pipeline/slots/jobs.py, data/jobs_patterns.tsv)."""
from __future__ import annotations

import pytest

from xinwen.eval.slots import score_quantities
from xinwen.pipeline.doc import Document, SourceInfo
from xinwen.pipeline.export import schema_problems, to_record
from xinwen.pipeline.resources import load_tsv
from xinwen.pipeline.slots.jobs import COLUMNS, TABLE, JobsStage

ROWS = load_tsv(TABLE, COLUMNS, key="id")


@pytest.fixture(scope="module")
def stage() -> JobsStage:
    return JobsStage()


def _cells(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(" | ") if part.strip()]


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r["id"])
def test_row_examples_are_read_by_their_row(stage, row):
    assert _cells(row["examples"]) and row["source"]
    for text in _cells(row["examples"]):
        assert [j.rule for j in stage.find(text)] == [row["id"]], text


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r["id"])
def test_row_counterexamples_are_not_jobs(stage, row):
    for text in _cells(row["counterexamples"]):
        assert stage.find(text) == [], text


# 形式 (forms): text → (text, value, qualifier, value_max, subject)
CASES = {
    "提供就业岗位不少于5000个。": ("不少于5000个", 5000, "at_least", None, "提供就业岗位"),
    "预计新增就业岗位3000个": ("3000个", 3000, "exact", None, "新增就业岗位"),
    "可提供就业岗位约500个": ("约500个", 500, "about", None, "可提供就业岗位"),
    "新增就业岗位2000至3000个": ("2000至3000个", 2000, "range", 3000, "新增就业岗位"),
    "将提供2000个就业岗位": ("2000个", 2000, "exact", None, "就业岗位"),
    "新增1.2万个就业岗位": ("1.2万个", 12000, "exact", None, "就业岗位"),
    "带动就业3000人以上": ("3000人以上", 3000, "over", None, "带动就业"),
    "解决500余人就业。": ("500余人", 500, "over", None, "就业"),
}


@pytest.mark.parametrize("text", CASES)
def test_forms(stage, text):
    (job,) = stage.find(text)
    assert (job.text, job.value, job.qualifier, job.value_max, job.subject) == CASES[text]
    assert text[job.span.start:job.span.end] == job.text


# 非就业 (not jobs): counts of other things, money, visits, shares, loose magnitudes
NOT_JOBS = ["新增企业3000个", "提供3000元就业补贴", "带动就业3000人次", "就业率提高5个百分点",
            "提供千个就业岗位", "新增就业岗位", "带动就业增长5%"]


@pytest.mark.parametrize("text", NOT_JOBS)
def test_not_jobs(stage, text):
    assert stage.find(text) == []


def test_record_has_jobs_in_raw_offsets(nlp):
    raw = "项目建成後，可提供就業崗位約500個。"  # traditional: offsets into the raw text
    source = SourceInfo("t.txt", "0" * 64, "utf-8", "text")
    record = to_record(nlp(Document("t", raw=raw, source=source)))
    assert schema_problems(record) == []
    (job,) = record["jobs"]
    assert (job["text"], job["value"], job["qualifier"], job["rule"]) == (
        "约500个", 500, "about", "jobs.posts_then_count")
    assert raw[job["span"]["start"]:job["span"]["end"]] == "約500個"


def test_scorer_counts_jobs():
    gold = [{"text": "不少于5000个", "value": 5000, "qualifier": "at_least", "subject": "提供就业岗位"},
            {"text": "500余人", "value": 500, "qualifier": "over", "subject": "项目就业"}]
    pred = [{"text": "不少于5000个", "value": 5000.0, "qualifier": "at_least", "subject": "提供就业岗位"},
            {"text": "500余人", "value": 500.0, "qualifier": "over", "subject": "就业"},
            {"text": "3000个", "value": 3000.0, "qualifier": "exact", "subject": "就业岗位"}]
    result = score_quantities("jobs", gold, pred)
    assert (result.prf["jobs"].tp, result.prf["jobs"].fp, result.prf["jobs"].fn) == (2, 1, 0)
    assert result.prf["jobs.subject"].tp == 1 and result.prf["jobs.subject_lenient"].tp == 2
    assert [i.kind for i in result.items] == ["spurious", "wrong"]


def test_table_rows(nlp):
    from xinwen.pipeline.tables import COLUMNS, rows

    source = SourceInfo("t.txt", "0" * 64, "utf-8", "text")
    record = to_record(nlp(Document("t", raw="新增就业岗位3000个。", source=source)))
    (row,) = [row for table, row in rows(record) if table == "jobs"]
    assert list(row) == [column for column, _ in COLUMNS["jobs"]]
    assert (row["text"], row["value"], row["start"], row["end"], row["rule"]) == (
        "3000个", 3000.0, 6, 11, "jobs.posts_then_count")
    (document,) = [row for table, row in rows(record) if table == "documents"]
    assert document["jobs"] == 1
