"""Resolve a dotted sub-tree name ("features", "features.0", "layer1.0.bn1") to a module, clearly."""

from __future__ import annotations

from typing import Any


def resolve(model: Any, name: str, caller: str) -> Any:
    """The sub-module at ``name``; an error naming the children at the level where the path breaks."""
    if not isinstance(name, str):
        raise TypeError(f"{caller}: sub-tree names must be strings like 'features' or 'features.0', "
                        f"got {type(name).__name__}")
    mod, walked = model, []
    for part in name.split(".") if name else []:
        children = [k for k, v in mod._modules.items() if v is not None]
        if part not in children:
            where = f"{'.'.join(walked)!r} ({type(mod).__name__})" if walked else "the model"
            raise KeyError(f"{caller}: {type(model).__name__} has no sub-module {name!r}; the children of "
                           f"{where} are {children}")
        mod = mod._modules[part]
        walked.append(part)
    return mod


def is_running_norm(m: Any) -> bool:
    """A normalisation layer that keeps running statistics (BatchNorm*, SyncBatchNorm, tracked InstanceNorm)."""
    return getattr(m, "running_mean", None) is not None and hasattr(m, "momentum")
