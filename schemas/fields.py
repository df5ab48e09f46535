"""The README's field table, generated from ``schemas/record.schema.json``.

The schema is the one place where a field's meaning is written (every property
has a ``description``); the README's table under "Record fields" is this
module's output, between the markers ``<!-- fields:start -->`` and
``<!-- fields:end -->``. Regenerate it after a schema change with

    python -m xinwen.schemas.fields README.md

(``tests/test_issue16.py`` checks that the README and the schema agree).
Item objects (``people[]``, ``amounts[]`` …) are expanded in place; the shared
``span`` and ``region`` objects are listed once, under their own names.
"""
from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from typing import Any

START, END = "<!-- fields:start -->", "<!-- fields:end -->"
SHARED = ("span", "region")  # $defs listed once under their own name


def load_schema() -> dict[str, Any]:
    return json.loads(files("xinwen.schemas").joinpath("record.schema.json").read_text("utf-8"))


def type_of(node: dict[str, Any], defs: dict[str, Any] | None = None) -> str:
    """A short type for the table: ``string or null``, ``list of span``, ``one of: ok, error`` …

    >>> type_of({"type": ["string", "null"], "format": "date"})
    'string (date) or null'
    >>> type_of({"type": "array", "items": {"$ref": "#/$defs/span"}})
    'list of span'
    """
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[1]
        target = (defs or {}).get(name, {})
        return name if "properties" in target or not target else type_of(target, defs)
    if "const" in node:
        return f"`{json.dumps(node['const'], ensure_ascii=False)}`"
    if "enum" in node:
        return "one of: " + ", ".join("null" if v is None else str(v) for v in node["enum"])
    if "anyOf" in node:
        return " or ".join(dict.fromkeys(type_of(option, defs) for option in node["anyOf"]))
    kinds = node.get("type", "any")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    named = []
    for kind in kinds:
        if kind == "array":
            items = node.get("items")
            named.append("list of " + type_of(items, defs) if items else "list")
        elif kind == "string" and "format" in node:
            named.append(f"string ({node['format']})")
        elif kind == "string" and "pattern" in node:
            named.append("string (pattern)")
        else:
            named.append(kind)
    return " or ".join(named)


def rows(schema: dict[str, Any] | None = None) -> Iterator[tuple[str, str, str]]:
    """``(field path, type, description)`` for every property of the record schema."""
    schema = schema or load_schema()
    defs = schema["$defs"]
    yield from _walk(schema, "", defs)
    for name in SHARED:
        yield from _walk(defs[name], name + ".", defs)


def _walk(node: dict[str, Any], prefix: str, defs: dict[str, Any]) -> Iterator[tuple[str, str, str]]:
    for key, prop in node.get("properties", {}).items():
        path = prefix + key
        yield path, type_of(prop, defs), prop.get("description", "")
        target = _expanded(prop, defs)
        if target is not None:
            suffix = "[]." if prop.get("type") == "array" else "."
            yield from _walk(target, path + suffix, defs)


def _expanded(prop: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any] | None:
    """The object to expand under ``prop``: its own properties, or an item ``$ref`` not SHARED."""
    inner = prop.get("items", prop) if prop.get("type") == "array" else prop
    if "$ref" in inner:
        name = inner["$ref"].rsplit("/", 1)[1]
        return None if name in SHARED else defs[name]
    return inner if "properties" in inner else None


def markdown(schema: dict[str, Any] | None = None) -> str:
    """The table, as Markdown (no markers)."""
    lines = ["| field | type | meaning |", "|---|---|---|"]
    for path, kind, description in rows(schema):
        cells = (f"`{path}`", kind, description)
        lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    """Table-safe Markdown: pipes escaped, angle brackets as entities (``<doc_id>``)."""
    return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def block(schema: dict[str, Any] | None = None) -> str:
    """The table between its markers, as the README holds it."""
    return f"{START}\n{markdown(schema)}{END}"


def updated(readme: str, schema: dict[str, Any] | None = None) -> str:
    """``readme`` with the block between the markers regenerated."""
    start, end = readme.index(START), readme.index(END) + len(END)
    return readme[:start] + block(schema) + readme[end:]


def main(argv: list[str]) -> int:
    path = Path(argv[0] if argv else "README.md")
    path.write_text(updated(path.read_text(encoding="utf-8")), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
