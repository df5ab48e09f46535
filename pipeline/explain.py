"""``xinwen explain TEXT|FILE [--why TEXT]``: what was extracted, by which rule, and why not.

Without ``--why`` it prints the working text and every extracted item with its raw span
(the text there), its normalized value and the id of the rule (a ``pipeline/data/*.tsv``
row) that produced it. With ``--why TEXT`` it explains the first occurrence of ``TEXT`` in
the working text, for the slots whose rules it can replay:

* **amounts, areas, jobs** (the pattern families of ``quantity_patterns.tsv`` and
  ``jobs_patterns.tsv``): every row of the family, with what became of it at the text —
  extracted (and the competing matches it beat), or the first condition that failed:
  ``pattern did not match``, ``lost to RULE`` (another row read the same characters first),
  ``value filter`` (no value reads from the match), ``negative context: ID``
  (a ``quantity_negatives.tsv`` row) or, for a figure without 元, ``no money context``;
* **signings** (the ``trigger`` rows of ``signing_patterns.tsv``) on the text's sentence:
  ``pattern did not match``, ``negative context: ID`` (an intention or period/cumulative row),
  ``lost to RULE`` (another trigger of the sentence ranks higher) or the signing it reported.

People and meta rules are listed with their ids but not replayed (not covered by ``--why``).
"""
from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xinwen.pipeline.doc import Span

