"""Alembic environment, run programmatically by `docgen.registry.db` (no alembic.ini needed).

The caller passes an open connection in `config.attributes["connection"]`; migrations run inside
the caller's transaction so a failed upgrade leaves the database as it was.
"""

from alembic import context

from docgen.registry.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
