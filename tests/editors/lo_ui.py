"""Fill a form in a running LibreOffice through its UI, as a person does — run by the SYSTEM python3.

    /usr/bin/python3 tests/editors/lo_ui.py PLAN.json

`uno` (Debian's python3-uno) imports only in the system interpreter, so this script knows nothing of
docgen: the plan (written by the tests) says which document to open, which slot to reach and what to
type there, with which habit; this script types it through the UITest service (key events into the
document window, as a keyboard would send them), saves the document as .docx/.xlsx and exports a PDF,
and writes a JSON log of what each slot holds afterwards. It starts nothing: it connects to the
soffice the test fixture started (`--accept=socket,host=127.0.0.1,port=P;urp;`) under Xvfb.

Writer slots are content controls, numbered in document order; the plan gives each one's placeholder
so a slot that is not where the plan expects it stops the run instead of typing into the wrong field.
Habits (Writer):
  select  — select the control's placeholder, as a click on it does, then type;
  beside  — reach the cell by Tab from its label cell and type without selecting: the text lands
            before the control, the placeholder stays ("王晓燕请填写");
  inside  — the cursor one step into the control (arrow key), type: the placeholder is kept after it
            inside the control ("12.6请填写");
  enter   — select, type the lines with Enter between them (a line break inside the control);
  paste   — select, paste a multi-line text with Edit ▸ Paste (it lands before the control);
  delete  — select the whole cell, press Delete (the control goes), type the value into the cell.
Calc slots are cells (`sheet`, `cell`): select the cell, type, Enter; `\n` in the text is Ctrl+Enter (a line break inside the cell).
"""

from __future__ import annotations

import faulthandler
import json
import sys
import time
import traceback

import uno
import unohelper
from com.sun.star.beans import PropertyValue
from com.sun.star.datatransfer import DataFlavor, XTransferable


def props(**kw) -> tuple:
    out = []
    for k, v in kw.items():
        p = PropertyValue()
        p.Name, p.Value = k, v
        out.append(p)
    return tuple(out)


def connect(port: int, timeout: float = 60.0):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + timeout
    while True:
        try:
            return resolver.resolve(f"uno:socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext")
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


class TextTransferable(unohelper.Base, XTransferable):
    """Plain text on the clipboard, as another program's Copy leaves it."""

    def __init__(self, text: str):
        self.text = text

    def getTransferData(self, flavor):
        return self.text

    def getTransferDataFlavors(self):
        f = DataFlavor()
        f.MimeType = "text/plain;charset=utf-16"
        f.HumanPresentableName = "Unicode-Text"
        f.DataType = uno.getTypeByName("string")
        return (f,)

    def isDataFlavorSupported(self, flavor):
        return flavor.MimeType.startswith("text/plain")


class Session:
    def __init__(self, ctx):
        self.ctx = ctx
        self.smgr = ctx.ServiceManager
        self.desktop = self.smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        self.uitest = self.smgr.createInstanceWithContext("org.libreoffice.uitest.UITest", ctx)
        self.dispatcher = self.smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)

    def open(self, path: str):
        url = uno.systemPathToFileUrl(path)
        doc = self.desktop.loadComponentFromURL(url, "_blank", 0, props(Hidden=False))
        if doc is None:
            raise RuntimeError(f"LibreOffice could not open {path}")
        return doc

    def window(self, child: str):
        # the document window that has the focus: what key events go to
        for _ in range(50):
            win = self.uitest.getTopFocusWindow()
            try:
                return win.getChild(child)
            except Exception:
                time.sleep(0.1)
        raise RuntimeError(f"no {child} in the focused window")

    def type(self, win, text: str, newline_key: str = "RETURN") -> None:
        for i, line in enumerate(text.split("\n")):
            if i:
                win.executeAction("TYPE", props(KEYCODE=newline_key))
            if line:
                win.executeAction("TYPE", props(TEXT=line))

    def key(self, win, code: str) -> None:
        win.executeAction("TYPE", props(KEYCODE=code))

    def paste(self, doc, text: str) -> None:
        clip = self.smgr.createInstanceWithContext("com.sun.star.datatransfer.clipboard.SystemClipboard", self.ctx)
        clip.setContents(TextTransferable(text), None)
        frame = doc.getCurrentController().getFrame()
        self.dispatcher.executeDispatch(frame, ".uno:Paste", "", 0, ())

    def copy(self, doc) -> None:
        # The clipboard must not outlive this process pointing at our transferable: once we exit, the
        # next request for it aborts soffice (seen: signal 6 in the X11 plugin). Copy the selection
        # in LibreOffice so the clipboard holds its own data.
        self.dispatcher.executeDispatch(doc.getCurrentController().getFrame(), ".uno:Copy", "", 0, ())

    def save(self, doc, path: str, filter_name: str) -> None:
        doc.storeToURL(uno.systemPathToFileUrl(path), props(FilterName=filter_name, Overwrite=True))


# --- Writer ----------------------------------------------------------------------------------------

def controls(text) -> list:
    """Every content control of a text, in document order (table cells row by row, nested ones too)."""
    out = []
    en = text.createEnumeration()
    while en.hasMoreElements():
        par = en.nextElement()
        if par.supportsService("com.sun.star.text.TextTable"):
            for name in par.getCellNames():
                out += controls(par.getCellByName(name).getText())
            continue
        portions = par.createEnumeration()
        while portions.hasMoreElements():
            portion = portions.nextElement()
            if portion.TextPortionType == "ContentControl":
                out.append(portion.ContentControl)
    return out


def cell_has_control(text) -> bool:
    return bool(controls(text))


