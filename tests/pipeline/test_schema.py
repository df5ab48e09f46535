"""schemas/record.schema.json: every record the CLI emits validates; it holds contract v1."""
from __future__ import annotations

import copy
import json
import os
from collections.abc import Iterator

import pytest
from jsonschema import Draft202012Validator

from xinwen import cli
from xinwen.pipeline import batch
from xinwen.pipeline.export import schema, schema_problems
from xinwen.pipeline.readers import id_base
from tests.conftest import ARTICLES


@pytest.fixture(scope="module")
def error_fixtures(tmp_path_factory) -> list[str]:
    """One input for each way reading can fail, plus good JSONL and HTML inputs."""
    root = tmp_path_factory.mktemp("fixtures")
    (root / "empty.txt").write_bytes(b"")
    (root / "noise.txt").write_bytes(b"\x80\xff\x80\xff\x7f\xfe\xff")
    os.symlink(root / "no-target.txt", root / "dangling.txt")
    (root / "feed.jsonl").write_text(
        '{"id": "ok-1", "text": "青岛签约"}\n{broken\n[1]\n{"id": "no-text"}\n', encoding="utf-8"
    )
    (root / "page.html").write_text("<html><body><p>崂山区</p></body></html>", encoding="utf-8")
    (root / "blank.html").write_text("<html><body><script>x()</script></body></html>",
                                     encoding="utf-8")
    (root / "bad.txt.gz").write_bytes(b"not gzip")
    (root / "big5.txt").write_bytes("青島市嶗山區人民政府".encode("big5"))
    return [str(root), str(root / "missing.txt")]


@pytest.fixture(scope="module")
def emitted(tmp_path_factory, error_fixtures, nlp) -> list[dict]:
    """Every record ``cli.py extract`` writes for the bundled corpus and the error fixtures."""
    out = tmp_path_factory.mktemp("out") / "all.jsonl"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(batch, "build_pipeline", lambda config=None: nlp)
        code = cli.main(["extract", str(ARTICLES), *error_fixtures, "-o", str(out), "-q"])
    assert code == 1  # the error fixtures fail, the run goes on
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_schema_is_valid_draft_2020_12():
    Draft202012Validator.check_schema(schema())
    assert schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_every_emitted_record_validates(emitted):
    problems = {record["doc_id"]: schema_problems(record) for record in emitted}
    assert {doc_id: found for doc_id, found in problems.items() if found} == {}


def test_one_record_per_input_document(emitted, error_fixtures):
    # three roots: ids are relative to their common parent (contract 1.1)
    base = id_base([str(ARTICLES), *error_fixtures])
    corpus = os.path.relpath(ARTICLES, base) + "/"
    fixtures = os.path.relpath(error_fixtures[0], base) + "/"
    articles = sorted(corpus + path.stem for path in ARTICLES.glob("*.txt"))
    assert [r["doc_id"] for r in emitted[: len(articles)]] == articles
    assert all(r["status"] == "ok" for r in emitted[: len(articles)])
    assert [(r["doc_id"], r["status"], r["errors"][0]["code"] if r["errors"] else None)
            for r in emitted[len(articles):]] == [(fixtures + name, status, code) for name, status, code in [
        ("bad", "error", "E030"),
        ("big5", "ok", None),
        ("blank", "error", "E035"),
        ("dangling", "error", "E030"),
        ("empty", "error", "E031"),
    ]] + [
        ("ok-1", "ok", None),
        (fixtures + "feed:2", "error", "E033"),
        (fixtures + "feed:3", "error", "E033"),
        ("no-text", "error", "E034"),
        (fixtures + "noise", "error", "E032"),
        (fixtures + "page", "ok", None),
        (fixtures + "missing", "error", "E036"),
    ]


def spans(value) -> Iterator[dict]:
    """Every span object inside a record."""
    if isinstance(value, dict):
        if set(value) == {"start", "end"}:
            yield value
        for item in value.values():
            yield from spans(item)
    elif isinstance(value, list):
        for item in value:
            yield from spans(item)


def test_every_span_lies_in_the_raw_text(emitted):
    for record in emitted:
        for span in spans(record):
            where = (record["doc_id"], span)
            assert 0 <= span["start"] < span["end"] <= record["text"]["chars"], where


def test_chars_is_the_length_of_the_raw_text(emitted):
    by_path = {record["source"]["path"]: record for record in emitted}
    for path in ARTICLES.glob("*.txt"):
        assert by_path[str(path)]["text"]["chars"] == len(path.read_text(encoding="utf-8"))


# ------------------------------------------------------------ what the schema accepts and refuses

