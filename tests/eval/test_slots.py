"""Per-slot scoring with hand-computed counts (eval.slots, eval.score.score_document).

Every expected number below was worked out by hand from the fixture next to it;
the comments give the reasoning.
"""
from __future__ import annotations

from xinwen.eval.metrics import PRF, Accuracy
from xinwen.eval.score import score_document
from xinwen.eval.slots import (
    match_strings,
    score_meta,
    score_people,
    score_quantities,
    score_signings,
    signing_similarity,
)


def person(name, titles, category="official", alt=()):
    return {"name": name, "alt": list(alt), "titles": titles, "category": category}


def amount(text, value, qualifier="exact", subject=None, currency="CNY", value_max=None):
    return {"text": text, "value": value, "value_max": value_max, "currency": currency,
            "qualifier": qualifier, "subject": subject}


def area(text, sqm, qualifier="exact", subject=None):
    return {"text": text, "value": 0, "unit": "亩", "square_meters": sqm,
            "qualifier": qualifier, "subject": subject}


def signing(count=None, projects=(), parties=(), signatories=(), fields=(), date=None, place=None,
            total=None):
    return {"project_count": count, "projects": list(projects), "parties": list(parties),
            "signatories": list(signatories), "fields": list(fields), "total_investment": total,
            "date": date, "place": place}


# -- people ----------------------------------------------------------------------------------------

GOLD_PEOPLE = [
    person("耿涛", ["青岛市委常委", "副市长"]),
    person("张?", ["通讯员"], "journalist", alt=["张坚"]),
    person("潘毅", ["深圳理工大学院长", "院士"], "academic"),
]


def test_people_alt_names_duplicates_officials_titles_category():
    pred = [
        person("耿涛", ["青岛市委常委", "市长"]),         # match; titles 1 exact, 2 lenient
        person("张坚", ["通讯员"], "journalist"),          # matches 张? through alt
        person("耿涛", [], "official"),                     # duplicate: spurious
        person("潘毅", ["院长"], "official"),               # match; category wrong
        person("张", ["记者"], "journalist"),               # 张 ≠ 张?: spurious
    ]
    r = score_people(GOLD_PEOPLE, pred)
    assert r.prf["people"] == PRF(tp=3, fp=2, fn=0)
    # gold officials: 耿涛; predicted officials: 耿涛, 耿涛, 潘毅 → 1 matched
    assert r.prf["officials"] == PRF(tp=1, fp=2, fn=0)
    # 耿涛: {青岛市委常委}✓ 市长✗ 副市长✗; 张?: 通讯员✓; 潘毅: 院长✗ vs 2 gold
    assert r.prf["titles"] == PRF(tp=2, fp=2, fn=3)
    # lenient: 市长 ⊂ 副市长 and 院长 ⊂ 深圳理工大学院长; 院士 stays missed
    assert r.prf["titles_lenient"] == PRF(tp=4, fp=0, fn=1)
    assert r.acc["category"] == Accuracy(correct=2, n=3)
    spurious = [i.text for i in r.items if i.slot == "people" and i.kind == "spurious"]
    assert spurious == ["耿涛 [] official", "张 [记者] journalist"]


def test_people_nothing_predicted():
    r = score_people(GOLD_PEOPLE, [])
    assert r.prf["people"] == PRF(0, 0, 3)
    assert r.prf["officials"] == PRF(0, 0, 1)
    assert r.prf["titles"] == PRF() and r.acc["category"] == Accuracy()


def test_titles_lenient_is_one_to_one_and_prefers_exact():
    # exact: only 副市长 = 副市长. Lenient: 副市长 and 市长 are each contained in both gold
    # titles, yet each gold title is used once, so a repeated prediction earns nothing more.
    gold = ["青岛市副市长", "副市长"]
    assert match_strings(gold, ["副市长", "市长"])[0] == 1
    from xinwen.eval.strings import contains_either

    assert match_strings(gold, ["副市长", "市长"], contains_either)[0] == 2
    assert match_strings(gold, ["副市长", "副市长"], contains_either) == (2, [], [])
    assert match_strings(["副市长"], ["副市长", "副市长"], contains_either) == (1, [], ["副市长"])


# -- amounts and areas ---------------------------------------------------------------------------


