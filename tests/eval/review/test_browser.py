"""The review pages in a real headless Chromium, used as a reader would use them.

Marked ``browser``; they skip with the reason where chromium, chromedriver or
selenium is missing (``.ci/run`` installs them). Screenshots of the seed page
and of the dashboard go to ``out/screenshots/`` as test artifacts.
"""
from __future__ import annotations

import json
from collections import defaultdict

import pytest

from xinwen.eval.cli_eval import evaluate
from xinwen.eval.review.build import build_report
from xinwen.eval.review.markup import safe_name
from xinwen.pipeline.readers import iter_inputs

from .conftest import ROOT

pytestmark = pytest.mark.browser

ITEMS_JS = """
const out = {};
document.querySelectorAll('#raw [data-kind]').forEach(el => {
  const id = el.getAttribute('data-id');
  const key = el.getAttribute('data-kind') + ' ' + id;
  if (!out[key]) { out[key] = {kind: el.getAttribute('data-kind'), id: id, text: '',
                               start: null, end: null}; }
  if (!el.hasAttribute('data-part')) {
    out[key].start = +el.getAttribute('data-start'); out[key].end = +el.getAttribute('data-end');
  }
  let own = '';
  el.childNodes.forEach(n => { own += n.nodeType === 3 ? n.data : ''; });
  out[key].parts = (out[key].parts || 0) + 1;
});
// each element's own text is not enough for nested marks: take the full text of
// every part, in document order
Object.values(out).forEach(item => {
  item.text = Array.from(document.querySelectorAll('#raw [data-id="' + CSS.escape(item.id) + '"]'))
    .map(el => el.textContent).join('');
});
return Object.values(out);
"""


def _open(browser, path):
    browser.get(path.as_uri())
    return browser


def _raw(path: str) -> str:
    (doc,) = list(iter_inputs([path]))
    return doc.raw


def _seed(records):
    return next(r for r in records if r["doc_id"] == "seed")


def _expected_counts(record) -> dict[str, int]:
    return {
        "amount": len(record["amounts"]), "area": len(record["areas"]),
        "person": sum(len(p["mentions"]) for p in record["people"]),
        "signing": sum(len(s["spans"]) for s in record["signings"]),
        "place": sum(1 for e in record["entities"] if e["label"] == "LOC"),
    }


def test_seed_page_highlights_every_item_at_its_raw_span(browser, corpus_report, corpus_records,
                                                         artifacts):
    seed = _seed(corpus_records)
    raw = _raw(seed["source"]["path"])
    _open(browser, corpus_report / "docs" / "seed.html")
    assert browser.execute_script("return document.getElementById('raw').textContent") == raw
    items = [i for i in browser.execute_script(ITEMS_JS) if i["kind"] != "miss"]
    counts: dict[str, int] = defaultdict(int)
    for item in items:
        counts[item["kind"]] += 1
        assert item["text"] == raw[item["start"]:item["end"]], item
    assert dict(counts) == _expected_counts(seed)
    amounts = {(i["start"], i["end"]) for i in items if i["kind"] == "amount"}
    assert amounts == {(a["span"]["start"], a["span"]["end"]) for a in seed["amounts"]}
    browser.save_screenshot(str(artifacts / "seed.png"))


def test_focus_shows_the_normalized_value(browser, corpus_report):
    from selenium.webdriver.common.by import By

    _open(browser, corpus_report / "docs" / "seed.html")
    amount = browser.find_element(By.CSS_SELECTOR, '#raw [data-kind="amount"][tabindex="0"]')
    browser.execute_script("arguments[0].focus()", amount)
    tip = browser.find_element(By.ID, "tip")
    assert tip.is_displayed()
    assert tip.text == amount.get_attribute("data-tip")
    assert " → " in tip.text and " CNY" in tip.text


def test_tab_reaches_the_highlighted_items(browser, corpus_report):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    _open(browser, corpus_report / "docs" / "seed.html")
    kinds = set()
    for _ in range(40):
        ActionChains(browser).send_keys(Keys.TAB).perform()
        kinds.add(browser.execute_script(
            "return document.activeElement.getAttribute('data-kind')"))
    assert {"signing", "person"} <= kinds


def test_signing_card_click_and_enter_scroll_to_its_sentence(browser, corpus_report):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    _open(browser, corpus_report / "docs" / "seed.html")
    card = browser.find_element(By.CSS_SELECTOR, "a.card")
    target = card.get_attribute("href").split("#")[1]
    visible = ("const r = document.getElementById(arguments[0]).getBoundingClientRect();"
               "return r.top >= 0 && r.bottom <= window.innerHeight;")
    for press in (card.click, lambda: card.send_keys(Keys.ENTER)):
        browser.execute_script("window.scrollTo(0, document.body.scrollHeight)")
        assert not browser.execute_script(visible, target)
        press()
        assert browser.execute_script(visible, target)
        assert browser.execute_script("return document.activeElement.id") == target


