"""Entry point of the ``glassnet`` command: parse, dispatch, and turn errors into one clear line."""

from __future__ import annotations

import argparse
import sys

from .errors import CLIError


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one subparser per subcommand."""
    from . import evaluate, info, predict, train

    parser = argparse.ArgumentParser(
        prog="glassnet",
        description="Train, evaluate and inspect neural networks with glassnet.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for mod in (train, evaluate, predict, info):
        p = sub.add_parser(mod.NAME, help=mod.HELP, description=mod.HELP)
        mod.add_arguments(p)
        p.set_defaults(run=mod.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        return int(args.run(args) or 0)
    except CLIError as e:
        print(f"glassnet {args.command}: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"glassnet {args.command}: interrupted", file=sys.stderr)
        return 130
    except (OSError, ValueError, RuntimeError, KeyError, TypeError) as e:
        # Library errors already name what is wrong; show them as one line, never a traceback.
        print(f"glassnet {args.command}: error: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
