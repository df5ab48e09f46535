"""The words the segmenter keeps whole: its jieba user dictionary, from the people lexicons.

The segment stage needs only these words, not the people grammar's ``PeopleLexicon``
(``slots/lexicon.py``), so they are read here, outside ``slots/``, from the same
files: every title head word, organization marker, byline role, honorific, name
follower and clause breaker of two characters or more (``副区长``, ``与会企业``).
``slots/lexicon.py`` re-exports :func:`segmenter_words`.

>>> words = segmenter_words()
>>> "副市长" in words, all(len(w) >= 2 for w in words), words == sorted(set(words))
(True, True, True)
"""
from __future__ import annotations

from xinwen.pipeline.resources import load_table

#: (file under pipeline/data/, the column that holds its word)
SEGMENTER_TABLES = (
    ("title_words.tsv", "word"),
    ("org_markers.tsv", "marker"),
    ("byline_roles.tsv", "role"),
    ("honorifics.tsv", "word"),
    ("name_followers.tsv", "word"),
    ("clause_breakers.tsv", "word"),
)


def segmenter_words() -> list[str]:
    """Words the segmenter should keep whole (its user dictionary), sorted."""
    words = {row[column] for name, column in SEGMENTER_TABLES for row in load_table(name)}
    return sorted(w for w in words if len(w) >= 2)
