"""Diff two JSONL runs after stripping the provenance fields of issue 13.

The fields that issue 13 adds are ``rule`` on amounts, areas, people and jobs,
``rule`` on each person mention, ``title_rules`` and the ``meta.rules`` entries
for fields other than those the older run already had (``place``); ``jobs`` is
a new slot and is stripped too. With those removed, a pure refactor leaves the
two runs identical: this script prints every differing line and exits 1 if any.

    python -m xinwen.eval.provenance_diff /tmp/before.jsonl /tmp/after.jsonl
"""
from __future__ import annotations

import json
import sys
from typing import Any

#: item lists whose items gained ``rule``
RULED_ITEMS = ("amounts", "areas", "people", "jobs")


def strip(record: dict[str, Any], keep_meta_rules: frozenset[str] = frozenset()) -> dict[str, Any]:
    """``record`` without the provenance fields (a new dict; ``record`` is not changed).

    >>> strip({"amounts": [{"value": 1, "rule": "money"}], "meta": {"rules": {"place": "p", "title": "t"}},
    ...        "jobs": []}, frozenset({"place"}))
    {'amounts': [{'value': 1}], 'meta': {'rules': {'place': 'p'}}}
    """
    out = json.loads(json.dumps(record, ensure_ascii=False))
    out.pop("jobs", None)
    for name in RULED_ITEMS:
        for item in out.get(name, []):
            item.pop("rule", None)
            item.pop("title_rules", None)
            for mention in item.get("mentions", []):
                mention.pop("rule", None)
    meta = out.get("meta")
    if isinstance(meta, dict) and isinstance(meta.get("rules"), dict):
        meta["rules"] = {k: v for k, v in meta["rules"].items() if k in keep_meta_rules}
    return out


def diff(before_path: str, after_path: str) -> list[str]:
    """The differing records, as ``doc_id: before != after`` lines (empty if none)."""
    with open(before_path, encoding="utf-8") as f:
        before = [json.loads(line) for line in f if line.strip()]
    with open(after_path, encoding="utf-8") as f:
        after = [json.loads(line) for line in f if line.strip()]
    if len(before) != len(after):
        return [f"{len(before)} records before, {len(after)} after"]
    lines = []
    for old, new in zip(before, after):
        kept = frozenset((old.get("meta") or {}).get("rules") or {})
        a, b = strip(old, kept), strip(new, kept)
        if a != b:
            lines.append(f"{old.get('doc_id')}: {json.dumps(a, ensure_ascii=False)}")
            lines.append(f"{new.get('doc_id')}: {json.dumps(b, ensure_ascii=False)}")
    return lines


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m xinwen.eval.provenance_diff BEFORE.jsonl AFTER.jsonl", file=sys.stderr)
        return 2
    lines = diff(*args)
    for line in lines:
        print(line)
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main())
