"""Sentence patterns of county poverty-alleviation news, written for the generator.

Each pattern is a small function of a :class:`Scene` (the article's county, its townships and
villages, the year, a :class:`~kg.bench.figures.Pen` that records every figure it writes). The
patterns follow the field's reporting habits (易地扶贫搬迁, 光伏扶贫, 产业扶贫, 公益岗位,
培训就业, funds in 万元/亿元 with planned ≥ pooled ≥ spent, areas in 亩, 户 and 人 side by side,
ranges, approximations, 其中 parts and 占比 shares consistent with their wholes). They are this
project's own wording, not quotations of any article.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from kg.bench.figures import Pen

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"  # noqa: E501
GIVEN = "建国志明海涛永刚红梅晓东丽娟国庆卫东春生文华建军秀英玉兰桂芳德胜俊杰振华宏伟世庆保平明提芳芳"  # noqa: E501
TITLES = ("县委书记", "县长", "县委副书记", "副县长", "县委常委、组织部长", "县扶贫办主任",
          "县人社局局长", "县农业农村局局长", "乡党委书记", "镇长")
CROPS = ("小杂粮", "中药材", "马铃薯", "核桃", "红枣", "花椒", "苹果", "茶叶", "食用菌", "蔬菜",
         "油用牡丹", "中蜂")
LIVESTOCK = (("生猪", "头"), ("肉牛", "头"), ("湖羊", "只"), ("种羊", "只"), ("蛋鸡", "只"))
PROJECTS = ("中药材加工厂", "扶贫车间", "冷链物流中心", "农产品交易市场", "光伏电站",
            "粮食烘干中心", "电商服务中心", "标准化养殖场")
JOB_KINDS = ("保洁", "护林", "护路", "水管", "村级协管", "爱心洗衣房", "孝善食堂")
TRAININGS = ("驾驶员", "烹饪", "面点", "家政服务", "电工", "焊工", "育婴员", "养老护理")
SLOGANS = ("聚焦精准发力", "强化责任落实", "夯实产业支撑", "拓宽增收渠道", "补齐民生短板",
           "巩固脱贫成果", "激发内生动力", "织密兜底保障网", "做好后续扶持", "提升服务水平")
PROGRAMME_NAMES = ("易地扶贫搬迁", "光伏扶贫", "产业扶贫", "就业扶贫", "教育扶贫", "健康扶贫",
                   "生态扶贫", "金融扶贫", "消费扶贫")


@dataclass
class Scene:
    """What one article is about, and the pen that writes its figures."""

    rng: random.Random
    pen: Pen
    county: str
    towns: tuple[str, ...]
    villages: tuple[tuple[str, str], ...]  # (township, village)
    year: int

    def town(self) -> str:
        return self.rng.choice(self.towns) if self.towns else self.county

    def village(self) -> str:
        if not self.villages:
            return self.town()
        town, village = self.rng.choice(self.villages)
        return town + village

    def person(self) -> str:
        name = self.rng.choice(SURNAMES) + "".join(self.rng.sample(GIVEN, self.rng.choice([1, 2])))
        return self.rng.choice(TITLES) + name

    def when(self) -> str:
        return self.rng.choice(["今年", "今年以来", f"{self.year}年", "去年以来",
                                f"{self.year - self.rng.randint(2, 4)}年以来", "截至目前"])

    def pick(self, options: tuple[str, ...], k: int = 1) -> str:
        return "、".join(self.rng.sample(options, k))


Pattern = Callable[[Scene], str]


# -- 易地扶贫搬迁 ------------------------------------------------------------------------
def relocation_total(s: Scene) -> str:
    p = s.pen
    return (f"{s.when()},{s.county}共实施易地扶贫搬迁{p.count('户', 'household', 300, 9000)}"
            f"{p.count('人', 'person', 1000, 30000)},"
            f"建成集中安置点{p.count('个', 'item', 3, 40, False)}。")


def relocation_demolish(s: Scene) -> str:
    p = s.pen
    return (f"严格执行“一户一宅、住新拆旧”政策,"
            f"完成拆除{p.count('个村', 'village', 20, 200, False)},"
            f"复垦土地{p.mu(500, 5000)},土地增减挂交易{p.mu(300, 3000, False)}。")


def relocation_site(s: Scene) -> str:
    p = s.pen
    return (f"在{s.village()}安置点配套建设扶贫车间{p.count('个', 'item', 1, 8, False)},"
            f"吸纳搬迁群众就业{p.count('人', 'person', 50, 600)},"
            f"人均月工资{p.yuan(1500, 4000, 100)}。")


def relocation_fund(s: Scene) -> str:
    p = s.pen
    return (f"统筹后续扶持资金{p.wan_yuan(500, 9000)},用于安置点{s.pick(PROJECTS)}建设,"
            f"让搬迁群众“搬得出、稳得住、能致富”。")


# -- 光伏扶贫 --------------------------------------------------------------------------
def solar_stations(s: Scene) -> str:
    p = s.pen
    return (f"全县建成村级光伏电站{p.count('座', 'building', 10, 300, False)},"
            f"覆盖贫困村{p.count('个', 'village', 10, 200, False)},"
            f"{s.when()}实现光伏收益{p.wan_yuan(300, 8000)}。")


def solar_jobs(s: Scene) -> str:
    p = s.pen
    jobs = p.count("个", "job", 500, 12000, False)
    return (f"利用光伏收益开发{s.pick(JOB_KINDS, 2)}等公益岗位{jobs},"
            f"每人每年补助{p.yuan(3000, 8000, 500, False)}。")


def solar_income(s: Scene) -> str:
    p = s.pen
    return (f"{s.town()}光伏扶贫项目带动{p.count('户', 'household', 100, 3000)}贫困户,"
            f"户均年增收{p.yuan(1000, 3000, 100)}。")


# -- 产业扶贫 --------------------------------------------------------------------------
def crop_area(s: Scene) -> str:
    p = s.pen
    crop = s.rng.choice(CROPS)
    return (f"全县{crop}种植面积达到{p.mu(5000, 600000)},"
            f"每亩平均收入{p.yuan(800, 4000, 100)}。")


def crop_subsidy(s: Scene) -> str:
    p = s.pen
    crop = s.rng.choice(CROPS)
    return (f"对种植{crop}的贫困户每亩补助{p.yuan(100, 600, 50, False)},"
            f"带动{p.count('户', 'household', 200, 8000)}农户发展产业。")


def livestock(s: Scene) -> str:
    p = s.pen
    animal, form = s.rng.choice(LIVESTOCK)
    return (f"投资{p.wan_yuan(200, 5000, False)}建设{p.count(form, 'head', 500, 50000, False)}"
            f"{animal}养殖项目,带动农民增收致富。")


def processing_plant(s: Scene) -> str:
    p = s.pen
    return (f"在{s.town()}投资{p.yi_yuan(0.3, 6)}建设{s.rng.choice(PROJECTS)}"
            f"{p.count('座', 'building', 1, 3, False)},"
            f"年加工能力{p.count('吨', 'tonne', 1000, 20000, False)}。")


def parks(s: Scene) -> str:
    p = s.pen
    lo = s.rng.randrange(100, 600, 100)
    first = p.wan_range(lo, lo + 100, 100)
    second = p.wan_range(lo + 600, lo + 700, 100)
    return (f"突出抓好{p.count('个', 'item', 5, 30, False)}乡镇农业产业园区建设,"
            f"对每个园区项目扶持资金从去年的{first}增加到{second}。")


def enterprises(s: Scene) -> str:
    p = s.pen
    return (f"培育省级龙头企业{p.count('家', 'enterprise', 2, 12, False)}、"
            f"市级龙头企业{p.count('家', 'enterprise', 5, 30, False)},"
            f"组建农村经济合作社{p.count('个', 'item', 50, 600, False)}。")


def cooperatives(s: Scene) -> str:
    p = s.pen
    members = p.count("名", "person", 2000, 60000, False)
    whole = p.last
    part = p.part_of(whole, 0.2, 0.6)
    return (f"{members}社员参加合作社劳动,人均增收{p.yuan(300, 1500, 10, False)},"
            f"其中贫困户社员{p.exact(part, '人', 'person')},"
            f"人均增收{p.yuan(400, 1800, 10, False)}。")


# -- 公益岗位 --------------------------------------------------------------------------
def welfare_jobs(s: Scene) -> str:
    p = s.pen
    jobs = p.count("人", "person", 300, 5000, False)
    whole = p.last
    part = p.part_of(whole, 0.5, 0.95)
    return (f"开发{s.pick(JOB_KINDS, 2)}等公益性岗位安置{jobs},"
            f"其中贫困户就业{p.exact(part, '人', 'person')},人均月工资{p.yuan(800, 2000, 100)}。")


def temporary_jobs(s: Scene) -> str:
    p = s.pen
    return (f"县内企业提供临时性岗位{p.count('个', 'job', 300, 6000)},"
            f"“春风行动”实现就业{p.count('人', 'person', 200, 3000)}。")


# -- 培训就业 --------------------------------------------------------------------------
def training_share(s: Scene) -> str:
    p = s.pen
    total = p.count("人", "person", 2000, 30000, False)
    whole = int(p.last.value)
    part = p.part_of(p.last, 0.2, 0.8)
    share = p.share(part, whole)
    return (f"{s.when()},累计完成{s.pick(TRAININGS, 2)}等技能培训{total},"
            f"其中贫困劳动力{p.exact(part, '人', 'person')},占比{share}。")


def migrant_work(s: Scene) -> str:
    p = s.pen
    return (f"帮助群众外出务工{p.count('人', 'person', 3000, 40000)}、县内务工"
            f"{p.count('人', 'person', 1000, 20000)},人均月工资{p.yuan(2000, 5000, 100)}。")


def labour_subsidy(s: Scene) -> str:
    p = s.pen
    return (f"对省内、省外务工群众每人分别补贴{p.yuan(300, 800, 100, False)}、"
            f"{p.yuan(900, 1500, 100, False)},"
            f"成立务工协会{p.count('个', 'item', 20, 400, False)}。")


def workshops(s: Scene) -> str:
    p = s.pen
    return (f"建成扶贫车间{p.count('个', 'item', 3, 60, False)},吸纳贫困劳动力"
            f"{p.count('人', 'person', 100, 3000)}就近就业。")


# -- 兜底、防返贫 ------------------------------------------------------------------------
def unlifted(s: Scene) -> str:
    p = s.pen
    return (f"对{p.count('户', 'household', 100, 3000, False)}"
            f"{p.count('名', 'person', 300, 8000, False)}"
            f"未脱贫人口逐户研判,坚持“一户一案、一户一策”。")


def monitoring(s: Scene) -> str:
    p = s.pen
    return (f"健全防止返贫监测机制,将边缘易致贫户{p.count('户', 'household', 100, 3000, False)}"
            f"{p.count('人', 'person', 300, 8000, False)}纳入监测,"
            f"兜底保障{p.count('户', 'household', 50, 900, False)}。")


def relief(s: Scene) -> str:
    p = s.pen
    times = p.count("人次", "person_time", 500, 5000, False)
    whole_times = p.last
    money = p.wan_yuan(50, 500, False)
    part_times = p.part_of(whole_times, 0.3, 0.8)
    part_money = max(1, int(p.last.value / 10000 * Decimal(str(s.rng.uniform(0.3, 0.8)))))
    return (f"实施临时救助{times}{money},其中建档立卡贫困户"
            f"{p.exact(part_times, '人次', 'person_time')}{p.wan_exact(part_money)}。")


def housing(s: Scene) -> str:
    p = s.pen
    return (f"实施危房改造“动态保障”,对符合条件的{p.count('户', 'household', 50, 1500, False)}"
            f"危改户全部改造完成,全县农村安全饮水率达到{p.percent(Decimal(100))}。")


# -- 教育、健康 -------------------------------------------------------------------------
def schools(s: Scene) -> str:
    p = s.pen
    return (f"启动建设标准化幼儿园{p.count('所', 'school', 2, 20, False)}、"
            f"小学{p.count('所', 'school', 1, 6, False)},发放教育资助资金{p.wan_yuan(100, 3000)},"
            f"惠及学生{p.count('人次', 'person_time', 1000, 30000)}。")


def health(s: Scene) -> str:
    p = s.pen
    rate = Decimal(str(round(s.rng.uniform(85, 99.9), 1)))
    return (f"开展健康扶贫“家庭医生签约”服务,签约{p.count('人', 'person', 2000, 50000)},"
            f"签约率达到{p.percent(rate)}。")


def hospital(s: Scene) -> str:
    p = s.pen
    return (f"投资{p.yi_yuan(1, 9)}的{s.county}人民医院正式投用,设置床位"
            f"{p.count('张', 'bed', 200, 900, False)}、"
            f"日诊量{p.count('人次', 'person_time', 500, 3000, False)}。")


# -- 资金 ------------------------------------------------------------------------------
def funds(s: Scene) -> str:
    p = s.pen
    planned = Decimal(str(round(s.rng.uniform(1.5, 9), 2)))
    pooled = (planned * Decimal(str(round(s.rng.uniform(0.6, 0.95), 2)))).quantize(Decimal("0.01"))
    spent = (pooled * Decimal(str(round(s.rng.uniform(0.4, 0.9), 2)))).quantize(Decimal("0.01"))
    return (f"新增财力优先保障脱贫攻坚,{s.when()}安排专项扶贫资金{p.yi_yuan(0.5, 3)},已全部拨付;"
            f"计划整合资金{p.yi_exact(planned)},已整合{p.yi_exact(pooled)}、支出{p.yi_exact(spent)}。")


def credit(s: Scene) -> str:
    p = s.pen
    return (f"累计发放扶贫小额信贷{p.wan_yuan(1000, 30000)},"
            f"惠及贫困户{p.count('户', 'household', 500, 9000)}。")


def village_economy(s: Scene) -> str:
    p = s.pen
    return (f"整顿软弱涣散村党组织{p.count('个', 'item', 5, 40, False)},"
            f"{p.count('名', 'person', 10, 80, False)}机关干部到村担任第一书记。")


# -- 工作推进 (meetings, people; numbers that are names or dates) ------------------------
def meetings(s: Scene) -> str:
    p = s.pen
    return (f"召开县委常委会{p.count('次', 'times', 3, 20, False)}、脱贫攻坚领导小组会议"
            f"{p.count('次', 'times', 3, 20, False)},精准实施“{s.rng.randint(1000, 9999)}”年度计划,"
            f"县级领导每周{p.stated('至少两天', 2, 'at_least', 'day')}在一线督导。")


def officials(s: Scene) -> str:
    return (f"{s.person()}、{s.person()}深入{s.town()}调研"
            f"{s.rng.choice(PROGRAMME_NAMES)}工作,要求各乡镇压实责任、细化措施。")


def poverty_rate(s: Scene) -> str:
    p = s.pen
    before = Decimal(str(round(s.rng.uniform(8, 30), 1)))
    after = Decimal(str(round(s.rng.uniform(0.1, 2.9), 2)))
    return (f"全县贫困发生率由{p.percent(before)}下降到{p.percent(after)},"
            f"{p.count('个', 'village', 20, 200, False)}贫困村全部退出。")


THEMES: dict[str, tuple[Pattern, ...]] = {
    "易地扶贫搬迁": (relocation_total, relocation_demolish, relocation_site, relocation_fund,
                     workshops, housing),
    "光伏扶贫": (solar_stations, solar_jobs, solar_income, welfare_jobs, funds),
    "产业扶贫": (crop_area, crop_subsidy, livestock, processing_plant, parks, enterprises,
                 cooperatives, credit),
    "公益岗位": (welfare_jobs, temporary_jobs, solar_jobs, migrant_work),
    "培训就业": (training_share, migrant_work, labour_subsidy, workshops, temporary_jobs),
    "兜底保障": (unlifted, monitoring, relief, housing, schools, health, hospital),
    "脱贫攻坚": (funds, meetings, poverty_rate, unlifted, village_economy, credit),
}
GENERAL: tuple[Pattern, ...] = (meetings, officials, funds, poverty_rate, village_economy)

HEADLINES: dict[str, tuple[str, ...]] = {
    "易地扶贫搬迁": ("打好易地扶贫搬迁收官战", "做好易地搬迁后续扶持", "让搬迁群众稳得住能致富"),
    "光伏扶贫": ("光伏扶贫点亮增收路", "用好光伏收益 带动群众增收",
                 "光伏电站成为村集体的“阳光存折”"),
    "产业扶贫": ("多渠道兴办产业 夯实增收基础", "特色产业铺就致富路", "产业园区带动群众增收"),
    "公益岗位": ("公益岗位托底保就业", "开发公益岗位 稳住群众收入", "公益岗位让贫困群众家门口就业"),
    "培训就业": ("积极实施培训就业 多方拓宽增收渠道", "技能培训助力稳定就业", "人人持证 技能兴县"),
    "兜底保障": ("织密兜底保障网 防止返贫致贫", "“两不愁三保障”提质增效", "筑牢民生底线"),
    "脱贫攻坚": ("奋起决战脱贫攻坚 打好收官战", "巩固拓展脱贫攻坚成果", "决战决胜脱贫攻坚"),
}
LEADS: tuple[str, ...] = (
    "近年来,{county}认真落实习近平总书记关于扶贫工作的重要论述,把{theme}作为脱贫攻坚的重要抓手,",
    "{when},{county}县委、县政府坚持以脱贫攻坚统揽经济社会发展全局,聚焦{theme},",
    "今年是脱贫攻坚决战决胜之年,{county}紧盯目标任务,全力推进{theme}工作,",
)
ENUMERATORS = ("一是", "二是", "三是", "四是", "五是", "六是")
