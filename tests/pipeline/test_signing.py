"""Stage ``signings``: mentions, counts, actors, fields, totals, the merge rule.

Fragments are simplified Chinese as the normalize stage leaves them (half-width
punctuation where the source has it). Each case names its source: an article of
the bundled corpus (``seed``, ``dev0NN``) or ``constructed`` for a form of the
same news register the corpus lacks — these pin that the rules generalise
(no rule exists for one article only).
"""

from __future__ import annotations

import pytest

from xinwen.pipeline.doc import Document, Person, SourceInfo, Span
from xinwen.pipeline.resources import load_tsv
from xinwen.pipeline.slots.meta.stage import MetaStage
from xinwen.pipeline.slots.signing.stage import SigningStage
from xinwen.pipeline.slots.signing.parse import parse_actors
from xinwen.pipeline.slots.signing.rules import WORD_KINDS, expand, load_signing_rules
from xinwen.pipeline.slots.signing.values import fields_in, project_names
from tests.conftest import ARTICLES

RULES = load_signing_rules()


@pytest.fixture(scope="module")
def stages():
    return MetaStage(), SigningStage()


def signings_of(stages, text: str, names: tuple[str, ...] = ()):
    """Meta then signings over a working text; ``names`` stand for the people stage's people."""
    doc = Document(doc_id="t", raw=text, source=SourceInfo("", "", "utf-8", "text"), text=text)
    for name in names:
        start = text.find(name)
        doc.people.append(
            Person(name, ["职务"], None, "official", [Span(start, start + len(name))])
        )
    meta, signing = stages
    return signing(meta(doc)).signings


def only(stages, text: str, names: tuple[str, ...] = ()):
    found = signings_of(stages, text, names)
    assert len(found) == 1, [s.project_count for s in found]
    return found[0]


# -- the seed (must show) ---------------------------------------------------------------------
SEED = (
    "来源:青岛新闻网\n2023-03-24 06:32:03\n"
    "原标题:16个项目签约,青岛市虚拟现实产业园和人工智能产业园“逐浪”大湾区\n来源: 青岛日报社/观海新闻\n"
    "青岛日报社/观海新闻3月23日讯 今天下午,由青岛市委主办的产业园推介会在深圳成功举行。"
    "推介会上,虚拟现实算力中心、高端智能家电控制器与国产化芯片研发等16个项目签约,取得丰硕成果。\n"
    "青岛市崂山区委常委、统战部部长、副区长李维波推介虚拟现实产业园\n"
    "园区首期开工。总投资近百亿元的虚拟现实整机和光学模组项目部分建成投用。\n"
    "推介会上,李维波代表崂山区政府与云天畅想等16个项目签署合作协议,合作领域涉及显示芯片、传感器、AI医疗等产业赛道"
    "以及产业基金、技术创新平台、算力中心等产业支撑领域。\n"
    "重点合作项目签约仪式\n"
    "在项目揭牌环节。青岛市委常委、副市长耿涛为青岛运营中心揭牌。\n"
)
SEED_SENTENCES = (
    "推介会上,虚拟现实算力中心、高端智能家电控制器与国产化芯片研发等16个项目签约,取得丰硕成果。",
    "推介会上,李维波代表崂山区政府与云天畅想等16个项目签署合作协议",
)
SEED_FIELDS = ["显示芯片", "传感器", "AI医疗", "产业基金", "技术创新平台", "算力中心"]


def test_seed_rendering(stages):
    s = only(stages, SEED, names=("李维波", "耿涛"))
    assert s.project_count == 16
    assert s.projects == ["虚拟现实算力中心", "高端智能家电控制器与国产化芯片研发"]
    assert (s.parties, s.signatories, s.fields) == (
        ["崂山区政府", "云天畅想"],
        ["李维波"],
        SEED_FIELDS,
    )
    assert (s.total_investment, s.date, s.place) == (None, "2023-03-23", "深圳")
    spans = [SEED[x.start : x.end] for x in s.spans]
    assert all(any(sentence in span for span in spans) for sentence in SEED_SENTENCES)


