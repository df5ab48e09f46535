"""The three-document fixture end to end: corpus figures, listing, span validity, CLI.

tests/eval/fixtures/ holds gold for d1 (people, titles, meta), d2 (amounts,
areas, an optional amount), d3 (signings) and d4 (whose record has status
"error"), the records in pred.jsonl (plus x9, which has no gold) and the raw
texts of d1 and d2. d3's source path does not exist, so its spans are not
checkable. Every number below was computed by hand from those files; the
reasoning is in the comments.
"""
from __future__ import annotations

import json
import types
from pathlib import Path

import pytest

from xinwen.eval import cli_eval
from xinwen.eval.gold import load_gold_dir, load_predictions
from xinwen.eval.report import format_errors, format_table
from xinwen.eval.score import score_corpus
from xinwen.eval.spans import load_raw_texts

FIXTURES = Path(__file__).parent / "fixtures"
GOLD_DIR = FIXTURES / "gold"
PRED = FIXTURES / "pred.jsonl"

EXPECTED_PRF = {
    # d1: 耿涛 张?(alt 张坚) 潘毅 卞成 matched; 卞成 duplicate and 王五 spurious; 衣涛 missed;
    # d3: 李维波 matched; d4 (status error): 吴六 missed
    "people": (5, 2, 2),
    # gold officials 耿涛 卞成 李维波 吴六; predicted 耿涛 卞成 卞成 李维波
    "officials": (3, 1, 1),
    # d1 耿涛 1/2 (市长 spurious), 张? 1/1, 潘毅 0/2 (院长 spurious), 卞成 1/1; d3 李维波 1/1
    "titles": (4, 2, 3),
    # lenient: 市长 ⊂ 副市长, 院长 ⊂ 深圳理工大学院长; 院士 missed
    "titles_lenient": (6, 0, 1),
    # d1: 300亿元 missed; d2: 4 of 5 matched, 3 spurious (third 300亿元, CNY 5000万, second 千亿
    # after the optional 千亿级 absorbed one), 5000万美元 missed; d4: 1亿元 missed
    "amounts": (4, 3, 3),
    # right qualifier only for the two 300亿元 (近百亿 → exact, range value_max 1.2e9 ≠ 1e9)
    "amounts.qualifier": (2, 5, 5),
    # right subject: 300亿元/总投资, 近百亿/产业园总投资, range/年产值 (项目总投资 ≠ 总投资)
    "amounts.subject": (3, 4, 4),
    "amounts.subject_lenient": (4, 3, 3),
    # d2: 1969亩 and 3万平方米 matched, 30公顷 spurious
    "areas": (2, 1, 0),
    "areas.qualifier": (1, 2, 1),          # 超3万平方米: over → exact
    "areas.subject": (1, 2, 1),            # 占地 vs 青岛市虚拟现实产业园占地
    "areas.subject_lenient": (2, 1, 0),
    # d3: #1 and #2 matched, #3 missed, count=5 spurious; d4: its signing missed
    "signings": (2, 1, 2),
    "signings.projects": (1, 0, 1),        # #1 芯片研发 missed
    # #1: the second form of 云天畅想 spurious; #2: 0 of 2, 1 spurious
    "signings.parties": (2, 2, 2),
    "signings.signatories": (1, 1, 0),     # #1 王磊 spurious
    "signings.fields": (2, 0, 1),          # #1 传感器 missed
    "signings.witnesses": (0, 0, 0),       # the fixtures name no witness or attendee
    "signings.attendees": (0, 0, 0),
    "jobs": (0, 0, 0),                     # the fixtures name no jobs
    "jobs.qualifier": (0, 0, 0),
    "jobs.subject": (0, 0, 0),
    "jobs.subject_lenient": (0, 0, 0),
    "meta.reporters": (1, 1, 1),           # d1 王五 spurious; d4 赵七 missed
    "meta.correspondents": (1, 0, 1),      # d1 张坚 = 张? via alt; 杨治峰 missed
}

