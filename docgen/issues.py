"""The issue catalogue: every problem docgen reports, as a stable slug with severity and a Chinese
message template. One catalogue for the whole product (the README's issue reference is generated
from it); Cerberus errors are mapped onto it by the validation layer's error handler.

Add codes freely; never rename one (they are part of the report contract).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import errno
from dataclasses import asdict, dataclass

ERROR, WARNING = "error", "warning"

# code → (severity, message template). Templates use str.format with the Issue's fields and extra.
CATALOGUE: dict[str, tuple[str, str]] = {
    # --- the file itself ---------------------------------------------------------------------
    "file.not_found": (ERROR, "找不到文件或文件夹。请检查路径。"),
    "file.empty": (ERROR, "文件是空的（0 字节）。请重新导出或重新提交完整文件。"),
    "file.too_large": (ERROR, "文件大小 {size_mb} MB 超过上限 {limit_mb} MB。请删除表格中嵌入的图片等内容后重新提交。"),
    "file.unsupported_type": (ERROR, "不支持的文件类型「{suffix}」。请提交由 docgen 生成的 .docx、.xlsx 表格或由其导出的 PDF。"),
    "file.legacy_format": (ERROR, "这是旧版 Office 二进制格式（{suffix}）。请在 Word/WPS/Excel 中“另存为” .docx 或 .xlsx 后重新提交。"),
    "file.macro_enabled": (ERROR, "文件是启用宏的格式（{suffix}），为安全起见不予读取。请“另存为”普通 .docx/.xlsx 后重新提交。"),
    "file.not_zip": (ERROR, "文件不是有效的 Office 文档（内容不是 zip 包）。可能是改了扩展名或文件已损坏，请用 Word/Excel 打开后重新保存。"),
    "file.corrupt": (ERROR, "文件已损坏或不完整（{detail}）。请重新保存或重新下载后提交。"),
    "file.encrypted": (ERROR, "文件设置了打开密码（已加密），无法读取。请取消密码保护后重新提交。"),
    "file.zip_bomb": (ERROR, "文件解压后体积异常（{detail}），疑似压缩炸弹，已拒绝读取。请提交正常保存的表格。"),
    "file.unsafe_xml": (ERROR, "文件中含有不安全的 XML 声明（DOCTYPE/实体），已拒绝读取。请用 Word/Excel 重新保存后提交。"),
    "file.wrong_extension": (ERROR, "文件扩展名为 {suffix}，但内容是 {actual} 文件。请改正扩展名或提交正确的文件。"),
    "file.pdf_scanned": (ERROR, "扫描件无法读取，请提交电子版（由表格直接导出的 PDF 或原始 .docx/.xlsx）。"),
    "file.pdf_of_excel": (ERROR, "这是「{form_title}」（Excel 表格）导出的 PDF，无法可靠读取。请直接提交填好的 .xlsx 文件。"),
    "file.pdf_encrypted": (ERROR, "PDF 已加密，无法读取。请提交未加密的 PDF 或原始表格。"),
    "file.symlink_loop": (ERROR, "文件夹中存在循环的快捷方式（符号链接），已跳过。请检查文件夹结构。"),
    "file.unreadable": (ERROR, "无法读取文件：{detail}。请确认文件可以正常打开后重新提交。"),
    "file.not_regular": (ERROR, "这不是普通文件（{kind}），已跳过，未读取其内容。请提交保存在磁盘上的 .docx、.xlsx 或 PDF 文件。"),
    "file.package_invalid": (ERROR, "文件的压缩包结构不符合 Office 格式（{detail}），Word/Excel 无法正常打开，已拒绝读取。请用 Word/Excel 重新保存后提交。"),
    "file.limit": (ERROR, "文件超出读取限制（{detail}），已停止读取。请提交由 docgen 表格正常填写保存或导出的文件。"),
    "file.timeout": (ERROR, "读取和校验此文件超过 {limit_s} 秒，已停止，其余文件不受影响。请用 Word/Excel 重新保存后提交。"),
    "file.internal": (ERROR, "处理此文件时程序出错（{step}），已跳过此文件，其余文件不受影响。请将此文件报告给维护人员。"),
    "file.hidden_characters": (WARNING, "「{label}」中含有看不见的控制字符或文字方向字符（{detail}），显示的内容可能与实际内容不同。请删除这些字符后重新填写。"),
    # --- which form is it --------------------------------------------------------------------
    "form.unknown": (ERROR, "无法识别这是哪一种表格（缺少表格标识，内容也无法对应任何表格）。请使用 docgen 下载的空白表格填写。"),
    "form.identified_by_content": (WARNING, "文件缺少表格标识，已按内容识别为「{form_title}」。建议使用 docgen 下载的空白表格填写。"),
    "form.altered": (ERROR, "表格结构被改动：{detail}。请在 docgen 下载的空白表格中重新填写，不要删除、复制或重命名填写框。"),
    "form.outdated": (WARNING, "表格版本 {found} 不是当前版本 {current}，但所有字段均已读出。今后请使用当前版本。"),
    "form.outdated_unreadable": (ERROR, "表格版本 {found} 已过时（当前版本 {current}），部分字段无法读取：{detail}。请下载当前版本重新填写。"),
    "form.read_by_label": (WARNING, "{cause}，已按栏目名称逐项读取全部字段。请核对读取结果{check}。"),
    "form.label_not_found": (ERROR, "填写框标记已丢失，且按标签找不到以下字段：{detail}。请在 docgen 下载的空白表格中重新填写。"),
    "form.placeholder": (ERROR, "「{label}」仍是提示文字，未填写。"),
    # --- values ------------------------------------------------------------------------------
    "field.required": (ERROR, "「{label}」未填写，此项必填。"),
    "field.type_number": (ERROR, "「{label}」应填写数字，读到的是「{value}」。请只填写数值（单位 {unit}）。"),
    "field.type_integer": (ERROR, "「{label}」应填写整数，读到的是「{value}」。"),
    "field.type_date": (ERROR, "「{label}」应填写日期（如 2026-03-15 或 2026年3月15日），读到的是「{value}」。"),
    "field.type_yesno": (ERROR, "「{label}」应选择“是”或“否”，读到的是「{value}」。"),
    "field.choice": (ERROR, "「{label}」的「{value}」不是可选项。可选：{choices}。"),
    "field.min": (ERROR, "「{label}」为 {value}，不能小于 {limit}。"),
    "field.max": (ERROR, "「{label}」为 {value}，不能大于 {limit}。"),
    "field.gt": (ERROR, "「{label}」为 {value}，应大于 {limit}。"),
    "field.too_short": (ERROR, "「{label}」内容过短（{length} 字），至少 {limit} 字。请如实、具体填写。"),
    "field.too_long": (ERROR, "「{label}」内容过长（{length} 字），最多 {limit} 字。"),
    "field.pattern": (ERROR, "「{label}」格式不正确：「{value}」。{hint}"),
    "field.unit_converted": (WARNING, "「{label}」填写的单位与表格不同，已将「{value}」换算为 {converted} {unit}。请核对。"),
    "field.unit_mismatch": (ERROR, "「{label}」的单位与表格要求（{unit}）不符：「{value}」。请按 {unit} 填写数值。"),
    "field.uscc_invalid": (ERROR, "「统一社会信用代码」{value} 无效（{detail}）。请核对营业执照上的 18 位代码。"),
    "field.county_unknown": (ERROR, "「所在县（市、区）」「{value}」不是陕西省的县级行政区划名称。请填写规范名称，如 鄠邑区、神木市。"),
    "field.county_city_mismatch": (ERROR, "「{value}」不属于{city}（属于{actual_city}）。请核对设区市与县（市、区）。"),
    "field.date_future": (ERROR, "「{label}」{value} 晚于今天，日期不能在未来。"),
    "field.year_range": (ERROR, "「{label}」{value} 不在 {low}–{high} 之间。"),
    "field.conditional_required": (ERROR, "「{label}」未填写：{reason}时此项必填。"),
    "field.commitment": (ERROR, "「申报材料真实完整承诺」须选择“是”（第十四条）。"),
    "field.duplicate": (ERROR, "「{label}」「{value}」与第 {other_row} 行重复。"),
    "field.exceeds_total": (ERROR, "「{label}」{value} 超过了「{total_label}」{total}。分项不能大于合计。"),
    "field.placeholder_left": (WARNING, "「{label}」中还留有灰色提示文字（如“请填写”），已去掉提示文字，读取为「{value}」。请核对，并在表格中删去提示文字。"),
    "field.control_missing": (WARNING, "「{label}」的填写框已被删除，已按其在表格中的位置读取为「{value}」。请核对；今后请在填写框内填写，不要删除填写框。"),
    "field.other": (ERROR, "「{label}」：{detail}"),
    # --- consistency and form-specific checks ------------------------------------------------
    "application.growth_mismatch": (WARNING, "申报的产值年均增速 {declared}% 与按总产值计算的 {computed}% 相差超过 0.5 个百分点。请核对。"),
    "application.title_outdated": (WARNING, "第{row}行企业称号认定于 {year} 年，已超过 {limit} 年，请确认称号仍在有效期内。"),
    "plan.too_few_targets": (ERROR, "发展目标表至少应包含“集群总产值”和另外两项指标（第十二条（九））。缺少：{detail}。"),
    "plan.against_direction": (WARNING, "第{row}行「{indicator}」的目标{detail}，与指标改善方向相反。请确认。"),
    "plan.baseline_mismatch": (WARNING, "规划「{indicator}」基期值 {baseline} 与申报书 {year} 年数值 {app_value} 不一致。"),
    "plan.other_needs_name": (ERROR, "第{row}行指标为“其他”，须填写「指标名称」。"),
    "annual.report_year": (WARNING, "填报年度 {report_year} 不是上一年（{expected}）。请核对。"),
    "annual.late": (WARNING, "逾期填报：填报日期 {fill_date} 晚于截止日期 {deadline}（第十八条）。"),
    "annual.incident": (WARNING, "本年度声明发生「{label}」，属于第十九条（五）规定的撤销情形，请核实。"),
    "annual.target_not_met": (WARNING, "第{row}行「{indicator}」完成率 {completion}%，未达到年度目标。"),
    "change.no_flag": (ERROR, "未勾选任何变动事项。请至少将一项变动选为“是”。"),
    "change.pair_incomplete": (ERROR, "「{label}」选为“是”，但变更前后内容未填全：{detail}。"),
    "change.pair_same": (ERROR, "「{label}」选为“是”，但变更前后内容相同。"),
    "change.area_over_100": (WARNING, "变更后占地面积 {value} 平方公里，超过一般不超过 100 平方公里的要求（第十二条（二））。"),
    "change.late": (WARNING, "未及时报备：变动发生于 {change_date}，填报于 {fill_date}，超过 {days} 天（第十九条（四））。"),
    "recommendation.rank_gap": (ERROR, "推荐排序应为 1 至 {n} 连续不重复，现为 {ranks}。"),
    "review.too_few_targets": (ERROR, "规划目标完成情况表至少应有 3 行目标（第十七条），现有 {n} 行。"),
    "review.target_not_met": (WARNING, "第{row}行「{indicator}」完成率 {completion}%，未完成规划目标。"),
    "crossform.mismatch": (WARNING, "{detail}"),
    # --- expert review (Art. 16; docgen.review, docs/review.md) ------------------------------------
    "review.score_out_of_range": (ERROR, "专家 {expert_id} 对 {application_id} 的「{label}」得分 {value} 不在 0 至 {max} 分之间。请专家更正后重新提交评分表。"),
    "review.score_missing": (ERROR, "专家 {expert_id} 对 {application_id} {detail}；该申报评分完整前不参与排名。"),
    "review.not_assigned": (ERROR, "{detail}，未按分配记录（assignment.json）评审，该评分不计入。"),
    "review.outlier": (WARNING, "专家 {expert_id} 对 {application_id} 的总分 {total} 与各专家总分的中位数 {median} 相差 {diff} 分，超过 {limit} 分。请核实。"),
    "review.duplicate_sheet": (ERROR, "专家 {expert_id} 提交了 {n} 份评分表（{files}），不自动取其一（签字日期较晚的也不优先）。请确认有效的一份、移走其余后重新汇总。"),
    "review.not_scores": (ERROR, "文件不是专家评分表（{detail}），已跳过。请提交 docgen review assign 生成的评分表。"),
    # --- policy ------------------------------------------------------------------------------
    "policy.expired": (WARNING, "认定条件所依据的{policy}有效期为 {start} 至 {end}，本表填报日期 {date} 不在其内，"
                                  "仍按其判定；如已有新办法，请联系省级主管部门更新判定依据。"),
    "criteria.area": (WARNING, "占地面积 {value} 平方公里，超过一般不超过 100 平方公里的要求（第十二条（二）），请说明。"),
    "criteria.title_old": (WARNING, "{detail}"),
    # --- the run and its outputs (messages of the command line, not of one file) --------------
    "run.output_is_input": (ERROR, "{what}「{output}」与输入「{input}」是同一个文件，写入会覆盖原文件。请另选一个不在输入中的位置。"),
    "run.output_in_input": (ERROR, "{what}「{output}」位于输入文件夹「{input}」之中，写入会混入或覆盖原文件。请另选一个不在输入中的位置。"),
    "run.input_in_output": (ERROR, "输入「{input}」位于{what}「{output}」之中，写入会覆盖原文件。请另选一个不包含输入的文件夹。"),
    "run.write_failed": (ERROR, "无法写入{what}「{path}」：{reason}。请检查磁盘空间和文件夹权限后重试。"),
    "run.annotate_failed": (ERROR, "生成批注副本失败：{reason}。"),
    "run.annotate_refused": (ERROR, "无法读取或已拒绝的文件不生成批注副本。"),
    "run.annotate_pdf": (ERROR, "PDF 无法批注。"),
    "run.interrupted": (ERROR, "已中断（Ctrl-C）：处理进程已结束，未写完的输出已删除。"),
    "run.terminated": (ERROR, "已被终止（收到终止信号）：处理进程已结束，未写完的输出已删除。"),
}


@dataclass
class Issue:
    """One problem, where it is and what to do. Serialises to the report contract's issue object.

    `extra` holds the template's other values (`limit`, `other_row`, `detail` …), JSON-ready, so a
    machine reading the report gets them without parsing the message.
    """

    code: str
    severity: str
    message: str
    field: str | None = None
    row: int | None = None
    label: str | None = None
    location: str | None = None
    value: str | None = None
    extra: dict = dataclasses.field(default_factory=dict)  # the class's own `field` shadows the function

    def to_dict(self) -> dict:
        return asdict(self)


def _json_ready(v):
    """A value as JSON has it: numbers stay numbers (exact decimals as int or float), dates as ISO text."""
    if v is None or isinstance(v, bool | int | float | str):
        return v
    if isinstance(v, decimal.Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, dict):
        return {str(k): _json_ready(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [_json_ready(x) for x in v]
    if isinstance(v, set | frozenset):
        return sorted((_json_ready(x) for x in v), key=str)
    return str(v)


def message(code: str, **values) -> str:
    """The catalogue's message for `code`, for lines the command line prints (not issues of a file)."""
    return make_issue(code, **values).message


