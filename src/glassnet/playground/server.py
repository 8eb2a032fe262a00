"""The playground's web server: the page, its static files, exports over HTTP and one WebSocket per page.

HTTP routes
    GET /                                  the page (static/index.html)
    GET /static/...                        its CSS and ES modules
    GET /api/defaults                      {"defaults": the engine's DEFAULTS config}
    GET /api/export/{session}/script.py    a runnable script that rebuilds and retrains the network
    GET /api/export/{session}/model.safetensors   the trained weights (config in the metadata)
    GET /api/export/{session}/model_card.md       the model card

WebSocket /ws: JSON text messages, each an object with a "type".

client -> server
    hello {session?, config?}       open a session; a live session id (kept in sessionStorage) recovers it
    config {config}                 a (partial) config: validated, then the network is rebuilt; training goes on
    play | pause                    train in the worker thread at full speed / stop after the current chunk
    step {unit}                     pause, then one "sample" | "batch" | "epoch" (forward, backward, update)
    reset                           rebuild the network with fresh initial weights (same config)
    set_weight {layer, i, j, value} set one dense weight: the edge from neuron j of layer-1 to neuron i of layer
    select_edge {layer, i, j, index?}   the chain-rule numbers of that weight on one sample (or the batch mean)
    predict {pixels}                CNN: a 28x28 (or 8x8) grey canvas in [0, 1]; dense: one input point
    graph | gradient_flow           the autograd graph of the current loss / per-layer gradient statistics
    attribution {index, method?}    "saliency" (default), "input_x_gradient" or "integrated_gradients" for one
                                    training sample
    feature_maps {index}            CNN: each conv layer's maps for one sample, and the filters
    hidden_state {index}            RNN: the hidden state over time for one sequence
    paint {points}                  the painted dataset: [[x, y, label], ...] with x, y in [-6, 6]

server -> client
    hello {session, recovered, defaults}   the session this page talks to (store its id for a reload)
    state {...snapshot, running, epoch, step, config, light}   a frame, at most `fps` (8) per second while
                                    training, only when something changed. Light frames carry the curves, the
                                    network, the boundary and the neuron heatmaps; every `heavy_every`-th (8th)
                                    while training, and the one after each changing command (config, paint,
                                    reset, step, set_weight, pause), is full: it adds the autograd graph, the
                                    gradient flow, an attribution, the chain rule and the points
    detail {kind, ...}              the answer to a view command; kind is the command's name ("chain_rule" for
                                    select_edge, "step" for step, "prediction" for predict)
    error {message, for}            a bad message (not JSON, unknown type, a bad value); "for" names the message
                                    type. The socket stays open.

The server binds 127.0.0.1 only, accepts only local Host and Origin headers, and the page loads nothing from
anywhere else (see the Content-Security-Policy below).
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import mimetypes
import time
from pathlib import Path
from typing import Any

import anyio
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.websockets import WebSocket, WebSocketDisconnect

from .engine_link import EngineLink, real_link
from .session import Session, SessionRegistry

STATIC = Path(__file__).parent / "static"
LOCAL_HOSTS = ["127.0.0.1", "localhost", "testserver"]  # testserver: Starlette's TestClient
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
       "connect-src 'self' ws://127.0.0.1:* ws://localhost:*; font-src 'self'; object-src 'none'; "
       "base-uri 'none'; frame-ancestors 'none'; form-action 'none'")
EXPORTS = {"script.py": "text/x-python", "model.safetensors": "application/octet-stream",
           "model_card.md": "text/markdown"}
MAX_INDEX = 10**9
ATTRIBUTION_METHODS = ("saliency", "input_x_gradient", "integrated_gradients")
CHANGES = {"config", "paint", "reset", "step", "set_weight", "pause"}  # commands followed by a full state frame
# Browsers refuse ES modules served as text/plain, which some systems' MIME tables (Windows' registry) map .js to.
mimetypes.add_type("text/javascript", ".js")
mimetypes.add_type("text/javascript", ".mjs")
log = logging.getLogger("glassnet.playground")


class BadMessage(ValueError):
    """A client message the server refuses (its text goes back to the page in an error frame)."""


def _int(msg: dict, key: str, default: int | None = None) -> int:
    """msg[key] as a non-negative int, or BadMessage naming the key."""
    v = msg.get(key, default)
    if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= MAX_INDEX:
        raise BadMessage(f"{key!r} must be a non-negative integer, got {v!r}")
    return v


def _opt_index(msg: dict) -> int | None:
    """The optional sample index of a view message."""
    return None if msg.get("index") is None else _int(msg, "index")


def _float(msg: dict, key: str) -> float:
    """msg[key] as a finite float, or BadMessage."""
    v = msg.get(key)
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
        raise BadMessage(f"{key!r} must be a finite number, got {v!r}")
    return float(v)


class Playground:
    """The app's state: the session registry, the engine link and the run folder that logs exports."""

    def __init__(self, link: EngineLink, out_dir: str | Path | None, fps: float, heavy_every: int,
                 ttl: float) -> None:
        self.link = link
        self.registry = SessionRegistry(link, ttl=ttl)
        self.out_dir = Path(out_dir) if out_dir else None
        self.fps = fps
        self.heavy_every = max(1, heavy_every)
        self.frames_sent = 0  # all state frames, for the frame-rate measurement in docs/playground.md

    def log_export(self, session: Session, name: str, data: bytes) -> None:
        """Keep a copy of an export in the run folder and a line about it in exports.jsonl."""
        if self.out_dir is None:
            return
        folder = self.out_dir / "exports"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{session.id}-{name}"
        path.write_bytes(data)
        line = {"time": time.strftime("%Y-%m-%dT%H:%M:%S"), "session": session.id, "file": name,
                "path": str(path.relative_to(self.out_dir)), "step": int(session.engine.step),
                "config": session.engine.config}
        with open(self.out_dir / "exports.jsonl", "a") as f:
            f.write(json.dumps(line, default=str) + "\n")

    # --- commands: each runs in a worker thread (they take the engine lock) and returns the frames to send ---

    def command(self, session: Session, msg: dict) -> list[dict]:
        """Apply one client message to its session; return the detail frames (state frames follow separately)."""
        kind = msg.get("type")
        link = self.link
        if kind == "play":
            session.play()
            return []
        if kind == "pause":
            session.pause()
            return []
        if kind == "config":
            cfg = msg.get("config")
            if not isinstance(cfg, dict):
                raise BadMessage("'config' must be an object of settings")
            self._rebuild(session, {**session.engine.config, **cfg})
            return []
        if kind == "paint":
            points = msg.get("points")
            if not isinstance(points, list):
                raise BadMessage("'points' must be a list of [x, y, label]")
            self._rebuild(session, {**session.engine.config, "mode": "dense", "dataset": "painted",
                                    "points": points})
            return []
        if kind == "reset":
            was_running = session.running
            session.pause()
            with session.engine_access() as engine:
                engine.reset()
            if was_running:
                session.play()
            return []
        if kind == "step":
            unit = msg.get("unit", "batch")
            if unit not in ("sample", "batch", "epoch"):
                raise BadMessage(f"'unit' must be 'sample', 'batch' or 'epoch', got {unit!r}")
            session.pause()
            with session.engine_access() as engine:
                if unit == "sample":
                    out = engine.step_sample(_opt_index(msg))
                elif unit == "batch":
                    out = engine.step_batch()
                else:
                    out = engine.step_epoch()
            return [_detail("step", out or {}, unit=unit)]
        if kind == "set_weight":
            layer, i, j, value = _int(msg, "layer"), _int(msg, "i"), _int(msg, "j"), _float(msg, "value")
            with session.engine_access() as engine:
                engine.set_weight(layer, i, j, value)
            return []
        if kind == "select_edge":
            layer, i, j, index = _int(msg, "layer"), _int(msg, "i"), _int(msg, "j"), _opt_index(msg)
            with session.engine_access(changes=False) as engine:
                if hasattr(engine, "select_edge"):
                    engine.select_edge(layer, i, j)  # the edge whose chain rule the step modes explain
                view = link.chain_rule_view(engine, layer, i, j, index)
            return [_detail("chain_rule", view, layer=layer, i=i, j=j)]
        if kind == "predict":
            pixels = msg.get("pixels")
            if not isinstance(pixels, list) or not pixels:
                raise BadMessage("'pixels' must be a non-empty list (a 28x28 grid of numbers in [0, 1])")
            with session.engine_access(changes=False) as engine:
                out = engine.predict(pixels)
            return [_detail("prediction", out)]
        views = {"graph": link.graph_view, "gradient_flow": link.gradient_flow_view}
        if kind in views:
            with session.engine_access(changes=False) as engine:
                view = views[kind](engine)
            return [_detail(kind, view)]
        if kind == "attribution":
            index, method = _int(msg, "index", 0), msg.get("method", "saliency")
            if method not in ATTRIBUTION_METHODS:
                raise BadMessage(f"'method' must be one of {', '.join(ATTRIBUTION_METHODS)}, got {method!r}")
            with session.engine_access(changes=False) as engine:
                view = link.attribution_view(engine, index, method=method)
            return [_detail(kind, view, index=index, method=method)]
        if kind in ("feature_maps", "hidden_state"):
            index = _int(msg, "index", 0)
            fn = link.feature_maps_view if kind == "feature_maps" else link.hidden_state_view
            with session.engine_access(changes=False) as engine:
                view = fn(engine, index)
            return [_detail(kind, view, index=index)]
        raise BadMessage(f"unknown message type {kind!r}")

    def _rebuild(self, session: Session, config: dict) -> None:
        """Validate a config and rebuild the engine with it; training goes on if it was running."""
        config = self.link.validate(config)  # ConfigError before anything changes
        was_running = session.running
        session.pause()
        with session.engine_access() as engine:
            old = dict(engine.config)
            try:
                engine.reset(config)
            except Exception:
                engine.reset(old)  # a config that validates but fails to build (no MNIST folder) leaves the old run
                raise
        if was_running:
            session.play()


