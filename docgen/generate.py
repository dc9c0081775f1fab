"""Blank forms: what to pre-fill, which years the headings show, and where the file goes.

The formats layer renders (`docgen.formats.docx_form.render_form`, `docgen.formats.xlsx_form.render_form`,
both `(schema, manifest, prefill, out_path) -> None`, writing atomically); this module decides the content.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from docgen import catalogue
from docgen.atomic import write_text_atomic
from docgen.catalogue import cities
from docgen.divisions import all_counties, city_for
from docgen.errors import UsageError
from docgen.manifest import Manifest
from docgen.schema import FormSchema, load_form
from docgen.years import years_for


def check_county(county: str) -> str:
    """The county's city; a clear UsageError listing valid names otherwise."""
    city = city_for(county)
    if city is None:
        names = "、".join(all_counties())
        raise UsageError(f"「{county}」不是陕西省的县级行政区划名称（GB/T 2260）。可用的名称：{names}")
    return city


def prefill_for(schema: FormSchema, *, county: str | None = None, city: str | None = None,
                cluster: str | None = None, year: int | None = None, cluster_id: str | None = None,
                extra: dict | None = None) -> dict:
    """Values known before anyone fills the form, keyed by field id (only ids the form has)."""
    values: dict = {}
    if county:
        values["county"] = county
        values["city"] = check_county(county)
    if city:
        if city not in cities():
            raise UsageError(f"「{city}」不是设区市。可用：{'、'.join(cities())}")
        values["city"] = city
    if cluster:
        values["cluster_name"] = cluster
    if cluster_id:
        values["cluster_id"] = cluster_id
    rule = catalogue.year_rule(schema.id)
    if rule:  # a form that states its anchor year (report_year, plan_start) gets it pre-filled
        values[rule.anchor] = rule.anchor_year(year or None)
    values.update(extra or {})
    ids = set(schema.slot_ids())
    return {k: v for k, v in values.items() if k in ids}


def manifest_for(schema: FormSchema, year: int | None) -> Manifest:
    return Manifest(form=schema.id, version=schema.version, fingerprint=schema.fingerprint,
                    years=years_for(schema, year))


def _renderer(schema: FormSchema):
    if schema.format == "docx":
        from docgen.formats.docx_form import render_form
    else:
        from docgen.formats.xlsx_form import render_form
    return render_form


def file_name(schema: FormSchema, county: str | None = None, cluster: str | None = None) -> str:
    who = cluster or county
    stem = f"{schema.title}-{who}" if who else schema.title
    return f"{stem}.{schema.format}"


def new_form(form_id: str, outdir: Path, *, county: str | None = None, city: str | None = None,
             cluster: str | None = None, year: int | None = None, cluster_id: str | None = None,
             extra: dict | None = None, filename: str | None = None) -> Path:
    """Render one blank (pre-filled) form into `outdir`; returns its path."""
    schema = load_form(form_id)
    prefill = prefill_for(schema, county=county, city=city, cluster=cluster, year=year,
                          cluster_id=cluster_id, extra=extra)
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    out = outdir / (filename or file_name(schema, county, cluster))
    _renderer(schema)(schema, manifest_for(schema, year), prefill, out)
    return out


def kit(county: str, outdir: Path, *, year: int | None = None) -> list[Path]:
    """Every form a county fills, in one folder, with `kit.json` listing them."""
    city = check_county(county)
    outdir = Path(outdir)
    forms = catalogue.kit_forms()
    paths = [new_form(fid, outdir, county=county, year=year) for fid in forms]
    listing = {
        "county": county, "city": city, "generated": dt.datetime.now().isoformat(timespec="seconds"),
        "forms": [
            {"form": e.id, "title": e.title, "version": e.version, "file": p.name, "fill_by": e.filled_by or None}
            for e, p in zip(map(catalogue.entry, forms), paths, strict=True)
        ],
    }
    write_text_atomic(outdir / "kit.json", json.dumps(listing, ensure_ascii=False, indent=2))
    return paths


__all__ = ["kit", "new_form", "prefill_for", "years_for"]
