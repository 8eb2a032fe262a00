"""The playground's streaming cost: state frames per second while training, and training steps per second with
a page streaming versus the engine alone (the numbers in docs/playground.md).

    PYTHONPATH=src python benchmarks/playground_stream.py [--seconds 10] [--port 8791]

The server runs as `glassnet playground` in its own process (as for a real page); the "page" here is a
websockets client that receives and parses every frame, as the browser would.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time

CONFIGS = {
    "dense spiral 4-2, batch 10": {"dataset": "spiral", "hidden": [4, 2]},
    "dense spiral 8-8-8, batch 10": {"dataset": "spiral", "hidden": [8, 8, 8]},
    "cnn digits 8-16, batch 10": {"mode": "cnn", "dataset": "digits"},
}


def engine_alone(config: dict, seconds: float) -> float:
    """Steps/s of a Session's worker thread with no page attached (the engine at full speed, as the app runs it)."""
    from glassnet.playground.engine_link import real_link
    from glassnet.playground.session import Session

    link = real_link()
    s = Session("bench-engine-alone", link, link.validate({**link.DEFAULTS, **config}))
    s.play()
    time.sleep(1.0)  # warm-up: chunk sizing, first allocations
    t0, n0 = time.perf_counter(), s.engine.step
    time.sleep(seconds)
    rate = (s.engine.step - n0) / (time.perf_counter() - t0)
    s.close()
    return rate


def streamed(config: dict, seconds: float, port: int) -> dict:
    """Frames/s, full frames/s, bytes/s and steps/s with one page attached to a real server."""
    from websockets.sync.client import connect

    with connect(f"ws://127.0.0.1:{port}/ws", max_size=None, origin=f"http://127.0.0.1:{port}") as ws:
        ws.send(json.dumps({"type": "hello", "config": config}))
        while json.loads(ws.recv())["type"] != "state":
            pass
        ws.send(json.dumps({"type": "play"}))
        t_end = time.perf_counter() + 1.0
        while time.perf_counter() < t_end:  # warm-up
            ws.recv()
        frames = full = nbytes = 0
        first = last = None
        t0 = time.perf_counter()
        while time.perf_counter() - t0 < seconds:
            text = ws.recv()
            msg = json.loads(text)
            if msg["type"] != "state":
                continue
            frames += 1
            full += not msg["light"]
            nbytes += len(text)
            first = msg["step"] if first is None else first
            last = msg["step"]
        dt = time.perf_counter() - t0
        ws.send(json.dumps({"type": "pause"}))
    return {"fps": frames / dt, "full_fps": full / dt, "kib_per_s": nbytes / dt / 1024,
            "steps_per_s": (last - first) / dt if frames > 1 else 0.0}


def main() -> int:
    """Measure every config; print a markdown table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--port", type=int, default=8791)
    args = ap.parse_args()
    env = {**os.environ, "OPENBLAS_NUM_THREADS": os.environ.get("OPENBLAS_NUM_THREADS", "1")}
    rows = []
    with tempfile.TemporaryDirectory() as out:
        server = subprocess.Popen([sys.executable, "-m", "glassnet.cli.main", "playground", "--no-browser",
                                   "--port", str(args.port), "--out", out], env=env)
        try:
            deadline = time.time() + 60
            while time.time() < deadline:  # the server is up once its port answers
                try:
                    socket.create_connection(("127.0.0.1", args.port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.5)
            for name, config in CONFIGS.items():
                s = streamed(config, args.seconds, args.port)
                alone = engine_alone(config, args.seconds)
                rows.append((name, s, alone))
                print(f"{name}: {s['fps']:.1f} frames/s ({s['full_fps']:.2f} full), {s['kib_per_s']:.0f} KiB/s, "
                      f"{s['steps_per_s']:.0f} steps/s streamed vs {alone:.0f} alone", flush=True)
        finally:
            server.terminate()
            server.wait(timeout=10)
    print("\n| network | frames/s (full) | KiB/s | steps/s streamed | steps/s alone | cost |")
    print("|---|---|---|---|---|---|")
    for name, s, alone in rows:
        cost = 100 * (1 - s["steps_per_s"] / alone) if alone else float("nan")
        print(f"| {name} | {s['fps']:.1f} ({s['full_fps']:.2f}) | {s['kib_per_s']:.0f} | {s['steps_per_s']:.0f} | "
              f"{alone:.0f} | {cost:.0f}% |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
