"""The cluster list and notice settings the notice tests share (a module: `from conftest import`
would pick whichever conftest another test folder loaded last)."""

from __future__ import annotations

from datetime import date

CLUSTERS = [
    {"city": "宝鸡市", "county": "凤翔区", "cluster_name": "凤翔区白酒产业集群", "leading_industry": "白酒酿造",
     "ground": "第十九条（三）", "result": "通过"},
    {"city": "西安市", "county": "鄠邑区", "cluster_name": "鄠邑区汽车零部件产业集群", "leading_industry": "汽车零部件",
     "ground": "第十九条（一）", "result": "未通过"},
    {"city": "韩城市", "county": "韩城市", "cluster_name": "韩城市花椒产业集群", "leading_industry": "花椒深加工",
     "ground": "第十九条（四）", "result": "通过"},
    {"city": "杨凌示范区", "county": "杨陵区", "cluster_name": "杨陵区A&B<种业>产业集群", "leading_industry": "现代种业",
     "ground": "第十九条（五）", "result": "通过"},
    {"city": "西安市", "county": "高陵区", "cluster_name": "高陵区新能源商用车产业集群", "leading_industry": "新能源汽车",
     "ground": "第十九条（二）", "result": "通过"},
]
# City order of the data dictionary, then as given.
ORDERED_NAMES = ["鄠邑区汽车零部件产业集群", "高陵区新能源商用车产业集群", "凤翔区白酒产业集群",
                 "杨陵区A&B<种业>产业集群", "韩城市花椒产业集群"]
KINDS = ["publicity", "announcement", "annual-call", "review", "revocation"]
DOC_NUMBER = "陕工信发〔2026〕7号"
NOTICE_DATE = date(2026, 3, 5)
