"""Write the 集群发展评估报告 as an official-style .docx (GB/T 9704 page, faces and numbering).

Uses the 公文 styles and footers of `docgen.formats.gongwen` so it prints like the notices: A4 with the
standard's margins, 方正小标宋 title, 黑体 / 楷体 headings, 仿宋 三号 body, "— N —" page numbers.
Tables are 仿宋 小四/五号 to fit the 156 mm 版心; charts are embedded PNGs from `charts`.
"""

from __future__ import annotations

import io
from pathlib import Path

from docgen.atomic import write_atomic
from docgen.registry import charts
from docgen.registry.evaluation import Evaluation

NUMERALS = "一二三四五六七八九十"
FILING_LABELS = {"on_time": "按时报送", "late": "逾期报送", "missing": "未报送", "not_yet_due": "尚未到期"}
TOP_N_TRENDS = 10


def _off_grid(paragraph) -> None:
    """Take a paragraph off the 22 × 28 document grid: in narrow cells and around pictures the grid
    would spread characters to 28 a line and stretch lines to 29 pt."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    ppr = paragraph._p.get_or_add_pPr()
    el = ppr.find(qn("w:snapToGrid"))
    if el is None:
        el = OxmlElement("w:snapToGrid")
        ppr.append(el)
    el.set(qn("w:val"), "0")


def _cn(i: int) -> str:
    if i <= 10:
        return NUMERALS[i - 1]
    return ("十" if i < 20 else NUMERALS[i // 10 - 1] + "十") + (NUMERALS[i % 10 - 1] if i % 10 else "")


def _fmt(v, digits: int = 2) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:.{digits}f}".rstrip("0").rstrip(".")
    return str(v)


def _pct(v) -> str:
    return "—" if v is None else f"{v:+.1f}%"


class _Writer:
    def __init__(self, ev: Evaluation):
        from docx import Document

        from docgen.formats import gbt9704 as g
        from docgen.formats.gongwen import styles

        self.g, self.styles, self.ev = g, styles, ev
        self.doc = Document()
        styles.ensure_styles(self.doc)
        for section in self.doc.sections:
            g.apply_page_setup(section)
            g.apply_doc_grid(section)
        body = self.doc.element.body
        for p in list(body.iterchildren("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p")):
            body.remove(p)

    def para(self, text: str, style: str | None = None, *, centre: bool = False):
        p = self.doc.add_paragraph(style=style or self.styles.BODY)
        p.add_run(text)
        if centre:
            from docx.enum.text import WD_ALIGN_PARAGRAPH

            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.first_line_indent = 0
        return p

    def title(self, text: str):
        from docgen.formats.gongwen.title import balance_title

        p = self.doc.add_paragraph(style=self.styles.TITLE)
        lines = balance_title(text)  # balanced lines, as the notices break their titles
        for i, line in enumerate(lines):
            run = p.add_run(line)
            if i < len(lines) - 1:
                run.add_break()
        return p

    def heading1(self, text: str):
        p = self.para(text, self.styles.HEADING1)
        p.paragraph_format.keep_with_next = True
        return p

    def heading2(self, text: str):
        p = self.para(text, self.styles.HEADING2)
        p.paragraph_format.keep_with_next = True
        return p

    def caption(self, text: str):
        """A table's caption, kept on the page of its table."""
        p = self.para(text, centre=True)
        p.paragraph_format.keep_with_next = True
        return p

    def chart(self, png: bytes, caption: str):
        from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
        from docx.shared import Mm

        p = self.doc.add_paragraph(style="Normal")
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fmt = p.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE  # exact 29 pt lines would crop the picture
        fmt.first_line_indent = 0
        _off_grid(p)
        fmt.keep_with_next = True  # the caption goes with its chart
        p.add_run().add_picture(io.BytesIO(png), width=Mm(150))
        cap = self.para(caption, centre=True)
        for r in cap.runs:
            self.g.set_run_font(r, self.g.KAITI, self.g.SIZES["四号"])

    def table(self, headers: list[str], rows: list[list[str]], widths_mm: list[float], pt: float | None = None):
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Mm, Pt

        pt = pt or self.g.SIZES["五号"]
        t = self.doc.add_table(rows=1 + len(rows), cols=len(headers))
        t.style = "Table Grid"
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        t.autofit = False
        for i, w in enumerate(widths_mm):
            t.columns[i].width = Mm(w)  # the grid LibreOffice lays out by
        for r, values in enumerate([headers] + rows):
            row = t.rows[r]
            tr_pr = row._tr.get_or_add_trPr()
            cant_split = OxmlElement("w:cantSplit")  # a row never breaks across pages
            tr_pr.append(cant_split)
            if r == 0:  # repeat the header row on every page
                el = OxmlElement("w:tblHeader")
                el.set(qn("w:val"), "true")
                tr_pr.append(el)
            for c, text in enumerate(values):
                cell = row.cells[c]
                cell.width = Mm(widths_mm[c])
                p = cell.paragraphs[0]
                p.style = self.doc.styles["Normal"]
                fmt = p.paragraph_format
                fmt.first_line_indent = 0
                fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
                _off_grid(p)
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER if (r == 0 or c > 0) else WD_ALIGN_PARAGRAPH.LEFT
                run = p.add_run(str(text))
                self.g.set_run_font(run, self.g.HEITI if r == 0 else self.g.FANGSONG, pt)
        self.doc.add_paragraph(style="Normal").paragraph_format.line_spacing = Pt(8)
        return t

    def save(self, out_path: Path) -> Path:
        from docgen.formats.gongwen import engine

        engine.add_footers(self.doc)
        engine.fonts_on_every_run(self.doc)
        return write_atomic(out_path, self.doc.save)


