"""The NER benchmark: span scoring by hand, the table, and whole runs on tiny datasets."""
from __future__ import annotations

import argparse
import json

import pytest

from xinwen.cli import main
from xinwen.eval.metrics import PRF
from xinwen.eval.ner_bench import (
    BackendResult,
    BackendSpec,
    SetResult,
    format_table,
    score_spans,
)
from xinwen.pipeline.ner_backends.base import EntitySpan as S
from xinwen.pipeline.ner_tools.data import Sentence

# (gold entities, predicted entities, expected counts for PER, ORG, LOC); hand-computed.
SCORING_CASES = [
    pytest.param([S(0, 2, label="PER")], [S(0, 2, label="PER")], [(1, 0, 0), (0, 0, 0), (0, 0, 0)], id="exact"),
    pytest.param([S(0, 2, label="PER")], [S(0, 3, label="PER")], [(0, 1, 1), (0, 0, 0), (0, 0, 0)],
                 id="boundary-error-is-fp-and-fn"),
    pytest.param([S(3, 5, label="LOC")], [S(3, 5, label="ORG")], [(0, 0, 0), (0, 1, 0), (0, 0, 1)],
                 id="label-error-is-fp-and-fn"),
    pytest.param([], [S(0, 2, label="PER"), S(3, 5, label="LOC")], [(0, 1, 0), (0, 0, 0), (0, 1, 0)],
                 id="spurious-only"),
    pytest.param([S(0, 2, label="PER"), S(3, 5, label="LOC"), S(5, 7, label="ORG")], [S(3, 5, label="LOC")],
                 [(0, 0, 1), (0, 0, 1), (1, 0, 0)], id="partial-recall"),
]


@pytest.mark.parametrize(("gold", "predicted", "expected"), SCORING_CASES)
def test_score_spans_counts_exact_spans_per_label(gold, predicted, expected):
    counts = score_spans([Sentence("张三在北京工作啊", tuple(gold))], [predicted])
    assert [counts[label] for label in ("PER", "ORG", "LOC")] == [PRF(*c) for c in expected]
    assert counts["ALL"] == sum((PRF(*c) for c in expected), PRF())


def test_score_spans_micro_averages_over_sentences():
    gold = [Sentence("张三", (S(0, 2, label="PER"),)), Sentence("李四", (S(0, 2, label="PER"),))]
    counts = score_spans(gold, [[S(0, 2, label="PER")], []])
    assert counts["PER"] == PRF(1, 0, 1)
    assert counts["PER"].f1 == pytest.approx(2 / 3)


def test_score_spans_needs_one_prediction_list_per_sentence():
    with pytest.raises(ValueError):
        score_spans([Sentence("张三", ())], [])


@pytest.mark.parametrize(("text", "expected"), [
    ("lac", BackendSpec("lac", None)),
    ("hanlp=/tmp/model", BackendSpec("hanlp", "/tmp/model")),
    ("transformers=a=b", BackendSpec("transformers", "a=b")),
])
def test_backend_spec_parses_name_and_model(text, expected):
    assert BackendSpec.parse(text) == expected


def test_backend_spec_rejects_unknown_backend():
    with pytest.raises(argparse.ArgumentTypeError, match="unknown backend 'spacy'"):
        BackendSpec.parse("spacy")


def test_table_has_a_row_per_dataset_and_an_error_row():
    counts = {label: PRF(1, 1, 0) for label in ("PER", "ORG", "LOC", "ALL")}
    ok = BackendResult("lac", peak_rss_mb=200.0, sets=[SetResult("msra-test", 2, 1000, 0.5, counts)])
    broken = BackendResult("hanlp", error="unavailable: no module named hanlp")
    lines = format_table([ok, broken]).splitlines()
    assert len(lines) == 3
    assert lines[1].split() == ["lac", "msra-test"] + ["0.500/1.000/0.667"] * 4 + ["2000", "200"]
    assert lines[2].split()[0] == "hanlp" and "unavailable: no module named hanlp" in lines[2]


# Tiny stand-ins for the public sets, in their real formats (see pipeline/data/ner_datasets.tsv).
BIO_SENTENCES = "李 B-PER\n明 I-PER\n在 O\n北 B-LOC\n京 I-LOC\n\n天 O\n气 O\n好 O\n"
CLUENER_RECORD = {"text": "王芳在腾讯工作", "label": {"name": {"王芳": [[0, 1]]},
                                                 "company": {"腾讯": [[3, 4]]}}}


@pytest.fixture
def datasets_dir(tmp_path):
    for relative in ("msra/msra_test_bio.txt", "peoples_daily/example.test"):
        path = tmp_path / relative
        path.parent.mkdir(parents=True)
        path.write_text(BIO_SENTENCES, encoding="utf-8")
    (tmp_path / "cluener").mkdir()
    (tmp_path / "cluener" / "dev.json").write_text(
        json.dumps(CLUENER_RECORD, ensure_ascii=False) + "\n", encoding="utf-8")
    return tmp_path


def test_whole_run_scores_every_dataset_with_lac(datasets_dir, tmp_path, capsys):
    out = tmp_path / "bench.json"
    code = main(["ner-bench", "--backend", "lac", "--datasets-dir", str(datasets_dir),
                 "--json", str(out)])
    assert code == 0
    (result,) = json.loads(out.read_text(encoding="utf-8"))
    assert result["backend"] == "lac" and result["error"] is None
    assert result["peak_rss_mb"] > 0 and result["chars_per_second"] > 0
    sets = {s["dataset"]: s for s in result["sets"]}
    assert list(sets) == ["peoples-daily-test", "msra-test", "cluener-dev"]
    assert (sets["msra-test"]["sentences"], sets["msra-test"]["chars"]) == (2, 8)
    gold_entities = {"msra-test": 2, "cluener-dev": 2}
    for name, n_gold in gold_entities.items():
        everything = sets[name]["scores"]["ALL"]
        assert everything["tp"] + everything["fn"] == n_gold
    assert "lac" in capsys.readouterr().out


def test_missing_dataset_stops_before_any_backend_runs(tmp_path, capsys):
    code = main(["ner-bench", "--backend", "lac", "--dataset", "msra-test",
                 "--datasets-dir", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 1
    assert f"[E072] NER dataset file {tmp_path / 'msra' / 'msra_test_bio.txt'} not found." in err
    assert "ner-bench: lac" not in err


def test_backend_asked_for_but_unavailable_is_a_row_and_a_failed_run(datasets_dir, capsys):
    code = main(["ner-bench", "--backend", "transformers", "--dataset", "msra-test",
                 "--datasets-dir", str(datasets_dir)])
    out = capsys.readouterr().out
    assert code == 1
    assert "unavailable: [E075] The 'transformers' backend needs a model name or path" in out
