"""The table spec of ``pipeline/resources.py``: every data file declared once and loaded
through it; each loading problem names the real ``file:line``."""
from __future__ import annotations

import pytest

from xinwen.pipeline import resources
from xinwen.pipeline.errors import PipelineError
from xinwen.pipeline.resources import DATA_DIR, TABLES, list_cell, load_table, load_tsv

DATA_FILES = sorted(path.name for path in DATA_DIR.glob("*.tsv"))


def test_every_data_file_has_a_spec_and_every_spec_a_file():
    assert sorted(TABLES) == DATA_FILES


@pytest.mark.parametrize("name", DATA_FILES)
def test_every_table_loads_through_its_spec(name):
    spec = TABLES[name]
    rows = load_table(name)
    assert rows
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    for row in rows:  # each row knows its own line
        assert lines[row.line - 1].split("\t") == [row[column] for column in spec.columns]
    for column in (*spec.examples, *spec.counterexamples, *spec.optional, *spec.key):
        assert column in spec.columns
    for column, allowed in spec.enums:
        assert {row[column] for row in rows} <= set(allowed)


def test_list_columns_split_on_their_separator():
    row = next(r for r in load_table("quantity_patterns.tsv") if r["id"] == "money.range")
    assert list_cell(row, "examples") == ("8亿至10亿元", "8—10亿元")


@pytest.fixture
def broken(tmp_path, monkeypatch):
    """Write ``name`` to a copy of the data folder with ``line`` appended; return its path
    and the 1-based number of that line."""
    def write(name: str, line: str) -> tuple[str, int]:
        for source in DATA_DIR.glob("*.tsv"):
            (tmp_path / source.name).write_bytes(source.read_bytes())
        path = tmp_path / name
        text = path.read_text(encoding="utf-8")
        path.write_text(text + line + "\n", encoding="utf-8")
        monkeypatch.setattr(resources, "DATA_DIR", tmp_path)
        return str(path), len(text.splitlines()) + 1
    return write


def _message(name: str) -> str:
    with pytest.raises(PipelineError) as caught:
        load_table(name)
    return str(caught.value)


def test_wrong_cell_count(broken):
    path, line = broken("currencies.tsv", "卢布\tRUB\tsuffix")
    assert _message("currencies.tsv") == f"[E020] {path}:{line}: 3 cells, expected 4"


def test_duplicate_key(broken):
    first = next(r.line for r in load_table("currencies.tsv") if r["word"] == "美元")
    path, line = broken("currencies.tsv", "美元\tUSD\tsuffix\tno")
    assert _message("currencies.tsv") == (
        f"[E020] {path}:{line}: duplicate word '美元' (first on line {first})")


def test_duplicate_compound_key(broken):
    first = next(r.line for r in load_table("meta_words.tsv")
                 if (r["kind"], r["word"]) == ("dateline_suffix", "讯"))
    path, line = broken("meta_words.tsv", "dateline_suffix\t讯\t本报讯")
    assert _message("meta_words.tsv") == (
        f"[E020] {path}:{line}: duplicate kind+word 'dateline_suffix 讯' (first on line {first})")


def test_a_word_may_repeat_under_another_kind(broken):
    broken("meta_words.tsv", "banner\t讯\t本报讯")
    assert load_table("meta_words.tsv")[-1]["kind"] == "banner"


def test_bad_enum_value(broken):
    path, line = broken("currencies.tsv", "卢布\tRUB\tprefix\tno")
    assert _message("currencies.tsv") == (
        f"[E020] {path}:{line}: 'prefix' is not one of both, suffix (column position)")


def test_empty_required_cell(broken):
    path, line = broken("currencies.tsv", "卢布\t\tsuffix\tno")
    assert _message("currencies.tsv") == f"[E020] {path}:{line}: empty iso"


def test_empty_optional_cell_is_allowed(broken):
    broken("qualifiers.tsv", "差不多\tprefix\tabout\t")
    assert load_table("qualifiers.tsv")[-1]["not_after"] == ""


def test_wrong_header(tmp_path, monkeypatch):
    (tmp_path / "honorifics.tsv").write_text("# source\nterm\n先生\n", encoding="utf-8")
    monkeypatch.setattr(resources, "DATA_DIR", tmp_path)
    assert _message("honorifics.tsv") == (
        f"[E020] {tmp_path / 'honorifics.tsv'}:2: header ['term'] != expected ['word']")


def test_a_reader_out_of_step_with_its_spec_fails_at_the_header():
    line = next(i for i, text in enumerate(
        (DATA_DIR / "honorifics.tsv").read_text(encoding="utf-8").splitlines(), 1)
        if text and not text.startswith("#"))
    with pytest.raises(PipelineError) as caught:
        load_tsv("honorifics.tsv", ("word", "kind"))
    assert str(caught.value) == (
        f"[E020] {DATA_DIR / 'honorifics.tsv'}:{line}: reader expects columns ['word', 'kind'] "
        "key None, TABLES declares ['word'] key ['word']")


def test_a_file_without_a_spec():
    with pytest.raises(PipelineError) as caught:
        load_table("nowhere.tsv")
    assert str(caught.value) == f"[E020] {DATA_DIR / 'nowhere.tsv'}:1: no entry in resources.TABLES"


def test_a_stage_check_reports_the_row_line(broken):
    """A check a loader makes after the spec (signing_patterns: the pattern matches its
    example) names the row's own line too."""
    from xinwen.pipeline.slots.signing.rules import load_signing_rules

    path, line = broken("signing_patterns.tsv", "x.never\ttrigger\t签约\t无关的句子")
    load_signing_rules.cache_clear()
    try:
        with pytest.raises(PipelineError) as caught:
            load_signing_rules()
    finally:
        load_signing_rules.cache_clear()
    assert str(caught.value) == f"[E020] {path}:{line}: pattern does not match its example"


def test_an_unknown_fragment_names_its_row(broken):
    """A template is composed from its row: an unknown fragment reports the row's line."""
    from xinwen.pipeline.grammar.numbers import NumberGrammar

    path, line = broken("jobs_patterns.tsv", "jobs.bad\t{NOPE}人\t1人\t2人次\tissue 13")
    with pytest.raises(PipelineError) as caught:
        NumberGrammar().compile_patterns({}, "jobs_patterns.tsv", TABLES["jobs_patterns.tsv"].columns)
    assert str(caught.value) == f"[E020] {path}:{line}: unknown fragment {{NOPE}}"


def _enum(name: str, column: str) -> set[str]:
    return set(dict(TABLES[name].enums)[column])


def test_spec_enums_agree_with_the_stages_that_read_them():
    """A value the spec lets through is one the reading stage knows (no KeyError later)."""
    from xinwen.pipeline import consolidate_keys
    from xinwen.pipeline.grammar import lexicon, numbers
    from xinwen.pipeline.slots.signing import rules as signing_rules

    assert _enum("title_words.tsv", "kind") == set(lexicon.CATEGORIES)
    assert _enum("org_markers.tsv", "kind") == set(lexicon.CATEGORIES)
    assert _enum("org_markers.tsv", "scope") == set(lexicon.MARKER_SCOPES)
    assert _enum("qualifiers.tsv", "qualifier") == set(numbers.QUALIFIERS)
    assert _enum("signing_patterns.tsv", "kind") == set(signing_rules.PATTERN_KINDS)
    assert _enum("signing_words.tsv", "kind") <= set(signing_rules.WORD_KINDS)
    assert _enum("consolidate_words.tsv", "kind") == set(consolidate_keys.WORD_KINDS)
