"""Containers (Sequential, ModuleList, ModuleDict, ParameterList/Dict) and shape helpers.

Identity, Flatten and Unflatten live here too: they are the glue that containers are built from.
"""

from __future__ import annotations

import operator
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from ..tensor import Tensor
from .module import Module
from .parameter import Parameter


class Sequential(Module):
    """A sequential container: modules are called one after another, each on the output of the previous.

    Modules are given to the constructor as arguments, or as one ``OrderedDict`` of named modules.
    It can be indexed, sliced (a slice is a new ``Sequential``), iterated, appended to and added
    (``seq1 + seq2``) like a list.

    Args:
        *args (Module or OrderedDict[str, Module]): the modules, in order.

    Example:
        >>> model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
        >>> model(glassnet.randn(3, 4)).shape
        glassnet.Size([3, 2])
        >>> model[0]
        Linear(in_features=4, out_features=8, bias=True)
        >>> from collections import OrderedDict
        >>> named = nn.Sequential(OrderedDict([("fc", nn.Linear(4, 2)), ("act", nn.Tanh())]))
        >>> named.fc
        Linear(in_features=4, out_features=2, bias=True)
    """

    def __init__(self, *args: Any) -> None:
        super().__init__()
        if len(args) == 1 and isinstance(args[0], OrderedDict):
            for name, m in args[0].items():
                self.add_module(name, m)
        else:
            for i, m in enumerate(args):
                self.add_module(str(i), m)

    def forward(self, input: Any) -> Any:  # noqa: A002 - PyTorch argument name
        """Feed the input through every module in order."""
        for m in self._modules.values():
            input = m(input)
        return input

    def _idx(self, idx: int) -> int:
        n = len(self)
        idx = operator.index(idx)
        if not -n <= idx < n:
            raise IndexError(f"index {idx} is out of range for {type(self).__name__} of length {n}")
        return idx % n

    def __getitem__(self, idx: Any) -> Any:
        if isinstance(idx, slice):
            return type(self)(OrderedDict(list(self._modules.items())[idx]))
        return list(self._modules.values())[self._idx(idx)]

    def __setitem__(self, idx: int, module: Module) -> None:
        key = list(self._modules.keys())[self._idx(idx)]
        self.add_module(key, module)

    def __delitem__(self, idx: Any) -> None:
        keys = list(self._modules.keys())
        for k in (keys[idx] if isinstance(idx, slice) else [keys[self._idx(idx)]]):
            del self._modules[k]
        # Renumber so indices stay 0..n-1 (as PyTorch does).
        items = list(self._modules.values())
        self._modules.clear()
        for i, m in enumerate(items):
            self._modules[str(i)] = m

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self) -> Iterator[Module]:
        return iter(self._modules.values())

    def __add__(self, other: Sequential) -> Sequential:
        return Sequential(*self, *other)

    def append(self, module: Module) -> Sequential:
        """Append a module at the end.

        Args:
            module (Module): the module to append.

        Returns:
            Sequential: self.

        Example:
            >>> nn.Sequential(nn.Linear(2, 2)).append(nn.ReLU())
            Sequential(
              (0): Linear(in_features=2, out_features=2, bias=True)
              (1): ReLU()
            )
        """
        self.add_module(str(len(self)), module)
        return self

    def extend(self, modules: Iterable[Module]) -> Sequential:
        """Append the modules of an iterable at the end.

        Args:
            modules (iterable of Module): the modules to append.

        Returns:
            Sequential: self.
        """
        for m in modules:
            self.append(m)
        return self

    def insert(self, index: int, module: Module) -> Sequential:
        """Insert a module before position ``index``.

        Args:
            index (int): the position to insert at.
            module (Module): the module to insert.

        Returns:
            Sequential: self.
        """
        items = list(self._modules.values())
        items.insert(index, module)
        self._modules.clear()
        for i, m in enumerate(items):
            self._modules[str(i)] = m
        return self


