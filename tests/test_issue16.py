"""Issue 16, for the data teams that import xinwen: the Python API, stable ids, the
extractor block, typed tables, a schema that documents itself, ``xinwen validate``, and
the README recipes (pandas, DuckDB, polars) run as written."""
from __future__ import annotations

import csv
import gzip
import io
import json
import os
import re
import subprocess
import sys
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from xinwen.pipeline import batch
from xinwen.pipeline.export import SCHEMA_VERSION, error_record
from xinwen.pipeline.extractor import LIBRARIES
from xinwen.pipeline.ids import SLOTS
from xinwen.pipeline.readers import ReadFailure
from xinwen.pipeline.validate import record_problems
from xinwen.schemas import fields

import xinwen
from tests.conftest import ARTICLES, ROOT
from xinwen import cli

pytestmark = pytest.mark.issue(16)
SEED = ARTICLES / "seed.txt"
SIGNING_TEXT = "青岛市崂山区举行招商推介会，16个项目集中签约，总投资313亿元。"


@pytest.fixture(scope="module")
def api(nlp):
    """``xinwen.Pipeline`` on the session's pipeline (no second model load)."""
    pipeline = xinwen.Pipeline.__new__(xinwen.Pipeline)
    pipeline.config = batch.PipelineConfig()
    pipeline.limits = batch.Limits()
    pipeline._nlp = nlp
    return pipeline


def run_extract(*argv: str) -> list[dict]:
    out = io.StringIO()
    with redirect_stdout(out):
        cli.main(["extract", *argv, "-q", "--workers", "1"])
    return [json.loads(line) for line in out.getvalue().splitlines()]


# ------------------------------------------------------------------ the Python API


def test_extract_from_a_directory_outside_the_checkout(tmp_path):
    """The issue's command, run where the checkout is not the working directory."""
    (tmp_path / "corpus" / "articles").mkdir(parents=True)
    (tmp_path / "corpus" / "articles" / "seed.txt").write_bytes(SEED.read_bytes())
    code = ("import xinwen; print(xinwen.extract(open('corpus/articles/seed.txt').read())"
            "['signings'][0]['project_count'])")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "16\n"
    assert not (tmp_path / "xinwen").exists() and "xinwen" in sys.modules


def test_extract_gives_the_record_the_cli_gives(api, monkeypatch, nlp):
    monkeypatch.setattr(batch, "build_pipeline", lambda config=None: nlp)
    (from_cli,) = run_extract(str(SEED))
    record = api.extract(SEED.read_text(encoding="utf-8"))
    assert record["doc_id"] == "text"
    assert record["source"] == {"path": None, "sha256": from_cli["source"]["sha256"],
                                "encoding": "utf-8", "format": "text"}
    assert record["amounts"][0]["id"] == "text#amounts-0"

    def without_ids(rec):
        rec = json.loads(json.dumps(rec).replace('"seed#', '"text#'))
        return {k: v for k, v in rec.items() if k not in ("doc_id", "source")}

    assert without_ids(record) == without_ids(from_cli)
    assert record_problems(record) == []


def test_extract_sha256_is_of_the_utf8_bytes(api):
    import hashlib

    record = api.extract(SIGNING_TEXT, doc_id="a")
    assert (record["doc_id"], record["status"]) == ("a", "ok")
    assert record["source"]["sha256"] == hashlib.sha256(SIGNING_TEXT.encode("utf-8")).hexdigest()
    assert record["signings"][0]["project_count"] == 16


def test_a_blank_text_is_an_error_record(api):
    record = api.extract("  \n")
    assert (record["status"], record["errors"][0]["code"]) == ("error", "E031")
    assert record["errors"][0]["message"] == "[E031] <text> is empty."
    assert record["extractor"]["ner_backend"] == "lac"
    assert record_problems(record) == []


