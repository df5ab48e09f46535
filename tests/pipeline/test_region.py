"""The gazetteer (pipeline/grammar/region.py) and the event place rules (meta/place.py).

Place names outside the corpus on purpose: counties of several provinces, municipalities,
Hong Kong and Taiwan, autonomous units. Sentences are written for these tests.
"""
from __future__ import annotations

import pytest

from xinwen.pipeline.doc import Document, SourceInfo
from xinwen.pipeline.slots.meta.stage import MetaStage
from xinwen.pipeline.grammar.region import load_gazetteer

G = load_gazetteer()


def region_of(phrase: str, hints: set[str] | None = None):
    chain = G.parse(phrase, hints)
    return (chain.place, G.region(chain.code)) if chain else None


def R(province, city=None, district=None):
    return {"province": province, "city": city, "district": district}


@pytest.mark.parametrize(
    ("phrase", "place", "region"),
    [
        ("云南省大理白族自治州宾川县", "宾川县", R("云南省", "大理白族自治州", "宾川县")),
        ("安徽省黄山市歙县", "歙县", R("安徽省", "黄山市", "歙县")),
        ("四川阆中", "阆中", R("四川省", "南充市", "阆中市")),
        ("江苏昆山", "昆山", R("江苏省", "苏州市", "昆山市")),
        ("河南省信阳市固始县", "固始县", R("河南省", "信阳市", "固始县")),
        ("天津市滨海新区", "滨海新区", R("天津市", "天津市", "滨海新区")),
        ("北京", "北京", R("北京市", "北京市")),
        ("重庆市万州区", "万州区", R("重庆市", "重庆市", "万州区")),
        ("上海浦东新区", "浦东新区", R("上海市", "上海市", "浦东新区")),
        ("香港", "香港", R("香港特别行政区")),
        ("高雄市", "高雄市", R("台湾省", "高雄市")),
        ("内蒙古鄂尔多斯市准格尔旗", "准格尔旗", R("内蒙古自治区", "鄂尔多斯市", "准格尔旗")),
        ("广西柳州", "柳州", R("广西壮族自治区", "柳州市")),
        ("青岛西海岸新区", "青岛西海岸新区", R("山东省", "青岛市", "黄岛区")),
        ("即墨市", "即墨市", R("山东省", "青岛市", "即墨区")),  # a former county-level city
        ("东莞", "东莞", R("广东省", "东莞市")),  # a city without districts
    ],
)
def test_parse_resolves_places_across_provinces(phrase, place, region):
    from xinwen.pipeline.slots.meta.place import parse_place

    chain = parse_place(phrase, G, set())
    assert chain is not None
    assert (chain.place, G.region(chain.code)) == (place, region)


@pytest.mark.parametrize(
    ("phrase", "place", "district"),
    [("平度", "平度", "平度市"), ("平度经济开发区", "平度经济开发区", "平度市"), ("莱西姜山", "莱西", "莱西市")],
)
def test_two_character_county_short_forms_need_their_city_around(phrase, place, district):
    from xinwen.pipeline.slots.meta.place import parse_place

    assert parse_place(phrase, G, set()) is None
    qingdao = set(G.ancestors(G.parse("青岛").code))
    chain = parse_place(phrase, G, qingdao)
    assert (chain.place, G.region(chain.code)["district"]) == (place, district)


def test_shared_names_follow_the_hints():
    fuzhou = G.parse("福州").code
    assert G.region(G.parse("鼓楼区", set(G.ancestors(fuzhou))).code)["city"] == "福州市"
    nanjing = G.parse("南京").code
    assert G.region(G.parse("鼓楼区", set(G.ancestors(nanjing))).code)["city"] == "南京市"


@pytest.mark.parametrize(
    "phrase",
    ["会议中心", "国际会展中心", "广阳岛会议中心", "合作项目", "东方明珠"],
)
def test_no_place_where_none_is_written(phrase):
    """Venues, a district's short form with no city around it, and short forms that are words."""
    assert G.parse(phrase) is None


def test_scan_keeps_district_short_forms_and_stop_words_out_of_running_text():
    text = "双方合作建设东方新城项目,南岸企业代表和云霄县代表参加"
    assert [h.text for h in G.scan(text)] == ["云霄县"]


def test_every_alias_names_a_unit_and_every_unit_a_parent():
    for unit in G.units.values():
        assert unit.parent is None or unit.parent in G.units
    assert all(code in G.units for codes in G.names.values() for code in codes)


