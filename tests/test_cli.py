"""The ``extract`` command, in-process: exact exit codes, messages, and output streams."""
from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import sys

import pytest

from xinwen import cli
from xinwen.pipeline import batch
from xinwen.pipeline.doc import Document
from xinwen.pipeline.errors import PipelineError
from xinwen.pipeline.pipeline import Pipeline
from tests.conftest import ARTICLES

SEED = ARTICLES / "seed.txt"


@pytest.fixture
def configs(monkeypatch, nlp) -> list:
    """Run the CLI on the session pipeline; the configs it asked for are collected here."""
    asked = []

    def build(config=None):
        asked.append(config)
        return nlp

    monkeypatch.setattr(batch, "build_pipeline", build)
    return asked


def extract(capsys, *argv: object) -> tuple[int, list[dict], str]:
    """``(exit code, records on stdout, stderr)`` of ``cli.py extract ARGV``."""
    argv = tuple(map(str, argv))
    workers = () if "--workers" in argv else ("--workers", "1")
    code = cli.main(["extract", *argv, *workers])
    out, err = capsys.readouterr()
    return code, [json.loads(line) for line in out.splitlines()], err


def summary(err: str) -> str:
    return err.splitlines()[-1].split(" (")[0]


def errors_of(record: dict) -> list[tuple[str, str]]:
    return [(error["code"], error["message"]) for error in record["errors"]]


# ------------------------------------------------------------------ help and usage


