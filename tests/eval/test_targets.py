"""End to end: the whole pipeline on the bundled corpus and the held-out set meets the issues' targets.

The thresholds are the targets written in issues 4, 5 and 6 (not the figures
measured today), so this fails when a change pushes a slot below what the
project promised. The held-out set (tests/heldout, self-written) gets looser
floors: it checks that rules generalise, and it is never used to tune them.
"""
from __future__ import annotations

import io
from pathlib import Path

import pytest

from xinwen.eval.cli_eval import evaluate
from xinwen.pipeline.batch import extract

ROOT = Path(__file__).resolve().parents[2]

CORPUS_TARGETS = {
    # issue 4
    "amounts": 0.98, "amounts.qualifier": 0.98, "areas": 1.0, "amounts.subject": 0.85,
    # issue 5
    "people": 0.95, "officials": 0.95, "titles": 0.90,
    # issue 6
    "signings": 0.9, "signings.projects": 0.8, "signings.parties": 0.8,
}
CORPUS_ACCURACY_TARGETS = {
    "category": 0.95, "signings.project_count": 0.95, "meta.event_date": 0.9, "meta.place": 0.9,
    # issue 12 (its targets are for the sealed split; on the development corpus the same floors)
    "signings.date": 0.9, "signings.place": 0.8, "signings.region": 0.8,
}
HELDOUT_TARGETS = {
    "amounts": 0.95, "amounts.qualifier": 0.95, "areas": 0.95,
    "people": 0.9, "officials": 0.9, "titles": 0.85, "signings": 0.8,
}


def _score(nlp, articles: Path, gold: Path, tmp_path: Path):
    pred = tmp_path / "pred.jsonl"
    with pred.open("w", encoding="utf-8") as out:
        summary = extract([str(articles)], out, nlp=nlp)
    assert summary["failed"] == 0, summary["failures"]
    return evaluate(gold, pred)


@pytest.fixture(scope="module")
def corpus_score(nlp, tmp_path_factory):
    return _score(nlp, ROOT / "corpus/articles", ROOT / "corpus/gold", tmp_path_factory.mktemp("c"))


@pytest.fixture(scope="module")
def heldout_score(nlp, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("h")
    return _score(nlp, ROOT / "tests/heldout/articles", ROOT / "tests/heldout/gold", tmp)


#: rows below their issue's target since the corpus grew from 14 to 40 real articles (issue 12's
#: 26 development articles, annotated blind): the measured figure, and what is behind the gap.
#: strict: a row that reaches its target again fails here, so the list shrinks as work lands.
BELOW_TARGET = {
    "amounts.subject": "0.675 on 40 articles: the new gold keeps verbs of the measure (完成投资, "
                       "注册资金, 计划总投资) that the subject rules of issue 4 cut",
    "officials": "0.934: officials named in running lists after a party committee's titles "
                 "(市委副书记、市长X集团公司…) and a Taiwanese report's forms are missed",
    "meta.place": "0.850: an area written as an abbreviation (来青) or chosen by the "
                  "annotator from the outlet's city",
}


def _target(row: str, target: float):
    marks = [pytest.mark.xfail(reason=BELOW_TARGET[row], strict=True)] if row in BELOW_TARGET else []
    return pytest.param(row, target, marks=marks, id=f"{row}-{target}")


@pytest.mark.parametrize(("row", "target"), [_target(r, t) for r, t in CORPUS_TARGETS.items()])
def test_corpus_f1_meets_target(corpus_score, row, target):
    assert corpus_score.prf[row].f1 >= target, corpus_score.prf[row].as_dict()


@pytest.mark.parametrize(
    ("row", "target"), [_target(r, t) for r, t in CORPUS_ACCURACY_TARGETS.items()]
)
def test_corpus_accuracy_meets_target(corpus_score, row, target):
    assert corpus_score.acc[row].accuracy >= target, corpus_score.acc[row].as_dict()


@pytest.mark.parametrize(("row", "target"), HELDOUT_TARGETS.items())
def test_heldout_f1_meets_floor(heldout_score, row, target):
    assert heldout_score.prf[row].f1 >= target, heldout_score.prf[row].as_dict()


@pytest.mark.parametrize("which", ["corpus", "heldout"])
def test_every_span_was_checked_and_normalizes_to_its_value(which, corpus_score, heldout_score):
    score = corpus_score if which == "corpus" else heldout_score
    assert not score.not_checkable
    share = score.spans["all"]
    # A garble site's ``P`` (the character before its ``?``) is a unit of its own, so a name
    # that ends on it (the seed's 王聪聪) maps to itself; no span of either set is invalid.
    assert share.checked > 100
    assert share.valid == share.checked, [i.text for i in score.items if i.kind == "bad_span"]


def test_stdout_like_output_is_one_record_per_article(nlp):
    out = io.StringIO()
    summary = extract([str(ROOT / "corpus/articles")], out, nlp=nlp)
    assert summary["documents"] == len(list((ROOT / "corpus/articles").glob("*.txt")))
    assert len(out.getvalue().splitlines()) == summary["documents"]
