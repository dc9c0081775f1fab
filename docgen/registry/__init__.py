"""The cluster registry (Articles 17–19): who is recognised, what they filed, what is due.

- `models` — the tables; `migrations/` — their Alembic history (run on open, never by hand);
- `db` — open a database (SQLite by default, PostgreSQL by URL), migrate it, hand out transactions;
- `matching` — which cluster a file belongs to (id, else county + name; never a guess);
- `importer` — validation reports → rows, idempotent per file, one transaction per import;
- `decisions` — recognise a published list (issuing ids), review results, revocations;
- `state`, `loading` — a cluster's standing from its rows; the whole registry in a few queries;
- `due` — the time rules; `history` — `show` and `export`;
- `evaluation`, `charts`, `evaluation_report` — the 集群发展评估报告 (laid out by `docgen.formats.evaluation_docx`);
- `api` — what other parts of docgen call (`due_lists`, `prefill_for_cluster`).

Nothing here is imported by `docgen --help`; SQLAlchemy, Alembic and matplotlib load on use.
"""