EXPECTED_ACCURACY = {
    "category": (4, 5),                    # 潘毅 academic → business
    "signings.project_count": (1, 2),      # #2 null → 2
    "meta.title": (3, 4),                  # d4 (error record) has no title
    "meta.published_at": (3, 4),           # d1 date part right; d2 null → 2023-05-01
    "meta.event_date": (3, 4),             # d1 03-23 → 03-24
    "meta.place": (2, 4),                  # d1 青岛国际会议中心 → 青岛, d3 深圳 → 深圳市
    "meta.place_lenient": (4, 4),
    "meta.region": (3, 4),                 # d1 district 崂山区 spurious; d2, d4 null = null
    "signings.date": (2, 2),
    "signings.place": (0, 2),              # #1 深圳 → 深圳市 (not a written form), #2 → null
    "signings.region": (1, 2),             # #2 广东省/深圳市 → null
    "signings.total_investment": (2, 2),   # null = null twice
}

EXPECTED_SPANS = {
    # d1: 耿涛 ✓, 潘毅 @院士 ✗, 卞成 ✓; d3: 1 mention not checkable
    "people": (2, 3, 1),
    # d2: 300亿元 ✓✓, @项目 ✗, 百億元 ✓ (normalized), range ✓, out of text ✗, no span ✗, reversed ✗
    "amounts": (4, 8, 0),
    # d2: 1969亩 ✓, 3万平方米 ✓, 30公顷 @3万平方米 ✗
    "areas": (2, 3, 0),
    "jobs": (0, 0, 0),
    "all": (8, 14, 1),
}


@pytest.fixture
def stub_normalize(monkeypatch):
    """normalize_text stand-in (the real one is the pipeline's): folds 億 → 亿 only."""
    import xinwen.pipeline.normalize

    def normalize_text(raw):
        return types.SimpleNamespace(text=raw.replace("億", "亿"))

    monkeypatch.setattr(xinwen.pipeline.normalize, "normalize_text", normalize_text, raising=False)


@pytest.fixture
def score(stub_normalize):
    golds, records = load_gold_dir(GOLD_DIR), load_predictions(PRED)
    scored = [r for d, r in records.items() if d in golds and r["status"] == "ok"]
    raws, reasons = load_raw_texts(scored, bases=[FIXTURES])
    return score_corpus(golds, records, raws, lambda s: s.replace("億", "亿"), reasons)


def test_prf_rows(score):
    assert {row: (c.tp, c.fp, c.fn) for row, c in score.prf.items()} == EXPECTED_PRF


def test_accuracy_rows(score):
    assert {row: (a.correct, a.n) for row, a in score.acc.items()} == EXPECTED_ACCURACY


def test_span_validity(score):
    assert {s: (v.valid, v.checked, v.unchecked) for s, v in score.spans.items()} == EXPECTED_SPANS
    assert score.not_checkable == {"d3": "source not found: articles/missing.txt"}


def test_documents_worst_first(score):
    # d1: 6 missed + 5 spurious + 4 wrong (meta.region among them) + 1 bad span;
    # d2: 1 + 4 + 6 + 5 (a tie, broken by doc_id); d3: 5 + 4 + 5 (two places, one region); d4: 4 + 1
    assert [(d.doc_id, d.n_errors) for d in score.worst_first()] == [
        ("d1", 16), ("d2", 16), ("d3", 14), ("d4", 5),
    ]
    assert score.unscored_predictions == ["x9"]
    assert [d.status for d in score.documents] == ["ok", "ok", "ok", "error"]


def test_listing_of_a_document(score):
    listing = format_errors(score, limit=4).split("\n\n")
    assert listing[0] == "Errors by document, worst first (4 of 4 documents with errors):"
    assert listing[4] == "\n".join([
        "d4: 5 errors (4 missed, 1 wrong) — record has status error",
        "  missed   people          吴六 [区长] official",
        "  missed   amounts         1亿元 = 100000000 CNY exact «∅»",
        "  missed   signings        #1 count=2",
        "  wrong    meta.title      T4 → ∅",
        "  missed   meta.reporters  赵七",
    ])


def test_table_rows_are_aligned(score):
    lines = format_table(score).splitlines()
    assert lines[0].split() == ["slot", "tp", "fp", "fn", "P", "R", "F1"]
    assert lines[1].split() == ["people", "5", "2", "2", "0.714", "0.714", "0.714"]
    prf_block = lines[: 1 + len(EXPECTED_PRF)]
    assert len({len(line) for line in prf_block}) == 1
    assert "meta.place_lenient                 4     4   1.000" in lines


