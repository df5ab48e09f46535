"""``extract --engine ray`` (issue 14): the same records as the local engine, from two actors.

One local Ray session for the module, started on 127.0.0.1 with 2 CPUs and an
80 MiB object store; the tests that need it skip, with the reason, where Ray
Data is not installed (the ``ray`` extra; ``.ci/run`` installs it with ``dev``).
"""
from __future__ import annotations

import json
import re

import pytest

from xinwen import cli
from xinwen.pipeline import batch, engine_ray
from xinwen.pipeline.pipeline import PipelineConfig
from xinwen.pipeline.readers import iter_inputs
from xinwen.pipeline.workers import Limits
from tests.conftest import ARTICLES

needs_ray = pytest.mark.skipif(engine_ray.ray_missing() is not None,
                               reason="Ray Data is not installed (extra `ray`): "
                                      f"{engine_ray.ray_missing()}")
BATCH = re.compile(r"^ray batch (\w+): (\d+) documents on actor (\w+) \(pid (\d+)\): (.*)$")


@pytest.fixture(scope="module")
def ray_session():
    import ray

    ray.init(num_cpus=2, object_store_memory=80 * 1024**2, include_dashboard=False,
             _node_ip_address="127.0.0.1", log_to_driver=False, logging_level="WARNING")
    yield ray
    ray.shutdown()


def run(capsys, *argv) -> tuple[int, str]:
    code = cli.main(["extract", *map(str, argv)])
    return code, capsys.readouterr().err


@needs_ray
@pytest.mark.issue(14)
def test_ray_output_is_byte_identical_to_the_local_engine(ray_session, tmp_path, capsys,
                                                          monkeypatch, nlp):
    ray_out, ray_tables = tmp_path / "ray.jsonl", tmp_path / "ray_tables"
    code, err = run(capsys, ARTICLES, "-o", ray_out, "--tables", ray_tables, "--engine", "ray",
                    "-v")
    assert code == 0, err
    monkeypatch.setattr(batch, "build_pipeline", lambda config=None: nlp)
    local_out, local_tables = tmp_path / "local.jsonl", tmp_path / "local_tables"
    code, _ = run(capsys, ARTICLES, "-o", local_out, "--tables", local_tables, "--workers", "1")
    assert code == 0
    assert ray_out.read_bytes() == local_out.read_bytes()
    names = sorted(p.name for p in local_tables.iterdir())
    assert sorted(p.name for p in ray_tables.iterdir()) == names
    for name in names:
        if name.endswith(".csv"):
            assert (ray_tables / name).read_bytes() == (local_tables / name).read_bytes(), name
        else:
            import pyarrow.parquet as pq

            assert pq.read_table(ray_tables / name).equals(pq.read_table(local_tables / name))
    # the side channel (-v): which actor processed which documents, not in the records
    batches = [BATCH.match(line) for line in err.splitlines() if line.startswith("ray batch ")]
    assert batches and all(batches)
    actors = {m.group(3) for m in batches}
    pids = {m.group(4) for m in batches}
    assert len(actors) == 2 and len(pids) == 2  # both actors processed documents
    done = [doc_id for m in batches for doc_id in m.group(5).split()]
    ids = [json.loads(line)["doc_id"] for line in local_out.read_text("utf-8").splitlines()]
    assert sorted(done) == sorted(ids)  # each document in exactly one batch
    assert all(int(m.group(2)) <= engine_ray.DEFAULT_BATCH_SIZE for m in batches)
    # the records never carry the side channel: no actor or pid key at any depth
    assert not any(key in ("actor", "pid", "batch") for key in _keys(
        [json.loads(line) for line in ray_out.read_text("utf-8").splitlines()]))


def _keys(value: object) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


