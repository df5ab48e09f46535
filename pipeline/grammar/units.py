"""Lines, sentences and clauses of the working text, as ``Span``. Pure functions.

Sentences are those of the one splitter, ``pipeline/sentences.py`` (the segment
stage's ``Document.sentences`` too); ``sentence_spans`` also cuts a part of the text.
Clauses are the comma/colon pieces of a sentence.

>>> text = "原标题:16个项目签约\\n推介会在深圳举行。活动吸引150余家单位参与！"
>>> [text[s.start:s.end] for s in sentence_spans(text)]
['原标题:16个项目签约', '推介会在深圳举行。', '活动吸引150余家单位参与！']
>>> [text[s.start:s.end] for s in clause_spans(text, sentence_spans(text)[0])]
['原标题', '16个项目签约']
"""

from __future__ import annotations

from xinwen.pipeline.doc import Span
from xinwen.pipeline.sentences import END_MARKS, split_sentences

CLAUSE_BREAK = ",，:："


def _trimmed(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if end > start else None


def line_spans(text: str) -> list[Span]:
    """Non-blank lines, trimmed of surrounding whitespace.

    >>> [tuple(s.as_dict().values()) for s in line_spans(" a \\n\\nbc\\n")]
    [(1, 2), (5, 7)]
    """
    spans, start = [], 0
    for line in text.split("\n"):
        span = _trimmed(text, start, start + len(line))
        if span:
            spans.append(span)
        start += len(line) + 1
    return spans


def sentence_spans(text: str, within: Span | None = None) -> list[Span]:
    """Sentences of ``text`` (or of the part ``within``), trimmed, in order."""
    return split_sentences(text, within)


def clause_spans(text: str, sentence: Span) -> list[Span]:
    """The comma- and colon-separated clauses of one sentence (punctuation excluded)."""
    spans, start = [], sentence.start
    for i in range(sentence.start, sentence.end + 1):
        if i == sentence.end or text[i] in CLAUSE_BREAK or text[i] in END_MARKS:
            span = _trimmed(text, start, i)
            if span:
                spans.append(span)
            start = i + 1
    return spans
