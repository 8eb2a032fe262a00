"""freeze / unfreeze named sub-trees; frozen BatchNorm layers stay in eval mode through ``model.train()``."""

from __future__ import annotations

from typing import Any

from ._names import is_running_norm, resolve


def set_bn_eval(module: Any, pinned: bool = True) -> Any:
    """Pin every BatchNorm layer inside ``module`` to eval mode (or release them with ``pinned=False``).

    A pinned layer normalises with its running statistics and does not update them, even after
    ``model.train()``: ``Module.train`` leaves it in eval mode. :func:`freeze` pins the BatchNorm layers of
    the sub-trees it freezes, and :func:`unfreeze` releases them.

    Args:
        module (Module): the sub-tree whose BatchNorm layers to pin or release.
        pinned (bool, optional): ``True`` to keep them in eval mode, ``False`` to let ``train()`` reach them
            again. Default: ``True``.

    Returns:
        Module: ``module``.

    Example:
        >>> from glassnet.transfer import set_bn_eval
        >>> model = nn.Sequential(nn.Conv2d(1, 4, 3), nn.BatchNorm2d(4))
        >>> model = set_bn_eval(model).train()
        >>> model.training, model[1].training
        (True, False)
    """
    for m in module.modules():
        if is_running_norm(m):
            if pinned:
                m.__dict__["_keep_eval"] = True
                m.training = False
            else:
                m.__dict__.pop("_keep_eval", None)
    return module


def is_bn_eval_pinned(module: Any) -> bool:
    """Whether ``module`` is a BatchNorm layer pinned to eval mode by :func:`freeze` or :func:`set_bn_eval`.

    Args:
        module (Module): the layer to ask about.

    Example:
        >>> from glassnet.transfer import is_bn_eval_pinned, set_bn_eval
        >>> bn = nn.BatchNorm1d(3)
        >>> is_bn_eval_pinned(bn), is_bn_eval_pinned(set_bn_eval(bn))
        (False, True)
    """
    return bool(module.__dict__.get("_keep_eval", False))


def _targets(model: Any, names: tuple[str, ...], caller: str) -> list[Any]:
    if not names:
        return [model]
    return [resolve(model, n, caller) for n in names]


def freeze(model: Any, *names: str, bn_eval: bool = True) -> Any:
    """Stop training the named sub-trees of ``model`` (the whole model when no name is given).

    Each sub-tree gets ``requires_grad_(False)`` on its parameters, so optimizers skip them and no
    gradient is computed for them. Names are dotted paths as in ``named_modules()``: ``"features"``,
    ``"features.0"``, ``"layer1.0.bn1"``. With ``bn_eval=True`` the BatchNorm layers inside are pinned to eval
    mode (see :func:`set_bn_eval`), so ``model.train()`` neither switches them to batch statistics nor lets
    their running statistics drift towards the new data.

    Args:
        model (Module): the network.
        *names (str): the sub-trees to freeze; none means the whole model.
        bn_eval (bool, optional): pin the frozen BatchNorm layers to eval mode. Default: ``True``.

    Returns:
        Module: ``model``.

    Raises:
        KeyError: if a name is not a sub-module; the message lists the children where the path broke.

    Example:
        >>> from glassnet.transfer import freeze
        >>> model = glassnet.models.LeNet5()
        >>> model = freeze(model, "features")
        >>> model.features[0].weight.requires_grad, model.classifier[1].weight.requires_grad
        (False, True)
    """
    for sub in _targets(model, names, "freeze"):
        sub.requires_grad_(False)
        if bn_eval:
            set_bn_eval(sub, True)
    return model


def unfreeze(model: Any, *names: str) -> Any:
    """Train the named sub-trees of ``model`` again (the whole model when no name is given).

    Sets ``requires_grad_(True)`` on their parameters and releases their BatchNorm layers, which then
    follow the model's mode (train or eval) again.

    Args:
        model (Module): the network.
        *names (str): the sub-trees to unfreeze; none means the whole model.

    Returns:
        Module: ``model``.

    Example:
        >>> from glassnet.transfer import freeze, unfreeze
        >>> model = unfreeze(freeze(glassnet.models.LeNet5()), "classifier.5")
        >>> model.classifier[5].weight.requires_grad, model.features[0].weight.requires_grad
        (True, False)
    """
    for sub in _targets(model, names, "unfreeze"):
        sub.requires_grad_(True)
        set_bn_eval(sub, False)
        for m in sub.modules():
            if is_running_norm(m):
                m.training = model.training
    return model
