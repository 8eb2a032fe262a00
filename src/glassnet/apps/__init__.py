"""Complete applications built only from glassnet's public API: ``glassnet app NAME`` (``python -m glassnet.apps.X``).

Each app reads real data (or the user's own files), trains, compares itself with the baselines of its field and
writes a run folder with ``report.md``, plots, the model and ``metrics.json``. ``glassnet app list`` shows them.
"""

from __future__ import annotations

import importlib
from types import ModuleType

# name -> (module under glassnet.apps, one line for ``glassnet app list``)
APPS: dict[str, tuple[str, str]] = {
    "speech-digits": ("speech_digits", "spoken digit recognition on 8 kHz WAV: log-mel/MFCC features, a CNN and a GRU"),
    "recommend": ("recommend", "collaborative filtering from a ratings CSV: matrix factorisation and a neural variant"),
    "fraud": ("fraud", "rare-event detection on imbalanced tables: weighted and focal losses, a cost-chosen threshold"),
    "diagnosis": ("diagnosis", "diagnosis from images and measurements: calibrated, with Grad-CAM and attributions"),
    "weather": ("weather", "Melbourne temperature forecasts 1-7 days ahead against persistence and seasonal naive"),
}


def list_apps() -> list[tuple[str, str]]:
    """(name, one-line description) of every app, in the order ``glassnet app list`` prints them."""
    return [(name, line) for name, (_, line) in APPS.items()]


def get_app(name: str) -> ModuleType:
    """The module of app ``name``; a clear error naming the apps there are for any other name."""
    if name not in APPS:
        raise ValueError(f"unknown app {name!r}; the apps are: {', '.join(APPS)} (glassnet app list)")
    return importlib.import_module(f"{__name__}.{APPS[name][0]}")


__all__ = ["APPS", "get_app", "list_apps"]
