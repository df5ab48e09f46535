"""The review page of one document: highlighted raw text, signing cards, errors, gold marks."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from xinwen.eval.review.goldmarks import GoldMarks, gold_marks
from xinwen.eval.review.marks import KINDS, Mark, record_marks, render, to_working
from xinwen.eval.review.markup import esc, number, page, ratio
from xinwen.eval.review.sources import SourceText
from xinwen.eval.score import DocScore

CODE = re.compile(r"^\[(?P<code>[EW]\d+)\]\s*")
MIRROR_FORMS = frozenset({"traditional", "trad_pinyin", "mixed"})
DOC_ROWS = ("people", "officials", "titles", "amounts", "areas", "signings")


@dataclass(frozen=True)
class Working:
    """The normalized (working) text and its offset map, when the raw text is known."""

    text: str
    offset_map: Any
    repaired: frozenset[int]  # working-text indices of characters restored from a garble


def working_text(raw: str) -> Working:
    """Normalize ``raw`` with the pipeline's normalizer; mark restored characters.

    A working character counts as restored where it is not among the characters
    of its raw range, simplified one by one: a pinyin annotation (``產(chǎn)`` →
    ``产``) or a traditional character (``業`` → ``业``) keeps its character, a
    re-decoded garble (``日?qǐng)?bào)`` → ``日报``: ``报``) does not.
    """
    from xinwen.pipeline.normalize import default_normalizer, edit_units

    normalizer = default_normalizer()
    result = normalizer(raw)
    repaired: set[int] = set()
    for s, e in edit_units(result.offset_map):
        a, b = result.offset_map[s]
        source = {normalizer.simplify_char(c) for c in raw[a:b]} | set(raw[a:b])
        repaired.update(i for i in range(s, e)
                        if not result.text[i].isspace() and result.text[i] not in source)
    return Working(result.text, result.offset_map, frozenset(repaired))


def _error_cards(record: dict[str, Any]) -> str:
    cards = []
    for problem in record.get("errors") or []:
        if not isinstance(problem, dict):
            continue
        message = str(problem.get("message", ""))
        found = CODE.match(message)
        code = str(problem.get("code") or (found["code"] if found else "—"))
        level = "error" if code.startswith("E") else "warning"
        cards.append(f'<li class="problem {level}"><b class="code">{esc(code)}</b> '
                     f'<span class="stage">{esc(problem.get("stage"))}</span> '
                     f'<span class="msg">{esc(message[found.end():] if found else message)}'
                     '</span></li>')
    return f'<ul class="problems" id="problems">{"".join(cards)}</ul>' if cards else ""


def _header(record: dict[str, Any]) -> str:
    text = record.get("text") if isinstance(record.get("text"), dict) else {}
    source = record.get("source") if isinstance(record.get("source"), dict) else {}
    meta = record.get("meta") if isinstance(record.get("meta"), dict) else {}
    facts = [("status", record.get("status")), ("form", text.get("form")),
             ("encoding", source.get("encoding")), ("format", source.get("format")),
             ("characters", text.get("chars")), ("repaired", text.get("repaired")),
             ("unrecoverable", text.get("unrecoverable")), ("source", source.get("path")),
             ("published", meta.get("published_at")), ("event date", meta.get("event_date")),
             ("place", meta.get("place")), ("venue", meta.get("venue")),
             ("reporters", "、".join(map(str, meta.get("reporters") or [])) or None)]
    items = "".join(f"<div><dt>{esc(k)}</dt><dd>{esc(v)}</dd></div>" for k, v in facts
                    if v is not None)
    title = meta.get("title")
    return (f'<header><p class="nav"><a href="../index.html">← corpus dashboard</a></p>'
            f'<h1><span class="docid">{esc(record.get("doc_id"))}</span> {esc(title or "")}</h1>'
            f'<dl class="facts">{items}</dl></header>')


def _legend(gold: bool) -> str:
    keys = [f'<li><span class="hl k-{k}" data-legend="{k}">{esc(label)}</span></li>'
            if k != "signing" else f'<li><span class="sent k-{k}" data-legend="{k}">{esc(label)}'
            f'</span></li>' for k, label in KINDS.items()]
    if gold:
        keys.append('<li><span class="miss" data-legend="miss">missed (gold)</span></li>')
        keys.append('<li><span class="hl spurious" data-legend="spurious">spurious</span></li>')
    return f'<ul class="legend" aria-label="legend">{"".join(keys)}</ul>'


def _value(label: str, values: Any) -> str:
    if not values:
        return ""
    shown = values if isinstance(values, str) else "、".join(map(str, values))
    return f"<dt>{esc(label)}</dt><dd>{esc(shown)}</dd>"


def _region(region: Any) -> str | None:
    if not isinstance(region, dict):
        return None
    parts = [region.get(k) for k in ("province", "city", "district")]
    return " / ".join(str(p) for p in parts if p) or None


def _people_refs(signing: dict[str, Any], people: list[Any]) -> list[str]:
    refs = []
    for ref in signing.get("people_refs") or []:
        if not isinstance(ref, dict):
            continue
        k = ref.get("person")
        name = people[k].get("name") if type(k) is int and 0 <= k < len(people) and isinstance(
            people[k], dict) else f"#{k}"
        refs.append(f"{name} ({'、'.join(map(str, ref.get('roles') or []))})")
    return refs


def signing_card(k: int, s: dict[str, Any], people: list[Any], spurious: bool) -> str:
    target = "signing-%d-0" % k if s.get("spans") else None
    total = s.get("total_investment")
    rows = "".join([
        _value("projects (count)", str(s["project_count"]) if s.get("project_count") is not None
               else None),
        _value("projects", s.get("projects")), _value("parties", s.get("parties")),
        _value("signatories", s.get("signatories")),
        _value("people", _people_refs(s, people)), _value("fields", s.get("fields")),
        _value("total", f"{number(total)} CNY" if total is not None else None),
        _value("date", s.get("date")), _value("place", s.get("place")),
        _value("venue", s.get("venue")), _value("region", _region(s.get("region"))),
        _value("sentences", str(len(s.get("spans") or []))),
    ])
    cls = "card spurious" if spurious else "card"
    inner = f'<h3>signing #{k + 1}</h3><dl>{rows}</dl>'
    if target is None:
        return f'<div class="{cls}" data-card="{k}">{inner}</div>'
    return f'<a class="{cls}" data-card="{k}" href="#{target}">{inner}</a>'


def _eval_rows(score: DocScore) -> str:
    rows = "".join(
        f"<tr><th scope=row>{esc(name)}</th><td>{c.tp}</td><td>{c.fp}</td><td>{c.fn}</td>"
        f"<td>{ratio(c.precision)}</td><td>{ratio(c.recall)}</td><td>{ratio(c.f1)}</td></tr>"
        for name, c in score.prf.items() if name in DOC_ROWS)
    return ('<section class="doc-eval" aria-label="evaluation against gold"><h2>Against gold</h2>'
            '<table class="eval"><thead><tr><th>slot</th><th>tp</th><th>fp</th><th>fn</th>'
            f'<th>P</th><th>R</th><th>F1</th></tr></thead><tbody>{rows}</tbody></table></section>')


def _restored(working: Working) -> list[Mark]:
    """One ``rep`` mark per run of restored characters."""
    runs: list[list[int]] = []
    for i in sorted(working.repaired):
        if runs and runs[-1][1] == i:
            runs[-1][1] = i + 1
        else:
            runs.append([i, i + 1])
    return [Mark(s, e, "rep", f"rep-{s}", "") for s, e in runs]


def _working_pane(working: Working, marks: list[Mark]) -> str:
    """The working text with the same highlights (copies, see ``to_working``) and the restored
    characters."""
    moved = to_working(marks, working.offset_map.ranges) + _restored(working)
    return ('<section class="pane working" id="working" hidden aria-label="working text">'
            '<h2>Working text (simplified, repaired)</h2>'
            f'<div class="text" id="working-text">{render(working.text, moved)}</div></section>')


def _panes(record: dict[str, Any], raw: str, working: Working, marks: list[Mark]) -> str:
    """The raw text, and for mirror copies and repaired texts the toggled working text."""
    form = (record.get("text") or {}).get("form")
    mirror = form in MIRROR_FORMS or bool(working.repaired)
    toggle = ('<button type="button" id="toggle-working" aria-pressed="false" '
              'aria-controls="working">Show working text</button>') if mirror else ""
    pane = (f'<section class="pane raw" aria-label="raw text"><h2>Raw text</h2>{toggle}'
            f'<div class="text" id="raw">{render(raw, marks)}</div></section>')
    return pane + (_working_pane(working, marks) if mirror else "")


def _side(record: dict[str, Any], found: GoldMarks) -> str:
    """Signing cards, then the missed gold items that could not be placed in the text."""
    people = record.get("people") if isinstance(record.get("people"), list) else []
    signings = [s for s in record.get("signings") or [] if isinstance(s, dict)]
    cards = "".join(signing_card(k, s, people, f"signing-{k}" in found.spurious)
                    for k, s in enumerate(signings))
    unplaced = "".join(f'<li class="unplaced">{esc(t)}</li>' for t in found.unplaced)
    missed = f'<h2>Missed, not located</h2><ul class="missed">{unplaced}</ul>' if unplaced else ""
    return (f'<aside class="side" aria-label="signings"><h2>Signings ({len(signings)})</h2>'
            f'{cards or "<p>none</p>"}{missed}</aside>')


def document_page(record: dict[str, Any], source: SourceText,
                  gold: dict[str, Any] | None = None, score: DocScore | None = None) -> str:
    """The complete HTML page of one record."""
    raw = source.raw
    working = working_text(raw) if raw is not None else None
    found = GoldMarks()
    if gold is not None:
        found = gold_marks(gold, record, working.text if working else None,
                           working.offset_map if working else None)
    marks, warnings = record_marks(record, len(raw), found.spurious) if raw is not None else (
        [], [])
    body = [_header(record), _error_cards(record)]
    body += [f'<p class="warning-card" role="alert">{esc(w)}</p>'
             for w in [source.warning, *warnings] if w]
    body.append(_legend(gold is not None))
    if score is not None:
        body.append(_eval_rows(score))
    panes = _panes(record, raw, working, marks + found.missed) if raw is not None else ""
    body.append(f'<main class="layout">{panes}{_side(record, found)}</main>')
    meta = record.get("meta") if isinstance(record.get("meta"), dict) else {}
    return page(f"{record.get('doc_id')} — {meta.get('title') or 'review'}", "\n".join(body))