def _finite(obj: Any) -> Any:
    """obj with NaN and infinities as None: JSON has no NaN, and the browser's JSON.parse rejects it."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: _finite(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_finite(v) for v in obj]
    return obj


def _dumps(frame: dict) -> str:
    """A frame as JSON text; the slow NaN-cleaning walk runs only when a non-finite number is there."""
    try:
        return json.dumps(frame, default=float, allow_nan=False)
    except ValueError:
        return json.dumps(_finite(frame), default=float, allow_nan=False)


def _detail(kind: str, view: dict, **extra: Any) -> dict:
    """A detail frame: the engine's view with our kind on top (a view's own "kind" moves to "data_kind")."""
    frame = {"type": "detail", **view, **extra}
    if "kind" in view:
        frame["data_kind"] = view["kind"]
    frame["kind"] = kind
    return frame


def _error(message: str, for_type: Any = None) -> dict:
    """An error frame."""
    return {"type": "error", "message": message, "for": for_type if isinstance(for_type, str) else None}


def _describe(e: Exception) -> str:
    """A one-line message for the page: the engine's own text for expected errors, no traceback ever."""
    if isinstance(e, (ValueError, KeyError, IndexError, TypeError, RuntimeError, FileNotFoundError)):
        text = e.args[0] if isinstance(e, KeyError) and e.args else str(e)
        return str(text) or type(e).__name__
    log.exception("playground: unexpected error")
    return f"internal error: {type(e).__name__}: {e}"


