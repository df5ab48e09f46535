"""Land and floor areas (issue 4): parse_area, every unit, qualifiers, subjects, negatives.

Square metres are checked by hand: 1 亩 = 10000/15 m², 1 公顷 = 1e4 m², 1 平方公里 = 1e6 m²,
1 坪 = 3.3058 m² (issue 4 and the contract), 1 英亩 = 4046.8564224 m² (international acre).
"""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xinwen.pipeline.doc import Document, SourceInfo
from xinwen.pipeline.slots.area import AreaGrammar, AreaStage, parse_area
from xinwen.pipeline.grammar.context import NegativeRules
from xinwen.pipeline.grammar.numbers import QUALIFIERS, NumberGrammar

MU = 10000 / 15


@pytest.fixture(scope="module")
def stage() -> AreaStage:
    return AreaStage()


CASES_UNITS = [
    # one row per unit of area_units.tsv (issue 4 lists 亩 万亩 平方米 平米 万平方米 公顷 平方公里 坪;
    # the rest are written for this module): (text, value, unit, square metres)
    ("1969亩", 1969, "亩", 1969 * MU),
    ("2万亩", 2, "万亩", 2e4 * MU),
    ("两万亩", 2, "万亩", 2e4 * MU),
    ("500平方米", 500, "平方米", 500),
    ("120平米", 120, "平米", 120),
    ("80㎡", 80, "㎡", 80),
    ("35万平方米", 35, "万平方米", 35e4),
    ("6万平米", 6, "万平米", 6e4),
    ("3万㎡", 3, "万㎡", 3e4),
    ("1.2亿平方米", 1.2, "亿平方米", 1.2e8),
    ("12公顷", 12, "公顷", 12e4),
    ("1.5万公顷", 1.5, "万公顷", 1.5e8),
    ("8.13平方公里", 8.13, "平方公里", 8.13e6),
    ("15平方千米", 15, "平方千米", 15e6),
    ("2km²", 2, "km²", 2e6),
    ("1.2万平方公里", 1.2, "万平方公里", 1.2e10),
    ("30坪", 30, "坪", 30 * 3.3058),
    ("1万坪", 1, "万坪", 33058),
    ("20英亩", 20, "英亩", 20 * 4046.8564224),
    ("一千五百亩", 1500, "亩", 1500 * MU),
    ("四十六亩", 46, "亩", 46 * MU),
    ("5·7亩", 5.7, "亩", 5.7 * MU),
]

CASES_QUALIFIERS = [
    # issue 4 qualifiers on areas (corpus/gold: 约150亩 about, 约1300余亩 about, 190多亩 over)
    ("约150亩", "about", 150, None),
    ("约1300余亩", "about", 1300, None),
    ("190多亩", "over", 190, None),
    ("1300余亩", "over", 1300, None),
    ("超5000亩", "over", 5000, None),
    ("逾5000亩", "over", 5000, None),
    ("近2万亩", "nearly", 2, None),
    ("近千亩", "nearly", 1000, None),
    ("上千公顷", "over", 1000, None),
    ("不到1平方公里", "under", 1, None),
    ("90平方米以下", "under", 90, None),
    ("10万平方米以上", "over", 10, None),
    ("200-300亩", "range", 200, 300),
    ("8至10万平方米", "range", 8, 10),
]


@pytest.mark.issue(4)
@pytest.mark.parametrize("text,value,unit,m2", CASES_UNITS, ids=[c[0] for c in CASES_UNITS])
def test_units(text, value, unit, m2):
    parsed = parse_area(text)
    assert parsed is not None
    assert (parsed.value, parsed.unit) == (pytest.approx(value), unit)
    assert parsed.square_meters == pytest.approx(m2, rel=1e-12)


@pytest.mark.issue(4)
@pytest.mark.parametrize("text,qualifier,value,value_max", CASES_QUALIFIERS, ids=[c[0] for c in CASES_QUALIFIERS])
def test_qualifiers(text, qualifier, value, value_max):
    parsed = parse_area(text)
    assert (parsed.qualifier, parsed.value, parsed.value_max) == (qualifier, value, value_max)


def test_every_unit_of_the_table_has_a_case():
    tested = {parse_area(text).unit for text, *_ in CASES_UNITS}
    assert tested == set(AreaGrammar(NumberGrammar()).units)