class ModuleList(Module):
    """Holds submodules in a list.

    It can be indexed like a regular Python list, but the modules it contains are registered, so
    the parent's :meth:`~Module.parameters`, :meth:`~Module.to` etc. see them. It has no ``forward``:
    iterate over it in the parent's ``forward``.

    Args:
        modules (iterable, optional): an iterable of modules to add. Default: ``None``.

    Example:
        >>> class MyModule(nn.Module):
        ...     def __init__(self):
        ...         super().__init__()
        ...         self.linears = nn.ModuleList([nn.Linear(10, 10) for i in range(3)])
        ...     def forward(self, x):
        ...         for layer in self.linears:
        ...             x = layer(x)
        ...         return x
        >>> m = MyModule()
        >>> m(glassnet.randn(2, 10)).shape
        glassnet.Size([2, 10])
        >>> len(list(m.parameters()))
        6
    """

    def __init__(self, modules: Iterable[Module] | None = None) -> None:
        super().__init__()
        if modules is not None:
            self.extend(modules)

    def _idx(self, idx: int) -> int:
        n = len(self)
        idx = operator.index(idx)
        if not -n <= idx < n:
            raise IndexError(f"index {idx} is out of range for ModuleList of length {n}")
        return idx % n

    def __getitem__(self, idx: Any) -> Any:
        if isinstance(idx, slice):
            return type(self)(list(self._modules.values())[idx])
        return self._modules[str(self._idx(idx))]

    def __setitem__(self, idx: int, module: Module) -> None:
        self.add_module(str(self._idx(idx)), module)

    def __delitem__(self, idx: Any) -> None:
        items = list(self._modules.values())
        del items[idx]
        self._modules.clear()
        for i, m in enumerate(items):
            self._modules[str(i)] = m

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self) -> Iterator[Module]:
        return iter(self._modules.values())

    def __iadd__(self, modules: Iterable[Module]) -> ModuleList:
        return self.extend(modules)

    def append(self, module: Module) -> ModuleList:
        """Append a module at the end of the list.

        Args:
            module (Module): the module to append.

        Returns:
            ModuleList: self.
        """
        self.add_module(str(len(self)), module)
        return self

    def extend(self, modules: Iterable[Module]) -> ModuleList:
        """Append the modules of a Python iterable at the end of the list.

        Args:
            modules (iterable of Module): the modules to append.

        Returns:
            ModuleList: self.
        """
        for m in modules:
            self.append(m)
        return self

    def insert(self, index: int, module: Module) -> None:
        """Insert a module before position ``index``.

        Args:
            index (int): the position to insert at.
            module (Module): the module to insert.
        """
        items = list(self._modules.values())
        items.insert(index, module)
        self._modules.clear()
        for i, m in enumerate(items):
            self._modules[str(i)] = m

    def forward(self, *args: Any) -> Any:
        """ModuleList is a container: iterate over it instead of calling it."""
        raise NotImplementedError("ModuleList has no forward(); iterate over it and call each module")


