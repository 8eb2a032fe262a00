"""Start N processes of a command under mpiexec, and name the rank behind a failure.

``python -m glassnet.distributed.launch -n 2 train.py --epochs 3`` runs ``mpiexec -n 2 python train.py
--epochs 3`` (``glassnet train --nproc N`` calls it too). When a rank dies, MPICH's mpiexec stops the others
and reports the dead process by PID only; every rank records its PID when it joins
(:func:`~glassnet.distributed.init_process_group`), so the launcher can say which rank it was.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from ._mpi import INSTALL_HINT

_DEAD = re.compile(r"PID (\d+) RUNNING AT (\S+)")
_CODE = re.compile(r"EXIT CODE: (\d+)")


def find_mpiexec() -> str:
    """The mpiexec beside this Python (where the ``mpich`` wheel puts it), else the first on PATH.

    Example:
        >>> from glassnet.distributed.launch import find_mpiexec
        >>> find_mpiexec()  # doctest: +SKIP
        '/home/me/.venv/bin/mpiexec'
    """
    beside = Path(sys.executable).parent / "mpiexec"
    if beside.is_file():
        return str(beside)
    found = shutil.which("mpiexec")
    if found is None:
        raise RuntimeError(f"mpiexec was not found beside {sys.executable} nor on PATH: {INSTALL_HINT} "
                           "(the mpich wheel brings mpiexec)")
    return found


def launch(nproc: int, command: list[str], hostfile: str | None = None) -> int:
    """Runs ``command`` in ``nproc`` processes under mpiexec; returns the job's exit status.

    The processes' output is passed through. If a rank dies, a last line names it (rank, PID, host,
    exit code).

    Args:
        nproc (int): the number of processes (ranks).
        command (list of str): the program and its arguments, e.g. ``[sys.executable, 'train.py']``.
        hostfile (str, optional): a file listing the machines (``host:slots`` per line) for mpiexec's
            ``-f``. Default: ``None`` (all ranks on this machine).

    Example:
        >>> from glassnet.distributed.launch import launch
        >>> launch(2, [sys.executable, "train.py"])  # doctest: +SKIP
        0
    """
    if not isinstance(nproc, int) or nproc < 1:
        raise ValueError(f"launch: nproc must be a positive int, got {nproc!r}")
    with tempfile.TemporaryDirectory(prefix="glassnet-ranks-") as piddir:
        env = dict(os.environ, GLASSNET_DIST_PIDDIR=piddir)
        cmd = [find_mpiexec(), "-n", str(nproc), *(["-f", hostfile] if hostfile else []), *command]
        dead: list[tuple[str, str]] = []
        code = None
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                bufsize=1)
        try:
            for line in proc.stdout:
                sys.stdout.write(line)
                sys.stdout.flush()
                m = _DEAD.search(line)
                if m:
                    dead.append((m.group(1), m.group(2)))
                m = _CODE.search(line)
                if m and code is None:
                    code = int(m.group(1))
            status = proc.wait()
        except KeyboardInterrupt:
            proc.send_signal(signal.SIGINT)
            status = proc.wait()
        if dead:
            ranks = _ranks_by_pid(Path(piddir))
            for pid, host in dead:
                who = f"rank {ranks[pid]}" if pid in ranks else "a rank"
                how = f" (exit code {code}{_signal_name(code)})" if code is not None else ""
                print(f"glassnet.distributed: {who} (pid {pid} on {host}) died{how}; mpiexec stopped the "
                      f"other ranks", file=sys.stderr, flush=True)
        return status


def _ranks_by_pid(piddir: Path) -> dict[str, int]:
    out = {}
    for f in piddir.glob("rank*"):
        try:
            pid = f.read_text().split()[0]
            out[pid] = int(f.name[4:])
        except (OSError, IndexError, ValueError):
            continue
    return out


def _signal_name(code: int) -> str:
    try:
        return f": killed by {signal.Signals(code).name}" if 0 < code < 64 and code in (6, 9, 11, 15) else ""
    except ValueError:
        return ""


def main(argv: list[str] | None = None) -> int:
    """``python -m glassnet.distributed.launch -n N [--hostfile F] script.py [args...]``."""
    p = argparse.ArgumentParser(prog="python -m glassnet.distributed.launch",
                                description="Run a Python script in N processes under mpiexec.")
    p.add_argument("-n", "--nproc", type=int, required=True, help="number of processes (ranks)")
    p.add_argument("--hostfile", default=None, help="mpiexec's host file (host:slots per line)")
    p.add_argument("script", help="the Python script to run")
    p.add_argument("args", nargs=argparse.REMAINDER, help="its arguments")
    a = p.parse_args(argv)
    return launch(a.nproc, [sys.executable, a.script, *a.args], a.hostfile)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
