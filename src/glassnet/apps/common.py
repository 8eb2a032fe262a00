"""What every app's command line shares: the common options and the ``python -m glassnet.apps.NAME`` entry."""

from __future__ import annotations

import argparse
import sys


def add_common_arguments(p: argparse.ArgumentParser, data_help: str) -> None:
    """--data, --quick, --out, --overwrite, --seed and --verbose, the same for every app."""
    p.add_argument("--data", metavar="PATH", default=None, help=data_help)
    p.add_argument("--quick", action="store_true",
                   help="a small, fast version of the run (seconds, used by the tests); the figures are not the "
                        "app's real ones")
    p.add_argument("--out", default=None, help="run folder (default: runs/<date-time>-<app>)")
    p.add_argument("--overwrite", action="store_true", help="write into --out even if it already holds files")
    p.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    p.add_argument("--verbose", type=int, default=1, help="0 silent, 1 progress bars and a summary (default: 1)")


def module_main(name: str, argv: list[str] | None = None) -> int:
    """``python -m glassnet.apps.X ARGS`` is ``glassnet app NAME ARGS``, with the same messages and exit codes."""
    from ..cli.main import main

    return main(["app", name, *(sys.argv[1:] if argv is None else argv)])


__all__ = ["add_common_arguments", "module_main"]
