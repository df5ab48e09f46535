"""Lines, sentences and clauses of the working text, as ``TextSpan``. Pure functions.

The meta and signings stages need sentence spans that are *the same on every
run whatever other stages did*, so they cut them here rather than read
``Document.sentences``: a sentence ends at ``。！？!；;`` (with any closing
quote or bracket after it) or at a line break; a headline line is a sentence
of its own. ASCII ``?`` never ends a sentence: normalization writes it for a
character lost in the source (``张?``). Clauses are the comma/colon pieces of a
sentence.

>>> text = "原标题:16个项目签约\\n推介会在深圳举行。活动吸引150余家单位参与！"
>>> [text[s.start:s.end] for s in sentence_spans(text)]
['原标题:16个项目签约', '推介会在深圳举行。', '活动吸引150余家单位参与！']
>>> [text[s.start:s.end] for s in clause_spans(text, sentence_spans(text)[0])]
['原标题', '16个项目签约']
"""

from __future__ import annotations

import re

from xinwen.pipeline.doc import TextSpan

SENTENCE_END = "。！!；;"
CLOSERS = "”’」』)）】"
CLAUSE_BREAK = ",，:："
_SENTENCE = re.compile(rf"[^{SENTENCE_END}\n]*(?:[{SENTENCE_END}]+[{CLOSERS}]*|\n|$)")


def _trimmed(text: str, start: int, end: int) -> TextSpan | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return TextSpan(start, end) if end > start else None


def line_spans(text: str) -> list[TextSpan]:
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


def sentence_spans(text: str, within: TextSpan | None = None) -> list[TextSpan]:
    """Sentences of ``text`` (or of the part ``within``), trimmed, in order."""
    base = within.start if within else 0
    part = text[base : within.end] if within else text
    spans = []
    for m in _SENTENCE.finditer(part):
        if m.end() == m.start():
            continue
        span = _trimmed(text, base + m.start(), base + m.end())
        if span:
            spans.append(span)
    return spans


def clause_spans(text: str, sentence: TextSpan) -> list[TextSpan]:
    """The comma- and colon-separated clauses of one sentence (punctuation excluded)."""
    spans, start = [], sentence.start
    for i in range(sentence.start, sentence.end + 1):
        if i == sentence.end or text[i] in CLAUSE_BREAK or text[i] in SENTENCE_END:
            span = _trimmed(text, start, i)
            if span:
                spans.append(span)
            start = i + 1
    return spans
