"""NER backend ``transformers``: any Hugging Face token-classification model folder.

``model`` is a folder (or a name already in the Hugging Face cache) holding a
``*ForTokenClassification`` model whose ``config.json`` names its labels in
``id2label`` as ``O`` plus ``B-``/``I-`` (BIO), ``B-``/``I-``/``E-``/``S-``
(BIOES), ``B-``/``M-``/``E-``/``S-`` (BMES) or ``B-``/``I-``/``L-``/``U-``
(BILOU) tags; types map onto PER/ORG/LOC through ``data/ner_labels.tsv``.
A fast tokenizer is required: its offset mapping puts every token on the
characters it came from, so spans land on characters whatever the
tokenization (word pieces, skipped spaces, unknown characters).

Long texts. A text is cut by the tokenizer into windows of at most the
model's length, consecutive windows sharing ``OVERLAP`` tokens. Each token
takes its tag from one window only — the one whose share of the text it
starts in, the shares meeting in the middle of each overlap — so every token
is tagged once and in context on both sides; the tags of the whole text are
then decoded as one sequence, so an entity that straddles a window edge comes
out once and whole.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from xinwen.pipeline.doc import Span
from xinwen.pipeline.errors import Errors
from xinwen.pipeline.ner_backends.base import BackendUnavailable, EntitySpan
from xinwen.pipeline.ner_backends.tags import LabelMap, decode_tags, split_tag

MAX_TOKENS = 512  # upper bound on the window, whatever the model allows
OVERLAP = 64  # tokens shared by consecutive windows (at most half a window)
BATCH_SIZE = 16  # windows per forward pass
# BILOU prefixes read as their BIOES equivalents; M (BMES) is I.
_PREFIXES = {"B": "B", "I": "I", "M": "I", "E": "E", "L": "E", "S": "S", "U": "S", "O": "O"}


@dataclass(frozen=True, slots=True, kw_only=True)
class TaggedToken(Span):
    """A model token: its character span in the text and the tag the model gave it."""

    tag: str


class TransformersBackend:
    name = "transformers"

    def __init__(self, model: str | None = None) -> None:
        if not model:
            raise BackendUnavailable(Errors.E075.format(backend=self.name))
        try:
            import torch
            from transformers import AutoModelForTokenClassification, AutoTokenizer
        except ImportError as error:  # the transformers extra is optional
            raise BackendUnavailable(str(error)) from error
        self._torch = torch
        self._tokenizer = AutoTokenizer.from_pretrained(model)
        if not getattr(self._tokenizer, "is_fast", False):
            raise BackendUnavailable(Errors.E074.format(
                model=model, tokenizer=type(self._tokenizer).__name__))
        self._model = AutoModelForTokenClassification.from_pretrained(model).eval()
        self._tags = model_tags(model, self._model.config.id2label)
        self._window = window_length(self._tokenizer, self._model.config)
        self._overlap = min(OVERLAP, (self._window - self._tokenizer.num_special_tokens_to_add()) // 2)
        self._labels = LabelMap()

    def predict(self, texts: list[str]) -> list[list[EntitySpan]]:
        encoding = self._tokenizer(
            texts, truncation=True, max_length=self._window, stride=self._overlap,
            return_overflowing_tokens=True, return_offsets_mapping=True,
            return_special_tokens_mask=True,
        )
        tag_ids = self._tag_windows(encoding)
        windows: list[list[list[TaggedToken]]] = [[] for _ in texts]
        for index, text_index in enumerate(encoding["overflow_to_sample_mapping"]):
            windows[text_index].append(_window_tokens(
                encoding["offset_mapping"][index], encoding["special_tokens_mask"][index],
                [self._tags[i] for i in tag_ids[index]]))
        return [self._entities(merge_windows(w)) for w in windows]

    def _tag_windows(self, encoding) -> list[list[int]]:
        """The arg-max tag id of every token of every window, batch by batch."""
        names = [n for n in ("input_ids", "attention_mask", "token_type_ids") if n in encoding]
        tag_ids: list[list[int]] = []
        for first in range(0, len(encoding["input_ids"]), BATCH_SIZE):
            batch = {n: encoding[n][first:first + BATCH_SIZE] for n in names}
            padded = self._tokenizer.pad(batch, return_tensors="pt")
            with self._torch.inference_mode():
                logits = self._model(**padded).logits
            tag_ids += logits.argmax(-1).tolist()
        return tag_ids

    def _entities(self, tokens: list[TaggedToken]) -> list[EntitySpan]:
        spans = []
        for first, last, kind in decode_tags([t.tag for t in tokens]):
            label = self._labels(kind)
            if label is not None:
                spans.append(EntitySpan(tokens[first].start, tokens[last - 1].end, label=label))
        return spans


def model_tags(model: str, id2label: dict[int, str]) -> list[str]:
    """The model's labels by id, as ``O`` or ``X-TYPE`` with X in B/I/E/S; E073 otherwise.

    >>> model_tags("m", {0: "O", 1: "B-PER", 2: "M-PER", 3: "U-LOC"})
    ['O', 'B-PER', 'I-PER', 'S-LOC']
    """
    tags = []
    for index in range(len(id2label)):
        prefix, kind = split_tag(id2label[index])
        if prefix not in _PREFIXES or (prefix != "O") != bool(kind):
            raise BackendUnavailable(Errors.E073.format(model=model, label=id2label[index]))
        tags.append("O" if prefix == "O" else f"{_PREFIXES[prefix]}-{kind}")
    return tags


def window_length(tokenizer, config) -> int:
    """Tokens per window, special tokens included: the smallest limit the model states."""
    limits = [MAX_TOKENS, getattr(config, "max_position_embeddings", MAX_TOKENS)]
    if tokenizer.model_max_length < 10 ** 6:  # unset limits are a huge sentinel
        limits.append(tokenizer.model_max_length)
    return min(limits)


def _window_tokens(offsets: Sequence[tuple[int, int]], special: Sequence[int],
                   tags: Sequence[str]) -> list[TaggedToken]:
    return [
        TaggedToken(start, end, tag=tag)
        for (start, end), is_special, tag in zip(offsets, special, tags)
        if not is_special and end > start
    ]


def merge_windows(windows: list[list[TaggedToken]]) -> list[TaggedToken]:
    """One tagged token sequence for the whole text from overlapping windows.

    Window k keeps the tokens that start in its share of the text: from the
    middle of its overlap with window k-1 to the middle of its overlap with
    window k+1.

    >>> a = [TaggedToken(i, i + 1, tag="O") for i in range(0, 6)]
    >>> b = [TaggedToken(i, i + 1, tag="I-PER") for i in range(4, 9)]
    >>> [t.tag[0] for t in merge_windows([a, b])]
    ['O', 'O', 'O', 'O', 'O', 'I', 'I', 'I', 'I']
    """
    windows = [w for w in windows if w]
    merged: list[TaggedToken] = []
    for index, window in enumerate(windows):
        low = _share_edge(windows[index - 1], window) if index else 0
        high = _share_edge(window, windows[index + 1]) if index + 1 < len(windows) else None
        merged += [t for t in window if t.start >= low and (high is None or t.start < high)]
    return merged


def _share_edge(left: list[TaggedToken], right: list[TaggedToken]) -> int:
    """Where ``left``'s share ends and ``right``'s begins: the middle of their overlap."""
    return (right[0].start + left[-1].end + 1) // 2
