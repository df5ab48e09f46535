"""What the ``ner`` stage gives its backend to read: the NER scope.

The NER backend is most of the pipeline's time, and only some of the text
needs its entities. The stages that read ``doc.entities`` are:

- ``people`` (``grammar/names.py``, ``titles.py``, ``titles_after.py``,
  ``byline.py``): backend ``PER`` spans decide where a name ends, ``ORG`` and
  ``LOC`` spans block a name, end one or end a title chain; always at a name
  the grammar reads right after a title head, a byline role, a credit word, a
  dateline bracket or an honorific, or in the list of names sharing that
  title, inside one clause (the grammar's clauses end at every comma) or
  one byline;
- ``signings`` (``slots/signing/stage.py``): the ``PER`` names tell people from
  parties among the actors of a signing sentence, read from the start of the
  sentence up to its signing verb (a trigger or the weak pattern of
  ``data/signing_patterns.tsv``); a signatory named bare, with no title anywhere
  in the article, is known as a person only this way (without these sentences
  the scope is 56 % smaller on a synthetic archive and the CPU 20 % less, and
  no corpus record moves but such signatories are lost:
  ``tests/pipeline/test_ner_scope.py::test_bare_signatories_are_read_through_the_signing_sentence``);
- the record's ``entities`` list, which is therefore complete only over the
  text the backend read.

With scope ``gated`` (the default) the backend reads, in each sentence (as
``segment.split_sentences`` cuts them), the clauses (cut after each comma)
that hold a cue: a title head (``data/title_words.tsv``), a byline role
(``byline_roles.tsv``), an honorific (``honorifics.tsv``), a credit word
before a slash (``byline_credits.tsv``), a dateline suffix before a bracket
(``meta_words.tsv``); and for a signing cue of ``data/ner_cues.tsv`` (签,
达成), everything from the start of the sentence to the end of the cue's
clause. Adjacent pieces are read as one. Scope ``all`` (``--entities all``)
gives the backend the whole text.

The people grammar is also the one reader of ``doc.tokens``, at the same
places: with scope ``gated`` the ``segment`` stage cuts only the pieces
without the signing ones (``pieces(text, signings=False)``) into tokens and
leaves the rest of the text uncut (``segment.SegmentStage.tokenize``).
On the corpus, the held-out set and a 600-document synthetic archive every
record field but ``entities`` is the
same in both scopes (``tests/pipeline/test_ner_scope.py`` checks the corpus
and the held-out set).

>>> scope = NerScope.load()
>>> text = "今天天气很好。会议由副市长李四主持,来宾众多。会上,双方签约,共5个项目。"
>>> [text[s.start:s.end] for s in scope.pieces(text)]
['会议由副市长李四主持,', '会上,双方签约,']
"""
from __future__ import annotations

import bisect
import re

from xinwen.pipeline.doc import Span
from xinwen.pipeline.patterns import compile_pattern, fixed_pattern, union
from xinwen.pipeline.resources import load_tsv
from xinwen.pipeline.sentences import split_sentences

GATED, ALL = "gated", "all"
SCOPES = (GATED, ALL)
CUES_FILE = "ner_cues.tsv"  # the signing cues
# Clauses of a sentence end after a comma (the title grammar's clauses never cross one).
_CLAUSE_END = fixed_pattern("text_patterns.tsv", "text.clause_end")


class NerScope:
    """The cue pattern, compiled once; ``pieces`` picks what the backend reads of a text."""

    def __init__(self, words: list[str], signing_cues: list[str], credits: list[str],
                 dateline_suffixes: list[str]) -> None:
        self.signing_cues = frozenset(signing_cues)
        self.pattern = compile_pattern(
            f"{union([*words, *signing_cues])}"
            rf"|(?:{union(credits)})[ \t\u3000]*[/／]"
            rf"|(?:{union(dateline_suffixes)})\s*[(（]"
        )

    @classmethod
    def load(cls) -> NerScope:
        from xinwen.pipeline.grammar.lexicon import load_people_lexicon
        from xinwen.pipeline.slots.meta.stage import load_meta_words

        lexicon = load_people_lexicon()
        words = [*lexicon.title_words, *lexicon.byline_roles, *lexicon.honorifics]
        signing = [row["word"] for row in load_tsv(CUES_FILE, ("word", "reason"), key="word")]
        credits = [row["credit"] for row in load_tsv("byline_credits.tsv", ("credit", "title"),
                                                     key="credit")]
        return cls(words, signing, credits, list(load_meta_words()["dateline_suffix"]))

    def pieces(self, text: str, *, signings: bool = True,
               sentences: list[Span] | None = None) -> list[Span]:
        """The pieces of ``text`` the backend reads, in text order: in each sentence, the clauses
        that hold a cue and, for a signing cue, every clause before it (the actors of a signing
        are read from the start of its sentence up to the signing verb), adjacent ones joined.
        ``signings`` False: the people grammar's clauses only, those whose tokens it reads.
        ``sentences``: ``split_sentences(text)`` where the caller has it already."""
        pieces: list[Span] = []
        for sentence in split_sentences(text) if sentences is None else sentences:
            cues = [cue for cue in self.pattern.finditer(text, sentence.start, sentence.end)
                    if signings or cue.group() not in self.signing_cues]
            if cues:
                pieces.extend(self._covered(text, sentence, cues))
        return pieces

    def _covered(self, text: str, sentence: Span, cues: list[re.Match[str]]
                 ) -> list[Span]:
        cuts = [sentence.start, *(m.end() for m in _CLAUSE_END.finditer(
            text, sentence.start, sentence.end)), sentence.end]
        ranges = []
        for cue in cues:
            index = bisect.bisect_right(cuts, cue.start()) - 1
            start = sentence.start if cue.group() in self.signing_cues else cuts[index]
            ranges.append((start, cuts[min(index + 1, len(cuts) - 1)]))
        joined: list[list[int]] = []
        for start, end in sorted(ranges):
            if joined and start <= joined[-1][1]:
                joined[-1][1] = max(joined[-1][1], end)
            else:
                joined.append([start, end])
        return [Span(start, end) for start, end in joined if end > start]
