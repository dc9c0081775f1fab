"""Locate the packaged templates and schemas (wheel or editable install alike).

`forms/` and `schemas/` live at the top of the repository; `docgen/forms` and `docgen/schemas` are
symlinks to them, which setuptools copies into the wheel as package data.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def _root(name: str) -> Path:
    path = resources.files("docgen").joinpath(name)
    # files() of a regular on-disk package is a pathlib.Path; we never ship zipped.
    return Path(str(path))


def forms_dir() -> Path:
    return _root("forms")


def schemas_dir() -> Path:
    return _root("schemas")


def form_template(name: str) -> Path:
    return forms_dir() / name


def schema_file(name: str) -> Path:
    return schemas_dir() / name
