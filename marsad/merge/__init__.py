"""Cross-source merging: reports of one incident become one event with every source.

``merge_reports(reports) -> list[MergedEvent]`` is pure, deterministic and
independent of input order; the rules for "same incident" are in
:mod:`marsad.merge.rules`.
"""

from marsad.merge.core import MergedEvent, merge_reports, report_sort_key

__all__ = ["MergedEvent", "merge_reports", "report_sort_key"]
