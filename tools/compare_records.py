"""Compare two records files, ignoring the fields issue 16 added (item ``id``, ``extractor``).

    python tools/compare_records.py BEFORE.jsonl AFTER.jsonl

Prints the doc_ids whose records differ otherwise and exits 1 if any do, else
prints "same" and exits 0.
"""
from __future__ import annotations

import json
import sys

ADDED_ITEM_FIELDS = ("id",)
ADDED_RECORD_FIELDS = ("extractor",)


def stripped(record: dict) -> dict:
    record = {key: value for key, value in record.items() if key not in ADDED_RECORD_FIELDS}
    for value in record.values():
        if isinstance(value, list):
            for item in value:
                if isinstance(item, dict):
                    for field in ADDED_ITEM_FIELDS:
                        item.pop(field, None)
    return record


def main(before: str, after: str) -> int:
    with open(before, encoding="utf-8") as a, open(after, encoding="utf-8") as b:
        old = [stripped(json.loads(line)) for line in a if line.strip()]
        new = [stripped(json.loads(line)) for line in b if line.strip()]
    differ = [x.get("doc_id") for x, y in zip(old, new) if x != y]
    if len(old) != len(new):
        differ.append(f"record count {len(old)} != {len(new)}")
    print("\n".join(differ) if differ else "same")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
