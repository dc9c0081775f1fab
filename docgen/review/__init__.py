"""Expert review (Art. 16): the index system, assignment with 回避, scoring sheets, the tally, the shortlist.

docs/review.md says how it works. Domain only: the scoring sheet and the 汇总表 are laid out by
docgen.formats (xlsx_scores, xlsx_report); the CLI is docgen/cli/review.py.
"""
