"""Issue 15 (and the batch half of issue 14), in-process: output integrity, input
formats, duplicate ids, truncated tails, limits and exit statuses."""
from __future__ import annotations

import gzip
import io
import json
import os
import subprocess
import sys
import time

import pytest

from xinwen.pipeline import batch
from xinwen.pipeline.doc import Document
from xinwen.pipeline.export import schema_problems
from xinwen.pipeline.pipeline import Pipeline
from xinwen.pipeline.tables import rows
from tests.conftest import ARTICLES, ROOT, article
from tests.test_cli import SEED, Normalize, configs, errors_of, extract, summary  # noqa: F401

pytestmark = pytest.mark.issue(15)


def use(monkeypatch, *stages) -> None:
    """Run the CLI on a pipeline made of ``stages`` (after a trivial normalize)."""
    monkeypatch.setattr(batch, "build_pipeline", lambda config=None: Pipeline([Normalize(), *stages]))


def lines_of(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# ------------------------------------------------------------------ exit statuses, usage


def test_output_that_is_a_directory_is_a_usage_error(capsys, configs, tmp_path):
    code, records, err = extract(capsys, SEED, "-o", tmp_path)
    assert (code, records) == (2, [])
    assert err == f"[E081] Output {tmp_path} is a directory; -o needs a file name.\n"
    assert configs == []  # refused before any work


def test_exit_statuses_are_documented_in_help(capsys):
    with pytest.raises(SystemExit):
        batch_help = ["extract", "--help"]
        from xinwen import cli

        cli.main(batch_help)
    out = " ".join(capsys.readouterr().out.split())
    assert ("exit status: 0 every document ok 1 some document failed (it has an error record;"
            " the others are there) 2 usage error: ") in out
    assert ("3 refused, nothing written: the output or a table exists (use --force), or"
            " another run is writing it (its lock is held)") in out
    for option in ("--workers", "--resume", "--format", "--doc-timeout", "--max-chars",
                   "--max-doc-chars", "--max-bytes", "-q"):
        assert option in out


def test_resume_needs_an_output_file(capsys, configs):
    code, _, err = extract(capsys, SEED, "--resume")
    assert (code, err) == (2, "[E089] --resume needs -o FILE (stdout cannot be resumed).\n")


def test_resume_of_a_gzip_output_is_a_usage_error(capsys, configs, tmp_path):
    out = tmp_path / "out.jsonl.gz"
    code, _, err = extract(capsys, SEED, "-o", out, "--resume")
    assert code == 2
    assert err == (f"[E088] --resume cannot continue a gzip output ({out}): write plain JSONL,"
                   " or run without --resume.\n")


def test_gzip_output_is_complete_gzip(capsys, configs, tmp_path):
    out = tmp_path / "out.jsonl.gz"
    assert extract(capsys, SEED, ARTICLES / "dev001.txt", "-o", out)[0] == 0
    records = [json.loads(line) for line in gzip.decompress(out.read_bytes()).splitlines()]
    assert [r["doc_id"] for r in records] == ["seed", "dev001"]


# ------------------------------------------------------------------ the output lock


def test_a_locked_output_is_refused_with_exit_3_before_models_load(capsys, configs, tmp_path):
    from xinwen.pipeline.output import OutputLock

    out = tmp_path / "out.jsonl"
    with OutputLock(f"{out}.lock", shown=out):
        code, records, err = extract(capsys, SEED, "-o", out)
    assert (code, records) == (3, [])
    assert err == (f"[E080] Output {out} is locked by another run (pid {os.getpid()});"
                   " wait for it or use another -o.\n")
    assert configs == []
    assert not out.exists()
    assert extract(capsys, SEED, "-o", out)[0] == 0  # released: the next run goes ahead
    assert not (tmp_path / "out.jsonl.lock").exists()


def test_a_lock_held_by_a_killed_process_is_released(tmp_path):
    from xinwen.pipeline.output import Locked, OutputLock

    lock = tmp_path / "out.jsonl.lock"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from xinwen.pipeline.output import OutputLock\n"
         f"with OutputLock({str(lock)!r}):\n    print('held', flush=True); time.sleep(60)"],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )
    assert holder.stdout.readline() == "held\n"
    with pytest.raises(Locked), OutputLock(lock):
        pass
    holder.kill()  # SIGKILL: no clean-up code runs
    holder.wait()
    with OutputLock(lock):
        assert lock.read_text() == f"{os.getpid()}\n"


