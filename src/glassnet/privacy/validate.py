"""Which models DP-SGD can train: layers that mix examples are refused, BatchNorm can be swapped out."""

from __future__ import annotations

from typing import Any

from .layers import rules

_RECURRENT = ("RNN", "LSTM", "GRU", "RNNCell", "LSTMCell", "GRUCell")


def _mixes_examples(module: Any) -> bool:
    from ..nn.normalization import _BatchNorm

    return isinstance(module, _BatchNorm) or type(module).__name__ == "SyncBatchNorm"


def find_rule(module: Any) -> Any:
    """The per-example gradient rule for ``module``'s own parameters, or None when it has none to train."""
    own = [p for p in module._parameters.values() if p is not None and p.requires_grad]
    if not own:
        return None
    table = rules()
    rule = table.get(type(module))
    if rule is None:
        rule = next((r for t, r in table.items() if isinstance(module, t)), None)
    return rule


def check_model(model: Any) -> None:
    """Raise one clear error for the first layer DP-SGD cannot train, naming it.

    Args:
        model (Module): the model to check.

    Example:
        >>> glassnet.privacy.check_model(nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2)))
        >>> glassnet.privacy.check_model(nn.Sequential(nn.Conv2d(1, 4, 3), nn.BatchNorm2d(4)))
        Traceback (most recent call last):
            ...
        ValueError: make_private: layer '1' (BatchNorm2d) mixes the examples of a batch, ... use nn.GroupNorm ...
    """
    for name, module in model.named_modules():
        label = f"layer '{name}' ({type(module).__name__})" if name else f"the model ({type(module).__name__})"
        if _mixes_examples(module) and any(p.requires_grad for p in module.parameters(recurse=False)) or (
                _mixes_examples(module) and module.training):
            raise ValueError(
                f"make_private: {label} mixes the examples of a batch, so one example's gradient depends on "
                "the others and cannot be clipped; use nn.GroupNorm instead (glassnet.privacy.replace_batchnorm"
                "(model) swaps every BatchNorm for a GroupNorm)")
        own = [p for p in module._parameters.values() if p is not None and p.requires_grad]
        if own and find_rule(module) is None:
            if type(module).__name__ in _RECURRENT:
                raise NotImplementedError(
                    f"make_private: {label} runs as one fused op that gives no per-example gradients; "
                    "glassnet.privacy.replace_recurrent(model) swaps in DPRNN/DPLSTM/DPGRU, the same layers "
                    "built from Linear ones, with the same weights")
            supported = ", ".join(t.__name__ for t in rules())
            raise NotImplementedError(
                f"make_private: {label} has trainable parameters but no per-example gradient rule; "
                f"supported layers: {supported}")


def replace_batchnorm(model: Any, num_groups: int = 32) -> Any:
    """Replace every BatchNorm with a GroupNorm over the same channels, in place (as Opacus's ModuleValidator.fix).

    The group count is ``min(num_groups, num_features)`` lowered until it divides the channels.

    Args:
        model (Module): the model to fix.
        num_groups (int, optional): the largest number of groups. Default: ``32``.

    Returns:
        Module: the same model (or the new GroupNorm when ``model`` itself is a BatchNorm).

    Example:
        >>> model = nn.Sequential(nn.Conv2d(1, 8, 3), nn.BatchNorm2d(8), nn.ReLU())
        >>> glassnet.privacy.replace_batchnorm(model)[1]
        GroupNorm(8, 8, eps=1e-05, affine=True, bias=True)
    """
    from .. import nn

    def make(bn: Any) -> Any:
        c = bn.num_features
        groups = min(num_groups, c)
        while c % groups:
            groups -= 1
        return nn.GroupNorm(groups, c, eps=bn.eps, affine=bn.affine)

    if _mixes_examples(model):
        return make(model)
    for parent in list(model.modules()):
        for name, child in list(parent._modules.items()):
            if child is not None and _mixes_examples(child):
                setattr(parent, name, make(child))
    return model
