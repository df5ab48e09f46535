"""Real ``cli.py extract`` processes: two runs on one output, and kill -9 + --resume.

Issue 15 (concurrent runs must not corrupt the output) and issue 14 (a run
killed at any moment resumes to exactly one record per input). These start
real interpreters with the default pipeline, so each takes tens of seconds.
"""
from __future__ import annotations

import json
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ARTICLES, ROOT

pytestmark = [pytest.mark.slow]


def start(*argv: object, stdin=subprocess.DEVNULL) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "cli.py", "extract", *map(str, argv)], cwd=ROOT, stdin=stdin,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def archive(folder: Path, copies: int) -> list[str]:
    """``copies`` copies of every corpus article under ``folder``; their doc_ids, in order."""
    for copy in range(copies):
        target = folder / f"c{copy}"
        target.mkdir(parents=True)
        for path in sorted(ARTICLES.glob("*.txt")):
            shutil.copy(path, target / path.name)
    return sorted(f"c{copy}/{path.stem}" for copy in range(copies) for path in ARTICLES.glob("*.txt"))


def records(path: Path) -> list[dict]:
    text = path.read_text(encoding="utf-8")
    assert text.endswith("\n")
    return [json.loads(line) for line in text.splitlines()]


def first_to_exit(runs: list[subprocess.Popen], timeout: float) -> subprocess.Popen:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for run in runs:
            if run.poll() is not None:
                return run
        time.sleep(0.05)
    raise AssertionError("neither run exited")


@pytest.mark.issue(15)
@pytest.mark.parametrize("delay", [0, 1, 3])
def test_a_second_run_on_the_same_output_exits_3_and_the_first_stays_intact(tmp_path, delay):
    inputs = tmp_path / "in"
    ids = archive(inputs, 1)
    out = tmp_path / "out.jsonl"
    # each run reads stdin after the folder: the winner holds the output until we close it
    first = start(inputs, "-", "-o", out, "--workers", "1", stdin=subprocess.PIPE)
    time.sleep(delay)
    second = start(inputs, "-", "-o", out, "--workers", "1", stdin=subprocess.PIPE)
    loser = first_to_exit([first, second], timeout=120)
    winner = first if loser is second else second
    if delay:
        assert loser is second
    _, err = loser.communicate(timeout=60)
    assert loser.returncode == 3
    assert err == (f"[E080] Output {out} is locked by another run (pid {winner.pid});"
                   " wait for it or use another -o.\n")
    _, err = winner.communicate("青岛市崂山区签约16个项目。\n", timeout=300)
    assert winner.returncode == 0, err
    got = records(out)
    assert [r["doc_id"] for r in got] == [*ids, "stdin-1"]
    assert all(r["status"] == "ok" for r in got)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out.jsonl"]


@pytest.mark.issue(14)
def test_kill_9_at_random_moments_then_resume_gives_every_input_once(tmp_path):
    inputs = tmp_path / "in"
    ids = archive(inputs, 3)
    reference = tmp_path / "reference.jsonl"
    began = time.monotonic()
    done = start(inputs, "-o", reference, "--workers", "1", "-q")
    assert done.wait(timeout=600) == 0, done.stderr.read()
    took = time.monotonic() - began

    out = tmp_path / "out.jsonl"
    command = (inputs, "-o", out, "--workers", "2", "--resume", "-q")
    rng = random.Random(14)
    moments = [rng.uniform(0.3, max(1.0, 0.9 * took)) for _ in range(4)]
    kills = 0
    for moment in moments:
        run = start(*command)
        time.sleep(moment)
        if run.poll() is not None:  # it finished before the kill: complete, and start again
            assert run.returncode == 0
            assert out.read_bytes() == reference.read_bytes()
            out.unlink()
            continue
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=60)
        kills += 1
        assert not out.exists()  # a killed run never leaves a final file
        part = out.with_name("out.jsonl.part")
        if part.exists():  # whatever was written is whole lines or a torn tail, never garbage
            assert all(line.startswith(b'{"schema_version"')
                       for line in part.read_bytes().splitlines()[:-1])
    assert kills >= 2
    manifest = out.with_name("out.jsonl.manifest")
    committed = [line for line in manifest.read_bytes().splitlines(keepends=True)[1:]
                 if line.endswith(b"\n")] if manifest.exists() else []
    final = start(*command[:-1])  # without -q: the summary says how many records were kept
    _, err = final.communicate(timeout=600)
    assert final.returncode == 0, err
    if committed:  # the last killed run had checkpointed: the resume kept exactly that
        assert f", {len(committed)} kept from the interrupted run (" in err.splitlines()[-1]
    got = records(out)
    assert sorted(r["doc_id"] for r in got) == ids  # every input exactly once
    assert out.read_bytes() == reference.read_bytes()  # same records, same order
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out.jsonl", "reference.jsonl"]
