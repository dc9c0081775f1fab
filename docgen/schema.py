"""Load the form schemas (`schemas/<form>.yaml`): the one source of truth for every field.

A schema file holds `form` (id, title, format, version, template, sections, and what the catalogue
reads: years, kit, cluster, cover, instructions — `docgen.catalogue`) and `fields` (Cerberus rules
with `meta`: label, unit, help, article, section, widget). A rule may name a programme list instead
of restating it (`allowed: cities`, from schemas/programme.yaml); it is expanded here. This module
checks each schema with Cerberus when loaded — a broken one raises `ConfigError` naming the file and
rule — and flattens it into `Field`s with dotted ids (`output_total.y1`, `enterprises.uscc`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from docgen import catalogue
from docgen.errors import ConfigError, UsageError
from docgen.resources import root, schema_file

YES, NO = "是", "否"
_WIDGETS = {"text", "longtext", "number", "integer", "date", "yesno", "choice"}
_TYPE_WIDGET = {"string": "text", "number": "number", "integer": "integer", "date": "date", "boolean": "yesno"}


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    intro: str | None = None  # a sentence under the heading (docx)


@dataclass(frozen=True)
class Field:
    """One input slot's definition. `id` is the dotted path of the data dictionary."""

    id: str
    label: str
    widget: str  # text | longtext | number | integer | date | yesno | choice
    type: str  # Cerberus type of the value
    section: str
    required: bool
    unit: str | None = None
    help: str | None = None
    article: str | None = None
    choices: tuple[str, ...] = ()  # stored values (ids), in display order
    choice_labels: dict[str, str] = field(default_factory=dict)  # id → 中文 shown in drop-downs
    group: str | None = None  # repeating group id (`enterprises`)
    parent: str | None = None  # `output_total` for `output_total.y1`
    key: str | None = None  # `y1`
    parent_label: str | None = None  # 集群总产值
    direction: str | None = None  # up | down, for indicators
    year: str | None = None  # a table column's year key (`y0` for 基期值): its heading names that year
    placeholder: str = ""  # the prompt a blank Word control shows (readers: this text means blank)
    rule: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def name(self) -> str:
        """Last component of the id (`uscc` of `enterprises.uscc`)."""
        return self.id.rsplit(".", 1)[-1]

    def display_choices(self) -> tuple[str, ...]:
        """What a person picks from: 是/否, or the labels of the choices."""
        if self.widget == "yesno":
            return (YES, NO)
        return tuple(self.choice_labels.get(c, c) for c in self.choices)


@dataclass(frozen=True)
class Group:
    """A repeating table (`enterprises`, `targets` …): its row fields and how many blank rows to give."""

    id: str
    label: str
    section: str
    fields: tuple[Field, ...]
    rows: dict
    article: str | None = None


@dataclass(frozen=True)
class FormSchema:
    id: str
    title: str
    format: str  # docx | xlsx
    version: str
    template: str
    year_param: str | None  # what --year means: the year rule's anchor (catalogue)
    sections: tuple[Section, ...]
    fields: tuple[Field, ...]  # single-valued slots, in form order
    groups: tuple[Group, ...]
    cerberus: dict = field(compare=False, hash=False)
    path: str = ""
    info: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def entry(self) -> catalogue.FormEntry:
        """The form's catalogue entry: years rule, kit, cluster, cover and instruction wording."""
        return catalogue.entry(self.id)

    def field(self, field_id: str) -> Field:
        for f in self.all_fields():
            if f.id == field_id:
                return f
        raise KeyError(field_id)

    def group(self, group_id: str) -> Group:
        for g in self.groups:
            if g.id == group_id:
                return g
        raise KeyError(group_id)

    def all_fields(self) -> list[Field]:
        """Every slot definition: single fields, then each group's row fields."""
        return list(self.fields) + [f for g in self.groups for f in g.fields]

    def slot_ids(self) -> list[str]:
        return [f.id for f in self.all_fields()]

    def section_title(self, section_id: str) -> str:
        for s in self.sections:
            if s.id == section_id:
                return s.title
        return section_id

    @property
    def fingerprint(self) -> str:
        """Hash of the field layout: ids, widgets and groups. Changes when a slot is added or renamed."""
        text = "\n".join(f"{f.id}:{f.widget}:{f.group or ''}" for f in self.all_fields())
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _fail(path: Path, message: str):
    raise ConfigError(f"表格定义文件 {path.name} 有误：{message}")


