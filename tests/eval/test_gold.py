"""Gold files: the bundled corpus validates; malformed gold is reported with codes."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from xinwen.eval.errors import EvalError
from xinwen.eval.gold import gold_problems, load_gold_dir

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "corpus" / "gold"
ARTICLES = ROOT / "corpus" / "articles"
GOLD_FILES = sorted(GOLD.glob("*.json"))
FIXTURE_GOLD = Path(__file__).parent / "fixtures" / "gold" / "d2.json"


@pytest.mark.skipif(not GOLD_FILES, reason="corpus/gold/ holds no gold files yet")
@pytest.mark.parametrize("path", GOLD_FILES, ids=[p.stem for p in GOLD_FILES])
def test_corpus_gold_file_validates(path):
    gold = json.loads(path.read_text(encoding="utf-8"))
    assert gold_problems(gold, str(path), stem=path.stem) == []


@pytest.mark.skipif(not GOLD_FILES, reason="corpus/gold/ holds no gold files yet")
def test_every_corpus_article_has_gold():
    assert sorted(p.stem for p in ARTICLES.glob("*.txt")) == [p.stem for p in GOLD_FILES]
    assert len(load_gold_dir(GOLD)) == len(GOLD_FILES)


def _fixture() -> dict:
    return json.loads(FIXTURE_GOLD.read_text(encoding="utf-8"))


def test_schema_problem_names_the_place():
    gold = _fixture()
    gold["amounts"][0]["qualifier"] = "approx"
    gold["areas"][0].pop("square_meters")
    assert gold_problems(gold, "g.json") == [
        "[E204] g.json: does not follow schemas/gold.schema.json at amounts/0/qualifier: "
        "'approx' is not one of ['exact', 'about', 'nearly', 'over', 'at_least', 'at_most', "
        "'under', 'range']",
        "[E204] g.json: does not follow schemas/gold.schema.json at areas/0: "
        "'square_meters' is a required property",
    ]


def test_typo_in_a_key_is_refused_but_comments_are_allowed():
    gold = _fixture()
    gold["optional_amount"] = []
    assert len(gold_problems(gold, "g.json")) == 1
    gold = _fixture()
    gold["_note"] = "free text"
    gold["amounts"][0]["_why"] = "free text"
    assert gold_problems(gold, "g.json") == []


def test_doc_id_and_range_checks():
    gold = _fixture()
    gold["amounts"][3]["value_max"] = None
    assert gold_problems(gold, "g.json", stem="other") == [
        "[E205] g.json: doc_id 'd2' differs from the file name 'other'.",
        "[E206] g.json: amounts/3: qualifier 'range' needs a value_max.",
    ]


def test_load_gold_dir_reports_every_bad_file(tmp_path):
    (tmp_path / "a.json").write_text("{", encoding="utf-8")
    gold = _fixture()
    (tmp_path / "b.json").write_text(json.dumps(gold), encoding="utf-8")
    with pytest.raises(EvalError) as info:
        load_gold_dir(tmp_path)
    lines = str(info.value).splitlines()
    assert lines[0].startswith(f"[E203] {tmp_path / 'a.json'}: invalid JSON: ")
    assert lines[1] == f"[E205] {tmp_path / 'b.json'}: doc_id 'd2' differs from the file name 'b'."


@pytest.mark.parametrize("slot", ["amounts", "optional_amounts", "areas", "jobs"])
def test_range_check_covers_every_quantity_list_of_the_registry(slot):
    """The range check iterates the registry's quantity slots, so that a new one is checked."""
    gold = _fixture()
    item = {"text": "10-20", "value": 10, "qualifier": "range", "value_max": None,
            "subject": None}
    item.update({"amounts": {"currency": "CNY"}, "optional_amounts": {"currency": "CNY"},
                 "areas": {"unit": "亩", "square_meters": 6666.67}, "jobs": {}}[slot])
    gold[slot] = [item]
    assert gold_problems(gold, "g.json") == [
        f"[E206] g.json: {slot}/0: qualifier 'range' needs a value_max."]
