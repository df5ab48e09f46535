"""Stage ``segment``: tokens that cover the text, sentences, a private jieba tokenizer."""
from __future__ import annotations

import jieba
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xinwen.pipeline.doc import Document, SourceInfo, Span
from xinwen.pipeline.grammar.lexicon_words import segmenter_words
from xinwen.pipeline.segment import SegmentStage, split_sentence_texts, split_sentences


@pytest.fixture(scope="module")
def segment() -> SegmentStage:
    """The stage without a NER scope: its tokens tile the whole text (the gated stage's
    tile the people-grammar pieces only: tests/pipeline/test_ner_scope.py)."""
    return SegmentStage()


def make_doc(text: str) -> Document:
    return Document(doc_id="t", raw=text, source=SourceInfo("", "", "utf-8", "text"), text=text)


# -- sentences ---------------------------------------------------------------------------------
CASES_SENTENCES = [
    # 句末标点与换行 (seed)
    ("推介会在深圳成功举行。活动吸引深圳、广州等地单位参与。",
     ["推介会在深圳成功举行。", "活动吸引深圳、广州等地单位参与。"]),
    ("青岛市委常委、副市长耿涛致辞\n潘毅院士致辞", ["青岛市委常委、副市长耿涛致辞", "潘毅院士致辞"]),
    # 引号随句末标点 (constructed)
    ("他说:“欢迎投资。”随后参观。", ["他说:“欢迎投资。”", "随后参观。"]),
    ("真的吗？是的！", ["真的吗？", "是的！"]),
    # 丢失字符的 ? 不断句, 问号在空白前断句 (seed)
    ("崂山区委书记张?新一代人工智能联盟", ["崂山区委书记张?新一代人工智能联盟"]),
    ("想爆料? 请登录", ["想爆料?", "请登录"]),
    # 空白与空行 (dev016)
    ("\n\n  项目签约仪式。\n\n", ["项目签约仪式。"]),
    ("", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES_SENTENCES,
                         ids=[c[0][:12] for c in CASES_SENTENCES])
def test_sentences(text, expected):
    assert split_sentence_texts(text) == expected


def test_sentence_spans_are_working_text_offsets():
    text = "甲。\n乙！"
    assert split_sentences(text) == [Span(0, 2), Span(3, 5)]


# -- tokens ------------------------------------------------------------------------------------
CASES_WHOLE_WORDS = [
    # 职务词、署名角色、断词来自词表 (seed, dev009, dev021)
    ("青岛市崂山区副区长刘凌推介", "副区长"),
    ("与会企业云天畅想集团联合创始人", "与会企业"),
    ("与会企业云天畅想集团联合创始人", "联合创始人"),
    ("观海新闻/青岛早报记者 刘海龙通讯员 毕海虹", "通讯员"),
    ("在府新大厦会见了潍坊市委书记刘运", "会见了"),
]


@pytest.mark.parametrize(("text", "word"), CASES_WHOLE_WORDS)
def test_lexicon_words_are_tokens(segment, text, word):
    assert word in [token.text for token in segment.tokenize(text)]


def test_tokens_carry_offsets_and_tags(segment):
    doc = segment(make_doc("副市长耿涛致辞。"))
    assert [(t.text, t.start, t.end) for t in doc.tokens][:2] == [("副市长", 0, 3), ("耿涛", 3, 5)]
    assert all(t.pos for t in doc.tokens)
    assert doc.sentences == [Span(0, 8)]


def test_global_jieba_is_untouched(segment):
    segment.tokenize("与会企业代表发言")
    assert "与会企业" not in jieba.dt.FREQ
    assert not jieba.dt.user_word_tag_tab


@settings(deadline=None, max_examples=60)
@given(st.text(alphabet=st.sampled_from(list("青岛市副区长刘凌与会企业记者 ,。?\n、A1·")), max_size=40))
def test_tokens_cover_text_exactly(segment, text):
    tokens = segment.tokenize(text)
    assert "".join(t.text for t in tokens) == text
    assert all(text[t.start:t.end] == t.text for t in tokens)
    assert all(a.end == b.start for a, b in zip(tokens, tokens[1:]))


def test_segmenter_words_are_the_people_lexicons_words_of_two_characters_or_more():
    """Read outside slots/ (segment imports nothing from it), the same words as the lexicon's."""
    from xinwen.pipeline.grammar.lexicon import load_people_lexicon

    lexicon = load_people_lexicon()
    words = [*lexicon.title_words, *lexicon.org_markers, *lexicon.byline_roles,
             *lexicon.honorifics, *lexicon.followers, *lexicon.breakers]
    assert segmenter_words() == sorted({w for w in words if len(w) >= 2})
