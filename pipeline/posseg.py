"""jieba's part-of-speech tagger with its HMM Viterbi computed faster, to the same result.

``jieba.posseg`` tags the runs of characters its dictionary does not know
with an HMM over (position, tag) states, in pure Python; on news text that
Viterbi is most of the ``segment`` stage's time (under a tenth of the
characters, over half the stage). ``viterbi`` below is jieba 0.42.1's
algorithm step for step: the same candidate states, the same sums in the
same order (``(V + transition) + emission``, so every float is the same) and
the same choice among equal scores (jieba takes the greatest ``(score,
state)`` tuple: the greatest state among tied scores). What changes is how a
step is computed: only the previous states with a transition into a state
are summed (the others score -inf, and win only where every sum is -inf,
which is decided apart), found by intersecting precomputed sets
(``HmmTables``: each state's successors and predecessors, each character's
states) instead of testing every previous state against every state, and
summed in a list with one ``max`` in C, instead of a generator of tuples over
every previous state. The choices do not depend on the order in which the
states are visited (a unique maximum, or the greatest tied state). The tests
compare the tags with jieba's own tagger on the corpus and on generated text.

``FastPOSTokenizer`` is ``jieba.posseg.POSTokenizer`` with only its private
``__cut`` (the HMM pass) replaced; jieba is pinned (0.42.1), whose name for
that method is ``_POSTokenizer__cut``.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

import jieba
import jieba.posseg
from jieba.posseg import char_state_tab_P, emit_P, pair, start_P, trans_P

MIN_FLOAT = -3.14e100  # jieba's score of an emission it has not seen
MIN_INF = float("-inf")  # jieba's score of a transition that cannot happen

State = tuple[str, str]  # (B/M/E/S, part-of-speech tag)


@dataclass(frozen=True)
class HmmTables:
    """jieba's HMM tables with the sets one Viterbi step intersects, computed once."""

    start_p: Mapping
    trans_p: Mapping
    emit_p: Mapping
    all_states: frozenset[State]
    char_states: Mapping[str, frozenset[State]]  # states jieba allows for a character
    successors: Mapping[State, frozenset[State]]  # states a state has a transition into
    predecessors: Mapping[State, frozenset[State]]  # states with a transition into a state
    into: Mapping[State, Mapping[State, float]]  # into[y][x]: trans_p[x][y], the same float

    @classmethod
    def build(cls, states: Mapping = char_state_tab_P, start_p: Mapping = start_P,
              trans_p: Mapping = trans_P, emit_p: Mapping = emit_P) -> HmmTables:
        predecessors: dict[State, set[State]] = {y: set() for y in trans_p}
        into: dict[State, dict[State, float]] = {y: {} for y in trans_p}
        for x, targets in trans_p.items():
            for y, score in targets.items():
                predecessors.setdefault(y, set()).add(x)
                into.setdefault(y, {})[x] = score
        return cls(
            start_p=start_p, trans_p=trans_p, emit_p=emit_p,
            all_states=frozenset(trans_p),
            char_states={char: frozenset(s) for char, s in states.items()},
            successors={x: frozenset(targets) for x, targets in trans_p.items()},
            predecessors={y: frozenset(xs) for y, xs in predecessors.items()},
            into=into,
        )


def viterbi(obs: str, tables: HmmTables) -> tuple[float, list[State]]:
    """The most likely state of each character of ``obs``, as ``jieba.posseg.viterbi``."""
    scores: dict[State, float] = {}
    mem_path: list[dict[State, State | str]] = [{}]
    first = obs[0]
    for y in tables.char_states.get(first, tables.all_states):
        scores[y] = tables.start_p[y] + tables.emit_p[y].get(first, MIN_FLOAT)
        mem_path[0][y] = ""
    for char in obs[1:]:
        scores, back = _step(char, scores, mem_path[-1], tables)
        mem_path.append(back)
    prob, state = max((scores[y], y) for y in mem_path[-1])
    route: list[State] = [state] * len(obs)
    for i in range(len(obs) - 1, -1, -1):
        route[i] = state
        state = mem_path[i][state]
    return prob, route


def _step(char: str, previous: dict[State, float], previous_path: dict,
          tables: HmmTables) -> tuple[dict[State, float], dict[State, State]]:
    """One Viterbi step: the best score of each state of ``char`` and where it came from."""
    successors, predecessors, into = tables.successors, tables.predecessors, tables.into
    prev_states = [x for x in previous_path if successors[x]]
    expected = frozenset().union(*(successors[x] for x in prev_states))
    obs_states = tables.char_states.get(char, tables.all_states) & expected
    if not obs_states:
        obs_states = expected if expected else tables.all_states
    prev_set = frozenset(prev_states)
    scores: dict[State, float] = {}
    back: dict[State, State] = {}
    for y in obs_states:
        emission = tables.emit_p[y].get(char, MIN_FLOAT)
        # Only the states with a transition into y can score above -inf (jieba's MIN_INF).
        froms = list(predecessors.get(y, frozenset()) & prev_set)
        entering = into.get(y, {})
        sums = [previous[y0] + entering[y0] + emission for y0 in froms]
        best = max(sums, default=MIN_INF)
        ties = sums.count(best)
        if best == MIN_INF:  # every sum is -inf: jieba's tuple max takes the greatest state
            back[y] = max(prev_states)
        elif ties == 1:
            back[y] = froms[sums.index(best)]
        elif ties == len(sums):  # all tied (an emission jieba never saw absorbs every sum)
            back[y] = max(froms)
        else:  # tied scores: the greatest state, as jieba's tuple max
            back[y] = max([y0 for y0, total in zip(froms, sums) if total == best])
        scores[y] = best
    return scores, back


class FastPOSTokenizer(jieba.posseg.POSTokenizer):
    """``jieba.posseg.POSTokenizer`` whose HMM pass runs ``viterbi`` above."""

    def __init__(self, tokenizer=None) -> None:
        super().__init__(tokenizer)
        self._tables = HmmTables.build()

    def _POSTokenizer__cut(self, sentence: str) -> Iterator[pair]:  # noqa: N802 - jieba's name
        # jieba 0.42.1's POSTokenizer.__cut, with this module's viterbi.
        _, pos_list = viterbi(sentence, self._tables)
        begin, nexti = 0, 0
        for i, char in enumerate(sentence):
            pos = pos_list[i][0]
            if pos == "B":
                begin = i
            elif pos == "E":
                yield pair(sentence[begin:i + 1], pos_list[i][1])
                nexti = i + 1
            elif pos == "S":
                yield pair(char, pos_list[i][1])
                nexti = i + 1
        if nexti < len(sentence):
            yield pair(sentence[nexti:], pos_list[nexti][1])


#: jieba part-of-speech tag given to user words its dictionary does not know (n = noun)
USER_TAG = "n"


@lru_cache(maxsize=4)
def shared_tagger(words: tuple[str, ...]) -> FastPOSTokenizer:
    """The POS tokenizer of a private, initialized ``jieba.Tokenizer`` that keeps ``words``
    whole: a pure function of ``words``, built once per word set and process (its
    dictionary takes a second and ~90 MB to load and never changes after this call). The
    segment stage and the subject grammar ask for the same words
    (``grammar/lexicon_words.tokenizer_words``), so a pipeline has one dictionary and one
    tokenization of any text.
    """
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for word in words:
        # a known word keeps its dictionary tag (FREQ also holds prefixes, at 0: not words)
        tokenizer.add_word(word, tag=None if tokenizer.FREQ.get(word) else USER_TAG)
    return FastPOSTokenizer(tokenizer)
