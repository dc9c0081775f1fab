"""One LibreOffice with a visible UI under Xvfb, for the driver (lo_ui.py) to type into.

`missing()` says in Chinese-free plain words what this machine lacks (None when it has it all);
`Office` starts Xvfb on a free display and soffice on a free port with its own profile, and stops
both. `type_form()` writes a plan, runs the driver with the system python and returns its log.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DRIVER = HERE / "lo_ui.py"
SYSTEM_PYTHON = os.environ.get("DOCGEN_UNO_PYTHON", "/usr/bin/python3")
INSTALL_HINT = "sudo bash scripts/install-system-deps.sh"


def _ui_files_present(soffice: str) -> bool:
    # the -nogui packages ship no .ui files: a visible window then aborts soffice
    program = Path(os.path.realpath(soffice)).parent
    cfg = program.parent / "share" / "config" / "soffice.cfg" / "modules"
    return all(any((cfg / m / "ui").glob("*.ui")) for m in ("swriter", "scalc"))


def missing() -> str | None:
    """What the real-editor tests need and this machine lacks, or None."""
    soffice = shutil.which("soffice")
    if soffice is None:
        return f"LibreOffice (soffice) is not installed: {INSTALL_HINT}"
    if not _ui_files_present(soffice):
        return f"LibreOffice has no UI (only the -nogui packages): {INSTALL_HINT}"
    if shutil.which("Xvfb") is None:
        return f"Xvfb is not installed: {INSTALL_HINT}"
    if not Path(SYSTEM_PYTHON).exists():
        return f"{SYSTEM_PYTHON} not found (the python that has LibreOffice's uno module)"
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import uno, unohelper"], capture_output=True, text=True)
    if probe.returncode != 0:
        return f"{SYSTEM_PYTHON} cannot import uno (python3-uno): {INSTALL_HINT}"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _free_display() -> int:
    for n in range(90, 400):
        if not Path(f"/tmp/.X{n}-lock").exists() and not Path(f"/tmp/.X11-unix/X{n}").exists():
            return n
    raise RuntimeError("no free X display number")


# A fresh profile greets its first window with "Tip of the Day" (a dialog that can block the first
# load) and may ask to be registered; a person has long clicked those away. A lock file left by a
# killed run would raise "Document in Use" (modal) on the next open: no document locking. Calc's AutoInput would
# complete a typed 是 to the column's header 是否实地抽查, which the cell's validation then refuses
# with a modal error: off, as a clerk who picks from the list would have it.
_PROFILE_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="ShowTipOfTheDay" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="FirstRun" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Setup/Office"><prop oor:name="FirstStartWizardCompleted" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="CrashReport" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="UseLocking" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Input"><prop oor:name="AutoInput" oor:op="fuse"><value>false</value></prop></item>
</oor:items>
"""


class Office:
    """Xvfb + soffice (`--accept` socket), reused for every form of a test session."""

    def __init__(self) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="docgen-lo-ui-"))
        self.port = _free_port()
        self.display = _free_display()
        self.xvfb: subprocess.Popen | None = None
        self.soffice: subprocess.Popen | None = None

    def start(self, timeout: float = 60.0) -> Office:
        with (self.tmp / "xvfb.log").open("wb") as err:  # the child keeps its own descriptor
            self.xvfb = subprocess.Popen(["Xvfb", f":{self.display}", "-screen", "0", "1600x1200x24", "-nolisten",
                                          "tcp"], stdout=subprocess.DEVNULL, stderr=err)
        deadline = time.monotonic() + timeout
        while not Path(f"/tmp/.X11-unix/X{self.display}").exists():
            if self.xvfb.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"Xvfb :{self.display} did not start: {(self.tmp / 'xvfb.log').read_text()[-500:]}")
            time.sleep(0.1)
        # The plain X11 plugin: under Xvfb (no window manager) the GTK3 one leaves about one load in
        # four waiting for ever (measured: 4 hangs in 24 load/close cycles; none with gen in 24).
        env = {**os.environ, "DISPLAY": f":{self.display}", "SAL_USE_VCLPLUGIN": os.environ.get("LO_VCL", "gen")}
        env.pop("WAYLAND_DISPLAY", None)
        user = self.tmp / "profile" / "user"
        user.mkdir(parents=True)
        (user / "registrymodifications.xcu").write_text(_PROFILE_XCU, encoding="utf-8")
        profile = (self.tmp / "profile").as_uri()
        with (self.tmp / "soffice.log").open("wb") as err:
            self.soffice = subprocess.Popen(
                ["soffice", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
                 f"--accept=socket,host=127.0.0.1,port={self.port};urp;", f"-env:UserInstallation={profile}"],
                env=env, stdout=subprocess.DEVNULL, stderr=err)
        while True:  # ready when the socket answers
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    break
            except OSError:
                if self.soffice.poll() is not None or time.monotonic() > deadline:
                    log = (self.tmp / "soffice.log").read_text(errors="replace")[-800:]
                    self.stop()
                    raise RuntimeError(f"soffice did not start (exit {self.soffice.returncode}): {log}") from None
                time.sleep(0.2)
        return self

    def stop(self) -> None:
        for proc in (self.soffice, self.xvfb):
            if proc is not None and proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def alive(self) -> bool:
        return self.soffice is not None and self.soffice.poll() is None


def type_form(office: Office, plan, out: Path, pdf: Path, timeout: float = 40.0) -> dict:
    """Run the driver on one plan; the driver's log (what each slot holds after typing)."""
    work = out.parent
    plan_path, log_path = work / f"{plan.form}.plan.json", work / f"{plan.form}.log.json"
    plan_path.write_text(json.dumps(plan.driver_plan(out, pdf, log_path, office.port, timeout - 10), ensure_ascii=False),
                         encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    proc = subprocess.run([SYSTEM_PYTHON, str(DRIVER), str(plan_path)], capture_output=True, text=True,
                          timeout=timeout, env=env)
    if proc.returncode != 0 and not log_path.exists():
        raise RuntimeError(f"the LibreOffice driver wrote no log (exit {proc.returncode}): {proc.stderr[-2000:]}")
    log = json.loads(log_path.read_text(encoding="utf-8"))
    if log.get("error"):
        raise RuntimeError(f"typing {plan.form} in LibreOffice failed: {log['error']}\n{log.get('traceback', '')}")
    return log
