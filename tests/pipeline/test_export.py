"""Export: working-text spans become raw spans; error records; flat tables."""
from __future__ import annotations

import csv
import json
import math

import pytest

from xinwen.pipeline.doc import (
    Amount,
    Area,
    Diagnostic,
    Document,
    Entity,
    Meta,
    OffsetMap,
    Person,
    Signing,
    SourceInfo,
    Span,
)
from xinwen.pipeline.errors import PipelineError
from xinwen.pipeline.export import LIST_FIELDS, dumps, error_record, schema_problems, to_record
from xinwen.pipeline.readers import ReadFailure
from xinwen.pipeline.tables import COLUMNS, TableWriter, rows

# Raw text in the pinyin-annotated form of the seed article; each working
# character with the raw piece it came from (annotations absorbed).
PIECES = [
    ("青", "青"), ("岛", "島"), ("产", "產(chǎn)"), ("业", "業(yè)"), ("园", "園"), ("总", "總"),
    ("投", "投"), ("资", "資"), ("1", "1"), ("0", "0"), ("亿", "億"), ("元", "元"), (",", ","),
    ("耿", "耿"), ("涛", "濤"), ("签", "簽"), ("约", "約(yuē)"), ("占", "佔"), ("地", "地"),
    ("9", "9"), ("亩", "畝"),
]
RAW = "".join(raw for _, raw in PIECES)
TEXT = "".join(char for char, _ in PIECES)


def offset_map() -> OffsetMap:
    ranges, start = [], 0
    for _, raw in PIECES:
        ranges.append((start, start + len(raw)))
        start += len(raw)
    return OffsetMap(ranges, raw_length=len(RAW))


def w(fragment: str) -> Span:
    """Working-text span of the first occurrence of ``fragment``."""
    start = TEXT.index(fragment)
    return Span(start, start + len(fragment))


def raw_of(span: dict[str, int]) -> str:
    return RAW[span["start"]:span["end"]]


@pytest.fixture
def doc() -> Document:
    doc = Document(
        doc_id="seed", raw=RAW,
        source=SourceInfo(path="corpus/articles/seed.txt", sha256="0" * 64, encoding="utf-8",
                          format="text"),
        text=TEXT, offset_map=offset_map(), form="trad_pinyin", repaired=1, unrecoverable=2,
    )
    doc.meta = Meta(title="产业园", published_at="2023-03-24T06:32:03", event_date="2023-03-23",
                    place="深圳", reporters=["耿涛"])
    doc.people = [Person("耿涛", ["副市长"], None, "official", [w("耿涛")])]
    doc.amounts = [Amount("10亿元", 1e9, "CNY", "exact", None, "产业园总投资", w("10亿元"))]
    doc.areas = [Area("9亩", 9.0, "亩", 6000.0, "exact", "占地", w("9亩"))]
    doc.signings = [Signing(None, [], ["青岛"], ["耿涛"], [], 1e9, None, None, [w("耿涛签约")],
                            region={"province": "山东省", "city": "青岛市", "district": None},
                            total_ref=0, people_refs=[{"person": 0, "roles": ["signatory"]}])]
    doc.entities = [Entity(start=w("青岛").start, end=w("青岛").end, text="青岛", label="LOC", source="lac")]
    doc.diagnostics = [Diagnostic("normalize", "[W001] 2 character(s) lost ...", "W001")]
    return doc


def test_spans_are_exported_in_raw_coordinates(doc):
    record = to_record(doc)
    assert raw_of(record["amounts"][0]["span"]) == "10億元"
    assert raw_of(record["areas"][0]["span"]) == "9畝"
    assert raw_of(record["people"][0]["mentions"][0]) == "耿濤"
    assert raw_of(record["signings"][0]["spans"][0]) == "耿濤簽約(yuē)"
    assert raw_of(record["entities"][0]["span"]) == "青島"
    assert record["amounts"][0]["text"] == "10亿元"  # values stay simplified


def test_record_fields(doc):
    record = to_record(doc)
    assert list(record) == [
        "schema_version", "doc_id", "source", "status", "errors", "text", "meta",
        "people", "amounts", "areas", "signings", "entities", "jobs", "extractor",
    ]
    assert record["schema_version"] == "1.1"
    assert record["status"] == "ok"
    assert record["text"] == {"form": "trad_pinyin", "chars": len(RAW), "repaired": 1,
                              "unrecoverable": 2}
    assert record["errors"] == [
        {"stage": "normalize", "message": "[W001] 2 character(s) lost ...", "code": "W001"}
    ]
    assert record["meta"]["reporters"] == ["耿涛"]
    assert record["areas"][0]["value_max"] is None
    assert schema_problems(record) == []


def test_fatal_diagnostic_makes_the_status_error(doc):
    doc.diagnostics.append(Diagnostic("meta", "[E999] broken", "E999", fatal=True))
    record = to_record(doc)
    assert record["status"] == "error"
    assert schema_problems(record) == []


