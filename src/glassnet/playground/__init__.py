"""glassnet playground: build, train and watch a network in the browser, with glassnet doing the work.

``glassnet playground`` serves a local page (127.0.0.1 only, nothing loaded from the web) that trains real glassnet
models: dense networks on 2-D toy data, painted points, a CSV or the shipped digits; a CNN on digits drawn on a
canvas; an RNN on sequence tasks. The engine (config, data, models, engine, views, export) is pure Python; the web
app (server, session, static/) needs the ``[playground]`` extra: ``pip install "glassnet[playground]"``.

    from glassnet.playground import create_app   # a Starlette app; uvicorn.run(create_app(), host="127.0.0.1")
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    # Lazy: importing the package (and its engine) must not need starlette; only the server does.
    if name == "create_app":
        from .server import create_app

        return create_app
    raise AttributeError(f"module 'glassnet.playground' has no attribute {name!r}")
