"""Consolidation across records (issue 18): officials, events, projects, restorations.

The records here are written by hand in the contract's shape (only the fields the consolidation
reads), each case a small archive whose right answer is known by construction.
"""

from __future__ import annotations

import copy
import random

import pytest

from xinwen.pipeline.consolidate import consolidate
from xinwen.pipeline.consolidate_keys import load_tables, project_key

QINGDAO = {"province": "山东省", "city": "青岛市", "district": None}
LAOSHAN = {"province": "山东省", "city": "青岛市", "district": "崂山区"}
PINGDU = {"province": "山东省", "city": "青岛市", "district": "平度市"}
JIAOZHOU = {"province": "山东省", "city": "青岛市", "district": "胶州市"}
WEIFANG = {"province": "山东省", "city": "潍坊市", "district": None}


def person(name, *titles, category="official"):
    return {
        "name": name,
        "titles": list(titles),
        "organization": None,
        "category": category,
        "mentions": [],
    }


def signing(date=None, region=None, count=None, total=None, projects=(), parties=(), venue=None):
    return {
        "project_count": count,
        "projects": list(projects),
        "parties": list(parties),
        "signatories": [],
        "fields": [],
        "total_investment": total,
        "date": date,
        "place": None,
        "venue": venue,
        "region": region,
        "total_ref": None,
        "people_refs": [],
        "spans": [],
    }


def record(
    doc_id,
    *,
    region=None,
    published=None,
    event_date=None,
    people=(),
    signings=(),
    amounts=(),
    status="ok",
):
    meta = {
        "title": None,
        "outlet": None,
        "published_at": published,
        "event_date": event_date,
        "place": None,
        "venue": None,
        "region": region,
    }
    return {
        "schema_version": "1.1",
        "doc_id": doc_id,
        "status": status,
        "errors": [],
        "meta": meta,
        "people": list(people),
        "amounts": list(amounts),
        "areas": [],
        "signings": list(signings),
        "entities": [],
    }


def amount(subject, value=1e9):
    return {
        "text": "10亿元",
        "value": value,
        "currency": "CNY",
        "qualifier": "exact",
        "value_max": None,
        "subject": subject,
        "span": {"start": 0, "end": 4},
    }


def rows_named(rows, name):
    return [row for row in rows if row["name"] == name]


# ------------------------------------------------------------------ officials --


@pytest.mark.issue(18)
def test_same_official_with_and_without_organization_is_one_row():
    result = consolidate(
        [
            record(
                "a",
                region=QINGDAO,
                published="2023-03-01T10:00:00",
                people=[person("耿涛", "青岛市委常委", "副市长")],
            ),
            record("b", region=QINGDAO, event_date="2023-05-02", people=[person("耿涛", "副市长")]),
        ]
    )
    (row,) = result.officials
    assert row["sources"] == ["a", "b"]
    assert row["merged_because"] == "official.same_region: 耿涛 in 山东省青岛市 in a, b"
    assert row["titles"] == [
        {
            "title": "青岛市委常委",
            "first_seen": "2023-03-01",
            "last_seen": "2023-03-01",
            "sources": ["a"],
        },
        {
            "title": "副市长",
            "first_seen": "2023-03-01",
            "last_seen": "2023-05-02",
            "sources": ["a", "b"],
        },
    ]
    assert (row["first_seen"], row["last_seen"]) == ("2023-03-01", "2023-05-02")


@pytest.mark.issue(18)
def test_two_people_of_one_name_in_two_cities_stay_apart():
    result = consolidate(
        [
            record("qd", region=LAOSHAN, people=[person("王伟", "崂山区副区长")]),
            record("wf", region=WEIFANG, people=[person("王伟", "副市长")]),
        ]
    )
    rows = rows_named(result.officials, "王伟")
    assert [row["region"]["city"] for row in rows] == ["青岛市", "潍坊市"]
    assert rows[0]["apart_from"] == [
        {"official": "official@wf#people-0", "because": "official.other_city"}
    ]
    assert all(row["merged_because"] is None for row in rows)


@pytest.mark.issue(18)
def test_region_comes_from_the_title_before_the_document():
    # the document is about 潍坊, but the title names 青岛
    result = consolidate([record("a", region=WEIFANG, people=[person("王清宪", "青岛市委书记")])])
    assert result.officials[0]["region"] == QINGDAO


@pytest.mark.issue(18)
def test_two_districts_of_one_city_are_two_people():
    result = consolidate(
        [
            record("a", region=PINGDU, people=[person("张杰", "副市长")]),
            record("b", region=JIAOZHOU, people=[person("张杰", "副市长")]),
            record("c", region=QINGDAO, people=[person("张杰", "副市长")]),
        ]
    )
    rows = rows_named(result.officials, "张杰")
    # c (city level) fits a's row; b's district conflicts with a's
    assert [row["sources"] for row in rows] == [["a", "c"], ["b"]]
    assert rows[1]["apart_from"][0]["because"] == "official.other_district"