def test_top_level_help_has_an_example(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--help"])
    assert exit_info.value.code == 0
    assert "Example:" in capsys.readouterr().out


def test_extract_help_has_an_example(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["extract", "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "Example:\n  python cli.py extract corpus/articles -o out/corpus.jsonl" in out
    for option in ("--force", "--tables", "--text-key", "--id-key", "--ner-backend"):
        assert option in out


def test_extract_without_paths_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["extract"])
    assert exit_info.value.code == 2
    assert "the following arguments are required: PATH" in capsys.readouterr().err


# ------------------------------------------------------------------ success


def test_one_article_to_stdout(capsys, configs):
    code, records, err = extract(capsys, SEED)
    assert code == 0
    assert [(r["doc_id"], r["status"], r["source"]["encoding"]) for r in records] == [
        ("seed", "ok", "utf-8")
    ]
    assert summary(err) == "1 document: 1 ok, 0 failed"


def test_output_file_and_logs_on_stderr(capsys, configs, tmp_path):
    out = tmp_path / "new" / "dir" / "out.jsonl"
    code, records, err = extract(capsys, ARTICLES, "-o", out)
    assert (code, records) == (0, [])  # nothing on stdout
    lines = out.read_text(encoding="utf-8").splitlines()
    names = sorted(path.stem for path in ARTICLES.glob("*.txt"))
    assert [json.loads(line)["doc_id"] for line in lines] == names
    assert "\\u" not in out.read_text(encoding="utf-8")  # ensure_ascii=False
    assert err.splitlines()[-1].startswith(f"{len(names)} documents: {len(names)} ok, 0 failed (")
    assert err.splitlines()[-1].endswith(f" -> {out}")


def test_options_reach_the_pipeline_config(capsys, configs):
    extract(capsys, SEED, "--ner-backend", "hanlp", "--ner-model", "m.bin")
    assert (configs[0].ner_backend, configs[0].ner_model) == ("hanlp", "m.bin")


def test_default_config(capsys, configs):
    extract(capsys, SEED)
    assert (configs[0].ner_backend, configs[0].ner_model) == ("lac", None)


def test_pipeline_that_cannot_be_built_is_a_usage_error(capsys, monkeypatch):
    def build(config=None):
        raise PipelineError("[E051] Unknown NER backend 'x'. Known backends: lac.")

    monkeypatch.setattr(batch, "build_pipeline", build)
    code, records, err = extract(capsys, SEED, "--ner-backend", "x")
    assert (code, records, err) == (2, [], "[E051] Unknown NER backend 'x'. Known backends: lac.\n")


# ------------------------------------------------------------ input failures: exit 1, run goes on


def test_unreadable_file(capsys, configs, tmp_path):
    bad = tmp_path / "bad.txt"
    os.symlink(tmp_path / "missing-target.txt", bad)  # tests may run as root: chmod 000 is no lock
    seed = tmp_path / "seed.txt"  # beside bad.txt: two roots' ids are relative to their common parent
    seed.write_bytes(SEED.read_bytes())
    code, records, err = extract(capsys, bad, seed)
    message = f"[E030] Cannot read {bad}: No such file or directory"
    assert code == 1
    assert [(r["doc_id"], r["status"]) for r in records] == [("bad", "error"), ("seed", "ok")]
    assert errors_of(records[0]) == [("E030", message)]
    assert f"bad: {message}\n" in err
    assert summary(err) == "2 documents: 1 ok, 1 failed"


def test_empty_file(capsys, configs, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, records, err = extract(capsys, empty)
    assert code == 1
    assert errors_of(records[0]) == [("E031", f"[E031] {empty} is empty.")]
    assert err.startswith(f"empty: [E031] {empty} is empty.\n")


def test_wrong_encoding_file(capsys, configs, tmp_path):
    noise = tmp_path / "noise.txt"
    noise.write_bytes(b"\x80\xff\x80\xff\x7f\xfe\xff")
    code, records, err = extract(capsys, noise)
    message = f"[E032] {noise}: cannot decode as UTF-8, GB18030 or Big5."
    assert code == 1
    assert errors_of(records[0]) == [("E032", message)]
    assert records[0]["source"]["encoding"] is None
    assert err.startswith(f"noise: {message}\n")


def test_missing_path(capsys, configs, tmp_path):
    gone = tmp_path / "gone.txt"
    code, records, _ = extract(capsys, gone)
    assert code == 1
    assert errors_of(records[0]) == [("E036", f"[E036] No such file or directory: {gone}")]


def test_jsonl_with_a_bad_line(capsys, configs, tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"id": "a", "text": "青岛签约"}\nnot json\n{"id": "c", "text": "崂山"}\n',
                    encoding="utf-8")
    code, records, err = extract(capsys, feed)
    assert code == 1
    assert [(r["doc_id"], r["status"]) for r in records] == [
        ("a", "ok"), ("feed:2", "error"), ("c", "ok")
    ]
    assert errors_of(records[1]) == [
        ("E033", f"[E033] {feed}:2: invalid JSON: Expecting value (column 1)")
    ]
    assert summary(err) == "3 documents: 2 ok, 1 failed"


# ------------------------------------------------------------------ output files and --force


def test_existing_output_needs_force(capsys, configs, tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("keep me\n", encoding="utf-8")
    code, records, err = extract(capsys, SEED, "-o", out)
    assert (code, records) == (3, [])
    assert err == f"[E041] Output file {out} exists; use --force to overwrite.\n"
    assert out.read_text(encoding="utf-8") == "keep me\n"
    assert configs == []  # refused before any work

    code, _, _ = extract(capsys, SEED, "-o", out, "--force")
    assert code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["doc_id"] == "seed"


def test_tables(capsys, configs, tmp_path):
    tables = tmp_path / "tables"
    code, _, _ = extract(capsys, SEED, ARTICLES / "dev001.txt", "--tables", tables)
    assert code == 0
    documents = (tables / "documents.csv").read_text(encoding="utf-8").splitlines()
    assert [line.split(",")[0] for line in documents] == ["doc_id", "seed", "dev001"]
    assert (tables / "entities.csv").exists()

    code, _, err = extract(capsys, SEED, "--tables", tables)
    assert code == 3
    assert err.splitlines()[0] == (
        f"[E041] Output file {tables / 'documents.csv'} exists; use --force to overwrite."
    )
    assert extract(capsys, SEED, "--tables", tables, "--force")[0] == 0


# ------------------------------------------------------------------ other inputs


def test_gzip_and_html_inputs(capsys, configs, tmp_path):
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(SEED.read_bytes()))
    (tmp_path / "b.html").write_text("<html><body><p>青岛市</p><script>x()</script></body></html>",
                                     encoding="utf-8")
    code, records, _ = extract(capsys, tmp_path)
    assert code == 0
    assert [(r["doc_id"], r["source"]["format"], r["text"]["chars"]) for r in records] == [
        ("a", "text", len(SEED.read_text(encoding="utf-8"))), ("b", "html", 3),
    ]


def test_stdin(capsys, configs, monkeypatch):
    data = '{"text": "青岛"}\n{"url": "u", "body": "崂山"}\n'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data.encode())))
    code, records, _ = extract(capsys, "-", "--text-key", "body", "--id-key", "url")
    assert code == 1
    assert [(r["doc_id"], r["status"]) for r in records] == [("stdin-1", "error"), ("u", "ok")]
    assert errors_of(records[0]) == [("E034", "[E034] <stdin>:1: no text under key 'body'.")]


