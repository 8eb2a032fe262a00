"""``glassnet lab list | run NAME|all``: the study guide's claims run as experiments, each with a report."""

from __future__ import annotations

import argparse

from .errors import CLIError

NAME = "lab"
HELP = "Run the study guide's claims as experiments (depth, overfitting, data size ...); 'lab list' lists them."


def add_arguments(p: argparse.ArgumentParser) -> None:
    """``lab list`` and ``lab run NAME|all`` with --quick, --seed, --out."""
    sub = p.add_subparsers(dest="lab_command", metavar="list|run|index")
    sub.add_parser("list", help="list the experiments with the claim each tests")
    r = sub.add_parser("run", help="run one experiment, or all")
    r.add_argument("name", metavar="NAME", help="an experiment from 'glassnet lab list', or 'all'")
    r.add_argument("--quick", action="store_true", help="small models and data: seconds, for tests")
    r.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    r.add_argument("--out", default=None, help="run folder (default: runs/<date-time>-lab-NAME)")
    r.add_argument("--overwrite", action="store_true", help="write into --out even if it already holds files")
    r.add_argument("--verbose", type=int, default=1, help="0 silent, 1 progress (default: 1)")
    i = sub.add_parser("index", help="rebuild DIR/index.md from the reports in DIR/NAME/report.md")
    i.add_argument("dir", metavar="DIR", help="a folder written by 'glassnet lab run all' (or docs/lab)")


def run(args: argparse.Namespace) -> int:
    """List the experiments, or run one or all."""
    from .. import lab

    if args.lab_command in (None, "list"):
        names = lab.available()
        width = max((len(n) for n in names), default=0)
        for name in names:
            print(f"{name:<{width}}  {lab.get_experiment(name).SUMMARY}")
        if args.lab_command is None:
            print("\nrun one with: glassnet lab run NAME [--quick] [--seed S] [--out DIR]; or: glassnet lab run all")
        return 0
    if args.lab_command == "index":
        try:
            print(f"index: {lab.write_index(args.dir)}")
        except FileNotFoundError as e:
            raise CLIError(str(e)) from None
        return 0
    if args.name == "all":
        root = lab.run_all(quick=args.quick, seed=args.seed, out=args.out, overwrite=args.overwrite,
                           verbose=args.verbose)
        print(f"index: {root / 'index.md'}")
        return 0
    try:
        lab.get_experiment(args.name)
    except ValueError as e:
        raise CLIError(str(e)) from None
    folder, metrics = lab.run_experiment(args.name, quick=args.quick, seed=args.seed, out=args.out,
                                         overwrite=args.overwrite, verbose=args.verbose)
    print(f"verdict: {metrics['verdict']}")
    print(f"report: {folder / 'report.md'}")
    return 0