HELP = "show the extracted items of a text with their rule ids, and why a text was (not) read"
DESCRIPTION = """\
Print the working text of TEXT (or of the file FILE) and every item extracted from it:
its raw span, its normalized value and the id of the data-file row that produced it.
--why TEXT lists the rules tried on that text (amounts, areas, jobs, signings) and the
first condition that failed for each, or the competing matches an extracted value beat.

Example:
  python cli.py explain "崂山区总投资313亿元的16个项目签约"
  python cli.py explain corpus/articles/seed.txt --why 313亿元
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("input", metavar="TEXT|FILE", help="a text, or the path of a UTF-8 text file")
    parser.add_argument("--why", metavar="TEXT", help="explain this text (its first occurrence)")


def run(args: argparse.Namespace) -> int:
    from xinwen.pipeline.pipeline import build_pipeline

    item = _read(args.input)
    if isinstance(item, str):
        print(f"explain: {item}", file=sys.stderr)
        return 1
    nlp = build_pipeline()
    doc = nlp(item)
    if args.why is None:
        for line in describe(doc):
            print(line)
        return 0
    lines = why(doc, nlp, args.why)
    if lines is None:
        print(f"explain: {args.why!r} is not in the working text", file=sys.stderr)
        return 1
    for line in lines:
        print(line)
    return 0


def _read(value: str):
    """The Document of a file (its first document, read as ``extract`` reads it), of the text
    itself where ``value`` names no file, or the reason a file could not be read."""
    from xinwen.pipeline.readers import ReadFailure, iter_inputs

    try:
        is_file = Path(value).is_file()
    except (OSError, ValueError):  # a text too long or odd for a file name
        is_file = False
    if not is_file:
        return _document(value)
    item = next(iter(iter_inputs([value])), None)
    if item is None:
        return f"{value}: no document in it"
    if isinstance(item, ReadFailure):
        return f"{value}: {item.message}"
    return item


def _document(raw: str):
    from xinwen.pipeline.doc import Document, SourceInfo

    return Document("explain", raw=raw, source=SourceInfo("explain", "", "utf-8", "text"))


# -- what was extracted ------------------------------------------------------------------------


def describe(doc) -> list[str]:
    """The working text, then every item of the record with raw span, value and rule."""
    from xinwen.pipeline.export import to_record

    record = to_record(doc)
    raw = doc.raw
    lines = [f"working text ({len(doc.text)} chars):", doc.text.rstrip("\n"), ""]
    for name, render in SECTIONS:
        items = record.get(name) or []
        lines.append(f"{name} ({len(items)})")
        for index, item in enumerate(items):
            lines.extend("  " + line for line in render(index, item, raw))
    lines.append("meta")
    rules = record["meta"].get("rules") or {}
    for field in ("title", "outlet", "published_at", "event_date", "place", "venue",
                  "reporters", "correspondents"):
        value = record["meta"].get(field)
        if value not in (None, []):
            lines.append(f"  {field}: {_value(value)}  rule={rules.get(field, '-')}")
    return lines


def _raw(raw: str, span: dict[str, int]) -> str:
    return f"raw[{span['start']}:{span['end']}] {raw[span['start']:span['end']]!r}"


def _value(value: Any) -> str:
    return "、".join(value) if isinstance(value, list) else str(value)


def _num(value: float) -> str:
    """A value as written in full: ``108000000000``, ``1312666.67``."""
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}".rstrip("0")


def _bound(item: dict[str, Any]) -> str:
    return f"..{_num(item['value_max'])}" if item.get("value_max") is not None else ""


def _amount(index: int, a: dict[str, Any], raw: str) -> list[str]:
    return [f"#{index} {_raw(raw, a['span'])} → {_num(a['value'])}{_bound(a)} {a['currency']} "
            f"{a['qualifier']}  subject={a['subject']}  rule={a['rule']}"]


def _area(index: int, a: dict[str, Any], raw: str) -> list[str]:
    return [f"#{index} {_raw(raw, a['span'])} → {_num(a['value'])}{_bound(a)} {a['unit']} "
            f"({_num(a['square_meters'])} m²) {a['qualifier']}  subject={a['subject']}  rule={a['rule']}"]


def _jobs(index: int, a: dict[str, Any], raw: str) -> list[str]:
    return [f"#{index} {_raw(raw, a['span'])} → {_num(a['value'])}{_bound(a)} jobs "
            f"{a['qualifier']}  subject={a['subject']}  rule={a['rule']}"]


def _person(index: int, p: dict[str, Any], raw: str) -> list[str]:
    titles = ", ".join(f"{t} [{r}]" for t, r in zip(p["titles"], p["title_rules"]))
    lines = [f"#{index} {p['name']} ({p['category']}) titles: {titles}  rule={p['rule']}"]
    lines += [f"    mention {_raw(raw, m)} rule={m['rule']}" for m in p["mentions"]]
    return lines


def _signing(index: int, s: dict[str, Any], raw: str) -> list[str]:
    parts = [f"{k}={_value(s[k])}" for k in ("project_count", "parties", "projects", "signatories",
                                              "fields", "total_investment", "date", "place",
                                              "venue")
             if s.get(k) not in (None, [])]
    lines = [f"#{index} rule={s['rule']} value rules={','.join(s['rules']) or '-'}",
             "    " + "  ".join(parts)]
    lines += [f"    reported in {_raw(raw, span)}" for span in s["spans"]]
    return lines


SECTIONS: tuple[tuple[str, Callable[[int, dict[str, Any], str], list[str]]], ...] = (
    ("amounts", _amount), ("areas", _area), ("jobs", _jobs), ("people", _person),
    ("signings", _signing),
)


# -- why ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Tried(Span):
    """One match a family's scan tried: its characters, its row (``rule``) and what became of it."""

    outcome: str  # "extracted" or the first condition that failed


def why(doc, nlp, target: str) -> list[str] | None:
    """The explanation of the first occurrence of ``target`` in ``doc.text`` (None: absent)."""
    from xinwen.pipeline.grammar.units import sentence_spans

    at = doc.text.find(target)
    if at < 0 or not target:
        return None
    start, end = at, at + len(target)
    sentence = next((s for s in sentence_spans(doc.text) if s.start <= start < s.end), None)
    lines = [f"why {target!r} (working text {start}:{end})"]
    if sentence is not None:
        lines.append(f"sentence: {doc.text[sentence.start:sentence.end]}")
    stages = {stage.name: stage for stage in nlp.stages}
    for name, tracer in (("amounts", _trace_money), ("areas", _trace_area), ("jobs", _trace_jobs)):
        if name in stages:
            stage = stages[name]
            lines.append(f"{name}:")
            tried = tracer(stage, doc)
            lines.extend("  " + line for line in _family_lines(stage_patterns(stage), doc.text,
                                                              tried, start, end))
    if "signings" in stages and sentence is not None:
        lines.append("signings:")
        lines.extend("  " + line for line in _signing_lines(stages["signings"], doc, sentence))
    lines.append("not replayed: people and meta rules (their ids are listed by explain without --why)")
    return lines


