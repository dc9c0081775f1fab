"""Shared inputs of the notice tests: a cluster list and the five notices generated from it once."""

from __future__ import annotations

import json

import pytest
from notice_samples import CLUSTERS, DOC_NUMBER, KINDS, NOTICE_DATE


@pytest.fixture(scope="session")
def clusters_json(tmp_path_factory):
    path = tmp_path_factory.mktemp("lists") / "clusters.json"
    path.write_text(json.dumps(CLUSTERS, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def notices(tmp_path_factory, clusters_json):
    """{kind: path} of the five notices, generated once per test session."""
    from docgen.notices import NoticeRequest, load_entries, make_notice

    out = tmp_path_factory.mktemp("notices")
    made = {}
    for kind in KINDS:
        request = NoticeRequest(kind, load_entries(clusters_json, kind), DOC_NUMBER, NOTICE_DATE,
                                cc=["工业和信息化部中小企业局", "各设区市人民政府"])
        made[kind] = make_notice(request, out=out / f"{kind}.docx").docx
    return made