def test_seed_end_to_end(nlp):
    """The raw seed through the default pipeline (normalization, people, amounts …)."""
    raw = (ARTICLES / "seed.txt").read_text(encoding="utf-8")
    doc = nlp(Document(doc_id="seed", raw=raw, source=SourceInfo("", "", "utf-8", "text")))
    assert len(doc.signings) == 1
    s = doc.signings[0]
    assert (s.project_count, s.projects) == (
        16,
        ["虚拟现实算力中心", "高端智能家电控制器与国产化芯片研发"],
    )
    assert (s.parties, s.signatories, s.fields) == (
        ["崂山区政府", "云天畅想"],
        ["李维波"],
        SEED_FIELDS,
    )
    assert (s.date, s.place) == ("2023-03-23", "深圳")
    # contract 1.1 (issue 12): the region, and the signatory linked to its person
    shenzhen = {"province": "广东省", "city": "深圳市", "district": None}
    assert (s.region, doc.meta.region, s.venue, s.total_ref) == (shenzhen, shenzhen, None, None)
    signatory = next(i for i, p in enumerate(doc.people) if p.name == "李维波")
    assert s.people_refs == [{"person": signatory, "roles": ["signatory"]}]
    spans = [doc.text[x.start : x.end] for x in s.spans]
    assert any("等16个项目签约,取得丰硕成果" in x for x in spans)
    assert any("李维波代表崂山区政府与云天畅想等16个项目签署合作协议" in x for x in spans)
    raw_spans = [doc.raw_span(x.start, x.end) for x in s.spans]
    assert all(0 <= r.start < r.end <= len(raw) for r in raw_spans)


# -- counts in every order --------------------------------------------------------------------
CASES_COUNT = [
    # 数量在前 (count before the verb)
    ("推介会上,虚拟现实算力中心等16个项目签约,取得丰硕成果。", 16, "seed"),
    ("今天,33个项目进行线上签约,总投资168亿元。", 33, "constructed"),
    ("洛江区3个项目现场签约,涉及生物医药、新能源、电商贸易领域。", 3, "dev033"),
    ("合同引资额达569.35亿元的35个招商引资项目顺利签约。", 35, "dev038"),
    ("峰会在青岛国际会议中心举行,共促成26个重点文旅项目签约,总投资额达到700亿元。", 26, "dev028"),
    # 数量在后 (count after the verb)
    ("本次签约项目21个,总投资312亿元。", 21, "constructed"),
    ("大会共签约重大项目597个,总投资4389亿元。", 597, "constructed"),
    ("平度一天内签约两个大项目。", 2, "dev016: a Chinese numeral"),
    ("据悉,此次集中签约的23个项目,总投资926亿元。", 23, "dev003"),
    ("新民市本次共签约22个项目,投资总额150.7亿元。", 22, "dev031"),
    ("青岛再签 14个合作项目,总投资额 537亿。", 14, "dev001: 再签"),
    ("现场签约30余个项目,总投资超百亿元。", 30, "constructed: 余"),
    # 数量在前一分句 (the count noun phrase of the clause before)
    (
        "仪式在市民中心举办,总投资267.2亿元的31个产业项目,通过“屏对屏”网络签约形式落户。",
        31,
        "dev005",
    ),
    # 没有数量 (no count)
    ("在开工现场,储能和高端装备智造产业园同步签约落地。", None, "dev019"),
    (
        "平度市分别与泉润集团有限公司、山东东方和力投资有限公司签订战略合作框架协议。",
        None,
        "dev016",
    ),
    ("重点合作项目签约仪式", None, "seed: a caption"),
]


@pytest.mark.parametrize(("text", "count", "source"), CASES_COUNT, ids=[c[2] for c in CASES_COUNT])
def test_count(stages, text, count, source):
    assert only(stages, text).project_count == count


