"""docgen's benchmark (design/QUALITY.md, speed): `python bench/run.py [--quick]`. Not part of the tests."""
