"""The doctests of the scorer's modules.

The pipeline's doctests run from tests/test_packaging.py (under their xinwen. names).
"""
from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["xinwen.eval.strings", "xinwen.eval.match", "xinwen.eval.metrics", "xinwen.eval.slots",
           "xinwen.eval.spans", "xinwen.eval.ner_bench", "xinwen.eval.consolidation_reprints"]


@pytest.mark.parametrize("name", MODULES)
def test_module_doctests(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0
    assert result.failed == 0