def test_a_refused_run_waits_for_the_pid_of_a_holder_that_has_just_locked(tmp_path):
    """The holder takes the flock before it writes its pid: a run refused in between
    reads the pid once it is there instead of reporting "pid unknown"."""
    import fcntl
    import threading

    from xinwen.pipeline.output import Locked, OutputLock

    lock = tmp_path / "out.jsonl.lock"
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # held, nothing written yet
    writer = threading.Timer(0.2, os.pwrite, (fd, b"4242\n", 0))
    writer.start()
    try:
        with pytest.raises(Locked) as refused, OutputLock(lock, shown=tmp_path / "out.jsonl"):
            pass
    finally:
        writer.join()
        os.close(fd)
    assert refused.value.pid == "4242"
    assert str(refused.value) == (f"[E080] Output {tmp_path / 'out.jsonl'} is locked by another"
                                  " run (pid 4242); wait for it or use another -o.")


# ------------------------------------------------------------------ atomic output


class Peek:
    """A stage that records, for each document, whether the final output exists yet."""

    name = "peek"
    requires = ("raw",)
    assigns = ()

    def __init__(self, out) -> None:
        self.out = out
        self.seen: list[tuple[bool, bool]] = []

    def __call__(self, doc: Document) -> Document:
        self.seen.append((self.out.exists(), self.out.with_name(self.out.name + ".part").exists()))
        return doc


def test_the_final_file_appears_only_when_the_run_is_complete(capsys, monkeypatch, tmp_path):
    out = tmp_path / "out.jsonl"
    peek = Peek(out)
    use(monkeypatch, peek)
    assert extract(capsys, SEED, ARTICLES / "dev001.txt", "-o", out)[0] == 0
    assert peek.seen == [(False, True), (False, True)]
    assert [r["doc_id"] for r in lines_of(out)] == ["seed", "dev001"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]


class Interrupt:
    name = "interrupt"
    requires = ("raw",)
    assigns = ()

    def __call__(self, doc: Document) -> Document:
        if doc.doc_id == "dev001":
            raise KeyboardInterrupt
        return doc


