"""The one sentence splitter (issue 13 item 4): every stage cuts sentences the same way.

Before, three splitters disagreed: ``segment`` ended a sentence at ``？`` and at a ``?``
before a space, ``units`` (meta, signings) at neither, the subject finder at every ``?``
(the mark normalization writes for a lost character) but not at ``；``.
"""
from __future__ import annotations

import pytest

from xinwen.pipeline.doc import Span
from xinwen.pipeline.sentences import END_MARKS, SENTENCE_END, split_sentences
from xinwen.pipeline.segment import split_sentence_texts
from xinwen.pipeline.grammar import subject, units

CASES = [
    # (text, sentences) — constructed
    ("真的吗？是的。", ["真的吗？", "是的。"]),  # ？ ends (units did not)
    ("一是招商；二是落地。", ["一是招商；", "二是落地。"]),
    ("崂山区委书记张?出席", ["崂山区委书记张?出席"]),  # a lost character, no end
    ("想爆料? 请登录", ["想爆料?", "请登录"]),
    ("他说:“欢迎投资。”随后参观】", ["他说:“欢迎投资。”", "随后参观】"]),
    ("标题一行\n正文。", ["标题一行", "正文。"]),
    ("  \n\n", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_one_splitter_for_every_reader(text, expected):
    assert [text[s.start:s.end] for s in split_sentences(text)] == expected
    assert split_sentence_texts(text) == expected  # segment's Document.sentences
    assert [text[s.start:s.end] for s in units.sentence_spans(text)] == expected  # meta, signings


def test_a_part_is_cut_in_text_coordinates():
    text = "前言。真的吗？是的。后记"
    within = Span(3, 10)
    assert [text[s.start:s.end] for s in split_sentences(text, within)] == ["真的吗？", "是的。"]


@pytest.mark.parametrize("mark", list(END_MARKS))
def test_end_marks_are_the_pattern_s_terminators(mark):
    assert SENTENCE_END.search(f"好{mark}然后") is not None


def test_the_subject_finder_ends_sentences_where_the_splitter_does():
    assert set(subject.SENTENCE_END) == set(END_MARKS) | {"\n"}
    assert "?" not in subject.SENTENCE_END  # a lost character is no sentence end
