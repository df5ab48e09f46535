"""The window merge (pipeline.windows): window records folded one by one (issue 14)."""
from __future__ import annotations

import copy

from xinwen.pipeline.export import error_record
from xinwen.pipeline.readers import ReadFailure, text_document
from xinwen.pipeline.windows import WindowMerge


def window_record(name: str, amount: str) -> dict:
    """A minimal ok record of one window: one person mentioned once, one amount."""
    failure = ReadFailure(doc_id="w", path=None, code="", message="", format="text",
                          sha256="", encoding="utf-8", stage="")
    record = error_record(failure, chars=12)
    record.update(status="ok", errors=[])
    record["text"]["form"] = "simplified"
    record["people"] = [{"name": name, "titles": [], "title_rules": [], "organization": None,
                         "category": "other", "rule": None,
                         "mentions": [{"start": 0, "end": 2, "rule": "mention.repeat"}]}]
    record["amounts"] = [{"text": amount, "value": 5.0, "span": {"start": 3, "end": 6},
                          "id": "w#amounts-0"}]
    return record


def merged_of(*windows: tuple[int, dict]) -> dict:
    doc = text_document("张三说5亿元。\n" * 2, "w")
    merge = WindowMerge(doc, len(windows), 12)
    for start, record in windows:
        merge.add(start, record)
    return merge.record()


def test_windows_fold_into_one_record_with_whole_text_offsets():
    merged = merged_of((0, window_record("张三", "5亿元")), (12, window_record("张三", "5亿元")))
    assert [m["start"] for m in merged["people"][0]["mentions"]] == [0, 12]
    assert len(merged["people"]) == 1  # the same name in two windows is one person
    assert [a["span"] for a in merged["amounts"]] == [{"start": 3, "end": 6},
                                                       {"start": 15, "end": 18}]
    assert [a["id"] for a in merged["amounts"]] == ["w#amounts-0", "w#amounts-1"]
    assert merged["errors"][-1]["code"] == "W081"


def test_the_merge_leaves_the_window_records_as_they_were():
    second = window_record("李四", "5亿元")
    before = copy.deepcopy(second)
    merged_of((0, window_record("张三", "5亿元")), (12, second))
    assert second == before


def test_equal_strings_of_different_windows_are_kept_once():
    """A huge document repeats its words: the merged record holds one object per string."""
    texts = ["".join(["5亿", "元"]) for _ in range(2)]  # equal, but two objects
    assert texts[0] is not texts[1]
    merged = merged_of((0, window_record("张三", texts[0])), (12, window_record("张三", texts[1])))
    first, second = merged["amounts"]
    assert first["text"] == second["text"] == "5亿元"
    assert first["text"] is second["text"]


def with_signing(record: dict) -> dict:
    """``record`` with one signing whose total is its amount 0, signed by its person 0."""
    record["signings"] = [{"total_ref": 0, "people_refs": [{"person": 0, "roles": ["signatory"]}],
                           "spans": [{"start": 0, "end": 6}]}]
    return record


def test_signing_references_point_into_the_merged_lists():
    merged = merged_of((0, with_signing(window_record("张三", "5亿元"))),
                       (12, with_signing(window_record("李四", "6亿元"))),
                       (24, with_signing(window_record("张三", "7亿元"))))
    assert [p["name"] for p in merged["people"]] == ["张三", "李四"]
    refs = [(s["total_ref"], [r["person"] for r in s["people_refs"]]) for s in merged["signings"]]
    assert refs == [(0, [0]), (1, [1]), (2, [0])]
    assert [merged["amounts"][s["total_ref"]]["text"] for s in merged["signings"]] == \
        ["5亿元", "6亿元", "7亿元"]


def test_a_windowed_article_links_each_signing_to_its_own_window(nlp):
    from tests.conftest import ROOT
    from xinwen.pipeline.workers import Limits, process

    article = (ROOT / "corpus/articles/dev003.txt").read_text(encoding="utf-8")
    whole, _ = process(text_document(article, "w"), nlp, Limits(max_chars=None))
    record, _ = process(text_document(article + "\n" + article, "w"), nlp,
                        Limits(max_chars=len(article) + 1))
    assert record["status"] == "ok" and len(record["signings"]) == 2 * len(whole["signings"])
    expected = [(whole["amounts"][s["total_ref"]]["text"],
                 [whole["people"][r["person"]]["name"] for r in s["people_refs"]])
                for s in whole["signings"]]
    for k, signing in enumerate(record["signings"]):
        total = record["amounts"][signing["total_ref"]]
        assert (total["span"]["start"] > len(article)) == (k >= len(whole["signings"]))
        assert (total["text"], [record["people"][r["person"]]["name"]
                                for r in signing["people_refs"]]) == expected[k % len(expected)]
