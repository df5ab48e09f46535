"""``cli.py export RECORDS.jsonl --tables DIR`` and Parquet written row group by row group
(issue 14, streaming tables)."""
from __future__ import annotations

import json

import pytest

from xinwen import cli
from xinwen.pipeline import batch
from xinwen.pipeline.tables import TableWriter
from tests.conftest import ARTICLES

pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow (extra 'tables') is not installed")

TABLES = ("documents", "people", "amounts", "areas", "signings", "entities")


@pytest.fixture(scope="module")
def run(tmp_path_factory, nlp):
    """An extract run on three articles, with its tables."""
    root = tmp_path_factory.mktemp("run")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(batch, "build_pipeline", lambda config=None: nlp)
        paths = [str(ARTICLES / f"{name}.txt") for name in ("seed", "dev001", "dev019")]
        code = cli.main(["extract", *paths, "-o", str(root / "run.jsonl"),
                         "--tables", str(root / "extracted"), "-q"])
    assert code == 0
    return root


@pytest.mark.issue(14)
def test_export_builds_the_tables_extract_built(run, capsys):
    assert cli.main(["export", str(run / "run.jsonl"), "--tables", str(run / "exported")]) == 0
    assert capsys.readouterr().err.endswith(f"3 records, 0 bad lines -> {run / 'exported'}\n")
    for name in TABLES:
        extracted, exported = run / "extracted" / name, run / "exported" / name
        assert (exported.with_suffix(".csv").read_bytes()
                == extracted.with_suffix(".csv").read_bytes()), name
        assert pq.read_table(exported.with_suffix(".parquet")).equals(
            pq.read_table(extracted.with_suffix(".parquet"))), name


@pytest.mark.issue(14)
def test_export_reports_and_skips_lines_that_are_no_records(run, tmp_path, capsys):
    lines = (run / "run.jsonl").read_text(encoding="utf-8").splitlines()
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join([lines[0], "{broken", "[1]", '{"doc_id": "x"}', lines[1]]) + "\n",
                   encoding="utf-8")
    assert cli.main(["export", str(bad), "--tables", str(tmp_path / "t")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"[E097] {bad}:2: not a record: invalid JSON (Expecting property name enclosed in double quotes)"
    assert err[1] == f"[E097] {bad}:3: not a record: not a JSON object"
    assert err[2].startswith(f"[E097] {bad}:4: not a record: missing status, schema_version")
    assert err[3] == f"2 records, 3 bad lines -> {tmp_path / 't'}"
    documents = (tmp_path / "t" / "documents.csv").read_text(encoding="utf-8").splitlines()
    assert [row.split(",")[0] for row in documents[1:]] == [json.loads(lines[0])["doc_id"],
                                                            json.loads(lines[1])["doc_id"]]


@pytest.mark.issue(14)
def test_export_keeps_existing_tables_without_force(run, capsys):
    target = run / "kept"
    assert cli.main(["export", str(run / "run.jsonl"), "--tables", str(target)]) == 0
    capsys.readouterr()
    assert cli.main(["export", str(run / "run.jsonl"), "--tables", str(target)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"[E041] Output file {target / 'documents.csv'} exists; use --force to overwrite."
    assert cli.main(["export", str(run / "run.jsonl"), "--tables", str(target), "--force"]) == 0


@pytest.mark.issue(14)
def test_export_of_a_missing_file(tmp_path, capsys):
    missing = tmp_path / "none.jsonl"
    assert cli.main(["export", str(missing), "--tables", str(tmp_path / "t")]) == 1
    assert capsys.readouterr().err == f"[E036] No such file or directory: {missing}\n"


@pytest.mark.issue(14)
def test_parquet_goes_out_row_group_by_row_group(run, tmp_path):
    records = [json.loads(line) for line in
               (run / "run.jsonl").read_text(encoding="utf-8").splitlines()]
    with TableWriter(tmp_path, parquet=True, row_group_rows=2) as writer:
        for record in records * 3:  # 9 document rows
            writer.add(record)
            assert len(writer._pending["documents"]) < 2  # never more than one group held
    meta = pq.ParquetFile(tmp_path / "documents.parquet").metadata
    assert (meta.num_rows, meta.num_row_groups) == (9, 5)
    assert [meta.row_group(i).num_rows for i in range(5)] == [2, 2, 2, 2, 1]