def test_count_bound_to_another_verb(stages):
    """dev038: the 87 projects start (开工); the 35 are signed."""
    text = (
        "总投资432.7亿元的87个亿元以上重大项目分别在荆州开发区及各县市区火热开工;"
        "合同引资额达569.35亿元的35个招商引资项目顺利签约,即将落地我市各县市区及功能区。"
    )
    s = only(stages, text)
    assert (s.project_count, s.total_investment, s.projects) == (35, 56935000000.0, [])


# -- what is not a signing --------------------------------------------------------------------
CASES_NOT_SIGNING = [
    # 开工 / 落户 / 敲定
    (
        "6月1日,城阳区12个重点项目集中开工,总投资95亿元。其中,智能制造产业园项目总投资30亿元。",
        "constructed: 开工",
    ),
    ("近日,石龙区在龙河街道大刘村附近举行开发区新材料产业园项目开工仪式。", "dev026: 开工"),
    ("北京沃顿公学教育项目,落户三里河街道办事处,投资金额110亿元。", "dev003: 落户 alone"),
    ("首批12个项目敲定,总投资80亿元。", "constructed: 敲定"),
    # 累计 / 期间 (totals over a period)
    ("今年以来,石龙区新签约项目17个,计划总投资74.97亿元。", "dev026"),
    ("1-4月份,新区签约投资总额1亿元以上产业项目101个,总投资1226亿元;", "dev009"),
    ("截至8月中旬,佛北战新产业园新签项目35个,投资总额达185亿元。", "dev042"),
    ("今年以来累计新签约重点项目77个。", "constructed"),
    ("近年来,全区先后签约项目120个。", "constructed"),
    # 意向 (intention and future)
    ("近期达成签约意向项目投资额达20亿元。", "dev042"),
    ("近日,莱西市与某企业达成签约意向,拟投资建设新能源电池项目。", "constructed"),
    ("双方将于下月签署合作协议。", "constructed"),
    # 只是提到 (named in passing only)
    ("平度市委书记谢兆村在签约仪式上表示,要优化营商环境。", "dev016"),
    ("胶州市领导毕维准、孙震、李宝帅出席签约仪式。", "dev003"),
    ("促进签约项目及时落地投产,携手共创美好明天。", "dev038"),
    (
        "中国五矿集团有限公司同莱西市政府、青岛国投公司达成协议。",
        "dev001: 达成协议 only adds parties",
    ),
    ("据统计,全区去年新签约亿元以上项目200余个。", "constructed: last year's total"),
    ("部长在签署的备忘录中写道,要加强合作。", "constructed: 签署的X names a document"),
    ("根据协议,双方将在新能源、新材料等领域开展合作。", "constructed: terms alone"),
]


@pytest.mark.parametrize(
    ("text", "source"), CASES_NOT_SIGNING, ids=[c[1] for c in CASES_NOT_SIGNING]
)
def test_not_a_signing(stages, text, source):
    assert signings_of(stages, text) == []


def test_ceremony_without_count_is_a_signing(stages):
    s = only(
        stages,
        "中国网北京2月18日讯 山东青岛胶州市2020年“双招双引”重点项目网络集中签约仪式昨日举行。",
    )
    assert (s.project_count, s.date) == (None, "2020-02-17")


def test_collective_signing_named_after_its_period(stages):
    """A period word names the edition of a collective signing: still a signing."""
    s = only(
        stages, "今天上午,青岛西海岸新区2023年一季度重点项目集中签约活动举行,本次签约项目21个。"
    )
    assert s.project_count == 21


