"""Undo GBK byte-shift garbles left by trad+pinyin mirror sites.

How the garble is made (worked out from the seed article, byte by byte). The
mirror converts an article to traditional characters in GBK and then adds a
pinyin annotation after every character of its table with a byte-level
search-and-replace: ``驗`` → ``驗(yàn)``. The search is not aligned to
characters, so it also matches the trail byte of one character plus the lead
byte of the next: in ``夠為`` (``89 f2 | 9e e9``) the bytes ``f2 9e`` are ``驗``,
and ``(yàn)`` is inserted between the lead ``9e`` and the trail ``e9`` of
``為``. Decoding the result as GBK then gives

* ``?`` for the invalid pair ``9e 28`` (the lost character's lead byte plus
  ``(``), then the pinyin run ``yàn)``;
* the orphan trail byte ``e9`` pairs with the next byte, and every following
  character is read one byte late (``e9c7 e08d`` = ``榍鄭``) until the late
  reading puts a byte below 0x80 into lead position: that byte comes out as
  itself (``u``, the trail of ``島`` = ``8d 75``) and the reading is in step
  again (``市``). An invalid late pair (a trail plus an ASCII byte below 0x40,
  e.g. ``df 20``) comes out as ``?`` and also ends the run, hiding both bytes.

So at a site ``P ? pinyin ) <run>`` (``P`` the character before the ``?``):

* the shifted run is re-encoded, its first byte (the orphan) dropped and the
  rest decoded in step: ``榍鄭u`` → ``青島`` (counted as repaired);
* the lost character is ``(L, T)``: its trail ``T`` is the orphan (hidden when
  the run starts with ``?``); its lead ``L`` is the second byte of a character
  whose first byte is ``P``'s trail and which reads as the pinyin run
  (``f2 ?? = yàn`` → ``驗`` = ``f2 9e``, so ``L = 9e``; ``為`` = ``9e e9``). Where
  the bytes and readings leave one common character, it is restored; where
  several remain, the dictionary (jieba's word frequencies) chooses among them
  by the words they make with their neighbours inside the site; otherwise it
  stays ``?`` and counts as unrecoverable. The dictionary is asked only where
  the lead byte is known: a surviving trail byte alone leaves about 80 common
  candidates, and word frequencies then pick the wrong one (``西`` for ``嶗``).

Everything is decided from the site's own text (``P`` included), so a site
is one edit unit of the offset map.
"""
from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from xinwen.pipeline.doc import Span
from xinwen.pipeline.patterns import fixed_pattern
from xinwen.pipeline.pinyin import PinyinTable, is_toned

# `?` + pinyin run + `)` : the visible part of a misaligned annotation.
SITE = fixed_pattern("text_patterns.tsv", "text.garble_site")
# `(pinyin)` and its form with the `(` eaten by a preceding invalid pair.
ANNOTATION = fixed_pattern("text_patterns.tsv", "text.pinyin_annotation")
EATEN_ANNOTATION = fixed_pattern("text_patterns.tsv", "text.eaten_annotation")

LEADS = range(0x81, 0xFF)
TRAILS = (*range(0x40, 0x7F), *range(0x80, 0xFF))
MAX_RUN = 400  # a shifted run longer than this is not believed (GB2312-only text can run long)
MIN_WORD_FREQ = 10  # a dictionary word must be at least this frequent to decide
MIN_RATIO = 4  # ... and this many times more frequent than the runner-up


@lru_cache(maxsize=1)
def gbk_pairs() -> dict[tuple[int, int], str]:
    """Every GBK double-byte character by its (lead, trail) bytes."""
    pairs = {}
    for lead in LEADS:
        for trail in TRAILS:
            try:
                pairs[lead, trail] = bytes((lead, trail)).decode("gbk")
            except UnicodeDecodeError:
                continue
    return pairs


def gbk_bytes(char: str) -> bytes | None:
    try:
        return char.encode("gbk")
    except UnicodeEncodeError:
        return None


