"""Normalization: raw text → simplified working text with an exact offset map.

Steps, in this order (each one works on *edit units*: a unit is a raw range
``[start, end)`` and the working text it became; every working character maps
to its unit's raw range, see ``pipeline.doc.OffsetMap``):

1. **Width.** Full-width ASCII letters and digits, the ideographic space and
   the full-width symbols ``＃＄％＆＊＋－．／＜＝＞＠＼＾＿｜～`` become their
   half-width forms (``４．８３亿`` → ``4.83亿``). Chinese punctuation stays as
   written: ``，。、：；！？（）［］｛｝＂＇｀`` and all CJK brackets and quotes
   (``（青岛）`` keeps its full-width parentheses). Zero-width characters
   (ZWSP/ZWNJ/ZWJ, word joiner, BOM, soft hyphen) are dropped into the
   preceding unit. One raw character per unit.
2. **Pinyin annotations and garbles.** ``產(chǎn)`` → ``產``: a parenthesised
   run is an annotation only if it is one syllable of the pinyin inventory
   (``pipeline/data/pinyin_syllables.tsv``); a toned syllable is stripped
   after any character (also ``I(yè)``), a neutral-tone one (``們(men)``) only
   after a traditional character. ``(青岛)``, ``( https://…)``, ``(@齐鲁网)``,
   ``(记者 衣涛)`` are not syllables and stay. The annotated character and
   its annotation are one unit. GBK byte-shift garbles (``?`` + pinyin run,
   see ``pipeline.garble``) are repaired; a site, from its ``?`` to the end
   of its shifted run, is one unit. The character before the ``?`` lends the
   site its trail byte but is kept as it is, so it stays a unit of its own (a
   name that ends on it maps to itself alone). Repeated until nothing
   changes, so that normalizing is idempotent.
3. **Whitespace.** ``\\r\\n`` and lone ``\\r`` (and U+0085/2028/2029) become
   ``\\n``; a run of spaces, tabs, no-break and other horizontal spaces
   becomes one space (one unit). Newlines are kept as they are.
4. **Traditional → simplified** with OpenCC ``t2s`` (not ``tw2sp``, which
   rewrites vocabulary) over the whole text, so that phrases convert right
   (``乾隆`` stays, ``乾燥`` → ``干燥``). Where a character's phrase-level
   result differs from its character-level one, the units around it are
   merged until the merged span converts the same on its own. OpenCC's
   ``t2s`` keeps lengths; a line where it does not is converted per character.

``form`` of the input (counted on the text after step 3): *traditional*
characters are those ``t2s`` changes there, *simplified* ones those that
``s2t`` would change and ``t2s`` leaves. ``mixed``: both kinds occur, the
rarer at least 3 times and at least 10% of the two together (a page stitched
from both scripts, or a half-converted mirror). Otherwise the larger kind
decides: ``trad_pinyin`` if traditional and any pinyin annotation or garble
was found, ``traditional`` if traditional without, else ``simplified`` (also
when neither kind occurs, and for a simplified text with pinyin glosses).

``repaired`` counts characters restored at garble sites (the characters
recovered from a shifted run, and lost characters the bytes, readings and
dictionary determine); ``unrecoverable`` counts characters known to be lost,
each left as one ``?`` in the working text. A ``?`` that is not part of a
garble site (``想爆料?``) is an ordinary character.

>>> n = normalize_text("青島(dǎo)產(chǎn)業(yè)")
>>> n.text, n.form, n.offset_map.ranges
('青岛产业', 'trad_pinyin', [(0, 1), (1, 7), (7, 14), (14, 19)])
>>> normalize_text("能夠?yàn)榍鄭u市").text
'能够为青岛市'
>>> normalize_text("国家虚拟现实创新中心(青岛)　ＶＲ  ( https://x.cn/)").text
'国家虚拟现实创新中心(青岛) VR ( https://x.cn/)'
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from operator import ne

import opencc

from xinwen.pipeline.doc import Document, OffsetMap
from xinwen.pipeline.errors import Warnings
from xinwen.pipeline.garble import GarbleRepairer, Repair, WordFrequencies
from xinwen.pipeline.patterns import fixed_pattern
from xinwen.pipeline.pinyin import PinyinTable, is_toned

FORMS = ("simplified", "traditional", "trad_pinyin", "mixed")

_WIDTH = {0xFF10 + i: ord("0") + i for i in range(10)}
_WIDTH.update({0xFF21 + i: ord("A") + i for i in range(26)})
_WIDTH.update({0xFF41 + i: ord("a") + i for i in range(26)})
_WIDTH.update({ord(c): ord(c) - 0xFEE0 for c in "＃＄％＆＊＋－．／＜＝＞＠＼＾＿｜～"})
_WIDTH[0x3000] = ord(" ")
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
# `?` + pinyin run + `)` (a garble site) or `(` + pinyin + `)` (an annotation).
CANDIDATE = fixed_pattern("text_patterns.tsv", "text.pinyin_candidate")
NEWLINES = "\r\x85\u2028\u2029"
WHITESPACE = fixed_pattern("text_patterns.tsv", "text.whitespace")
MAX_MERGE = 6  # units merged on each side of a context-dependent conversion, at most
MIXED_MIN_COUNT = 3
MIXED_MIN_SHARE = 0.1


@dataclass(frozen=True)
class Normalized:
    """Result of ``normalize_text``: the working text and how it maps to the raw text."""

    text: str
    offset_map: OffsetMap
    form: str
    repaired: int
    unrecoverable: int


class _Units:
    """The working text as edit units: unit ``k`` is raw ``[starts[k], ends[k])`` → ``texts[k]``."""

    __slots__ = ("ends", "starts", "texts")

    def __init__(self, starts: list[int], ends: list[int], texts: list[str]) -> None:
        self.starts, self.ends, self.texts = starts, ends, texts

    def flat(self) -> tuple[str, list[int], list[int]]:
        """Text, unit index of each character, and each unit's offset in the text (+ the end)."""
        text = "".join(self.texts)
        offsets = list(accumulate(map(len, self.texts), initial=0))
        if len(text) == len(self.texts):  # one character a unit, the common case
            return text, list(range(len(text))), offsets
        owner = [k for k, unit in enumerate(self.texts) for _ in unit]
        return text, owner, offsets

    def replace(self, edits: list[tuple[int, int, str]]) -> _Units:
        """Apply sorted, disjoint text edits ``(start, end, new)``; touched units merge into one."""
        text, owner, offsets = self.flat()
        groups: list[list] = []  # [first unit, last unit, edits]
        for start, end, new in edits:
            first, last = owner[start], owner[end - 1]
            if groups and first <= groups[-1][1]:
                groups[-1][1] = max(groups[-1][1], last)
                groups[-1][2].append((start, end, new))
            else:
                groups.append([first, last, [(start, end, new)]])
        out = _Units([], [], [])
        k = 0
        for first, last, group_edits in groups:
            for u in range(k, first):
                out._add(self.starts[u], self.ends[u], self.texts[u])
            pos, parts = offsets[first], []
            for start, end, new in group_edits:
                parts += [text[pos:start], new]
                pos = end
            parts.append(text[pos:offsets[last + 1]])
            out._add(self.starts[first], self.ends[last], "".join(parts))
            k = last + 1
        for u in range(k, len(self.texts)):
            out._add(self.starts[u], self.ends[u], self.texts[u])
        return out

    def _add(self, start: int, end: int, text: str) -> None:
        if text:
            self.starts.append(start)
            self.ends.append(end)
            self.texts.append(text)
        elif self.texts:  # an emptied unit is absorbed by the one before
            self.ends[-1] = end

    def offset_map(self, raw_length: int) -> OffsetMap:
        if sum(map(len, self.texts)) == len(self.texts):  # one character a unit: built in C
            return OffsetMap(list(zip(self.starts, self.ends)), raw_length=raw_length)
        ranges = [(s, e) for s, e, t in zip(self.starts, self.ends, self.texts) for _ in t]
        return OffsetMap(ranges, raw_length=raw_length)