def indicator_catalogue() -> dict[str, dict[str, Any]]:
    """Every indicator a target may name: id → {label, unit, direction}.

    The application's indicator fields (meta.indicator) come first, then `schemas/indicators.yaml`.
    """
    return _indicator_catalogue(root())


@cache
def _indicator_catalogue(_root: Path) -> dict[str, dict[str, Any]]:
    app_path = schema_file("application.yaml")
    raw = _read_yaml(app_path)
    out: dict[str, dict[str, Any]] = {}
    for fid, rule in raw["fields"].items():
        meta = rule.get("meta", {})
        if meta.get("indicator") is True:
            out[fid] = {"label": meta["label"], "unit": meta.get("unit"), "direction": meta.get("direction", "up")}
    extra_path = schema_file("indicators.yaml")
    for iid, meta in (_read_yaml(extra_path).get("extra") or {}).items():
        out[iid] = {"label": meta["label"], "unit": meta.get("unit"), "direction": meta.get("direction", "up")}
    return out


def _read_yaml(path: Path) -> dict:
    return catalogue.read_yaml(path)  # one loader for every schema file: the same Chinese errors


def _expand_lists(path: Path, node):
    """`allowed: cities` → the programme's list (schemas/programme.yaml), anywhere in the rules."""
    if isinstance(node, dict):
        out = {}
        for k, v in node.items():
            if k == "allowed" and isinstance(v, str):
                named = catalogue.named_list(v)
                if named is None:
                    _fail(path, f"allowed「{v}」不是已知的列表名（可用：cities）")
                out[k] = list(named)
            elif k == "meta":
                out[k] = v
            else:
                out[k] = _expand_lists(path, v)
        return out
    return node


def _check_cerberus(path: Path, fields: dict) -> None:
    from cerberus import SchemaError

    from docgen.validation.rules import DocgenValidator

    try:
        DocgenValidator(fields)
    except SchemaError as exc:
        _fail(path, f"Cerberus 规则错误 {exc}")


def _leaf(path: Path, fid: str, rule: dict, section: str, **extra) -> Field:
    meta = rule.get("meta") or {}
    if "label" not in meta:
        _fail(path, f"字段 {fid} 缺少 meta.label")
    ftype = rule.get("type", "string")
    widget = meta.get("widget") or ("choice" if "allowed" in rule and ftype == "string" else _TYPE_WIDGET.get(ftype))
    if widget not in _WIDGETS:
        _fail(path, f"字段 {fid} 的 meta.widget「{widget}」未知（可用：{'、'.join(sorted(_WIDGETS))}）")
    choices: tuple[str, ...] = ()
    labels: dict[str, str] = {}
    if widget == "choice":
        choices = tuple(rule.get("allowed") or ())
        if meta.get("choices") == "indicators":
            cat = indicator_catalogue()
            unknown = [c for c in choices if c not in cat]
            if unknown:
                _fail(path, f"字段 {fid} 的指标 {unknown} 不在指标目录中")
            labels = {c: cat[c]["label"] for c in choices}
        if not choices:
            _fail(path, f"选择字段 {fid} 缺少 allowed 列表")
    grouped, indicator = "group" in extra, bool(extra.get("parent") and extra.get("direction") and extra.get("key"))
    placeholder = meta.get("placeholder") or default_placeholder(widget, meta.get("help"), grouped or indicator)
    return Field(
        id=fid, label=meta["label"], widget=widget, type=ftype, section=meta.get("section", section),
        required=bool(rule.get("required")), unit=meta.get("unit", extra.pop("unit", None)), help=meta.get("help"),
        article=meta.get("article", extra.pop("article", None)), choices=choices, choice_labels=labels,
        year=meta.get("year"),
        placeholder=placeholder, rule={k: v for k, v in rule.items() if k != "meta"}, **extra,
    )


def placeholder_verb(widget: str) -> str:
    return "请选择" if widget in ("yesno", "choice") else "请填写"


def default_placeholder(widget: str, help_text: str | None, short: bool) -> str:
    """A control's prompt: 请填写/请选择, with the field's hint where the cell is wide enough.

    Table cells (repeating rows, the indicator grid) get the bare verb; `meta.placeholder` overrides.
    The schema is per form version, so a reader can recognise the prompt of the version it reads.
    """
    verb = placeholder_verb(widget)
    hint = help_text or ("如 2026-03-15" if widget == "date" else None)
    return f"{verb}（{hint}）" if hint and not short else verb