def test_extract_refuses_what_is_not_a_str(api):
    with pytest.raises(TypeError, match=r"^\[E102\] extract: text is bytes, not str\.$"):
        api.extract(b"\xe9\x9d\x92")


def two_folders(root: Path) -> list[Path]:
    """``a/x.txt`` and ``b/x.txt``: the same file name in two folders."""
    for name, text in (("a", "青岛市签约3个项目，总投资10亿元。"), ("b", "深圳市签约5个项目，总投资8亿元。")):
        (root / name).mkdir()
        (root / name / "x.txt").write_text(text, encoding="utf-8")
    return [root / "a", root / "b"]


def test_extract_many_keeps_input_order_and_tells_texts_from_paths(api, tmp_path):
    a, b = two_folders(tmp_path)
    records = list(api.extract_many([a, "崂山区签约16个项目。", str(b / "x.txt"), b / "x.txt"]))
    assert [(r["doc_id"], r["source"]["path"]) for r in records] == [
        ("a/x", str(a / "x.txt")),
        ("text-1", None),
        ("text-2", None),  # a path in a str is a text, never guessed
        ("b/x", str(b / "x.txt")),
    ]
    assert [[s["project_count"] for s in r["signings"]] for r in records] == [[3], [16], [], [5]]
    assert all(record_problems(r) == [] for r in records)


@pytest.mark.parametrize("item", [b"bytes", {"text": "x"}, 3], ids=["bytes", "dict", "int"])
def test_extract_many_refuses_other_items_before_any_work(api, item):
    kind = type(item).__name__
    with pytest.raises(TypeError) as raised:
        api.extract_many(["青岛", item])
    assert str(raised.value) == (
        f"[E101] extract_many: item 1 is {kind}; give a str (a text) or an os.PathLike such as"
        " pathlib.Path (a file or folder to read); a path in a str is read as text, never guessed."
    )


def test_extract_many_with_workers_gives_the_same_records(api, tmp_path, monkeypatch, nlp):
    monkeypatch.setattr("xinwen.api.build_pipeline", lambda config=None: nlp)
    items = [*two_folders(tmp_path), "崂山区签约16个项目。"]
    assert list(api.extract_many(items, workers=2)) == list(api.extract_many(items))


def test_pipeline_reports_its_extractor(api):
    assert api.extractor["ner_backend"] == "lac"
    block = api.extract(SIGNING_TEXT)["extractor"]
    assert {k: v for k, v in block.items() if k != "ner"} == api.extractor
    assert block["ner"]["scope"] == "gated"  # what NER read of this text (issue 14)


# ------------------------------------------------------------------ stable ids


def test_ids_are_unique_across_two_folders_with_equal_file_names(tmp_path, nlp, monkeypatch):
    monkeypatch.setattr(batch, "build_pipeline", lambda config=None: nlp)
    a, b = two_folders(tmp_path)
    records = run_extract(str(a), str(b))
    assert [(r["doc_id"], r["status"]) for r in records] == [("a/x", "ok"), ("b/x", "ok")]
    item_ids = [item["id"] for r in records for slot in SLOTS for item in r.get(slot, [])]
    assert len(item_ids) == len(set(item_ids)) > 2
    assert records[1]["signings"][0]["id"] == "b/x#signings-0"
    # one root: nothing changes
    assert [r["doc_id"] for r in run_extract(str(a))] == ["x"]


def test_two_files_given_by_name_are_relative_to_their_common_parent(tmp_path, nlp, monkeypatch):
    monkeypatch.setattr(batch, "build_pipeline", lambda config=None: nlp)
    a, b = two_folders(tmp_path)
    assert [r["doc_id"] for r in run_extract(str(a / "x.txt"), str(b / "x.txt"))] == ["a/x", "b/x"]