def test_amounts_repeated_values_optional_currency_range_subject():
    gold = [
        amount("300亿元", 3e10, subject="总投资"),
        amount("300亿元", 3e10, subject="项目总投资"),
        amount("8亿至10亿元", 8e8, "range", "年产值", value_max=1e9),
        amount("5000万美元", 5e7, subject="外资", currency="USD"),
    ]
    optional = [amount("千亿级", 1e11, "about")]
    pred = [
        amount("300亿元", 3e10, subject="总投资"),                      # A1
        amount("300亿元", 3e10, subject="总投资"),                      # A2: subject ⊂ 项目总投资
        amount("300亿元", 3e10, subject="总投资"),                      # third: spurious
        amount("8亿至10亿元", 8e8, "range", "年产值", value_max=1.2e9),  # value_max wrong
        amount("5000万元", 5e7),                                        # CNY ≠ USD: spurious
        amount("千亿级", 1e11, "about"),                                # absorbed by optional
        amount("1000亿", 1e11),                                         # optional used up: spurious
    ]
    r = score_quantities("amounts", gold, pred, optional)
    # 7 predictions, 1 absorbed → 6 counted; 3 matched (A1, A2, range)
    assert r.prf["amounts"] == PRF(tp=3, fp=3, fn=1)
    # qualifier right for A1 and A2; range has the wrong value_max
    assert r.prf["amounts.qualifier"] == PRF(tp=2, fp=4, fn=2)
    # subject right for A1 and the range; A2 only leniently
    assert r.prf["amounts.subject"] == PRF(tp=2, fp=4, fn=2)
    assert r.prf["amounts.subject_lenient"] == PRF(tp=3, fp=3, fn=1)
    kinds = sorted((i.kind, i.text.split(" ")[0]) for i in r.items)
    assert kinds == [
        ("missed", "5000万美元"),
        ("spurious", "1000亿"), ("spurious", "300亿元"), ("spurious", "5000万元"),
        ("wrong", "300亿元:"), ("wrong", "8亿至10亿元:"),
    ]


def test_optional_absorbs_only_leftovers():
    """A prediction matching a regular gold amount is a TP, never absorbed; a second one is."""
    gold = [amount("100亿元", 1e10)]
    optional = [amount("百亿级", 1e10, "about")]
    r = score_quantities("amounts", gold, [amount("100亿元", 1e10)], optional)
    assert r.prf["amounts"] == PRF(1, 0, 0)
    r = score_quantities("amounts", gold, [amount("100亿元", 1e10)] * 2, optional)
    assert r.prf["amounts"] == PRF(1, 0, 0)
    r = score_quantities("amounts", gold, [amount("100亿元", 1e10)] * 3, optional)
    assert r.prf["amounts"] == PRF(1, 1, 0)


def test_amount_value_tolerance_is_relative():
    gold = [amount("1亿元", 1e8)]
    near = score_quantities("amounts", gold, [amount("1亿", 1e8 * (1 + 5e-7))])
    off = score_quantities("amounts", gold, [amount("1亿", 1e8 * (1 + 5e-6))])
    assert (near.prf["amounts"], off.prf["amounts"]) == (PRF(1, 0, 0), PRF(0, 1, 1))


def test_areas_on_square_meters():
    gold = [
        area("1969亩", 1969 * 10000 / 15, subject="占地"),
        area("超3万平方米", 3e4, "over", "建筑面积"),
    ]
    pred = [
        area("1969亩", 1312666.666667, subject="产业园占地"),  # subject only lenient
        area("3万平方米", 3e4, "exact", "建筑面积"),           # qualifier wrong
        area("30公顷", 3e5),                                    # spurious
    ]
    r = score_quantities("areas", gold, pred)
    assert r.prf["areas"] == PRF(2, 1, 0)
    assert r.prf["areas.qualifier"] == PRF(1, 2, 1)
    assert r.prf["areas.subject"] == PRF(1, 2, 1)
    assert r.prf["areas.subject_lenient"] == PRF(2, 1, 0)


# -- signings ------------------------------------------------------------------------------------

GOLD_SIGNINGS = [
    signing(16, ["虚拟现实算力中心", "芯片研发"], ["崂山区政府", ["云天畅想集团", "云天畅想"]],
            ["李维波"], ["显示芯片", "传感器"], date="2023-06-01", place="深圳"),
    signing(None, [], ["青岛市政府", "华为"], [], ["云计算"], date="2023-06-01", place="深圳"),
    signing(3, ["文旅项目"], ["崂山区"], total=5e9),
]


