"""The wording of each notice kind's template, paragraph by paragraph (role, text with Jinja tags).

`build_templates.py` writes these into forms/notices/<kind>.docx; after that the .docx is the
source a clerk re-words in Word. Roles: title, recipients, body, h1 (一、 黑体), h2 (（一） 楷体),
note (附件说明), signature, date, blank. `{%p … %}` paragraphs are docxtpl's paragraph-level tags.
"""

from __future__ import annotations

from docgen.catalogue import programme

_CLOSING = [
    ("blank", ""),
    ("note", "附件：{{ attachment_note }}"),
    ("blank", ""),
    ("blank", ""),
    ("blank", ""),
    ("signature", "{{ issuer }}"),
    ("date", "{{ date_text }}"),
]

_CONTACT = [
    ("body", "{%p if contact %}"),
    ("body", "联系方式：{{ contact }}"),
    ("body", "{%p endif %}"),
]

WORDING: dict[str, list[tuple[str, str]]] = {
    "publicity": [
        ("title", "{{ title }}"),
        ("blank", ""),
        ("body", "根据{{ measures }}和{{ year }}年度省级中小企业特色产业集群申报工作安排，经县级中小企业主管部门"
                 "申报、设区市中小企业主管部门推荐、专家评审，拟认定{{ cluster_count }}个集群为{{ year }}年度陕西省"
                 "中小企业特色产业集群。现将名单予以公示（见附件），接受社会监督。"),
        ("body", "公示期间，对名单有异议的，请以书面形式实名向省工业和信息化厅反映，并提供必要的佐证材料。"
                 "单位提出异议的，须在书面材料上加盖本单位公章；个人提出异议的，须签署真实姓名并注明联系方式。"
                 "匿名异议不予受理。"),
        ("body", "公示时间：{{ period_start }}至{{ period_end }}（{{ period_days }}个工作日）。"),
        *_CONTACT,
        *_CLOSING,
    ],
    "announcement": [
        ("title", "{{ title }}"),
        ("blank", ""),
        ("recipients", "{{ recipients }}："),
        ("body", "根据{{ measures }}，经县级中小企业主管部门申报、设区市中小企业主管部门推荐、专家评审和公示，"
                 "现将{{ year }}年度陕西省中小企业特色产业集群名单（共{{ cluster_count }}个）予以公布（见附件）。"
                 "有关要求通知如下："),
        ("h1", "一、做大做强特色产业集群"),
        ("body", "各集群要聚焦主导产业，发挥运营管理机构作用，推动集群内中小企业专业化、特色化发展，"
                 "不断提升集群竞争力和影响力。"),
        ("h1", "二、强化市县规划和政策支持"),
        ("body", "各设区市、县（市、区）要将集群培育纳入本地产业发展规划，在政策、资金、要素保障等方面给予支持。"),
        ("h1", "三、按时填报年度培育情况"),
        ("body", f"市级中小企业主管部门要持续跟踪集群发展情况，组织集群于每年{programme().deadline_text}前填报上一年度培育情况，"
                 "报送省工业和信息化厅。"),
        ("h1", "四、实行动态管理"),
        ("body", "集群有效期为三年。有效期满后由省工业和信息化厅组织复核，复核通过的有效期延长三年；"
                 "出现实施办法第十九条所列情形之一的，撤销其认定。"),
        *_CLOSING,
    ],
    "annual-call": [
        ("title", "{{ title }}"),
        ("blank", ""),
        ("recipients", "{{ recipients }}："),
        ("body", "根据{{ measures }}第十八条规定，现就报送{{ report_year }}年度陕西省中小企业特色产业集群"
                 "培育情况有关事项通知如下："),
        ("h1", "一、报送范围"),
        ("body", "附件所列{{ cluster_count }}个省级中小企业特色产业集群。"),
        ("h1", "二、报送内容"),
        ("body", "集群{{ report_year }}年度发展情况、目标进展、工作经验、存在问题与改进措施，"
                 "按《集群年度培育情况信息表》逐项填报。"),
        ("h1", "三、报送时间"),
        ("body", "请各设区市中小企业主管部门组织集群认真填报，审核汇总后于{{ deadline }}前将信息表"
                 "（电子版和加盖公章的纸质版）报送省工业和信息化厅。"),
        ("h1", "四、有关要求"),
        ("body", "未按时报送年度培育情况信息表的，依据实施办法第十九条第（三）项规定撤销其认定。"),
        *_CLOSING,
    ],
    "review": [
        ("title", "{{ title }}"),
        ("blank", ""),
        ("recipients", "{{ recipients }}："),
        ("body", "{%p if has_results %}"),
        ("body", "根据{{ measures }}第十七条规定，省工业和信息化厅组织对有效期届满的{{ cluster_count }}个"
                 "省级中小企业特色产业集群开展了复核，考核了集群三年发展规划目标完成情况。经复核，"
                 "{{ passed_count }}个集群复核通过，有效期延长三年；{{ failed_count }}个集群复核未通过，"
                 "依据第十九条第（一）项规定撤销其认定。复核结果见附件。"),
        ("body", "请各设区市中小企业主管部门督促复核通过的集群对照发展规划持续提升，继续按年度报送培育情况。"),
        ("body", "{%p else %}"),
        ("body", "根据{{ measures }}第十七条规定，集群有效期为三年，有效期满后由省工业和信息化厅组织复核。"
                 "附件所列{{ cluster_count }}个集群有效期即将届满，现就复核工作通知如下："),
        ("h1", "一、复核材料"),
        ("body", "县级中小企业主管部门填写《复核申请表》，并提交集群三年发展规划目标完成情况报告，"
                 "经设区市中小企业主管部门审核后报送。"),
        ("h1", "二、报送时间"),
        ("body", "请于{{ deadline }}前将复核材料报送省工业和信息化厅。"),
        ("h1", "三、有关要求"),
        ("body", "有效期满未申请复核的，依据第十九条第（一）项规定撤销其认定；复核通过的，有效期延长三年。"),
        ("body", "{%p endif %}"),
        *_CLOSING,
    ],
    "revocation": [
        ("title", "{{ title }}"),
        ("blank", ""),
        ("recipients", "{{ recipients }}："),
        ("body", "根据{{ measures }}第十九条规定，经核实，附件所列{{ cluster_count }}个集群存在{{ grounds_text }}"
                 "的情形。经研究，决定撤销其陕西省中小企业特色产业集群认定。"),
        ("body", "请有关设区市中小企业主管部门及时将撤销情况通知相关县（市、区）中小企业主管部门和集群运营管理机构，"
                 "做好后续工作。"),
        *_CLOSING,
    ],
}
