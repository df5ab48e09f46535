"""The ``hanlp`` and ``transformers`` NER backends with real (tiny) models; the stage's fallback.

No model is downloaded. The HanLP model is trained here, once per session,
on a few hundred constructed sentences; the BERT token classifier is
randomly initialised with a fixed seed and saved with a tokenizer built from
a vocabulary written here. The tests check loading, offset alignment, label
mapping and windowing, not accuracy. They skip where the ``hanlp`` or
``transformers`` extra (and torch) is not installed.
"""
from __future__ import annotations

import itertools
import json
import logging
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xinwen.pipeline.segment import split_sentences
from xinwen.pipeline.doc import Document, SourceInfo
from xinwen.pipeline.errors import PipelineError
from xinwen.pipeline import ner as ner_module
from xinwen.pipeline.ner import NerStage, load_backend
from xinwen.pipeline.ner_backends.base import (
    LABELS,
    BackendUnavailable,
    EntitySpan,
    check_spans,
    chunks,
)
from xinwen.pipeline.ner_backends.hanlp_backend import MAX_CHARS as HANLP_MAX_CHARS
from xinwen.pipeline.ner_backends.transformers_backend import (
    TaggedToken,
    TransformersBackend,
    merge_windows,
    model_tags,
    window_length,
)
from xinwen.pipeline.ner_tools.data import Sentence
from xinwen.pipeline.pipeline import PipelineConfig

# Constructed sentences (not from the corpus): three templates over small name lists.
PERSONS = ("张伟", "李娜", "王强", "刘洋", "陈静", "赵敏")
PLACES = ("北京", "上海", "深圳", "杭州", "成都")
ORGS = ("华为公司", "海尔集团", "青岛大学", "国家电网")
TEMPLATES = ("{PER}在{LOC}会见了{ORG}代表。", "{ORG}总部设在{LOC}，{PER}出席。",
             "{PER}从{LOC}来到{ORG}。")
SENTENCE = "张伟在北京会见了华为公司代表。"


class FakeBackend:
    """A backend returning fixed results, for the interface checks."""

    def __init__(self, results, name: str = "fake"):
        self.results = results
        self.name = name

    def predict(self, texts):
        return self.results


def make_doc(text: str) -> Document:
    return Document(doc_id="t", raw=text, source=SourceInfo("", "", "utf-8", "text"), text=text,
                    sentences=split_sentences(text))  # as the segment stage sets them


def span_tuples(text: str, spans: list[EntitySpan]) -> list[tuple[str, int, int, str]]:
    return [(text[s.start:s.end], s.start, s.end, s.label) for s in spans]


@pytest.fixture(scope="session")
def one_torch_thread():
    """Tiny models on a shared CPU: a second torch thread only waits on the first."""
    torch = pytest.importorskip("torch")
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


# -- the interface and the stage ---------------------------------------------------------------
CASES_BAD_OUTPUT = [
    (["甲乙", "丙"], [[]], r"\[E052\] NER backend 'x' returned 1 result\(s\) for 2 text\(s\)"),
    (["甲乙", "丙"], [[], [EntitySpan(0, 2, label="PER")]], r"\[E053\].*\[0, 2\).*length 1"),
    (["甲乙"], [[EntitySpan(-1, 1, label="PER")]], r"\[E053\]"),
    (["甲乙"], [[EntitySpan(1, 1, label="PER")]], r"\[E053\]"),  # empty span
]


@pytest.mark.parametrize(("texts", "results", "message"), CASES_BAD_OUTPUT)
def test_check_spans_rejects_output_that_does_not_fit(texts, results, message):
    with pytest.raises(PipelineError, match=message):
        check_spans("x", texts, results)


def test_check_spans_accepts_spans_up_to_the_end():
    check_spans("x", ["甲乙", ""], [[EntitySpan(0, 2, label="PER"), EntitySpan(1, 2, label="LOC")], []])


