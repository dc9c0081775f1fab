"""Shared fixtures of the Excel form tests: generated blank forms and complete records to fill them with.

Every file is made here, by the generator, in a temporary folder; nothing is read from a fixture file.
"""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from docgen.generate import new_form

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
YEAR = 2025  # annual report year: headings 2024年 / 2025年

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")


def annual_record() -> dict:
    """A complete annual record as the data dictionary nests it, with CJK text, dates, integers."""
    return {
        "cluster_name": "杨凌农业装备“智造”产业集群", "city": "杨凌示范区", "county": "杨陵区",
        "cluster_id": "SX-2024-007", "recognition_year": 2024, "report_year": YEAR,
        "contact_name": "欧阳𠀀明", "contact_phone": "029-87012345", "fill_date": dt.date(2026, 3, 15),
        "safety": {k: k == "other_major" for k in (
            "major_accident", "quality_accident", "pollution_accident", "cyber_incident", "data_incident",
            "tax_evasion", "violation", "dishonesty", "other_major")},
        "output_total": {"prev": 35.2, "cur": 40.1}, "output_sme": {"prev": 28.0, "cur": 31.75},
        "output_leading": {"prev": 30, "cur": 33.3}, "rd_sme": {"prev": 12500, "cur": 13800.5},
        "invention_patents": {"prev": 210, "cur": 236}, "employees": {"prev": 15200, "cur": 16010},
        "iip_rate": {"prev": 16.5, "cur": 18}, "software_rate": {"prev": 40, "cur": 42.5},
        "nonfossil_share": {"prev": 21.3, "cur": 23.9}, "co2_intensity": {"prev": 0.512, "cur": 0.4875},
        "standards": {"prev": 3, "cur": 5}, "specialised_smes": {"cur": 41}, "little_giants": {"cur": 4},
        "progress": [
            {"indicator": "output_total", "target": 40, "actual": 40.1, "note": "完成"},
            {"indicator": "co2_intensity", "target": 0.5, "actual": 0.4875, "note": None},
            {"indicator": "other", "target": 12, "actual": 9, "note": "新增省级平台（个）"},
        ],
        "work": {"experience": "一、链主带动配套。\n二、共享设计中心服务 120 家企业。",
                 "problems": "融资难 & 用地紧 <待解决>", "improvements": "=设立专项基金（不是公式）",
                 "cases": "某公司“5G+工业互联网”示范。"},
    }


def recommendation_record() -> dict:
    return {
        "city": "宝鸡市", "contact_name": "李四", "contact_phone": "13912345678", "fill_date": dt.date(2026, 5, 8),
        "recs": [
            {"rank": 1, "cluster_name": "宝鸡钛及钛合金产业集群", "county": "渭滨区", "leading_industry": "钛材",
             "output_latest": 152.3, "precheck": "通过", "spot_check": True},
            {"rank": 2, "cluster_name": "凤翔区白酒产业集群", "county": "凤翔区", "leading_industry": "白酒",
             "output_latest": 45, "precheck": "不通过", "spot_check": False},
        ],
    }


@pytest.fixture(scope="session")
def blanks(tmp_path_factory) -> dict[str, Path]:
    """A blank annual form (pre-filled county, cluster, year) and a blank recommendation form."""
    d = tmp_path_factory.mktemp("blank")
    return {
        "annual": new_form("annual", d, county="杨陵区", cluster="杨凌农业装备“智造”产业集群", year=YEAR,
                           cluster_id="SX-2024-007"),
        "recommendation": new_form("recommendation", d, city="宝鸡市"),
    }


def workbook_xml(path: Path):
    with zipfile.ZipFile(path) as zf:
        return etree.fromstring(zf.read("xl/workbook.xml"))


def rewrite_part(src: Path, out: Path, part: str, edit) -> Path:
    """Copy the package with one part changed by `edit(root) -> None` (how a careless editor damages it)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename == part:
                root = etree.fromstring(data)
                edit(root)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            zout.writestr(item, data)
    return out


def values_of(raw) -> dict:
    """{field id: value} of what a reader saw (native when it has one, else text); groups as row lists."""
    out: dict = {}
    for v in raw.values:
        value = v.native if v.native is not None else v.text
        if v.row is None:
            out[v.field] = value
        else:
            group, name = v.field.split(".")
            rows = out.setdefault(group, [])
            while len(rows) < v.row:
                rows.append({})
            if value is not None:
                rows[v.row - 1][name] = value
    return out


def expected_cells(schema, record: dict) -> dict:
    """What the reader should see for a filled record: 是/否 for booleans, Chinese labels for choices."""
    from docgen.formats.xlsx_fill import flatten
    from docgen.formats.xlsx_form import cell_value

    out: dict = {}
    for fid, value in flatten(schema, record).items():
        f = schema.field(fid)
        if f.group is None:
            out[fid] = cell_value(f, value)
            continue
        rows = out.setdefault(f.group, [{} for _ in value])
        for row, v in zip(rows, value, strict=True):
            if v is not None:
                row[f.name] = cell_value(f, v)
    for key, rows in list(out.items()):
        if isinstance(rows, list):
            out[key] = [r for r in rows if r]
    return out
