"""Every kind of file docgen writes, generated once per session (tests/ooxml/kinds.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(scope="session")
def generated(tmp_path_factory) -> dict[str, Path]:
    from ooxml_kinds import build_all

    return build_all(tmp_path_factory.mktemp("every-kind"))