def test_stage_rejects_bad_output_of_a_backend():
    stage = NerStage(FakeBackend([[EntitySpan(3, 9, label="ORG")]]))
    with pytest.raises(PipelineError, match=r"\[E053\] NER backend 'fake'"):
        stage(make_doc("张伟致辞"))


def test_stage_unknown_backend_is_an_error_not_a_fallback():
    with pytest.raises(PipelineError, match=r"\[E051\] Unknown NER backend 'spacy'"):
        NerStage.from_config(PipelineConfig(ner_backend="spacy"))


CASES_UNAVAILABLE = [
    # (backend, model, code in the reason): no model at all; a path that is no model folder
    ("transformers", None, "E075"),
    ("hanlp", "/nonexistent/xinwen-model", None),  # E076, or ImportError without the extra
]


@pytest.mark.parametrize(("backend", "model", "code"), CASES_UNAVAILABLE)
def test_unavailable_backend_falls_back_to_lac_with_w003(monkeypatch, backend, model, code):
    lac = FakeBackend([[EntitySpan(0, 2, label="PER")]], name="lac")
    monkeypatch.setitem(ner_module.BACKENDS, "lac", lambda model: lac)
    stage = NerStage.from_config(PipelineConfig(ner_backend=backend, ner_model=model,
                                                entities="all"))
    doc = stage(make_doc("张伟致辞"))
    assert stage.backend is lac
    assert [(e.text, e.source) for e in doc.entities] == [("张伟", "lac")]
    [warning] = doc.diagnostics
    assert warning.code == "W003"
    assert f"'{backend}' unavailable" in warning.message
    assert code is None or f"[{code}]" in warning.message


def test_transformers_without_a_model_is_unavailable():
    with pytest.raises(BackendUnavailable, match=r"\[E075\] The 'transformers' backend"):
        load_backend("transformers")


# -- hanlp: a model trained here ---------------------------------------------------------------
def constructed_sentence(template: str, names: dict[str, str]) -> Sentence:
    """``template`` with each ``{TYPE}`` filled from ``names``, and the entities where they landed."""
    text, entities = "", []
    for piece in re.split(r"(\{[A-Z]+\})", template):
        if piece.startswith("{"):
            label = piece.strip("{}")
            entities.append(EntitySpan(len(text), len(text) + len(names[label]), label=label))
            piece = names[label]
        text += piece
    return Sentence(text, tuple(entities))


def constructed_corpus() -> list[Sentence]:
    return [constructed_sentence(template, {"PER": per, "LOC": loc, "ORG": org})
            for template, per, loc, org in itertools.product(TEMPLATES, PERSONS, PLACES, ORGS)]


@pytest.fixture(scope="session")
def hanlp_model_dir(tmp_path_factory, one_torch_thread) -> Path:
    """A tiny BiLSTM-CRF trained by ``train_recognizer`` on 360 constructed sentences (~3 s)."""
    pytest.importorskip("hanlp")
    from xinwen.pipeline.ner_backends.hanlp_rnn import train_recognizer
    from xinwen.pipeline.ner_tools.train import TrainConfig

    corpus = constructed_corpus()
    save_dir = tmp_path_factory.mktemp("hanlp-model")
    config = TrainConfig(epochs=3, embed=16, hidden=16, batch_size=32, lr=0.02, dropout=0.1)
    logger = logging.getLogger("xinwen.test-ner-backends")
    train_recognizer(corpus, corpus[::10], save_dir, config, logger, {"train": "constructed"})
    return save_dir


@pytest.fixture(scope="session")
def hanlp_backend(hanlp_model_dir):
    return load_backend("hanlp", str(hanlp_model_dir))


def test_hanlp_saved_config_names_the_corrected_recognizer(hanlp_model_dir):
    config = json.loads((hanlp_model_dir / "config.json").read_text(encoding="utf-8"))
    assert config["classpath"] == "xinwen.pipeline.ner_backends.hanlp_rnn.CharBiLstmCrfRecognizer"
    assert config["trn_data"] is None and config["dev_data"] is None  # no temporary paths
    assert config["xinwen_training"]["train"] == "constructed"
    assert config["xinwen_training"]["hidden"] == 16