def _overview(w: _Writer, ev: Evaluation) -> None:
    y, n = ev.year, len(ev.clusters)
    filed = ev.count("on_time") + ev.count("late")
    w.heading1("一、总体情况")
    text = (f"截至{ev.on.year}年{ev.on.month}月{ev.on.day}日，纳入本次评估的省级中小企业特色产业集群{n}个。"
            f"{y}年度集群年度培育情况信息表应于{ev.deadline.year}年{ev.deadline.month}月{ev.deadline.day}日前报送，"
            f"按时报送{ev.count('on_time')}个，逾期报送{ev.count('late')}个，")
    text += (f"未报送{ev.count('missing')}个。" if ev.count("not_yet_due") == 0
             else f"尚未报送{ev.count('not_yet_due')}个（报送期限未到）。")
    out = ev.totals.get("output_total", {})
    if filed and y in out and y - 1 in out and out[y - 1]:
        growth = (out[y] - out[y - 1]) / out[y - 1] * 100
        text += (f"已报送的{filed}个集群{y}年总产值合计{_fmt(out[y])}亿元，较上年{_fmt(out[y - 1])}亿元"
                 f"{'增长' if growth >= 0 else '下降'}{abs(growth):.1f}%。")
    rd = ev.totals.get("rd_sme", {})
    if y in rd and y - 1 in rd and rd[y - 1]:
        text += f"中小企业研发经费合计{_fmt(rd[y])}万元，较上年增长{(rd[y] - rd[y - 1]) / rd[y - 1] * 100:.1f}%。"
    w.para(text)
    labels = [FILING_LABELS[k] for k in ("on_time", "late", "missing", "not_yet_due")]
    counts = [ev.count(k) for k in ("on_time", "late", "missing", "not_yet_due")]
    keep = [i for i, c in enumerate(counts) if c or i < 3]
    w.chart(charts.status_bars(f"{y}年度信息表报送情况", [labels[i] for i in keep], [counts[i] for i in keep]),
            f"图1　{y}年度信息表报送情况")


