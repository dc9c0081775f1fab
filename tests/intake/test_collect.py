"""Walking the command line's files and folders: loops reported, same names kept apart."""

from __future__ import annotations

import os
from pathlib import Path

from docgen.intake import collect_inputs


def touch(p: Path, data: bytes = b"x") -> Path:
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(data)
    return p


class TestCollectInputs:
    def test_walks_folders_in_sorted_order_and_skips_other_files(self, tmp_path):
        touch(tmp_path / "in" / "b.xlsx")
        touch(tmp_path / "in" / "a.docx")
        touch(tmp_path / "in" / "kit.json")
        touch(tmp_path / "in" / "~$a.docx")  # Word's lock file
        touch(tmp_path / "in" / "sub" / "c.pdf")
        got = collect_inputs([tmp_path / "in"])
        assert [str(i.rel) for i in got] == ["a.docx", "b.xlsx", "sub/c.pdf"]
        assert all(i.issue is None for i in got)

    def test_keeps_explicitly_named_files_whatever_their_suffix(self, tmp_path):
        got = collect_inputs([touch(tmp_path / "notes.txt")])
        assert [i.path.name for i in got] == ["notes.txt"]

    def test_reports_a_missing_path_and_goes_on(self, tmp_path):
        got = collect_inputs([tmp_path / "nope.docx", touch(tmp_path / "a.docx")])
        assert [i.issue.code if i.issue else None for i in got] == ["file.not_found", None]

    def test_reports_a_symlink_loop_instead_of_following_it(self, tmp_path):
        touch(tmp_path / "in" / "sub" / "a.docx")
        os.symlink(tmp_path / "in", tmp_path / "in" / "sub" / "back")
        os.symlink("self.docx", tmp_path / "in" / "self.docx")  # a link to itself
        got = collect_inputs([tmp_path / "in"])
        codes = {str(i.rel): i.issue.code if i.issue else None for i in got}
        assert codes == {"self.docx": "file.symlink_loop", "sub/a.docx": None, "sub/back": "file.symlink_loop"}

    def test_keeps_same_named_files_from_two_folders_apart(self, tmp_path):
        a = touch(tmp_path / "西安" / "申报书.docx")
        b = touch(tmp_path / "宝鸡" / "申报书.docx")
        got = collect_inputs([a, b, a])
        rels = [str(i.rel) for i in got]
        assert rels[:2] == ["西安/申报书.docx", "宝鸡/申报书.docx"]
        assert len(set(rels)) == 3

    def test_takes_names_with_spaces_and_leading_dashes(self, tmp_path):
        p = touch(tmp_path / "-- 申报 书 .docx")
        got = collect_inputs([p])
        assert got[0].path == p and got[0].issue is None