# -- actors: projects, parties, signatories ---------------------------------------------------
CASES_ACTORS = [
    # 代表 (on behalf of)
    (
        "李维波代表崂山区政府与云天畅想等16个项目",
        ("李维波",),
        [],
        ["崂山区政府", "云天畅想"],
        ["李维波"],
        "seed",
    ),
    # 枚举项目 (an enumeration of projects)
    (
        "虚拟现实算力中心、高端智能家电控制器与国产化芯片研发等16个项目",
        (),
        ["虚拟现实算力中心", "高端智能家电控制器与国产化芯片研发"],
        [],
        [],
        "seed",
    ),
    (
        "北船重工海洋新材料产业园、蜜桔科技跨境电商运营中心等总投资69亿元的10个项目",
        (),
        ["北船重工海洋新材料产业园", "蜜桔科技跨境电商运营中心"],
        [],
        [],
        "dev009",
    ),
    (
        "同一个屏幕中,来自上海、深圳、温州、哈尔滨等多个城市的31个项目",
        (),
        [],
        [],
        [],
        "dev005: cities, not projects",
    ),
    # A与B (two sides)
    (
        "平度市分别与泉润集团有限公司、山东东方和力投资有限公司",
        (),
        [],
        ["平度市", "泉润集团有限公司", "山东东方和力投资有限公司"],
        [],
        "dev016",
    ),
    (
        "现场,洛江区政府分别与福建宝树堂药业发展有限公司、光大(福建)食品有限公司,就“宝树堂医药健康产业园项目”“光大电商产业园项目”进行",
        (),
        ["宝树堂医药健康产业园项目", "光大电商产业园项目"],
        ["洛江区政府", "福建宝树堂药业发展有限公司", "光大(福建)食品有限公司"],
        [],
        "dev033",
    ),
    (
        "马原与国电投北京时远科技有限公司董事长程发彬就新民全域供排水一体化项目进行现场",
        ("马原", "程发彬"),
        ["新民全域供排水一体化项目"],
        ["国电投北京时远科技有限公司"],
        ["马原", "程发彬"],
        "dev031",
    ),
    (
        "沈阳市委常委、新民市委书记马原(右一)在沈阳主会场与相关企业进行",
        ("马原",),
        [],
        [],
        ["马原"],
        "dev031: a caption",
    ),
    (
        "青岛开发区投资建设集团有限公司与中国交通建设股份有限公司全资子集团中交一公局集团有限公司,",
        (),
        [],
        ["青岛开发区投资建设集团有限公司", "中交一公局集团有限公司"],
        [],
        "dev001: a subsidiary",
    ),
    (
        "市委书记王军、华能集团董事长刘国跃分别代表双方",
        ("王军", "刘国跃"),
        [],
        ["华能集团"],
        ["王军", "刘国跃"],
        "constructed",
    ),
    ("工行上海市分行与同济大学", (), [], ["工行上海市分行", "同济大学"], [], "constructed"),
    # 主语 (the subject alone)
    ("新民市本次共", (), [], ["新民市"], [], "dev031"),
    ("储能和高端装备智造产业园同步", (), ["储能和高端装备智造产业园"], [], [], "dev019"),
    ("魏鹏通过视频连线进行现场集中", ("魏鹏",), [], [], ["魏鹏"], "dev031"),
    ("△市人民政府与投资企业", (), [], ["市人民政府"], [], "dev005: a generic counterpart"),
    ("青岛再", (), [], [], [], "dev001: a bare city is no party"),
    ("中国派出的经贸代表团同美方", (), [], [], [], "constructed: 代表团 is no 代表"),
    # 代表两地政府 (the represented side after both people)
    (
        "甲区区长王一与乙区副区长李二代表两地政府",
        ("王一", "李二"),
        [],
        [],
        ["王一", "李二"],
        "constructed",
    ),
    # 省略主语 (the subject of the clause before: X在Y举办推介会,现场与Z签约)
    (
        "某某合作区管理局在会议展览中心举办投资推介会,现场与香港机构",
        (),
        [],
        ["某某合作区管理局"],
        [],
        "constructed: a collective counterpart dropped",
    ),
    # 列表尾 (what follows a side's list)
    (
        "管委会副主任赵三代表某新区管委会,分别与甲科技有限公司、乙半导体有限公司等企业代表",
        ("赵三",),
        [],
        ["某新区管委会", "甲科技有限公司", "乙半导体有限公司"],
        ["赵三"],
        "constructed",
    ),
    (
        "管理局局长助理钱四与某商会会长孙五先生等代表",
        ("钱四", "孙五"),
        [],
        [],
        ["钱四", "孙五"],
        "constructed: an honorific; an association title gives no party",
    ),
    (
        "甲区管委会副主任周六与某大学科技处处长吴七分别代表双方",
        ("周六", "吴七"),
        [],
        [],
        ["周六", "吴七"],
        "constructed: 科技处 is no company",
    ),
]