def test_working_text_toggle_shows_restored_characters(browser, corpus_report, corpus_records,
                                                       artifacts):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    _open(browser, corpus_report / "docs" / "seed.html")
    working = browser.find_element(By.ID, "working")
    assert not working.is_displayed()
    browser.find_element(By.ID, "toggle-working").click()
    assert working.is_displayed()
    restored = browser.execute_script(
        "return Array.from(document.querySelectorAll('#working .rep')).map(e => e.textContent)"
        ".join('')")
    assert len(restored) == _seed(corpus_records)["text"]["repaired"]
    seed = _seed(corpus_records)
    moved = browser.execute_script(
        "return Array.from(document.querySelectorAll('#working [data-ref^=\"amount-\"]'))"
        ".filter(e => !e.hasAttribute('data-part')).map(e => e.textContent)")
    assert moved == [a["text"] for a in seed["amounts"]]  # the simplified text of each amount
    copy = browser.find_element(By.CSS_SELECTOR, '#working [data-ref="amount-0"]')
    ActionChains(browser).move_to_element(copy).perform()
    original = browser.find_element(By.ID, "amount-0").get_attribute("data-tip")
    assert browser.find_element(By.ID, "tip").text == original
    browser.save_screenshot(str(artifacts / "seed-working.png"))


def test_dashboard_charts_equal_aggregates_of_the_records(browser, corpus_report,
                                                          corpus_records, corpus_jsonl, artifacts):
    _open(browser, corpus_report / "index.html")
    bars = browser.execute_script(
        "const o = {}; document.querySelectorAll('svg.chart').forEach(svg => {"
        "  o[svg.id] = Array.from(svg.querySelectorAll('rect.bar')).map("
        "    r => [r.getAttribute('data-label'), +r.getAttribute('data-value')]); });"
        "return o;")
    by_month: dict[str, float] = defaultdict(float)
    for record in corpus_records:
        for s in record["signings"]:
            if s["total_investment"] is not None:
                month = (s["date"] or record["meta"]["event_date"] or "unknown")[:7]
                by_month[month] += s["total_investment"] / 1e8
    by_region: dict[str, float] = defaultdict(float)
    for record in corpus_records:
        for s in record["signings"]:
            if s["total_investment"] is not None:
                region = s.get("region") or {}
                key = (region.get("city") or region.get("province") or region.get("district")
                       or s["place"] or record["meta"]["place"] or "unknown")
                by_region[key] += s["total_investment"] / 1e8
    regions = dict(bars["chart-region"])
    assert regions == pytest.approx(dict(sorted(by_region.items(), key=lambda kv: -kv[1])[:12]))
    got = dict(bars["chart-month"])
    assert got.keys() == by_month.keys()
    assert all(got[m] == pytest.approx(v) for m, v in by_month.items())
    score = evaluate(ROOT / "corpus" / "gold", corpus_jsonl)
    f1 = dict(bars["chart-f1"])
    assert f1["amounts"] == pytest.approx(score.prf["amounts"].f1)
    assert f1["signings.parties"] == pytest.approx(score.prf["signings.parties"].f1)
    titles = browser.execute_script(
        "return Array.from(document.querySelectorAll('svg.chart')).map(s =>"
        " [s.querySelector('text.title').textContent, s.querySelector('text.x-label').textContent,"
        "  s.querySelector('text.y-label').textContent])")
    assert all(all(t) for t in titles)
    assert any("亿元" in x for _, x, _ in titles)
    browser.set_window_size(1400, 2600)
    browser.save_screenshot(str(artifacts / "dashboard.png"))
    browser.set_window_size(1400, 1000)


def test_dashboard_table_sorts_by_a_count_column(browser, corpus_report, corpus_records):
    from selenium.webdriver.common.by import By

    _open(browser, corpus_report / "index.html")
    header = browser.find_element(By.XPATH, "//table[@id='documents']//th[.//button='amounts']")
    header.find_element(By.TAG_NAME, "button").click()
    column = ("return Array.from(document.querySelectorAll('#documents tbody tr')).map("
              "r => r.getAttribute('data-doc'))")
    order = browser.execute_script(column)
    amounts = {r["doc_id"]: len(r["amounts"]) for r in corpus_records}
    assert [amounts[d] for d in order] == sorted(amounts.values())
    header.find_element(By.TAG_NAME, "button").click()
    assert [amounts[d] for d in browser.execute_script(column)] == sorted(amounts.values(),
                                                                         reverse=True)