async def _socket(websocket: WebSocket) -> None:
    """One page's WebSocket: hello, then commands in, throttled state frames out."""
    app: Playground = websocket.app.state.playground
    origin = websocket.headers.get("origin")
    if origin and origin.split("://", 1)[-1].split(":")[0] not in LOCAL_HOSTS:
        await websocket.close(code=1008)  # another site's page may not drive the local server
        return
    await websocket.accept()
    send_lock = anyio.Lock()
    session: Session | None = None

    async def send(frame: dict) -> None:
        text = _dumps(frame)
        async with send_lock:
            try:
                await websocket.send_text(text)
            except (RuntimeError, OSError):
                raise WebSocketDisconnect(1006) from None  # the page went away while we computed its frame

    sent = {"version": -1}  # the session version the page last saw, shared by commands and the stream

    async def send_state(light: bool) -> None:
        version = session.version
        frame = await anyio.to_thread.run_sync(session.snapshot, light)
        sent["version"] = version
        app.frames_sent += 1
        await send({"type": "state", **frame})

    async def stream() -> None:
        # Throttled frames: at most `fps` a second, only when something changed; every heavy_every-th is full.
        frames, period = 0, 1.0 / app.fps
        next_at = anyio.current_time() + period
        try:
            while True:
                # Fixed deadlines, not a sleep after each send: the time spent building a frame counts towards
                # the period, so the page gets `fps` frames a second and never more.
                await anyio.sleep_until(next_at)
                next_at = max(next_at + period, anyio.current_time())
                if session.version == sent["version"]:
                    continue
                frames += 1
                await send_state(light=session.running and frames % app.heavy_every != 0)
        except (WebSocketDisconnect, RuntimeError, OSError):
            return  # the page went away mid-send: the receive loop ends the socket

    async with anyio.create_task_group() as tg:
        try:
            while True:
                try:
                    text = await websocket.receive_text()
                except KeyError:  # a binary frame: receive_text finds no "text"
                    await send(_error("send JSON text messages, not binary frames"))
                    continue
                try:
                    msg = json.loads(text)
                except json.JSONDecodeError as e:
                    await send(_error(f"not JSON: {e.msg} at character {e.pos}"))
                    continue
                if not isinstance(msg, dict) or not isinstance(msg.get("type"), str):
                    await send(_error("a message must be a JSON object with a string 'type'"))
                    continue
                kind = msg["type"]
                try:
                    if kind == "hello":
                        if session is not None:
                            raise BadMessage("this socket already has a session; reload the page for another")
                        sid, cfg = msg.get("session"), msg.get("config")
                        if cfg is not None and not isinstance(cfg, dict):
                            raise BadMessage("'config' must be an object of settings")
                        if cfg is not None:
                            cfg = app.link.validate({**app.link.DEFAULTS, **cfg})
                        await anyio.to_thread.run_sync(app.registry.wait_free, sid, 1.5)
                        session, recovered = await anyio.to_thread.run_sync(app.registry.open, sid, cfg)
                        session.connections += 1
                        if session.resume_on_attach:
                            session.resume_on_attach = False
                            session.play()
                        await send({"type": "hello", "session": session.id, "recovered": recovered,
                                    "defaults": app.link.DEFAULTS})
                        await send_state(light=False)
                        tg.start_soon(stream)
                        continue
                    if session is None:
                        raise BadMessage("send hello first")
                    session.last_seen = time.monotonic()
                    frames = await anyio.to_thread.run_sync(app.command, session, msg)
                    for frame in frames:
                        await send(frame)
                    if kind in CHANGES:
                        await send_state(light=False)  # the page sees the command's effect at once
                except WebSocketDisconnect:
                    raise
                except Exception as e:  # noqa: BLE001 - any failure is one error frame; the socket stays open
                    await send(_error(_describe(e), kind))
        except WebSocketDisconnect:
            pass
        finally:
            tg.cancel_scope.cancel()
            if session is not None:
                session.connections -= 1
                session.last_seen = time.monotonic()
                if session.connections == 0 and session.running:
                    session.resume_on_attach = True  # a closed page trains nothing; a reload picks the run up
                    with anyio.CancelScope(shield=True):
                        await anyio.to_thread.run_sync(session.pause)


