"""Decoding an input's bytes: encoding detection, the capped read, and the ``Document`` or
``ReadFailure`` a reader makes of them.

Shared by the file readers (``pipeline.readers``) and the WARC reader
(``pipeline.reader_warc``), which both import it, so neither imports the other's
helpers. ``pipeline.readers`` re-exports the public names (``ReadFailure``,
``detect_encoding``, ``declared_charset``, ``truncated_at``) and describes the
detection: a UTF-8 BOM (``utf-8-sig``), strict UTF-8 (``utf-8``), then strict
GB18030 and Big5 (``cp950`` where plain Big5 fails) decodes scored by how common
their Chinese characters are (see ``_score``); an HTML ``charset`` declaration
decides between legacy encodings that both decode.
"""
from __future__ import annotations

import functools
import importlib.resources
import math
import unicodedata
from dataclasses import dataclass

from xinwen.pipeline.doc import Document, SourceInfo
from xinwen.pipeline.errors import Warnings
from xinwen.pipeline.patterns import fixed_pattern

READ_CHUNK = 1 << 20
# reasons Python's codecs give for a sequence cut by the end of the bytes
_CUT_REASONS = frozenset({"unexpected end of data", "incomplete multibyte sequence"})
STAGE = "read"


@dataclass(frozen=True, slots=True)
class ReadFailure:
    """An input document that could not be read; ``message`` starts with ``[Exxx]``.

    Source fields are ``None`` where the failure came before they were known
    (no bytes → no ``sha256``; undecodable → no ``encoding``).
    """

    doc_id: str
    path: str | None  # None for a text given to the Python API
    code: str
    message: str
    format: str | None = None
    sha256: str | None = None
    encoding: str | None = None
    stage: str = STAGE


