"""The consolidation test set and its scorer (issue 18): reprints through the real pipeline,
derived hard negatives, pairwise precision and recall of merges."""

from __future__ import annotations

import json

import pytest

from xinwen.eval.consolidation import (
    ARTICLES,
    DERIVED_FILE,
    base,
    build_set,
    derived_records,
    expected,
    extract_records,
    pairwise,
    score,
)
from xinwen.eval.consolidation_reprints import Reprint, load_reprints, write_reprints
from xinwen.pipeline.consolidate import consolidate


@pytest.mark.issue(18)
def test_pairwise_precision_and_recall_by_hand():
    keys = {"a": "x", "b": "x", "c": "x", "d": "y", "e": "z"}
    rows = [["a", "b"], ["c", "d"], ["e"]]
    # predicted pairs: ab, cd; true pairs: ab, ac, bc → 1 correct of 2 predicted, of 3 true
    got = pairwise(rows, keys)
    assert (got["predicted_pairs"], got["true_pairs"], got["correct"]) == (2, 3, 1)
    assert (got["precision"], got["recall"]) == (0.5, 1 / 3)
    assert got["false_merges"] == [["c", "d"]]
    assert (got["expected_rows"], got["rows"]) == (3, 3)


@pytest.mark.issue(18)
def test_reprint_ids_point_to_their_original():
    assert base("dev016.pinyin") == "dev016"
    assert base("dev005-later") == "dev005-later"  # a derived record is another document


@pytest.mark.issue(18)
def test_reprint_table_names_corpus_articles_and_every_kind():
    reprints = load_reprints()
    assert {r.kind for r in reprints} == {"traditional", "pinyin", "headline", "garbled"}
    assert all((ARTICLES / f"{r.doc_id}.txt").exists() for r in reprints)
    assert len({r.reprint_id for r in reprints}) == len(reprints)


@pytest.mark.issue(18)
def test_derived_records_copy_their_original_and_replace_fields():
    corpus = {
        "dev005": {
            "doc_id": "dev005",
            "status": "ok",
            "meta": {"title": "t", "event_date": "2020-02-14"},
            "people": [{"name": "谢兆村"}],
            "amounts": [],
            "areas": [],
            "signings": [{}],
        }
    }
    later = next(r for r in derived_records(corpus) if r["doc_id"] == "dev005-later")
    assert later["people"] == [{"name": "谢兆村"}]
    assert later["meta"]["event_date"] == "2020-05-16"
    assert later["signings"][0]["project_count"] == 12
    assert corpus["dev005"]["meta"]["event_date"] == "2020-02-14"  # the original is untouched


@pytest.fixture(scope="module")
def mirrors(nlp, tmp_path_factory):
    """dev005, dev016 and three reprints of dev016, all through the real pipeline."""
    out = tmp_path_factory.mktemp("reprints")
    originals = extract_records([str(ARTICLES / "dev005.txt"), str(ARTICLES / "dev016.txt")], nlp)
    titles = {r["doc_id"]: r["meta"]["title"] for r in originals}
    chosen = [
        Reprint("dev016", "traditional", "-"),
        Reprint("dev016", "pinyin", "-"),
        Reprint("dev016", "headline", "平度与两家企业签约"),
        Reprint("dev016", "garbled", "谢兆村"),
    ]
    write_reprints(ARTICLES, titles, out, chosen)
    return originals + extract_records([str(out)], nlp)


@pytest.mark.issue(18)
def test_reprints_of_one_article_are_one_event(mirrors):
    result = consolidate(mirrors)
    event = next(e for e in result.events if {"doc_id": "dev016", "signing": 0} in e["sources"])
    assert event["doc_ids"] == [
        "dev016",
        "dev016.garbled",
        "dev016.headline",
        "dev016.pinyin",
        "dev016.traditional",
    ]
    assert len(result.events) == 2


@pytest.mark.issue(18)
def test_one_official_across_outlets_and_mirrors_is_one_row(mirrors):
    (row,) = [r for r in consolidate(mirrors).officials if r["name"] == "谢兆村"]
    assert row["sources"] == [
        "dev005",
        "dev016",
        "dev016.headline",
        "dev016.pinyin",
        "dev016.traditional",
    ]
    assert row["region"] == {"province": "山东省", "city": "青岛市", "district": "平度市"}


@pytest.mark.issue(18)
def test_the_garbled_mirror_gets_the_name_proposed(mirrors):
    (row,) = consolidate(mirrors).restorations
    assert (row["doc_id"], row["name"], row["proposed"]) == ("dev016.garbled", "谢?", "谢兆村")
    garbled = next(r for r in mirrors if r["doc_id"] == "dev016.garbled")
    assert "谢?" in [p["name"] for p in garbled["people"]]  # the record keeps its reading


@pytest.mark.issue(18)
def test_scores_on_the_whole_test_set(nlp, tmp_path):
    """The set of corpus/, its reprints and the derived records: no false merge in any part."""
    records = build_set(tmp_path, nlp)
    scores = score(consolidate(records), records, expected(records))
    for part in ("officials", "events", "projects"):
        assert scores[part]["false_merges"] == [], part
        assert scores[part]["true_pairs"] > 0, part
    assert scores["events"]["recall"] == scores["projects"]["recall"] == 1.0
    # the one known miss: 赵豪志 (青岛 mayor) under 潍坊 in dev021, whose meta.region is 潍坊
    assert {pair[0].split("'")[1] for pair in scores["officials"]["missed_merges"]} <= {
        "dev021",
        "dev021.headline",
    }
    assert scores["restorations"] == {"expected": 3, "correct": 3, "proposed": 3}
    assert json.loads(DERIVED_FILE.read_text(encoding="utf-8"))["identities"]
