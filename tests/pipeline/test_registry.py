"""The slot registry (pipeline/registry.py, issue 13) against the schema, the record, the
tables, the scorer and the stage table."""
from __future__ import annotations

import dataclasses

import pytest

from xinwen.eval import score, spans
from xinwen.pipeline import tables
from xinwen.pipeline.export import schema, to_record
from xinwen.pipeline.pipeline import STAGES, PipelineConfig
from xinwen.pipeline.registry import SLOT_NAMES, SLOTS, slot, stage_class

#: table columns that are not keys of the item's JSON: the span's parts, the region's parts
DERIVED_COLUMNS = {"start", "end", "province", "city", "district"}


def test_every_item_list_of_the_schema_is_a_slot():
    props = schema()["properties"]
    lists = [k for k, v in props.items() if v.get("type") == "array" and k != "errors"]
    assert lists == list(SLOT_NAMES)
    assert set(SLOT_NAMES) <= set(schema()["required"]) | {"jobs"}


@pytest.mark.parametrize("row", SLOTS, ids=lambda s: s.name)
def test_slot_json_shape_is_its_schema_block(row, nlp, seed_raw):
    from xinwen.pipeline.doc import Document, SourceInfo

    block = schema()["$defs"][row.schema_def]
    assert schema()["properties"][row.name]["items"] == {"$ref": f"#/$defs/{row.schema_def}"}
    raw = seed_raw + "\n项目建成后可提供就业岗位约500个。"  # the seed names no jobs
    record = to_record(nlp(Document("seed", raw=raw, source=SourceInfo("s", "", "utf-8", "text"))))
    items = record[row.name]
    assert items, f"the seed has {row.name}"
    for item in items:
        assert set(block["required"]) <= set(item) <= set(block["properties"])


@pytest.mark.parametrize("row", SLOTS, ids=lambda s: s.name)
def test_slot_columns_and_class(row):
    block = schema()["$defs"][row.schema_def]["properties"]
    names = {c for c, _ in row.columns}
    assert names - DERIVED_COLUMNS <= set(block), names - set(block)
    assert tables.COLUMNS[row.name] == (("doc_id", "str"), ("index", "int"), *row.columns)
    fields = {f.name for f in dataclasses.fields(row.record_class)}
    assert set(block) - {"span", "id"} <= fields | {"start", "end"}, set(block) - fields


@pytest.mark.parametrize("row", SLOTS, ids=lambda s: s.name)
def test_slot_stage(row):
    assert row.stage in STAGES and row.stage in PipelineConfig().stages
    assert row.name in stage_class(row).assigns


def test_scorer_rows_come_from_the_registry():
    assert score.PRF_ROWS[: sum(len(s.prf_rows) for s in SLOTS)] == tuple(
        r for s in SLOTS for r in s.prf_rows
    )
    assert all(r.split(".")[0] in SLOT_NAMES for s in SLOTS for r in s.prf_rows if "." in r)
    assert set(spans.SPAN_SLOTS) == {s.name for s in SLOTS if s.spans}
    assert slot("amounts").spans == "item" and slot("people").spans == "mentions"
