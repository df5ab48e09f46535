"""The sealed split's gold files are frozen (issue 12): their bytes match GOLD.sha256.

Only digests are read here: no test scores against the sealed split, which is read by an explicit
``cli.py eval --gold corpus/sealed/gold`` alone."""
from __future__ import annotations

import hashlib
from pathlib import Path

SEALED = Path(__file__).parents[2] / "corpus/sealed"


def listed() -> dict[str, str]:
    rows = (line.split() for line in (SEALED / "GOLD.sha256").read_text(encoding="utf-8").splitlines())
    return {name: digest for digest, name in (row for row in rows if row)}


def test_every_sealed_gold_file_is_listed_and_unchanged():
    digests = listed()
    on_disk = {f"corpus/sealed/gold/{p.name}" for p in (SEALED / "gold").glob("*.json")}
    assert set(digests) == on_disk and len(on_disk) == 12
    root = SEALED.parents[1]
    for name, digest in digests.items():
        assert hashlib.sha256((root / name).read_bytes()).hexdigest() == digest, name
