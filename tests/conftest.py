"""Shared fixtures. Heavy resources (the pipeline, the LAC model) load once per session."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
ARTICLES = CORPUS / "articles"
GOLD = CORPUS / "gold"


@pytest.fixture(scope="session")
def nlp():
    """The default pipeline, built once."""
    from xinwen.pipeline.pipeline import build_pipeline

    return build_pipeline()


@pytest.fixture(scope="session")
def seed_raw() -> str:
    return (ARTICLES / "seed.txt").read_text(encoding="utf-8")


def article(name: str) -> str:
    """Raw text of a bundled corpus article, e.g. ``article("dev019")``."""
    return (ARTICLES / f"{name}.txt").read_text(encoding="utf-8")
