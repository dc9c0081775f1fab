"""The form catalogue and the programme's constants: one source of truth for both.

`schemas/programme.yaml` holds the constants (the 12 city-level units, the annual deadline, the
default policy, the term of a recognition …) and the catalogue's order: the ids of the forms. Each
form's `form:` block in `schemas/<id>.yaml` says the rest — title, format, version, template, which
relative years it shows, whether a county's kit holds it, whether it belongs to a registered
cluster, its cover and instruction wording. Every list of forms in docgen is derived from here
(docs/catalogue.md): adding a form is a schema, a template and its id in programme.yaml.

Plain records, no format code. Read from `docgen.resources.root()`, cached per root.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from docgen.errors import ConfigError, UsageError
from docgen.resources import root

THIS_YEAR, LAST_YEAR = "this_year", "last_year"
FORMATS = ("docx", "xlsx")


@dataclass(frozen=True)
class Programme:
    """The constants of 陕工信发〔2023〕89号 that schemas and code share."""

    forms: tuple[str, ...]
    cities: tuple[str, ...]
    city_level_counties: dict[str, tuple[str, ...]]
    annual_deadline: tuple[int, int]  # (month, day) of the year after the report year
    change_report_days: int
    term_years: int
    title_recent_years: int
    default_policy: str
    name: str  # 陕西省中小企业特色产业集群
    measures: str  # 《…实施办法（暂行）》（陕工信发〔2023〕89号）
    issuer: str
    recipients: str

    def annual_deadline_for(self, report_year: int) -> dt.date:
        """The day the annual table for `report_year` is due."""
        return dt.date(report_year + 1, *self.annual_deadline)

    def next_annual_deadline(self, on: dt.date) -> dt.date:
        """The first annual deadline on or after `on` (a call drafted in December is for next spring)."""
        this = dt.date(on.year, *self.annual_deadline)
        return this if this >= on else dt.date(on.year + 1, *self.annual_deadline)

    @property
    def deadline_text(self) -> str:
        """"3月31日"."""
        return f"{self.annual_deadline[0]}月{self.annual_deadline[1]}日"

    @property
    def deadline_mmdd(self) -> str:
        """"03-31", as the registry's setting is written."""
        return f"{self.annual_deadline[0]:02d}-{self.annual_deadline[1]:02d}"


@dataclass(frozen=True)
class YearRule:
    """Which calendar years a form's relative year keys stand for (docs/data-dictionary.md, "Years").

    `anchor` is what `--year` means for the form (a field of the form when it has one: report_year,
    plan_start); `default` the anchor when none is given; `offsets` each key's distance from it.
    """

    anchor: str
    default: str  # this_year | last_year
    offsets: dict[str, int]

    def anchor_year(self, year: int | None = None, today: dt.date | None = None) -> int:
        if year is not None:
            return year
        this = (today or dt.date.today()).year
        return this - 1 if self.default == LAST_YEAR else this

    def years(self, year: int | None = None, today: dt.date | None = None) -> dict[str, int]:
        y = self.anchor_year(year, today)
        return {k: y + off for k, off in self.offsets.items()}

    def anchor_from(self, years: dict) -> int | None:
        """The anchor year back from the keys' years (the application year from y1…y3)."""
        for k, off in self.offsets.items():
            v = years.get(k) if isinstance(years, dict) else None
            if isinstance(v, int) and not isinstance(v, bool):
                return v - off
        return None


@dataclass(frozen=True)
class FormEntry:
    """One form of the catalogue, as its schema's `form:` block describes it."""

    id: str
    title: str
    format: str  # docx | xlsx
    version: str
    template: str
    filled_by: str = ""
    articles: str = ""
    years: YearRule | None = None
    kit: bool = False  # a county's kit holds it
    cluster: bool = False  # only means something attached to a registered cluster (registry import)
    package: bool = False  # part of an application round's package (the portal: 申报书 + 三年发展规划)
    filing: bool = False  # a recognised cluster's filing through its city (the portal: annual table, change report)
    cover: dict = field(default_factory=dict, compare=False, hash=False)  # docx: who, subtitle
    instructions: dict = field(default_factory=dict, compare=False, hash=False)  # xlsx: deadline, notes
    schema_path: str = ""

    @property
    def short_title(self) -> str:
        """The title without the programme's name (the cover prints that on its own line)."""
        return self.title.removeprefix(programme().name)