class ModuleDict(Module):
    """Holds submodules in a dictionary.

    It can be indexed like a regular Python dictionary (insertion ordered), but the modules it
    contains are registered, so the parent's :meth:`~Module.parameters` etc. see them.

    Args:
        modules (mapping or iterable, optional): a mapping (dictionary) of ``name -> module`` or an
            iterable of ``(name, module)`` pairs. Default: ``None``.

    Example:
        >>> choices = nn.ModuleDict({"conv": nn.Conv2d(3, 8, 3), "pool": nn.MaxPool2d(2)})
        >>> choices["pool"](glassnet.randn(1, 3, 8, 8)).shape
        glassnet.Size([1, 3, 4, 4])
        >>> list(choices.keys())
        ['conv', 'pool']
    """

    def __init__(self, modules: Mapping[str, Module] | Iterable[tuple[str, Module]] | None = None) -> None:
        super().__init__()
        if modules is not None:
            self.update(modules)

    def __getitem__(self, key: str) -> Module:
        return self._modules[key]

    def __setitem__(self, key: str, module: Module) -> None:
        self.add_module(key, module)

    def __delitem__(self, key: str) -> None:
        del self._modules[key]

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self) -> Iterator[str]:
        return iter(self._modules)

    def __contains__(self, key: str) -> bool:
        return key in self._modules

    def keys(self) -> Iterable[str]:
        """The names."""
        return self._modules.keys()

    def values(self) -> Iterable[Module]:
        """The modules."""
        return self._modules.values()

    def items(self) -> Iterable[tuple[str, Module]]:
        """(name, module) pairs."""
        return self._modules.items()

    def pop(self, key: str) -> Module:
        """Remove the module under ``key`` and return it.

        Args:
            key (str): the name of the module.
        """
        return self._modules.pop(key)

    def clear(self) -> None:
        """Remove every module."""
        self._modules.clear()

    def update(self, modules: Any) -> None:
        """Add modules from a mapping or an iterable of ``(name, module)`` pairs, overwriting existing names.

        Args:
            modules (mapping or iterable): the modules to add.
        """
        items = modules.items() if isinstance(modules, Mapping) else modules
        for k, m in items:
            self[k] = m

    def forward(self, *args: Any) -> Any:
        """ModuleDict is a container: index it instead of calling it."""
        raise NotImplementedError("ModuleDict has no forward(); index it and call the module you need")


class ParameterList(Module):
    """Holds parameters in a list.

    It can be indexed like a regular Python list, and the parameters it contains are registered
    (under the names ``'0'``, ``'1'``, ...). Tensors given to it are wrapped as
    :class:`~glassnet.nn.Parameter`.

    Args:
        values (iterable, optional): an iterable of parameters (or tensors) to add. Default: ``None``.

    Example:
        >>> params = nn.ParameterList([nn.Parameter(glassnet.ones(2, 2)) for _ in range(3)])
        >>> len(params), params[0].shape
        (3, glassnet.Size([2, 2]))
        >>> [name for name, _ in params.named_parameters()]
        ['0', '1', '2']
    """

    def __init__(self, values: Iterable[Any] | None = None) -> None:
        super().__init__()
        if values is not None:
            for v in values:
                self.append(v)

    def __getitem__(self, idx: int) -> Parameter:
        return self._parameters[str(range(len(self))[idx])]

    def __setitem__(self, idx: int, value: Any) -> None:
        self.register_parameter(str(range(len(self))[idx]), _as_param(value))

    def __len__(self) -> int:
        return len(self._parameters)

    def __iter__(self) -> Iterator[Parameter]:
        return iter(self._parameters.values())

    def append(self, value: Any) -> ParameterList:
        """Append a parameter at the end of the list (a tensor is wrapped as a Parameter).

        Args:
            value (Tensor or Parameter): the parameter to append.

        Returns:
            ParameterList: self.
        """
        self.register_parameter(str(len(self)), _as_param(value))
        return self

    def extend(self, values: Iterable[Any]) -> ParameterList:
        """Append the parameters of an iterable at the end of the list.

        Args:
            values (iterable): the parameters (or tensors) to append.

        Returns:
            ParameterList: self.
        """
        for v in values:
            self.append(v)
        return self

    def extra_repr(self) -> str:
        return "\n".join(f"({k}): Parameter containing: [{p.dtype!r} of size {tuple(p.shape)}]"
                         for k, p in self._parameters.items())


