"""Convert documents through LibreOffice headless: .docx/.xlsx → PDF, or re-save as .docx/.xlsx.

One soffice process converts the whole batch (start-up is ~1.1 s, each file ~0.12 s), with a
profile of its own (two soffice runs sharing a profile: the second silently writes nothing) and
fontconfig pointed at docgen/fonts/fonts.conf so the Windows faces a 公文 names (仿宋_GB2312 …)
render as their free counterparts. Outputs are written to a temporary folder, then moved into
place with os.replace, so an interrupted run leaves no half-written file.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

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

    with tempfile.TemporaryDirectory(prefix="docgen-soffice-") as tmp:
        tmp_path = Path(tmp)
        profile = (tmp_path / "profile").as_uri()
        staging = tmp_path / "out"
        staging.mkdir()
        cmd = [
            exe, f"-env:UserInstallation={profile}", "--headless", "--invisible", "--nologo",
            "--norestore", "--nodefault", "--nolockcheck",
            "--convert-to", _FILTERS[fmt], "--outdir", str(staging),
            *[str(p.resolve()) for p in paths],
        ]
        # Its own session, so a timeout can end soffice.bin too (the soffice script starts it as a child).
        proc = subprocess.Popen(cmd, env=_environment(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, start_new_session=True)
        try:
            stdout, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise DependencyError(
                f"LibreOffice 转换 {len(paths)} 个文件超过 {timeout:.0f} 秒未完成，已放弃。"
                "请检查是否有卡住的 soffice 进程，或减少一次转换的文件数。"
            ) from exc
        results = []
        missing = []
        for p in paths:
            made = staging / f"{p.stem}.{fmt}"
            if not made.is_file():
                missing.append(p.name)
                continue
            target = outdir / made.name
            # Same filesystem → atomic rename; else copy beside the target, then rename.
            tmp_target = target.with_name(f".{target.name}.tmp")
            shutil.move(str(made), tmp_target)
            os.replace(tmp_target, target)
            results.append(target)
        if missing:
            detail = (stderr or stdout or "").strip().splitlines()[-3:]
            raise DependencyError(
                f"LibreOffice 未能转换：{'、'.join(missing)}（退出码 {proc.returncode}）。"
                f"请用 Word 或 LibreOffice 打开该文件确认未损坏。{' '.join(detail)}"
            )
    return results


def to_pdf(paths: list[Path], outdir: Path, timeout: float = DEFAULT_TIMEOUT) -> list[Path]:
    """PDF of every file, one LibreOffice process for the batch."""
    return convert(paths, "pdf", outdir, timeout=timeout)


def to_docx(paths: list[Path], outdir: Path, timeout: float = DEFAULT_TIMEOUT) -> list[Path]:
    """Re-save Word files as LibreOffice would (a second editor, for round-trip tests)."""
    return convert(paths, "docx", outdir, timeout=timeout)


def to_xlsx(paths: list[Path], outdir: Path, timeout: float = DEFAULT_TIMEOUT) -> list[Path]:
    """Re-save workbooks as LibreOffice Calc would."""
    return convert(paths, "xlsx", outdir, timeout=timeout)