class WordFrequencies:
    """jieba's dictionary word frequencies (words of 2-4 characters), loaded on first use."""

    def __init__(self, path: Path | None = None) -> None:
        self._path = path
        self._freq: dict[str, int] | None = None

    @staticmethod
    def default_path() -> Path:
        spec = importlib.util.find_spec("jieba")
        if spec is None or spec.origin is None:
            return Path("jieba-not-installed")
        return Path(spec.origin).with_name("dict.txt")

    def load(self) -> WordFrequencies:
        """Read the dictionary now (a pipeline does it at build time, not in its first
        garbled document); ``self``."""
        if self._freq is None:
            self._freq = self._load(self._path or self.default_path())
        return self

    def freq(self, word: str) -> int:
        return self.load()._freq.get(word, 0)

    @staticmethod
    def _load(path: Path) -> dict[str, int]:
        freq: dict[str, int] = {}
        if not path.is_file():  # no dictionary: lost characters need stronger evidence
            return freq
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                word, count = line.split(" ", 2)[:2]
                if 2 <= len(word) <= 4:
                    freq[word] = int(count)
        return freq


@dataclass(frozen=True, slots=True, kw_only=True)
class Repair(Span):
    """The replacement for ``text[start:end]`` of one garble site."""

    text: str
    repaired: int
    unrecoverable: int


@dataclass(slots=True)
class _Site:
    lost_leads: tuple[int, ...] | None = None
    lost_trail: int | None = None
    lost_reading: str | None = None
    restored: str = ""
    half_lead: int | None = None  # a run ended in `?`: lead byte of a character whose trail is hidden
    half_reading: str | None = None
    hidden_lost: bool = False  # the byte hidden with it was not `(`: an unknown ASCII char is lost
    end: int = 0