@pytest.mark.parametrize(
    ("chunk", "names", "projects", "parties", "signatories", "source"),
    CASES_ACTORS,
    ids=[c[5] for c in CASES_ACTORS],
)
def test_actors(chunk, names, projects, parties, signatories, source):
    a = parse_actors(chunk, list(names), RULES)
    assert (a.projects, a.parties, a.signatories) == (projects, parties, signatories)


# -- project names in following paragraphs ----------------------------------------------------
CASES_PROJECT_NAMES = [
    (
        "尤其值得一提的是,青岛恒星科技城项目,落户上合示范区,投资金额300亿元",
        ["青岛恒星科技城项目"],
        "dev003",
    ),
    (
        "投资金额8亿元、计划占地513亩的“齐鲁号”欧亚经贸上合产业园项目,落户胶北街道办事处",
        ["“齐鲁号”欧亚经贸上合产业园项目"],
        "dev003",
    ),
    ("富力新城 CBD项目,落户三里河街道办事处", ["富力新城CBD项目"], "dev003: spaces dropped"),
    ("第二大投资项目为“中车四方智汇港”,中车集团有限公司独资", ["中车四方智汇港"], "dev001"),
    (
        "除 200亿项目外,还有 50亿的“姜山新城产城融合项目”和 10亿的“莱西市 5 . 0中性硼硅药用玻璃项目”",
        ["姜山新城产城融合项目", "莱西市5.0中性硼硅药用玻璃项目"],
        "dev001",
    ),
    (
        "其中,由青岛市民营经济发展局牵线引荐、总投资66亿元的众创产城(青岛)基地项目,将建设智能家电产业园",
        ["众创产城(青岛)基地项目"],
        "dev005",
    ),
    (
        "其中内资项目16个投资额772亿元,外资项目7个投资额154亿元,投资额过百亿的项目5个",
        [],
        "dev003: classes",
    ),
    (
        "在姜山湿地总部港项目开工的同时,储能和高端装备智造产业园同步签约落地",
        [],
        "dev019: a project that starts",
    ),
    ("全市投资5000万元以上的重点文旅项目达到128个", [], "dev028"),
]


@pytest.mark.parametrize(
    ("sentence", "expected", "source"), CASES_PROJECT_NAMES, ids=[c[2] for c in CASES_PROJECT_NAMES]
)
def test_project_names(sentence, expected, source):
    assert project_names(sentence, RULES) == expected


def test_projects_from_following_paragraphs(stages):
    """dev003: paragraphs after the signing that open with a project are its projects."""
    text = (
        "据悉,此次集中签约的23个项目,总投资926亿元,涵盖智能制造、医养健康、精品旅游等诸多新兴产业。\n"
        "尤其值得一提的是,青岛恒星科技城项目,落户上合示范区,投资金额300亿元。\n"
        "龙湖商业综合体项目,落户中云街道办事处,投资金额100亿元。\n"
        "会议强调,要抓好项目落地。北京某某学校项目也在推进。\n"
        "青岛西部物流园项目,落户胶北街道办事处。\n"
    )
    s = only(stages, text)
    assert s.projects == ["青岛恒星科技城项目", "龙湖商业综合体项目"]
    assert s.fields == ["智能制造", "医养健康", "精品旅游"]