class Normalizer:
    """Raw text → ``Normalized``. Owns its converters and tables; reusable, not thread-safe."""

    def __init__(self, table: PinyinTable | None = None, words: WordFrequencies | None = None):
        self.table = table or PinyinTable.load()
        self._t2s = opencc.OpenCC("t2s")
        self._s2t = opencc.OpenCC("s2t")
        self._t2s_chars: dict[str, str] = {}
        self._s2t_chars: dict[str, str] = {}
        self.repairer = GarbleRepairer(self.table, self.simplify_char, words)

    def simplify_char(self, char: str) -> str:
        """Character-level ``t2s`` (memoized)."""
        out = self._t2s_chars.get(char)
        if out is None:
            out = self._t2s_chars[char] = self._t2s.convert(char)
        return out

    def _traditionalize_char(self, char: str) -> str:
        out = self._s2t_chars.get(char)
        if out is None:
            out = self._s2t_chars[char] = self._s2t.convert(char)
        return out

    def __call__(self, raw: str) -> Normalized:
        units = self._fold_width(raw)
        units, counts = self._strip_and_repair(units)
        units = self._fold_whitespace(units)
        units, traditional, simplified = self._simplify(units)
        form = self._form(traditional, simplified, annotated=counts[0] > 0)
        text = "".join(units.texts)
        return Normalized(text, units.offset_map(len(raw)), form, counts[1], counts[2])

    @staticmethod
    def _fold_width(raw: str) -> _Units:
        folded = raw.translate(_WIDTH)
        if not any(char in raw for char in ZERO_WIDTH):  # one unit a character, built at once
            return _Units(list(range(len(raw))), list(range(1, len(raw) + 1)), list(folded))
        units = _Units([], [], [])
        pending = None  # zero-width characters before the first unit
        for i, char in enumerate(folded):
            if char not in ZERO_WIDTH:
                units._add(i if pending is None else pending, i + 1, char)
                pending = None
            elif units.texts:
                units.ends[-1] = i + 1
            elif pending is None:
                pending = i
        return units

    def _strip_and_repair(self, units: _Units) -> tuple[_Units, tuple[int, int, int]]:
        """Step 2 until nothing changes; counts (annotations+sites, repaired, unrecoverable)."""
        annotated = repaired = lost = 0
        while True:
            text = "".join(units.texts)
            edits, last = [], 0
            for match in CANDIDATE.finditer(text):
                pos = match.start()
                if pos < last:
                    continue
                if match.group(1) is not None:
                    repair = self.repairer.repair(text, pos, prev_ok=pos > last)
                    if repair is None:
                        continue
                    # A re-decoded byte run may yield full-width forms (．): fold them too,
                    # or a second normalization would change the text again.
                    edits.append(self._site_edit(text, pos, repair))
                    repaired, lost = repaired + repair.repaired, lost + repair.unrecoverable
                elif pos > last and self._is_annotation(text[pos - 1], match.group(2)):
                    edits.append((pos - 1, match.end(), text[pos - 1]))
                else:
                    continue
                annotated += 1
                last = edits[-1][1]
            if not edits:
                return units, (annotated, repaired, lost)
            units = units.replace(edits)

    @staticmethod
    def _site_edit(text: str, pos: int, repair: Repair) -> tuple[int, int, str]:
        """The edit of one garble site, without the character before its ``?``.

        That character (``P``) only lends its trail byte as evidence and is itself kept as it
        is, so it stays its own unit: a name that ends on it (``王聰聰?shù)…``) then maps to
        raw text that normalizes to the name, not to the whole site.
        """
        kept = text[repair.start:pos]
        if repair.text.startswith(kept):
            return pos, repair.end, repair.text[len(kept):].translate(_WIDTH)
        return repair.start, repair.end, repair.text.translate(_WIDTH)

    def _is_annotation(self, before: str, syllable: str) -> bool:
        if not self.table.is_syllable(syllable):
            return False
        return is_toned(syllable) or self.simplify_char(before) != before

    @staticmethod
    def _fold_whitespace(units: _Units) -> _Units:
        text = "".join(units.texts)
        edits = [
            (m.start(), m.end(), "\n" if m.group()[0] in NEWLINES else " ")
            for m in WHITESPACE.finditer(text)
            if m.group() != " "
        ]
        return units.replace(edits) if edits else units

    def _simplify(self, units: _Units) -> tuple[_Units, int, int]:
        """Step 4; also counts traditional and simplified characters for ``form``."""
        text, owner, offsets = units.flat()
        outs = self._convert(text)
        traditional = sum(map(ne, text, outs))
        counts = Counter(text)  # each distinct character is looked up once
        simplified = sum(
            n for c, n in counts.items()
            if self._traditionalize_char(c) != c and self.simplify_char(c) == c
        )
        convertible = frozenset(c for c in counts if self.simplify_char(c) != c)
        merged = self._context_groups(text, outs, owner, offsets, convertible)
        if not merged and len(outs) == len(units.texts) and all(outs):
            # one character a unit and no merge: the units keep their ranges, new texts
            return _Units(units.starts, units.ends, outs), traditional, simplified
        out = _Units([], [], [])
        u = 0
        while u < len(units.texts):
            last = merged.get(u, u)
            piece = "".join(outs[offsets[u]:offsets[last + 1]])
            out._add(units.starts[u], units.ends[last], piece)
            u = last + 1
        return out, traditional, simplified

    def _convert(self, text: str) -> list[str]:
        converted = self._t2s.convert(text)
        if len(converted) == len(text):
            return list(converted)
        outs: list[str] = []
        for n, line in enumerate(text.split("\n")):
            if n:
                outs.append("\n")
            converted = self._t2s.convert(line)
            if len(converted) == len(line):
                outs.extend(converted)
            else:
                outs.extend(self.simplify_char(c) for c in line)
        return outs

    def _context_groups(
        self, text: str, outs: list[str], owner: list[int], offsets: list[int],
        convertible: frozenset[str],
    ) -> dict[int, int]:
        """First unit → last unit of each merge needed for context-dependent conversions.

        Only a character whose conversion is not its character-level one needs a merge: one
        that changed in context, or one ``convertible`` on its own that context kept."""
        spans: list[tuple[int, int]] = []
        suspects = (i for i, (a, b) in enumerate(zip(text, outs)) if a != b or a in convertible)
        for i in suspects:
            char = text[i]
            if outs[i] == self.simplify_char(char) or (spans and owner[i] <= spans[-1][1]):
                continue
            lo = hi = owner[i]
            for _ in range(MAX_MERGE):
                span = slice(offsets[lo], offsets[hi + 1])
                if self._t2s.convert(text[span]) == "".join(outs[span]):
                    break
                lo, hi = max(0, lo - 1), min(len(offsets) - 2, hi + 1)
            while spans and lo <= spans[-1][1]:  # overlaps the one before: join them
                lo = min(lo, spans.pop()[0])
            spans.append((lo, hi))
        return dict(spans)

    @staticmethod
    def _form(traditional: int, simplified: int, annotated: bool) -> str:
        minority = min(traditional, simplified)
        if minority >= MIXED_MIN_COUNT and minority >= MIXED_MIN_SHARE * (traditional + simplified):
            return "mixed"
        if traditional > simplified:
            return "trad_pinyin" if annotated else "traditional"
        return "simplified"