def stage_patterns(stage):
    """The pattern family (a ``PatternSet``) a quantity stage scans with."""
    return stage.patterns if hasattr(stage, "patterns") else stage.grammar.pattern


def _family_lines(patterns, text: str, tried: list[Tried], start: int, end: int) -> Iterator[str]:
    near = [t for t in tried if t.start < end and start < t.end]
    for pattern in patterns.patterns:
        own = [t for t in near if t.rule == pattern.id]
        for t in own:
            if t.outcome == "extracted":
                beaten = _competitors(patterns, text, t)
                tail = f"; beat {', '.join(beaten)}" if beaten else "; no competing match"
                yield f"{pattern.id}: extracted {text[t.start:t.end]!r} ({t.start}:{t.end}){tail}"
            else:
                yield f"{pattern.id}: matched {text[t.start:t.end]!r} ({t.start}:{t.end}), {t.outcome}"
        if own:
            continue
        match = _match_over(pattern.regex, text, start, end)
        if match is None:
            yield f"{pattern.id}: pattern did not match"
            continue
        winner = next((t for t in tried if t.start < match.end() and match.start() < t.end), None)
        if winner is None:
            yield f"{pattern.id}: pattern did not match"  # only inside a longer rejected run
        else:
            yield (f"{pattern.id}: would match {match.group()!r}, overlap lost to {winner.rule} "
                   f"{text[winner.start:winner.end]!r} ({winner.outcome})")


def _match_over(regex: re.Pattern[str], text: str, start: int, end: int) -> re.Match[str] | None:
    """The first match of ``regex`` overlapping ``[start, end)``, from any start before it."""
    low = max(0, start - 40)
    for match in regex.finditer(text, low, min(len(text), end + 40)):
        if match.start() < end and start < match.end():
            return match
    return None


def _competitors(patterns, text: str, won: Tried) -> list[str]:
    out = []
    for pattern in patterns.patterns:
        if pattern.id == won.rule:
            continue
        match = _match_over(pattern.regex, text, won.start, won.end)
        if match is not None:
            out.append(f"{pattern.id} {match.group()!r}")
    return out


def _scan_trace(stage, doc, outcome: Callable[[re.Match[str], Any], str]) -> list[Tried]:
    """Replay the stage's scan over the working text, recording every match it tried."""
    from xinwen.pipeline.grammar.numbers import scan

    patterns = stage_patterns(stage)
    tried: list[Tried] = []
    if hasattr(stage, "subjects"):
        stage.subjects.phrases.new_document()

    def accept(match: re.Match[str]):
        result = _candidate(stage, doc.text, match)
        tried.append(Tried(*match.span(), rule=patterns.rule_of(match),
                           outcome=outcome(match, result)))
        return result

    scan(patterns, doc.text, accept)
    return tried


def _candidate(stage, text: str, match: re.Match[str]):
    return stage._candidate(text, match) if hasattr(stage, "_candidate") else stage.read(text, match)


def _trace_money(stage, doc) -> list[Tried]:
    from xinwen.pipeline.slots.money import parse_match
    from xinwen.pipeline.grammar.numbers import Skip

    kept = {(a.span.start, a.span.end) for a in doc.amounts}
    text = doc.text

    def outcome(match: re.Match[str], result: Any) -> str:
        if result is None:
            if parse_match(match, stage.grammar) is None:
                return "value filter: no money value reads from it"
            return "value filter: a lone Chinese digit inside a word"
        if isinstance(result, Skip):
            return _negative(stage, text, match, "money", parse_match) or (
                "negative context: a figure without 元 before a non-money word")
        amount, licensed = result
        if (amount.span.start, amount.span.end) in kept:
            return "extracted"
        return "no money context: a figure without 元, and no echo written with 元"

    return _scan_trace(stage, doc, outcome)


