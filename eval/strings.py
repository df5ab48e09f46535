"""String keys the scorer compares on. Pure functions, no I/O.

Two keys:

* :func:`text_key` for titles, subjects, projects, parties, fields, places and
  headlines: NFKC (full-width → half-width), case-folded, with every
  whitespace and punctuation character removed ("exact after removing
  spaces/punctuation").
* :func:`name_key` for person names: NFKC, case-folded, whitespace removed,
  the middle-dot variants unified. Punctuation is *kept*, because ``?`` (a
  lost character) and ``*`` (a masked one) are part of a name: ``张?`` must
  not match ``张``.

>>> text_key("“崂山区 政府”")
'崂山区政府'
>>> text_key("ＡＩ医疗")
'ai医疗'
>>> name_key("张？")
'张?'
>>> name_key("约翰・史密斯") == name_key("约翰·史密斯")
True
>>> contains_either("青岛市副市长", "副市长"), contains_either("副市长", "市长助理")
(True, False)
"""
from __future__ import annotations

import unicodedata

_DOTS = str.maketrans({"・": "·", "•": "·", "‧": "·", "∙": "·", "．": "·"})


def text_key(value: str | None) -> str:
    """Comparison key of a free-text value; ``None`` → ``""``."""
    if not value:
        return ""
    folded = unicodedata.normalize("NFKC", value).casefold()
    return "".join(c for c in folded if not unicodedata.category(c).startswith(("P", "Z", "C")))


def name_key(value: str | None) -> str:
    """Comparison key of a person's name; keeps ``?`` and ``*``."""
    if not value:
        return ""
    folded = unicodedata.normalize("NFKC", value.translate(_DOTS)).casefold()
    return "".join(c for c in folded if not unicodedata.category(c).startswith(("Z", "C")))


def contains_either(a: str, b: str) -> bool:
    """True where one non-empty key contains the other (the lenient comparison)."""
    return bool(a) and bool(b) and (a in b or b in a)


def forms(item: str | list[str] | None) -> list[str]:
    """The accepted forms of a gold list item: a string, or a list of alternatives.

    >>> forms(["青岛城市发展集团有限公司", "青岛城发集团"])
    ['青岛城市发展集团有限公司', '青岛城发集团']
    >>> forms("青岛蓝谷管理局"), forms(None)
    (['青岛蓝谷管理局'], [])
    """
    if item is None:
        return []
    if isinstance(item, str):
        return [item]
    return [f for f in item if isinstance(f, str)]


def display(item: str | list[str] | None) -> str:
    """How a list item is shown in the error listing: alternatives joined by ``|``."""
    return "|".join(forms(item)) or "∅"
