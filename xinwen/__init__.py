"""xinwen: information extraction from Chinese investment-promotion news.

The installed distribution exposes only this package. The repository keeps its
folders (``pipeline/``, ``eval/``, ``schemas/``); ``pyproject.toml`` maps them to
``xinwen.pipeline``, ``xinwen.eval`` and ``xinwen.schemas`` (setuptools ``package-dir``).
"""
from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version as _version

try:
    __version__ = _version("xinwen")
except PackageNotFoundError:  # a checkout used without `pip install -e .`
    __version__ = "0+unknown"

__all__ = ["__version__"]