@pytest.mark.issue(18)
def test_officials_only_and_no_region_merges_with_no_one():
    result = consolidate(
        [
            record(
                "a",
                people=[person("何永恒", "副镇长"), person("李四", "董事长", category="business")],
            ),
            record("b", people=[person("何永恒", "副镇长")]),
        ]
    )
    assert [row["sources"] for row in result.officials] == [["a"], ["b"]]
    assert result.officials[0]["apart_from"][0]["because"] == "official.no_region"
    assert result.officials[0]["first_seen"] is None


@pytest.mark.issue(18)
def test_a_name_with_lost_characters_is_not_a_directory_row():
    result = consolidate([record("a", region=LAOSHAN, people=[person("张?", "崂山区委书记")])])
    assert result.officials == []
    assert result.summary["before"]["officials"] == 1


# ------------------------------------------------------------------ events --


def mirror_pair(day_a="2020-02-14", day_b="2020-02-15", **changes):
    base = signing(day_a, PINGDU, count=31, total=26.72e9, projects=["众创产城(青岛)基地项目"])
    other = {**copy.deepcopy(base), "date": day_b, **changes}
    return [
        record("city", region=PINGDU, signings=[base]),
        record("mirror", region=PINGDU, signings=[other]),
    ]


@pytest.mark.issue(18)
def test_one_ceremony_reported_twice_is_one_event():
    (event,) = consolidate(mirror_pair()).events
    assert event["sources"] == [
        {"doc_id": "city", "signing": 0},
        {"doc_id": "mirror", "signing": 0},
    ]
    assert event["merged_because"] == "event.same_ceremony: mirror#signings-0 with city#signings-0"
    assert event["projects"] == ["众创产城(青岛)基地项目"]


@pytest.mark.issue(18)
def test_disagreeing_values_are_kept_with_their_sources_and_picked_by_majority():
    records = mirror_pair(total_investment=27e9)
    records.append(
        record("third", region=PINGDU, signings=[copy.deepcopy(records[1]["signings"][0])])
    )
    (event,) = consolidate(records).events
    assert event["total_investment"] == 27e9  # two sources against one
    assert event["picked_by"] == "event.majority"
    assert event["conflicts"]["total_investment"] == [
        {"value": 26.72e9, "sources": [{"doc_id": "city", "signing": 0}]},
        {
            "value": 27e9,
            "sources": [{"doc_id": "mirror", "signing": 0}, {"doc_id": "third", "signing": 0}],
        },
    ]
    # a tie keeps the first source's value: the dates 14 / 15 / 15 → 15 wins, 14 / 15 → 14
    assert consolidate(mirror_pair()).events[0]["date"] == "2020-02-14"


@pytest.mark.issue(18)
@pytest.mark.parametrize(
    ("changes", "rule"),
    [
        ({"date": "2020-02-17"}, "event.other_date"),
        ({"project_count": 12}, "event.other_count"),
        ({"region": JIAOZHOU}, "event.other_district"),
        ({"region": WEIFANG}, "event.other_city"),
        ({"project_count": None, "total_investment": None, "projects": []}, "event.no_shared_fact"),
    ],
)
def test_signings_that_differ_are_two_events(changes, rule):
    records = mirror_pair()
    records[1]["signings"][0].update(changes)
    if "region" in changes:
        records[1]["meta"]["region"] = changes["region"]
    events = consolidate(records).events
    assert len(events) == 2
    if rule not in ("event.other_city",):  # another city is another block: never compared
        assert events[0]["apart_from"] == [{"signing": "mirror#signings-0", "because": rule}]


@pytest.mark.issue(18)
def test_two_signings_of_one_document_are_two_events():
    both = [signing("2020-02-14", PINGDU, count=3), signing("2020-02-14", PINGDU, count=3)]
    events = consolidate([record("a", region=PINGDU, signings=both)]).events
    assert len(events) == 2
    assert events[0]["apart_from"] == [
        {"signing": "a#signings-1", "because": "event.same_document"}
    ]


@pytest.mark.issue(18)
def test_undated_signings_need_two_shared_facts():
    one = signing(None, PINGDU, count=31, total=26.72e9)
    only_count = signing(None, PINGDU, count=31)
    assert (
        len(
            consolidate(
                [
                    record("a", region=PINGDU, signings=[one]),
                    record("b", region=PINGDU, signings=[one]),
                ]
            ).events
        )
        == 1
    )
    events = consolidate(
        [
            record("a", region=PINGDU, signings=[one]),
            record("b", region=PINGDU, signings=[only_count]),
        ]
    ).events
    assert len(events) == 2 and events[0]["apart_from"][0]["because"] == "event.no_shared_fact"


