"""Subject attribution of draft figures: one row per shape of Chinese news prose (the
sentences are made up for the test, not taken from any article)."""

from __future__ import annotations

import pytest

from kg.extract.lexicon import Term
from kg.extract.subject import SubjectTerms, subject_at

GROUPS = [Term("贫困县", "pinkunxian"), Term("贫困户", "jiandanglika-pinkunhu")]
ENTITIES = [Term("王大山", "person:wangdashan"), Term("李小红", "person:lixiaohong"),
            Term("光伏电站", "project:guangfu-dianzhan"),
            Term("红星食品有限公司", "org:hongxing-shipin-youxian-gongsi"),
            Term("就业岗位", "programme:jiuye-gangwei"),
            Term("脱贫攻坚五大工程", "programme:tuopin-gongjian-wu-da-gongcheng")]
PLACES = [Term("张家村", "place:zhangjiacun"), Term("河西县", "place:hexixian")]
EVERY = [*GROUPS, *ENTITIES, *PLACES]
THINGS = [Term("羊", "project:yang")]
TERMS = SubjectTerms(EVERY, [t for t in EVERY if "五大工程" not in t.label], GROUPS, ENTITIES,
                     THINGS)


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    breaks = "，。；："
    lo = max((i + 1 for i, c in enumerate(text[:start]) if c in breaks), default=0)
    hi = next((i for i in range(end, len(text)) if text[i] in breaks), len(text))
    return lo, hi


@pytest.mark.parametrize(
    ("text", "figure", "place", "expected"),
    [
        # 1. what the number counts or describes, right after it
        ("河西县今年有12个贫困县摘帽。", "12个", "hexixian", "pinkunxian"),
        ("河西县调剂了3万个就业岗位。", "3万个就业岗位", "hexixian", "programme:jiuye-gangwei"),
        ("在张家村，65岁的王大山每天早起。", "65岁", "zhangjiacun", "person:wangdashan"),
        # 2. a level word with no name before the number: the place
        ("张家村位于山区，全村800人都已搬迁。", "800人", "zhangjiacun", "place:zhangjiacun"),
        # 3. the name before the number in its clause
        ("政府帮助王大山从住了30多年的土房搬进新居。", "30多年", "zhangjiacun",
         "person:wangdashan"),
        # 5. a fronted time clause: the subject of the next clause
        ("在完成了两周的培训后，李小红学会了电焊。", "两周", "zhangjiacun",
         "person:lixiaohong"),
        # 6. 企业 with no name: the organisation named last before
        ("红星食品有限公司扩建了厂房。今年企业签下了500吨的订单。", "500吨", "hexixian",
         "org:hongxing-shipin-youxian-gongsi"),
        # 8. a counted name of another clause is not the sentence's subject
        ("河西县累计有4个贫困县退出，贫困发生率下降到1.2%。", "1.2%", "hexixian",
         "place:hexixian"),
        # 8. a rate is not about a name that heads another clause's figure
        ("河西县去年有贫困户1200户，贫困发生率达8.5%。", "8.5%", "hexixian", "place:hexixian"),
        ("河西县去年有贫困户1200户，新修道路30公里。", "30公里", "hexixian",
         "jiandanglika-pinkunhu"),
        # 8. a name that counts its parts is not the subject of the later figures
        ("脱贫攻坚五大工程全面推进，今年修路30公里。", "30公里", "hexixian", "place:hexixian"),
        # a group picked out by what it takes up: the share is about that
        ("全县入股光伏电站的贫困户达30%。", "30%", "hexixian", "project:guangfu-dianzhan"),
        ("全县贫困户达30%。", "30%", "hexixian", "jiandanglika-pinkunhu"),
        ("全县从事光伏电站的贫困户有300户。", "300户", "hexixian", "project:guangfu-dianzhan"),
        # a one-character thing only right after its count
        ("王大山养了14只羊。", "14只", "hexixian", "project:yang"),
        ("王大山的养羊场有14个。", "14个", "hexixian", "person:wangdashan"),
        ("王大山养羊300只。", "300只", "hexixian", "project:yang"),
        # a speaker is not the subject of the figures he reports
        ("县扶贫局局长王大山说，去年全县修路30公里。", "30公里", "hexixian", "place:hexixian"),
        # … except of the figures of his own household
        ("村民王大山说，去年我家收入3万多元。", "3万多元", "hexixian", "person:wangdashan"),
        ("村民王大山说，家庭年收入有5万元。", "5万元", "hexixian", "person:wangdashan"),
        ("县扶贫局局长王大山说，全县贫困家庭有300户。", "300户", "hexixian", "place:hexixian"),
        ("王大山种了30亩花椒。", "30亩", "hexixian", "person:wangdashan"),
        # households counted with what they take up: that industry's figure
        ("今年带动300户贫困户发展光伏电站。", "300户", "hexixian", "project:guangfu-dianzhan"),
        ("今年带动300户贫困户实现增收。", "300户", "hexixian", "jiandanglika-pinkunhu"),
        ("今年带动周边5个乡镇300户贫困户发展光伏电站。", "5个", "hexixian",
         "project:guangfu-dianzhan"),
        # money spent: what the verb of purpose after it names, before the spending county
        ("该县财政投资500万元在张家村建设光伏电站。", "500万元", "hexixian",
         "project:guangfu-dianzhan"),
        ("河西县财政投资500万元，张家村建设光伏电站。", "500万元", "hexixian",
         "place:hexixian"),
        # … or the next clause, when it opens with where or what for
        ("河西县安排资金500万元，在张家村建设光伏电站。", "500万元", "hexixian",
         "project:guangfu-dianzhan"),
        # a pronoun opening a clause: the person named last before it
        ("李小红种了花椒。她把土地流转后，常年在基地打工，每年务工收入3万元。", "3万元",
         "hexixian", "person:lixiaohong"),
        ("李小红种了花椒。今年每年务工收入3万元。", "3万元", "hexixian", "place:hexixian"),
        # 9. nothing named: the place
        ("今年新修道路30公里。", "30公里", "hexixian", "place:hexixian"),
    ],
)
def test_subject_at(text: str, figure: str, place: str, expected: str) -> None:
    start = text.index(figure)
    end = start + len(figure)
    s_lo = max((i + 1 for i, c in enumerate(text[:start]) if c in "。"), default=0)
    term = subject_at(TERMS, text, start, end, _clause(text, start, end), s_lo, place)
    assert term is not None and term.ref == expected
