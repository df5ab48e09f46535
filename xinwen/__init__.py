"""xinwen: information extraction from Chinese investment-promotion news.

The Python API (``xinwen/api.py``)::

    import xinwen
    record = xinwen.extract("青岛市崂山区16个项目签约。")       # one text → one record (a dict)
    for record in xinwen.extract_many([Path("corpus/articles"), "另一篇文章……"], workers=2):
        ...                                                      # a Path is read, a str is a text
    nlp = xinwen.Pipeline(ner_backend="lac")                    # reuse: models load once
    nlp.extract("……签约……", doc_id="a")

The installed distribution exposes only this package. The repository keeps its
folders (``pipeline/``, ``eval/``, ``schemas/``); ``pyproject.toml`` maps them to
``xinwen.pipeline``, ``xinwen.eval`` and ``xinwen.schemas`` (setuptools ``package-dir``).
The API's modules are imported on first use, so ``import xinwen`` (and ``xinwen
--version``) stays light.
"""
from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version as _version
from typing import TYPE_CHECKING, Any

try:
    __version__ = _version("xinwen")
except PackageNotFoundError:  # a checkout used without `pip install -e .`
    __version__ = "0+unknown"

__all__ = ["Pipeline", "__version__", "extract", "extract_many"]

if TYPE_CHECKING:
    from xinwen.api import Pipeline, extract, extract_many


def __getattr__(name: str) -> Any:
    """``xinwen.extract``, ``xinwen.extract_many``, ``xinwen.Pipeline`` from ``xinwen.api``,
    imported on first access (PEP 562)."""
    if name in ("Pipeline", "extract", "extract_many"):
        from xinwen import api

        return getattr(api, name)
    raise AttributeError(f"module 'xinwen' has no attribute {name!r}")