def test_lone_project_total(stages):
    """dev019: a signing of one project takes that project's own total."""
    text = (
        "在姜山湿地总部港项目开工的同时,储能和高端装备智造产业园同步签约落地。"
        "储能和高端装备制造产业园项目投资总额30亿元,规划建筑面积34万平方米。"
    )
    s = only(stages, text)
    assert (s.projects, s.total_investment) == (["储能和高端装备智造产业园"], 3000000000.0)


# -- fields -----------------------------------------------------------------------------------
CASES_FIELDS = [
    (
        "合作领域涉及显示芯片、传感器、AI医疗等产业赛道以及产业基金、技术创新平台、算力中心等产业支撑领域。",
        SEED_FIELDS,
        "seed",
    ),
    (
        "涉及新一代信息技术、智能装备、文化创意及现代农业等9大产业领域。",
        ["新一代信息技术", "智能装备", "文化创意", "现代农业"],
        "dev005",
    ),
    (
        "涵盖智能制造、医养健康、精品旅游等诸多附加效益高、受众范围广的新兴产业",
        ["智能制造", "医养健康", "精品旅游"],
        "dev003",
    ),
    (
        "洛江区3个项目现场签约,涉及生物医药、新能源、电商贸易领域,总投资额60亿元。",
        ["生物医药", "新能源", "电商贸易"],
        "dev033",
    ),
    (
        "此外,微电子、高端制造、产城融合+乡村振兴等多个领域均有项目签约。",
        ["微电子", "高端制造", "产城融合+乡村振兴"],
        "dev001",
    ),
    (
        "同美方签署了包括航空、石化、电力电站等领域的经贸和技术合作合同和协议",
        ["航空", "石化", "电力电站"],
        "constructed",
    ),
    ("签约项目聚焦高端装备、新材料等产业。", ["高端装备", "新材料"], "constructed"),
    ("涉及金额100亿元。", [], "constructed: no list"),
]


@pytest.mark.parametrize(
    ("sentence", "expected", "source"), CASES_FIELDS, ids=[c[2] for c in CASES_FIELDS]
)
def test_fields(sentence, expected, source):
    assert fields_in(sentence, RULES) == expected


# -- totals -----------------------------------------------------------------------------------
CASES_TOTAL = [
    ("总投资267.2亿元的31个产业项目通过网络签约落户。", 26720000000.0, "dev005"),
    ("新民市本次共签约22个项目,投资总额150.7亿元。", 15070000000.0, "dev031"),
    (
        "此次集中签约的23个项目,总投资926亿元,其中内资项目16个投资额772亿元。",
        92600000000.0,
        "dev003: not a part",
    ),
    ("青岛再签 14个合作项目,总投资额 537亿。其中,单笔最大投资达 200亿。", 53700000000.0, "dev001"),
    ("16个项目签约,取得丰硕成果。", None, "seed: none written"),
]


@pytest.mark.parametrize(
    ("text", "expected", "source"), CASES_TOTAL, ids=[c[2] for c in CASES_TOTAL]
)
def test_total(stages, text, expected, source):
    assert only(stages, text).total_investment == expected


def test_exact_total_wins_over_approximate_headline(stages):
    text = (
        "西海岸新区重点项目集中签约 21个项目总投资超300亿元\n"
        "本报讯 今天上午,新区重点项目集中签约活动举行。本次签约项目21个,总投资312亿元。"
    )
    assert only(stages, text).total_investment == 31200000000.0


