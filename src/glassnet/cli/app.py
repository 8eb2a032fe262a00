"""``glassnet app list | NAME ...``: run one of the complete applications of ``glassnet.apps``."""

from __future__ import annotations

import argparse

NAME = "app"
HELP = "Run a complete application (speech digits, recommendations, fraud, diagnosis, weather); 'app list' lists them."
DESCRIPTION = ("Complete applications on real data or your own files. Each writes a run folder with report.md, "
               "plots, the model and metrics.json; --quick runs a small version in seconds.")


def add_arguments(p: argparse.ArgumentParser) -> None:
    """One sub-command per app, and ``list``."""
    from ..apps import APPS, get_app

    sub = p.add_subparsers(dest="app", metavar="NAME")
    sub.add_parser("list", help="list the apps with one line each")
    for name, (_, line) in APPS.items():
        mod = get_app(name)
        q = sub.add_parser(name, help=line, description=getattr(mod, "DESCRIPTION", line),
                           formatter_class=argparse.RawDescriptionHelpFormatter)
        mod.add_arguments(q)
        q.set_defaults(app_run=mod.run)


def run(args: argparse.Namespace) -> int:
    """List the apps, or run the one named."""
    from ..apps import list_apps

    if args.app in (None, "list"):
        width = max(len(n) for n, _ in list_apps())
        for name, line in list_apps():
            print(f"{name:<{width}}  {line}")
        if args.app is None:
            print("\nrun one with: glassnet app NAME [--data PATH] [--quick] [--out DIR]  (glassnet app NAME --help)")
        return 0
    return int(args.app_run(args) or 0)
