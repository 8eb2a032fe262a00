"""Report the differential fuzzer's totals at the end of the session (cases run, documented differences)."""

from __future__ import annotations

import sys


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    mod = sys.modules.get("test_differential")
    if mod is None or not mod.STATS["cases"]:
        return
    terminalreporter.write_line(f"differential fuzzer: {mod.STATS['cases']} cases compared with torch; "
                                f"{sum(mod.DOCUMENTED.values())} documented differences met")
    for (op, aspect, tags), n in sorted(mod.DOCUMENTED.items()):
        terminalreporter.write_line(f"  {op} {aspect} when {tags or '-'}: {n}")