# -- the merge rule ---------------------------------------------------------------------------
def test_headline_summary_and_detail_merge(stages):
    """dev016: headline, lead, detail, caption and a passing reference are one signing."""
    text = (
        "平度一天内签约两个大项目 现代农贸综合体落户\n2019-12-12 11:41 来源:青岛新闻网\n项目签约仪式。\n"
        "青岛新闻网12月12日讯(记者 任俊峰)平度一天内签约两个大项目。12月11日上午,平度市分别与泉润集团有限公司、"
        "山东东方和力投资有限公司签订战略合作框架协议,现代农贸综合体、新东方外国语学校项目落户平度。\n"
        "平度现代农贸综合体项目计划三年内在平度市建设三个现代农贸综合体,总投资10亿元。\n"
        "平度市委书记谢兆村在签约仪式上表示,投资青岛就是投资国家战略。\n"
    )
    s = only(stages, text)
    assert (s.project_count, s.date, len(s.spans)) == (2, "2019-12-11", 5)
    assert s.projects == ["现代农贸综合体", "新东方外国语学校项目"]
    assert s.parties == ["平度市", "泉润集团有限公司", "山东东方和力投资有限公司"]
    assert s.total_investment is None


def test_different_counts_are_different_signings(stages):
    text = (
        "本报讯 9月8日上午,黄岛区8个项目在区行政中心集中签约,总投资60亿元。"
        "当天下午,在开发区管委会,又有5个项目现场签约,总投资21亿元。"
    )
    found = signings_of(stages, text)
    assert [(s.project_count, s.total_investment, s.place, s.venue) for s in found] == [
        (8, 6000000000.0, "黄岛区", "区行政中心"),
        (5, 2100000000.0, "黄岛区", "开发区管委会"),  # the area of the article, its own venue
    ]


def test_a_part_does_not_split_the_whole(stages):
    text = "本次签约项目21个,总投资312亿元。其中,现场签约项目8个。"
    s = only(stages, text)
    assert (s.project_count, len(s.spans)) == (21, 2)


def test_projects_named_as_objects(stages):
    """签约X项目 / 签署X项目投资协议 name the project after the verb."""
    text = (
        "重大项目集中签约活动今天举行,共签约项目12个。"
        "签约仪式上,赵三代表某高新区管委会与甲科技有限公司签约某某量子计算产业基地项目;"
        "钱四代表市政府与乙集团签署华中区域总部项目投资协议。"
    )
    s = only(stages, text, names=("赵三", "钱四"))
    assert s.projects == ["某某量子计算产业基地项目", "华中区域总部项目"]
    assert s.parties == ["某高新区管委会", "甲科技有限公司", "市政府", "乙集团"]


def test_projects_a_party_will_build(stages):
    """In a sentence on the signed projects, what a party will set up or build."""
    text = (
        "某区管理局与香港六家机构签约合作项目六个。签约项目中,一家资产管理公司将设立一只产业并购基金;"
        "一家物流企业将在园区建设冷链物流中心,建筑面积约3万平方米。"
    )
    assert only(stages, text).projects == ["产业并购基金", "冷链物流中心"]


def test_terms_of_the_agreement_add_fields(stages):
    text = "某高新区管委会与某电信公司签署战略合作协议。根据协议,双方将在算力网络、智慧城市等领域开展合作。"
    s = only(stages, text)
    assert (s.fields, len(s.spans)) == (["算力网络", "智慧城市"], 2)


def test_short_and_long_writings_of_a_party_merge(stages):
    """A headline's short names and the body's full ones are one agreement; so is a second
    agreement the same party signs at that meeting (会上,甲区还分别与…签订…)."""
    text = (
        "甲区与乙区签订战略合作框架协议\n"
        "某市甲区人民政府与某市乙区人民政府今天签订战略合作框架协议。"
        "会上,甲区还分别与丙大学、丁大学签订产学研合作协议。"
    )
    s = only(stages, text)
    assert s.parties == ["某市甲区人民政府", "某市乙区人民政府", "丙大学", "丁大学"]