FULL = {
    "schema_version": "1.1",
    "doc_id": "2023/03/a",
    "source": {"path": "in/2023/03/a.txt", "sha256": "ab" * 32, "encoding": "big5", "format": "text"},
    "status": "ok",
    "errors": [{"stage": "normalize", "message": "3 character(s) lost"}],
    "text": {"form": "trad_pinyin", "chars": 120, "repaired": 3, "unrecoverable": 1},
    "meta": {"title": "16个项目签约", "outlet": "青岛新闻网", "published_at": "2023-03-24T06:32:03+08:00",
             "event_date": "2023-03-23", "place": "深圳", "reporters": ["王娉"], "correspondents": [],
             "venue": None, "region": {"province": "广东省", "city": "深圳市", "district": None}},
    "people": [{"id": "2023/03/a#people-0", "name": "耿涛", "titles": ["青岛市委常委", "副市长"], "organization": None,
                "category": "official", "mentions": [{"start": 10, "end": 12}]}],
    "amounts": [{"id": "2023/03/a#amounts-0", "text": "8亿至10亿元", "value": 8e8, "currency": "CNY", "qualifier": "range",
                 "value_max": 1e9, "subject": "总投资", "span": {"start": 20, "end": 27}}],
    "areas": [{"id": "2023/03/a#areas-0", "text": "1969亩", "value": 1969, "unit": "亩", "square_meters": 1312666.67,
               "qualifier": "exact", "subject": None, "span": {"start": 30, "end": 35}}],
    "signings": [{"id": "2023/03/a#signings-0", "project_count": 16, "projects": ["虚拟现实算力中心"], "parties": ["崂山区政府"],
                  "signatories": [], "fields": ["显示芯片"], "total_investment": None,
                  "date": "2023-03-23", "place": "深圳", "spans": [{"start": 0, "end": 40}],
                  "venue": "国际会展中心", "region": None, "total_ref": 0,
                  "people_refs": [{"person": 0, "roles": ["witness"]}]}],
    "entities": [{"text": "青岛", "label": "LOC", "span": {"start": 0, "end": 2}}],
    "extractor": {"name": "xinwen", "version": "0.1.0", "ner_backend": "lac",
                  "schema_version": "1.1", "libraries": {"jieba": "0.42.1", "hanlp": None}},
}


def test_a_contract_record_without_extensions_is_accepted():
    assert schema_problems(FULL) == []


CASES_ACCEPTED = [
    # (id, path to set, value): variants the contract or our extensions allow
    ("published-date-only", ("meta", "published_at"), "2023-03-24"),
    ("published-null", ("meta", "published_at"), None),
    ("error-code-extension", ("errors", 0, "code"), "W001"),
    ("error-code-empty", ("errors", 0, "code"), ""),
    ("area-value-max-extension", ("areas", 0, "value_max"), 2000.0),
    ("entity-source-extension", ("entities", 0, "source"), "lac"),
    ("project-count-null", ("signings", 0, "project_count"), None),
    ("encoding-cp950", ("source", "encoding"), "cp950"),
    ("usd", ("amounts", 0, "currency"), "USD"),
    ("meta-rules", ("meta", "rules"), {"place": "place.held"}),
    ("total-ref-null", ("signings", 0, "total_ref"), None),
]

CASES_REFUSED = [
    ("status", ("status",), "maybe"),
    ("schema-version", ("schema_version",), "2.0"),
    ("empty-doc-id", ("doc_id",), ""),
    ("form-null-on-ok", ("text", "form"), None),
    ("form-unknown", ("text", "form"), "pinyin"),
    ("negative-chars", ("text", "chars"), -1),
    ("qualifier", ("amounts", 0, "qualifier"), "approx"),
    ("currency-name", ("amounts", 0, "currency"), "元"),
    ("value-string", ("amounts", 0, "value"), "8亿"),
    ("category", ("people", 0, "category"), "politician"),
    ("titles-string", ("people", 0, "titles"), "副市长"),
    ("label", ("entities", 0, "label"), "GPE"),
    ("span-without-end", ("areas", 0, "span"), {"start": 30}),
    ("span-float", ("areas", 0, "span", "end"), 35.5),
    ("project-count-float", ("signings", 0, "project_count"), 1.5),
    ("event-date-slashes", ("meta", "event_date"), "2023/03/23"),
    ("published-words", ("meta", "published_at"), "3月24日"),
    ("sha256-short", ("source", "sha256"), "abc"),
    ("unknown-field", ("extra",), 1),
    ("unknown-person-field", ("people", 0, "age"), 50),
    ("region-without-district", ("meta", "region"), {"province": "广东省", "city": "深圳市"}),
    ("region-string", ("signings", 0, "region"), "广东省"),
    ("people-ref-role", ("signings", 0, "people_refs", 0, "roles", 0), "host"),
    ("people-ref-no-roles", ("signings", 0, "people_refs", 0, "roles"), []),
    ("total-ref-negative", ("signings", 0, "total_ref"), -1),
]


def changed(path: tuple, value) -> dict:
    record = copy.deepcopy(FULL)
    target = record
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return record


@pytest.mark.parametrize(("path", "value"), [c[1:] for c in CASES_ACCEPTED],
                         ids=[c[0] for c in CASES_ACCEPTED])
def test_accepted(path, value):
    assert schema_problems(changed(path, value)) == []


@pytest.mark.parametrize(("path", "value"), [c[1:] for c in CASES_REFUSED],
                         ids=[c[0] for c in CASES_REFUSED])
def test_refused(path, value):
    problems = schema_problems(changed(path, value))
    assert len(problems) == 1, problems
    # reported at the changed field, or at its parent for an unknown field
    places = {"/".join(map(str, path[:n])) or "(record)" for n in (len(path) - 1, len(path))}
    assert problems[0].split(": ")[0] in places, problems


def test_missing_contract_field_is_refused():
    record = copy.deepcopy(FULL)
    del record["entities"]
    assert schema_problems(record) == ["(record): 'entities' is a required property"]


def test_error_record_needs_a_reason():
    record = changed(("status",), "error")
    record["text"]["form"] = None
    assert schema_problems(record) == []
    record["errors"] = []
    assert schema_problems(record) == ["errors: [] should be non-empty"]

