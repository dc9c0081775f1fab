"""The cluster registry (Articles 17–19): who is recognised, what they filed, what is due.

Modules: `models` (tables), `db` (open a database, migrate it, transactions), `matching` (file →
cluster), `importer` (validation reports → rows), `decisions` (recognise / review / revoke),
`due` (the time rules), `history` (show / export), `evaluation` (集群发展评估报告), `api` (what other
parts of docgen call). Nothing here imports SQLAlchemy at package import time.
"""
