"""Rule provenance (issue 13): every emitted ``rule`` is the id of a data-file row, and the
rows' examples and counterexamples hold.

Rule tables are the ``pipeline/data/*.tsv`` files with an ``id`` column; a cell ``\\n`` in an
example stands for a line break.
"""
from __future__ import annotations

import pytest

from tests.conftest import ARTICLES
from xinwen.pipeline.doc import Document, OffsetMap, SourceInfo
from xinwen.pipeline.export import to_record
from xinwen.pipeline.resources import DATA_DIR, load_tsv
from xinwen.pipeline.grammar.byline import PEOPLE_RULE_COLUMNS, CreditLines, dateline_pattern, role_pattern
from xinwen.pipeline.grammar.lexicon import load_people_lexicon
from xinwen.pipeline.slots.meta.stage import META_RULE_COLUMNS, MetaStage, load_meta_words

#: stage names: a whole stage under one id is no rule
STAGE_NAMES = {"normalize", "segment", "ner", "people", "amounts", "areas", "meta", "signings", "jobs"}


def _header(path) -> list[str]:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            return line.split("\t")
    return []


def rule_ids() -> dict[str, str]:
    """Every row id of every rule table: id → file name."""
    ids: dict[str, str] = {}
    for path in sorted(DATA_DIR.glob("*.tsv")):
        header = _header(path)
        if "id" not in header:
            continue
        for row in load_tsv(path.name, tuple(header), key="id"):
            assert row["id"] not in ids, f"{row['id']} in {ids.get(row['id'])} and {path.name}"
            ids[row["id"]] = path.name
    return ids


def emitted_rules(record: dict) -> list[str]:
    """Every rule id a record carries (items, mentions, titles, signings, meta)."""
    found = []
    for name in ("amounts", "areas", "jobs"):
        found += [item["rule"] for item in record.get(name, [])]
    for person in record["people"]:
        found += [person["rule"], *person["title_rules"], *(m["rule"] for m in person["mentions"])]
    for signing in record["signings"]:
        found += [signing["rule"], *signing["rules"]]
    found += list(record["meta"]["rules"].values())
    return found


def _record(nlp, text: str) -> dict:
    doc = Document("t", raw=text, source=SourceInfo("t", "", "utf-8", "text"))
    return to_record(nlp(doc))


def _cells(cell: str) -> list[str]:
    return [part.strip().replace("\\n", "\n") for part in cell.split(" | ") if part.strip()]


@pytest.fixture(scope="module")
def corpus_rules(nlp) -> list[str]:
    found = []
    for path in sorted(ARTICLES.glob("*.txt")):
        found += emitted_rules(_record(nlp, path.read_text(encoding="utf-8")))
    return found


def test_every_rule_on_the_corpus_is_a_row_id(corpus_rules):
    ids = rule_ids()
    assert None not in corpus_rules
    assert sorted(set(corpus_rules) - set(ids)) == []
    assert not set(corpus_rules) & STAGE_NAMES


def test_rules_tell_the_forms_apart(corpus_rules):
    """Each slot's items come from several rows, not from one id per stage."""
    ids = rule_ids()
    by_file: dict[str, set[str]] = {}
    for rule in set(corpus_rules):
        by_file.setdefault(ids[rule], set()).add(rule)
    assert len(by_file["people_rules.tsv"]) >= 4
    assert len(by_file["meta_rules.tsv"]) >= 8
    assert len(by_file["place_rules.tsv"]) >= 3
    assert {"money", "area"} <= by_file["quantity_patterns.tsv"]


def test_seed_rules(nlp, seed_raw):
    record = _record(nlp, seed_raw)
    assert {a["rule"] for a in record["amounts"]} == {"money"}
    assert {a["rule"] for a in record["areas"]} == {"area"}
    assert record["meta"]["rules"]["place"] == "place.held"
    assert record["meta"]["rules"]["title"] == "title.marker"
    assert record["signings"][0]["rule"] == "trigger.qianyue"
    person = next(p for p in record["people"] if p["name"] == "耿涛")
    assert len(person["title_rules"]) == len(person["titles"])
    assert person["rule"] == "title.before"