@pytest.mark.issue(18)
def test_undated_merge_names_its_rule():
    one = signing(None, QINGDAO, parties=["山东省港口集团"], venue="府新大厦")
    (event,) = consolidate(
        [
            record("a", region=QINGDAO, signings=[one]),
            record("b", region=QINGDAO, signings=[copy.deepcopy(one)]),
        ]
    ).events
    assert event["merged_because"].startswith(
        "event.undated_same_ceremony: b#signings-0 with a#signings-0"
    )


@pytest.mark.issue(18)
def test_one_official_at_two_ceremonies_is_one_person_at_two_events():
    leader = person("谢兆村", "平度市委书记")
    records = [
        record(
            "feb",
            region=PINGDU,
            event_date="2020-02-14",
            people=[leader],
            signings=[signing("2020-02-14", PINGDU, count=31)],
        ),
        record(
            "may",
            region=PINGDU,
            event_date="2020-05-16",
            people=[leader],
            signings=[signing("2020-05-16", PINGDU, count=31)],
        ),
    ]
    result = consolidate(records)
    assert len(result.events) == 2
    assert [row["sources"] for row in result.officials] == [["feb", "may"]]


@pytest.mark.issue(18)
def test_signing_without_date_or_region_takes_the_documents():
    s = signing(None, None, count=5)
    result = consolidate([record("a", region=PINGDU, event_date="2021-01-02", signings=[s])])
    assert (result.events[0]["date"], result.events[0]["region"]) == ("2021-01-02", PINGDU)


# ------------------------------------------------------------------ projects --


@pytest.mark.issue(18)
def test_project_key_drops_suffix_quotes_and_own_region():
    tables = load_tables()
    assert project_key("青岛国际生命谷项目", ("青岛市", "青岛"), tables) == "国际生命谷"
    assert project_key("“齐鲁号”欧亚经贸上合产业园项目", (), tables) == "齐鲁号欧亚经贸上合产业园"
    assert project_key("新区项目", (), tables) == "新区"
    assert project_key("新项目", (), tables) == "新项目"  # under two characters would be left: kept


@pytest.mark.issue(18)
def test_one_project_signed_and_later_started_has_one_history():
    records = [
        record(
            "signed",
            region=PINGDU,
            event_date="2020-02-14",
            signings=[
                signing(
                    "2020-02-14", PINGDU, count=1, projects=["高端铝箔项目"], parties=["平度市政府"]
                )
            ],
        ),
        record(
            "started",
            region=PINGDU,
            event_date="2020-09-20",
            amounts=[amount("平度高端铝箔项目总投资")],
        ),
    ]
    result = consolidate(records)
    (project,) = result.projects
    assert project["key"] == "高端铝箔"
    assert project["sources"] == ["signed", "started"]
    assert (project["first_seen"], project["last_seen"]) == ("2020-02-14", "2020-09-20")
    assert project["amounts"][0]["doc_id"] == "started" and project["amounts"][0]["amount"] == 0
    assert project["parties"] == ["平度市政府"]
    assert project["merged_because"] == "project.same_key: 高端铝箔项目 in signed, started"
    assert len(result.events) == 1


@pytest.mark.issue(18)
def test_projects_with_one_key_in_one_city_merge():
    records = [
        record(
            "a",
            region=QINGDAO,
            signings=[signing("2020-01-01", QINGDAO, projects=["青岛国际生命谷项目"])],
        ),
        record(
            "b", region=QINGDAO, signings=[signing("2021-01-01", QINGDAO, projects=["国际生命谷"])]
        ),
        record(
            "c", region=WEIFANG, signings=[signing("2021-01-01", WEIFANG, projects=["国际生命谷"])]
        ),
    ]
    projects = sorted(consolidate(records).projects, key=lambda p: p["sources"])
    assert [p["sources"] for p in projects] == [["a", "b"], ["c"]]
    assert (
        projects[0]["merged_because"] == "project.same_key: 国际生命谷 = 青岛国际生命谷项目 in a, b"
    )
    assert projects[1]["merged_because"] is None
    assert projects[0]["events"] == ["event@a#signings-0", "event@b#signings-0"]


@pytest.mark.issue(18)
def test_a_short_name_joins_its_only_container():
    records = [
        record(
            "a",
            region=QINGDAO,
            signings=[signing("2020-01-01", QINGDAO, projects=["青岛国际智能装备产业园项目"])],
        ),
        record(
            "b",
            region=QINGDAO,
            signings=[signing("2021-01-01", QINGDAO, projects=["智能装备产业园"])],
        ),
    ]
    (project,) = consolidate(records).projects
    assert project["merged_because"].startswith(
        "project.unique_container: 智能装备产业园 in 国际智能装备产业园"
    )


