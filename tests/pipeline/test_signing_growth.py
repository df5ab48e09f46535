"""The signings stage does work linear in the text (issue 15: no quadratic scans).

Counts calls, times nothing: a document four times as long may cost at most about four times
the paragraph tests and project-name checks (5x allows for the one-off lead)."""
from __future__ import annotations

from pathlib import Path

import xinwen.pipeline.slots.signing.stage as signing
import xinwen.pipeline.slots.signing.values as values
from xinwen.pipeline.doc import Document, SourceInfo
from xinwen.pipeline.normalize import normalize_text
from xinwen.pipeline.slots.meta.stage import MetaStage
from xinwen.pipeline.slots.signing.stage import SigningStage

ARTICLE = Path(__file__).parents[2] / "corpus/articles/dev003.txt"


def work(copies: int, monkeypatch) -> dict[str, int]:
    counts = {"continues": 0, "valid_project": 0}

    def counted(name, function):
        def wrapper(*args, **kwargs):
            counts[name] += 1
            return function(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(signing, "_continues", counted("continues", signing._continues))
    monkeypatch.setattr(values, "valid_project", counted("valid_project", values.valid_project))
    text = normalize_text((ARTICLE.read_text(encoding="utf-8") + "\n") * copies).text
    doc = Document(doc_id="t", raw=text, source=SourceInfo("", "", "utf-8", "text"), text=text)
    SigningStage()(MetaStage()(doc))
    monkeypatch.undo()
    return counts


def test_work_grows_linearly_between_100k_and_400k_characters(monkeypatch):
    copies = 100_000 // len(ARTICLE.read_text(encoding="utf-8")) + 1
    small, large = work(copies, monkeypatch), work(4 * copies, monkeypatch)
    for name in small:
        assert small[name] > 0
        assert large[name] <= 5 * small[name], (name, small[name], large[name])