def read_yaml(path: Path) -> dict:
    """A schema file as a mapping; ConfigError (in Chinese, naming the file) when missing or broken."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"找不到表格定义文件 {path}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"表格定义文件 {path.name} 不是合法的 YAML：{exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"表格定义文件 {path.name} 有误：顶层应为映射")
    return data


def _need(path: Path, data: dict, key: str, kind: type | tuple = str):
    value = data.get(key)
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise ConfigError(f"表格定义文件 {path.name} 有误：缺少 {key} 或其类型不对")
    return value


@cache
def _programme(base: Path) -> Programme:
    path = base / "schemas" / "programme.yaml"
    raw = read_yaml(path)
    deadline = _need(path, raw, "annual_deadline", dict)
    try:
        month, day = int(deadline["month"]), int(deadline["day"])
        dt.date(2001, month, day)  # a non-leap year: 2月29日 is no deadline
    except (KeyError, TypeError, ValueError):
        raise ConfigError(f"表格定义文件 {path.name} 有误：annual_deadline 应为 {{month: 3, day: 31}}") from None
    forms = tuple(str(f) for f in _need(path, raw, "forms", list))
    if len(set(forms)) != len(forms):
        raise ConfigError(f"表格定义文件 {path.name} 有误：forms 中有重复的表格编号")
    return Programme(
        forms=forms,
        cities=tuple(str(c) for c in _need(path, raw, "cities", list)),
        city_level_counties={str(k): tuple(v) for k, v in (raw.get("city_level_counties") or {}).items()},
        annual_deadline=(month, day),
        change_report_days=_need(path, raw, "change_report_days", int),
        term_years=_need(path, raw, "term_years", int),
        title_recent_years=_need(path, raw, "title_recent_years", int),
        default_policy=_need(path, raw, "default_policy"),
        name=_need(path, raw, "programme"),
        measures=_need(path, raw, "measures"),
        issuer=_need(path, raw, "issuer"),
        recipients=_need(path, raw, "recipients"),
    )


def _year_rule(path: Path, block) -> YearRule | None:
    if block is None:
        return None
    if not isinstance(block, dict) or not isinstance(block.get("keys"), dict) or not block.get("anchor"):
        raise ConfigError(f"表格定义文件 {path.name} 有误：form.years 应含 anchor、default、keys")
    default = block.get("default", THIS_YEAR)
    if default not in (THIS_YEAR, LAST_YEAR):
        raise ConfigError(f"表格定义文件 {path.name} 有误：form.years.default 应为 {THIS_YEAR} 或 {LAST_YEAR}")
    offsets = {str(k): int(v) for k, v in block["keys"].items()}
    return YearRule(anchor=str(block["anchor"]), default=default, offsets=offsets)


def _entry(path: Path, form_id: str) -> FormEntry:
    form = read_yaml(path).get("form")
    if not isinstance(form, dict):
        raise ConfigError(f"表格定义文件 {path.name} 有误：应包含 form 与 fields 两部分")
    for key in ("id", "title", "format", "version", "template"):
        if key not in form:
            raise ConfigError(f"表格定义文件 {path.name} 有误：form 缺少 {key}")
    if form["id"] != form_id:
        raise ConfigError(f"表格定义文件 {path.name} 有误：form.id「{form['id']}」与文件名不符")
    if form["format"] not in FORMATS:
        raise ConfigError(f"表格定义文件 {path.name} 有误：form.format 应为 {' 或 '.join(FORMATS)}")
    return FormEntry(
        id=form_id, title=str(form["title"]), format=form["format"], version=str(form["version"]),
        template=str(form["template"]), filled_by=str(form.get("filled_by") or ""),
        articles=str(form.get("articles") or ""), years=_year_rule(path, form.get("years")),
        kit=bool(form.get("kit")), cluster=bool(form.get("cluster")), package=bool(form.get("package")),
        filing=bool(form.get("filing")), cover=dict(form.get("cover") or {}),
        instructions=dict(form.get("instructions") or {}), schema_path=str(path),
    )


@cache
def _entries(base: Path) -> dict[str, FormEntry]:
    return {fid: _entry(base / "schemas" / f"{fid}.yaml", fid) for fid in _programme(base).forms}


# --- public API ------------------------------------------------------------------------------------

def programme() -> Programme:
    return _programme(root())


@cache
def _wording(base: Path) -> dict:
    data = read_yaml(base / "schemas" / "wording.yaml")
    for part in ("docx", "xlsx"):
        if not isinstance(data.get(part), dict):
            raise ConfigError(f"表格定义文件 wording.yaml 有误：缺少 {part} 部分")
    return data


def wording(part: str) -> dict:
    """What the blank forms of one format ("docx" | "xlsx") tell the person filling them
    (schemas/wording.yaml); the builders in docgen/formats/ only lay it out."""
    return _wording(root())[part]


def entries() -> tuple[FormEntry, ...]:
    """Every form, in catalogue order."""
    return tuple(_entries(root()).values())


def form_ids() -> tuple[str, ...]:
    return programme().forms


def is_form(form_id: str | None) -> bool:
    return form_id in form_ids()


def entry(form_id: str) -> FormEntry:
    """One form; UsageError listing the valid ids for an unknown one."""
    found = _entries(root()).get(form_id)
    if found is None:
        raise UsageError(f"未知的表格「{form_id}」。可用的表格：{'、'.join(form_ids())}")
    return found


def forms_of_format(fmt: str) -> tuple[str, ...]:
    """The Word (`docx`) or Excel (`xlsx`) forms."""
    return tuple(e.id for e in entries() if e.format == fmt)


def package_forms() -> tuple[str, ...]:
    """The forms one application round's package holds (the portal submits them together)."""
    return tuple(e.id for e in entries() if e.package)