@pytest.mark.issue(18)
def test_a_short_name_with_two_containers_stays_apart():
    records = [
        record(
            "a",
            region=QINGDAO,
            signings=[signing("2020-01-01", QINGDAO, projects=["国际智能装备产业园"])],
        ),
        record(
            "b",
            region=QINGDAO,
            signings=[signing("2020-03-01", QINGDAO, projects=["西海岸智能装备产业园"])],
        ),
        record(
            "c",
            region=QINGDAO,
            signings=[signing("2021-01-01", QINGDAO, projects=["智能装备产业园"])],
        ),
    ]
    projects = consolidate(records).projects
    assert len(projects) == 3
    short = next(p for p in projects if p["key"] == "智能装备产业园")
    assert (
        short["apart_because"]
        == "project.ambiguous_container: 智能装备产业园 in 国际智能装备产业园, 西海岸智能装备产业园"
    )


# ------------------------------------------------------------------ restorations --


def directory(*extra):
    return [
        record(
            "clean",
            region=LAOSHAN,
            published="2023-03-20",
            people=[person("张元升", "崂山区委书记")],
        ),
        *extra,
        record(
            "garbled",
            region=LAOSHAN,
            published="2023-03-24",
            people=[person("张?", "青岛市政协副主席", "崂山区委书记")],
        ),
    ]


@pytest.mark.issue(18)
def test_a_lost_name_is_restored_from_the_only_match():
    records = directory()
    before = copy.deepcopy(records)
    (row,) = consolidate(records).restorations
    assert (row["proposed"], row["official"], row["rule"]) == (
        "张元升",
        "official@clean#people-0",
        "restoration.unique_match",
    )
    assert row["evidence"] == (
        "张? 青岛市政协副主席、崂山区委书记 2023-03-24 → 张元升, seen as 崂山区委书记 in clean (2023-03-20)"
    )
    assert records == before  # never rewritten


@pytest.mark.issue(18)
def test_two_matches_propose_nothing():
    other = record(
        "other", region=LAOSHAN, published="2023-01-05", people=[person("张平", "区委书记")]
    )
    (row,) = consolidate(directory(other)).restorations
    assert (row["proposed"], row["rule"]) == (None, "restoration.ambiguous")
    assert sorted(row["candidates"]) == ["official@clean#people-0", "official@other#people-0"]


@pytest.mark.issue(18)
@pytest.mark.parametrize(
    "other",
    [
        record(
            "far", region=LAOSHAN, published="2019-01-05", people=[person("张平", "崂山区委书记")]
        ),  # years before
        record(
            "elsewhere", region=WEIFANG, published="2023-03-05", people=[person("张平", "区委书记")]
        ),  # another city
        record(
            "post", region=LAOSHAN, published="2023-03-05", people=[person("张平", "副区长")]
        ),  # another post
    ],
)
def test_a_match_out_of_period_region_or_post_does_not_count(other):
    (row,) = consolidate(directory(other)).restorations
    assert row["proposed"] == "张元升"


@pytest.mark.issue(18)
def test_no_match_is_a_row_without_proposal():
    result = consolidate([record("g", region=LAOSHAN, people=[person("钱?", "区长")])])
    assert [(r["rule"], r["proposed"]) for r in result.restorations] == [
        ("restoration.no_match", None)
    ]


# ------------------------------------------------------------------ whole --


def archive():
    return [
        *directory(),
        *mirror_pair(),
        record("qd", region=LAOSHAN, people=[person("王伟", "崂山区副区长")]),
        record("wf", region=WEIFANG, people=[person("王伟", "副市长")]),
        record("bad", status="error"),
    ]


@pytest.mark.issue(18)
def test_the_result_does_not_depend_on_input_order():
    records = archive()
    shuffled = records[:]
    random.Random(3).shuffle(shuffled)
    assert consolidate(shuffled) == consolidate(records)


@pytest.mark.issue(18)
def test_error_records_are_skipped_and_listed():
    summary = consolidate(archive()).summary
    assert summary["skipped"] == ["bad"]
    assert (summary["records"], summary["consolidated"]) == (7, 6)


@pytest.mark.issue(18)
def test_every_rule_written_is_a_row_of_the_rules_table():
    rules = load_tables().rules
    result = consolidate(archive())
    written = [
        row["merged_because"]
        for part in (result.officials, result.events, result.projects)
        for row in part
    ]
    written += [a["because"] for row in result.officials + result.events for a in row["apart_from"]]
    written += [row["rule"] for row in result.restorations]
    ids = {text.split(":")[0] for text in written if text}
    assert ids and ids <= set(rules)