def _indicators(w: _Writer, ev: Evaluation) -> None:
    y = ev.year
    ind = ev.indicators
    w.heading1("二、主要指标变化")
    filed = [c for c in ev.clusters if c.filing in ("on_time", "late")]
    if not filed:
        w.para(f"暂无已报送的{y}年度信息表，无法评估指标变化。")
        return
    w.para(f"各集群{y}年主要指标及较上年变化见表1，{ind['output_total']['label']}见图2，"
           f"产值居前的集群历年{ind['output_total']['label']}走势见图3。")
    w.heading2("（一）主要指标")
    headers = ["集群", f"{ind['output_total']['label']}（{ind['output_total']['unit']}）", "增速",
               f"{ind['rd_sme']['label']}增速", f"{ind['invention_patents']['label']}（{ind['invention_patents']['unit']}）",
               f"{ind['iip_rate']['label']}（%）", f"{ind['co2_intensity']['label']}变化"]
    rows = []
    for c in filed:
        s = c.series
        rows.append([c.cluster_name, _fmt(s.get("output_total", {}).get(y)), _pct(c.growth.get("output_total")),
                     _pct(c.growth.get("rd_sme")), _fmt(s.get("invention_patents", {}).get(y), 0),
                     _fmt(s.get("iip_rate", {}).get(y), 1), _pct(c.growth.get("co2_intensity"))])
    w.caption("表1　各集群主要指标")
    w.table(headers, rows, [42, 22, 16, 19, 21, 19, 17])
    names = [c.cluster_name for c in filed]
    w.chart(charts.grouped_bars(f"{ind['output_total']['label']}（{y - 1}年、{y}年）", names, {
        f"{y - 1}年": [c.series.get("output_total", {}).get(y - 1) for c in filed],
        f"{y}年": [c.series.get("output_total", {}).get(y) for c in filed]}, ind["output_total"]["unit"]),
        f"图2　各集群{y - 1}年、{y}年{ind['output_total']['label'].removeprefix('集群')}")
    top = sorted(filed, key=lambda c: -(c.series.get("output_total", {}).get(y) or 0))[:TOP_N_TRENDS]
    w.chart(charts.trend_lines(f"{ind['output_total']['label']}历年走势（{ind['output_total']['unit']}）",
                               {c.cluster_name: c.series.get("output_total", {}) for c in top},
                               ind["output_total"]["unit"]),
            f"图3　{ind['output_total']['label']}历年走势" + ("" if len(filed) <= TOP_N_TRENDS
                                                       else f"（产值居前{TOP_N_TRENDS}位）"))


def _targets(w: _Writer, ev: Evaluation) -> None:
    w.heading1("三、规划目标完成情况")
    rated = [c for c in ev.clusters if c.targets_met[1]]
    if not rated:
        w.para("已报送的信息表中没有可计算的年度规划目标。")
        return
    met = sum(c.targets_met[0] for c in rated)
    total = sum(c.targets_met[1] for c in rated)
    full = sum(1 for c in rated if c.targets_met[0] == c.targets_met[1])
    w.para(f"{len(rated)}个集群填报了{total}项年度规划目标，完成{met}项，完成率{met / total * 100:.1f}%；"
           f"全部完成年度目标的集群{full}个。完成率按实际值与目标值之比计算（单位产值二氧化碳排放等越低越好的指标取其倒数），"
           "达到100%为完成。")
    rows = []
    for c in rated:
        missed = "、".join(f"{t['label']}（{_fmt(t['completion'], 1)}%）" for t in c.targets if t["met"] is False)
        rows.append([c.cluster_name, str(c.targets_met[1]), str(c.targets_met[0]), missed or "—"])
    w.caption("表2　年度规划目标完成情况")
    w.table(["集群", "目标（项）", "完成（项）", "未完成的目标（完成率）"], rows, [45, 18, 18, 75])
    w.chart(charts.completion_bars("年度规划目标完成情况", [c.cluster_name for c in rated],
                                   [c.targets_met[0] for c in rated], [c.targets_met[1] for c in rated]),
            "图4　各集群年度规划目标完成情况")