def filing_forms() -> tuple[str, ...]:
    """The forms a recognised cluster files through its city after recognition (the portal's filings)."""
    return tuple(e.id for e in entries() if e.filing)


def kit_forms() -> tuple[str, ...]:
    """The forms a county fills (`docgen forms kit`)."""
    return tuple(e.id for e in entries() if e.kit)


def cluster_forms() -> tuple[str, ...]:
    """Forms that only mean something attached to a registered cluster (the registry importer's)."""
    return tuple(e.id for e in entries() if e.cluster)


def form_by_title(text: str, fmt: str | None = None) -> FormEntry | None:
    """The form whose title `text` contains (of format `fmt` when given); the longest title wins."""
    found = [e for e in entries() if e.title in text and (fmt is None or e.format == fmt)]
    return max(found, key=lambda e: len(e.title)) if found else None


def year_rule(form_id: str) -> YearRule | None:
    return entry(form_id).years


def year_keys() -> tuple[str, ...]:
    """Every relative year key a form uses (y1 y2 y3, prev cur, y0 t1 t2 t3), in catalogue order."""
    keys: list[str] = []
    for e in entries():
        for k in (e.years.offsets if e.years else ()):
            if k not in keys:
                keys.append(k)
    return tuple(keys)


def cities() -> tuple[str, ...]:
    return programme().cities


# Symbolic lists a schema rule may name instead of restating them: `allowed: cities`.
def named_list(name: str) -> tuple[str, ...] | None:
    return {"cities": cities()}.get(name)


def cache_clear() -> None:
    """Forget what was read (a test that edits the files in place)."""
    _programme.cache_clear()
    _entries.cache_clear()
    _wording.cache_clear()


__all__ = [
    "FormEntry", "Programme", "YearRule", "cache_clear", "cities", "cluster_forms", "entries", "entry",
    "form_by_title", "form_ids", "forms_of_format", "is_form", "kit_forms", "named_list", "package_forms", "programme",
    "wording", "year_keys", "year_rule",
]
