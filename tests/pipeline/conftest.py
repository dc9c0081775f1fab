import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bad_batch import make_bad_batch  # noqa: E402


@pytest.fixture
def bad_batch(tmp_path):
    folder = tmp_path / "回收 表格"
    return folder, make_bad_batch(folder)
