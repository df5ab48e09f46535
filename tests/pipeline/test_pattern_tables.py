"""Every row of every pattern table matches its examples and none of its counterexamples
(issue 13, item 3: rules are data; the test collects the rows).

A table's patterns are compiled as the pipeline compiles them: a fixed table alone, a table with
word fragments with the fragments its owner builds from the word tables.
"""
from __future__ import annotations

import pytest

from xinwen.pipeline.patterns import PATTERN_COLUMNS, examples, fixed_patterns
from xinwen.pipeline.resources import TABLES, load_tsv


def _compiled(table: str):
    """The compiled patterns of ``table``, built the way its owning stage builds them."""
    if table == "signing_text_patterns.tsv":
        from xinwen.pipeline.slots.signing.rules import load_signing_rules

        return load_signing_rules().text
    if table == "meta_word_patterns.tsv":
        from xinwen.pipeline.slots.meta.stage import load_meta_words

        return load_meta_words().text
    if table == "phrase_word_patterns.tsv":
        from xinwen.pipeline.grammar.phrase import PhraseRules, default_words

        return PhraseRules(default_words()).text
    return fixed_patterns(table)


#: the pattern tables (every table declared with the pattern columns)
PATTERN_TABLES = sorted(name for name, spec in TABLES.items() if spec.columns == PATTERN_COLUMNS)
ROWS = [
    (table, row) for table in PATTERN_TABLES for row in load_tsv(table, PATTERN_COLUMNS, key="id")
]


def test_the_pattern_tables():
    assert "text_patterns.tsv" in PATTERN_TABLES


@pytest.mark.parametrize(("table", "row"), ROWS, ids=[row["id"] for _, row in ROWS])
def test_row_examples(table, row):
    pattern = _compiled(table)[row["id"]]
    matching, not_matching = examples(row)
    encode = (lambda text: text.encode("utf-8")) if isinstance(pattern.pattern, bytes) else str
    assert matching, "a row has examples"
    assert [text for text in matching if not pattern.search(encode(text))] == []
    assert [text for text in not_matching if pattern.search(encode(text))] == []
