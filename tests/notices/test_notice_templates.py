"""Notice templates: docxtpl files a clerk re-words in Word, linted against what each notice supplies."""

from __future__ import annotations

import shutil
import zipfile

import pytest
from notice_samples import KINDS

from docgen.formats.gongwen.title import balance_title, text_width
from docgen.notices import check_notice_template, template_variables
from docgen.notices.kinds import template_path


@pytest.mark.parametrize("kind", KINDS)
def test_shipped_templates_match_their_notice(kind):
    path = template_path(kind)
    assert path.is_file()
    assert check_notice_template(path) == []


def test_template_variables_of_a_kind():
    assert {"title", "date_text", "period_start", "period_end", "period_days"} <= template_variables("publicity")
    assert "grounds_text" in template_variables("revocation")
    assert "period_start" not in template_variables("announcement")


def _rewrite(src, dst, old: str, new: str):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                assert old.encode() in data
                data = data.replace(old.encode(), new.encode())
            zout.writestr(item, data)


def test_a_reworded_template_with_an_unknown_or_missing_variable_is_reported(tmp_path):
    bad = tmp_path / "publicity.docx"
    _rewrite(template_path("publicity"), bad, "{{ period_end }}", "{{ period_finish }}")
    problems = check_notice_template(bad)
    assert any("period_finish" in p and "不提供" in p for p in problems)
    assert any("period_end" in p and "缺少必需变量" in p for p in problems)


def test_a_template_not_named_after_a_kind_says_so(tmp_path):
    other = tmp_path / "通知.docx"
    shutil.copy(template_path("review"), other)
    assert "无法判断" in check_notice_template(other)[0]
    assert check_notice_template(other, kind="review") == []


def test_broken_jinja_is_a_problem_not_a_crash(tmp_path):
    bad = tmp_path / "announcement.docx"
    _rewrite(template_path("announcement"), bad, "{{ title }}", "{{ title }")
    problems = check_notice_template(bad)
    assert len(problems) == 1 and "Jinja" in problems[0]


def test_titles_break_into_balanced_lines_without_splitting_words():
    assert balance_title("关于公布2026年度陕西省中小企业特色产业集群名单的通知") == [
        "关于公布2026年度陕西省", "中小企业特色产业集群名单的通知"]
    assert balance_title("关于印发实施办法的通知") == ["关于印发实施办法的通知"]
    long = "关于开展2026年度陕西省中小企业特色产业集群复核工作和年度培育情况监测评估有关事项的通知"
    lines = balance_title(long)
    assert len(lines) == 3 and "".join(lines) == long
    assert max(text_width(x) for x in lines) - min(text_width(x) for x in lines) <= 4
    assert not any(line.endswith("2") or line.startswith("026") for line in lines)
