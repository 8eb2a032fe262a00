"""Placeholder replaced by the app's own module (work in progress on its branch)."""

from __future__ import annotations

import argparse

from .common import add_common_arguments, module_main

NAME = "diagnosis"


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Options of this app."""
    add_common_arguments(p, "data path")


def run(args: argparse.Namespace) -> int:
    """Not built yet."""
    from ..cli.errors import CLIError

    raise CLIError(f"app {NAME} is not built yet")


if __name__ == "__main__":
    raise SystemExit(module_main(NAME))
