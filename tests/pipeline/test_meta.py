"""Stage ``meta``: title, outlet, publication date, event date, place, bylines.

Fragments are simplified Chinese as the normalize stage leaves them (half-width
punctuation where the source has it). Each case names its source: an article
of the bundled corpus (``seed``, ``dev0NN``) or ``constructed`` for a form of
the same news register the corpus lacks.
"""

from __future__ import annotations

import json

import pytest

from xinwen.pipeline.doc import Document, Person, SourceInfo, Span
from xinwen.pipeline.resources import load_tsv
from xinwen.pipeline.slots.meta.stage import MetaStage, load_meta_words, places_in
from xinwen.pipeline.slots.meta.byline import byline_names
from tests.conftest import ARTICLES, GOLD

# The seed, rendered as normalization renders it: simplified, pinyin dropped, garbles repaired.
SEED_HEAD = (
    "来源:青岛新闻网\n2023-03-24 06:32:03\n"
    "原标题:16个项目签约,青岛市虚拟现实产业园和人工智能产业园“逐浪”大湾区\n来源: 青岛日报社/观海新闻\n"
    "原标题:16个项目签约,青岛市虚拟现实产业园和人工智能产业园“逐浪”大湾区\n来源: 青岛日报社/观海新闻\n"
)
SEED_LEAD = (
    "青岛日报社/观海新闻3月23日讯 今天下午,由青岛市委主办的产业园推介会在深圳成功举行。"
    "推介会上,虚拟现实算力中心等16个项目签约。\n"
)
SEED_BYLINE = "充满期待。(青岛日报/观海新闻记者 衣涛 通讯员 杨治峰 王廷辉 张绪霞 赵子健)\n"
SEED_BYLINE_GARBLED = (
    "充满期待。(青岛日?qǐng)?bào)/观海新闻?dòng)浾?衣涛 通讯员 杨治峰 王廷辉 张绪霞 赵子健)\n"
)
CORRESPONDENTS = ["杨治峰", "王廷辉", "张绪霞", "赵子健"]


@pytest.fixture(scope="module")
def stage():
    return MetaStage()


def meta_of(stage, text: str, people: list[Person] | None = None, reference: str | None = None):
    doc = Document(doc_id="t", raw=text, source=SourceInfo("", "", "utf-8", "text"), text=text)
    doc.people = people or []
    doc.reference_date = reference
    return stage(doc).meta


def journalist(text: str, name: str, title: str) -> Person:
    start = text.index(name)
    return Person(name, [title], None, "journalist", [Span(start, start + len(name))])


# -- the seed (must show) ---------------------------------------------------------------------
def test_seed_rendering(stage):
    meta = meta_of(stage, SEED_HEAD + SEED_LEAD + SEED_BYLINE)
    assert meta.title == "16个项目签约,青岛市虚拟现实产业园和人工智能产业园“逐浪”大湾区"
    assert meta.outlet == "青岛新闻网"
    assert (meta.published_at, meta.event_date, meta.place) == ("2023-03-24", "2023-03-23", "深圳")
    assert (meta.reporters, meta.correspondents) == (["衣涛"], CORRESPONDENTS)


def test_seed_bylines_come_from_people(stage):
    """With the people stage's journalists present, they are the bylines (in mention order)."""
    text = SEED_HEAD + SEED_LEAD + SEED_BYLINE
    people = [journalist(text, n, "通讯员") for n in reversed(CORRESPONDENTS)] + [
        journalist(text, "衣涛", "记者")
    ]
    meta = meta_of(stage, text, people)
    assert (meta.reporters, meta.correspondents) == (["衣涛"], CORRESPONDENTS)


def test_seed_garbled_byline_fallback(stage):
    meta = meta_of(stage, SEED_HEAD + SEED_LEAD + SEED_BYLINE_GARBLED)
    assert (meta.reporters, meta.correspondents) == (["衣涛"], CORRESPONDENTS)


def test_seed_end_to_end(nlp):
    """The whole raw seed through the default pipeline: the gold meta."""
    raw = (ARTICLES / "seed.txt").read_text(encoding="utf-8")
    doc = nlp(Document(doc_id="seed", raw=raw, source=SourceInfo("", "", "utf-8", "text")))
    gold = json.loads((GOLD / "seed.json").read_text(encoding="utf-8"))["meta"]
    assert {k: getattr(doc.meta, k) for k in gold} == gold
    assert doc.meta.outlet == "青岛新闻网"