@lru_cache(maxsize=1)
def default_normalizer() -> Normalizer:
    return Normalizer()


def normalize_text(raw: str) -> Normalized:
    """Normalize ``raw`` with the shared default ``Normalizer``."""
    return default_normalizer()(raw)


def edit_units(offset_map: OffsetMap) -> list[tuple[int, int]]:
    """Working-text spans of the edit units: runs of characters that share one raw range.

    >>> edit_units(normalize_text("產(chǎn)業(yè)  x").offset_map)
    [(0, 1), (1, 2), (2, 3), (3, 4)]
    """
    spans: list[tuple[int, int]] = []
    ranges = offset_map.ranges
    for i, rng in enumerate(ranges):
        if i and rng == ranges[i - 1]:
            spans[-1] = (spans[-1][0], i + 1)
        else:
            spans.append((i, i + 1))
    return spans


class NormalizeStage:
    """Sets ``text``, ``offset_map``, ``form``, ``repaired`` and ``unrecoverable``."""

    name = "normalize"
    requires = ("raw",)
    assigns = ("text", "offset_map", "form", "repaired", "unrecoverable")

    def __init__(self, normalizer: Normalizer | None = None) -> None:
        self.normalizer = normalizer or Normalizer()

    @classmethod
    def from_config(cls, config) -> NormalizeStage:
        return cls()

    def __call__(self, doc: Document) -> Document:
        result = self.normalizer(doc.raw)
        doc.text = result.text
        doc.offset_map = result.offset_map
        doc.form = result.form
        doc.repaired = result.repaired
        doc.unrecoverable = result.unrecoverable
        if result.unrecoverable:
            doc.warn(self.name, "W001", Warnings.W001.format(count=result.unrecoverable))
        return doc
