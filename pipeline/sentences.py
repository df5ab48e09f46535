"""The one sentence splitter of the working text (issue 13 item 4), for every stage.

A sentence ends after a run of ``。！？!；;`` with any closing quotes or brackets that
follow, and at line breaks, so a headline line is a sentence of its own; a half-width
``?`` ends one only before whitespace or the end of the text, because elsewhere it
stands for a character lost in a garbled source (``张?``). The pattern is the row
``text.sentence_end`` of ``data/text_patterns.tsv``; :data:`END_MARKS` are its terminators
for code that scans characters (the clause cuts of ``grammar/units.py``, the subject
finder), checked against the row by ``tests/pipeline/test_sentences.py``.

>>> text = "原标题:16个项目签约\\n推介会在深圳举行。真的吗？是的！“好。”张?说"
>>> [text[s.start:s.end] for s in split_sentences(text)]
['原标题:16个项目签约', '推介会在深圳举行。', '真的吗？', '是的！', '“好。”', '张?说']
"""
from __future__ import annotations

from xinwen.pipeline.doc import Span
from xinwen.pipeline.patterns import fixed_pattern

SENTENCE_END = fixed_pattern("text_patterns.tsv", "text.sentence_end")
#: the terminators of SENTENCE_END that end a sentence wherever they stand (not ``?``)
END_MARKS = "。！？!；;"


def split_sentences(text: str, within: Span | None = None) -> list[Span]:
    """Sentence spans of ``text`` (or of its part ``within``), trimmed of surrounding
    whitespace, none empty, in order, in ``text`` coordinates."""
    base, stop = (within.start, within.end) if within else (0, len(text))
    spans: list[Span] = []
    start = base
    for match in SENTENCE_END.finditer(text, base, stop):
        spans.extend(_stripped(text, start, match.end()))
        start = match.end()
    spans.extend(_stripped(text, start, stop))
    return spans


def _stripped(text: str, start: int, end: int) -> list[Span]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return [Span(start, end)] if start < end else []
