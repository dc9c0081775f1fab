"""Registry fixtures: a fresh database per test — SQLite always, PostgreSQL too when
DOCGEN_TEST_PG_URL names a server (scripts/ci-postgres.sh sets it)."""

from __future__ import annotations

import os
import uuid
from datetime import date

import pytest
from registry_builders import CLUSTERS

PG_URL = os.environ.get("DOCGEN_TEST_PG_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


def _pg_url(name: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(PG_URL).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def pg_admin():
    """An AUTOCOMMIT connection to the test server and an empty template database (copying a
    template is faster than creating a database from scratch for every test)."""
    if not PG_URL:
        yield None
        return
    from sqlalchemy import create_engine, text

    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    template = f"docgen_tpl_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{template}"'))
    yield admin, template
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path, pg_admin):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'registry.sqlite3'}"
        return
    from sqlalchemy import text

    admin, template = pg_admin
    name = f"docgen_test_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    yield _pg_url(name)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
def registry(db_url):
    from docgen.registry.db import open_registry

    with open_registry(db_url) as reg:
        yield reg


@pytest.fixture
def recognised(registry):
    """The four test clusters, recognised on 2024-06-15 by one list."""
    from docgen.registry.decisions import recognise

    done = recognise(registry, [dict(c) for c in CLUSTERS], "陕工信发〔2024〕88号", date(2024, 6, 15))
    return {d.cluster_name: d.cluster_id for d in done}