def test_span_outside_the_text_is_an_error(doc):
    doc.amounts[0].span = Span(len(TEXT) - 1, len(TEXT) + 3)
    with pytest.raises(PipelineError, match=r"^\[E001\] Span \[20, 24\) is outside"):
        to_record(doc)


def test_document_without_offset_map_is_an_error(doc):
    doc.offset_map = None
    with pytest.raises(PipelineError, match=r"^\[E002\] Document seed has no offset map"):
        to_record(doc)


def test_error_record():
    message = "[E036] No such file or directory: in/gone.txt"
    failure = ReadFailure("gone", "in/gone.txt", "E036", message, format="text")
    record = error_record(failure)
    assert record["status"] == "error"
    assert record["source"] == {"path": "in/gone.txt", "sha256": None, "encoding": None,
                                "format": "text"}
    assert record["errors"] == [{"stage": "read", "message": failure.message, "code": "E036"}]
    assert record["text"] == {"form": None, "chars": 0, "repaired": 0, "unrecoverable": 0}
    assert all(record[name] == [] for name in LIST_FIELDS)
    assert schema_problems(record) == []


def test_dumps_keeps_chinese_and_refuses_nan(doc):
    assert '"产业园"' in dumps(to_record(doc))
    doc.amounts[0].value = math.nan
    with pytest.raises(ValueError):
        dumps(to_record(doc))


# ------------------------------------------------------------------ tables


def test_rows_explode_spans_and_keep_lists(doc):
    record = to_record(doc)
    by_table = {}
    for table, row in rows(record):
        by_table.setdefault(table, []).append(row)
    assert sorted(by_table) == sorted(set(COLUMNS) - {"jobs"})  # the seed names no jobs
    assert by_table["signing_people"] == [{"doc_id": "seed", "signing": 0, "person": 0,
                                           "name": "耿涛", "category": "official",
                                           "role": "signatory", "signing_id": "seed#signings-0",
                                           "person_id": "seed#people-0"}]
    assert (by_table["signings"][0]["city"], by_table["signings"][0]["total_ref"]) == ("青岛市", 0)
    document = by_table["documents"][0]
    assert document["doc_id"] == "seed"
    assert document["reporters"] == ["耿涛"]  # CSV joins it as JSON text (csv_cell)
    assert (document["ner_backend"], document["region"]) == (None, None)
    assert (document["people"], document["amounts"], document["entities"]) == (1, 1, 1)
    amount = by_table["amounts"][0]
    assert (amount["index"], amount["value"], amount["text"]) == (0, 1e9, "10亿元")
    assert amount["id"] == "seed#amounts-0"
    assert raw_of(amount) == "10億元"  # start/end columns
    person = by_table["people"][0]
    assert person["titles"] == ["副市长"]
    assert [raw_of(span) for span in person["mentions"]] == ["耿濤"]
    assert by_table["signings"][0]["parties"] == ["青岛"]
    for table, table_rows in by_table.items():
        assert all(list(row) == [name for name, _ in COLUMNS[table]] for row in table_rows)


def test_csv_tables(doc, tmp_path):
    with TableWriter(tmp_path / "t", parquet=False) as writer:
        writer.add(to_record(doc))
        writer.add(error_record(ReadFailure("x", "x.txt", "E031", "[E031] x.txt is empty.")))
    assert sorted(p.name for p in (tmp_path / "t").iterdir()) == sorted(f"{n}.csv" for n in COLUMNS)
    with open(tmp_path / "t" / "documents.csv", encoding="utf-8", newline="") as handle:
        documents = list(csv.DictReader(handle))
    assert [(d["doc_id"], d["status"], d["sha256"], d["title"]) for d in documents] == [
        ("seed", "ok", "0" * 64, "产业园"), ("x", "error", "", ""),
    ]
    with open(tmp_path / "t" / "areas.csv", encoding="utf-8", newline="") as handle:
        areas = list(csv.DictReader(handle))
    assert [(a["doc_id"], a["square_meters"], a["value_max"]) for a in areas] == [
        ("seed", "6000.0", "")
    ]


def test_parquet_tables(doc, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    with TableWriter(tmp_path, parquet=True) as writer:
        writer.add(to_record(doc))
    people = pq.read_table(tmp_path / "people.parquet").to_pylist()
    assert people == [{"doc_id": "seed", "index": 0, "name": "耿涛", "titles": ["副市长"],
                       "organization": None, "category": "official",
                       "mentions": to_record(doc)["people"][0]["mentions"], "id": "seed#people-0",
                       "title_rules": [], "rule": None}]  # a Person built without rules
    signings = pq.read_table(tmp_path / "signings.parquet")
    assert str(signings.schema.field("project_count").type) == "int64"
    assert pq.read_table(tmp_path / "amounts.parquet").column("value").to_pylist() == [1e9]
