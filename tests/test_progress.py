"""What ``extract`` prints on stderr (issues 14 and 16): bar, lines, -q, -v; --glob; exit statuses."""
from __future__ import annotations

import fcntl
import io
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios

import pytest

from xinwen import cli
from xinwen.pipeline import batch
from xinwen.pipeline.progress import Reporter, count_documents
from tests.conftest import ARTICLES, ROOT

SEED, DEV = ARTICLES / "seed.txt", ARTICLES / "dev001.txt"


def record(doc_id: str, chars: int, status: str = "ok") -> dict:
    return {"doc_id": doc_id, "status": status, "text": {"chars": chars}}


@pytest.fixture
def session_pipeline(monkeypatch, nlp):
    monkeypatch.setattr(batch, "build_pipeline", lambda config=None: nlp)


def extract(capsys, *argv) -> tuple[int, str]:
    code = cli.main(["extract", *map(str, argv), "--workers", "1"])
    return code, capsys.readouterr().err


# ------------------------------------------------------------------ the reporter


def test_lines_mode_prints_a_line_every_n_documents_then_the_summary():
    stream = io.StringIO()
    reporter = Reporter(stream, every=2, bar=False)
    for i in range(5):
        reporter.document(record(f"d{i}", 10, "ok" if i != 1 else "error"), 0.5)
    reporter.summary("5 documents: 4 ok, 1 failed", failed=1)
    lines = stream.getvalue().splitlines()
    assert reporter.mode == "lines"
    assert [re.sub(r"[\d,]+ chars/s$", "N chars/s", line) for line in lines] == [
        "... 2 documents, 1 failed, N chars/s", "... 4 documents, 1 failed, N chars/s",
        "5 documents: 4 ok, 1 failed"]


def test_quiet_prints_only_errors_and_the_summary_of_a_failed_run():
    stream = io.StringIO()
    reporter = Reporter(stream, quiet=True, verbose=True, every=1)
    reporter.document(record("a", 10), 0.5)
    reporter.info("a progress note")
    reporter.error("b: [E031] b is empty.")
    reporter.summary("2 documents: 1 ok, 1 failed", failed=1)
    assert stream.getvalue() == "b: [E031] b is empty.\n2 documents: 1 ok, 1 failed\n"
    clean = io.StringIO()
    Reporter(clean, quiet=True).summary("1 document: 1 ok, 0 failed", failed=0)
    assert clean.getvalue() == ""


def test_verbose_prints_each_processed_documents_time():
    stream = io.StringIO()
    reporter = Reporter(stream, verbose=True, bar=False)
    reporter.document(record("2023/a", 12345), 0.1234)
    reporter.document(record("kept", 10), None)  # kept by --resume: not processed here
    assert stream.getvalue() == "2023/a: 12,345 chars in 0.123 s\n"


def test_the_bar_shows_documents_total_rate_and_failures():
    stream = io.StringIO()
    reporter = Reporter(stream, total=3, bar=True)
    for i in range(3):
        reporter.document(record(f"d{i}", 100, "error" if i == 2 else "ok"), 0.01)
    reporter.error("d2: failed")
    reporter.close()
    shown = stream.getvalue().split("\r")[-1]
    assert reporter.mode == "bar"
    # tqdm pads a line with spaces where the line it overwrites was longer (the rate's digits
    # vary with the machine's speed)
    assert re.fullmatch(r"3/3 docs \[[\d:]+<[\d:]+, *[\d.]+doc/s, [\d,]+ chars/s, 1 failed\] *\n",
                        shown), shown
    assert "d2: failed\n" in stream.getvalue()


def test_a_stream_that_is_no_terminal_gets_no_bar():
    assert Reporter(io.StringIO()).mode == "lines"
    assert Reporter(io.StringIO(), quiet=True).mode == "quiet"


