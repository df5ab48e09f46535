"""The ``consolidate`` command, in-process: exact exit codes, messages and files (issue 18)."""

from __future__ import annotations

import csv
import json

import pytest

from xinwen import cli
from tests.pipeline.test_consolidate import PINGDU, person, record, signing


def write_jsonl(path, rows):
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    return path


@pytest.fixture
def records_file(tmp_path):
    leader = person("谢兆村", "平度市委书记")
    one = signing(
        "2020-02-14", PINGDU, count=31, total=26.72e9, projects=["众创产城(青岛)基地项目"]
    )
    return write_jsonl(
        tmp_path / "records.jsonl",
        [
            record("a", region=PINGDU, event_date="2020-02-14", people=[leader], signings=[one]),
            record("b", region=PINGDU, event_date="2020-02-14", people=[leader], signings=[one]),
        ],
    )


def consolidate_cli(capsys, *argv):
    code = cli.main(["consolidate", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.issue(18)
def test_writes_every_part_as_jsonl_and_csv(tmp_path, records_file, capsys):
    out = tmp_path / "cons"
    code, stdout, err = consolidate_cli(capsys, records_file, "-o", out)
    assert (code, stdout) == (0, "")
    assert err == f"2 records -> 1 officials, 1 events, 1 projects, 0 restorations -> {out}\n"
    events = [
        json.loads(line) for line in (out / "events.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert events[0]["sources"] == [{"doc_id": "a", "signing": 0}, {"doc_id": "b", "signing": 0}]
    with open(out / "officials.csv", encoding="utf-8", newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    assert (row["name"], row["district"], json.loads(row["sources"])) == (
        "谢兆村",
        "平度市",
        ["a", "b"],
    )
    with open(out / "restorations.csv", encoding="utf-8", newline="") as handle:
        assert next(csv.reader(handle))[:3] == ["doc_id", "person", "name"]
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["before"] == {"officials": 2, "signings": 2, "project_names": 2}
    assert summary["after"] == {"officials": 1, "events": 1, "projects": 1}


@pytest.mark.issue(18)
def test_existing_output_needs_force(tmp_path, records_file, capsys):
    out = tmp_path / "cons"
    consolidate_cli(capsys, records_file, "-o", out)
    code, _, err = consolidate_cli(capsys, records_file, "-o", out)
    assert (code, err) == (
        1,
        f"[E092] Output folder {out} already holds officials.jsonl; use --force to overwrite.\n",
    )
    assert consolidate_cli(capsys, records_file, "-o", out, "--force")[0] == 0


@pytest.mark.issue(18)
def test_bad_lines_are_reported_and_the_run_goes_on(tmp_path, records_file, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"doc_id": "x"\n[1]\n'
        + json.dumps(record("e", status="error"))
        + "\n"
        + records_file.read_text(encoding="utf-8").splitlines()[0]
        + "\n",
        encoding="utf-8",
    )
    code, _, err = consolidate_cli(capsys, records_file, bad, "-o", tmp_path / "cons")
    assert code == 1
    assert err.splitlines()[:4] == [
        f"[E090] {bad}:1: invalid JSON: Expecting ',' delimiter",
        f"[E091] {bad}:2: not a record: not a JSON object",
        "[W004] Record e has status 'error': not consolidated.",
        f"[E091] {bad}:4: not a record: doc_id 'a' also at {records_file}:1",
    ]
    summary = json.loads((tmp_path / "cons" / "summary.json").read_text(encoding="utf-8"))
    assert (summary["records"], summary["skipped"]) == (3, ["e"])


@pytest.mark.issue(18)
def test_missing_input_is_a_usage_error(tmp_path, capsys):
    code, _, err = consolidate_cli(capsys, tmp_path / "none.jsonl", "-o", tmp_path / "cons")
    assert (code, err) == (2, f"[E036] No such file or directory: {tmp_path / 'none.jsonl'}\n")


@pytest.mark.issue(18)
def test_help_has_an_example(capsys):
    with pytest.raises(SystemExit):
        cli.main(["consolidate", "--help"])
    assert (
        "python cli.py consolidate out/corpus.jsonl -o out/consolidated" in capsys.readouterr().out
    )
