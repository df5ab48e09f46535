"""The words the tokenizer keeps whole: its jieba user dictionary, from the grammar tables.

The segment stage needs only these words, not the people grammar's ``PeopleLexicon``
(``grammar/lexicon.py``), so they are read here, outside ``slots/``, from the same
files: every title head word, organization marker, byline role, honorific, name
follower and clause breaker of two characters or more (``副区长``, ``与会企业``).
``grammar/lexicon.py`` re-exports :func:`segmenter_words`. The subject grammar of amounts
and areas keeps its heads whole too (``subject_heads.tsv``, the ``owner_head`` words of
``subject_words.tsv``): :func:`tokenizer_words` is both lists, the one user dictionary of
the pipeline's one tokenizer (``posseg.shared_tagger``).

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


#: (file, the column of its word, the rows that count: column → value, or None for all)
SUBJECT_TABLES = (
    ("subject_heads.tsv", "word", None),
    ("subject_words.tsv", "word", ("role", "owner_head")),
)


def subject_head_words() -> list[str]:
    """The heads the subject grammar keeps whole (``项目``, ``产业园``), sorted."""
    words = {row[column] for name, column, where in SUBJECT_TABLES for row in load_table(name)
             if where is None or row[where[0]] == where[1]}
    return sorted(words)


def tokenizer_words(extra: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The user dictionary of the pipeline's tokenizer: the segmenter's words, the subject
    heads and ``extra`` (a caller's own; none for the shipped tables), sorted."""
    return tuple(sorted({*segmenter_words(), *subject_head_words(), *extra}))