def test_every_item_id_is_its_place_in_the_record(nlp, monkeypatch):
    monkeypatch.setattr(batch, "build_pipeline", lambda config=None: nlp)
    for record in run_extract(str(ARTICLES)):
        for slot in SLOTS:
            for index, item in enumerate(record.get(slot, [])):
                assert item["id"] == f"{record['doc_id']}#{slot}-{index}"
        assert "id" not in json.dumps(record["entities"])


def test_stdin_documents_are_numbered(monkeypatch, capsys, nlp):
    monkeypatch.setattr(batch, "build_pipeline", lambda config=None: nlp)
    lines = '{"text": "青岛签约"}\n\n{"text": "深圳签约"}\n{"id": "k", "text": "广州签约"}\n'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(lines.encode())))
    assert [r["doc_id"] for r in run_extract("-")] == ["stdin-1", "stdin-3", "k"]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(SIGNING_TEXT.encode())))
    (record,) = run_extract("-")
    assert (record["doc_id"], record["signings"][0]["id"]) == ("stdin-1", "stdin-1#signings-0")


# ------------------------------------------------------------------ the extractor block


def test_every_record_carries_the_extractor_block(nlp, monkeypatch, tmp_path):
    from importlib.metadata import version

    monkeypatch.setattr(batch, "build_pipeline", lambda config=None: nlp)
    (tmp_path / "empty.txt").write_bytes(b"")
    records = run_extract(str(SEED), str(tmp_path / "empty.txt"), str(tmp_path / "gone.txt"))
    assert [r["status"] for r in records] == ["ok", "error", "error"]
    for record in records:
        block = dict(record["extractor"])
        # what NER read (issue 14): only where the ner stage ran
        assert ("ner" in block) == (record["status"] == "ok")
        block.pop("ner", None)
        assert block == {
            "name": "xinwen", "version": version("xinwen"), "ner_backend": "lac",
            "schema_version": SCHEMA_VERSION,
            "libraries": {name: version(name) for name in LIBRARIES},
        }


def test_an_unavailable_backend_is_recorded_as_the_one_that_ran():
    from xinwen.pipeline.extractor import extractor_of_stages
    from xinwen.pipeline.ner import NerStage

    stage = NerStage.__new__(NerStage)
    stage.backend = type("Backend", (), {"name": "lac"})()
    assert extractor_of_stages([stage])["ner_backend"] == "lac"
    assert extractor_of_stages([])["ner_backend"] is None


# ------------------------------------------------------------------ typed tables


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory, nlp):
    """``extract corpus/articles -o out/corpus.jsonl --tables out/tables`` in a fresh folder."""
    root = tmp_path_factory.mktemp("corpus_run")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(batch, "build_pipeline", lambda config=None: nlp)
        code = cli.main(["extract", str(ARTICLES), "-o", str(root / "out" / "corpus.jsonl"),
                         "--tables", str(root / "out" / "tables"), "-q", "--workers", "1"])
    assert code == 0
    (root / "corpus").symlink_to(ROOT / "corpus")
    return root


def test_parquet_types(corpus_run):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    tables = corpus_run / "out" / "tables"
    signings = pq.read_schema(tables / "signings.parquet")
    span = pa.struct([("start", pa.int64()), ("end", pa.int64())])
    expected = {
        "id": pa.string(), "project_count": pa.int64(), "total_investment": pa.float64(),
        "date": pa.date32(), "projects": pa.list_(pa.string()), "parties": pa.list_(pa.string()),
        "spans": pa.list_(span),
        "region": pa.struct([("province", pa.string()), ("city", pa.string()),
                             ("district", pa.string())]),
    }
    assert {name: signings.field(name).type for name in expected} == expected
    people = pq.read_schema(tables / "people.parquet")
    assert people.field("titles").type == pa.list_(pa.string())
    mention = pa.struct([("start", pa.int64()), ("end", pa.int64()), ("rule", pa.string())])
    assert people.field("mentions").type == pa.list_(mention)  # each with its rule
    documents = pq.read_schema(tables / "documents.parquet")
    assert documents.field("event_date").type == pa.date32()
    assert documents.field("reporters").type == pa.list_(pa.string())
    for name in ("documents", "people", "amounts", "signings", "entities"):
        meta = pq.read_schema(tables / f"{name}.parquet").metadata
        assert meta[b"xinwen.schema_version"] == SCHEMA_VERSION.encode()
        assert meta[b"xinwen.extractor_version"] == xinwen.__version__.encode()
        assert json.loads(meta[b"xinwen.extractor"])["ner_backend"] == "lac"