# -- titles -----------------------------------------------------------------------------------
CASES_TITLE = [
    # 原标题 (a repost's original headline)
    (
        "来源:青岛新闻网\n2023-03-24 06:32:03\n原标题:16个项目签约,产业园“逐浪”大湾区\n",
        "16个项目签约,产业园“逐浪”大湾区",
        "seed",
    ),
    # 时间戳前的标题行 (the headline line nearest before the stamp; app banners skipped)
    (
        (
            "青岛新闻APP\n\n打开\n\n莱西姜山湿地总部港开工 储能和高端装备智造产业园落地\n\n2023-03-17 19:53    青岛新闻网\n\n"
            "青岛新闻网3月17日讯(记者 陈志伟)今天,姜山湿地总部港项目开工仪式在莱西姜山湿地举行。"
        ),
        "莱西姜山湿地总部港开工 储能和高端装备智造产业园落地",
        "dev019",
    ),
    (
        (
            "新闻中心 > 青岛新闻 > 正文\n\n平度一天内签约两个大项目 现代农贸综合体落户\n\n2019-12-12 11:41 作者:任俊峰 来源:青岛新闻网\n"
            "分享到:\n"
        ),
        "平度一天内签约两个大项目 现代农贸综合体落户",
        "dev016",
    ),
    # 无时间戳:第一条标题行 (no stamp: the first headline line; photo captions skipped)
    (
        (
            "267亿!平度网络签约31个重点招商项目涉9大产业\n△市委书记谢兆村出席主会场\n2月14日上午,“青岛突破平度攻势”—— "
            "2020年平度市“双招双引”重点项目集中签约仪式在市民中心举办,总投资267.2亿元的31个产业项目签约。"
        ),
        "267亿!平度网络签约31个重点招商项目涉9大产业",
        "dev005",
    ),
    (
        "佛北战新产业园乐平片未来这样发展\n近日,佛山市三水区乐平镇第十八届人民代表大会第三次会议拉开帷幕。",
        "佛北战新产业园乐平片未来这样发展",
        "dev042",
    ),
    # 没有标题 (no headline)
    (
        (
            "沈阳市委常委、新民市委书记马原(右一)在沈阳主会场与相关企业进行签约 供图 新民市委宣传部\n"
            "国际在线辽宁频道消息(杨薇):2022年沈阳市首批项目集中签约暨开工活动于2月10日举行。"
        ),
        None,
        "dev031: a photo caption",
    ),
    (
        "[摘要] 在今天下午召开的 2019夏季央企青岛行大会上,青岛再签 14个合作项目,总投资额 537亿。其中,单笔最大投资达 200亿。\n",
        None,
        "dev001: a summary",
    ),
    (
        "中国网北京2月18日讯 山东青岛胶州市2020年“双招双引”重点项目网络集中签约仪式昨日举行。",
        None,
        "dev003",
    ),
]


@pytest.mark.parametrize(
    ("text", "expected", "source"), CASES_TITLE, ids=[c[2] for c in CASES_TITLE]
)
def test_title(stage, text, expected, source):
    assert meta_of(stage, text).title == expected


# -- outlet and publication date --------------------------------------------------------------
CASES_PUBLISHED = [
    (
        "某某晚报 2023年11月9日 星期四 A03版\n标题\n本报讯 昨天上午,签约仪式举行。",
        None,
        "2023-11-09",
        "constructed: a newspaper page header",
    ),
    ("来源:青岛新闻网\n2023-03-24 06:32:03\n正文。", "青岛新闻网", "2023-03-24", "seed"),
    (
        "标题在这里\n2024-02-05 18:21    青岛日报社/观海新闻\n正文。",
        "青岛日报社/观海新闻",
        "2024-02-05",
        "dev021",
    ),
    (
        "青岛新闻网 8月22日讯(记者 崔文静)在今天下午召开的大会上,青岛再签14个合作项目。",
        "青岛新闻网",
        None,
        "dev001",
    ),
    (
        "本报12月3日讯(记者 齐春赞) 12月3日,峰会在青岛国际会议中心举行。",
        None,
        None,
        "dev028: 本报 is no outlet",
    ),
    (
        "新华社青岛2023年5月20日电 20日,跨国公司领导人青岛峰会举行。",
        "新华社青岛",
        "2023-05-20",
        "constructed: a dated dateline",
    ),
    (
        "正文第一句很长很长很长。\n(来源:青岛日报 2021-05-06)",
        None,
        "2021-05-06",
        "constructed: a repost stamp at the foot",
    ),
    (
        "本报讯 昨日,即墨区举行重点项目集中签约仪式。\n（2022年3月16日 青岛日报）",
        None,
        "2022-03-16",
        "constructed: a bracketed date and outlet closing the article",
    ),
    (
        "本报讯 昨日,即墨区举行重点项目集中签约仪式。\n青岛日报 2022年3月16日",
        None,
        "2022-03-16",
        "constructed: an outlet and date closing the article",
    ),
    (
        "本报讯 昨日,即墨区举行签约仪式。\n（记者 张三 摄）\n项目将于2022年5月10日开工,届时举行仪式。",
        None,
        None,
        "constructed: a date in a closing sentence is no stamp",
    ),
    (
        "【大众日报】2020年12月30日\n本报济南12月29日讯 今天,济南市与甲乙集团签约。",
        "大众日报",
        "2020-12-30",
        "constructed: a bracketed outlet before the header date",
    ),
]