def _read_capped(stream, limit: int | None) -> bytes:
    """All of ``stream``, or its first ``limit`` bytes, read in chunks."""
    if limit is None:
        return stream.read()
    chunks, size = [], 0
    while size < limit:
        chunk = stream.read(min(READ_CHUNK, limit - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _document(
    doc_id: str, raw: str, source: SourceInfo, confident: bool, cut: int | None = None
) -> Document:
    doc = Document(doc_id=doc_id, raw=raw, source=source)
    if cut is not None:
        doc.warn(STAGE, "W080", Warnings.W080.format(offset=cut, encoding=source.encoding))
    if not confident:
        doc.warn(STAGE, "W002", Warnings.W002.format(encoding=source.encoding))
    return doc


# ---------------------------------------------------------------- encoding

_DECLARED = {
    "gb2312": "gb18030", "gbk": "gb18030", "gb18030": "gb18030", "x-gbk": "gb18030",
    "big5": "big5", "big5-hkscs": "big5", "cp950": "big5", "x-x-big5": "big5",
}
# A legacy decode within this many nats/char of the other is a close call (W002).
_CLOSE_CALL = 0.5
_MIN_SCORED = 4
_SCORE_PREFIX = 4000  # characters scored, enough to decide and cheap


def declared_charset(data: bytes) -> str | None:
    """Legacy encoding named by an HTML ``charset=`` declaration, mapped to ours."""
    found = fixed_pattern("text_patterns.tsv", "text.meta_charset").search(data[:4096])
    if found is None:
        return None
    return _DECLARED.get(found.group(1).decode("ascii").lower())


def detect_encoding(data: bytes, *, declared: str | None = None) -> tuple[str, str, bool] | None:
    """``(text, encoding, confident)`` for ``data``, or ``None`` if nothing decodes.

    >>> detect_encoding("青岛".encode("gbk"))[1:]
    ('gb18030', False)
    >>> detect_encoding("青島市人民政府".encode("big5"))[1:]
    ('big5', True)
    >>> detect_encoding(b"\\xef\\xbb\\xbfabc")
    ('abc', 'utf-8-sig', True)
    >>> detect_encoding(b"\\x80\\xff") is None
    True
    """
    if data.startswith(b"\xef\xbb\xbf"):
        text = _strict(data, "utf-8-sig")
        return None if text is None else (text, "utf-8-sig", True)
    text = _strict(data, "utf-8")
    if text is not None:
        return text, "utf-8", True
    candidates = {}
    for encoding in ("gb18030", "big5", "cp950"):
        if encoding == "cp950" and "big5" in candidates:
            break
        decoded = _strict(data, encoding)
        if decoded is not None:
            candidates[encoding] = decoded
    if not candidates:
        return None
    if len(candidates) == 1:
        (encoding, text), = candidates.items()
        return text, encoding, True
    for encoding, text in candidates.items():
        if declared is not None and encoding.replace("cp950", "big5") == declared:
            return text, encoding, True
    # best score first; on a tie the earlier candidate (GB18030, the commoner) wins
    scored = sorted(
        ((_score(text), -order, name) for order, (name, text) in enumerate(candidates.items())),
        reverse=True,
    )
    (best, _, encoding), (second, _, _) = scored[0], scored[1]
    text = candidates[encoding]
    counted = sum(1 for char in text[:_SCORE_PREFIX] if ord(char) > 127)
    confident = best - second >= _CLOSE_CALL and counted >= _MIN_SCORED
    return text, encoding, confident


def _strict(data: bytes, encoding: str) -> str | None:
    """``data`` decoded, or ``None``; one incomplete character cut off at the end is dropped."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        if exc.end == len(data) and exc.reason in _CUT_REASONS and exc.start > 0:
            return _strict(data[: exc.start], encoding)
        return None


def truncated_at(data: bytes, encoding: str) -> int | None:
    """Byte offset where an incomplete last character starts, if ``data`` ends in one.

    >>> truncated_at("青岛".encode()[:-1], "utf-8")
    3
    >>> truncated_at("青岛".encode("gb18030"), "gb18030") is None
    True
    """
    try:
        data.decode(encoding)
    except UnicodeDecodeError as exc:
        return exc.start
    return None


def _score(text: str) -> float:
    """Mean log-probability of the non-ASCII characters of ``text``.

    Chinese characters are scored by their frequency in jieba's dictionary
    (after OpenCC t2s, so traditional text scores like simplified); Chinese
    punctuation, pinyin letters and spaces count as common; anything else
    (kana, box drawing, private use ...), which is what a wrong legacy decode
    produces besides rare characters, as rarer than any character seen. A wrong
    decode yields characters spread over the whole table, a right one the few
    very common ones, so the right decode scores clearly higher from about
    six Chinese characters on (measured over snippets of the bundled corpus
    encoded as GBK and as Big5).
    """
    chars = [char for char in _t2s(text[:_SCORE_PREFIX]) if ord(char) > 127]
    if not chars:
        return 0.0
    table, floor = _char_logprobs()
    return sum(table.get(char, _other_logprob(char, floor)) for char in chars) / len(chars)


_COMMON = math.log(1e-2)
_PUNCTUATION = frozenset("，。、；：？！“”‘’（）《》【】—…·．～﹑「」『』")


def _other_logprob(char: str, floor: float) -> float:
    if "\u3400" <= char <= "\u9fff":  # a Chinese character jieba never saw
        return floor
    if char in _PUNCTUATION or unicodedata.category(char) == "Zs":
        return _COMMON
    if unicodedata.category(char).startswith("L") and "LATIN" in unicodedata.name(char, ""):
        return _COMMON  # pinyin tone letters: ǎ é ...
    return floor


@functools.lru_cache(maxsize=1)
def _char_logprobs() -> tuple[dict[str, float], float]:
    """Log-probability of each character of jieba's dictionary, weighted by word frequency."""
    counts: dict[str, int] = {}
    dictionary = importlib.resources.files("jieba").joinpath("dict.txt")
    with dictionary.open(encoding="utf-8") as lines:
        for line in lines:
            word, frequency = line.split(" ", 2)[:2]
            for char in word:
                counts[char] = counts.get(char, 0) + int(frequency)
    total = sum(counts.values())
    table = {char: math.log((count + 1) / total) for char, count in counts.items()}
    return table, math.log(1 / total)


@functools.lru_cache(maxsize=1)
def _t2s_converter():
    import opencc

    return opencc.OpenCC("t2s")


def _t2s(text: str) -> str:
    return _t2s_converter().convert(text)
