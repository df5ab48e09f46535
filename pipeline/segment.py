"""Stage ``segment``: tokens and sentences of the working text.

Tokens come from a private ``jieba.Tokenizer`` (never jieba's global tokenizer,
whose dictionary other code may change), with a user dictionary built from the
grammar tables so that title heads (``副区长``), byline roles, clause breakers
(``与会企业``) and subject heads come out whole; the subject grammar of amounts and
areas tags its snippets with the same tokenizer (``posseg.shared_tagger``). Part-of-speech
tags come from ``jieba.posseg`` over the same tokenizer (its HMM computed by
``pipeline.posseg``, to the same tags). Every token is a
``pipeline.doc.Token`` in working-text coordinates; the tokens tile the text
exactly, or, with a NER scope (``--entities gated``), exactly the pieces the
people grammar reads (``SegmentStage.tokenize``).

Sentences are cut by the one splitter every stage uses, ``pipeline/sentences.py``
(``。！？!；;`` and line breaks, with the closing quotes that follow; ``?`` only
before whitespace).

>>> split_sentence_texts("他说:“好。”然后走了!\\n第二行")
['他说:“好。”', '然后走了!', '第二行']
"""
from __future__ import annotations

from xinwen.pipeline.doc import Document, Span, Token
from xinwen.pipeline.errors import Errors, PipelineError
from xinwen.pipeline.grammar.lexicon_words import tokenizer_words
from xinwen.pipeline.posseg import shared_tagger
from xinwen.pipeline.sentences import split_sentences  # the one splitter (re-exported)

def split_sentence_texts(text: str) -> list[str]:
    return [text[s.start:s.end] for s in split_sentences(text)]


class SegmentStage:
    name = "segment"
    requires = ("text",)
    assigns = ("tokens", "sentences")

    def __init__(self, words: list[str] | None = None, scope=None) -> None:
        # ``words``: the user dictionary (default: the pipeline's, ``tokenizer_words``)
        self._tagger = shared_tagger(tokenizer_words() if words is None else tuple(words))
        # ``pipeline.ner_scope.NerScope`` or None: what is cut into tokens (None: everything)
        self._scope = scope

    @classmethod
    def from_config(cls, config, scope=None) -> SegmentStage:
        """``scope``: the ``NerScope`` for ``config.entities`` gated, None for all (the
        pipeline builds it: ``pipeline.ner_scope`` imports this module)."""
        return cls(scope=scope)

    def tokenize(self, text: str, sentences: list[Span] | None = None) -> list[Token]:
        """Tokens of ``text`` with their offsets and jieba part-of-speech tags.

        Without a scope the tokens tile the whole text. With a scope they tile only the
        pieces the scope picks for the people grammar, the one reader of tokens (the clauses
        around titles, bylines, credits, datelines and honorifics: ``pipeline.ner_scope``);
        the rest of the text is not cut at all, since nothing reads its tokens. A piece
        starts and ends next to punctuation or whitespace, where jieba's blocks end too, so
        the tokens inside it are those of a cut of the whole text.
        ``sentences``: ``split_sentences(text)`` where the caller has it already.
        """
        if self._scope is None:
            return self._cut(text, 0, len(text))
        tokens: list[Token] = []
        for piece in self._scope.pieces(text, signings=False, sentences=sentences):
            tokens += self._cut(text, piece.start, piece.end)
        return tokens

    def _cut(self, text: str, begin: int, stop: int) -> list[Token]:
        tokens = []
        start = begin
        for word, flag in self._tagger.cut(text[begin:stop]):
            end = start + len(word)
            if text[start:end] != word:
                raise PipelineError(Errors.E050.format(offset=start))
            tokens.append(Token(text=word, start=start, end=end, pos=flag))
            start = end
        if start != stop:
            raise PipelineError(Errors.E050.format(offset=start))
        return tokens

    def __call__(self, doc: Document) -> Document:
        doc.sentences = split_sentences(doc.text)
        doc.tokens = self.tokenize(doc.text, doc.sentences)
        return doc