class GarbleRepairer:
    """Finds and repairs the garble site at a ``?`` of a text."""

    def __init__(
        self,
        table: PinyinTable,
        to_simplified: Callable[[str], str],
        words: WordFrequencies | None = None,
    ) -> None:
        self.table = table
        self.simplify = to_simplified  # char-level t2s
        self.words = words or WordFrequencies()

    def repair(self, text: str, pos: int, prev_ok: bool = True) -> Repair | None:
        """Repair for the site whose ``?`` is ``text[pos]``, or None if there is none.

        ``prev_ok`` says whether ``text[pos - 1]`` may serve as the site's ``P``.
        """
        match = SITE.match(text, pos)
        if match is None or not self.table.is_syllable(match.group(1)):
            return None
        prev = text[pos - 1] if prev_ok and pos > 0 else ""
        leads = self._lost_leads(prev, match.group(1))
        if leads is None and not is_toned(match.group(1)):
            return None
        if leads is None:
            prev = ""
        site = _Site(lost_leads=leads)
        self._read_after(text, match.end(), site)
        return self._finish(prev, pos - len(prev), site)

    def _lost_leads(self, prev: str, syllable: str) -> tuple[int, ...] | None:
        encoded = gbk_bytes(prev) if prev else None
        if encoded is None or len(encoded) != 2:
            return None
        chars = self.table.chars_with_lead(encoded[1], syllable)
        leads = sorted({gbk_bytes(c)[1] for c in chars} & set(LEADS))
        return tuple(leads) or None

    def _read_after(self, text: str, pos: int, site: _Site) -> None:
        """The orphan byte and the shifted run after the pinyin run's ``)``."""
        site.end = pos
        char = text[pos] if pos < len(text) else ""
        if char == "?":
            site.end, site.lost_reading, site.hidden_lost = self._hidden(text, pos + 1)
            return
        encoded = gbk_bytes(char) if char else None
        if encoded is None or (len(encoded) == 1 and not 0x40 <= encoded[0] <= 0x7E):
            return
        site.lost_trail = encoded[0]
        if len(encoded) == 1:
            site.end, site.lost_reading = self._annotation(text, pos + 1, "")
            return
        if not self._shifted(text, pos + 1, encoded[1], site):
            site.lost_trail, site.restored, site.half_lead, site.end = None, "", None, pos

    def _shifted(self, text: str, pos: int, pending: int, site: _Site) -> bool:
        """Read the run one byte late from ``pending``; False where the text does not fit."""
        pairs = gbk_pairs()
        restored = []
        while pending >= 0x80:
            if pos >= len(text) or len(restored) > MAX_RUN:
                return False
            char = text[pos]
            if char == "?":
                site.half_lead = pending
                site.end, site.half_reading, site.hidden_lost = self._hidden(text, pos + 1)
                site.restored = "".join(restored)
                return True
            encoded = gbk_bytes(char)
            if encoded is None or (pending, encoded[0]) not in pairs:
                return False
            restored.append(pairs[pending, encoded[0]])
            pos += 1
            pending = encoded[1] if len(encoded) == 2 else -1
        if pending >= 0:
            restored.append(chr(pending))
        last = restored[-1]
        site.end, _ = self._annotation(text, pos, last)
        site.restored = "".join(restored)
        return True

    def _hidden(self, text: str, pos: int) -> tuple[int, str | None, bool]:
        """After a ``?`` that hid a trail byte and one more: was that ``(`` of an annotation?"""
        match = EATEN_ANNOTATION.match(text, pos)
        if match and self.table.is_syllable(match.group(1)):
            return match.end(), match.group(1), False
        return pos, None, True

    def _annotation(self, text: str, pos: int, after: str) -> tuple[int, str | None]:
        match = ANNOTATION.match(text, pos)
        if (
            match
            and self.table.is_syllable(match.group(1))
            and (is_toned(match.group(1)) or (after and self.simplify(after) != after))
        ):
            return match.end(), match.group(1)
        return pos, None

    def _finish(self, prev: str, start: int, site: _Site) -> Repair:
        restored = site.restored
        lost = self.resolve(
            site.lost_leads,
            None if site.lost_trail is None else (site.lost_trail,),
            site.lost_reading,
            prev,
            restored,
        )
        out, repaired, lost_count = prev + (lost or "?") + restored, len(restored), 0
        repaired, lost_count = repaired + bool(lost), lost_count + (not lost)
        if site.half_lead is not None:
            left = prev + lost + restored if lost else restored
            half = self.resolve((site.half_lead,), None, site.half_reading, left, "")
            out += half or "?"
            repaired, lost_count = repaired + bool(half), lost_count + (not half)
        if site.hidden_lost:
            out += "?"
            lost_count += 1
        return Repair(start, site.end, text=out, repaired=repaired, unrecoverable=lost_count)

    def resolve(
        self,
        leads: Sequence[int] | None,
        trails: Sequence[int] | None,
        reading: str | None,
        left: str,
        right: str,
    ) -> str | None:
        """The lost character with these possible bytes and reading, or None.

        ``left``/``right``: restored text beside it inside the site (context words).
        """
        if leads is None and trails is None:
            return None
        pairs = gbk_pairs()
        candidates = [
            pairs[lead, trail]
            for lead in (leads or LEADS)
            for trail in (trails or TRAILS)
            if (lead, trail) in pairs
        ]
        read = [c for c in candidates if reading and reading in self.table.readings(c)]
        candidates = read or candidates
        common = [c for c in candidates if self._common(c)]
        if not common:
            return None
        known = (leads is not None) + (trails is not None) + bool(read)
        if known >= 2 and len(common) == 1:
            return common[0]
        if leads is None:
            # A surviving trail byte leaves ~80 common candidates, and the dictionary
            # then prefers frequent words over the right one (讓?山區 would become 让西山区).
            return None
        return self._by_words(common, left, right)

    def _common(self, char: str) -> bool:
        """A character a news text may have lost: its simplified form is in GB2312."""
        simple = self.simplify(char)
        try:
            return len(simple) == 1 and len(simple.encode("gb2312")) == 2
        except UnicodeEncodeError:
            return False

    def _by_words(self, candidates: Iterable[str], left: str, right: str) -> str | None:
        left = "".join(self.simplify(c) for c in left[-3:])
        right = "".join(self.simplify(c) for c in right[:3])
        if not left and not right:
            return None
        scores: dict[str, tuple[int, str]] = {}
        for char in candidates:
            simple = self.simplify(char)
            if simple not in scores:
                scores[simple] = (self._score(left, simple, right), char)
        ranked = sorted(scores.values(), key=lambda item: -item[0])
        best = ranked[0][0]
        runner_up = ranked[1][0] if len(ranked) > 1 else 0
        if best >= MIN_WORD_FREQ and best >= MIN_RATIO * runner_up:
            return ranked[0][1]
        return None

    def _score(self, left: str, char: str, right: str) -> int:
        """Frequency of the best dictionary word through ``char`` that takes a neighbour."""
        best = 0
        for i in range(len(left) + 1):
            for j in range(len(right) + 1):
                word = left[len(left) - i:] + char + right[:j]
                if 2 <= len(word) <= 4:
                    best = max(best, self.words.freq(word))
        return best