def test_documents_are_counted_in_advance_only_for_one_document_files(tmp_path):
    (tmp_path / "a.txt").write_text("青岛", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.html").write_text("<p>青岛</p>", encoding="utf-8")
    assert count_documents([str(tmp_path), str(SEED)]) == 3
    assert count_documents([str(tmp_path)], glob=["sub/*"]) == 1
    (tmp_path / "c.jsonl").write_text('{"text": "青岛"}\n', encoding="utf-8")
    assert count_documents([str(tmp_path)]) is None  # a JSONL file holds an unknown number
    assert count_documents(["-"]) is None


# ------------------------------------------------------------------ the command


def test_quiet_run_that_succeeds_prints_nothing(capsys, session_pipeline, tmp_path):
    code, err = extract(capsys, SEED, "-o", tmp_path / "out.jsonl", "-q")
    assert (code, err) == (0, "")


def test_quiet_run_with_a_failure_prints_the_failure_and_the_summary(capsys, session_pipeline,
                                                                     tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    seed = tmp_path / "seed.txt"  # beside it: two roots give ids relative to their parent
    seed.write_bytes(SEED.read_bytes())
    code, err = extract(capsys, seed, empty, "-o", tmp_path / "out.jsonl", "-q")
    assert code == 1
    lines = err.splitlines()
    assert lines[0] == f"empty: [E031] {empty} is empty."
    assert re.fullmatch(rf"2 documents: 1 ok, 1 failed \([\d.]+ s\) -> {tmp_path}/out.jsonl",
                        lines[1])
    assert len(lines) == 2


def test_verbose_prints_per_document_timing(capsys, session_pipeline):
    code, err = extract(capsys, SEED, DEV, "-v")
    assert code == 0
    chars = [len(p.read_text(encoding="utf-8")) for p in (SEED, DEV)]
    lines = err.splitlines()
    assert re.fullmatch(rf"seed: {chars[0]:,} chars in \d+\.\d{{3}} s", lines[0]), lines[0]
    assert re.fullmatch(rf"dev001: {chars[1]:,} chars in \d+\.\d{{3}} s", lines[1]), lines[1]
    assert lines[2].startswith("2 documents: 2 ok, 0 failed (")


def test_quiet_and_verbose_together_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["extract", str(SEED), "-q", "-v"])
    assert stop.value.code == 2
    assert "argument -v/--verbose: not allowed with argument -q/--quiet" in capsys.readouterr().err


def test_help_lists_the_exit_statuses(capsys):
    with pytest.raises(SystemExit):
        cli.main(["extract", "--help"])
    out = capsys.readouterr().out
    assert "exit status:\n  0  every document ok\n  1  some document failed" in out
    for status in ("\n  2  usage error: ", "\n  3  refused, nothing written: "):
        assert status in out


def test_glob_keeps_only_the_matching_files_of_a_folder(capsys, session_pipeline, tmp_path):
    import json

    folder = tmp_path / "in"
    (folder / "2023").mkdir(parents=True)
    for name in ("a.txt", "2023/b.txt", "2023/c.html", "d.txt"):
        (folder / name).write_text("青岛市签约项目3个。", encoding="utf-8")

    seed = tmp_path / "seed.txt"  # beside the folder: ids relative to their common parent
    seed.write_bytes(SEED.read_bytes())

    def ids(*patterns: str) -> list[str]:
        argv = [folder, seed, "-q"] + [f"--glob={pattern}" for pattern in patterns]
        code = cli.main(["extract", *map(str, argv), "--workers", "1"])
        out = capsys.readouterr().out
        assert code == 0
        return [json.loads(line)["doc_id"] for line in out.splitlines()]

    assert ids() == ["in/2023/b", "in/2023/c", "in/a", "in/d", "seed"]
    # the glob matches the path under its folder; a file named on the command line stays
    assert ids("2023/*") == ["in/2023/b", "in/2023/c", "seed"]
    assert ids("*.html", "a.*") == ["in/2023/c", "in/a", "seed"]
    assert ids("*.txt") == ["in/2023/b", "in/a", "in/d", "seed"]  # * also matches /
    assert ids("nothing") == ["seed"]


# ------------------------------------------------------------------ processes


def _run(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "cli.py", "extract", *argv], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)


def test_q_silences_jieba_in_the_workers_too(tmp_path):
    done = _run(str(SEED), str(DEV), "-o", str(tmp_path / "out.jsonl"), "--workers", "2", "-q")
    assert (done.returncode, done.stderr) == (0, "")


def test_jieba_start_up_lines_show_only_with_v(tmp_path):
    plain = _run(str(SEED), "-o", str(tmp_path / "a.jsonl"), "--workers", "1")
    assert plain.returncode == 0
    assert len(plain.stderr.splitlines()) == 1  # the summary
    verbose = _run(str(SEED), "-o", str(tmp_path / "b.jsonl"), "--workers", "1", "-v")
    assert "Building prefix dict from the default dictionary ..." in verbose.stderr


@pytest.mark.parametrize("size", [(24, 120), (0, 0)], ids=["sized", "sizeless"])
def test_a_terminal_gets_the_progress_bar(tmp_path, size):
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", *size, 0, 0))
    try:
        process = subprocess.Popen(
            [sys.executable, "cli.py", "extract", str(SEED), str(DEV), "-o",
             str(tmp_path / "out.jsonl"), "--workers", "1"],
            cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=slave)
        os.close(slave)
        shown = b""
        while True:
            ready, _, _ = select.select([master], [], [], 600)
            if not ready:
                break
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            shown += chunk
        assert process.wait(timeout=600) == 0
    finally:
        os.close(master)
    text = shown.decode("utf-8")
    assert "0/2 docs [" in text and "\r" in text  # drawn, then redrawn in place
    final = text.replace("\r\n", "\n").split("\r")[-1].splitlines()
    assert re.fullmatch(r"2/2 docs \[[\d:]+<[\d:]+, *[\d.]+doc/s, [\d,]+ chars/s, 0 failed\]",
                        final[0]), final
    assert final[1].startswith("2 documents: 2 ok, 0 failed (")
