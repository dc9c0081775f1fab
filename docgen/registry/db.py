"""Open a registry database: resolve its URL, migrate it to the code's schema, hand out transactions.

SQLite (the default, `outputs/registry.sqlite3` under the current folder) runs in WAL mode with a
busy timeout, and write transactions start with BEGIN IMMEDIATE so two imports at once queue up
instead of failing half-way. Any database is brought to the head Alembic revision when opened; one
whose revision this docgen does not know (made by a newer docgen) or that is not a registry at all is
refused with a message, never read as if it were ours.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from docgen.errors import InputError, UsageError

DEFAULT_PATH = Path("outputs") / "registry.sqlite3"
ENV_VAR = "DOCGEN_DB"
BUSY_TIMEOUT_MS = 60_000
MIGRATIONS = Path(__file__).with_name("migrations")
_PG_LOCK_KEY = 0x646F6367656E  # "docgen"


def resolve_url(db: str | None = None) -> str:
    """`--db` (a URL or a file path), else DOCGEN_DB, else the default SQLite file."""
    raw = db or os.environ.get(ENV_VAR) or str(DEFAULT_PATH)
    if "://" in raw:
        return raw
    return f"sqlite:///{Path(raw).expanduser().absolute()}"


def _alembic_config(connection):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


@lru_cache(maxsize=1)
def head_revision() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(cfg).get_current_head()


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    # Python's sqlite3 opens transactions itself; let SQLAlchemy's begin event do it instead.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def _sqlite_begin(conn) -> None:
    # Writers take the write lock up front: a deferred transaction that reads and then writes fails
    # with SQLITE_BUSY when another writer got in between, instead of waiting its turn.
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("docgen_write") else "BEGIN")


class Registry:
    """An open, migrated registry database."""

    def __init__(self, url: str, engine):
        self.url = url
        self.engine = engine

    @contextmanager
    def transaction(self):
        """A session whose work is committed at the end of the block, or not at all."""
        with self._session(self.engine.execution_options(docgen_write=True)) as session:
            yield session

    @contextmanager
    def reading(self):
        with self._session(self.engine) as session:
            yield session

    @contextmanager
    def _session(self, bind):
        from sqlalchemy.exc import OperationalError
        from sqlalchemy.orm import Session

        try:
            with Session(bind, expire_on_commit=False) as session:
                with session.begin():
                    yield session
        except OperationalError as exc:
            # Locked past the busy timeout, server gone, disk full: nothing was written.
            raise InputError(f"数据库 {self.url} 暂时无法使用（{exc.orig}），本次操作未写入任何内容。"
                             "请稍后重试；若反复出现，请检查是否有其他程序长时间占用该数据库。") from exc

    def dispose(self) -> None:
        self.engine.dispose()

    # `with open_registry(db) as reg:` is the one way to hold it: the engine's connections (and SQLite's
    # WAL files) are released however the block ends.
    def own_files(self) -> list[Path]:
        """The files of an SQLite registry (the database, its WAL and shared-memory files): an input
        folder holding them must never have them "imported". [] for a server database."""
        if not self.url.startswith("sqlite:///"):
            return []
        base = Path(self.url.removeprefix("sqlite:///"))
        return [base, base.with_name(base.name + "-wal"), base.with_name(base.name + "-shm")]

    def __enter__(self) -> Registry:
        return self

    def __exit__(self, *exc_info) -> None:
        self.dispose()


def _make_engine(url: str):
    from sqlalchemy import create_engine, event
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    try:
        if url.startswith("sqlite"):
            path = url.split(":///", 1)[1] if ":///" in url else ""
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
            event.listen(engine, "connect", _sqlite_pragmas)
            event.listen(engine, "begin", _sqlite_begin)
        else:
            engine = create_engine(url, pool_pre_ping=True)
    except (ArgumentError, NoSuchModuleError) as exc:
        raise UsageError(f"数据库地址「{url}」无法使用（{exc}）。请写成文件路径，或 "
                         "postgresql+psycopg://用户@主机/库名 形式的地址。") from exc
    return engine


def _migrate(engine, url: str) -> None:
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from sqlalchemy import inspect
    from sqlalchemy.exc import DatabaseError, OperationalError

    try:
        with engine.execution_options(docgen_write=True).begin() as conn:
            if conn.dialect.name == "postgresql":
                # Two docgen processes opening a new database at once: one migrates, the other waits.
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_LOCK_KEY})")
            current = MigrationContext.configure(conn).get_current_revision()
            if current is None and inspect(conn).get_table_names():
                raise InputError(f"数据库 {url} 中已有其他数据表，不是 docgen 集群名录。请用 --db 指定名录数据库或新的文件。")
            cfg = _alembic_config(conn)
            script = ScriptDirectory.from_config(cfg)
            if current is not None and current not in {r.revision for r in script.walk_revisions()}:
                raise InputError(f"数据库 {url} 的结构版本「{current}」比本程序新（本程序最高为「{head_revision()}」）。"
                                 "请升级 docgen 后再使用，以免误读。")
            if current != script.get_current_head():
                command.upgrade(cfg, "head")
    except OperationalError as exc:
        raise InputError(f"无法打开数据库 {url}：{exc.orig}。请检查地址、权限与数据库服务是否在运行。") from exc
    except DatabaseError as exc:
        raise InputError(f"{url} 不是可用的数据库文件（{exc.orig}）。请用 --db 指定正确的名录数据库。") from exc


def open_registry(db: str | None = None, *, create: bool = True) -> Registry:
    """Open and migrate the registry at `db` / DOCGEN_DB / the default path; use it as a context manager.

    `create=False` (commands that only read) refuses a SQLite file that does not exist yet, instead of
    answering from a new empty registry as if nothing were due.
    """
    url = resolve_url(db)
    if not create and url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        if str(path) != ":memory:" and not path.exists():
            raise InputError(f"找不到集群名录数据库 {path}。请先用 docgen registry recognise 登记认定名单，"
                             "或用 --db / 环境变量 DOCGEN_DB 指定名录数据库。")
    engine = _make_engine(url)
    try:
        _migrate(engine, url)
    except BaseException:
        engine.dispose()
        raise
    return Registry(url, engine)