def _flatten(path: Path, fields: dict) -> tuple[list[Field], list[Group]]:
    singles: list[Field] = []
    groups: list[Group] = []
    cat = None
    for fid, rule in fields.items():
        meta = rule.get("meta") or {}
        if meta.get("slot") is False:
            continue
        section = meta.get("section")
        if not section:
            _fail(path, f"字段 {fid} 缺少 meta.section")
        ftype = rule.get("type")
        if ftype == "list":
            row = (rule.get("schema") or {}).get("schema") or {}
            gfields = tuple(_leaf(path, f"{fid}.{k}", r, section, group=fid) for k, r in row.items())
            groups.append(Group(fid, meta.get("label", fid), section, gfields, meta.get("rows") or {}, meta.get("article")))
        elif ftype == "dict":
            ind = meta.get("indicator")
            label, unit, direction = meta.get("label"), meta.get("unit"), meta.get("direction")
            if isinstance(ind, str):  # refers to an indicator of the catalogue
                cat = cat or indicator_catalogue()
                if ind not in cat:
                    _fail(path, f"字段 {fid} 的 meta.indicator「{ind}」不在指标目录中")
                label, unit, direction = cat[ind]["label"], cat[ind]["unit"], cat[ind]["direction"]
            for key, sub in (rule.get("schema") or {}).items():
                singles.append(_leaf(path, f"{fid}.{key}", sub, section, parent=fid, key=key,
                                     parent_label=label, direction=direction, unit=unit,
                                     article=meta.get("article")))
        else:
            singles.append(_leaf(path, fid, rule, section))
    return singles, groups


def load_form(form_id: str) -> FormSchema:
    """The schema of one form; raises UsageError for an unknown id, ConfigError for a broken file."""
    return _load_form(form_id, root())


@cache
def _load_form(form_id: str, _root: Path) -> FormSchema:
    if not catalogue.is_form(form_id):
        catalogue.entry(form_id)  # UsageError listing the valid ids (not cached: raised each time)
    path = schema_file(f"{form_id}.yaml")
    raw = _read_yaml(path)
    form, fields = raw.get("form"), raw.get("fields")
    if not isinstance(form, dict) or not isinstance(fields, dict):
        _fail(path, "应包含 form 与 fields 两部分")
    fields = _expand_lists(path, fields)
    for key in ("id", "title", "format", "version", "template", "sections"):
        if key not in form:
            _fail(path, f"form 缺少 {key}")
    if form["id"] != form_id:
        _fail(path, f"form.id「{form['id']}」与文件名不符")
    _check_cerberus(path, fields)
    singles, groups = _flatten(path, fields)
    sections = tuple(Section(s["id"], s["title"], s.get("intro")) for s in form["sections"])
    known = {s.id for s in sections}
    for f in singles + [g for g in groups]:
        if f.section not in known:
            _fail(path, f"{f.id} 的 section「{f.section}」未在 form.sections 中定义")
    ids = [f.id for f in singles] + [f.id for g in groups for f in g.fields]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        _fail(path, f"字段编号重复：{dup}")
    return FormSchema(
        id=form_id, title=form["title"], format=form["format"], version=str(form["version"]),
        template=form["template"], year_param=(form.get("years") or {}).get("anchor"), sections=sections,
        fields=tuple(singles), groups=tuple(groups), cerberus=fields, path=str(path), info=form,
    )


def load_all() -> dict[str, FormSchema]:
    """Every form's schema, in catalogue order."""
    return {fid: load_form(fid) for fid in catalogue.form_ids()}


# The caches' clear switches, as tests have long used them.
load_form.cache_clear = _load_form.cache_clear  # type: ignore[attr-defined]
indicator_catalogue.cache_clear = _indicator_catalogue.cache_clear  # type: ignore[attr-defined]


@cache
def load_policy(name: str) -> dict:
    """A criteria set `schemas/policy/<name>.yaml` (docs/criteria.md as data)."""
    path = schema_file(f"policy/{name}.yaml")
    if not path.exists():
        names = sorted(p.stem for p in path.parent.glob("*.yaml"))
        raise UsageError(f"未知的政策「{name}」。可用：{'、'.join(names)}")
    return _read_yaml(path)
