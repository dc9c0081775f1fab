"""The portal (docs/portal.md): counties, cities and the province on the library the CLI uses.

`create_app(config)` builds the Flask app (`docgen.portal.app`); `docgen serve` runs it under gunicorn.
Importing this package imports no web framework.
"""

from __future__ import annotations


def create_app(config=None):
    from docgen.portal.app import create_app as _create

    return _create(config)
