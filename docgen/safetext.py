"""Text from a user's file on its way to a terminal or a report: what must be made visible.

A file name or a typed value may hold terminal escapes (ESC[2J clears the screen, OSC sets the title),
a newline that forges a report row, C1 controls, or bidi overrides (U+202E shows `exe.docx` as
`xcod.exe`). Shown to a person (terminal, .xlsx report) such characters are escaped as `\\x1b`,
`\\u202e`, `\\n`; machines (the JSON report) get the exact value. `hidden_characters` names what a
value holds, for the warning issue.
"""

from __future__ import annotations

import re

# Bidi embeddings, overrides and isolates, the marks, Arabic letter mark; line/paragraph separators.
_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
_SEPARATORS = "\u2028\u2029\u0085"
# Always escaped for a person: C0 controls but tab/newline/CR, DEL, C1, bidi controls, separators.
_HIDDEN = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI}{_SEPARATORS}]")
# In a one-line field (a file name, a table cell of the terminal) line breaks and tabs are escaped too.
_HIDDEN_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}{_SEPARATORS}]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(m: re.Match) -> str:
    ch = m.group(0)
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text, *, one_line: bool = True) -> str:
    """`text` with control and bidi characters escaped; `one_line` escapes line breaks and tabs too."""
    if text is None:
        return ""
    text = str(text)
    return (_HIDDEN_LINE if one_line else _HIDDEN).sub(_escape, text)


def hidden_characters(text) -> list[str]:
    """The hidden characters of a typed value as `U+202E` names, in order of first appearance."""
    if not isinstance(text, str):
        return []
    out: list[str] = []
    for ch in _HIDDEN.findall(text):
        name = f"U+{ord(ch):04X}"
        if name not in out:
            out.append(name)
    return out


def json_safe(text: str) -> str:
    """A JSON document with C1, bidi and separator characters as `\\uXXXX` escapes: the same value."""
    return re.sub(f"[\x7f-\x9f{_BIDI}{_SEPARATORS}]", lambda m: f"\\u{ord(m.group(0)):04x}", text)