def test_hanlp_load_rebuilds_every_crf_batch_first(hanlp_model_dir):
    import hanlp
    from hanlp.layers.crf.crf import CRF

    from xinwen.pipeline.ner_backends.hanlp_rnn import CharBiLstmCrfRecognizer

    component = hanlp.load(str(hanlp_model_dir), verbose=False)  # without the backend's own fix
    assert isinstance(component, CharBiLstmCrfRecognizer)
    crfs = [m for m in component.model.modules() if isinstance(m, CRF)]
    assert crfs and all(crf.batch_first is True for crf in crfs)


def test_hanlp_backend_shape_and_labels(hanlp_backend):
    texts = [SENTENCE, "", "李娜从上海来到海尔集团。", "   \n\t "]
    results = hanlp_backend.predict(texts)
    check_spans("hanlp", texts, results)
    assert [len(spans) > 0 for spans in results] == [True, False, True, False]
    assert {s.label for spans in results for s in spans} <= set(LABELS)
    assert hanlp_backend.predict([]) == []


def test_hanlp_spans_are_shifted_into_a_long_text(hanlp_backend):
    """The same sentence at many places in a text of several chunks: shifted copies of its spans."""
    [alone] = hanlp_backend.predict([SENTENCE])
    assert alone  # the constructed sentences are learnt; without spans nothing is checked below
    text, starts = "", []
    for copy in range(40):
        text += " " * (copy % 3) + "\n" * (copy % 2)  # blanks that sentence splitting strips
        starts.append(len(text))
        text += SENTENCE
    assert len(text) > 2 * HANLP_MAX_CHARS
    [found] = hanlp_backend.predict([text])
    expected = [EntitySpan(start + s.start, start + s.end, label=s.label)
                for start in starts for s in alone]
    assert found == expected


def test_hanlp_long_sentence_cut_into_pieces_keeps_offsets(hanlp_backend):
    """One sentence longer than MAX_CHARS, cut at commas: each piece's spans land in the whole."""
    text = "，".join(SENTENCE.rstrip("。") for _ in range(25))
    pieces = chunks(text, HANLP_MAX_CHARS)
    assert len(pieces) > 1
    [found] = hanlp_backend.predict([text])
    by_piece = hanlp_backend.predict([text[p.start:p.end] for p in pieces])
    expected = [EntitySpan(p.start + s.start, p.start + s.end, label=s.label)
                for p, spans in zip(pieces, by_piece) for s in spans]
    assert found == expected
    assert any(text[s.start:s.end] == "张伟" for s in found)


def test_hanlp_decodes_ill_formed_tag_sequences(hanlp_backend, monkeypatch):
    """The CRF has no transition constraints; hanlp's strict decoder would raise on its output."""
    from hanlp.components.taggers.tagger import Tagger
    from hanlp.utils.span_util import InvalidTagSequence, iobes_tags_to_spans

    tags = ["B-PER", "O", "E-LOC", "I-ORG", "I-ORG"]
    with pytest.raises(InvalidTagSequence):
        iobes_tags_to_spans(tags)
    monkeypatch.setattr(Tagger, "predict_data",
                        lambda self, data, batch_size, **kwargs: [tags[:len(d)] for d in data])
    text = "张伟在北京"
    [found] = hanlp_backend.predict([text])
    assert span_tuples(text, found) == [("张", 0, 1, "PER"), ("在", 2, 3, "LOC"),
                                        ("北京", 3, 5, "ORG")]