def _criteria(w: _Writer, ev: Evaluation) -> None:
    w.heading1("四、认定条件保持情况")
    judged = [c for c in ev.clusters if c.criteria]
    if not judged:
        w.para("暂无可据以判断认定条件的年度信息表。")
        return
    labels = "、".join(f"{v['label']}（{v['article']}）" for v in ev.criteria_labels.values())
    all_ok = sum(1 for c in judged if c.criteria_met[0] == c.criteria_met[1])
    w.para(f"依据{ev.year}年度信息表可判断的认定条件共{len(ev.criteria_labels)}项（按本年度数据判断）：{labels}。"
           f"{len(judged)}个集群中，{all_ok}个全部保持，{len(judged) - all_ok}个有条件未保持，见表3。")
    rows = []
    for c in judged:
        failed = "；".join(f"{x['label']}" + (f"（{_fmt(x['value'])}{x['unit']}，应{x['threshold']}）" if x["threshold"] else "")
                          for x in c.criteria if not x["passed"])
        rows.append([c.cluster_name, f"{c.criteria_met[0]}/{c.criteria_met[1]}", failed or "全部保持"])
    w.caption("表3　认定条件保持情况")
    w.table(["集群", "保持项", "未保持的条件"], rows, [45, 17, 94])


def _filings(w: _Writer, ev: Evaluation) -> None:
    w.heading1("五、年度信息表报送情况")
    late = [c for c in ev.clusters if c.filing in ("late", "missing")]
    if not late:
        w.para("全部集群均按时报送了年度信息表。")
        return
    w.para(f"以下{len(late)}个集群逾期报送或未报送{ev.year}年度信息表。依据第十九条（三），"
           "未及时报送年度培育情况信息表的，撤销其认定，请所在设区市督促整改。")
    rows = [[c.cluster_name, c.city, c.county, FILING_LABELS[c.filing], c.fill_date or "—"] for c in late]
    w.caption("表4　逾期报送和未报送的集群")
    w.table(["集群", "设区市", "县（市、区）", "报送情况", "填报日期"], rows, [50, 25, 27, 26, 28])


def _per_cluster(w: _Writer, ev: Evaluation) -> None:
    w.heading1("六、各集群评估")
    y = ev.year
    for i, c in enumerate(ev.clusters, 1):
        w.heading2(f"（{_cn(i)}）{c.cluster_name}")
        parts = [f"{c.city}{c.county}，主导产业为{c.leading_industry}，集群编号{c.cluster_id}。"]
        if c.filing in ("missing", "not_yet_due"):
            parts.append(f"{y}年度信息表{FILING_LABELS[c.filing]}，本年度指标无法评估。")
        else:
            out = c.series.get("output_total", {}).get(y)
            parts.append(f"{y}年度信息表{FILING_LABELS[c.filing]}（{c.fill_date or '日期不详'}）。")
            if out is not None:
                g = c.growth.get("output_total")
                parts.append(f"{y}年总产值{_fmt(out)}亿元" + (f"，较上年{'增长' if g >= 0 else '下降'}{abs(g):.1f}%。"
                                                          if g is not None else "。"))
            met, total = c.targets_met
            if total:
                parts.append(f"年度规划目标{total}项，完成{met}项。")
            cm, ct = c.criteria_met
            if ct:
                parts.append(f"可判断的认定条件{ct}项，保持{cm}项。")
        w.para("".join(parts))


def write_evaluation(ev: Evaluation, out_path: Path) -> Path:
    w = _Writer(ev)
    w.title(f"{ev.year}年度陕西省中小企业特色产业集群发展评估报告")
    w.para("")
    _overview(w, ev)
    if not ev.clusters:
        w.para("名录中没有该年度的已认定集群。")
        return w.save(out_path)
    _indicators(w, ev)
    _targets(w, ev)
    _criteria(w, ev)
    _filings(w, ev)
    _per_cluster(w, ev)
    w.para("")
    w.para("陕西省工业和信息化厅", w.styles.SIGNATURE)
    w.para(f"{ev.on.year}年{ev.on.month}月{ev.on.day}日", w.styles.DATE)
    return w.save(out_path)

