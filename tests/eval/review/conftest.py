"""Fixtures of the review-page tests: corpus records (the real pipeline) and a headless Chromium.

The browser tests (marker ``browser``) drive Debian's ``chromium`` through
``chromedriver`` with selenium, pointed explicitly at ``/usr/bin`` so that
nothing is downloaded; they skip, saying why, where either is missing.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from xinwen.eval.review.build import build_report

ROOT = Path(__file__).resolve().parents[3]
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = ROOT / "out" / "screenshots"


@pytest.fixture(scope="session")
def corpus_jsonl(nlp, tmp_path_factory) -> Path:
    """Records of corpus/articles, extracted by the default pipeline (absolute source paths)."""
    from xinwen.pipeline.batch import extract

    path = tmp_path_factory.mktemp("records") / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as out:
        summary = extract([str(ROOT / "corpus" / "articles")], out, nlp=nlp)
    assert summary["failed"] == 0, summary["failures"]
    return path


@pytest.fixture(scope="session")
def corpus_records(corpus_jsonl) -> list[dict]:
    return [json.loads(line) for line in corpus_jsonl.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="session")
def corpus_report(corpus_jsonl, tmp_path_factory) -> Path:
    """The report over the corpus records with gold."""
    out = tmp_path_factory.mktemp("review")
    build_report(corpus_jsonl, out, ROOT / "corpus" / "gold")
    return out


def _missing_browser() -> str | None:
    for binary in (CHROMIUM, CHROMEDRIVER):
        if not binary.is_file():
            return f"{binary} not installed (apt-get install -y chromium chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium not installed (pip install -e '.[browser]')"
    return None


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium session (selenium, system chromedriver)."""
    reason = _missing_browser()
    if reason:
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,1000", "--allow-file-access-from-files"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where screenshots go (out/ is git-ignored; CI keeps it as the test artifacts)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