CASES_SUBJECTS = [
    # (source, text, [(area text, subject)])
    ("seed", "高标准加快建设占地1969亩,总投资300亿元的青岛市虚拟现实产业园,着力从高端引领",
     [("1969亩", "青岛市虚拟现实产业园占地")]),
    ("dev001", "农村片区改造, 3000亩电子信息与数字创意产业园,文旅大健康产业园的规划设计",
     [("3000亩", "电子信息与数字创意产业园")]),
    ("dev003", "龙湖商业综合体项目,落户中云街道办事处,投资金额100亿元,计划占地约150亩,打造西部城区特色商业综合体。",
     [("约150亩", "龙湖商业综合体项目计划占地")]),
    ("dev003", "投资金额100亿元的中南高科·胶西智造产业园项目,落户胶西街道办事处,占地500亩,规划建筑面积35万平方米,将打造",
     [("500亩", "中南高科·胶西智造产业园项目占地"), ("35万平方米", "中南高科·胶西智造产业园项目规划建筑面积")]),
    ("dev003", "投资金额8亿元、计划占地513亩的“齐鲁号”欧亚经贸上合产业园项目,落户胶北街道办事处。",
     [("513亩", "“齐鲁号”欧亚经贸上合产业园项目计划占地")]),
    ("dev019", "依托2万亩姜山湿地及莱西市优质文旅资源,姜山湿地总部港项目将打造湿地生态度假目的地",
     [("2万亩", "姜山湿地")]),
    ("dev019", "储能和高端装备制造产业园项目投资总额30亿元,规划建筑面积34万平方米,",
     [("34万平方米", "储能和高端装备制造产业园项目规划建筑面积")]),
    ("dev033", "项目一期规划商业用地面积50亩、工业用地30亩,总建筑面积10万平方米,布局中药饮片",
     [("50亩", "规划商业用地面积"), ("30亩", "工业用地"), ("10万平方米", "总建筑面积")]),
    ("dev033", "光大电商产业园项目\n项目占地面积约42亩,建筑面积约13万平方米,拟通过增资扩产",
     [("约42亩", "占地面积"), ("约13万平方米", "建筑面积")]),
    ("dev042", "据了解,佛北战新产业园乐平片面积为79.2平方公里,占佛北战新产业园三水片区约33.7%。",
     [("79.2平方公里", "佛北战新产业园乐平片面积")]),
    ("dev042", "其中,佛山国家高新区大同湖科技产业园8.13平方公里土地已被市政府列为佛北战新产业园起步区。",
     [("8.13平方公里", "佛山国家高新区大同湖科技产业园土地")]),
    ("dev042", "乐平片区共推动园区内邦普三期、天元汇邦等5宗工业用地出让,总出让面积达502.9亩,计划投资总额89.8亿元",
     [("502.9亩", "总出让面积")]),
]

CASES_NEW_SUBJECTS = [
    # written for this module (not from the corpus): (text, [(area, subject)])
    ("新区规划面积12.5平方公里，其中起步区3平方公里。", [("12.5平方公里", "新区规划面积"), ("3平方公里", "起步区")]),
    ("项目总用地约300亩，其中一期用地150亩，二期占地150亩。",
     [("约300亩", "总用地"), ("150亩", "一期用地"), ("150亩", "二期占地")]),
    ("该园区总面积约5.2平方公里，已入驻企业120余家。", [("约5.2平方公里", "总面积")]),
    ("总建筑面积约8万平米，总投资约6亿元。", [("约8万平米", "总建筑面积")]),
    ("项目占地约50公顷，总投资1.2亿欧元。", [("约50公顷", "占地")]),
    ("全市完成造林面积206·9万公顷。", [("206·9万公顷", "造林面积")]),
]

CASES_GENERALISATION = [
    # generalisation, issue 4: our own sentences for the area failure classes of the held-out
    # review (no held-out text is used); (class, text, [(area, subject)])
    # 7 · the measured thing stands alone before the figure, or after a governing verb
    ("7", "其中东区产业组团60平方公里，西区组团40平方公里。",
     [("60平方公里", "东区产业组团"), ("40平方公里", "西区组团")]),
    ("7", "同步配套建设检测中心约3公顷。", [("约3公顷", "检测中心")]),
    ("7", "新建标准化厂房12万平方米。", [("12万平方米", "新建标准化厂房")]),
    ("7", "全年完成农村危房改造35万平方米。", [("35万平方米", "农村危房改造")]),
    ("7", "新增城市公园绿地超过500公顷。", [("超过500公顷", "新增城市公园绿地")]),
    ("7", "新增设施农业8000亩。", [("8000亩", "新增设施农业")]),
    # 7 · the predicate of the topic clause is not part of the owner
    ("7", "国际会展中心选址滨海新城，占地约20公顷，建筑面积15万平方米。",
     [("约20公顷", "国际会展中心占地"), ("15万平方米", "国际会展中心建筑面积")]),
    ("7", "金港新材料项目落户临港产业园，新建厂房8万平米。", [("8万平米", "金港新材料项目新建厂房")]),
    # 6 · the owner comes from the named topic of the clause chain, not from a generic one
    ("6", "海泰医疗器械产业园项目总投资25亿元，规划用地三百二十亩。",
     [("三百二十亩", "海泰医疗器械产业园项目规划用地")]),
    ("6", "滨江新区陆域面积120平方公里，海域面积80平方公里。",
     [("120平方公里", "滨江新区陆域面积"), ("80平方公里", "滨江新区海域面积")]),
    ("6", "该园区位于城市北部，占地约800亩。", [("约800亩", "占地")]),
    ("7", "高新区已建成区面积20平方公里。", [("20平方公里", "高新区已建成区面积")]),  # 建成 inside a word
    ("7", "胶州湾新区规划面积46平方公里，其中核心区12平方公里。",
     [("46平方公里", "胶州湾新区规划面积"), ("12平方公里", "胶州湾新区核心区")]),
]