@pytest.mark.parametrize(
    ("text", "outlet", "published", "source"), CASES_PUBLISHED, ids=[c[3] for c in CASES_PUBLISHED]
)
def test_outlet_and_published(stage, text, outlet, published, source):
    meta = meta_of(stage, text)
    assert (meta.outlet, meta.published_at) == (outlet, published)


# -- event date -------------------------------------------------------------------------------
CASES_EVENT_DATE = [
    # 电头 + 今天/昨日 (dateline, then a relative word)
    (
        "来源:青岛新闻网\n2023-03-24 06:32:03\n青岛日报社/观海新闻3月23日讯 今天下午,推介会在深圳成功举行。",
        "2023-03-23",
        "seed",
    ),
    (
        "中国网北京2月18日讯 山东青岛胶州市2020年“双招双引”重点项目网络集中签约仪式昨日举行。",
        "2020-02-17",
        "dev003",
    ),
    (
        "青岛新闻网 8月22日讯(记者 崔文静)在今天下午召开的 2019夏季央企青岛行大会上,青岛再签 14个合作项目。",
        "2019-08-22",
        "dev001",
    ),
    # 导语里的日期 (a day in the lead, the year from the stamp or the event edition)
    (
        (
            "标题\n2019-12-12 11:41 来源:青岛新闻网\n青岛新闻网12月12日讯(记者 任俊峰)平度一天内签约两个大项目。"
            "12月11日上午,平度市分别与泉润集团有限公司签订战略合作框架协议。"
        ),
        "2019-12-11",
        "dev016",
    ),
    (
        "2月14日上午,“青岛突破平度攻势”—— 2020年平度市“双招双引”重点项目集中签约仪式在市民中心举办。",
        "2020-02-14",
        "dev005",
    ),
    (
        "国际在线辽宁频道消息(杨薇):2022年沈阳市首批项目集中签约暨开工活动于2月10日举行。",
        "2022-02-10",
        "dev031",
    ),
    # 年份不明 / 模糊 (no year given by the text, or a vague day)
    (
        "早报5月31日讯 5月31日,在青岛市第二季度重点产业项目视频集中签约活动上,10个项目签约。",
        None,
        "dev009",
    ),
    ("日前,泉州市召开首届“海丝”侨商投资贸易大会,洛江区3个项目现场签约。", None, "dev033"),
    ("近日,石龙区在龙河街道大刘村附近举行开工仪式。", None, "dev026"),
    ("本报讯 昨天上午,签约仪式举行。", None, "constructed: no date anywhere, so no day"),
]


@pytest.mark.parametrize(
    ("text", "expected", "source"), CASES_EVENT_DATE, ids=[c[2] for c in CASES_EVENT_DATE]
)
def test_event_date(stage, text, expected, source):
    assert meta_of(stage, text).event_date == expected


def test_event_date_uses_the_callers_reference_date(stage):
    """Without a stamp, ``Document.reference_date`` (e.g. from --reference-date) anchors the text."""
    meta = meta_of(stage, "本报讯 昨天上午,签约仪式举行。", reference="2023-03-24")
    assert meta.event_date == "2023-03-23"


