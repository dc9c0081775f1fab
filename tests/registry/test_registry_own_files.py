"""The registry knows its own files, so importing the folder that holds it never records them."""

import json

from docgen.registry.db import open_registry
from docgen.registry.decisions import rows_from_list


def test_an_sqlite_registry_names_its_database_wal_and_shm(tmp_path):
    db = tmp_path / "reg.sqlite3"
    with open_registry(f"sqlite:///{db}") as reg:
        assert reg.own_files() == [db, tmp_path / "reg.sqlite3-wal", tmp_path / "reg.sqlite3-shm"]


def test_a_published_list_gives_rows_with_the_applicant_matched_by_name(tmp_path):
    data = tmp_path / "名单.json"
    data.write_text(json.dumps([
        {"city": "宝鸡市", "county": "凤翔区", "cluster_name": "凤翔区白酒产业集群", "leading_industry": "白酒",
         "applicant_org": "凤翔区工业和信息化局"},
    ], ensure_ascii=False), encoding="utf-8")
    assert rows_from_list(data) == [{"city": "宝鸡市", "county": "凤翔区", "cluster_name": "凤翔区白酒产业集群",
                                     "leading_industry": "白酒", "applicant_org": "凤翔区工业和信息化局"}]