CASES_NOT_AREAS = [
    ("dev042", "2022年,乐平计划新建、扩建道路19条,新建污水管网35.6公里,夯实园区发展之基。"),
    ("dev026", "(1亩≈666.67平方米)"),
    ("new", "每亩补贴500元"),
    ("new", "种植面积数千亩"),
    ("new", "实施千亩良田工程"),  # a magnitude without a digit or qualifier is an adjective
    ("new", "草坪、停机坪"),
]


@pytest.mark.parametrize("source,text,expected", CASES_SUBJECTS, ids=[f"{c[0]}:{c[1][:10]}" for c in CASES_SUBJECTS])
def test_subjects(stage, source, text, expected):
    assert [(a.text, a.subject) for a in stage.find(text)] == expected


@pytest.mark.parametrize("text,expected", CASES_NEW_SUBJECTS, ids=[c[0][:10] for c in CASES_NEW_SUBJECTS])
def test_new_subjects(stage, text, expected):
    assert [(a.text, a.subject) for a in stage.find(text)] == expected


@pytest.mark.issue(4)
@pytest.mark.parametrize("case,text,expected", CASES_GENERALISATION,
                         ids=[f"{c[0]}:{c[1][:10]}" for c in CASES_GENERALISATION])
def test_generalisation(stage, case, text, expected):
    assert [(a.text, a.subject) for a in stage.find(text)] == expected


@pytest.mark.parametrize("source,text", CASES_NOT_AREAS, ids=[f"{c[0]}:{c[1][:10]}" for c in CASES_NOT_AREAS])
def test_not_areas(stage, source, text):
    assert stage.find(text) == []


def test_unit_definition_note_is_left_out(stage):
    """dev026: 规划总用地面积190多亩(1亩≈666.67平方米) holds one area, not three."""
    text = "规划总用地面积190多亩(1亩≈666.67平方米),总建筑面积15万平方米,主要包括"
    assert [(a.text, a.qualifier, a.subject) for a in stage.find(text)] == [
        ("190多亩", "over", "规划总用地面积"), ("15万平方米", "exact", "总建筑面积")]


def test_seed_area_is_not_a_year_or_an_amount(stage):
    """issue 4: 1969 in 1969亩 is an area, not a year."""
    (area,) = stage.find("高标准加快建设占地1969亩,总投资300亿元的青岛市虚拟现实产业园")
    assert (area.value, area.unit, area.square_meters) == (1969, "亩", pytest.approx(1312666.6666666667))


@pytest.mark.parametrize("rule", [r for r in NegativeRules().rules if r.applies != "money"],
                         ids=lambda r: r.id)
def test_negative_rule_examples(stage, rule):
    assert stage.find(rule.example) == [], rule.reason


@pytest.mark.parametrize("text", AreaGrammar(NumberGrammar()).pattern.examples)
def test_pattern_examples_parse(text):
    assert parse_area(text) is not None


@pytest.mark.parametrize("text", AreaGrammar(NumberGrammar()).pattern.counterexamples)
def test_pattern_counterexamples(stage, text):
    assert stage.find(text) == []


def test_stage_fills_document(stage):
    doc = Document("t", raw="占地500亩", source=SourceInfo("t", "", "utf-8", "text"), text="占地500亩")
    assert [(a.value, a.subject) for a in stage(doc).areas] == [(500, "占地")]
    assert (stage.name, stage.requires, stage.assigns) == ("areas", ("text",), ("areas",))


@settings(deadline=None, max_examples=200)
@given(st.integers(min_value=1, max_value=10**6), st.sampled_from(["亩", "平方米", "公顷", "平方公里", "坪"]))
def test_round_trip(n, unit):
    parsed = parse_area(f"{n}{unit}")
    assert (parsed.value, parsed.unit) == (n, unit)


@settings(deadline=None, max_examples=300)
@given(st.text(alphabet="0123456789.万亩平方米公顷里坪约余多≈=（）(),，。占地面积", max_size=40))
def test_no_exception_and_sound_spans(stage, text):
    for area in stage.find(text):
        assert text[area.span.start:area.span.end] == area.text
        assert area.qualifier in QUALIFIERS and area.square_meters > 0
