"""Integrity: idempotent imports, matching without guesses, transactions, concurrency, migrations."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from registry_builders import CLUSTERS, annual_record, entry, report
from sqlalchemy import func, select, text

from docgen.errors import InputError
from docgen.registry import models as m
from docgen.registry.importer import import_report

HERE = Path(__file__).parent
ROOT = HERE.parents[1]


def _count(registry, model) -> int:
    with registry.reading() as s:
        return s.scalar(select(func.count()).select_from(model))


def _env() -> dict:
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(HERE)])}


def test_same_file_twice_adds_one_row(registry, recognised):
    e = entry("annual", annual_record(CLUSTERS[0], 2024))
    first = import_report(registry, report(e))
    second = import_report(registry, report(e, e))
    assert [x["action"] for x in first.entries] == ["added"]
    assert [x["action"] for x in second.entries] == ["duplicate", "duplicate"]
    assert _count(registry, m.ImportedFile) == 1
    assert _count(registry, m.AnnualFiling) == 1


def test_a_race_lost_to_another_import_is_a_duplicate_not_a_failure(registry, recognised, monkeypatch):
    """As if a concurrent import committed the same files after this one looked: the unique constraint
    fires at flush, the batch is redone file by file, and each clash is reported as a duplicate."""
    from docgen.registry import importer

    first = [entry("annual", annual_record(c, 2024)) for c in CLUSTERS[:2]]
    import_report(registry, report(*first))
    real_init = importer._Batch.__init__

    def blind(self, session, entries):
        real_init(self, session, entries)
        self.known.clear()

    monkeypatch.setattr(importer._Batch, "__init__", blind)
    new = entry("annual", annual_record(CLUSTERS[2], 2024))
    result = import_report(registry, report(*first, new))
    assert [e["action"] for e in result.entries] == ["duplicate", "duplicate", "added"]
    assert _count(registry, m.ImportedFile) == 3
    assert _count(registry, m.AnnualFiling) == 3


def test_an_entry_without_content_is_reported_not_dropped(registry):
    gone = {"path": "不存在.xlsx", "sha256": None, "form": None, "form_version": None, "valid": False,
            "eligible": None, "issues": [{"code": "file.not_found", "severity": "error",
                                          "message": "找不到文件或文件夹。请检查路径。"}], "criteria": [], "data": None}
    result = import_report(registry, report(gone))
    assert [(e["action"], e["status"]) for e in result.entries] == [("skipped", "rejected")]
    assert "找不到文件" in result.entries[0]["note"] and not result.ok


def test_invalid_file_is_recorded_with_its_issues(registry, recognised):
    e = entry("annual", annual_record(CLUSTERS[0], 2024), valid=False)
    unreadable = {"path": "坏文件.xlsx", "sha256": "0" * 64, "form": None, "form_version": None, "valid": False,
                  "eligible": None, "issues": [{"code": "file.not_zip", "severity": "error", "message": "…"}],
                  "criteria": [], "data": None}
    result = import_report(registry, report(e, unreadable))
    assert [x["status"] for x in result.entries] == ["rejected", "rejected"]
    assert not result.ok
    with registry.reading() as s:
        files = list(s.scalars(select(m.ImportedFile).order_by(m.ImportedFile.id)))
        assert files[0].issues[0]["code"] == "field.required"
        assert files[1].issues[0]["code"] == "file.not_zip"
        assert "1 处错误" in files[0].note
    assert _count(registry, m.AnnualFiling) == 0


def test_unmatched_file_is_kept_and_attached_once_its_cluster_is_recognised(registry):
    from docgen.registry.decisions import recognise

    e = entry("annual", annual_record(CLUSTERS[0], 2024))
    first = import_report(registry, report(e))
    assert first.entries[0]["status"] == "unmatched" and "鄠邑区" in first.entries[0]["note"]
    recognise(registry, [CLUSTERS[0]], "陕工信发〔2024〕88号", date(2024, 6, 15))
    again = import_report(registry, report(e))
    assert (again.entries[0]["action"], again.entries[0]["status"]) == ("attached", "accepted")
    assert _count(registry, m.AnnualFiling) == 1
    assert import_report(registry, report(e)).entries[0]["action"] == "duplicate"


def test_a_wrong_county_is_not_guessed(registry, recognised):
    rec = annual_record(CLUSTERS[0], 2024)
    rec["county"] = "长安区"
    result = import_report(registry, report(entry("annual", rec)))
    assert result.entries[0]["status"] == "unmatched"
    assert "同名集群位于鄠邑区" in result.entries[0]["note"]


def test_unknown_cluster_id_is_not_guessed(registry, recognised):
    result = import_report(registry, report(entry("annual", annual_record(CLUSTERS[0], 2024, cluster_id="SX2024-099"))))
    assert result.entries[0]["status"] == "unmatched"
    assert "SX2024-099" in result.entries[0]["note"]


def test_a_name_in_two_counties_without_a_county_is_ambiguous(registry):
    from docgen.registry.decisions import recognise

    twins = [{"city": "西安市", "county": "鄠邑区", "cluster_name": "特色食品产业集群", "leading_industry": "食品"},
             {"city": "西安市", "county": "长安区", "cluster_name": "特色食品产业集群", "leading_industry": "食品"}]
    recognise(registry, twins, "陕工信发〔2024〕88号", date(2024, 6, 15))
    rec = annual_record(twins[0], 2024)
    rec["county"] = None
    result = import_report(registry, report(entry("annual", rec)))
    assert result.entries[0]["status"] == "ambiguous"
    assert "SX2024-001" in result.entries[0]["note"] and "SX2024-002" in result.entries[0]["note"]


def test_names_match_after_normalisation(registry, recognised):
    rec = annual_record(CLUSTERS[0], 2024)
    rec["cluster_name"] = " 鄠邑区 汽车零部件产业集群 "
    assert import_report(registry, report(entry("annual", rec))).entries[0]["status"] == "accepted"


def test_an_interrupted_import_leaves_the_database_as_before(registry, recognised):
    entries = [entry("annual", annual_record(c, 2024)) for c in CLUSTERS]

    def boom(i, _outcome):
        if i == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_report(registry, report(*entries), after_each=boom)
    assert _count(registry, m.ImportedFile) == 0
    assert _count(registry, m.AnnualFiling) == 0


KILLED = """
import json, os, sys
from docgen.registry.db import open_registry
from docgen.registry.importer import import_report
rep = json.load(open(sys.argv[2], encoding="utf-8"))
def die(i, _):
    if i == 3:
        os._exit(9)  # as a kill -9 would: no rollback, no cleanup