# ------------------------------------------------------------------ processing failures


class Boom:
    name = "boom"
    requires = ("raw",)
    assigns = ()

    def __call__(self, doc: Document) -> Document:
        if "崂山" in doc.raw:
            raise RuntimeError("kaboom")
        return doc


class Normalize:
    name = "normalize"
    requires = ("raw",)
    assigns = ("text", "offset_map")

    def __call__(self, doc: Document) -> Document:
        from xinwen.pipeline.doc import OffsetMap

        doc.text, doc.offset_map = doc.raw, OffsetMap.identity(len(doc.raw))
        return doc


def test_a_failing_stage_costs_one_document(capsys, monkeypatch, tmp_path):
    monkeypatch.setattr(batch, "build_pipeline",
                        lambda config=None: Pipeline([Normalize(), Boom()]))
    (tmp_path / "1.txt").write_text("青岛", encoding="utf-8")
    (tmp_path / "2.txt").write_text("崂山", encoding="utf-8")
    (tmp_path / "3.txt").write_text("深圳", encoding="utf-8")
    code, records, err = extract(capsys, tmp_path)
    message = "[E040] Stage 'boom' failed: RuntimeError: kaboom"
    assert code == 1
    assert [(r["doc_id"], r["status"]) for r in records] == [
        ("1", "ok"), ("2", "error"), ("3", "ok")
    ]
    assert records[1]["errors"] == [{"stage": "boom", "message": message, "code": "E040"}]
    assert records[1]["text"]["chars"] == 2
    assert records[1]["source"]["sha256"] == hashlib.sha256("崂山".encode()).hexdigest()
    assert f"2: {message}\n" in err


class BadAmount:
    name = "amounts"
    requires = ("text",)
    assigns = ("amounts",)

    def __call__(self, doc: Document) -> Document:
        from xinwen.pipeline.doc import Amount, Span

        doc.amounts = [Amount("青岛", 1.0, "元", "exact", None, None, Span(0, 2))]
        return doc


def test_a_record_off_the_schema_is_an_export_failure(capsys, monkeypatch, tmp_path):
    monkeypatch.setattr(batch, "build_pipeline",
                        lambda config=None: Pipeline([Normalize(), BadAmount()]))
    (tmp_path / "1.txt").write_text("青岛", encoding="utf-8")
    code, records, _ = extract(capsys, tmp_path)
    assert code == 1
    assert errors_of(records[0]) == [(
        "E040",
        (
            "[E040] Stage 'export' failed: record does not match the schema: "
            "amounts/0/currency: '元' is not one of ['AUD', 'CAD', 'CHF', 'CNY', 'EUR', 'GBP', "
            "'HKD', 'JPY', 'KRW', 'MOP', 'MYR', 'NZD', 'RUB', 'SGD', 'THB', 'TWD', 'USD']"
        ),
    )]