def test_the_counted_signings_own_total(stages):
    """An individual project's exact sum does not replace the approximate total of all."""
    text = (
        "3月28日上午,重大项目集中签约活动举行,签约项目21个,计划总投资约415亿元。"
        "签约仪式上,赵三代表管委会与甲科技有限公司签约某基地项目,该项目总投资80亿元。"
    )
    assert only(stages, text, names=("赵三",)).total_investment == 41500000000.0


def test_two_bilateral_agreements_stay_apart(stages):
    text = (
        "上午,市政府与中国华能集团有限公司签署战略合作框架协议。"
        "下午,区政府与青岛啤酒股份有限公司签订投资合作协议。"
    )
    found = signings_of(stages, text)
    assert [s.parties for s in found] == [
        ["市政府", "中国华能集团有限公司"],
        ["区政府", "青岛啤酒股份有限公司"],
    ]


def test_signatories_and_the_place_most_mentions_name(stages):
    """dev031: several venues; the place most sentences name; people from the people stage."""
    text = (
        "国际在线辽宁频道消息(杨薇):2022年沈阳市首批项目集中签约暨开工活动于2月10日举行。"
        "新民市本次共签约22个项目,投资总额150.7亿元。\n"
        "沈阳市委常委、新民市委书记马原在沈阳主会场与相关企业进行现场签约。新民市领导魏鹏参加会议。\n"
        "在沈阳主会场,马原与国电投北京时远科技有限公司董事长程发彬就新民全域供排水一体化项目进行现场签约。"
        "在新民分会场,魏鹏通过视频连线进行现场集中签约。\n"
    )
    s = only(stages, text, names=("马原", "魏鹏", "程发彬"))
    assert (s.project_count, s.date, s.place, s.venue) == (22, "2022-02-10", "沈阳", "沈阳主会场")
    assert s.region == {"province": "辽宁省", "city": "沈阳市", "district": None}
    assert s.signatories == ["马原", "程发彬", "魏鹏"]
    assert s.parties == ["新民市", "国电投北京时远科技有限公司"]


# -- known gaps -------------------------------------------------------------------------------
CASES_XFAIL = [
    (
        "潍坊市党政考察团来青考察 签订青潍同城化发展战略合作协议",
        "parties",
        [["青岛市", "潍坊市"]],
        "dev021: the parties hide in the abbreviation 青潍",
    ),
    (
        "本次峰会签约项目业态丰富,一批超级文创IP、研学旅游、影视制作等时尚前沿项目百花齐放。",
        "fields",
        [["超级文创IP", "研学旅游", "影视制作"]],
        "dev028: a class of projects read as fields",
    ),
]


@pytest.mark.parametrize(
    ("text", "attribute", "expected", "reason"), CASES_XFAIL, ids=[c[3] for c in CASES_XFAIL]
)
@pytest.mark.xfail(strict=True, reason="known gap, see the case's reason")
def test_known_gaps(stages, text, attribute, expected, reason):
    assert [getattr(s, attribute) for s in signings_of(stages, text)] == expected


# -- the stage and its tables -----------------------------------------------------------------
def test_stage_contract():
    assert (SigningStage.name, SigningStage.requires, SigningStage.assigns) == (
        "signings",
        ("text", "people", "entities", "amounts", "meta"),
        ("signings",),
    )


@pytest.mark.parametrize(
    "row",
    load_tsv("signing_patterns.tsv", ("id", "kind", "pattern", "example")),
    ids=lambda r: r["id"],
)
def test_pattern_table_rows(row):
    """Every pattern matches its own example (the loader also refuses one that does not)."""
    import re

    assert re.search(expand(row["pattern"]), row["example"])


@pytest.mark.parametrize(
    "row",
    load_tsv("signing_words.tsv", ("kind", "word", "example")),
    ids=lambda r: f"{r['kind']}:{r['word']}",
)
def test_word_table_rows(row):
    assert row["kind"] in WORD_KINDS
    assert row["word"] in row["example"]