def test_parquet_values_are_the_record_values(corpus_run):
    pq = pytest.importorskip("pyarrow.parquet")
    records = [json.loads(line) for line in
               (corpus_run / "out" / "corpus.jsonl").read_text(encoding="utf-8").splitlines()]
    rows = pq.read_table(corpus_run / "out" / "tables" / "signings.parquet").to_pylist()
    signings = [s for r in records for s in r["signings"]]
    assert [row["id"] for row in rows] == [s["id"] for s in signings]
    for row, signing in zip(rows, signings):
        assert row["projects"] == signing["projects"] and row["spans"] == signing["spans"]
        assert (row["date"].isoformat() if row["date"] else None) == signing["date"]
        assert row["region"] == signing["region"]


def test_csv_keeps_json_arrays_and_an_id_column(corpus_run):
    with open(corpus_run / "out" / "tables" / "people.csv", encoding="utf-8", newline="") as f:
        people = list(csv.DictReader(f))
    assert people and all(re.fullmatch(r".+#people-[0-9]+", row["id"]) for row in people)
    assert isinstance(json.loads(people[0]["titles"]), list)
    assert isinstance(json.loads(people[0]["mentions"])[0]["start"], int)


# ------------------------------------------------------------------ the README recipes


def readme_block(name: str) -> str:
    """The Python block after ``<!-- readme-test: NAME -->`` in the README."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(rf"<!-- readme-test: {name} -->\n```python\n(.*?)```", readme, re.DOTALL)
    assert found, name
    return found.group(1)


def run_block(name: str, cwd: Path, monkeypatch) -> str:
    monkeypatch.chdir(cwd)
    out = io.StringIO()
    with redirect_stdout(out):
        exec(compile(readme_block(name), f"README:{name}", "exec"), {})
    return out.getvalue()


def signed_by_month(corpus_run) -> dict[str, float | None]:
    """Signed investment (亿元) by month, computed from the records directly (None: a month
    whose signings give no total, as SQL's sum of nulls)."""
    totals: dict[str, float | None] = {}
    for line in (corpus_run / "out" / "corpus.jsonl").read_text(encoding="utf-8").splitlines():
        for signing in json.loads(line)["signings"]:
            if signing["date"]:
                month, value = signing["date"][:7], signing["total_investment"]
                totals.setdefault(month, None)
                if value is not None:
                    totals[month] = (totals[month] or 0) + value / 1e8
    return totals


def test_readme_pandas_recipe(corpus_run, monkeypatch):
    pd = pytest.importorskip("pandas", reason="pandas (extra 'analysis') is not installed")
    printed = run_block("pandas", corpus_run, monkeypatch)
    records = pd.read_json(corpus_run / "out" / "corpus.jsonl", lines=True,
                           dtype={"doc_id": str, "schema_version": str})
    assert set(records["schema_version"]) == {"1.1"} and records["doc_id"].map(type).eq(str).all()
    assert "2023-03" in printed


def test_readme_pandas_dtype_keeps_a_numeric_doc_id(tmp_path):
    pd = pytest.importorskip("pandas", reason="pandas (extra 'analysis') is not installed")
    record = error_record(ReadFailure("000", "000.txt", "E031", "[E031] 000.txt is empty."))
    (tmp_path / "r.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    frame = pd.read_json(tmp_path / "r.jsonl", lines=True,
                         dtype={"doc_id": str, "schema_version": str})
    assert (frame["doc_id"][0], frame["schema_version"][0]) == ("000", "1.1")


def test_readme_duckdb_recipe_signed_investment_by_month(corpus_run, monkeypatch):
    duckdb = pytest.importorskip("duckdb", reason="duckdb (extra 'analysis') is not installed")
    run_block("duckdb", corpus_run, monkeypatch)
    query = re.search(r'duckdb\.sql\("""(.*?)"""\)', readme_block("duckdb"), re.DOTALL).group(1)
    got = {month: (count, value) for month, count, value in duckdb.sql(query).fetchall()}
    expected = signed_by_month(corpus_run)
    assert sorted(got) == sorted(expected)
    assert {m: got[m][1] for m in got} == {
        m: None if v is None else round(v, 1) for m, v in expected.items()}
    assert got["2023-03"][0] >= 1


def test_readme_polars_recipe(corpus_run, monkeypatch):
    pl = pytest.importorskip("polars", reason="polars (extra 'analysis') is not installed")
    printed = run_block("polars", corpus_run, monkeypatch)
    assert "2023-03-01" in printed
    frame = pl.read_parquet(corpus_run / "out" / "tables" / "signings.parquet")
    assert frame.schema["date"] == pl.Date and frame.schema["projects"] == pl.List(pl.String)


def test_readme_api_pandas_example(corpus_run, monkeypatch, api):
    pytest.importorskip("pandas", reason="pandas (extra 'analysis') is not installed")
    monkeypatch.setattr("xinwen.api.shared_pipeline", lambda ner_backend=None: api)
    printed = run_block("api-pandas", corpus_run, monkeypatch)
    assert printed.startswith("40 {")


def test_readme_api_sketch_is_true(api):
    rec = api.extract(readme_api_text())
    assert (rec["signings"][0]["project_count"], rec["doc_id"], rec["source"]["path"]) == (
        16, "text", None)


def readme_api_text() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.search(r'rec = xinwen\.extract\("(.*?)"\)', readme).group(1)


# ------------------------------------------------------------------ the schema


def all_properties(node, path=""):
    if isinstance(node, dict):
        for key, prop in node.get("properties", {}).items():
            yield f"{path}/{key}", key, prop
            yield from all_properties(prop, f"{path}/{key}")
        for key in ("items", "additionalProperties"):
            if isinstance(node.get(key), dict):
                yield from all_properties(node[key], f"{path}/{key}")
        for option in node.get("anyOf", []):
            yield from all_properties(option, path)
        for name, sub in node.get("$defs", {}).items():
            yield from all_properties(sub, f"$defs/{name}")


def test_schema_has_an_id_and_describes_every_property():
    schema = fields.load_schema()
    assert schema["$id"].endswith("/1.1/record.schema.json")
    found = list(all_properties(schema))
    assert len(found) > 80
    bad = [path for path, key, prop in found
           if not prop.get("description", "").strip()
           or prop["description"].strip().lower().rstrip(".") == key.lower()]
    assert bad == []


def test_dates_carry_format_date():
    schema = fields.load_schema()
    assert schema["properties"]["meta"]["properties"]["event_date"]["format"] == "date"
    assert schema["$defs"]["signing"]["properties"]["date"]["format"] == "date"
    formats = [o.get("format") for o in
               schema["properties"]["meta"]["properties"]["published_at"]["anyOf"]]
    assert {"date", "date-time"} <= set(formats)


def test_currency_enum_is_every_code_of_the_currency_table():
    table = (ROOT / "pipeline" / "data" / "currencies.tsv").read_text(encoding="utf-8")
    rows = csv.DictReader((line for line in table.splitlines() if not line.startswith("#")),
                          delimiter="\t")
    codes = {row["iso"] for row in rows} | {"CNY"}  # CNY: the default where none is written
    enum = fields.load_schema()["$defs"]["amount"]["properties"]["currency"]["enum"]
    assert sorted(enum) == sorted(codes)


def test_readme_field_table_is_the_schema():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert fields.block() in readme
    assert fields.updated(readme) == readme


# ------------------------------------------------------------------ validate


@pytest.fixture(scope="module")
def good_record(api) -> dict:
    return api.extract(SEED.read_text(encoding="utf-8"), doc_id="seed")


def broken(record: dict, change) -> dict:
    record = json.loads(json.dumps(record))
    change(record)
    return record


INVALID = {
    "event-date": (lambda r: r["meta"].__setitem__("event_date", "2023-13-45"),
                   "meta/event_date: '2023-13-45' is not a 'date'"),
    "span-end-before-start": (lambda r: r["amounts"][0].__setitem__("span", {"start": 9, "end": 4}),
                              "[E099] amounts/0/span: span end 4 is not after start 9"),
    "currency": (lambda r: r["amounts"][0].__setitem__("currency", "XYZ"),
                 "amounts/0/currency: 'XYZ' is not one of"),
}


@pytest.mark.parametrize("case", list(INVALID))
def test_the_three_invalid_records_of_the_issue_are_rejected(good_record, case):
    change, reason = INVALID[case]
    assert record_problems(good_record) == []
    problems = record_problems(broken(good_record, change))
    assert len(problems) == 1 and problems[0].startswith(reason), problems


def test_validate_command_reports_each_invalid_line(good_record, tmp_path, capsys):
    lines = [good_record] + [broken(good_record, change) for change, _ in INVALID.values()]
    path = tmp_path / "records.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.write("\n".join(json.dumps(r, ensure_ascii=False) for r in lines) + "\n{oops\n")
    assert cli.main(["validate", str(path)]) == 1
    out, err = capsys.readouterr()
    reported = out.splitlines()
    assert [line.split(": invalid record: ")[0] for line in reported] == [
        f"[E098] {path}:{n}" for n in (2, 3, 4, 5)]
    assert reported[1] == (f"[E098] {path}:3: invalid record: "
                           "[E099] amounts/0/span: span end 4 is not after start 9")
    assert reported[3].endswith("invalid JSON (Expecting property name enclosed in double quotes, column 2)")
    assert err == f"5 records, 4 invalid: {path}\n"


def test_validate_passes_the_corpus_run(corpus_run, capsys):
    assert cli.main(["validate", str(corpus_run / "out" / "corpus.jsonl")]) == 0
    assert capsys.readouterr().out == ""


def test_validate_refuses_a_wrong_item_id(good_record):
    record = broken(good_record, lambda r: r["people"][0].__setitem__("id", "seed#people-7"))
    assert record_problems(record) == ["[E100] people/0/id: id 'seed#people-7' should be 'seed#people-0'"]


def test_the_pipeline_check_refuses_a_bad_date_too(good_record):
    from xinwen.pipeline.export import schema_problems

    problems = schema_problems(broken(good_record, INVALID["event-date"][0]))
    assert problems == ["meta/event_date: '2023-13-45' is not a 'date'"]


def test_a_windowed_record_is_renumbered(nlp):
    """Windows are exported one by one and merged (pipeline.windows): the merged lists get
    ids of their own places, never a window's."""
    from xinwen.pipeline.readers import text_document
    from xinwen.pipeline.workers import Limits, process

    text = f"{SIGNING_TEXT}\n深圳市南山区举行推介会，5个项目签约，总投资8亿元。"
    record, _ = process(text_document(text, "w"), nlp, Limits(max_chars=40))
    assert "W081" in [error["code"] for error in record["errors"]]
    assert [a["id"] for a in record["amounts"]] == ["w#amounts-0", "w#amounts-1"]
    assert [s["id"] for s in record["signings"]] == ["w#signings-0", "w#signings-1"]
    assert record_problems(record) == []
