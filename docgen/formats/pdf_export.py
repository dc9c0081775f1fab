"""Convert documents through LibreOffice headless: .docx/.xlsx → PDF, or re-save as .docx/.xlsx.

One soffice process converts a batch (start-up is ~1.1 s, each file ~0.12 s); a long batch is
split across one soffice per core, since each renders on one core. Every process has a
profile of its own (two soffice runs sharing a profile: the second silently writes nothing) and
fontconfig pointed at docgen/fonts/fonts.conf so the Windows faces a 公文 names (仿宋_GB2312 …)
render as their free counterparts. Outputs are written to a temporary folder, then saved into
place atomically (docgen.atomic), so an interrupted run leaves no half-written file.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from docgen.atomic import write_atomic
from docgen.errors import DependencyError, InputError

FONTS_CONF = Path(__file__).resolve().parent.parent / "fonts" / "fonts.conf"
DEFAULT_TIMEOUT = 300.0  # seconds for the whole batch

# LibreOffice filter per target extension (docx/xlsx need the MS filter named explicitly).
_FILTERS = {
    "pdf": "pdf",
    "docx": "docx:MS Word 2007 XML",
    "xlsx": "xlsx:Calc MS Excel 2007 XML",
    "odt": "odt",
}

INSTALL_HINT = (
    "未找到 LibreOffice（soffice），无法导出 PDF。请安装后重试："
    "sudo bash scripts/install-system-deps.sh，或 sudo apt-get install -y libreoffice-writer-nogui "
    "libreoffice-calc-nogui fonts-noto-cjk。不加 --pdf 仍可生成 .docx/.xlsx。"
)


def soffice_path() -> str:
    """The soffice executable, or DependencyError saying how to install it."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise DependencyError(INSTALL_HINT)


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    if FONTS_CONF.is_file():
        env["FONTCONFIG_FILE"] = str(FONTS_CONF)
    env.setdefault("SAL_USE_VCLPLUGIN", "svp")  # no display needed
    return env


def convert(paths: list[Path], fmt: str, outdir: Path, timeout: float = DEFAULT_TIMEOUT) -> list[Path]:
    """Convert every file in `paths` to `fmt` (pdf, docx, xlsx, odt) into `outdir`, in one soffice run.

    Returns the output paths in the order of `paths`. Two inputs with the same stem would write the
    same output: that is refused rather than one silently overwriting the other.
    """
    if fmt not in _FILTERS:
        raise InputError(f"不支持的转换格式「{fmt}」，可用：{'、'.join(_FILTERS)}。")
    paths = [Path(p) for p in paths]
    if not paths:
        return []
    for p in paths:
        if not p.is_file():
            raise InputError(f"要转换的文件不存在：{p}")
    stems = [p.stem for p in paths]
    dupes = sorted({s for s in stems if stems.count(s) > 1})
    if dupes:
        raise InputError(f"以下文件同名，转换后会互相覆盖，请改名后重试：{'、'.join(dupes)}")
    exe = soffice_path()
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)

    chunks = _chunks(paths, _workers(len(paths)))
    with tempfile.TemporaryDirectory(prefix="docgen-soffice-") as tmp:
        tmp_path = Path(tmp)
        runs = []
        for n, chunk in enumerate(chunks):
            staging = tmp_path / f"out{n}"
            staging.mkdir()
            runs.append((chunk, staging, _start(exe, chunk, fmt, staging, (tmp_path / f"profile{n}").as_uri())))
        outputs = []
        try:
            for chunk, staging, proc in runs:
                stdout, stderr = _finish(proc, len(paths), timeout)
                outputs.append((chunk, staging, proc.returncode, stderr or stdout or ""))
        finally:
            for _chunk, _staging, proc in runs:  # a timeout in one run ends the others too
                if proc.poll() is None:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.communicate()
        results = []
        missing = []
        details = []
        for chunk, staging, code, text in outputs:
            for p in chunk:
                made = staging / f"{p.stem}.{fmt}"
                if not made.is_file():
                    missing.append(p.name)
                    details.append(f"（退出码 {code}）{' '.join(text.strip().splitlines()[-3:])}")
                    continue
                results.append(write_atomic(outdir / made.name, lambda tmp, made=made: shutil.copyfile(made, tmp)))
        if missing:
            raise DependencyError(
                f"LibreOffice 未能转换：{'、'.join(missing)}{details[0]}。"
                "请用 Word 或 LibreOffice 打开该文件确认未损坏。"
            )
    order = {p.stem: i for i, p in enumerate(paths)}
    return sorted(results, key=lambda r: order[r.stem])


def _workers(n_files: int) -> int:
    """One soffice per core for a long batch (each renders single-threaded); one for a short one,
    where a second start-up (~1.1 s) would cost more than it saves."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cores, n_files // MIN_FILES_PER_PROCESS))


MIN_FILES_PER_PROCESS = 8


def _chunks(paths: list[Path], n: int) -> list[list[Path]]:
    size = -(-len(paths) // n)
    return [paths[i:i + size] for i in range(0, len(paths), size)]


def _start(exe: str, files: list[Path], fmt: str, staging: Path, profile: str) -> subprocess.Popen:
    cmd = [
        exe, f"-env:UserInstallation={profile}", "--headless", "--invisible", "--nologo",
        "--norestore", "--nodefault", "--nolockcheck",
        "--convert-to", _FILTERS[fmt], "--outdir", str(staging),
        *[str(p.resolve()) for p in files],
    ]
    # Its own session, so a timeout can end soffice.bin too (the soffice script starts it as a child).
    return subprocess.Popen(cmd, env=_environment(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)


def _finish(proc: subprocess.Popen, n_files: int, timeout: float) -> tuple[str, str]:
    try:
        return proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise DependencyError(
            f"LibreOffice 转换 {n_files} 个文件超过 {timeout:.0f} 秒未完成，已放弃。"
            "请检查是否有卡住的 soffice 进程，或减少一次转换的文件数。"
        ) from exc


def to_pdf(paths: list[Path], outdir: Path, timeout: float = DEFAULT_TIMEOUT) -> list[Path]:
    """PDF of every file, one LibreOffice process for the batch."""
    return convert(paths, "pdf", outdir, timeout=timeout)


def to_docx(paths: list[Path], outdir: Path, timeout: float = DEFAULT_TIMEOUT) -> list[Path]:
    """Re-save Word files as LibreOffice would (a second editor, for round-trip tests)."""
    return convert(paths, "docx", outdir, timeout=timeout)


def to_xlsx(paths: list[Path], outdir: Path, timeout: float = DEFAULT_TIMEOUT) -> list[Path]:
    """Re-save workbooks as LibreOffice Calc would."""
    return convert(paths, "xlsx", outdir, timeout=timeout)
