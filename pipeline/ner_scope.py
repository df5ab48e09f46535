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
  parties among the actors of a signing sentence; it reads the names of the
  whole document, and the people stage's names, so the signing sentences
  themselves are not read for it (below);
- the record's ``entities`` list, which is therefore complete only over the
  text the backend read.

With scope ``gated`` (the default) the backend reads, in each sentence (as
``segment.split_sentences`` cuts them), the clauses (cut after each comma)
that hold a cue: a title head (``data/title_words.tsv``), a byline role
(``byline_roles.tsv``), an honorific (``honorifics.tsv``), a credit word
before a slash (``byline_credits.tsv``), a dateline suffix before a bracket
(``meta_words.tsv``). Adjacent pieces are read as one. Scope ``all``
(``--entities all``) gives the backend the whole text.

Signing sentences are not read for their own sake. They were, from the start
of the sentence to the clause of its 签 or 达成 (56 % of the characters read
on a 300-document synthetic archive), until a run without them changed no
record field but ``entities`` on the corpus, the held-out set, the sealed
split and that archive (372 records): the signing actors' people are the
people stage's names or names after a title word, and the ``PER`` spans lost
there were five, four of them company names (达达, 云天 of 云天畅想 …), which
would have made a party a person.

The people grammar is also the one reader of ``doc.tokens``, at the same
places: with scope ``gated`` the ``segment`` stage cuts only these pieces
into tokens and leaves the rest of the text uncut
(``segment.SegmentStage.tokenize``). On the corpus and the held-out set every
record field but ``entities`` is the same in both scopes
(``tests/pipeline/test_ner_scope.py``).

>>> scope = NerScope.load()
>>> text = "今天天气很好。会议由副市长李四主持,来宾众多。会上,双方签约,共5个项目。"
>>> [text[s.start:s.end] for s in scope.pieces(text)]
['会议由副市长李四主持,']
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
# Clauses of a sentence end after a comma (the title grammar's clauses never cross one).
_CLAUSE_END = fixed_pattern("text_patterns.tsv", "text.clause_end")


class NerScope:
    """The cue pattern, compiled once; ``pieces`` picks what the backend reads of a text."""

    def __init__(self, words: list[str], credits: list[str],
                 dateline_suffixes: list[str]) -> None:
        self.pattern = compile_pattern(
            f"{union(words)}"
            rf"|(?:{union(credits)})[ \t\u3000]*[/／]"
            rf"|(?:{union(dateline_suffixes)})\s*[(（]"
        )

    @classmethod
    def load(cls) -> NerScope:
        from xinwen.pipeline.grammar.lexicon import load_people_lexicon
        from xinwen.pipeline.slots.meta.stage import load_meta_words

        lexicon = load_people_lexicon()
        words = [*lexicon.title_words, *lexicon.byline_roles, *lexicon.honorifics]
        credits = [row["credit"] for row in load_tsv("byline_credits.tsv", ("credit", "title"),
                                                     key="credit")]
        return cls(words, credits, list(load_meta_words()["dateline_suffix"]))

    def pieces(self, text: str, *, sentences: list[Span] | None = None) -> list[Span]:
        """The pieces of ``text`` the backend reads, in text order: in each sentence, the clauses
        that hold a cue, adjacent ones joined. ``sentences``: ``split_sentences(text)`` where
        the caller has it already."""
        pieces: list[Span] = []
        for sentence in split_sentences(text) if sentences is None else sentences:
            cues = list(self.pattern.finditer(text, sentence.start, sentence.end))
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
            ranges.append((cuts[index], cuts[min(index + 1, len(cuts) - 1)]))
        joined: list[list[int]] = []
        for start, end in sorted(ranges):
            if joined and start <= joined[-1][1]:
                joined[-1][1] = max(joined[-1][1], end)
            else:
                joined.append([start, end])
        return [Span(start, end) for start, end in joined if end > start]