def test_an_interrupted_force_run_keeps_the_old_complete_file(capsys, monkeypatch, tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text('{"old": "complete"}\n', encoding="utf-8")
    use(monkeypatch, Interrupt())
    with pytest.raises(KeyboardInterrupt):
        extract(capsys, SEED, ARTICLES / "dev001.txt", "-o", out, "--force")
    assert out.read_text(encoding="utf-8") == '{"old": "complete"}\n'
    assert (tmp_path / "out.jsonl.part").exists()  # the new run's work, for --resume


def test_tables_appear_atomically_and_not_after_an_interrupt(capsys, monkeypatch, tmp_path):
    tables = tmp_path / "tables"
    use(monkeypatch, Interrupt())
    with pytest.raises(KeyboardInterrupt):
        extract(capsys, SEED, ARTICLES / "dev001.txt", "--tables", tables)
    assert sorted(p.name for p in tables.iterdir()) == []


# ------------------------------------------------------------------ never its own output


def test_a_run_never_reads_its_own_output(capsys, configs, tmp_path):
    for name in ("a", "b", "c", "d"):
        (tmp_path / f"{name}.txt").write_text(article("seed")[:200], encoding="utf-8")
    out = tmp_path / "out.jsonl"
    for _ in range(2):  # the second run finds out.jsonl (and its side files) in the folder
        code, _, err = extract(capsys, tmp_path, "-o", out, "--force", "--tables", tmp_path / "t")
        assert code == 0, err
        assert [r["doc_id"] for r in lines_of(out)] == ["a", "b", "c", "d"]


def test_naming_the_output_as_an_input_is_a_usage_error(capsys, configs, tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("{}\n", encoding="utf-8")
    code, _, err = extract(capsys, out, "-o", out, "--force")
    assert (code, err) == (2, f"[E082] Input {out} is this run's own output.\n")


# ------------------------------------------------------------------ stdin and --format


def stdin_bytes(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def test_a_plain_article_on_stdin_starting_with_a_brace_is_one_document(capsys, configs,
                                                                          monkeypatch):
    text = "{青岛讯}\n" + article("seed")
    stdin_bytes(monkeypatch, text.encode())
    code, records, _ = extract(capsys, "-")
    assert code == 0
    assert [(r["doc_id"], r["source"]["format"], r["text"]["chars"]) for r in records] == [
        ("stdin-1", "text", len(text))
    ]


def test_format_overrides_detection_on_stdin(capsys, configs, monkeypatch):
    data = '{"id": "x", "text": "青岛签约"}\n'
    stdin_bytes(monkeypatch, data.encode())
    code, records, _ = extract(capsys, "-", "--format", "txt")
    assert [(r["doc_id"], r["source"]["format"], r["text"]["chars"]) for r in records] == [
        ("stdin-1", "text", len(data))
    ]
    stdin_bytes(monkeypatch, b"<p>not html really</p>\n")
    code, records, _ = extract(capsys, "-", "--format", "jsonl")
    assert errors_of(records[0])[0][0] == "E033"


def test_format_overrides_the_extension(capsys, configs, tmp_path):
    feed = tmp_path / "feed.txt"
    feed.write_text('{"id": "a", "text": "青岛"}\n{"id": "b", "text": "崂山"}\n', encoding="utf-8")
    code, records, _ = extract(capsys, feed, "--format", "jsonl")
    assert (code, [r["doc_id"] for r in records]) == (0, ["a", "b"])


# ------------------------------------------------------------------ duplicate ids


def test_a_duplicate_jsonl_id_is_an_error_record_pointing_at_the_first(capsys, configs, tmp_path):
    feed = tmp_path / "feed.jsonl"
    body = article("seed")[:300]
    feed.write_text(
        "".join(json.dumps({"id": i, "text": body}, ensure_ascii=False) + "\n"
                for i in ("good1", "good2", "good1")), encoding="utf-8")
    tables = tmp_path / "tables"
    code, records, err = extract(capsys, feed, "--tables", tables)
    assert code == 1
    assert [(r["doc_id"], r["status"]) for r in records] == [
        ("good1", "ok"), ("good2", "ok"), ("good1", "error")
    ]
    assert errors_of(records[2]) == [
        ("E083", f"[E083] Duplicate doc_id 'good1': first seen at {feed}:1.")
    ]
    assert records[2]["source"]["path"] == f"{feed}:3"
    assert records[2]["source"]["sha256"] == records[0]["source"]["sha256"]
    for table in ("amounts", "people", "entities"):
        keys = [(row["doc_id"], row["index"]) for r in records for t, row in rows(r) if t == table]
        assert len(keys) == len(set(keys))


def test_a_jsonl_text_that_is_a_number_says_so(capsys, configs, tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"id": "a", "text": 42}\n{"id": "b", "text": ["x"]}\n', encoding="utf-8")
    _, records, _ = extract(capsys, feed)
    assert [errors_of(r) for r in records] == [
        [("E087", f"[E087] {feed}:1: key 'text' holds a number, not text.")],
        [("E087", f"[E087] {feed}:2: key 'text' holds a list, not text.")],
    ]


# ------------------------------------------------------------------ truncated tails


@pytest.mark.parametrize("encoding, recorded", [("utf-8", "utf-8"), ("gb18030", "gb18030")])
def test_a_cut_last_character_is_dropped_with_a_warning(capsys, configs, tmp_path, encoding,
                                                        recorded):
    text = article("seed")
    data = text.encode(encoding)
    cut = data + "青".encode(encoding)[:1]
    path = tmp_path / "cut.txt"
    path.write_bytes(cut)
    code, records, _ = extract(capsys, path)
    record = records[0]
    assert (code, record["status"], record["source"]["encoding"]) == (0, "ok", recorded)
    assert record["text"]["chars"] == len(text)
    assert ("W080", f"[W080] Input truncated at byte {len(data)}: an incomplete {recorded}"
            " character at the end was dropped.") in errors_of(record)


def test_a_bad_byte_before_the_end_is_still_undecodable(capsys, configs, tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes("青岛".encode() + b"\xff\xfe\x80" + "崂山".encode())
    _, records, _ = extract(capsys, path)
    assert errors_of(records[0])[0][0] == "E032"


# ------------------------------------------------------------------ limits


class Stuck:
    name = "stuck"
    requires = ("raw",)
    assigns = ()

    def __call__(self, doc: Document) -> Document:
        if "崂山" in doc.raw:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:  # a runaway loop, as a quadratic scan is
                pass
        return doc


def test_a_document_over_the_time_budget_gets_an_error_record_and_the_run_goes_on(
        capsys, monkeypatch, tmp_path):
    use(monkeypatch, Stuck())
    for name, text in (("1", "青岛"), ("2", "崂山"), ("3", "深圳")):
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    started = time.monotonic()
    code, records, _ = extract(capsys, tmp_path, "--doc-timeout", "0.5")
    assert time.monotonic() - started < 20
    assert code == 1
    assert [(r["doc_id"], r["status"]) for r in records] == [("1", "ok"), ("2", "error"), ("3", "ok")]
    assert records[1]["errors"] == [{
        "stage": "timeout", "code": "E084",
        "message": "[E084] Processing took longer than --doc-timeout 0.5 s.",
    }]
    assert records[1]["text"]["chars"] == 2


def test_a_gzip_bomb_is_an_error_record(capsys, configs, tmp_path):
    bomb = tmp_path / "bomb.txt.gz"
    bomb.write_bytes(gzip.compress(b"a" * 5_000_000))
    code, records, _ = extract(capsys, bomb, SEED, "--max-bytes", "1000000")
    assert code == 1
    assert errors_of(records[0]) == [
        ("E085", f"[E085] {bomb}: more than --max-bytes 1000000 bytes (after decompression).")
    ]
    assert records[1]["status"] == "ok"


def test_a_huge_document_is_processed_in_paragraph_windows(capsys, configs, tmp_path):
    text = "\n".join([article("seed")] * 3)
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    _, whole, _ = extract(capsys, path)
    code, windowed, _ = extract(capsys, path, "--max-chars", str(len(article("seed")) + 1))
    record = windowed[0]
    assert (code, record["status"], record["text"]["chars"]) == (0, "ok", len(text))
    assert schema_problems(record) == []
    assert ("W081", "[W081] Document processed in 3 paragraph windows of at most"
            f" {len(article('seed')) + 1} characters.") in errors_of(record)
    # offsets index the whole raw text: the windows find what the whole document gives
    for name in ("amounts", "areas", "entities"):
        assert record[name] == whole[0][name]
    assert record["extractor"]["ner"] == whole[0]["extractor"]["ner"]  # what NER read (issue 14)
    assert [p["mentions"] for p in record["people"]] == [p["mentions"] for p in whole[0]["people"]]
    assert len(record["amounts"]) == 3 * len(extract(capsys, SEED)[1][0]["amounts"])


def test_a_huge_document_without_breaks_is_a_clear_error(capsys, configs, tmp_path):
    path = tmp_path / "line.txt"
    path.write_text("青岛" * 50, encoding="utf-8")
    code, records, _ = extract(capsys, path, "--max-chars", "40")
    assert code == 1
    assert errors_of(records[0]) == [(
        "E086", "[E086] Document has 100 characters, more than --max-chars 40, and no line or"
        " sentence break in 40 characters to cut a window at.")]


def test_a_document_over_max_doc_chars_is_a_clear_error_and_the_run_goes_on(capsys, configs,
                                                                             tmp_path):
    (tmp_path / "a_long.txt").write_text("青岛市崂山区。\n" * 20, encoding="utf-8")  # 160 chars
    (tmp_path / "b_short.txt").write_text(article("seed")[:100], encoding="utf-8")
    code, records, _ = extract(capsys, tmp_path, "--max-doc-chars", "150")
    assert code == 1 and [r["status"] for r in records] == ["error", "ok"]
    assert errors_of(records[0]) == [(
        "E093", "[E093] Document has 160 characters, more than --max-doc-chars 150: its record"
        " would outgrow a worker's memory; split the document or raise the limit.")]
    assert records[0]["text"]["chars"] == 160 and schema_problems(records[0]) == []
    code, records, _ = extract(capsys, tmp_path, "--max-doc-chars", "0")  # 0: no limit
    assert code == 0 and [r["status"] for r in records] == ["ok", "ok"]


# ------------------------------------------------------------------ workers (in-process pool)


class Slow:
    """Fails on 崂山 and records which process ran each document."""

    name = "slow"
    requires = ("raw",)
    assigns = ()

    def __call__(self, doc: Document) -> Document:
        time.sleep(0.05)
        if "崂山" in doc.raw:
            raise RuntimeError("kaboom")
        doc.warn("slow", "", f"pid {os.getpid()}")
        return doc


def test_workers_keep_input_order_and_build_a_pipeline_each(capsys, monkeypatch, tmp_path):
    built = tmp_path / "built"
    built.mkdir()

    def build(config=None):
        (built / str(os.getpid())).touch()
        return Pipeline([Normalize(), Slow()])

    monkeypatch.setattr(batch, "build_pipeline", build)
    names = [f"{i:03d}" for i in range(40)]
    for name in names:
        (tmp_path / f"{name}.txt").write_text("崂山" if name == "007" else f"青岛{name}",
                                              encoding="utf-8")
    code, records, err = extract(capsys, tmp_path, "--workers", "2", "-q")
    assert code == 1
    assert [r["doc_id"] for r in records] == names
    assert records[7]["errors"][0]["code"] == "E040"
    pids = {r["errors"][0]["message"] for r in records if r["status"] == "ok"}
    assert len(pids) == 2  # both workers processed documents
    assert len(list(built.iterdir())) == 2  # one pipeline per worker, none in the parent
    assert str(os.getpid()) not in {p.name for p in built.iterdir()}
    assert summary(err) == "40 documents: 39 ok, 1 failed"


def test_progress_lines_go_to_stderr_and_q_silences_them(capsys, monkeypatch, tmp_path):
    use(monkeypatch)
    for i in range(100):
        (tmp_path / f"{i:03d}.txt").write_text("青岛", encoding="utf-8")
    _, _, err = extract(capsys, tmp_path)
    assert err.splitlines()[0].startswith("... 100 documents, 0 failed, ")
    assert err.splitlines()[0].endswith(" chars/s")
    _, _, err = extract(capsys, tmp_path, "-q")
    assert err == ""  # -q: errors only, and nothing failed


# ------------------------------------------------------------------ --resume (in-process)


class Record:
    """Notes each document it sees; raises KeyboardInterrupt (a ^C) on ``stop_at``."""

    name = "record"
    requires = ("raw",)
    assigns = ()

    def __init__(self, stop_at: str | None = None) -> None:
        self.stop_at = stop_at
        self.seen: list[str] = []

    def __call__(self, doc: Document) -> Document:
        if doc.doc_id == self.stop_at:
            raise KeyboardInterrupt
        self.seen.append(doc.doc_id)
        return doc


@pytest.fixture
def feed(tmp_path, monkeypatch):
    """Six small inputs and an interrupted run on them that committed d0..d2."""
    import xinwen.pipeline.output

    monkeypatch.setattr(xinwen.pipeline.output, "CHECKPOINT_RECORDS", 1)
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(6):
        (folder / f"d{i}.txt").write_text(f"青岛{i}", encoding="utf-8")
    return folder


def interrupted(capsys, monkeypatch, folder, out, *options) -> None:
    use(monkeypatch, Record(stop_at="d3"))
    with pytest.raises(KeyboardInterrupt):
        extract(capsys, folder, "-o", out, *options)
    assert not out.exists()


def resumed(capsys, monkeypatch, folder, out, *options) -> tuple[list[str], str]:
    stage = Record()
    use(monkeypatch, stage)
    code, _, err = extract(capsys, folder, "-o", out, "--resume", *options)
    assert code == 0, err
    return stage.seen, err.splitlines()[-1]


def clean(capsys, monkeypatch, folder, tmp_path) -> bytes:
    use(monkeypatch, Record())
    extract(capsys, folder, "-o", tmp_path / "clean.jsonl")
    return (tmp_path / "clean.jsonl").read_bytes()


def test_resume_keeps_what_is_done_and_finishes_the_rest(capsys, monkeypatch, feed, tmp_path):
    out = tmp_path / "out.jsonl"
    interrupted(capsys, monkeypatch, feed, out)
    seen, line = resumed(capsys, monkeypatch, feed, out)
    assert seen == ["d3", "d4", "d5"]
    assert line.startswith("6 documents: 6 ok, 0 failed, 3 kept from the interrupted run (")
    assert out.read_bytes() == clean(capsys, monkeypatch, feed, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clean.jsonl", "in", "out.jsonl"]


def test_resume_cuts_a_torn_tail_after_the_last_checkpoint(capsys, monkeypatch, feed, tmp_path):
    out = tmp_path / "out.jsonl"
    interrupted(capsys, monkeypatch, feed, out)
    with open(tmp_path / "out.jsonl.part", "ab") as part:  # a kill in the middle of a line
        part.write(b'{"schema_version": "1.0", "doc_id": "d3", "sou')
    with open(tmp_path / "out.jsonl.manifest", "ab") as manifest:
        manifest.write(b'{"doc_id": "d3", "sha')
    seen, _ = resumed(capsys, monkeypatch, feed, out)
    assert seen == ["d3", "d4", "d5"]
    assert out.read_bytes() == clean(capsys, monkeypatch, feed, tmp_path)


def test_resume_redoes_a_changed_input_and_what_follows(capsys, monkeypatch, feed, tmp_path):
    out = tmp_path / "out.jsonl"
    interrupted(capsys, monkeypatch, feed, out)
    (feed / "d1.txt").write_text("崂山", encoding="utf-8")  # its sha256 changes
    seen, _ = resumed(capsys, monkeypatch, feed, out)
    assert seen == ["d1", "d2", "d3", "d4", "d5"]
    assert out.read_bytes() == clean(capsys, monkeypatch, feed, tmp_path)


def test_resume_with_other_options_starts_over(capsys, monkeypatch, feed, tmp_path):
    out = tmp_path / "out.jsonl"
    interrupted(capsys, monkeypatch, feed, out)
    seen, line = resumed(capsys, monkeypatch, feed, out, "--max-chars", "1000")
    assert seen == [f"d{i}" for i in range(6)]
    assert "kept" not in line


def test_resume_drops_records_of_inputs_that_are_gone(capsys, monkeypatch, feed, tmp_path):
    out = tmp_path / "out.jsonl"
    interrupted(capsys, monkeypatch, feed, out)
    for i in (2, 3, 4, 5):
        (feed / f"d{i}.txt").unlink()
    seen, _ = resumed(capsys, monkeypatch, feed, out)
    assert seen == []
    assert [r["doc_id"] for r in lines_of(out)] == ["d0", "d1"]


def test_a_run_without_resume_starts_over(capsys, monkeypatch, feed, tmp_path):
    out = tmp_path / "out.jsonl"
    interrupted(capsys, monkeypatch, feed, out)
    stage = Record()
    use(monkeypatch, stage)
    assert extract(capsys, feed, "-o", out)[0] == 0
    assert stage.seen == [f"d{i}" for i in range(6)]


def test_resume_rebuilds_the_tables_from_kept_and_new_records(capsys, monkeypatch, feed,
                                                              tmp_path):
    out, tables = tmp_path / "out.jsonl", tmp_path / "tables"
    interrupted(capsys, monkeypatch, feed, out, "--tables", tables)
    resumed(capsys, monkeypatch, feed, out, "--tables", tables)
    documents = (tables / "documents.csv").read_text(encoding="utf-8").splitlines()
    assert [line.split(",")[0] for line in documents] == ["doc_id"] + [f"d{i}" for i in range(6)]


class Crash:
    """Kills its worker process on 崂山, as an out-of-memory kill would."""

    name = "crash"
    requires = ("raw",)
    assigns = ()

    def __call__(self, doc: Document) -> Document:
        if "崂山" in doc.raw:
            os._exit(9)
        return doc


def test_a_dying_worker_is_replaced_and_costs_only_its_document(capsys, monkeypatch, tmp_path):
    use(monkeypatch, Crash())
    names = [f"{i:02d}" for i in range(12)]
    for name in names:
        (tmp_path / f"{name}.txt").write_text("崂山" if name == "05" else "青岛", encoding="utf-8")
    code, records, _ = extract(capsys, tmp_path, "--workers", "2", "-q")
    assert code == 1
    assert [r["doc_id"] for r in records] == names
    assert [r["doc_id"] for r in records if r["status"] == "error"] == ["05"]
    assert errors_of(records[5]) == [
        ("E040", "[E040] Stage 'worker' failed: the worker process died")
    ]