@needs_ray
def test_a_failed_window_gives_its_documents_e040_records_and_the_run_goes_on(ray_session):
    engine = engine_ray.RayEngine(PipelineConfig(), Limits(), window=2)
    calls = []
    actor = engine_ray.DocBatches(PipelineConfig(), Limits(), True)  # here, not on an actor

    def execute(docs):  # the first window's execution fails, the second runs
        calls.append([doc.doc_id for _, doc in docs])
        if len(calls) == 1:
            raise RuntimeError("the cluster went away\nmore detail")
        import pickle

        out = actor({"index": [i for i, _ in docs], "doc": [pickle.dumps(d) for _, d in docs]})
        return [dict(zip(out, row)) for row in zip(*out.values())]

    engine._execute = execute
    docs = list(iter_inputs([str(ARTICLES / name) for name in ("seed.txt", "dev001.txt",
                                                               "dev003.txt")]))
    got = [(job.doc_id, result[0]["status"], result[0]["errors"]) for job, result, _ in
           engine.map(docs)]
    assert calls == [["seed", "dev001"], ["dev003"]]
    message = "[E040] Stage 'ray' failed: RuntimeError: the cluster went away"
    assert got[:2] == [(doc_id, "error", [{"stage": "ray", "message": message, "code": "E040"}])
                       for doc_id in ("seed", "dev001")]
    assert got[2][:2] == ("dev003", "ok")


@needs_ray
def test_resume_works_with_ray_as_with_the_local_engine(ray_session, tmp_path, capsys,
                                                        monkeypatch, nlp):
    # the driver keeps the records of the interrupted run; only the rest goes to the actors
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("seed", "dev001", "dev003"):
        (inputs / f"{name}.txt").write_bytes((ARTICLES / f"{name}.txt").read_bytes())
    out = tmp_path / "out.jsonl"
    with monkeypatch.context() as patched:  # the complete output, by the local engine
        patched.setattr(batch, "build_pipeline", lambda config=None: nlp)
        code, err = run(capsys, inputs, "-o", out, "--workers", "1")
    assert code == 0, err
    complete = out.read_bytes()
    # an interrupted run: the part file and manifest of its first record, no final file
    out.unlink()
    first = complete.decode("utf-8").split("\n")[0]
    from xinwen.pipeline.output import PartWriter

    options = batch.run_options(PipelineConfig(), Limits(), batch.ReadOptions())
    writer = PartWriter(str(out), options, resume=False)
    writer.write(json.loads(first), first)
    writer.checkpoint()
    writer.close()  # killed: no commit
    code, err = run(capsys, inputs, "-o", out, "--engine", "ray", "--resume", "-v")
    assert code == 0, err
    assert out.read_bytes() == complete
    assert err.splitlines()[-1].startswith("3 documents: 3 ok, 0 failed, 1 kept from the"
                                           " interrupted run (")
    done = [m.group(5) for m in map(BATCH.match, err.splitlines()) if m]
    assert sorted(" ".join(done).split()) == ["dev003", "seed"]  # dev001 was not redone


def test_engine_ray_without_ray_is_a_usage_error(capsys, monkeypatch):
    monkeypatch.setattr(engine_ray, "ray_missing", lambda: "No module named 'ray'")
    code, err = run(capsys, ARTICLES / "seed.txt", "--engine", "ray")
    assert code == 2
    assert err == ("[E060] --engine ray needs Ray Data: pip install 'xinwen[ray]' "
                   "(No module named 'ray').\n")


def test_address_needs_the_ray_engine(capsys):
    code, err = run(capsys, ARTICLES / "seed.txt", "--address", "auto")
    assert code == 2
    assert err == "[E062] --address needs --engine ray.\n"


@needs_ray
def test_a_cluster_that_cannot_be_reached_is_a_usage_error(capsys, monkeypatch):
    import ray

    def refuse(**kwargs):
        raise ConnectionError(f"Could not find any running Ray instance at {kwargs['address']}.\n"
                              "Please start one.")

    monkeypatch.setattr(ray, "is_initialized", lambda: False)
    monkeypatch.setattr(ray, "init", refuse)
    code, err = run(capsys, ARTICLES / "seed.txt", "--engine", "ray", "--address", "10.0.0.9:6379")
    assert code == 2
    assert err == ("[E061] Cannot start or reach Ray at 10.0.0.9:6379: Could not find any running"
                   " Ray instance at 10.0.0.9:6379.\n")
