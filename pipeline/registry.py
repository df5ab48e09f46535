"""The slot registry: one row per item list of the record (issue 13).

Each ``Slot`` declares what the other modules used to list in parallel: the record
class its items are, the stage that fills it, its JSON key and shape (``to_json``, the
``$defs`` block of ``schemas/record.schema.json``), its table columns
(``pipeline/tables.py``), its scorer rows (``eval/score.py``) and how its spans are checked
(``eval/spans.py``). ``SLOTS`` is in record order; the run order of the stages stays one
explicit tuple, ``pipeline.STAGE_ORDER`` (a dependency order that ``check_chain`` verifies),
whose slot stages are built from here; ``tests/pipeline/test_registry.py`` checks the
registry against the schema, the tables, the scorer and the stage table.

Adding a slot: its stage module and data file, a record class in ``doc.py`` (and the
``Document`` attribute), a row here, its place in ``STAGE_ORDER``, its ``$defs`` block in the
schema, its tests and gold rows.

A span converter ``span`` (working-text span → raw ``{start, end}``) is passed in by
``export.to_record``; nothing here reads offsets itself.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from xinwen.pipeline.doc import Amount, Area, Entity, Jobs, Person, Signing, Span

SpanFn = Callable[[Span], dict[str, int]]


@dataclass(frozen=True)
class Slot:
    name: str  # the record key, the Document attribute and the table name
    record_class: type
    stage: str  # the name in pipeline.STAGES of the stage that fills it
    stage_class: str  # "module:Class" of that stage, imported only when a pipeline is built
    schema_def: str  # the $defs block of its items in schemas/record.schema.json
    to_json: Callable[[Any, SpanFn], dict[str, Any]]
    columns: tuple[tuple[str, str], ...]  # table columns after doc_id and index
    prf_rows: tuple[str, ...] = ()
    accuracy_rows: tuple[str, ...] = ()
    spans: str | None = None  # "item": item["span"] reads item["text"]; "mentions": each reads name
    scorer: str | None = None  # "quantity": scored by eval.slots.score_quantities


def _person(person: Person, span: SpanFn) -> dict[str, Any]:
    return {
        "name": person.name,
        "titles": list(person.titles),
        "title_rules": list(person.title_rules),
        "organization": person.organization,
        "category": person.category,
        "mentions": [{**span(mention), "rule": mention.rule} for mention in person.mentions],
        "rule": person.rule,
    }


def _amount(amount: Amount, span: SpanFn) -> dict[str, Any]:
    return {
        "text": amount.text,
        "value": amount.value,
        "currency": amount.currency,
        "qualifier": amount.qualifier,
        "value_max": amount.value_max,
        "subject": amount.subject,
        "span": span(amount.span),
        "rule": amount.rule,
    }


def _area(area: Area, span: SpanFn) -> dict[str, Any]:
    return {
        "text": area.text,
        "value": area.value,
        "unit": area.unit,
        "square_meters": area.square_meters,
        "qualifier": area.qualifier,
        "value_max": area.value_max,
        "subject": area.subject,
        "span": span(area.span),
        "rule": area.rule,
    }


def _signing(signing: Signing, span: SpanFn) -> dict[str, Any]:
    return {
        "project_count": signing.project_count,
        "projects": list(signing.projects),
        "parties": list(signing.parties),
        "signatories": list(signing.signatories),
        "fields": list(signing.fields),
        "total_investment": signing.total_investment,
        "date": signing.date,
        "place": signing.place,
        "venue": signing.venue,
        "region": signing.region,
        "total_ref": signing.total_ref,
        "people_refs": [dict(ref) for ref in signing.people_refs],
        "rule": signing.rule,
        "rules": list(signing.rules),
        "spans": [span(item) for item in signing.spans],
    }


def _jobs(jobs: Jobs, span: SpanFn) -> dict[str, Any]:
    return {
        "text": jobs.text,
        "value": jobs.value,
        "qualifier": jobs.qualifier,
        "value_max": jobs.value_max,
        "subject": jobs.subject,
        "span": span(jobs.span),
        "rule": jobs.rule,
    }


def _entity(entity: Entity, span: SpanFn) -> dict[str, Any]:
    return {
        "text": entity.text,
        "label": entity.label,
        "span": span(entity),
        "source": entity.source,
    }


SLOTS: tuple[Slot, ...] = (
    Slot(
        "people", Person, "people", "xinwen.pipeline.slots.people:PeopleStage", "person", _person,
        (("name", "str"), ("titles", "strings"), ("organization", "str"), ("category", "str"),
         ("mentions", "mentions"), ("id", "str"), ("title_rules", "strings"), ("rule", "str")),
        prf_rows=("people", "officials", "titles", "titles_lenient"),
        accuracy_rows=("category",),
        spans="mentions",
    ),
    Slot(
        "amounts", Amount, "amounts", "xinwen.pipeline.slots.money:AmountStage", "amount", _amount,
        (("text", "str"), ("value", "float"), ("currency", "str"), ("qualifier", "str"),
         ("value_max", "float"), ("subject", "str"), ("start", "int"), ("end", "int"),
         ("id", "str"), ("rule", "str")),
        prf_rows=("amounts", "amounts.qualifier", "amounts.subject", "amounts.subject_lenient"),
        spans="item",
        scorer="quantity",
    ),
    Slot(
        "areas", Area, "areas", "xinwen.pipeline.slots.area:AreaStage", "area", _area,
        (("text", "str"), ("value", "float"), ("unit", "str"), ("square_meters", "float"),
         ("qualifier", "str"), ("value_max", "float"), ("subject", "str"), ("start", "int"),
         ("end", "int"), ("id", "str"), ("rule", "str")),
        prf_rows=("areas", "areas.qualifier", "areas.subject", "areas.subject_lenient"),
        spans="item",
        scorer="quantity",
    ),
    Slot(
        "signings", Signing, "signings", "xinwen.pipeline.slots.signing.stage:SigningStage", "signing",
        _signing,
        (("project_count", "int"), ("projects", "strings"), ("parties", "strings"),
         ("signatories", "strings"), ("fields", "strings"), ("total_investment", "float"),
         ("date", "date"), ("place", "str"), ("spans", "spans"), ("venue", "str"),
         ("province", "str"), ("city", "str"), ("district", "str"), ("total_ref", "int"),
         ("region", "region"), ("id", "str"), ("rule", "str")),
        prf_rows=("signings", "signings.projects", "signings.parties", "signings.signatories",
                  "signings.fields", "signings.witnesses", "signings.attendees"),
        accuracy_rows=("signings.project_count", "signings.date", "signings.place",
                       "signings.region", "signings.total_investment"),
    ),
    Slot(
        "entities", Entity, "ner", "xinwen.pipeline.ner:NerStage", "entity", _entity,
        (("text", "str"), ("label", "str"), ("start", "int"), ("end", "int"), ("source", "str")),
    ),
    Slot(
        "jobs", Jobs, "jobs", "xinwen.pipeline.slots.jobs:JobsStage", "jobs", _jobs,
        (("text", "str"), ("value", "float"), ("qualifier", "str"), ("value_max", "float"),
         ("subject", "str"), ("start", "int"), ("end", "int"), ("id", "str"), ("rule", "str")),
        prf_rows=("jobs", "jobs.qualifier", "jobs.subject", "jobs.subject_lenient"),
        spans="item",
        scorer="quantity",
    ),
)

#: the record keys of the item lists, in record order
SLOT_NAMES: tuple[str, ...] = tuple(slot.name for slot in SLOTS)
#: the item lists whose items carry an ``id`` (an ``id`` table column): all but the raw
#: NER candidates
ID_SLOT_NAMES: tuple[str, ...] = tuple(slot.name for slot in SLOTS if ("id", "str") in slot.columns)


def slot(name: str) -> Slot:
    """The registry row of ``name``."""
    return next(s for s in SLOTS if s.name == name)


def stage_class(slot_row: Slot) -> type:
    """The stage class of a slot (imported here, at pipeline build time)."""
    module, _, name = slot_row.stage_class.partition(":")
    return getattr(importlib.import_module(module), name)