import_report(open_registry(sys.argv[1]), rep, after_each=die)
"""


def test_a_killed_import_leaves_no_partial_rows(registry, recognised, db_url, tmp_path):
    rep = report(*[entry("annual", annual_record(c, y)) for c in CLUSTERS for y in (2024, 2025)])
    path = tmp_path / "report.json"
    path.write_text(json.dumps(rep, ensure_ascii=False), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", KILLED, db_url, str(path)], env=_env(), capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 9, proc.stderr
    assert _count(registry, m.ImportedFile) == 0
    assert _count(registry, m.AnnualFiling) == 0
    # And the database is usable: the same import now goes through.
    assert import_report(registry, rep).summary["added"] == 8


CONCURRENT = """
import json, sys
from docgen.registry.db import open_registry
from docgen.registry.importer import import_report
rep = json.load(open(sys.argv[2], encoding="utf-8"))
print(json.dumps(import_report(open_registry(sys.argv[1]), rep).summary))
"""


def test_two_imports_at_once_leave_no_duplicate(registry, recognised, db_url, tmp_path):
    rep = report(*[entry("annual", annual_record(c, y, scale=1 + y % 7 / 10)) for c in CLUSTERS
                   for y in range(2024, 2034)])
    path = tmp_path / "report.json"
    path.write_text(json.dumps(rep, ensure_ascii=False), encoding="utf-8")
    procs = [subprocess.Popen([sys.executable, "-c", CONCURRENT, db_url, str(path)], env=_env(),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=180) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [o[1][-2000:] for o in outs]
    summaries = [json.loads(o[0]) for o in outs]
    assert sum(s["added"] for s in summaries) == 40
    assert sum(s["duplicate"] for s in summaries) == 40
    assert _count(registry, m.ImportedFile) == 40
    assert _count(registry, m.AnnualFiling) == 40


# --- the database itself -------------------------------------------------------------------------

def test_sqlite_runs_in_wal_mode(tmp_path):
    from docgen.registry.db import open_registry

    with open_registry(str(tmp_path / "r.sqlite3")) as reg, reg.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_default_location_and_env(tmp_path, monkeypatch):
    from docgen.registry.db import resolve_url

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DOCGEN_DB", raising=False)
    assert resolve_url() == f"sqlite:///{tmp_path / 'outputs' / 'registry.sqlite3'}"
    monkeypatch.setenv("DOCGEN_DB", "postgresql+psycopg://u@h/db")
    assert resolve_url() == "postgresql+psycopg://u@h/db"
    assert resolve_url("x.sqlite3") == f"sqlite:///{tmp_path / 'x.sqlite3'}"


def test_models_match_the_migrations(registry):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    import docgen.portal.models  # noqa: F401 — the portal's tables (revision 0003) share the registry's base

    with registry.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), m.Base.metadata)
    assert diff == []


def test_an_older_schema_is_migrated_with_its_data(db_url):
    from alembic import command
    from sqlalchemy import create_engine

    from docgen.registry.db import _alembic_config, head_revision, open_registry

    engine = create_engine(db_url)
    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "0001")
        conn.execute(text("INSERT INTO clusters (cluster_id, cluster_name, name_key, city, county, leading_industry,"
                          " created_at) VALUES ('SX2024-001', '鄠邑区汽车零部件产业集群', '鄠邑区汽车零部件产业集群',"
                          " '西安市', '鄠邑区', '汽车零部件', '2024-06-15 00:00:00')"))
    engine.dispose()
    with open_registry(db_url) as reg, reg.reading() as s:
        assert s.scalar(text("SELECT version_num FROM alembic_version")) == head_revision() == "0006"
        assert s.scalar(select(m.Cluster.cluster_name)) == "鄠邑区汽车零部件产业集群"
        assert s.scalar(select(func.count()).select_from(m.Setting)) == 0


def test_a_newer_schema_is_refused_not_misread(db_url):
    from sqlalchemy import create_engine

    from docgen.registry.db import open_registry

    with open_registry(db_url):  # a registry at the head revision
        pass
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    engine.dispose()
    with pytest.raises(InputError, match="比本程序新"), open_registry(db_url):
        pass


def test_a_foreign_database_is_refused(tmp_path):
    import sqlite3

    from docgen.registry.db import open_registry

    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE payroll (id INTEGER)")
    with pytest.raises(InputError, match="不是 docgen 集群名录"), open_registry(str(path)):
        pass
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(InputError), open_registry(str(junk)):
        pass
    assert junk.read_bytes() == b"this is not a database" * 100


def test_reading_a_registry_that_does_not_exist_says_so(tmp_path):
    from docgen.registry.api import due_lists

    missing = tmp_path / "none.sqlite3"
    with pytest.raises(InputError, match="找不到集群名录数据库"):
        due_lists(date(2025, 4, 1), db_url=str(missing))
    assert not missing.exists()


def test_prefill_for_cluster(registry, recognised, db_url):
    from docgen.errors import UsageError
    from docgen.registry.api import prefill_for_cluster

    registry.dispose()
    assert prefill_for_cluster("sx2024-002", db_url=db_url) == {
        "cluster_id": "SX2024-002", "cluster_name": CLUSTERS[1]["cluster_name"], "city": "宝鸡市",
        "county": "陈仓区", "recognition_year": 2024}
    with pytest.raises(UsageError, match="SX2024-099"):
        prefill_for_cluster("SX2024-099", db_url=db_url)
