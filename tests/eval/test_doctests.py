"""The doctests of the scorer's modules.

pytest's --doctest-modules only covers the testpaths (tests/, pipeline/), not eval/.
"""
from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["eval.strings", "eval.match", "eval.metrics", "eval.slots", "eval.spans", "eval.ner_bench",
           "eval.consolidation_reprints"]


@pytest.mark.parametrize("name", MODULES)
def test_module_doctests(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0
    assert result.failed == 0
