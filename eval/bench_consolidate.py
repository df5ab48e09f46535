"""Benchmark: consolidate a synthetic archive of N records (default 100,000) and print the time.

The archive imitates a real one: ceremonies in the districts of a few dozen cities over five
years, each reported by one to four documents (mirrors keep date, place, count and total; some
lose the date or a project name), each document naming a few officials of its district (drawn
from a pool in which common names recur in several cities) and amounts whose subjects name the
projects. Records are generated with a fixed seed, so every run consolidates the same archive.
A benchmark, not a test: it prints figures and asserts nothing.

    python -m xinwen.eval.bench_consolidate --records 100000
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from typing import Any

from xinwen.eval.consolidation import pairwise
from xinwen.pipeline.consolidate import consolidate
from xinwen.pipeline.consolidate_keys import load_tables

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华建国志红"
POSTS = ("区委书记", "区长", "副区长", "区委常委", "市委书记", "市长", "副市长")
PROJECT_HEADS = ("产业园", "智造基地", "研发中心", "物流园", "文旅小镇", "总部基地", "科技城")
PROJECT_WORDS = "高端铝箔新能源智能装备生物医药海洋电子信息冷链康养数字经济"


def _districts(limit: int) -> list[dict[str, str]]:
    """Real districts of the gazetteer with their city and province (the first ``limit``)."""
    gazetteer = load_tables().gazetteer
    out = []
    for unit in gazetteer.units.values():
        if (
            unit.level == "district"
            and unit.parent
            and gazetteer.units[unit.parent].level == "city"
        ):
            region = gazetteer.region(unit.code)
            out.append(region)
            if len(out) == limit:
                break
    return out


def _official(rng: random.Random, region: dict[str, str]) -> dict[str, Any]:
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
    post = rng.choice(POSTS)
    prefix = region["district"] if post.startswith(("区", "副区")) else region["city"]
    title = (prefix if rng.random() < 0.6 else "") + post
    return {
        "name": name,
        "titles": [title],
        "organization": None,
        "category": "official",
        "mentions": [],
    }


def _project(rng: random.Random) -> str:
    start = rng.randrange(0, len(PROJECT_WORDS) - 4)
    return PROJECT_WORDS[start : start + rng.choice((2, 4))] + rng.choice(PROJECT_HEADS) + "项目"


def _ceremony(
    rng: random.Random, region: dict[str, str], officials: list[dict[str, Any]]
) -> dict[str, Any]:
    day = 737425 + rng.randrange(5 * 365)  # 2020-01-01 + up to five years
    from datetime import date

    projects = [_project(rng) for _ in range(rng.randrange(0, 4))]
    return {
        "date": date.fromordinal(day).isoformat(),
        "region": region,
        "projects": projects,
        "count": rng.choice((None, len(projects) + rng.randrange(1, 30))),
        "total": rng.choice((None, float(rng.randrange(1, 900)) * 1e8)),
        "people": rng.sample(officials, k=min(len(officials), rng.randrange(1, 5))),
    }


def _record(rng: random.Random, doc_id: str, event: dict[str, Any]) -> dict[str, Any]:
    dated = rng.random() > 0.1
    projects = [p for p in event["projects"] if rng.random() > 0.1]
    signing = {
        "project_count": event["count"],
        "projects": projects,
        "parties": [],
        "signatories": [],
        "fields": [],
        "total_investment": event["total"],
        "date": event["date"] if dated else None,
        "place": event["region"]["district"],
        "venue": None,
        "region": event["region"],
        "total_ref": None,
        "people_refs": [],
        "spans": [],
    }
    amounts = [
        {
            "text": "10亿元",
            "value": 1e9,
            "currency": "CNY",
            "qualifier": "exact",
            "value_max": None,
            "subject": project + "总投资",
            "span": {"start": 0, "end": 4},
        }
        for project in projects
    ]
    meta = {
        "title": None,
        "outlet": None,
        "published_at": event["date"] if dated else None,
        "event_date": event["date"] if dated else None,
        "place": event["region"]["district"],
        "venue": None,
        "region": event["region"],
    }
    return {
        "schema_version": "1.1",
        "doc_id": doc_id,
        "status": "ok",
        "errors": [],
        "meta": meta,
        "people": list(event["people"]),
        "amounts": amounts,
        "areas": [],
        "signings": [signing],
        "entities": [],
    }


def synthetic_archive(count: int, seed: int = 18, districts: int = 300) -> list[dict[str, Any]]:
    """``count`` records of ceremonies reported one to four times each."""
    rng = random.Random(seed)
    regions = _districts(districts)
    pools = {r["district"]: [_official(rng, r) for _ in range(8)] for r in regions}
    records: list[dict[str, Any]] = []
    while len(records) < count:
        region = rng.choice(regions)
        event = _ceremony(rng, region, pools[region["district"]])
        ceremony = f"ceremony {len(records):06d}"  # the title: the truth, never read by consolidate
        for _ in range(min(rng.randrange(1, 5), count - len(records))):
            records.append(_record(rng, f"syn{len(records):06d}", event))
            records[-1]["meta"]["title"] = ceremony
    return records


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time the consolidation of a synthetic archive.")
    parser.add_argument("--records", type=int, default=100_000)
    args = parser.parse_args(argv)
    load_tables()  # the data files and gazetteer, loaded before timing
    started = time.perf_counter()
    records = synthetic_archive(args.records)
    generated = time.perf_counter() - started
    started = time.process_time(), time.perf_counter()
    result = consolidate(records)
    cpu, wall = time.process_time() - started[0], time.perf_counter() - started[1]
    print(f"records: {len(records)} (generated in {generated:.1f} s)")
    print(f"consolidate: {wall:.1f} s wall, {cpu:.1f} s CPU (one process, one core)")
    print("before", result.summary["before"], "after", result.summary["after"])
    truth = {(r["doc_id"], 0): r["meta"]["title"] for r in records}
    rows = [[(s["doc_id"], s["signing"]) for s in row["sources"]] for row in result.events]
    events = pairwise(rows, truth)
    print(
        f"events: {events['expected_rows']} ceremonies generated, {events['rows']} found; pairwise "
        f"precision {events['precision']:.3f}, recall {events['recall']:.3f} of merges"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
