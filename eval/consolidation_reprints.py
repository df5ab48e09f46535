"""Reprints of corpus articles for the consolidation test set (issue 18).

A news archive holds the same article many times: a traditional-character mirror, a
traditional copy with inline pinyin (``產(chǎn)業(yè)``), a copy under another headline, a garbled
mirror that lost a character of a name. :func:`reprint` makes each of them from a corpus article,
so that the consolidation can be scored on copies whose identity is known by construction.
Which articles are reprinted, how, and with which headline is data: ``eval/data/consolidation_reprints.tsv``.

>>> maker = ReprintMaker.load()
>>> maker.traditional("平度签约项目")
'平度簽約項目'
>>> maker.pinyin("平度签约项目")
'平度簽(qiān)約(yuē)項(xiàng)目'
>>> maker.garbled("市委书记谢兆村出席", "谢兆村")
'市委书记谢?村出席'
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import opencc

from xinwen.pipeline.pinyin import PinyinTable

DATA = Path(__file__).resolve().parent / "data"
REPRINTS_FILE = DATA / "consolidation_reprints.tsv"
REPRINT_COLUMNS = ("doc_id", "kind", "argument", "note")
KINDS = ("traditional", "pinyin", "headline", "garbled")
LOST = "?"


@dataclass(frozen=True)
class Reprint:
    doc_id: str  # the original's
    kind: str
    argument: str  # the new headline, or the name to garble ("-" for none)

    @property
    def reprint_id(self) -> str:
        return f"{self.doc_id}.{self.kind}"


def load_reprints(path: Path = REPRINTS_FILE) -> list[Reprint]:
    """Rows of the reprint table (``#`` comments; header checked)."""
    lines = [
        line
        for line in path.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    header = tuple(lines[0].split("\t"))
    if header != REPRINT_COLUMNS:
        raise ValueError(f"{path}: header {header} != {REPRINT_COLUMNS}")
    rows = [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]
    bad = [row for row in rows if row["kind"] not in KINDS]
    if bad:
        raise ValueError(f"{path}: unknown kind {bad[0]['kind']!r}")
    return [Reprint(row["doc_id"], row["kind"], row["argument"]) for row in rows]


@dataclass(frozen=True)
class ReprintMaker:
    s2t: Any
    readings: PinyinTable

    @classmethod
    def load(cls) -> ReprintMaker:
        return cls(opencc.OpenCC("s2t"), PinyinTable.load())

    def traditional(self, text: str) -> str:
        return self.s2t.convert(text)

    def pinyin(self, text: str) -> str:
        """Traditional text with the first reading after each character OpenCC changed."""
        out = []
        for simple, trad in zip(text, self.traditional(text), strict=True):
            readings = self.readings.readings(trad) if trad != simple else ()
            out.append(f"{trad}({readings[0]})" if readings else trad)
        return "".join(out)

    def garbled(self, text: str, name: str) -> str:
        """Every occurrence of ``name`` with its middle character lost (``谢兆村`` → ``谢?村``)."""
        middle = len(name) // 2
        return text.replace(name, name[:middle] + LOST + name[middle + 1 :])

    def make(self, raw: str, reprint: Reprint, title: str | None) -> str:
        if reprint.kind == "traditional":
            return self.traditional(raw)
        if reprint.kind == "pinyin":
            return self.pinyin(raw)
        if reprint.kind == "headline":
            return _new_headline(raw, title, reprint.argument)
        return self.pinyin(self.garbled(raw, reprint.argument))


def _new_headline(raw: str, title: str | None, headline: str) -> str:
    """The article under another headline: the old one replaced, else the new one on top."""
    if title and title in raw:
        return raw.replace(title, headline, 1)
    return f"{headline}\n\n{raw}"


def write_reprints(
    articles: Path, titles: dict[str, str | None], out: Path, reprints: list[Reprint] | None = None
) -> list[Path]:
    """Write every reprint of the table as ``out/<doc_id>.<kind>.txt``; the paths."""
    maker = ReprintMaker.load()
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for reprint in reprints if reprints is not None else load_reprints():
        raw = (articles / f"{reprint.doc_id}.txt").read_text(encoding="utf-8")
        path = out / f"{reprint.reprint_id}.txt"
        path.write_text(maker.make(raw, reprint, titles.get(reprint.doc_id)), encoding="utf-8")
        written.append(path)
    return written
