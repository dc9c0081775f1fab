"""公文 (GB/T 9704-2012) documents: the engine that lays a notice out, its templates, and the checker.

Modules: `spec` (plain description of a notice's fixed parts, no python-docx), `title` (balanced
title lines), `styles` (the named paragraph styles a template uses), `template` (docxtpl build,
render, variables), `engine` (red header, attachments, 版记, footers), `check` (conformance),
`listdata` (cluster lists from .xlsx). Import the module you need; this package imports nothing heavy.
"""