# -- place ------------------------------------------------------------------------------------
CASES_PLACE = [
    ("推介会在深圳成功举行。活动吸引深圳、广州等大湾区企业参与", "深圳", "seed"),
    ("集中签约仪式在市民中心举办,总投资267.2亿元的31个产业项目签约", "市民中心", "dev005"),
    ("今天上午,市委书记曾赞荣在府新大厦会见了潍坊市委书记刘运", "府新大厦", "dev021"),
    ("近日,石龙区在龙河街道大刘村附近举行开工仪式", "龙河街道大刘村附近", "dev026"),
    ("峰会在青岛国际会议中心举行,共促成26个重点文旅项目签约", "青岛国际会议中心", "dev028"),
    ("马原在沈阳主会场与相关企业进行现场签约", "沈阳主会场", "dev031"),
    ("9月8日上午,黄岛区8个项目在区行政中心集中签约", "区行政中心", "constructed"),
    ("论坛于青岛国际会展中心隆重举行", "青岛国际会展中心", "constructed: 于"),
    # 不是地点 (no place)
    ("在今天下午召开的 2019夏季央企青岛行大会上,青岛再签 14个合作项目", None, "dev001: a time"),
    ("在青岛市第二季度重点产业项目视频集中签约活动上,10个项目签约", None, "dev009: an event"),
    ("日前,泉州市召开首届“海丝”侨商投资贸易大会", None, "dev033: an organiser"),
    ("请问,这次宣言是在何地签署的", None, "constructed: a question word"),
]


@pytest.mark.parametrize(
    ("sentence", "expected", "source"), CASES_PLACE, ids=[c[2] for c in CASES_PLACE]
)
def test_place_in_sentence(sentence, expected, source):
    found = places_in(sentence, load_meta_words())
    assert (found[0].name if found else None) == expected


def test_place_only_from_the_lead(stage):
    text = "近日,签约仪式举行。各方代表出席。项目进展顺利。会议强调要抓落实。后来代表团在上海举行座谈。"
    assert meta_of(stage, text).place is None


# -- bylines (fallback when the people stage found no journalist) -----------------------------
CASES_BYLINE = [
    ("标题\n文/陈某某\n正文第一句。", ["陈某某"], [], "constructed: 文/X"),
    (
        "(观海新闻/青岛早报记者 刘海龙通讯员 毕海虹 刘国升)",
        ["刘海龙"],
        ["毕海虹", "刘国升"],
        "dev009",
    ),
    (
        "青岛新闻网3月17日讯(记者 陈志伟 通讯员 王玉程 吕文波 )今天",
        ["陈志伟"],
        ["王玉程", "吕文波"],
        "dev019",
    ),
    ("本报讯(记者马骁)我市重大项目建设", ["马骁"], [], "dev038"),
    ("国际在线辽宁频道消息(杨薇):2022年沈阳市首批项目集中签约", ["杨薇"], [], "dev031"),
    (
        "期待。(青岛日报/观海新闻?动)浾? 衣涛 通讯员 杨治峰)",
        ["衣涛"],
        ["杨治峰"],
        "seed: garbled 记者",
    ),
    ("据记者了解到的情况,项目进展顺利。", [], [], "constructed: 记者 in a sentence"),
    ("记者 王涛 摄\n", ["王涛"], [], "constructed: a photo credit line"),
]


@pytest.mark.parametrize(
    ("text", "reporters", "correspondents", "source"),
    CASES_BYLINE,
    ids=[c[3] for c in CASES_BYLINE],
)
def test_byline_fallback(text, reporters, correspondents, source):
    assert byline_names(text, load_meta_words()) == (reporters, correspondents)


# -- the stage and its table ------------------------------------------------------------------
def test_stage_contract():
    assert (MetaStage.name, MetaStage.requires, MetaStage.assigns) == (
        "meta",
        ("text", "people", "reference_date"),
        ("meta",),
    )


def test_empty_text(stage):
    meta = meta_of(stage, "")
    assert (meta.title, meta.published_at, meta.event_date, meta.place, meta.reporters) == (
        None,
        None,
        None,
        None,
        [],
    )


@pytest.mark.parametrize(
    "row",
    load_tsv("meta_words.tsv", ("kind", "word", "example")),
    ids=lambda r: f"{r['kind']}:{r['word']}",
)
def test_meta_word_table_rows(row):
    """Every row has a known kind and its word in its example; no (kind, word) twice."""
    kinds = {
        "title_marker",
        "outlet_marker",
        "stamp_marker",
        "dateline_suffix",
        "not_outlet",
        "banner",
        "caption_marker",
        "hold_verb",
        "meet_verb",
        "verb_adverb",
        "place_suffix",
        "time_word",
        "self_place",
        "issue_marker",
    }
    assert row["kind"] in kinds
    assert row["word"] in row["example"]


def test_meta_word_table_has_no_duplicates():
    rows = load_tsv("meta_words.tsv", ("kind", "word", "example"))
    pairs = [(r["kind"], r["word"]) for r in rows]
    assert len(pairs) == len(set(pairs))