def test_emitted_rules_of_a_range():
    from xinwen.pipeline.slots.area import AreaStage
    from xinwen.pipeline.slots.money import AmountStage

    assert [a.rule for a in AmountStage().find("总投资8亿至10亿元,其中5亿元")] == ["money.range", "money"]
    assert [a.rule for a in AreaStage().find("占地200-300亩,一期50亩")] == ["area.range", "area"]


# -- the rows: examples and counterexamples ------------------------------------------------------

PEOPLE_ROWS = load_tsv("people_rules.tsv", PEOPLE_RULE_COLUMNS, key="id")


def _people_rules(record: dict) -> set[str]:
    found = set()
    for person in record["people"]:
        found.update(person["title_rules"])
        found.update(m["rule"] for m in person["mentions"])
    return found


@pytest.mark.parametrize("row", PEOPLE_ROWS, ids=lambda r: r["id"])
def test_people_rule_examples(nlp, row):
    for text in _cells(row["examples"]):
        assert row["id"] in _people_rules(_record(nlp, text)), text
    for text in _cells(row["counterexamples"]):
        assert row["id"] not in _people_rules(_record(nlp, text)), text


def _people_regex(rule: str):
    """The compiled byline regex of a ``regex`` row, as the people stage builds it."""
    if rule == "byline.role":
        return role_pattern(load_people_lexicon())
    if rule == "byline.dateline":
        return dateline_pattern(load_meta_words()["dateline_suffix"])
    return CreditLines()._pattern


@pytest.mark.parametrize("row", [r for r in PEOPLE_ROWS if r["kind"] == "regex"], ids=lambda r: r["id"])
def test_people_regex_rows_match_their_examples(row):
    regex = _people_regex(row["id"])
    assert all(regex.search(text) for text in _cells(row["examples"]))
    assert all(regex.search(text) is None for text in _cells(row["counterexamples"])
               if row["id"] != "byline.role")  # 据记者了解: the role word is there, no name after it


META_ROWS = load_tsv("meta_rules.tsv", META_RULE_COLUMNS, key="id")


def _meta_rules(text: str) -> dict[str, str]:
    """The meta stage alone (no people: the byline fallback reads the text)."""
    doc = Document("t", raw=text, source=SourceInfo("t", "", "utf-8", "text"), text=text,
                   offset_map=OffsetMap.identity(len(text)))
    return MetaStage()(doc).meta.rules


@pytest.mark.parametrize("row", [r for r in META_ROWS if r["field"] != "-"], ids=lambda r: r["id"])
def test_meta_rule_examples(row):
    for text in _cells(row["examples"]):
        assert _meta_rules(text).get(row["field"]) == row["id"], text
    for text in _cells(row["counterexamples"]):
        assert _meta_rules(text).get(row["field"]) != row["id"], text


@pytest.mark.parametrize("row", [r for r in META_ROWS if r["kind"] == "regex"], ids=lambda r: r["id"])
def test_meta_regex_rows_match_their_examples(row):
    regex = load_meta_words().regex(row["id"])
    assert all(regex.search(text) for text in _cells(row["examples"]))


QUANTITY_ROWS = load_tsv("quantity_patterns.tsv", ("id", "template", "examples", "counterexamples"),
                         key="id")


@pytest.mark.parametrize("row", QUANTITY_ROWS, ids=lambda r: r["id"])
def test_quantity_rows_read_their_examples(row):
    """Each example is read whole by its own row, not by an earlier one of its family."""
    from xinwen.pipeline.slots.area import default_area_grammar
    from xinwen.pipeline.slots.money import default_money_grammar

    family = row["id"].split(".")[0]
    grammar = default_money_grammar() if family == "money" else default_area_grammar()
    for text in _cells(row["examples"]):
        match = grammar.pattern.fullmatch(text)
        assert match is not None and grammar.pattern.rule_of(match) == row["id"], text