def test_signing_events_and_their_lists():
    pred = [
        # one party in both forms: the second form is a spurious party
        signing(16, ["虚拟现实算力中心"], ["云天畅想", "云天畅想集团", "崂山区政府"],
                ["李维波", "王磊"], ["显示芯片"], date="2023-06-01", place="深圳市"),
        signing(2, [], ["华为技术有限公司"], [], ["云计算"], date="2023-06-01"),
        signing(5, date="2023-07-01"),  # shares nothing with any gold event
    ]
    r = score_signings(GOLD_SIGNINGS, pred)
    assert r.prf["signings"] == PRF(2, 1, 1)
    assert r.acc["signings.project_count"] == Accuracy(1, 2)  # 16 = 16; null ≠ 2
    assert r.prf["signings.projects"] == PRF(1, 0, 1)
    assert r.prf["signings.parties"] == PRF(2, 2, 2)          # #1: 2 tp 1 fp; #2: 0 tp 1 fp 2 fn
    assert r.prf["signings.signatories"] == PRF(1, 1, 0)
    assert r.prf["signings.fields"] == PRF(2, 0, 1)


def test_signing_similarity_prefers_the_event_with_more_evidence():
    # pred shares only date and place with event #1 and #2, but fields with #2 → pairs with #2
    pred = [signing(None, [], [], [], ["云计算"], date="2023-06-01", place="深圳")]
    r = score_signings(GOLD_SIGNINGS, pred)
    assert r.prf["signings"] == PRF(1, 0, 2)
    assert r.acc["signings.project_count"] == Accuracy(1, 1)
    assert signing_similarity(GOLD_SIGNINGS[2], signing(3)) == 1 / 6.25


# -- meta ----------------------------------------------------------------------------------------

GOLD_META = {"title": "青岛签约16个项目", "published_at": "2023-03-24", "event_date": "2023-03-23",
             "place": "青岛国际会议中心", "reporters": ["衣涛"],
             "correspondents": ["杨治峰", "张?"]}


def test_meta_fields_and_bylines():
    pred = {"title": "青岛签约16个项目！", "published_at": "2023-03-24T09:00:00+08:00",
            "event_date": "2023-03-24", "place": "青岛", "reporters": ["衣涛", "王五"],
            "correspondents": ["张坚"],
            "region": {"province": "山东省", "city": "青岛市", "district": "市南区"}}
    gold = {**GOLD_META, "region": {"province": "山东省", "city": "青岛市", "district": None}}
    r = score_meta(gold, pred, [person("张?", ["通讯员"], "journalist", alt=["张坚"])])
    assert {k: a.correct for k, a in r.acc.items()} == {
        "meta.title": 1, "meta.published_at": 1, "meta.event_date": 0,
        "meta.place": 0, "meta.place_lenient": 1, "meta.region": 0,
    }
    assert r.prf["meta.reporters"] == PRF(1, 1, 0)
    assert r.prf["meta.correspondents"] == PRF(1, 0, 1)


def test_meta_null_equals_missing():
    gold = {**GOLD_META, "published_at": None, "event_date": None, "place": None,
            "reporters": [], "correspondents": []}
    r = score_meta(gold, {"title": "青岛签约16个项目"}, [])
    assert all(a == Accuracy(1, 1) for a in r.acc.values())
    assert r.prf["meta.reporters"] == PRF() == r.prf["meta.correspondents"]


# -- whole documents -----------------------------------------------------------------------------

GOLD_DOC = {
    "doc_id": "d", "meta": GOLD_META, "people": GOLD_PEOPLE, "amounts": [amount("1亿元", 1e8)],
    "optional_amounts": [], "areas": [], "signings": GOLD_SIGNINGS[:1],
}


def test_missing_prediction_counts_everything_missed():
    d = score_document(GOLD_DOC, None)
    assert d.status == "missing"
    assert d.prf["people"] == PRF(0, 0, 3)
    assert d.prf["amounts"] == d.prf["signings"] == PRF(0, 0, 1)
    assert d.prf["meta.correspondents"] == PRF(0, 0, 2)
    assert d.acc["meta.title"] == Accuracy(0, 1)


def test_error_record_counts_as_empty():
    record = {"doc_id": "d", "status": "error", "people": GOLD_PEOPLE,
              "amounts": [amount("1亿元", 1e8)]}
    d = score_document(GOLD_DOC, record)
    assert d.status == "error"
    assert (d.prf["people"], d.prf["amounts"]) == (PRF(0, 0, 3), PRF(0, 0, 1))


def test_gold_scored_against_itself_is_perfect():
    record = {**GOLD_DOC, "status": "ok"}
    d = score_document(GOLD_DOC, record)
    assert d.items == []
    assert all(c.fp == c.fn == 0 for c in d.prf.values())
    assert all(a.correct == a.n for a in d.acc.values())
