"""Intake answers every unreadable or hostile file with its catalogue code, before any parser runs."""

from __future__ import annotations

import os
import zipfile

import pytest
from damage import BILLION_LAUGHS, XXE, ole2_bytes, rezip, sha256

from docgen.intake import sniff
from docgen.settings import Settings


def write(tmp_path, name: str, data: bytes):
    p = tmp_path / name
    p.write_bytes(data)
    return p


def code_of(path, settings=None):
    s = sniff(path, settings or Settings())
    return s.issue.code if s.issue else s.kind


class TestSniff:
    def test_accepts_a_real_docx_xlsx_and_pdf(self, tmp_path, good_docx, good_xlsx):
        assert code_of(write(tmp_path, "申报书.docx", good_docx)) == "docx"
        assert code_of(write(tmp_path, "年度表.xlsx", good_xlsx)) == "xlsx"
        assert code_of(write(tmp_path, "a.pdf", b"%PDF-1.7\n%\xe2\xe3\n1 0 obj\n")) == "pdf"

    def test_refuses_an_empty_file(self, tmp_path):
        assert code_of(write(tmp_path, "a.docx", b"")) == "file.empty"

    def test_reports_a_missing_file(self, tmp_path):
        assert code_of(tmp_path / "没有.docx") == "file.not_found"

    def test_refuses_a_file_over_the_size_limit(self, tmp_path, good_docx):
        p = write(tmp_path, "a.docx", good_docx)
        s = sniff(p, Settings(max_file_mb=0.001))
        assert s.issue.code == "file.too_large"
        assert "上限 0.001 MB" in s.issue.message

    def test_says_not_a_zip_for_text_renamed_docx(self, tmp_path):
        assert code_of(write(tmp_path, "a.docx", "集群名称：某某\n".encode())) == "file.not_zip"

    def test_says_corrupt_for_a_truncated_zip(self, tmp_path, good_docx):
        p = write(tmp_path, "a.docx", good_docx[: len(good_docx) // 2])
        s = sniff(p)
        assert s.issue.code == "file.corrupt"
        assert "截断" in s.issue.message

    def test_says_wrong_extension_for_an_xlsx_named_docx_and_the_reverse(self, tmp_path, good_docx, good_xlsx):
        s = sniff(write(tmp_path, "a.docx", good_xlsx))
        assert s.issue.code == "file.wrong_extension" and "Excel" in s.issue.message and s.kind is None
        s = sniff(write(tmp_path, "b.xlsx", good_docx))
        assert s.issue.code == "file.wrong_extension" and "Word" in s.issue.message

    def test_says_wrong_extension_for_a_pdf_named_docx(self, tmp_path):
        assert code_of(write(tmp_path, "a.docx", b"%PDF-1.4\n")) == "file.wrong_extension"

    @pytest.mark.parametrize("name", ["a.doc", "a.xls"])
    def test_asks_to_resave_old_binary_formats(self, tmp_path, name):
        s = sniff(write(tmp_path, name, ole2_bytes("WordDocument", "SummaryInformation")))
        assert s.issue.code == "file.legacy_format"
        assert "另存为" in s.issue.message

    @pytest.mark.parametrize("name", ["a.docx", "a.xlsx"])
    def test_recognises_encrypted_ooxml_in_an_ole2_container(self, tmp_path, name):
        data = ole2_bytes("EncryptionInfo", "EncryptedPackage")
        assert code_of(write(tmp_path, name, data)) == "file.encrypted"

    def test_calls_a_doc_renamed_docx_legacy(self, tmp_path):
        s = sniff(write(tmp_path, "a.docx", ole2_bytes("WordDocument")))
        assert s.issue.code == "file.legacy_format" and ".docx" in s.issue.message

    def test_refuses_macro_enabled_files(self, tmp_path, good_docx, good_xlsx):
        assert code_of(write(tmp_path, "a.docm", good_docx)) == "file.macro_enabled"
        assert code_of(write(tmp_path, "a.xlsm", good_xlsx)) == "file.macro_enabled"
        with_vba = rezip(good_docx, add={"word/vbaProject.bin": b"\0" * 64})
        assert code_of(write(tmp_path, "b.docx", with_vba)) == "file.macro_enabled"

    def test_refuses_a_zip_with_too_many_members(self, tmp_path, good_docx):
        data = rezip(good_docx, add={f"extra/part{i}.xml": b"<a/>" for i in range(50)})
        s = sniff(write(tmp_path, "a.docx", data), Settings(max_members=40))
        assert s.issue.code == "file.zip_bomb" and "上限 40" in s.issue.message

    def test_refuses_a_zip_that_inflates_past_the_cap(self, tmp_path, good_docx):
        # 30 MB of zeros deflates to ~30 KB: both the total cap and the ratio cap catch it.
        data = rezip(good_docx, add={"word/media/zeros.bin": b"\0" * (30 * 1024 * 1024)})
        p = write(tmp_path, "a.docx", data)
        assert os.path.getsize(p) < 200_000
        assert code_of(p, Settings(max_uncompressed_mb=20, max_file_mb=10)) == "file.zip_bomb"
        s = sniff(p)  # default caps: 200 MB total, but a 1000:1 member
        assert s.issue.code == "file.zip_bomb" and "压缩比" in s.issue.message

    def test_never_inflates_a_bomb_to_judge_it(self, tmp_path, good_docx):
        # A member declaring 10 GB is judged by its header; reading it would take minutes.
        p = write(tmp_path, "a.docx", good_docx)
        with zipfile.ZipFile(p) as zf:
            infos = zf.infolist()
        infos[0].file_size = 10 * 1024**3
        from docgen.intake import _bomb_detail

        assert "解压后" in _bomb_detail(infos, Settings())

    @pytest.mark.parametrize("payload", [BILLION_LAUGHS, XXE], ids=["billion-laughs", "external-entity"])
    def test_refuses_xml_with_doctype_or_entities(self, tmp_path, good_docx, payload):
        data = rezip(good_docx, replace={"word/document.xml": payload})
        assert code_of(write(tmp_path, "a.docx", data)) == "file.unsafe_xml"

    def test_refuses_unknown_types(self, tmp_path):
        assert code_of(write(tmp_path, "a.txt", b"hello")) == "file.unsupported_type"

    def test_names_an_opendocument_file(self, tmp_path):
        import io

        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
            zf.writestr("content.xml", "<a/>")
        s = sniff(write(tmp_path, "a.docx", buf.getvalue()))
        assert s.issue.code == "file.wrong_extension" and "OpenDocument" in s.issue.message

    def test_never_modifies_the_file(self, tmp_path, good_docx):
        cases = [write(tmp_path, "ok.docx", good_docx), write(tmp_path, "t.docx", good_docx[:100]),
                 write(tmp_path, "x.docx", rezip(good_docx, replace={"word/document.xml": XXE}))]
        before = [(sha256(p), os.stat(p).st_mtime_ns) for p in cases]
        for p in cases:
            sniff(p)
        assert [(sha256(p), os.stat(p).st_mtime_ns) for p in cases] == before


class TestSettings:
    def test_has_the_documented_defaults(self):
        s = Settings()
        assert (s.max_file_mb, s.max_uncompressed_mb, s.max_members) == (50, 200, 2000)

    @pytest.mark.parametrize("kw", [{"max_file_mb": 0}, {"max_members": -1}, {"max_members": 2.5},
                                    {"jobs": 0}, {"max_file_mb": "big"}, {"max_uncompressed_mb": 10}])
    def test_refuses_nonsense(self, kw):
        from docgen.errors import UsageError

        with pytest.raises(UsageError):
            Settings(**kw)

    def test_runs_small_batches_in_process(self):
        assert Settings().workers(20) == 1
        assert Settings(jobs=2).workers(21) == 2
        assert Settings(jobs=1).workers(500) == 1
