"""Which program last saved an Office file, for a clerk's message: "LibreOffice 7.4", "WPS Office 11.1".

Read from `docProps/app.xml` (Application, AppVersion). A file that lost its tags was re-saved by some
editor; naming it tells the clerk where the file has been and what to check.
"""

from __future__ import annotations

import re

from lxml import etree

from docgen.formats import safexml

APP_PART = "docProps/app.xml"
_EP = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"
_VERSION = re.compile(r"(\d+)\.(\d+)")


def program_name(app: str | None, version: str | None = None) -> str | None:
    """A readable name of the program from Application and AppVersion; None when it says nothing."""
    app = (app or "").strip()
    if not app:
        return None
    if app.startswith("LibreOffice") or app.startswith("OpenOffice"):
        # "LibreOffice/7.4.7.2$Linux_X86_64 LibreOffice_project/…": its AppVersion mimics Word's
        name, _, rest = app.partition("/")
        m = _VERSION.match(rest)
        return f"{name} {m.group(1)}.{m.group(2)}" if m else name
    if app.startswith("WPS"):
        m = _VERSION.search(app)
        return f"WPS Office {m.group(1)}.{m.group(2)}" if m else "WPS Office"
    if app.startswith("Microsoft"):
        if not version:  # python-docx's template says "Microsoft Macintosh Word" with no version
            return None
        m = _VERSION.match(version)
        return f"Microsoft Word（版本 {m.group(1)}.{int(m.group(2))}）" if m else "Microsoft Word"
    return app.split("/", 1)[0][:40]


def saved_by(app_xml: bytes | None) -> str | None:
    """The program named by an app.xml part; None when absent, unreadable or uninformative."""
    if not app_xml:
        return None
    try:
        root = safexml.parse(app_xml)
    except (safexml.UnsafeXML, etree.XMLSyntaxError):
        return None
    app, version = root.find(f"{_EP}Application"), root.find(f"{_EP}AppVersion")
    return program_name(app.text if app is not None else None, version.text if version is not None else None)


_CAUSE = {
    "docx": "表格中的填写框标记已丢失（文件被其他程序另存过）",
    "pdf": "PDF 中没有填写框标记",
    "xlsx": "工作簿中的单元格名称已全部丢失（内容被复制到了新工作簿）",
}
_SAVED = {
    "docx": "此文件最后由 {program} 保存，表格中的填写框标记已丢失",
    "pdf": "此 PDF 由 {program} 导出，其中没有填写框标记",
    "xlsx": "此文件最后由 {program} 保存，工作簿中的单元格名称已全部丢失",
}
_CHECK = {
    "docx": "：每栏的值是否就是该栏名称右侧（长文字为下方）格内所填，企业名单等表格的各行是否齐全；"
            "{advice}",
    "pdf": "：多行文字的换行不会保留，各年度数值按表头年份读取；如有原始 .docx 文件，请优先提交",
    "xlsx": "：每个值是否就是对应栏目旁所填；今后请直接在 docgen 下载的表格中填写",
}


def read_by_label_issue(kind: str, program: str | None):
    """`form.read_by_label` for a file of `kind` (docx, pdf, xlsx): which program, what was lost, what to check."""
    from docgen.issues import make_issue

    cause = _SAVED[kind].format(program=program) if program else _CAUSE[kind]
    other = program and not program.startswith("Microsoft")  # Word keeps the tags: they were lost otherwise
    advice = (f"{program} 另存时会去掉填写框标记，如有条件请用 Microsoft Word 或 WPS 填写" if other
              else "今后请在 docgen 下载的空白表格中填写，不要删除或移动填写框")
    return make_issue("form.read_by_label", cause=cause, check=_CHECK[kind].format(advice=advice))


def pdf_producer(metadata: dict | None) -> str | None:
    """The program that wrote a PDF ("LibreOffice 7.4"), from its Producer/Creator."""
    for key in ("Producer", "Creator"):
        value = (metadata or {}).get(key)
        if isinstance(value, bytes):
            value = value.decode("utf-8", "replace")
        if isinstance(value, str) and value.strip():
            m = _VERSION.search(value)
            for known in ("LibreOffice", "WPS", "Microsoft® Word", "Microsoft Word"):
                if value.startswith(known):
                    name = known.replace("®", "")
                    return f"{name} {m.group(1)}.{m.group(2)}" if m and "LibreOffice" in known else name
    return None