def fill_writer(s: Session, plan: dict, log: dict) -> None:
    doc = s.open(plan["input"])
    try:
        ccs = controls(doc.getText())
        log["controls_found"] = len(ccs)
        if plan.get("controls") is not None and len(ccs) != plan["controls"]:
            raise RuntimeError(f"{len(ccs)} content controls in LibreOffice, the plan expects {plan['controls']}")
        edit = s.window("writer_edit")
        vc = doc.getCurrentController().getViewCursor()
        for step in plan["steps"]:
            print("typing", step["field"], step.get("row") or "", file=sys.stderr, flush=True)
            cc = ccs[step["slot"]]
            anchor = cc.getAnchor()
            before = anchor.getString()
            if step.get("placeholder") is not None and before != step["placeholder"]:
                raise RuntimeError(f"slot {step['slot']} ({step['field']}) shows {before!r}, "
                                   f"the plan expects the placeholder {step['placeholder']!r}")
            cell = anchor.getText()
            habit, text = step["habit"], step["text"]
            t0 = time.perf_counter()
            if habit in ("select", "enter"):
                vc.gotoRange(anchor, False)  # selects the placeholder, as a click on it does
                s.type(edit, text)
            elif habit == "beside":
                left = _left_cell(anchor)
                if left is not None:
                    vc.gotoRange(left.getEnd(), False)
                    s.key(edit, "TAB")  # the cursor lands at the cell's start, before the control
                else:
                    vc.gotoRange(anchor.getStart(), False)
                s.type(edit, text)
            elif habit == "inside":
                vc.gotoRange(anchor.getStart(), False)
                s.key(edit, "RIGHT")  # one step into the control, before its placeholder
                s.type(edit, text)
            elif habit == "paste":
                vc.gotoRange(anchor, False)
                s.paste(doc, text)
                vc.gotoRange(cell.getStart(), False)
                vc.gotoRange(cell.getEnd(), True)
                s.copy(doc)
                vc.gotoRange(cell.getStart(), False)
            elif habit == "delete":
                vc.gotoRange(cell.getStart(), False)
                vc.gotoRange(cell.getEnd(), True)
                s.key(edit, "DELETE")
                if cell_has_control(cell):
                    raise RuntimeError(f"Delete left the control of {step['field']} in its cell")
                s.type(edit, text)
            else:
                raise ValueError(f"unknown habit {habit}")
            step_log = {"slot": step["slot"], "field": step["field"], "row": step.get("row"), "habit": habit,
                        "typed": text, "cell_after": cell.getString(), "ms": round((time.perf_counter() - t0) * 1000)}
            if habit != "delete":
                step_log["control_after"] = cc.getAnchor().getString()
            log["steps"].append(step_log)
        s.save(doc, plan["out"], "MS Word 2007 XML")
        if plan.get("pdf"):
            s.save(doc, plan["pdf"], "writer_pdf_Export")
    finally:
        doc.close(True)


def _left_cell(anchor):
    """The cell left of the anchor's cell (its label), or None when it is the row's first."""
    try:
        table, cell = anchor.TextTable, anchor.Cell
    except Exception:
        return None
    if table is None or cell is None:
        return None
    name = cell.CellName
    col = "".join(c for c in name if c.isalpha())
    if col == "A" or len(col) != 1:
        return None
    left = table.getCellByName(chr(ord(col) - 1) + name[len(col):])
    return None if left is None else left.getText()


# --- Calc ------------------------------------------------------------------------------------------

def fill_calc(s: Session, plan: dict, log: dict) -> None:
    doc = s.open(plan["input"])
    try:
        controller = doc.getCurrentController()
        for step in plan["steps"]:
            print("typing", step["field"], step.get("row") or "", file=sys.stderr, flush=True)
            sheet = doc.getSheets().getByName(step["sheet"])
            t0 = time.perf_counter()
            if controller.getActiveSheet().getName() != sheet.getName():
                controller.setActiveSheet(sheet)
            cell = sheet.getCellRangeByName(step["cell"])
            controller.select(cell)  # as a click on the cell does
            grid = s.window("grid_window")
            s.type(grid, step["text"], newline_key="CTRL+RETURN")
            s.key(grid, "RETURN")
            log["steps"].append({"field": step["field"], "row": step.get("row"), "habit": step["habit"],
                                 "sheet": step["sheet"], "cell": step["cell"], "typed": step["text"],
                                 "cell_after": cell.getString(), "value_after": cell.getValue(),
                                 "ms": round((time.perf_counter() - t0) * 1000)})
        s.save(doc, plan["out"], "Calc MS Excel 2007 XML")
        if plan.get("pdf"):
            s.save(doc, plan["pdf"], "calc_pdf_Export")
    finally:
        doc.close(True)


def main(argv: list[str]) -> int:
    plan = json.loads(open(argv[1], encoding="utf-8").read())
    # a modal dialog or a dead soffice blocks a UNO call for ever: dump where, and exit
    faulthandler.dump_traceback_later(plan.get("timeout", 240), exit=True)
    log: dict = {"form": plan.get("form"), "steps": [], "error": None}
    t0 = time.perf_counter()
    try:
        s = Session(connect(plan["port"]))
        (fill_writer if plan["kind"] == "writer" else fill_calc)(s, plan, log)
    except Exception as exc:  # the log says what went wrong; the test reports it
        log["error"] = f"{type(exc).__name__}: {exc}"
        log["traceback"] = traceback.format_exc()
    log["seconds"] = round(time.perf_counter() - t0, 2)
    with open(plan["log"], "w", encoding="utf-8") as fh:
        json.dump(log, fh, ensure_ascii=False, indent=1)
    return 1 if log["error"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
