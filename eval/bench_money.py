"""Amounts and areas on the bundled corpus: this project's stages beside JioNLP's ``extract_money``.

Reads every article of ``corpus/articles`` that has a gold file in ``corpus/gold``, builds its
working text with the pipeline's normalize stage, runs ``AmountStage`` / ``AreaStage`` and (when
installed: ``pip install -e ".[bench]"``) ``jionlp.ner.extract_money`` on the same text, and
prints both scores side by side, computed by ``eval.slots.score_quantities`` (the scorer of
``cli.py eval``). JioNLP has no qualifier vocabulary of ours, no subjects and no areas: its
``definition`` is mapped (accurate → exact, blur → about, blur+ → over, blur- → nearly, a
two-value ``num`` → range) and its subject is always null.

Until the normalize stage is implemented (its placeholder copies the raw text), the working text
falls back to a plain rendering: pinyin annotations dropped and OpenCC t2s; a line on stderr says so.

Example:
  .venv/bin/python eval/bench_money.py
  .venv/bin/python eval/bench_money.py --details      # every miss / spurious / wrong item
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from xinwen.eval.metrics import PRF
from xinwen.eval.slots import score_quantities
from xinwen.pipeline.doc import Document, SourceInfo
from xinwen.pipeline.normalize import NormalizeStage
from xinwen.pipeline.slots.area import AreaStage
from xinwen.pipeline.slots.money import AmountStage

PINYIN = re.compile(r"\(([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ][a-zü]*)\)")
GARBLE = re.compile(r"\?([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ][a-zü]*)\)")
JIONLP_CURRENCY = {
    "元": "CNY",
    "人民币": "CNY",
    "美元": "USD",
    "欧元": "EUR",
    "港元": "HKD",
    "港币": "HKD",
    "日元": "JPY",
    "新台币": "TWD",
    "台币": "TWD",
    "英镑": "GBP",
    "韩元": "KRW",
    "澳元": "AUD",
    "卢布": "RUB",
    "泰铢": "THB",
    "加元": "CAD",
    "新加坡元": "SGD",
    "瑞士法郎": "CHF",
}
JIONLP_QUALIFIER = {"accurate": "exact", "blur": "about", "blur+": "over", "blur-": "nearly"}
ROWS = (
    "amounts",
    "amounts.qualifier",
    "amounts.subject",
    "amounts.subject_lenient",
    "areas",
    "areas.qualifier",
    "areas.subject",
    "areas.subject_lenient",
)


PROBE = "產(chǎn)業(yè)規(guī)模"  # a normalize stage worth the name makes this 产业规模


def _normalize(doc_id: str, raw: str) -> str:
    doc = Document(doc_id=doc_id, raw=raw, source=SourceInfo(doc_id, "", "utf-8", "text"))
    return NormalizeStage()(doc).text


def working_text(doc_id: str, raw: str) -> tuple[str, bool]:
    """The normalize stage's text, or the fallback rendering while that stage is a placeholder."""
    if _normalize("probe", PROBE) != PROBE:
        return _normalize(doc_id, raw), False
    import opencc

    plain = GARBLE.sub("?", PINYIN.sub("", raw))
    return opencc.OpenCC("t2s").convert(plain), True


def ours(text: str, money: AmountStage, area: AreaStage) -> tuple[list[dict], list[dict]]:
    amounts = [{k: v for k, v in asdict(a).items() if k != "span"} for a in money.find(text)]
    areas = [{k: v for k, v in asdict(a).items() if k != "span"} for a in area.find(text)]
    return amounts, areas


def jionlp_amounts(text: str, extract) -> list[dict]:
    out = []
    for entity in extract(text, with_parsing=True):
        detail = entity.get("detail") or {}
        num = detail.get("num")
        values = num if isinstance(num, list) else [num]
        try:
            values = [float(v) for v in values]
        except (TypeError, ValueError):  # JioNLP's own output format, not our control flow
            continue
        out.append(
            {
                "text": entity["text"],
                "value": values[0],
                "value_max": values[1] if len(values) > 1 else None,
                "currency": JIONLP_CURRENCY.get(detail.get("case"), str(detail.get("case"))),
                "qualifier": "range"
                if len(values) > 1
                else JIONLP_QUALIFIER.get(detail.get("definition"), "exact"),
                "subject": None,
            }
        )
    return out


