"""param_groups: one optimizer parameter group per named sub-tree, for discriminative learning rates."""

from __future__ import annotations

from typing import Any

from ._names import resolve


def param_groups(model: Any, lrs: dict[str, float], default_lr: float | None = None,
                 trainable_only: bool = True) -> list[dict[str, Any]]:
    """Parameter groups with a learning rate per named sub-tree, for any glassnet optimizer.

    Discriminative fine-tuning trains the pretrained layers slowly and the new head fast. Each parameter
    goes to the group of the longest name in ``lrs`` that contains it (so ``{"features": 1e-4,
    "features.3": 1e-3}`` works); parameters under none of them form a last group with ``default_lr`` (or,
    when it is ``None``, the optimizer's own ``lr``). Each group also carries its ``"name"``.

    Args:
        model (Module): the network.
        lrs (dict): sub-tree name -> learning rate, e.g. ``{"features": 1e-4, "classifier": 1e-3}``.
        default_lr (float, optional): learning rate of the parameters not named. Default: ``None``.
        trainable_only (bool, optional): leave out parameters with ``requires_grad=False`` (frozen ones).
            Default: ``True``.

    Returns:
        list[dict]: ``[{"params": [...], "lr": ..., "name": ...}, ...]``, without empty groups.

    Example:
        >>> from glassnet.transfer import param_groups
        >>> model = glassnet.models.LeNet5()
        >>> groups = param_groups(model, {"features": 1e-4, "classifier": 1e-3})
        >>> [(g["name"], g["lr"], len(g["params"])) for g in groups]
        [('features', 0.0001, 4), ('classifier', 0.001, 6)]
        >>> opt = optim.Adam(groups, lr=1e-3)
    """
    if not isinstance(lrs, dict):
        raise TypeError(f"param_groups: lrs must be a dict of sub-tree name -> learning rate, got "
                        f"{type(lrs).__name__}")
    for name, lr in lrs.items():
        resolve(model, name, "param_groups")
        if isinstance(lr, bool) or not isinstance(lr, (int, float)) or lr < 0:
            raise ValueError(f"param_groups: the learning rate of {name!r} must be a number >= 0, got {lr!r}")
    by_length = sorted(lrs, key=lambda n: -len(n))
    buckets: dict[str | None, list] = {name: [] for name in lrs}
    buckets[None] = []
    for pname, p in model.named_parameters():
        if trainable_only and not p.requires_grad:
            continue
        owner = next((n for n in by_length if n == "" or pname == n or pname.startswith(n + ".")), None)
        buckets[owner].append(p)
    groups = [{"params": buckets[n], "lr": float(lrs[n]), "name": n} for n in lrs if buckets[n]]
    if buckets[None]:
        rest: dict[str, Any] = {"params": buckets[None], "name": "(other)"}
        if default_lr is not None:
            rest["lr"] = float(default_lr)
        groups.append(rest)
    if not groups:
        raise ValueError("param_groups: no trainable parameter is left (is the whole model frozen?)")
    return groups