def _trace_area(stage, doc) -> list[Tried]:
    from xinwen.pipeline.slots.area import parse_match
    from xinwen.pipeline.grammar.numbers import Skip

    def outcome(match: re.Match[str], result: Any) -> str:
        if result is None:
            return "value filter: no area value reads from it"
        if isinstance(result, Skip):
            return _negative(stage, doc.text, match, "area", parse_match) or "negative context"
        return "extracted"

    return _scan_trace(stage, doc, outcome)


def _trace_jobs(stage, doc) -> list[Tried]:
    def outcome(match: re.Match[str], result: Any) -> str:
        return "extracted" if result is not None else (
            "value filter: no whole count reads from it (or a loose magnitude without qualifier)")

    return _scan_trace(stage, doc, outcome)


def _negative(stage, text: str, match: re.Match[str], kind: str, parse) -> str | None:
    """The quantity_negatives.tsv row that rejected the match, checked as the stage checks it
    (the same start past a qualifier that is the tail of a word, the same trimmed end)."""
    start, end = match.span()
    pre = match.group("pre")
    qualifiers = stage.grammar.numbers.qualifiers
    skip = bool(pre) and start > 0 and text[start - 1] in qualifiers[pre].not_after
    if skip:
        start += len(pre)
    parsed = parse(match, stage.grammar, skip)
    if parsed is None:
        return None
    if kind == "money":
        end = start + len(text[start:end].rstrip(" \u3000"))
    rule = stage.negatives.reason(text, start, end, parsed.qualifier, kind)
    return f"negative context: {rule}" if rule else None


def _signing_lines(stage, doc, sentence) -> Iterator[str]:
    from xinwen.pipeline.slots.signing import mentions as sm
    from xinwen.pipeline.slots.signing.stage import signing_context
    from xinwen.pipeline.grammar.units import clause_spans

    ctx = signing_context(doc, stage.rules, stage.meta_words, stage.day_words)
    text = doc.text
    clauses = clause_spans(text, sentence) or [sentence]
    blocked = [(m.start(), m.end(), rule) for rule, p in _rows(stage.rules, "intention")
               for m in p.finditer(text, sentence.start, sentence.end)]
    mention = sm.read_sentence(ctx, sentence)
    reported = [i for i, s in enumerate(doc.signings)
                if any(sp.start <= sentence.start < sp.end or sentence.start <= sp.start < sentence.end
                       for sp in s.spans)]
    for rule, pattern in _rows(stage.rules, "trigger"):
        found = [m for m in pattern.finditer(text, sentence.start, sentence.end)
                 if stage.rules.trigger_id(text, m.start()) == rule]
        if not found:
            yield f"{rule}: pattern did not match"
            continue
        m = found[0]
        block = next((r for s, e, r in blocked if s < m.end() and m.start() < e), None)
        if block:
            yield f"{rule}: matched {m.group()!r}, negative context: {block}"
            continue
        index = sm._clause_index(clauses, m.start())
        if sm._cumulative(ctx, clauses, index, m):
            yield f"{rule}: matched {m.group()!r}, negative context: a cumulative or period total"
            continue
        if mention is not None and mention.rule != rule:
            yield f"{rule}: matched {m.group()!r}, lost to {mention.rule} (ranks higher in the sentence)"
        elif reported:
            signings = ", ".join(f"#{i}" for i in reported)
            yield f"{rule}: extracted: a {mention.kind} mention, reported as signing {signings}"
        else:
            yield f"{rule}: matched {m.group()!r}, a {mention.kind} mention that no signing kept"


def _rows(rules, kind: str) -> list[tuple[str, re.Pattern[str]]]:
    """The ``(id, pattern)`` rows of one kind of signing_patterns.tsv, in file order."""
    return [(rule, p) for rule, p in rules.by_id.items()
            if any(p is q for q in rules.patterns[kind])]
