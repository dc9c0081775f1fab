"""The one exception base of docgen. Library code raises; only the CLI prints and exits.

The library does not depend on click: the root group of `docgen.cli` turns a `DocgenError` into a
click exception carrying `exit_code` inside its `invoke`, so click (and its `CliRunner`) exits with it.

Three kinds of failure are kept apart (docs/report.md):
- our own template or schema is broken → `ConfigError` (raised when loaded, names file and rule);
- a user's input file cannot be read → an issue in the report, never an exception out of the batch;
- bad data → issues in the report.
`UsageError` and `InputError` are for the CLI's own arguments and inputs that stop a command.
"""

from __future__ import annotations


class DocgenError(Exception):
    exit_code = 1

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ConfigError(DocgenError):
    """A shipped or staff-edited schema, policy or template is broken."""

    exit_code = 1


class UsageError(DocgenError):
    """Bad command-line arguments (unknown form, county, malformed date …)."""

    exit_code = 2


class InputError(DocgenError):
    """An input that stops the command before anything is written (bad notice data …)."""

    exit_code = 1


class DependencyError(DocgenError):
    """An external program (LibreOffice) is missing."""

    exit_code = 1
