"""Review pages without a browser: marks, escaping, sources, gold marks, aggregates, the CLI."""
from __future__ import annotations

import doctest
import hashlib
import importlib
import json
import re
from pathlib import Path

import pytest

from xinwen import cli
from xinwen.eval.review.aggregate import investment_by_region, officials_at_signings
from xinwen.eval.review.build import build_report, page_names
from xinwen.eval.review.goldmarks import gold_marks
from xinwen.eval.review.marks import Mark, record_marks, render
from xinwen.eval.review.markup import esc, safe_name
from xinwen.eval.review.sources import SourceCache, source_text
from xinwen.pipeline.doc import OffsetMap

HOSTILE = '</script><script>window.__pwned=1</script>"><img src=x onerror="window.__pwned=1">'


def _record(raw: str, **slots) -> dict:
    return {"doc_id": "t", "status": "ok", "errors": [], "meta": {},
            "text": {"form": "simplified", "chars": len(raw), "raw": raw},
            "source": {"path": "t.txt", "sha256": "x", "encoding": "utf-8", "format": "text"},
            **{"people": [], "amounts": [], "areas": [], "signings": [], "entities": [], **slots}}


def _amount(text: str, start: int, value: float, subject: str | None = None) -> dict:
    return {"text": text, "value": value, "currency": "CNY", "qualifier": "exact",
            "value_max": None, "subject": subject, "span": {"start": start, "end": start + len(text)}}


@pytest.mark.parametrize("name", ["xinwen.eval.review.markup", "xinwen.eval.review.marks",
                                  "xinwen.eval.review.aggregate"])
