"""Rule coverage: which rule ids fired on which documents (``cli.py eval --rules``).

A record names the rules that produced its values (contract 1.1: ``rule`` on items,
``meta.rules``); a rule that fires on one development article only is a rule for that
article, so the report marks it.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any


def rule_ids(value: Any) -> list[str]:
    """Every rule id a record holds: ``rule`` strings and the values of ``rules`` objects.

    >>> rule_ids({"meta": {"rules": {"place": "place.held"}},
    ...           "signings": [{"rule": "trigger.qianyue", "rules": ["parties.sides"]}]})
    ['place.held', 'trigger.qianyue', 'parties.sides']
    """
    found: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "rule" and isinstance(item, str):
                found.append(item)
            elif key == "rules" and isinstance(item, dict):  # meta.rules: field → id
                found += [v for v in item.values() if isinstance(v, str)]
            elif key == "rules" and isinstance(item, list):  # Signing.rules
                found += [v for v in item if isinstance(v, str)]
            else:
                found += rule_ids(item)
    elif isinstance(value, list):
        for item in value:
            found += rule_ids(item)
    return found


def coverage(records: dict[str, dict[str, Any]]) -> dict[str, list[str]]:
    """Rule id → the documents it fired on (sorted)."""
    seen: dict[str, set[str]] = defaultdict(set)
    for doc_id, record in records.items():
        for rule in rule_ids(record):
            seen[rule].add(doc_id)
    return {rule: sorted(docs) for rule, docs in sorted(seen.items())}


def format_coverage(table: dict[str, list[str]], minimum: int = 2) -> str:
    """One line per rule: documents, ids, and a mark where fewer than ``minimum`` fired."""
    width = max((len(rule) for rule in table), default=4)
    lines = [f"{'rule':<{width}}  docs  documents"]
    for rule, docs in table.items():
        mark = "  (one-article rule?)" if len(docs) < minimum else ""
        shown = ", ".join(docs[:8]) + (" …" if len(docs) > 8 else "")
        lines.append(f"{rule:<{width}}  {len(docs):>4}  {shown}{mark}")
    return "\n".join(lines)
