"""Every compiled pattern of the pipeline against adversarial strings, under a time cap (issue 15).

The patterns are those reachable from the built default pipeline's stages
(the ``pipeline/data`` tables compiled by their stages) and from the
globals of every ``pipeline`` module. Catastrophic backtracking does not
return at all and Python's regex engine cannot be interrupted, so the
patterns run in a child process that reports each one as it starts: the
parent kills it at the cap and names the pattern that hung.
"""
from __future__ import annotations

import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.issue(15)

LENGTH = 3000
PER_PATTERN_SECONDS = 2.0  # a linear pattern needs milliseconds; the machine is shared
ADVERSARIAL = {
    "digits": "1" * LENGTH,
    "digits and dots": "1." * (LENGTH // 2),
    "enumeration commas": "、" * LENGTH,
    "numbered list": "1、" * (LENGTH // 2),
    "open parentheses": "(" * LENGTH,
    "full-width parentheses": "（" * LENGTH,
    "pinyin letters": "chǎnyè" * (LENGTH // 6),
    "garbled pinyin": "?chǎn" * (LENGTH // 5),
    "chinese numerals": "一二三四五六七八九十百千万亿" * (LENGTH // 14),
    "magnitudes": "亿万" * (LENGTH // 2),
    "place names": "青岛市崂山区" * (LENGTH // 6),
    "titles": "市委常委、副市长" * (LENGTH // 8),
    "spaces": " \u3000" * (LENGTH // 2),
    "quotes": "“《" * (LENGTH // 2),
}

CHILD = r'''
import gc, importlib, json, pkgutil, re, sys, time
import xinwen.pipeline
from xinwen.pipeline.pipeline import build_pipeline

strings = json.loads(sys.stdin.read())

def reachable(root, depth=6, seen=None):
    seen = set() if seen is None else seen
    if id(root) in seen or depth < 0:
        return
    seen.add(id(root))
    if isinstance(root, re.Pattern):
        yield root
        return
    if isinstance(root, (str, bytes, int, float, type(None))):
        return
    if isinstance(root, type(sys)) and not root.__name__.startswith("xinwen"):
        return  # another library's internals (json's string scanner...): not our patterns
    if isinstance(root, dict):
        children = list(root.values())
    elif isinstance(root, (list, tuple, set, frozenset)):
        children = list(root)
    else:
        children = list(getattr(root, "__dict__", {}).values())
        children += [getattr(root, s) for s in getattr(type(root), "__slots__", ()) if hasattr(root, s)]
    for child in children:
        yield from reachable(child, depth - 1, seen)

roots = [build_pipeline().stages]
for info in pkgutil.walk_packages(xinwen.pipeline.__path__, "xinwen.pipeline."):
    if "ner_backends" in info.name:
        continue  # optional backends import torch/hanlp
    roots.append(vars(importlib.import_module(info.name)))
patterns = {}
for root in roots:
    for pattern in reachable(root):
        if isinstance(pattern.pattern, str):
            patterns[(pattern.pattern, pattern.flags)] = pattern
print(f"COUNT {len(patterns)}", flush=True)
for index, pattern in enumerate(patterns.values()):
    print(f"START {index} {pattern.pattern[:200]!r}", flush=True)
    started = time.perf_counter()
    for text in strings.values():
        for _ in pattern.finditer(text):
            pass
    print(f"DONE {index} {time.perf_counter() - started:.3f}", flush=True)
'''


def test_no_pattern_backtracks_catastrophically():
    import json

    child = subprocess.Popen(
        [sys.executable, "-c", CHILD], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL, text=True,
    )
    child.stdin.write(json.dumps(ADVERSARIAL))
    child.stdin.close()
    count, slow, current = None, [], None
    deadline = time.monotonic() + 300  # start-up: building the pipeline
    import selectors

    selector = selectors.DefaultSelector()
    selector.register(child.stdout, selectors.EVENT_READ)
    try:
        while True:
            if not selector.select(timeout=max(deadline - time.monotonic(), 0)):
                pytest.fail(f"pattern did not finish in {PER_PATTERN_SECONDS} s: {current}")
            line = child.stdout.readline()
            if not line:
                break
            kind, _, rest = line.rstrip("\n").partition(" ")
            if kind == "COUNT":
                count = int(rest)
            elif kind == "START":
                current = rest
                deadline = time.monotonic() + PER_PATTERN_SECONDS * 5
            elif kind == "DONE":
                seconds = float(rest.split()[1])
                if seconds > PER_PATTERN_SECONDS:
                    slow.append((current, seconds))
    finally:
        child.kill()
        child.wait()
    assert count is not None and count >= 50  # the stages' patterns were found
    assert slow == []
