"""Benchmark of ``cli.py report``: 1,000 records, and how fast a 1 MB article's page opens.

1. Extracts ``corpus/articles`` once with the default pipeline (not timed), then
   writes ``--records`` records (default 1,000) by cycling through the 14
   corpus records under new doc_ids, each pointing to its own copy of its
   source file (so every page re-reads, re-checks and re-normalizes its text,
   as a real run does), and times
   ``report`` over them with ``--gold`` (gold pairs with the 14 original ids
   only). Target: under 30 s.
2. Builds a 1 MB (UTF-8) article by repeating the seed text, its record by
   shifting the seed record's spans to every copy, writes its page, and opens
   it in headless Chromium (when installed): the figures are the navigation's
   ``loadEventEnd`` and the time by which a forced layout of the whole page
   has finished (measured from navigation start). Target: under 2 s.

Figures depend on the machine; measure both sides of a comparison in one run.

Example:
  .venv/bin/python eval/bench_report.py
  .venv/bin/python eval/bench_report.py --records 200 --no-browser
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from xinwen.eval.review.build import build_report  # noqa: E402

MB = 1_000_000


def corpus_records(folder: Path) -> list[dict]:
    from xinwen.pipeline.batch import extract

    path = folder / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as out:
        extract([str(ROOT / "corpus" / "articles")], out)
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def many_records(records: list[dict], n: int, path: Path) -> Path:
    """``n`` records, each with its own copy of its source file (nothing read twice)."""
    sources = path.parent / "articles"
    sources.mkdir()
    with path.open("w", encoding="utf-8") as out:
        for k in range(n):
            record = dict(records[k % len(records)])
            copy = sources / f"{k:04d}{Path(record['source']['path']).suffix}"
            copy.write_bytes(Path(record["source"]["path"]).read_bytes())
            record["source"] = {**record["source"], "path": str(copy)}
            if k >= len(records):
                record["doc_id"] = f"{record['doc_id']}-copy{k}"
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def _shift(value, offset: int):
    """Every ``{start, end}`` inside ``value`` moved by ``offset``."""
    if isinstance(value, dict):
        if set(value) >= {"start", "end"} and isinstance(value["start"], int):
            return {**value, "start": value["start"] + offset, "end": value["end"] + offset}
        return {k: _shift(v, offset) for k, v in value.items()}
    if isinstance(value, list):
        return [_shift(v, offset) for v in value]
    return value


def big_record(seed: dict, folder: Path) -> tuple[dict, int]:
    """A ≥ 1 MB article made of copies of the seed text, with the seed's items on every copy."""
    from xinwen.pipeline.readers import iter_inputs

    (doc,) = list(iter_inputs([seed["source"]["path"]]))
    copies = MB // len(doc.raw.encode("utf-8")) + 1
    text = doc.raw * copies
    record = {**seed, "doc_id": "big", "text": {**seed["text"], "chars": len(text), "raw": text}}
    for slot in ("people", "amounts", "areas", "signings", "entities"):
        items = []
        for k in range(copies):
            items += _shift(seed[slot], k * len(doc.raw))
        record[slot] = items
    if record["people"]:  # one person per name: mentions of every copy
        record["people"] = [{**p, "mentions": [m for k in range(copies)
                                               for m in _shift(p["mentions"], k * len(doc.raw))]}
                            for p in seed["people"]]
    return record, len(text.encode("utf-8"))


def open_seconds(page: Path) -> tuple[float, float] | None:
    """``page`` in headless Chromium: (loadEventEnd, time until a forced full layout after
    it, an upper bound that includes the driver's round trip), in seconds; None: no browser."""
    chromium, driver_path = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
    if not (chromium.is_file() and driver_path.is_file()):
        return None
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(chromium)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(str(driver_path)), options=options)
    try:
        driver.get(page.as_uri())
        load, laid_out = driver.execute_script(
            "const h = document.body.getBoundingClientRect().height;"
            "return [performance.getEntriesByType('navigation')[0].loadEventEnd,"
            " performance.now() + 0 * h]")
        return load / 1000, laid_out / 1000
    finally:
        driver.quit()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        records = corpus_records(folder)
        path = many_records(records, args.records, folder / "many.jsonl")
        started = time.perf_counter()
        summary = build_report(path, folder / "site", ROOT / "corpus" / "gold")
        seconds = time.perf_counter() - started
        print(f"report over {summary.documents} records (with --gold): {seconds:.1f} s "
              f"({1000 * seconds / summary.documents:.1f} ms per record; target < 30 s)")
        seed = next(r for r in records if r["doc_id"] == "seed")
        big, size = big_record(seed, folder)
        big_path = folder / "big.jsonl"
        big_path.write_text(json.dumps(big, ensure_ascii=False) + "\n", encoding="utf-8")
        started = time.perf_counter()
        build_report(big_path, folder / "big")
        built = time.perf_counter() - started
        page = folder / "big" / "docs" / "big.html"
        marks = sum(len(big[s]) for s in ("amounts", "areas", "entities"))
        print(f"1 MB article: {size:,} bytes, {len(big['text']['raw']):,} characters, "
              f"{marks:,} amount/area/entity items; page {page.stat().st_size:,} bytes, "
              f"written in {built:.1f} s")
        opened = None if args.no_browser else open_seconds(page)
        if opened is None:
            print("page open time: not measured (no chromium/chromedriver, or --no-browser)")
        else:
            print(f"page open time in headless Chromium: loadEventEnd {opened[0]:.2f} s, "
                  f"laid out by {opened[1]:.2f} s (target < 2 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
