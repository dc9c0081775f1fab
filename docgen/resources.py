"""Locate the templates and schemas (wheel or editable install alike), or another copy of them.

`forms/` and `schemas/` live at the top of the repository; `docgen/forms` and `docgen/schemas` are
symlinks to them, which setuptools copies into the wheel as package data.

`DOCGEN_RESOURCES=/some/folder` (holding `schemas/` and `forms/`) points docgen at another copy —
a province's own forms, or a test's temporary folder with one more form. It is read on every call,
so worker processes (which inherit the environment) and caches keyed by `root()` follow it.
"""

from __future__ import annotations

import os
from functools import cache
from importlib import resources
from pathlib import Path

ENV = "DOCGEN_RESOURCES"


@cache
def _package_root() -> Path:
    # files() of a regular on-disk package is a pathlib.Path; we never ship zipped.
    return Path(str(resources.files("docgen")))


@cache
def _path(text: str) -> Path:
    return Path(text)


def root() -> Path:
    """The folder holding `schemas/` and `forms/`: `$DOCGEN_RESOURCES`, else the package's."""
    override = os.environ.get(ENV)
    return _path(override) if override else _package_root()  # one Path per value: cheap cache keys


def forms_dir() -> Path:
    return root() / "forms"


def schemas_dir() -> Path:
    return root() / "schemas"


def form_template(name: str) -> Path:
    return forms_dir() / name


def schema_file(name: str) -> Path:
    return schemas_dir() / name