def test_gold_marks_show_a_miss_and_a_spurious_item(browser, corpus_records, tmp_path):
    from selenium.webdriver.common.by import By

    record = json.loads(json.dumps(_seed(corpus_records)))
    dropped = record["amounts"].pop(0)
    record["amounts"].append({**dropped, "value": 1.0, "text": "1元"})
    records = tmp_path / "r.jsonl"
    records.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    build_report(records, tmp_path / "site", ROOT / "corpus" / "gold")
    _open(browser, tmp_path / "site" / "docs" / "seed.html")
    misses = browser.find_elements(By.CSS_SELECTOR, '#raw .miss[data-gold-kind="amount"]')
    span = dropped["span"]
    assert [(int(m.get_attribute("data-start")), int(m.get_attribute("data-end")))
            for m in misses] == [(span["start"], span["end"])]
    assert [m.text for m in misses] == [_raw(record["source"]["path"])[span["start"]:span["end"]]]
    spurious = browser.find_elements(By.CSS_SELECTOR, '#raw .hl.spurious[id]')
    assert [s.get_attribute("id") for s in spurious] == [f"amount-{len(record['amounts']) - 1}"]
    assert "line-through" in spurious[0].value_of_css_property("text-decoration")
    assert "dashed" in misses[0].value_of_css_property("outline-style")
    rows = browser.find_element(By.CSS_SELECTOR, ".doc-eval").text
    assert "amounts 5 1 1" in rows


HOSTILE = ['</script><script>window.__pwned=1</script>',
           '"><img src=x onerror="window.__pwned=1">',
           "javascript:window.__pwned=1", "\u2028"]


def _hostile_records(nlp, tmp_path):
    """An article and ids full of markup, extracted by the real pipeline, plus a
    hand-made record whose names and values are markup (the pipeline would not make them)."""
    from xinwen.pipeline.batch import extract

    body = "".join(HOSTILE)
    text = f"青岛市今天举行签约仪式{body}，16个项目签约，总投资300亿元{body}，占地12万平方米。"
    source = tmp_path / "hostile.jsonl"
    doc_id = "x" + body
    source.write_text(json.dumps({"id": doc_id, "text": text}, ensure_ascii=False) + "\n",
                      encoding="utf-8")
    records = tmp_path / "r.jsonl"
    with records.open("w", encoding="utf-8") as out:
        extract([str(source)], out, nlp=nlp)
    made = json.loads(records.read_text(encoding="utf-8"))
    at = text.index("300亿元")
    made.update(doc_id="y" + body, text={**made["text"], "raw": text})
    made["meta"] = {**made["meta"], "title": body, "place": body}
    made["amounts"] = [{"text": "300亿元", "value": 3e10, "currency": body, "qualifier": body,
                        "value_max": None, "subject": body, "rule": body,
                        "span": {"start": at, "end": at + 5}}]
    made["people"] = [{"name": body, "titles": [body], "organization": body, "category": body,
                       "mentions": [{"start": 0, "end": 3}]}]
    made["signings"] = [{"project_count": 16, "projects": [body], "parties": [body],
                         "signatories": [body], "fields": [body], "total_investment": 3e10,
                         "date": body, "place": body, "venue": body,
                         "region": {"province": body, "city": body, "district": body},
                         "people_refs": [{"person": 0, "roles": [body]}],
                         "spans": [{"start": 0, "end": len(text)}]}]
    with records.open("a", encoding="utf-8") as out:
        out.write(json.dumps(made, ensure_ascii=False) + "\n")
    return records, text, [doc_id, made["doc_id"]]


def test_hostile_article_executes_nothing(browser, nlp, tmp_path):
    from selenium.webdriver.common.by import By

    records, text, ids = _hostile_records(nlp, tmp_path)
    build_report(records, tmp_path / "site")
    pages = [tmp_path / "site" / "index.html",
             *(tmp_path / "site" / "docs" / f"{safe_name(d)}.html" for d in ids)]
    for page in pages:
        _open(browser, page)
        assert browser.execute_script("return typeof window.__pwned") == "undefined"
        assert browser.find_elements(By.TAG_NAME, "img") == []
        assert len(browser.find_elements(By.TAG_NAME, "script")) == 1
        hrefs = [a.get_attribute("href") for a in browser.find_elements(By.TAG_NAME, "a")]
        assert all(h.startswith("file://") for h in hrefs), hrefs
    for page, doc_id in zip(pages[1:], ids):
        _open(browser, page)
        assert browser.find_element(By.CSS_SELECTOR, ".docid").get_attribute(
            "textContent") == doc_id
        assert browser.execute_script(
            "return document.getElementById('raw').textContent") == text
    browser.find_element(By.CSS_SELECTOR, "a.card").click()
    assert browser.execute_script("return typeof window.__pwned") == "undefined"
    card = browser.find_element(By.CSS_SELECTOR, "a.card").get_attribute("textContent")
    assert HOSTILE[1] in card