# Why the OS refused, in words a clerk reads (the OS's own text is English).
_ERRNO_TEXT = {
    errno.EACCES: "没有权限", errno.EPERM: "没有权限", errno.ENOSPC: "磁盘空间已满", errno.EROFS: "文件夹只读",
    errno.ENOENT: "文件或文件夹不存在", errno.EISDIR: "这是一个文件夹", errno.ENOTDIR: "路径中有一项不是文件夹",
    errno.ELOOP: "符号链接循环", errno.ENAMETOOLONG: "文件名过长", errno.EIO: "磁盘读写错误",
    errno.EFBIG: "文件超过系统允许的大小", errno.EDQUOT: "磁盘配额已满", errno.EBUSY: "文件正被占用",
    errno.EMFILE: "打开的文件过多", errno.ENXIO: "设备不存在", errno.ETXTBSY: "文件正被占用",
}


def os_reason(exc: BaseException) -> str:
    """A Chinese reason for an OSError (the OS's English text is left out; the errno number stays)."""
    no = getattr(exc, "errno", None)
    if no in _ERRNO_TEXT:
        return _ERRNO_TEXT[no]
    return f"系统拒绝了此操作（错误号 {no}）" if isinstance(no, int) else "系统拒绝了此操作"


def make_issue(code: str, *, field: str | None = None, row: int | None = None, label: str | None = None,
               location: str | None = None, value=None, severity: str | None = None, **extra) -> Issue:
    """Build an Issue from the catalogue, filling the message template."""
    if code not in CATALOGUE:
        raise KeyError(f"issue code {code!r} is not in the catalogue")
    default_severity, template = CATALOGUE[code]
    values = {"label": label or field or "", "value": "" if value is None else value, "row": row, **extra}
    try:
        message = template.format(**values)
    except (KeyError, IndexError):
        message = template
    return Issue(code=code, severity=severity or default_severity, message=message, field=field, row=row,
                 label=label, location=location, value=None if value is None else str(value),
                 extra={k: _json_ready(v) for k, v in extra.items()})