class ParameterDict(Module):
    """Holds parameters in a dictionary.

    It can be indexed like a regular Python dictionary (insertion ordered), and the parameters it
    contains are registered under their keys. Tensors given to it are wrapped as
    :class:`~glassnet.nn.Parameter`.

    Args:
        parameters (mapping or iterable, optional): a mapping of ``name -> parameter`` or an iterable
            of ``(name, parameter)`` pairs. Default: ``None``.

    Example:
        >>> params = nn.ParameterDict({"left": nn.Parameter(glassnet.ones(5)), "right": glassnet.zeros(5)})
        >>> type(params["right"]).__name__
        'Parameter'
        >>> sorted(name for name, _ in params.named_parameters())
        ['left', 'right']
    """

    def __init__(self, parameters: Any = None) -> None:
        super().__init__()
        if parameters is not None:
            items = parameters.items() if isinstance(parameters, Mapping) else parameters
            for k, v in items:
                self[k] = v

    def __getitem__(self, key: str) -> Parameter:
        return self._parameters[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.register_parameter(key, _as_param(value))

    def __delitem__(self, key: str) -> None:
        del self._parameters[key]

    def __len__(self) -> int:
        return len(self._parameters)

    def __iter__(self) -> Iterator[str]:
        return iter(self._parameters)

    def __contains__(self, key: str) -> bool:
        return key in self._parameters

    def keys(self) -> Iterable[str]:
        """The names."""
        return self._parameters.keys()

    def values(self) -> Iterable[Parameter]:
        """The parameters."""
        return self._parameters.values()

    def items(self) -> Iterable[tuple[str, Parameter]]:
        """(name, parameter) pairs."""
        return self._parameters.items()


def _as_param(value: Any) -> Parameter:
    return value if isinstance(value, Parameter) else Parameter(value)


class Identity(Module):
    """A placeholder identity operator that is argument-insensitive.

    Args:
        *args: any argument (unused).
        **kwargs: any keyword argument (unused).

    Shape:
        - Input: ``(*)``, where ``*`` means any number of dimensions.
        - Output: ``(*)``, same shape as the input.

    Example:
        >>> m = nn.Identity(54, unused_argument1=0.1, unused_argument2=False)
        >>> m(glassnet.randn(128, 20)).shape
        glassnet.Size([128, 20])
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__()

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Return the input."""
        return input


class Flatten(Module):
    """Flattens a contiguous range of dims into a tensor.

    For use with :class:`Sequential`; see :meth:`glassnet.Tensor.flatten` for details.

    Args:
        start_dim (int, optional): first dim to flatten. Default: 1.
        end_dim (int, optional): last dim to flatten. Default: -1.

    Shape:
        - Input: ``(*, S_start, ..., S_i, ..., S_end, *)``, where ``S_i`` is the size at dimension ``i``
          and ``*`` means any number of dimensions including none.
        - Output: ``(*, prod_{i=start}^{end} S_i, *)``.

    Example:
        >>> input = glassnet.randn(32, 1, 5, 5)
        >>> nn.Flatten()(input).shape
        glassnet.Size([32, 25])
        >>> nn.Flatten(0, 2)(input).shape
        glassnet.Size([160, 5])
    """

    def __init__(self, start_dim: int = 1, end_dim: int = -1) -> None:
        super().__init__()
        self.start_dim, self.end_dim = start_dim, end_dim

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Flatten the input."""
        return input.flatten(self.start_dim, self.end_dim)

    def extra_repr(self) -> str:
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"


class Unflatten(Module):
    """Unflattens a tensor dim expanding it to a desired shape. For use with :class:`Sequential`.

    Args:
        dim (int): dimension to be unflattened.
        unflattened_size (tuple or list or Size): new shape of the unflattened dimension; one entry
            may be -1.

    Shape:
        - Input: ``(*, S_dim, *)``, where ``S_dim`` is the size at dimension ``dim``.
        - Output: ``(*, U_1, ..., U_n, *)``, where ``U = unflattened_size`` and ``prod U_i = S_dim``.

    Example:
        >>> input = glassnet.randn(2, 50)
        >>> m = nn.Sequential(nn.Linear(50, 50), nn.Unflatten(1, (2, 5, 5)))
        >>> m(input).shape
        glassnet.Size([2, 2, 5, 5])
    """

    def __init__(self, dim: int, unflattened_size: Any) -> None:
        super().__init__()
        self.dim, self.unflattened_size = dim, tuple(unflattened_size)

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Unflatten the input."""
        return input.unflatten(self.dim, self.unflattened_size)

    def extra_repr(self) -> str:
        return f"dim={self.dim}, unflattened_size={self.unflattened_size}"