def test_fix_crf_batch_first_fixes_none_only():
    pytest.importorskip("hanlp")
    from hanlp.layers.crf.crf import CRF
    from torch import nn

    from xinwen.pipeline.ner_backends.hanlp_rnn import fix_crf_batch_first

    model = nn.ModuleList([CRF(3, None), CRF(3, False), nn.Linear(2, 2), CRF(3, True),
                           CRF(3, None)])
    assert fix_crf_batch_first(model) == 2
    assert [m.batch_first for m in model if isinstance(m, CRF)] == [True, False, True, True]
    assert fix_crf_batch_first(model) == 0
    assert fix_crf_batch_first(object()) == 0  # not a torch module (a TensorFlow component's)


def test_hanlp_model_that_is_no_folder_nor_name(tmp_path):
    pytest.importorskip("hanlp")
    with pytest.raises(BackendUnavailable, match=r"\[E076\] Model .*nope: neither"):
        load_backend("hanlp", str(tmp_path / "nope"))


def test_hanlp_without_model_or_shipped_model(monkeypatch, tmp_path):
    from xinwen.pipeline.ner_backends import hanlp_backend

    monkeypatch.setattr(hanlp_backend, "SHIPPED_MODEL", tmp_path / "none")
    with pytest.raises(BackendUnavailable, match=r"\[E075\] The 'hanlp' backend"):
        load_backend("hanlp")


# -- transformers: windows of tagged tokens -------------------------------------------------------
CASES_MODEL_TAGS = [
    ({0: "O", 1: "B-PER", 2: "I-PER"}, ["O", "B-PER", "I-PER"]),  # BIO
    ({0: "O", 1: "B-ORG", 2: "I-ORG", 3: "E-ORG", 4: "S-ORG"},
     ["O", "B-ORG", "I-ORG", "E-ORG", "S-ORG"]),  # BIOES
    ({0: "B-PER", 1: "M-PER", 2: "E-PER", 3: "S-PER", 4: "O"},
     ["B-PER", "I-PER", "E-PER", "S-PER", "O"]),  # BMES
    ({0: "O", 1: "U-LOC", 2: "L-LOC", 3: "B_LOC"}, ["O", "S-LOC", "E-LOC", "B-LOC"]),  # BILOU, "_"
]


@pytest.mark.parametrize(("id2label", "expected"), CASES_MODEL_TAGS)
def test_model_tags(id2label, expected):
    assert model_tags("m", id2label) == expected


@pytest.mark.parametrize("label", ["X-PER", "PER", "B-", "O-PER", "LABEL_1"])
def test_model_tags_rejects_other_labels(label):
    with pytest.raises(BackendUnavailable, match=rf"\[E073\] Model m: label '{label}'"):
        model_tags("m", {0: "O", 1: label})


HUGE = int(1e30)  # what transformers puts in model_max_length when the model states none
CASES_WINDOW = [
    (HUGE, 64, 64),
    (32, 64, 32),
    (HUGE, 4096, 512),  # MAX_TOKENS
    (HUGE, None, 512),  # a config without max_position_embeddings
]


@pytest.mark.parametrize(("tokenizer_limit", "positions", "expected"), CASES_WINDOW)
def test_window_length(tokenizer_limit, positions, expected):
    config = SimpleNamespace() if positions is None else SimpleNamespace(
        max_position_embeddings=positions)
    assert window_length(SimpleNamespace(model_max_length=tokenizer_limit), config) == expected