def meta_of(text: str):
    doc = Document(doc_id="t", raw=text, source=SourceInfo("", "", "utf-8", "text"), text=text)
    return MetaStage()(doc).meta


@pytest.mark.parametrize(
    ("text", "place", "venue", "rule"),
    [
        # held: 在X举行 with an area opening X; the hall is the venue
        ("6月3日,全省招商推介会在昆明国际会展中心举行。", "昆明", "昆明国际会展中心", "place.held"),
        ("昨天,新春项目签约仪式在宾川县文化中心举行。", "宾川县", "文化中心", "place.held"),
        ("8日,30个项目在柳州成功签约。", "柳州", None, "place.held"),
        # bracket: an area in brackets in the event's name
        ("5日,第三届山海协作(歙县)项目对接会举行,12个项目签约。", "歙县", None, "place.bracket"),
        # event: the host named in the reporting sentence
        ("阆中市昨日举行重点项目集中签约仪式,签约项目18个。", "阆中市", None, "place.event"),
        ("记者从昆山市获悉,该市9个项目集中签约。", "昆山市", None, "place.event"),
        # dateline
        ("本报宜宾5月6日电 当天,8个项目集中签约。", "宜宾", None, "place.dateline"),
        # a venue without an area, then the dateline gives it
        ("新华社福州4月2日电 签约仪式在国际会展中心举行,5个项目签约。", "福州", "国际会展中心", "place.dateline"),
    ],
)
def test_event_place_rules(text, place, venue, rule):
    meta = meta_of(text)
    assert (meta.place, meta.venue, meta.rules.get("place")) == (place, venue, rule)
    assert meta.region is not None


@pytest.mark.parametrize(
    "text",
    [
        # an area inside a company's name, a slogan, a party committee: none is the place
        "昨天,柳州五菱汽车有限公司与一家企业签署合作协议。",
        "“江苏制造走出去”项目对接会昨天举行,5个项目签约。",
        "云南省委常委出席签约仪式,8个项目签约。",
        "玉溪集团(香港)投资有限公司与一家企业签订合作协议。",
    ],
)
def test_counterexamples_give_no_place(text):
    assert meta_of(text).place is None


def test_self_city_is_the_first_area_of_the_body():
    text = "昨天上午,我市与一家设计院签订战略合作协议。\n会上,宜宾市领导表示欢迎。"
    meta = meta_of(text)
    assert (meta.place, meta.rules["place"]) == ("宜宾市", "place.self")


def test_every_place_rule_id_is_a_row_and_the_stage_emits_only_those():
    import re
    from pathlib import Path

    from xinwen.pipeline.resources import load_tsv

    rows = {r["id"] for r in load_tsv("place_rules.tsv", ("id", "description", "example"), key="id")}
    source = (Path(__file__).parents[2] / "pipeline/slots/meta/place.py").read_text(encoding="utf-8")
    assert set(re.findall(r'"(place\.[a-z]+)"', source)) == rows


def test_every_emitted_rule_id_is_a_data_row(nlp):
    """meta.rules and Signing.rule/rules over the whole development corpus name table rows."""
    from pathlib import Path

    from xinwen.pipeline.batch import extract
    from xinwen.pipeline.resources import load_tsv
    import io
    import json

    rows = {r["id"] for r in load_tsv("place_rules.tsv", ("id", "description", "example"))}
    rows |= {r["id"] for r in load_tsv("signing_value_rules.tsv", ("id", "description", "example"))}
    rows |= {r["id"] for r in load_tsv("signing_patterns.tsv", ("id", "kind", "pattern", "example"))}
    rows |= {r["id"] for r in load_tsv(
        "meta_rules.tsv", ("id", "field", "kind", "pattern", "examples", "counterexamples"))}
    rows |= {r["id"] for r in load_tsv(
        "people_rules.tsv", ("id", "kind", "pattern", "examples", "counterexamples"))}
    out = io.StringIO()
    extract([str(Path(__file__).parents[2] / "corpus/articles")], out, nlp=nlp)
    emitted = set()
    for line in out.getvalue().splitlines():
        record = json.loads(line)
        emitted |= set(record["meta"].get("rules", {}).values())
        for s in record["signings"]:
            emitted |= set(s["rules"]) | ({s["rule"]} if s["rule"] else set())
    assert emitted and emitted <= rows, emitted - rows
