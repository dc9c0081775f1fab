"""Registry benchmark (issue 6): import 1,000 report entries, import real files, `due` over 500 clusters.

    python tests/registry/bench_registry.py [--db URL] [--files 40]

Not a test (no timing assertions): prints medians. Entries are built from `docgen.samples` records and
go through `import_report`, the same code path `registry import` uses after validation.
"""

from __future__ import annotations

import argparse
import copy
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parents[2]))

from registry_builders import entry, report  # noqa: E402

from docgen.divisions import city_for, counties_by_city  # noqa: E402


def clusters(n: int) -> list[dict]:
    counties = [c for cs in counties_by_city().values() for c in cs]
    out = []
    for i in range(n):
        county = counties[i % len(counties)]
        out.append({"city": city_for(county), "county": county, "cluster_name": f"{county}特色产业集群{i:03d}",
                    "leading_industry": "装备制造"})
    return out


def fresh(url: str | None, tmp: Path, tag: str) -> str:
    """The URL of a new, empty database for one run (opened by the caller in a `with`)."""
    if url:
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url

        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        name = f"docgen_bench_{tag}"
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        return make_url(url).set(database=name).render_as_string(hide_password=False)
    return str(tmp / f"{tag}.sqlite3")


def bench_entries(url, tmp, runs=3):
    from docgen.registry.decisions import recognise
    from docgen.registry.importer import import_report
    from docgen.samples import valid_record

    cs = clusters(500)
    base = valid_record("annual", 2026)
    entries = []
    for i, c in enumerate(cs):
        for year in (2024, 2025):
            rec = copy.deepcopy(base)
            rec.update({k: c[k] for k in ("city", "county", "cluster_name")}, cluster_id=None, report_year=year)
            entries.append(entry("annual", rec, salt=str(i)))
    from docgen.registry.db import open_registry
    from docgen.registry.due import due_lists

    times, due_times = [], []
    for r in range(runs):
        with open_registry(fresh(url, tmp, f"e{r}")) as reg:
            recognise(reg, cs, "陕工信发〔2024〕88号", date(2024, 6, 15))
            t0 = time.perf_counter()
            result = import_report(reg, report(*entries))
            times.append(time.perf_counter() - t0)
            assert result.summary["accepted"] == 1000, result.summary
            for _ in range(3):
                t0 = time.perf_counter()
                due = due_lists(reg, date(2027, 6, 20))
                due_times.append(time.perf_counter() - t0)
    return statistics.median(times), statistics.median(due_times), due


def bench_files(url, tmp, n):
    from docgen.formats.xlsx_fill import fill_xlsx
    from docgen.generate import new_form
    from docgen.registry.decisions import recognise
    from docgen.registry.importer import import_paths, import_report
    from docgen.samples import valid_record

    cs = clusters(n)
    folder = tmp / "files"
    folder.mkdir()
    blank = new_form("annual", tmp / "blank", year=2025)
    for c in cs:
        rec = valid_record("annual", 2026, county=c["county"], cluster=c["cluster_name"])
        rec["cluster_id"] = None
        fill_xlsx(blank, rec, folder / f"{c['cluster_name']}.xlsx")
    from docgen.pipeline import validate_paths
    from docgen.registry.db import open_registry

    with open_registry(fresh(url, tmp, "files")) as reg:
        recognise(reg, cs, "陕工信发〔2024〕88号", date(2024, 6, 15))
        t0 = time.perf_counter()
        rep = validate_paths([str(folder)])
        t_validate = time.perf_counter() - t0
        t0 = time.perf_counter()
        result = import_report(reg, rep)
        t_record = time.perf_counter() - t0
        assert result.summary["accepted"] == n, [e for e in result.entries if e["status"] != "accepted"][:2]
    with open_registry(fresh(url, tmp, "files2")) as reg2:
        recognise(reg2, cs, "陕工信发〔2024〕88号", date(2024, 6, 15))
        t0 = time.perf_counter()
        import_paths(reg2, [str(folder)])
        t_total = time.perf_counter() - t0
    return t_validate, t_record, t_total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", help="PostgreSQL server URL (a scratch database is created on it)")
    ap.add_argument("--files", type=int, default=40)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        t_import, t_due, due = bench_entries(args.db, tmp)
        print(f"import 1,000 report entries (500 clusters × 2 years): {t_import:.2f} s median "
              f"({t_import:.2f} ms per entry)")
        print(f"due over 500 clusters: {t_due * 1000:.0f} ms median "
              f"({len(due['annual_overdue'])} overdue, {len(due['reviews_due'])} reviews, "
              f"{len(due['revocation_candidates'])} candidates)")
        tv, tr, tt = bench_files(args.db, tmp, args.files)
        n = args.files
        print(f"import {n} real .xlsx files: validate {tv:.2f} s + record {tr:.3f} s; whole import_paths {tt:.2f} s "
              f"({tt / n * 1000:.0f} ms per file)")


if __name__ == "__main__":
    main()
