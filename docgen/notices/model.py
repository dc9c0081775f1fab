"""Plain records of the notices domain: a cluster entry, Article 19's grounds.

The city order, the measures' name, the issuer and the recipients are the programme's
(schemas/programme.yaml, `docgen.catalogue.programme()`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# 第十九条 撤销情形 (陕工信发〔2023〕89号), by item numeral.
GROUNDS: dict[str, str] = {
    "一": "有效期满未申请复核或经复核未通过",
    "二": "发现虚假申报或存在违法违规行为",
    "三": "未及时报送集群年度培育情况信息表，不接受、不配合监测监督工作",
    "四": "集群发生主导产业、空间范围、运营管理机构变更等重大变动未及时更新报备",
    "五": "集群企业发生较大及以上安全、质量和环境污染等事故，重大及以上网络安全事件和数据安全事件，"
          "以及偷税漏税、违法违规、严重失信和其它重大问题的行为",
}

REVIEW_RESULTS = ("通过", "未通过")


@dataclass(frozen=True)
class ClusterEntry:
    city: str
    county: str
    cluster_name: str
    leading_industry: str
    ground: str = ""  # revocation: "第十九条（三）"
    result: str = ""  # review: 通过 / 未通过

    @property
    def ground_item(self) -> str:
        """The item numeral of the ground, "三" for "第十九条（三）"."""
        return self.ground[self.ground.index("（") + 1:self.ground.index("）")] if "（" in self.ground else ""


def date_text(d: date) -> str:
    """成文日期 as GB/T 9704 writes it: Arabic numerals, full year, no zero padding."""
    return f"{d.year}年{d.month}月{d.day}日"
