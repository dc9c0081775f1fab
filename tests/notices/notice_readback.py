"""Read a generated .docx back independently of docgen: lxml over the zip, nothing else."""

from __future__ import annotations

import zipfile

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def w(name: str) -> str:
    return f"{{{W}}}{name}"


class Docx:
    def __init__(self, path):
        self.zip = zipfile.ZipFile(path)
        self.document = self.part("word/document.xml")
        self.styles = self.part("word/styles.xml")
        self.settings = self.part("word/settings.xml")
        self.body = self.document.find("w:body", NS)

    def part(self, name):
        return etree.fromstring(self.zip.read(name))

    def footers(self) -> list:
        return [self.part(n) for n in self.zip.namelist() if n.startswith("word/footer")]

    def sect(self):
        return self.body.find("w:sectPr", NS)

    def paragraphs(self):
        return list(self.body.iterfind("w:p", NS))

    @staticmethod
    def text(el) -> str:
        return "".join(t.text or "" for t in el.iter(w("t")))

    def texts(self) -> list[str]:
        return [self.text(p) for p in self.paragraphs()]

    def style(self, style_id):
        return self.styles.find(f"w:style[@w:styleId='{style_id}']", NS)

    def tables(self):
        return list(self.body.iterfind("w:tbl", NS))

    @staticmethod
    def table_rows(tbl) -> list[list[str]]:
        return [["".join(t.text or "" for t in tc.iter(w("t"))) for tc in tr.iterfind("w:tc", NS)]
                for tr in tbl.iterfind("w:tr", NS)]

    def runs(self):
        return list(self.body.iter(w("r")))
