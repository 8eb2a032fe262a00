"""Entry point of the ``glassnet`` command: parse, dispatch, and turn errors into clear messages."""

from __future__ import annotations

import argparse
import os
import sys

from .errors import CLIError

EPILOG = """\
Data: MNIST and Fashion-MNIST are read from --data-dir, else from $GLASSNET_DATA,
else from ~/.glassnet/data (with its mnist/ or fashion-mnist/ subfolder).
glassnet never downloads. 'glassnet COMMAND --help' lists a command's options."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one subparser per subcommand."""
    import glassnet

    from . import (
        app,
        card,
        energy,
        evaluate,
        explain,
        export,
        fairness,
        finetune,
        gan,
        generate,
        info,
        inspect_cmd,
        lab,
        playground,
        predict,
        study,
        train,
    )

    parser = argparse.ArgumentParser(
        prog="glassnet",
        description="Train, evaluate and inspect neural networks with glassnet.",
        epilog=EPILOG,
    )
    parser.add_argument("--version", action="version", version=f"glassnet {glassnet.__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for mod in (train, finetune, evaluate, predict, explain, info, inspect_cmd, export, gan, generate, fairness,
                energy, card, app, lab, study, playground):
        p = sub.add_parser(mod.NAME, help=mod.HELP, description=getattr(mod, "DESCRIPTION", mod.HELP),
                           epilog=getattr(mod, "EPILOG", EPILOG),
                           formatter_class=argparse.RawDescriptionHelpFormatter)
        mod.add_arguments(p)
        p.set_defaults(run=mod.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    args.argv = list(argv) if argv is not None else sys.argv[1:]  # `train --nproc` reruns itself under mpiexec
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    from .. import backend

    backend.tune_allocator()  # every command that trains or evaluates gains from it; none is hurt
    try:
        status = int(args.run(args) or 0)
        sys.stdout.flush()  # a closed pipe shows up here, where it is handled, not at interpreter exit
        return status
    except CLIError as e:
        print(f"glassnet {args.command}: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"glassnet {args.command}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `glassnet info RUN | head` closed our stdout: stop quietly, as cat and ls do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except (OSError, ValueError, RuntimeError, KeyError, TypeError) as e:
        # Library errors already name what is wrong: show the whole message, never a traceback.
        print(f"glassnet {args.command}: error: {e}", file=sys.stderr)
        return 1
    except Exception as e:  # noqa: BLE001 - the last line of defence: a bug, reported without a traceback
        if os.environ.get("GLASSNET_DEBUG"):
            raise
        print(f"glassnet {args.command}: internal error: {type(e).__name__}: {e} (this is a bug in glassnet; "
              f"GLASSNET_DEBUG=1 shows the traceback)", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
