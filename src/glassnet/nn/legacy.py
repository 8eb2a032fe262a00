"""Deprecated PyTorch names kept so that old scripts run: ``nn.Container``."""

from __future__ import annotations

import warnings
from typing import Any

from .module import Module


class Container(Module):
    """A Module holding the given submodules by name (deprecated in PyTorch: subclass Module instead).

    Args:
        **kwargs (Module): the child modules, by name.

    Example:
        >>> import warnings
        >>> with warnings.catch_warnings():
        ...     warnings.simplefilter("ignore")  # the deprecation warning PyTorch also gives
        ...     c = nn.Container(fc=nn.Linear(2, 2), act=nn.ReLU())
        >>> [name for name, _ in c.named_children()]
        ['fc', 'act']
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__()
        warnings.warn("nn.Container is deprecated. All of it's functionality is now implemented in nn.Module. "
                      "Subclass that instead.", stacklevel=2)
        for key, value in kwargs.items():
            self.add_module(key, value)
