"""HTML building blocks of the review pages: escaping and the self-contained page shell.

Every string that comes from an article or a record goes through :func:`esc`
(text and attribute values alike: ``&``, ``<``, ``>``, ``"`` and ``'`` are
escaped). The pages embed no data in ``<script>``: the one inline script is a
static asset, allowed by its hash in the page's Content-Security-Policy, so
neither an escaping slip nor an ``onerror=`` attribute could run code.
"""
from __future__ import annotations

import base64
import hashlib
import html
import re
from functools import cache
from pathlib import Path

ASSETS = Path(__file__).resolve().parent / "assets"
SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]")
MAX_NAME = 80


def esc(value: object) -> str:
    """Text or attribute value, escaped.

    >>> esc('"><img src=x onerror=alert(1)>')
    '&quot;&gt;&lt;img src=x onerror=alert(1)&gt;'
    >>> esc(None)
    ''
    """
    return "" if value is None else html.escape(str(value), quote=True)


def esc_text(value: str) -> str:
    r"""Text content, escaped; a carriage return is written ``&#13;`` so that the HTML
    parser keeps it (it folds a literal CR LF into LF, which would shift every offset).

    >>> esc_text("a\r\n<b>")
    'a&#13;\n&lt;b&gt;'
    """
    return esc(value).replace("\r", "&#13;")


def safe_name(doc_id: str) -> str:
    """A file name for ``doc_id``: unsafe characters become ``_`` plus a short hash.

    >>> safe_name("seed"), safe_name("2023/03/a"), safe_name("javascript:alert(1)")
    ('seed', '2023_03_a-39aa4b34', 'javascript_alert_1_-d0ee0421')
    """
    cleaned = SAFE_NAME.sub("_", doc_id)[:MAX_NAME]
    if cleaned == doc_id and cleaned not in ("", ".", ".."):
        return cleaned
    digest = hashlib.sha256(doc_id.encode("utf-8")).hexdigest()[:8]
    return f"{cleaned}-{digest}"


@cache
def asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


def _script_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def page(title: str, body: str, script: str = "review.js") -> str:
    """A complete HTML page: inline CSS and the inline static script, nothing fetched."""
    js = asset(script)
    policy = (f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
              f"script-src {_script_hash(js)}")
    return (
        "<!DOCTYPE html>\n<html lang=\"zh\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{esc(title)}</title>\n<style>\n{asset('review.css')}</style>\n</head>\n"
        f"<body>\n{body}\n<script>{js}</script>\n</body>\n</html>\n"
    )


def number(value: float | int | None) -> str:
    """A number with thousands separators: ``31,300,000,000``, ``1,312,666.67``.

    >>> number(31300000000.0), number(1312666.6666), number(None)
    ('31,300,000,000', '1,312,666.67', '∅')
    """
    if value is None or isinstance(value, bool) or not isinstance(value, int | float):
        return "∅"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}"


def ratio(value: float | None) -> str:
    """A precision, recall or F1 with three decimals; ``—`` where undefined."""
    return "—" if value is None else f"{value:.3f}"