@st.composite
def windowed_tokens(draw) -> tuple[list[TaggedToken], list[list[TaggedToken]]]:
    """Tokens of varied width with gaps (skipped blanks), windowed as the tokenizer does."""
    tokens, position = [], 0
    for index in range(draw(st.integers(0, 60))):
        position += draw(st.integers(0, 1))
        width = draw(st.integers(1, 3))
        tokens.append(TaggedToken(position, position + width, tag=f"S-T{index}"))
        position += width
    size = draw(st.integers(2, 16))
    overlap = draw(st.integers(0, size // 2))
    windows = [tokens[first:first + size]
               for first in range(0, max(len(tokens) - overlap, 1), size - overlap)]
    return tokens, windows


@given(windowed_tokens())
@settings(max_examples=200, deadline=None)
def test_merge_windows_keeps_every_token_once(case):
    tokens, windows = case
    assert merge_windows(windows) == tokens


# -- transformers: a tiny BERT saved here ---------------------------------------------------------
SPECIAL_TOKENS = ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")
WORDS = ("abc", "xinwen", "2024")  # whole-word tokens: one token over several characters
VOCAB_CHARS = "张小伟王黑龙江华五月在到的开会，。"  # "龘" is left out: it reads as [UNK]
BERT_LABELS = ("O", "B-PER", "M-PER", "E-PER", "S-PER", "B-GPE", "I-GPE", "E-GPE", "S-ORG",
               "B-DATE", "E-DATE")
# The forced model's tag for each token (O for the rest); GPE maps to LOC, DATE is dropped.
FORCED_TAGS = {"张": "B-PER", "小": "M-PER", "伟": "E-PER", "王": "S-PER", "黑": "B-GPE",
               "龙": "I-GPE", "江": "E-GPE", "华": "S-ORG", "abc": "S-ORG", "五": "B-DATE",
               "月": "E-DATE"}
MAX_POSITIONS = 64


class LookupTagger:
    """Stands in for the BERT model: each token's tag follows from its id alone, in any window."""

    def __init__(self, config, tag_of_token: dict[int, int]):
        import torch

        self.config = config
        self._torch = torch
        self._table = torch.zeros(config.vocab_size, dtype=torch.long)
        for token, tag in tag_of_token.items():
            self._table[token] = tag

    def eval(self) -> LookupTagger:
        return self

    def __call__(self, input_ids, **inputs) -> SimpleNamespace:
        tags = self._table[input_ids]
        return SimpleNamespace(logits=self._torch.nn.functional.one_hot(
            tags, num_classes=len(self.config.id2label)).float())


@pytest.fixture(scope="session")
def bert_dir(tmp_path_factory, one_torch_thread) -> Path:
    """A randomly initialised one-layer BERT token classifier and its fast tokenizer."""
    pytest.importorskip("transformers")
    import torch
    from transformers import BertConfig, BertForTokenClassification, BertTokenizerFast

    folder = tmp_path_factory.mktemp("bert")
    vocab = [*SPECIAL_TOKENS, *WORDS, *sorted(set(VOCAB_CHARS))]
    (folder / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    config = BertConfig(
        vocab_size=len(vocab), hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
        intermediate_size=64, max_position_embeddings=MAX_POSITIONS,
        id2label=dict(enumerate(BERT_LABELS)),
        label2id={tag: i for i, tag in enumerate(BERT_LABELS)})
    with torch.random.fork_rng():
        torch.manual_seed(7)
        BertForTokenClassification(config).save_pretrained(folder)
    tokenizer = BertTokenizerFast(vocab=str(folder / "vocab.txt"))
    assert len(tokenizer) == len(vocab)  # transformers 5 ignores ``vocab_file=``
    tokenizer.save_pretrained(folder)
    return folder


@pytest.fixture(scope="session")
def bert_backend(bert_dir) -> TransformersBackend:
    return TransformersBackend(str(bert_dir))


@pytest.fixture
def forced_backend(bert_dir, monkeypatch) -> TransformersBackend:
    """The backend over a model that tags tokens by ``FORCED_TAGS``."""
    import transformers

    tokenizer = transformers.AutoTokenizer.from_pretrained(bert_dir)
    config = transformers.AutoConfig.from_pretrained(bert_dir)
    tagger = LookupTagger(config, {tokenizer.convert_tokens_to_ids(token): config.label2id[tag]
                                   for token, tag in FORCED_TAGS.items()})
    monkeypatch.setattr(transformers.AutoModelForTokenClassification, "from_pretrained",
                        lambda model: tagger)
    return TransformersBackend(str(bert_dir))


def token_edges(tokenizer, text: str) -> tuple[set[int], set[int]]:
    """Start and end characters of the tokens of ``text``."""
    encoding = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
    offsets = [(start, end) for start, end in encoding["offset_mapping"] if end > start]
    return {start for start, _ in offsets}, {end for _, end in offsets}


TOKEN_TEXTS = ["xinwen 张小伟 ABC，龘在黑龙江", "2024五月 王到华", "  龘龘 abc张  ", "", "张"]


def test_transformers_spans_fall_on_token_edges(bert_backend):
    """The random model's spans start and end where tokens do (words, blanks, unknown chars)."""
    results = bert_backend.predict(TOKEN_TEXTS)
    check_spans("transformers", TOKEN_TEXTS, results)
    assert any(results)  # a random model tags something; otherwise nothing is checked
    tokenizer = bert_backend._tokenizer
    for text, spans in zip(TOKEN_TEXTS, results):
        starts, ends = token_edges(tokenizer, text)
        assert {s.start for s in spans} <= starts and {s.end for s in spans} <= ends, text
        assert {s.label for s in spans} <= set(LABELS)


CASES_FORCED = [
    # BMES person, BIOES place (GPE → LOC), single-token ORG and PER; DATE dropped
    ("张小伟到黑龙江，王在华。五月", [("张小伟", "PER"), ("黑龙江", "LOC"), ("王", "PER"),
                                      ("华", "ORG")]),
    # one token over three characters, upper case read as lower; spaces and [UNK] skipped
    ("xinwen ABC 龘 张小伟", [("ABC", "ORG"), ("张小伟", "PER")]),
    ("小伟", [("小伟", "PER")]),  # an entity opened by M- (lenient decoding)
    ("五月", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES_FORCED)
def test_transformers_label_mapping(forced_backend, text, expected):
    [found] = forced_backend.predict([text])
    assert [(text[s.start:s.end], s.label) for s in found] == expected


def test_transformers_long_text_windows_lose_and_repeat_nothing(forced_backend):
    """Many windows of 64 tokens; the names sit at every phase of the window edges."""
    text = "".join(f"{'在' * (k % 5)}张小伟{'的' * (k % 3)}到黑龙江开会，xinwen "
                   for k in range(30))
    encoding = forced_backend._tokenizer(text, truncation=True, max_length=MAX_POSITIONS,
                                         stride=forced_backend._overlap,
                                         return_overflowing_tokens=True)
    assert len(encoding["input_ids"]) > 5
    expected = sorted(
        [(m.start(), m.end(), "PER") for m in re.finditer("张小伟", text)]
        + [(m.start(), m.end(), "LOC") for m in re.finditer("黑龙江", text)])
    short, long_, empty = forced_backend.predict(["王", text, ""])
    assert [(s.start, s.end, s.label) for s in long_] == expected
    assert short == [EntitySpan(0, 1, label="PER")] and empty == []


def test_transformers_bad_label_in_saved_model(bert_dir, tmp_path):
    folder = tmp_path / "bad-labels"
    shutil.copytree(bert_dir, folder)
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    config["id2label"]["1"] = "PERSON"
    config["label2id"] = {tag: int(i) for i, tag in config["id2label"].items()}
    (folder / "config.json").write_text(json.dumps(config), encoding="utf-8")
    with pytest.raises(BackendUnavailable, match=r"\[E073\] .*label 'PERSON'"):
        TransformersBackend(str(folder))


def test_transformers_needs_a_fast_tokenizer(bert_dir, monkeypatch):
    import transformers
    from transformers.models.bert import BertTokenizerLegacy

    slow = BertTokenizerLegacy(vocab_file=str(bert_dir / "vocab.txt"))
    monkeypatch.setattr(transformers.AutoTokenizer, "from_pretrained", lambda model: slow)
    with pytest.raises(BackendUnavailable, match=r"\[E074\] .*got BertTokenizerLegacy"):
        TransformersBackend(str(bert_dir))
