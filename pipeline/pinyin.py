"""Pinyin tables: the syllable inventory and the readings of GBK's traditional characters.

Both come from data files under ``pipeline/data/`` (provenance in their headers):

* ``pinyin_syllables.tsv`` -- every Hanyu Pinyin reading, toned (``chǎn``) or
  neutral (``men``), NFC. A parenthesised run is a pinyin annotation only if
  it is one of these syllables; nothing is guessed from letter shapes.
* ``gbk_trad_pinyin.tsv`` -- the readings of each GBK double-byte character
  that OpenCC ``t2s`` changes (the characters a trad+pinyin mirror annotates).
  ``pipeline.garble`` uses it to undo the mirror's byte-misaligned annotations.

>>> table = PinyinTable.load()
>>> table.is_syllable("chǎn"), table.is_syllable("VR"), table.is_syllable("https")
(True, False, False)
>>> is_toned("chǎn"), is_toned("men")
(True, False)
>>> "bào" in table.readings("報")
True
>>> [(c, c.encode("gbk").hex()) for c in table.chars_with_lead(0xF2, "yàn")]
[('騴', 'f27a'), ('驗', 'f29e')]
"""
from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from xinwen.pipeline.resources import load_tsv

SYLLABLES_FILE = "pinyin_syllables.tsv"
READINGS_FILE = "gbk_trad_pinyin.tsv"

# Letters of untoned pinyin; anything else in a syllable is a tone mark (ā, ǚ, ń ...).
_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyzü")


def is_toned(syllable: str) -> bool:
    """Whether a syllable carries a tone mark (neutral-tone syllables do not)."""
    return any(ch not in _PLAIN for ch in syllable)


@dataclass(frozen=True)
class PinyinTable:
    """The syllable inventory plus readings of GBK traditional characters."""

    syllables: frozenset[str]
    _readings: dict[str, tuple[str, ...]] = field(repr=False)
    _by_lead: dict[int, tuple[str, ...]] = field(repr=False)

    @classmethod
    def load(cls) -> PinyinTable:
        syllables = frozenset(
            row["syllable"] for row in load_tsv(SYLLABLES_FILE, ("syllable",), key="syllable")
        )
        readings: dict[str, tuple[str, ...]] = {}
        by_lead: dict[int, list[str]] = defaultdict(list)
        for row in load_tsv(READINGS_FILE, ("char", "pinyin"), key="char"):
            char = row["char"]
            readings[char] = tuple(row["pinyin"].split(","))
            by_lead[char.encode("gbk")[0]].append(char)
        return cls(syllables, readings, {lead: tuple(chars) for lead, chars in by_lead.items()})

    def is_syllable(self, text: str) -> bool:
        return unicodedata.normalize("NFC", text) in self.syllables

    @property
    def characters(self) -> tuple[str, ...]:
        """The characters with readings, in GBK byte order."""
        return tuple(self._readings)

    def readings(self, char: str) -> tuple[str, ...]:
        return self._readings.get(char, ())

    def chars_with_lead(self, lead: int, syllable: str) -> tuple[str, ...]:
        """Traditional characters whose GBK lead byte is ``lead`` and that read ``syllable``."""
        syllable = unicodedata.normalize("NFC", syllable)
        return tuple(c for c in self._by_lead.get(lead, ()) if syllable in self._readings[c])