def test_module_doctests(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0 and result.failed == 0


def test_render_nests_crossing_marks_and_keeps_one_id():
    marks = [Mark(0, 4, "signing", "s", "t"), Mark(2, 6, "amount", "a", "v")]
    html = render("签约300亿元", marks)
    assert html.count("<span") == html.count("</span>") == 3
    assert html.count(' id="a"') == 1 and html.count('data-part="2"') == 1
    assert re.sub(r"<[^>]+>", "", html) == "签约300亿元"


def test_render_escapes_text_and_attributes():
    raw = HOSTILE + "300亿元"
    marks = [Mark(len(HOSTILE), len(raw), "amount", "a", HOSTILE)]
    html = render(raw, marks)
    assert "<script" not in html and "<img" not in html
    assert esc(HOSTILE) in html


def test_out_of_text_span_is_a_w225_warning_not_a_mark():
    record = _record("投资300亿元", amounts=[_amount("300亿元", 2, 3e10),
                                           _amount("9亿元", 40, 9e8)])
    marks, warnings = record_marks(record, 7)
    assert [m.mark_id for m in marks] == ["amount-0"]
    assert warnings == ["[W225] amount span [40, 43) lies outside the text of length 7; "
                        "not highlighted."]


def test_amount_tip_shows_normalized_value():
    record = _record("超313亿元", amounts=[{**_amount("超313亿元", 0, 31300000000.0, "总投资"),
                                          "qualifier": "over"}])
    marks, _ = record_marks(record, 6)
    assert marks[0].tip == "超313亿元 → 31,300,000,000 CNY · qualifier over · subject 总投资"


def test_safe_names_are_distinct_and_plain():
    ids = ["a/b", "a_b", "a/b", "javascript:x", "..", "seed"]
    names = page_names([{"doc_id": d} for d in ids])
    assert len(set(names)) == len(names)
    assert all(re.fullmatch(r"[A-Za-z0-9._-]+", n) and n not in (".", "..") for n in names)
    assert safe_name("seed") == "seed"


def test_source_text_warns_on_missing_and_changed_files(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("投资300亿元", encoding="utf-8")
    digest = hashlib.sha256(article.read_bytes()).hexdigest()
    record = {"source": {"path": str(article), "sha256": digest}, "text": {"chars": 7}}
    cache = SourceCache()
    assert source_text(record, cache).raw == "投资300亿元"
    changed = {"source": {"path": str(article), "sha256": "0" * 64}, "text": {"chars": 7}}
    assert source_text(changed, cache).warning == (
        f"[W223] Source text not shown: {article} has changed since extraction "
        f"(sha256 {digest[:12]}, record 000000000000).")
    gone = {"source": {"path": str(tmp_path / "gone.txt")}, "text": {}}
    assert source_text(gone, cache).warning == (
        f"[W222] Source text not shown: {tmp_path / 'gone.txt'} not found.")


def test_gold_marks_place_a_miss_and_strike_a_spurious_item():
    raw = "投资300亿元，另投50亿元。"
    record = _record(raw, amounts=[_amount("300亿元", 2, 3e10), _amount("7亿元", 12, 7e8)])
    gold = {"doc_id": "t", "meta": {}, "people": [], "areas": [], "signings": [],
            "amounts": [{"text": "300亿元", "value": 3e10, "currency": "CNY",
                         "qualifier": "exact", "subject": None},
                        {"text": "50亿元", "value": 5e9, "currency": "CNY",
                         "qualifier": "exact", "subject": None}]}
    found = gold_marks(gold, record, raw, OffsetMap.identity(len(raw)))
    assert found.spurious == frozenset({"amount-1"})
    assert [(m.start, m.end, raw[m.start:m.end]) for m in found.missed] == [(10, 14, "50亿元")]
    marks, _ = record_marks(record, len(raw), found.spurious)
    assert [m.classes for m in marks] == [(), ("spurious",)]


SIGNED = [
    {"status": "ok", "meta": {"place": "深圳"},
     "people": [{"name": "耿涛", "category": "official", "mentions": [{"start": 5, "end": 7}]},
                {"name": "李四", "category": "business", "mentions": [{"start": 8, "end": 10}]},
                {"name": "王五", "category": "official", "mentions": [{"start": 90, "end": 92}]}],
     "signings": [{"total_investment": 3e9, "place": None, "signatories": [],
                   "spans": [{"start": 0, "end": 20}]},
                  {"total_investment": 1e9, "region": {"province": "山东省", "city": "青岛市"},
                   "signatories": ["王五"], "spans": [{"start": 30, "end": 40}],
                   "people_refs": [{"person": 0, "roles": ["witness"]}]}]},
    {"status": "error", "signings": [{"total_investment": 5e9}]},
]


def test_regions_and_officials_aggregate_as_documented():
    assert investment_by_region(SIGNED) == [("深圳", 3e9), ("青岛市", 1e9)]
    assert officials_at_signings(SIGNED) == [("耿涛", 2), ("王五", 1)]


def _write_records(path: Path, records: list) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
                    + "not json\n", encoding="utf-8")
    return path


def test_report_writes_one_page_per_line_and_shows_error_codes(tmp_path):
    error = {"doc_id": "bad", "status": "error", "source": {"path": "x.txt"}, "text": {},
             "errors": [{"stage": "read", "code": "E031", "message": "[E031] x.txt is empty."}]}
    records = _write_records(tmp_path / "r.jsonl", [_record("投资300亿元"), error])
    summary = build_report(records, tmp_path / "site")
    line3_name = safe_name("line 3")
    assert line3_name.startswith("line_3-")
    assert [p.name for p in summary.pages] == ["t.html", "bad.html", f"{line3_name}.html"]
    bad = (tmp_path / "site/docs/bad.html").read_text(encoding="utf-8")
    assert '<b class="code">E031</b>' in bad and "x.txt is empty." in bad
    line3 = (tmp_path / f"site/docs/{line3_name}.html").read_text(encoding="utf-8")
    assert '<b class="code">W221</b>' in line3 and "r.jsonl:3: skipped, invalid JSON" in line3
    index = (tmp_path / "site/index.html").read_text(encoding="utf-8")
    assert index.count("<tr data-doc=") == 3


def test_cli_report_exit_codes_and_messages(tmp_path, capsys):
    missing = tmp_path / "none.jsonl"
    assert cli.main(["report", str(missing), "-o", str(tmp_path / "o")]) == 1
    assert capsys.readouterr().err == f"[E221] Records file {missing} does not exist.\n"
    records = _write_records(tmp_path / "r.jsonl", [_record("投资300亿元")])
    assert cli.main(["report", str(records), "-o", str(tmp_path / "o")]) == 0
    assert cli.main(["report", str(records), "-o", str(tmp_path / "o")]) == 1
    index = tmp_path / "o" / "index.html"
    assert capsys.readouterr().err.endswith(f"[E222] {index} exists; use --force to overwrite.\n")
    assert cli.main(["report", str(records), "-o", str(tmp_path / "o"), "--force"]) == 0


@pytest.mark.parametrize("needle", ["http://", "https://", "//cdn", "<link", "src=\"http"])
def test_pages_fetch_nothing(tmp_path, needle):
    records = _write_records(tmp_path / "r.jsonl", [_record("投资300亿元")])
    build_report(records, tmp_path / "site")
    for page in (tmp_path / "site").rglob("*.html"):
        text = page.read_text(encoding="utf-8").replace('xmlns="http://www.w3.org/2000/svg"', "")
        assert needle not in text


def test_page_of_a_record_whose_source_is_gone_shows_a_warning_card(tmp_path):
    record = {**_record("投资300亿元"), "text": {"form": "simplified", "chars": 7},
              "source": {"path": str(tmp_path / "gone.txt"), "sha256": "x"}}
    records = _write_records(tmp_path / "r.jsonl", [record])
    build_report(records, tmp_path / "site")
    page = (tmp_path / "site/docs/t.html").read_text(encoding="utf-8")
    card = f"[W222] Source text not shown: {tmp_path / 'gone.txt'} not found."
    assert f'<p class="warning-card" role="alert">{esc(card)}</p>' in page
    assert 'id="raw"' not in page


def test_with_text_embeds_the_raw_text_and_report_uses_it_when_the_file_moved(nlp, tmp_path):
    from xinwen.pipeline.batch import extract
    from xinwen.pipeline.workers import Limits
    from xinwen.pipeline.export import schema_problems

    article = tmp_path / "a.txt"
    raw = "青島市(shì)今天签约，總投資300億元。\r\n"
    article.write_text(raw, encoding="utf-8", newline="")
    records = tmp_path / "r.jsonl"
    for with_text in (False, True):
        with records.open("w", encoding="utf-8") as out:
            extract([str(article)], out, nlp=nlp, limits=Limits(with_text=with_text))
        record = json.loads(records.read_text(encoding="utf-8"))
        assert schema_problems(record) == []
        assert record["text"].get("raw") == (raw if with_text else None)
    article.unlink()
    build_report(records, tmp_path / "site")
    page = (tmp_path / "site/docs/a.html").read_text(encoding="utf-8")
    assert "warning-card" not in page.split("<body>")[1]
    assert 'data-kind="amount"' in page and "&#13;" in page


def test_records_sharing_a_doc_id_each_get_their_own_page_and_text(tmp_path):
    records = _write_records(tmp_path / "r.jsonl", [_record("第一篇"), _record("第二篇")])
    summary = build_report(records, tmp_path / "site")
    first, second = (p.read_text(encoding="utf-8") for p in summary.pages[:2])
    assert [p.name for p in summary.pages[:2]] == ["t.html", "t-2.html"]
    assert '<div class="text" id="raw">第一篇</div>' in first
    assert '<div class="text" id="raw">第二篇</div>' in second
