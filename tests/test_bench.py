"""``cli.py bench`` (issue 14): a benchmark that prints figures; here only that it runs and
reports every figure the issue asks for, on a tiny archive. No timing is asserted."""
from __future__ import annotations

import json

import pytest

from xinwen import cli
from xinwen.pipeline.bench_archive import synthetic_archive


@pytest.mark.issue(14)
def test_bench_reports_every_figure(tmp_path, capsys):
    out = tmp_path / "bench.json"
    assert cli.main(["bench", "--docs", "4", "--workers", "1", "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    figures = json.loads(out.read_text(encoding="utf-8"))["archive"]
    assert (figures["docs"], figures["failed"]) == (4, 0) and figures["chars"] > 0
    assert set(figures["stage_share"]) == {"read", "normalize", "segment", "ner", "people",
                                           "amounts", "areas", "jobs", "meta", "signings",
                                           "export"}
    assert abs(sum(figures["stage_share"].values()) - 1) < 0.01
    assert figures["ratio_to_jieba"] > 1 and figures["peak_rss_mb"] > 0
    assert list(figures["scaling"]) == ["1"]
    assert "chars/s" in printed and "extract / jieba CPU" in printed


@pytest.mark.issue(14)
def test_bench_refuses_zero_workers(capsys):
    assert cli.main(["bench", "--workers", "0"]) == 2
    assert capsys.readouterr().err == "bench: --docs must be >= 0, --workers and --repeat >= 1\n"


@pytest.mark.issue(14)
def test_bench_refuses_zero_repeats(capsys):
    assert cli.main(["bench", "--repeat", "0"]) == 2
    assert capsys.readouterr().err == "bench: --docs must be >= 0, --workers and --repeat >= 1\n"


@pytest.mark.issue(14)
def test_bench_repeat_keeps_the_fastest_run(tmp_path):
    out = tmp_path / "bench.json"
    assert cli.main(["bench", "--docs", "2", "--workers", "1", "--repeat", "2",
                     "--json", str(out)]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    figures = report["archive"]
    assert report["repeat"] == 2 and figures["docs"] == 2  # one run's figures, not a sum
    assert list(figures["scaling"]) == ["1"] and figures["ratio_to_jieba"] > 1
    assert len(figures["paired_ratios_to_jieba"]) == 2 == len(figures["paired_scaling"])
    assert len(figures["interleaved_ratios_to_jieba"]) == 2
    assert all(r > 1 for r in figures["interleaved_ratios_to_jieba"])
    assert all(r > 1 for r in figures["paired_ratios_to_jieba"])


@pytest.mark.issue(14)
def test_bench_shares_are_contiguous_and_of_about_equal_bytes(tmp_path):
    from xinwen.pipeline.bench import shares

    paths = []
    for i, size in enumerate([10, 10, 10, 70, 10, 10, 10, 10]):
        paths.append(tmp_path / f"{i}.txt")
        paths[-1].write_bytes(b"x" * size)
    got = shares([str(p) for p in paths], 2)
    assert [p for share in got for p in share] == [str(p) for p in paths]  # order kept
    assert [len(share) for share in got] == [4, 4]
    got = shares([str(p) for p in paths], 3)
    assert [len(share) for share in got] == [3, 1, 4]  # 30, 70 and 40 bytes: the big one alone
    one = shares([str(paths[0])], 3)  # fewer documents than workers: some shares are empty
    assert len(one) == 3 and sum(one, []) == [str(paths[0])]


def test_a_worker_line_counts_failed_documents():
    from xinwen.pipeline.bench import format_archive

    fig = {"docs": 2, "chars": 10, "failed": 0, "chars_per_s_per_core": 100,
           "docs_per_s_per_core": 1.0, "cpu_s": 1.0, "build_cpu_s": 1.0,
           "jieba_chars_per_s": 500, "jieba_cpu_s": 0.2, "ratio_to_jieba": 5.0,
           "stage_share": {"ner": 1.0}, "peak_rss_mb": 400.0,
           "paired_ratios_to_jieba": [5.0, 6.0, 4.0], "paired_scaling": [1.9, 1.7, 1.8],
           "interleaved_ratios_to_jieba": [4.5],
           "scaling": {"1": {"wall_s": 1.0, "docs_per_s": 2.0, "failed": 0, "peak_rss_mb": [400.0]},
                       "2": {"wall_s": 0.1, "docs_per_s": 20.0, "failed": 2,
                             "peak_rss_mb": [400.0, 400.0]}}}
    lines = format_archive(fig).splitlines()
    assert "paired runs, extract / jieba CPU: 5.0x, 6.0x, 4.0x; median 5.00x" in lines
    assert ("interleaved in one process, document by document, extract / jieba CPU: 4.5x;"
            " median 4.50x") in lines
    assert lines[-2] == "workers 2: wall 0.1 s, 20.0 docs/s, 2 failed, peak RSS per worker [400.0, 400.0] MB"
    assert lines[-1] == "paired runs, 1 -> 2 workers wall: 1.9x, 1.7x, 1.8x; median 1.80x"


@pytest.mark.issue(14)
def test_synthetic_archive_is_unique_and_reproducible():
    docs = synthetic_archive(30, seed=5)
    assert len({data for _, data in docs}) == 30
    assert docs == synthetic_archive(30, seed=5)
    assert docs != synthetic_archive(30, seed=6)


@pytest.mark.issue(14)
def test_an_article_with_few_variants_still_gives_unique_documents(tmp_path):
    # 3 paragraphs, no figure, no gold name: 6 orders only (2,000 documents over corpus/
    # looped for ever on such an article)
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.txt").write_text("标题\n\n第一段。\n\n第二段。\n\n第三段。\n",
                                                   encoding="utf-8")
    docs = synthetic_archive(40, seed=3, corpus=tmp_path)
    assert len({data for _, data in docs}) == 40
    assert docs == synthetic_archive(40, seed=3, corpus=tmp_path)


@pytest.mark.issue(14)
def test_synthetic_archive_is_the_same_in_another_process():
    import subprocess
    import sys

    code = ("import hashlib; from xinwen.pipeline.bench_archive import synthetic_archive; "
            "print(hashlib.sha256(b''.join(d for _, d in synthetic_archive(20))).hexdigest())")
    digests = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              check=True, env={"PYTHONHASHSEED": seed}).stdout
               for seed in ("1", "2")}
    assert len(digests) == 1