def test_cli_prints_table_and_listing_and_writes_json(stub_normalize, tmp_path, capsys):
    out = tmp_path / "figures" / "eval.json"
    args = ["--gold", str(GOLD_DIR), "--pred", str(PRED), "--json", str(out), "--errors", "2"]
    code = cli_eval.main(args)
    captured = capsys.readouterr()
    assert code == 0
    assert captured.err == "[W201] 1 prediction(s) have no gold document and are ignored: x9\n"
    assert captured.out.startswith("documents scored: 4 (ok 3, error 1, no prediction 0)")
    assert "people                          5     2     2   0.714   0.714   0.714" in captured.out
    assert "(2 of 4 documents with errors)" in captured.out
    assert "\nd2: 16 errors" in captured.out and "\nd3:" not in captured.out
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["slots"]["amounts"] == {
        "tp": 4, "fp": 3, "fn": 3, "precision": 4 / 7, "recall": 4 / 7, "f1": 4 / 7,
    }
    assert figures["accuracy"]["category"] == {"correct": 4, "n": 5, "accuracy": 0.8}
    assert figures["span_validity"]["all"]["not_checkable"] == 1
    d1 = next(d for d in figures["documents"] if d["doc_id"] == "d1")
    assert d1["scores"]["people"]["tp"] == 4
    assert [m["text"] for m in d1["missed"] if m["slot"] == "people"] == ["衣涛 [记者] journalist"]
    assert figures["predictions_without_gold"] == ["x9"]


def test_cli_errors_zero_prints_no_listing(stub_normalize, capsys):
    assert cli_eval.main(["--gold", str(GOLD_DIR), "--pred", str(PRED), "--errors", "0"]) == 0
    assert "Errors by document" not in capsys.readouterr().out


def test_cli_without_normalizer_reports_spans_not_checkable(monkeypatch, capsys):
    import xinwen.pipeline.normalize

    monkeypatch.delattr(xinwen.pipeline.normalize, "normalize_text", raising=False)
    assert cli_eval.main(["--gold", str(GOLD_DIR), "--pred", str(PRED), "--errors", "0"]) == 0
    out = capsys.readouterr().out
    reason = "pipeline.normalize.normalize_text unavailable"
    assert f"spans not checkable in 3 document(s): {reason}" in out
    assert "all                                0        0       -             15" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"doc_id": "d1"}\nnot json\n', "[E208] {pred}:2: invalid JSON: "),
        ('{"id": "d1"}\n', "[E209] {pred}:1: a record needs a string 'doc_id'."),
        (
            '{"doc_id": "d1"}\n\n{"doc_id": "d1"}\n',
            "[E210] {pred}:3: doc_id 'd1' already appeared on line 1.",
        ),
    ],
)
def test_cli_bad_prediction_file(tmp_path, capsys, content, message):
    pred = tmp_path / "p.jsonl"
    pred.write_text(content, encoding="utf-8")
    assert cli_eval.main(["--gold", str(GOLD_DIR), "--pred", str(pred)]) == 1
    assert capsys.readouterr().err.startswith(message.format(pred=pred))


def test_cli_missing_inputs(tmp_path, capsys):
    assert cli_eval.main(["--gold", str(tmp_path / "nope"), "--pred", str(PRED)]) == 1
    missing = tmp_path / "nope"
    err = capsys.readouterr().err
    assert err == f"[E201] Gold directory {missing} does not exist or is not a directory.\n"
    assert cli_eval.main(["--gold", str(tmp_path), "--pred", str(PRED)]) == 1
    assert capsys.readouterr().err == f"[E202] Gold directory {tmp_path} holds no *.json files.\n"
    assert cli_eval.main(["--gold", str(GOLD_DIR), "--pred", str(tmp_path / "p.jsonl")]) == 1
    err = capsys.readouterr().err
    assert err == f"[E207] Prediction file {tmp_path / 'p.jsonl'} does not exist.\n"


def test_help_has_example():
    assert "Example:" in cli_eval.DESCRIPTION and cli_eval.HELP


def test_cli_errors_must_not_be_negative(capsys):
    with pytest.raises(SystemExit) as info:
        cli_eval.main(["--gold", str(GOLD_DIR), "--pred", str(PRED), "--errors", "-1"])
    assert info.value.code == 2
    assert "argument --errors: expected a number >= 0, got -1" in capsys.readouterr().err
