"""Per-slot scoring of one document: gold entries against predicted items. Pure.

Each ``score_*`` function returns a :class:`SlotResult`: PRF counts and
accuracy counts under their row names, plus the listing items (missed,
spurious, wrong) that explain them. The definitions:

people
    matched one-to-one on the name key (:func:`eval.strings.name_key`); a gold
    entry accepts its ``name`` and every ``alt``. ``titles`` and
    ``titles_lenient`` are micro counts over the title strings of *matched*
    people (exact text key / one contains the other, matched one-to-one);
    ``category`` is the accuracy over matched people. ``officials`` matches
    the people whose category is ``official`` on each side separately.
amounts / areas
    matched one-to-one on the value (relative tolerance 1e-6; amounts also on
    the currency, areas on ``square_meters``), preferring pairs whose text,
    subject and qualifier agree. Strict rows count a matched pair as a true
    positive only if the attribute agrees too (``qualifier``: qualifier, and
    ``value_max`` for ranges; ``subject``: text key equal, null = null;
    ``subject_lenient``: one contains the other), else it is one FP and one FN.
    Gold ``optional_amounts`` then absorb (one-to-one) predictions left
    unmatched: those count as neither TP nor FP.
signings
    see :func:`signing_similarity`. ``project_count`` is the accuracy over
    matched events (null = null is correct); projects, parties, signatories
    and fields are micro counts over the list items of matched events, where a
    gold item may be a list of accepted forms and a prediction matching any
    form counts once (a second prediction of another form is a FP).
meta
    accuracies over gold documents (a missing value equals null): title (text
    key), published_at and event_date (the date part), place (text key, and
    lenient containment). Reporters and correspondents are PRF over names,
    accepting the ``alt`` names of the gold person of that name.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from xinwen.eval.match import match
from xinwen.eval.metrics import PRF, Accuracy
from xinwen.eval.strings import contains_either, display, forms, name_key, text_key

REL_TOL = 1e-6


@dataclass(frozen=True)
class Item:
    """One line of the per-document error listing."""

    slot: str
    kind: str  # "missed" | "spurious" | "wrong" | "bad_span"
    text: str

    def as_dict(self) -> dict[str, str]:
        return {"slot": self.slot, "kind": self.kind, "text": self.text}


@dataclass
class SlotResult:
    prf: dict[str, PRF] = field(default_factory=dict)
    acc: dict[str, Accuracy] = field(default_factory=dict)
    items: list[Item] = field(default_factory=list)

    def update(self, other: SlotResult) -> None:
        self.prf.update(other.prf)
        self.acc.update(other.acc)
        self.items.extend(other.items)


# -- small helpers -----------------------------------------------------------------------------


def close(a: Any, b: Any, rel: float = REL_TOL) -> bool:
    """Numbers equal within a relative tolerance; non-numbers never are.

    >>> close(1312666.6666666667, 1969 * 10000 / 15), close(1.0, 1.01), close(None, 1)
    (True, False, False)
    """
    if isinstance(a, bool) or isinstance(b, bool):
        return False
    if not isinstance(a, int | float) or not isinstance(b, int | float):
        return False
    return abs(a - b) <= rel * max(abs(a), abs(b)) or a == b


def dicts(items: Any) -> list[dict[str, Any]]:
    """The dict entries of a predicted list (anything else is ignored)."""
    return [x for x in items if isinstance(x, dict)] if isinstance(items, list) else []


def strs(items: Any) -> list[str | list[str]]:
    """The string (or list-of-forms) entries of a list."""
    if not isinstance(items, list):
        return []
    return [x for x in items if isinstance(x, str) or (isinstance(x, list) and forms(x))]


def counts(n_gold: int, n_pred: int, tp: int) -> PRF:
    return PRF(tp=tp, fp=n_pred - tp, fn=n_gold - tp)


def _num(x: Any) -> str:
    """A number as a reader writes it: ``50000000``, ``1312666.67``; ``None`` → ``∅``."""
    if x is None:
        return "∅"
    if isinstance(x, bool) or not isinstance(x, int | float):
        return str(x)
    return str(int(x)) if float(x).is_integer() else f"{x:.2f}".rstrip("0")


def _opt(x: Any) -> str:
    return "∅" if x is None else str(x)


# -- people ------------------------------------------------------------------------------------


def person_keys(person: dict[str, Any]) -> list[str]:
    """Name keys a gold person accepts: the name first, then its ``alt`` names."""
    names = [person.get("name"), *(person.get("alt") or [])]
    return [k for k in (name_key(n) for n in names if isinstance(n, str)) if k]


def person_similarity(gold: dict[str, Any], pred: dict[str, Any]) -> float | None:
    key = name_key(pred.get("name") if isinstance(pred.get("name"), str) else "")
    keys = person_keys(gold)
    if not key or key not in keys:
        return None
    g_titles = {text_key(t) for t in strs(gold.get("titles"))}
    p_titles = {text_key(t) for t in strs(pred.get("titles")) if isinstance(t, str)}
    overlap = len(g_titles & p_titles) / max(len(g_titles), len(p_titles), 1)
    return 0.6 * (key == keys[0]) + 0.4 * overlap


def describe_person(p: dict[str, Any]) -> str:
    titles = "、".join(t for t in strs(p.get("titles")) if isinstance(t, str))
    return f"{p.get('name')} [{titles}] {p.get('category')}"


def match_strings(
    gold: Sequence[str | list[str]],
    pred: Sequence[str | list[str]],
    compatible: Callable[[str, str], bool] = str.__eq__,
    key: Callable[[str | None], str] = text_key,
) -> tuple[int, list[str | list[str]], list[str | list[str]]]:
    """One-to-one matching of list items (each a string or a list of forms).

    Returns (tp, missed gold items, spurious predicted items). A pair is
    compatible where some form of each side is; with a lenient ``compatible``,
    pairs that agree exactly are preferred.

    >>> gold = [["云天畅想集团", "云天畅想"], "崂山区政府"]
    >>> match_strings(gold, ["云天畅想", "崂山区", "云天畅想集团"])
    (1, ['崂山区政府'], ['崂山区', '云天畅想集团'])
    """
    g_keys = [[k for k in map(key, forms(g)) if k] for g in gold]
    p_keys = [[k for k in map(key, forms(p)) if k] for p in pred]

    def sim(gk: list[str], pk: list[str]) -> float | None:
        hits = [a == b for a in gk for b in pk if compatible(a, b)]
        if not hits:
            return None
        return 1.0 if any(hits) else 0.5

    m = match(g_keys, p_keys, sim)
    return len(m.pairs), [gold[i] for i in m.unmatched_gold], [pred[j] for j in m.unmatched_pred]


def score_people(gold: list[dict[str, Any]], pred_raw: Any) -> SlotResult:
    pred = [p for p in dicts(pred_raw) if isinstance(p.get("name"), str)]
    out = SlotResult()
    m = match(gold, pred, person_similarity)
    out.prf["people"] = counts(len(gold), len(pred), len(m.pairs))
    out.items += [Item("people", "missed", describe_person(gold[i])) for i in m.unmatched_gold]
    out.items += [Item("people", "spurious", describe_person(pred[j])) for j in m.unmatched_pred]

    def official(p: dict[str, Any]) -> bool:
        return p.get("category") == "official"

    g_off, p_off = [p for p in gold if official(p)], [p for p in pred if official(p)]
    officials = match(g_off, p_off, person_similarity)
    out.prf["officials"] = counts(len(g_off), len(p_off), len(officials.pairs))

    exact, lenient, category = PRF(), PRF(), Accuracy()
    for i, j in m.pairs:
        g, p = gold[i], pred[j]
        g_titles = strs(g.get("titles"))
        p_titles = [t for t in strs(p.get("titles")) if isinstance(t, str)]
        tp, missed, spurious = match_strings(g_titles, p_titles)
        exact += counts(len(g_titles), len(p_titles), tp)
        tp_lenient, _, _ = match_strings(g_titles, p_titles, contains_either)
        lenient += counts(len(g_titles), len(p_titles), tp_lenient)
        out.items += [Item("titles", "missed", f"{g['name']}: {display(t)}") for t in missed]
        out.items += [Item("titles", "spurious", f"{g['name']}: {display(t)}") for t in spurious]
        right = p.get("category") == g["category"]
        category += Accuracy(int(right), 1)
        if not right:
            out.items.append(
                Item("category", "wrong", f"{g['name']}: {g['category']} → {p.get('category')}")
            )
    out.prf["titles"], out.prf["titles_lenient"], out.acc["category"] = exact, lenient, category
    return out


# -- amounts and areas ---------------------------------------------------------------------------


def _qualifier_ok(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    if pred.get("qualifier") != gold["qualifier"]:
        return False
    return gold["qualifier"] != "range" or close(pred.get("value_max"), gold.get("value_max"))


def _subject_ok(gold: dict[str, Any], pred: dict[str, Any], lenient: bool = False) -> bool:
    g = text_key(gold.get("subject"))
    p = text_key(pred.get("subject") if isinstance(pred.get("subject"), str) else None)
    return g == p or (lenient and contains_either(g, p))


def _same_amount(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    currency = pred.get("currency")
    return close(gold["value"], pred.get("value")) and isinstance(currency, str) and (
        currency.strip().upper() == gold.get("currency", "CNY")
    )


def _same_area(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    return close(gold["square_meters"], pred.get("square_meters"))


def _quantity_similarity(
    same: Callable[[dict, dict], bool],
) -> Callable[[dict, dict], float | None]:
    def similarity(gold: dict[str, Any], pred: dict[str, Any]) -> float | None:
        if not same(gold, pred):
            return None
        pred_text = pred.get("text") if isinstance(pred.get("text"), str) else None
        text = text_key(gold.get("text")) == text_key(pred_text)
        return 0.4 * text + 0.3 * _subject_ok(gold, pred) + 0.3 * _qualifier_ok(gold, pred)

    return similarity


def describe_amount(a: dict[str, Any]) -> str:
    span = f"..{_num(a.get('value_max'))}" if a.get("qualifier") == "range" else ""
    value = f"{_num(a.get('value'))}{span} {a.get('currency')}"
    return f"{a.get('text')} = {value} {a.get('qualifier')} «{_opt(a.get('subject'))}»"


def describe_area(a: dict[str, Any]) -> str:
    value = f"{_num(a.get('square_meters'))} m²"
    return f"{a.get('text')} = {value} {a.get('qualifier')} «{_opt(a.get('subject'))}»"


def _same_jobs(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    return close(gold["value"], pred.get("value"))


def describe_jobs(a: dict[str, Any]) -> str:
    span = f"..{_num(a.get('value_max'))}" if a.get("qualifier") == "range" else ""
    return f"{a.get('text')} = {_num(a.get('value'))}{span} {a.get('qualifier')} «{_opt(a.get('subject'))}»"


#: slot → (same quantity?, description) for score_quantities
QUANTITY_SLOTS = {
    "amounts": (_same_amount, describe_amount),
    "areas": (_same_area, describe_area),
    "jobs": (_same_jobs, describe_jobs),
}


def score_quantities(
    slot: str,
    gold: list[dict[str, Any]],
    pred_raw: Any,
    optional: list[dict[str, Any]] | None = None,
) -> SlotResult:
    """Amounts, areas or jobs (``slot`` names which) of one document."""
    same, describe = QUANTITY_SLOTS[slot]
    similarity = _quantity_similarity(same)
    pred = dicts(pred_raw)
    m = match(gold, pred, similarity)
    leftovers = [pred[j] for j in m.unmatched_pred]
    absorbed = match(optional or [], leftovers, similarity)
    absorbed_idx = {m.unmatched_pred[j] for _, j in absorbed.pairs}
    n_pred = len(pred) - len(absorbed_idx)

    out = SlotResult()
    out.prf[slot] = counts(len(gold), n_pred, len(m.pairs))
    out.items += [Item(slot, "missed", describe(gold[i])) for i in m.unmatched_gold]
    out.items += [
        Item(slot, "spurious", describe(pred[j])) for j in m.unmatched_pred if j not in absorbed_idx
    ]
    checks = {
        "qualifier": _qualifier_ok,
        "subject": _subject_ok,
        "subject_lenient": lambda g, p: _subject_ok(g, p, lenient=True),
    }
    for name, ok in checks.items():
        good = [(i, j) for i, j in m.pairs if ok(gold[i], pred[j])]
        out.prf[f"{slot}.{name}"] = counts(len(gold), n_pred, len(good))
        if name == "subject_lenient":
            continue
        for i, j in m.pairs:
            if (i, j) not in good:
                g, p = gold[i], pred[j]
                got = _opt(p.get("qualifier") if name == "qualifier" else p.get("subject"))
                want = _opt(g["qualifier"] if name == "qualifier" else g.get("subject"))
                if name == "qualifier" and g["qualifier"] == "range":
                    got = f"{got} ..{_num(p.get('value_max'))}"
                    want = f"{want} ..{_num(g.get('value_max'))}"
                out.items.append(Item(slot, "wrong", f"{g['text']}: {name} {want} → {got}"))
    return out


# -- signings ------------------------------------------------------------------------------------

SIGNING_LISTS = ("projects", "parties", "signatories", "fields", "witnesses", "attendees")
#: contract 1.1 people_refs roles → the gold list of names they are scored against
ROLE_LISTS = {"witness": "witnesses", "attendee": "attendees"}


def _list_overlap(gold: Any, pred: Any) -> float:
    g, p = strs(gold), strs(pred)
    if not g or not p:
        return 0.0
    tp, _, _ = match_strings(g, p)
    return tp / max(len(g), len(p))


def signing_similarity(gold: dict[str, Any], pred: dict[str, Any]) -> float | None:
    """How alike two signing events are; ``None`` where nothing at all agrees.

    Evidence, weighted and divided by the total weight 6.25: the same non-null
    project_count (1); the overlap of projects, parties, signatories and
    fields (each up to 1: matched items / the longer list); the same non-null
    date (0.5); the same non-null total_investment (0.5); places of which one
    contains the other (0.25). An event sharing nothing with a gold event is
    no evidence of it, so such a pair cannot match.

    >>> g = {"project_count": 16, "projects": [], "signatories": [], "fields": [],
    ...      "parties": ["崂山区政府", ["云天畅想", "云天畅想集团"]],
    ...      "total_investment": None, "date": "2023-03-23", "place": "深圳"}
    >>> signing_similarity(g, {"project_count": 16, "parties": ["云天畅想集团"]})
    0.24
    >>> signing_similarity(g, {"project_count": 3, "date": "2023-03-24"}) is None
    True
    """
    score = 0.0
    count = gold.get("project_count")
    if count is not None and pred.get("project_count") == count:
        score += 1.0
    for name in SIGNING_LISTS[:4]:  # who and what was signed; the people around it do not match
        score += _list_overlap(gold.get(name), pred.get(name))
    if gold.get("date") and pred.get("date") == gold["date"]:
        score += 0.5
    if close(gold.get("total_investment"), pred.get("total_investment")):
        score += 0.5
    if place_lenient(gold.get("place"), pred.get("place")):
        score += 0.25
    return score / 6.25 if score else None


def describe_signing(s: dict[str, Any]) -> str:
    parts = [f"count={_opt(s.get('project_count'))}"]
    for name in ("parties", "projects", "signatories"):
        items = strs(s.get(name))
        if items:
            parts.append(f"{name}=[{', '.join(map(display, items))}]")
    if s.get("date"):
        parts.append(f"date={s['date']}")
    return " ".join(parts)


def with_role_names(signings: Any, people: Any) -> Any:
    """Predicted signings with ``witnesses``/``attendees`` name lists from their ``people_refs``.

    >>> with_role_names([{"people_refs": [{"person": 1, "roles": ["witness"]}]}],
    ...                 [{"name": "甲"}, {"name": "乙"}])[0]["witnesses"]
    ['乙']
    """
    names = [p.get("name") for p in dicts(people)]
    out = []
    for signing in dicts(signings):
        lists: dict[str, list[str]] = {key: [] for key in ROLE_LISTS.values()}
        for ref in dicts(signing.get("people_refs")):
            index = ref.get("person")
            if isinstance(index, int) and 0 <= index < len(names) and isinstance(names[index], str):
                for role in ref.get("roles") or []:
                    if role in ROLE_LISTS:
                        lists[ROLE_LISTS[role]].append(names[index])
        out.append({**signing, **{k: v for k, v in lists.items() if k not in signing}})
    return out


def score_signings(gold: list[dict[str, Any]], pred_raw: Any) -> SlotResult:
    pred = dicts(pred_raw)
    out = SlotResult()
    m = match(gold, pred, signing_similarity)
    out.prf["signings"] = counts(len(gold), len(pred), len(m.pairs))
    out.items += [
        Item("signings", "missed", f"#{i + 1} {describe_signing(gold[i])}")
        for i in m.unmatched_gold
    ]
    out.items += [Item("signings", "spurious", describe_signing(pred[j])) for j in m.unmatched_pred]
    project_count = Accuracy()
    lists = {name: PRF() for name in SIGNING_LISTS}
    for i, j in m.pairs:  # items of a matched event are prefixed with its gold number: "#2 华为"
        g, p = gold[i], pred[j]
        right = p.get("project_count") == g["project_count"]
        project_count += Accuracy(int(right), 1)
        if not right:
            out.items.append(Item(
                "signings.project_count", "wrong",
                f"#{i + 1}: {_opt(g['project_count'])} → {_opt(p.get('project_count'))}",
            ))
        for name in SIGNING_LISTS:
            g_items, p_items = strs(g.get(name)), strs(p.get(name))
            tp, missed, spurious = match_strings(g_items, p_items)
            lists[name] += counts(len(g_items), len(p_items), tp)
            out.items += [
                Item(f"signings.{name}", "missed", f"#{i + 1} {display(x)}") for x in missed
            ]
            out.items += [
                Item(f"signings.{name}", "spurious", f"#{i + 1} {display(x)}") for x in spurious
            ]
    out.acc["signings.project_count"] = project_count
    for row, ok in SIGNING_CHECKS.items():
        name = row.split(".")[1]
        right = [ok(gold[i].get(name), pred[j].get(name)) for i, j in m.pairs]
        out.acc[row] = Accuracy(sum(right), len(right))
        out.items += [
            Item(row, "wrong", f"#{i + 1}: {_show(gold[i].get(name))} → {_show(pred[j].get(name))}")
            for (i, j), r in zip(m.pairs, right) if not r
        ]
    out.prf.update({f"signings.{name}": c for name, c in lists.items()})
    return out


# -- places, regions, dates (signings and meta) --------------------------------------------------


def place_exact(gold: Any, pred: Any) -> bool:
    """The predicted place is one of the gold place's written forms (``null`` matches ``null``).

    An administrative match, not containment: ``青岛`` for ``青岛西海岸新区`` is wrong.

    >>> place_exact(["莱西", "莱西市"], "莱西市"), place_exact("青岛西海岸新区", "青岛")
    (True, False)
    >>> place_exact(None, None), place_exact(None, "深圳")
    (True, False)
    """
    keys = [text_key(f) for f in forms(gold)]
    got = text_key(pred) if isinstance(pred, str) else ""
    return got in keys if keys else not got


def place_lenient(gold: Any, pred: Any) -> bool:
    """One of the gold forms and the prediction contain each other."""
    got = text_key(pred) if isinstance(pred, str) else ""
    return any(contains_either(text_key(f), got) for f in forms(gold))


REGION_KEYS = ("province", "city", "district")


def region_exact(gold: Any, pred: Any) -> bool:
    """All three levels equal (a missing level and ``null`` are the same).

    >>> region_exact({"province": "山东省", "city": "青岛市", "district": None},
    ...              {"province": "山东省", "city": "青岛市", "district": None})
    True
    >>> region_exact(None, {"province": None, "city": None, "district": None})
    True
    """
    g = gold if isinstance(gold, dict) else {}
    p = pred if isinstance(pred, dict) else {}
    return all((g.get(k) or None) == (p.get(k) or None) for k in REGION_KEYS)


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "/".join(str(value.get(k) or "-") for k in REGION_KEYS)
    if isinstance(value, list):
        return display(value)
    return _opt(value)


SIGNING_CHECKS: dict[str, Callable[[Any, Any], bool]] = {
    "signings.date": lambda g, p: _date_part(g) == _date_part(p),
    "signings.place": place_exact,
    "signings.region": region_exact,
    "signings.total_investment": lambda g, p: (g is None and p is None) or close(g, p),
}


# -- meta ----------------------------------------------------------------------------------------


def _date_part(value: Any) -> str:
    return value.strip()[:10] if isinstance(value, str) else ""


def _text(value: Any) -> str:
    return text_key(value) if isinstance(value, str) else ""


META_CHECKS: dict[str, Callable[[Any, Any], bool]] = {
    "meta.title": lambda g, p: _text(g) == _text(p),
    "meta.published_at": lambda g, p: _date_part(g) == _date_part(p),
    "meta.event_date": lambda g, p: _date_part(g) == _date_part(p),
    "meta.place": place_exact,
    "meta.place_lenient": lambda g, p: place_exact(g, p) or place_lenient(g, p),
    "meta.region": region_exact,
}


def score_meta(
    gold: dict[str, Any], pred_raw: Any, gold_people: list[dict[str, Any]]
) -> SlotResult:
    pred = pred_raw if isinstance(pred_raw, dict) else {}
    out = SlotResult()
    for row, ok in META_CHECKS.items():
        name = row.split(".")[1].removesuffix("_lenient")
        right = ok(gold.get(name), pred.get(name))
        out.acc[row] = Accuracy(int(right), 1)
        if not right and not row.endswith("_lenient"):
            out.items.append(Item(row, "wrong", f"{_show(gold.get(name))} → {_show(pred.get(name))}"))
    aliases = {}  # a byline name accepts the alt names of the gold person of that name
    for person in gold_people:
        names = [person["name"], *person.get("alt", [])]
        aliases.setdefault(name_key(person["name"]), names)
    for name in ("reporters", "correspondents"):
        g_names = [aliases.get(name_key(n), [n]) for n in gold.get(name, [])]
        p_names = [n for n in strs(pred.get(name)) if isinstance(n, str)]
        tp, missed, spurious = match_strings(g_names, p_names, key=name_key)
        out.prf[f"meta.{name}"] = counts(len(g_names), len(p_names), tp)
        out.items += [Item(f"meta.{name}", "missed", display(x)) for x in missed]
        out.items += [Item(f"meta.{name}", "spurious", display(x)) for x in spurious]
    return out
