"""replace_head: a fresh last Linear layer for a new number of classes."""

from __future__ import annotations

from typing import Any

from ._names import resolve


def replace_head(model: Any, num_classes: int, name: str | None = None) -> Any:
    """Replace the classification head of ``model`` with a new ``nn.Linear`` for ``num_classes`` outputs.

    The head is the last ``nn.Linear`` in ``model.named_modules()`` order (``classifier.5`` in LeNet-5,
    ``fc`` in the ResNets), or the module named ``name``. The new layer has the same ``in_features`` and bias
    setting, freshly initialised weights, and ``requires_grad=True`` even if the model was frozen.

    Args:
        model (Module): the network.
        num_classes (int): outputs of the new head.
        name (str, optional): dotted name of the layer to replace. Default: ``None`` (the last Linear).

    Returns:
        Module: ``model``, with the new head in place.

    Example:
        >>> from glassnet.transfer import replace_head
        >>> model = replace_head(glassnet.models.LeNet5(), 5)
        >>> model.classifier[5], model(glassnet.zeros(2, 1, 28, 28)).shape
        (Linear(in_features=84, out_features=5, bias=True), glassnet.Size([2, 5]))
    """
    from .. import nn

    if isinstance(num_classes, bool) or not isinstance(num_classes, int) or num_classes < 1:
        raise ValueError(f"replace_head: num_classes must be a positive int, got {num_classes!r}")
    if name is None:
        linears = [n for n, m in model.named_modules() if isinstance(m, nn.Linear) and n]
        if not linears:
            raise ValueError(f"replace_head: {type(model).__name__} has no nn.Linear layer to replace; "
                             "name the head with name=...")
        name = linears[-1]
    old = resolve(model, name, "replace_head")
    if not isinstance(old, nn.Linear):
        raise TypeError(f"replace_head: {name!r} is a {type(old).__name__}, not an nn.Linear")
    parent_name, _, attr = name.rpartition(".")
    parent = resolve(model, parent_name, "replace_head")
    new = nn.Linear(old.in_features, num_classes, bias=old.bias is not None)
    new.train(model.training)
    setattr(parent, attr, new)
    return model
