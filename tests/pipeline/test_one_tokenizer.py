"""One tokenizer per pipeline (issue 13 item 4): the segment stage and the subject grammar
of amounts and areas tag text with one jieba dictionary, not two."""
from __future__ import annotations

from xinwen.pipeline.grammar.lexicon_words import segmenter_words, subject_head_words, tokenizer_words
from xinwen.pipeline.posseg import shared_tagger


def _stage(nlp, name):
    return next(stage for stage in nlp.stages if stage.name == name)


def test_segment_amounts_and_areas_share_one_tagger(nlp):
    tagger = _stage(nlp, "segment")._tagger
    assert _stage(nlp, "amounts").subjects.phrases.tagger is tagger
    assert _stage(nlp, "areas").subjects.phrases.tagger is tagger


def test_the_dictionary_holds_both_grammars_words():
    words = tokenizer_words()
    assert {"副市长", "与会企业"} <= set(segmenter_words()) <= set(words)
    assert "项目" in subject_head_words()
    assert set(subject_head_words()) <= set(words)
    assert list(words) == sorted(set(words))


def test_one_tagger_per_word_set():
    assert shared_tagger(tokenizer_words()) is shared_tagger(tokenizer_words())
    assert shared_tagger(("甲乙丙",)) is not shared_tagger(tokenizer_words())


def test_segment_and_subject_tags_agree_on_a_text(nlp):
    """The same snippet gets the same words and tags from both readers."""
    text = "青岛市副市长耿涛出席签约仪式,项目总投资30亿元。"
    phrases = _stage(nlp, "amounts").subjects.phrases
    tokens = _stage(nlp, "segment")._cut(text, 0, len(text))
    assert [(t.text, t.pos) for t in tokens] == [(t.word, t.flag) for t in phrases.tag(text)]
