"""``glassnet playground``: a local page to build, train and watch a network, with glassnet doing the work."""

from __future__ import annotations

import argparse
import socket
import time
from pathlib import Path

from .errors import CLIError

NAME = "playground"
HELP = "Open the playground: build, train and watch a network in the browser (a local page, nothing online)."
PLAYGROUND_FORMAT = "glassnet-playground-run"
HOST = "127.0.0.1"  # never another interface: the page can run code-like actions (exports, uploads)
INSTALL_HINT = 'the playground needs starlette and uvicorn: pip install "glassnet[playground]"'
EPILOG = """\
examples:
  glassnet playground                       # serves http://127.0.0.1:8765 and opens it in the browser
  glassnet playground --port 9000 --no-browser --out runs/my-playground

The run folder (--out, else runs/<date-time>-playground) gets config.json and exports.jsonl, a line per file
exported from the page, with a copy of each file in exports/. 'glassnet info FOLDER' describes it."""


def add_arguments(p: argparse.ArgumentParser) -> None:
    """--port, --no-browser, --out."""
    p.add_argument("--port", type=int, default=8765, help="port on 127.0.0.1 (default: 8765)")
    p.add_argument("--no-browser", action="store_true", help="do not open the page in a browser")
    p.add_argument("--out", default=None, help="run folder (default: runs/<date-time>-playground)")


def is_playground_run(run_dir: str | Path) -> bool:
    """Whether the folder's config.json was written by 'glassnet playground'."""
    from .runs import run_format

    return run_format(run_dir) == PLAYGROUND_FORMAT


def _check_port(port: int) -> None:
    """A one-line error for a port out of range or in use, before uvicorn prints its own log."""
    if not 1 <= port <= 65535:
        raise CLIError(f"--port must be between 1 and 65535, got {port}")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        # As uvicorn does: a port left in TIME_WAIT by the last playground is free; only a listener is "in use".
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((HOST, port))
        except OSError:
            raise CLIError(f"port {port} on {HOST} is in use (another playground?); pass --port N") from None


def _run_folder(out: str | None) -> Path:
    """--out (a playground folder is reused: its exports log goes on) or a new runs/<time>-playground."""
    from .runs import prepare_out_dir

    if out is not None and is_playground_run(out):
        return Path(out)
    return prepare_out_dir(out, "playground")


def run(args: argparse.Namespace) -> int:
    """Serve the playground on 127.0.0.1 until Ctrl-C."""
    try:
        import starlette  # noqa: F401
        import uvicorn
    except ImportError:
        raise CLIError(INSTALL_HINT) from None
    import importlib.util

    # Without one of these uvicorn serves the page but refuses its WebSocket, with only a log warning.
    if not any(importlib.util.find_spec(m) for m in ("websockets", "wsproto")):
        raise CLIError(INSTALL_HINT.replace("starlette and uvicorn", "the websockets package"))
    _check_port(args.port)
    from .. import __version__
    from ..playground import create_app
    from .runs import write_json

    folder = _run_folder(args.out)
    url = f"http://{HOST}:{args.port}/"
    write_json(folder / "config.json", {"format": PLAYGROUND_FORMAT, "url": url, "glassnet_version": __version__,
                                        "started": time.strftime("%Y-%m-%dT%H:%M:%S")})
    app = create_app(out_dir=folder)
    print(f"playground: {url} (Ctrl-C stops it); run folder: {folder}")
    if not args.no_browser:
        import threading
        import webbrowser

        threading.Timer(1.0, webbrowser.open, args=(url,)).start()  # after uvicorn has bound the port
    uvicorn.run(app, host=HOST, port=args.port, log_level="warning", ws_max_size=8 * 2**20)
    return 0