async def _index(request: Request) -> Response:
    """The page."""
    return FileResponse(STATIC / "index.html", media_type="text/html")


async def _defaults(request: Request) -> Response:
    """The engine's default config."""
    return JSONResponse({"defaults": request.app.state.playground.link.DEFAULTS})


async def _export(request: Request) -> Response:
    """A file of one session's run: the script, the weights or the model card."""
    app: Playground = request.app.state.playground
    name = request.path_params["name"]
    session = app.registry.get(request.path_params["session"])
    if name not in EXPORTS:
        return PlainTextResponse(f"no export named {name!r}; one of {', '.join(EXPORTS)}", status_code=404)
    if session is None:
        return PlainTextResponse("no such session (it expired, or the server restarted): reload the page",
                                 status_code=404)

    def build() -> bytes:
        with session.engine_access(changes=False) as engine:
            if name == "script.py":
                return app.link.export_script(engine.config).encode()
            if name == "model_card.md":
                return app.link.export_card(engine).encode()
            import tempfile

            with tempfile.TemporaryDirectory() as tmp:
                path = app.link.export_weights(engine, Path(tmp) / name)
                return Path(path).read_bytes()

    try:
        data = await anyio.to_thread.run_sync(build)
    except Exception as e:  # noqa: BLE001 - an export that fails is a message, not a 500 with a traceback
        return PlainTextResponse(f"export failed: {_describe(e)}", status_code=400)
    app.log_export(session, name, data)
    return Response(data, media_type=EXPORTS[name],
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


class _SecurityHeaders:
    """Pure-ASGI middleware adding the CSP and friends to every HTTP response (WebSockets pass untouched)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] += [(b"content-security-policy", CSP.encode()),
                                       (b"x-content-type-options", b"nosniff"),
                                       (b"referrer-policy", b"no-referrer"),
                                       (b"cache-control", b"no-store")]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(link: EngineLink | None = None, out_dir: str | Path | None = None, fps: float = 8.0,
               heavy_every: int = 8, ttl: float = 900.0) -> Starlette:
    """The playground's Starlette app; `link` defaults to the real engine (tests pass a fake)."""
    playground = Playground(link or real_link(), out_dir, fps, heavy_every, ttl)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):  # noqa: ANN202 - Starlette's lifespan protocol
        async def sweep() -> None:
            while True:
                await anyio.sleep(30)
                await anyio.to_thread.run_sync(playground.registry.expire)

        async with anyio.create_task_group() as tg:
            tg.start_soon(sweep)
            yield
            tg.cancel_scope.cancel()
        playground.registry.close_all()

    app = Starlette(
        routes=[Route("/", _index), Route("/api/defaults", _defaults),
                Route("/api/export/{session}/{name}", _export), WebSocketRoute("/ws", _socket),
                Mount("/static", StaticFiles(directory=STATIC), name="static")],
        middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=LOCAL_HOSTS), Middleware(_SecurityHeaders)],
        lifespan=lifespan)
    app.state.playground = playground
    return app