def load_jionlp():
    try:
        import jionlp
    except ImportError:
        return None
    return jionlp.ner.extract_money


def fmt(prf: PRF | None) -> str:
    if prf is None:
        return f"{'n/a':>22}"
    p, r, f = (x if x is not None else 0.0 for x in (prf.precision, prf.recall, prf.f1))
    return f"{p:6.3f} {r:6.3f} {f:6.3f} ({prf.tp:>3}/{prf.tp + prf.fp:>3}/{prf.tp + prf.fn:>3})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument(
        "--details", action="store_true", help="list every miss, spurious and wrong item"
    )
    parser.add_argument("--json", type=Path, help="also write the scores as JSON here")
    parser.add_argument("--no-jionlp", action="store_true", help="score this project only")
    args = parser.parse_args(argv)

    money, area = AmountStage(), AreaStage()
    extract = None if args.no_jionlp else load_jionlp()
    totals: dict[str, dict[str, PRF]] = {"ours": {}, "jionlp": {}}
    seconds = {"ours": 0.0, "jionlp": 0.0}
    fallback_docs = []
    details = []
    for gold_path in sorted((args.corpus / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        raw = (args.corpus / "articles" / f"{gold_path.stem}.txt").read_text(encoding="utf-8")
        text, fallback = working_text(gold_path.stem, raw)
        if fallback:
            fallback_docs.append(gold_path.stem)
        t0 = time.perf_counter()
        amounts, areas = ours(text, money, area)
        seconds["ours"] += time.perf_counter() - t0
        systems = {"ours": (amounts, areas)}
        if extract is not None:
            t0 = time.perf_counter()
            systems["jionlp"] = (jionlp_amounts(text, extract), [])
            seconds["jionlp"] += time.perf_counter() - t0
        for system, (pred_amounts, pred_areas) in systems.items():
            for slot, pred in (("amounts", pred_amounts), ("areas", pred_areas)):
                result = score_quantities(
                    slot,
                    gold.get(slot, []),
                    pred,
                    gold.get("optional_amounts") if slot == "amounts" else None,
                )
                for row, prf in result.prf.items():
                    totals[system][row] = totals[system].get(row, PRF()) + prf
                if system == "ours":
                    details += [f"{gold_path.stem:8} {i.kind:8} {i.text}" for i in result.items]

    if fallback_docs:
        print(
            f"note: normalize stage is a placeholder; fallback rendering (pinyin dropped, OpenCC t2s) "
            f"used for {len(fallback_docs)} articles",
            file=sys.stderr,
        )
    print(
        f"{'row':24} {'ours  P      R      F1   (tp/pred/gold)':38} {'JioNLP extract_money  P      R      F1':38}"
    )
    for row in ROWS:
        # JioNLP extracts no areas: its area rows are n/a, not zero
        jio = (
            totals["jionlp"].get(row) if extract is not None and row.startswith("amounts") else None
        )
        print(f"{row:24} {fmt(totals['ours'].get(row)):38} {fmt(jio):38}")
    if extract is None:
        print("JioNLP not run (--no-jionlp, or not installed: pip install -e '.[bench]')")
    print(
        f"time: ours {seconds['ours']:.2f}s, jionlp {seconds['jionlp']:.2f}s "
        f"({len(list((args.corpus / 'gold').glob('*.json')))} articles)"
    )
    if args.details:
        print("\n".join(details))
    if args.json:
        args.json.write_text(
            json.dumps(
                {s: {r: p.as_dict() for r, p in rows.items()} for s, rows in totals.items()},
                ensure_ascii=False,
                indent=2,
            ),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
