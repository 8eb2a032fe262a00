"""Module: the base of every layer. It registers parameters, buffers and submodules by attribute.

Assigning a ``Parameter`` to ``self.weight`` records it in ``self._parameters``; assigning a
``Module`` records it in ``self._modules``; ``register_buffer`` records non-learnable state such as
BatchNorm's running mean. Everything else (``parameters()``, ``state_dict()``, ``train()``,
``to()``) is a walk over those three dictionaries.
"""

from __future__ import annotations

import itertools
from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from .. import dtypes
from ..autograd.grad_mode import no_grad
from ..tensor import Tensor
from .hooks import RemovableHandle, add_hook, call_with_hooks
from .parameter import Buffer, Parameter


class _IncompatibleKeys(NamedTuple):
    missing_keys: list
    unexpected_keys: list

    def __repr__(self) -> str:
        # PyTorch prints this line when nothing is amiss, so a notebook cell ending in load_state_dict reads the same.
        if not self.missing_keys and not self.unexpected_keys:
            return "<All keys matched successfully>"
        return f"_IncompatibleKeys(missing_keys={self.missing_keys!r}, unexpected_keys={self.unexpected_keys!r})"

    __str__ = __repr__


def _addindent(s: str, n: int) -> str:
    lines = s.split("\n")
    if len(lines) == 1:
        return s
    return lines[0] + "\n" + "\n".join(" " * n + line for line in lines[1:])


class Module:
    """Base class for all neural network modules (``torch.nn.Module``).

    Models subclass it: create the layers in ``__init__`` (after ``super().__init__()``) and
    compute the output in :meth:`forward`. Assigning a :class:`~glassnet.nn.Parameter` or another
    ``Module`` to an attribute registers it, so :meth:`parameters`, :meth:`state_dict`,
    :meth:`train`/:meth:`eval` and :meth:`to` reach it. Call the module (``model(x)``), not
    ``forward``, so that hooks run.

    Example:
        >>> class Net(nn.Module):
        ...     def __init__(self):
        ...         super().__init__()
        ...         self.fc1 = nn.Linear(4, 8)
        ...         self.fc2 = nn.Linear(8, 2)
        ...     def forward(self, x):
        ...         return self.fc2(F.relu(self.fc1(x)))
        >>> net = Net()
        >>> net(glassnet.randn(3, 4)).shape
        glassnet.Size([3, 2])
        >>> [name for name, _ in net.named_parameters()]
        ['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias']
    """

    training: bool

    def __init__(self) -> None:
        # object.__setattr__ because our own __setattr__ needs these dicts to exist already.
        object.__setattr__(self, "training", True)
        object.__setattr__(self, "_parameters", OrderedDict())
        object.__setattr__(self, "_buffers", OrderedDict())
        object.__setattr__(self, "_non_persistent_buffers_set", set())
        object.__setattr__(self, "_modules", OrderedDict())
        object.__setattr__(self, "_forward_hooks", OrderedDict())
        object.__setattr__(self, "_forward_pre_hooks", OrderedDict())
        object.__setattr__(self, "_backward_hooks", OrderedDict())

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        """Define the computation performed at every call; every subclass overrides it.

        Call the module instance (``module(*args)``) rather than ``forward`` directly: the call also
        runs the registered hooks.

        Args:
            *args: the inputs of the layer.
            **kwargs: keyword inputs of the layer.

        Example:
            >>> nn.Linear(2, 3).forward(glassnet.ones(1, 2)).shape
            glassnet.Size([1, 3])
        """
        raise NotImplementedError(
            f'Module [{type(self).__name__}] is missing the required "forward" function')

    # ---- registration --------------------------------------------------------------------------
    def register_parameter(self, name: str, param: Parameter | None) -> None:
        """Add a parameter to the module under ``name``.

        Args:
            name (str): name of the parameter; it becomes an attribute of the module.
            param (Parameter or None): the parameter. ``None`` registers an empty slot (as a layer built with
                ``bias=False`` does): it is skipped by :meth:`parameters` and :meth:`state_dict`.

        Example:
            >>> m = nn.Module()
            >>> m.register_parameter("scale", nn.Parameter(glassnet.ones(3)))
            >>> m.scale.shape
            glassnet.Size([3])
        """
        if "_parameters" not in self.__dict__:
            raise AttributeError("cannot assign parameter before Module.__init__() call")
        _check_name(self, name, "parameter")
        if param is not None and not isinstance(param, Parameter):
            raise TypeError(
                f"cannot assign '{type(param).__name__}' object to parameter '{name}' "
                "(glassnet.nn.Parameter or None required)"
            )
        self._parameters[name] = param

    def register_buffer(self, name: str, tensor: Tensor | None, persistent: bool = True) -> None:
        """Add a buffer: a tensor that is state of the module but not a learnable parameter.

        BatchNorm's ``running_mean`` is one. Buffers are saved by :meth:`state_dict` (unless
        ``persistent=False``), cast by :meth:`to`, and not returned by :meth:`parameters`.

        Args:
            name (str): name of the buffer; it becomes an attribute of the module.
            tensor (Tensor or None): the buffer. ``None`` registers an empty slot.
            persistent (bool, optional): whether the buffer is part of :meth:`state_dict`. Default: ``True``.

        Example:
            >>> m = nn.Module()
            >>> m.register_buffer("steps", glassnet.zeros(1))
            >>> m.register_buffer("cache", glassnet.zeros(2), persistent=False)
            >>> list(m.state_dict())
            ['steps']
        """
        if "_buffers" not in self.__dict__:
            raise AttributeError("cannot assign buffer before Module.__init__() call")
        _check_name(self, name, "buffer")
        if tensor is not None and not isinstance(tensor, Tensor):
            raise TypeError(
                f"cannot assign '{type(tensor).__name__}' object to buffer '{name}' (Tensor or None required)"
            )
        if isinstance(tensor, Buffer):
            persistent = tensor.persistent
            tensor = Tensor._wrap(tensor._data)
        self._buffers[name] = tensor
        if persistent:
            self._non_persistent_buffers_set.discard(name)
        else:
            self._non_persistent_buffers_set.add(name)

    def add_module(self, name: str, module: Module | None) -> None:
        """Add a child module under ``name`` (the same as assigning it as an attribute).

        Args:
            name (str): name of the child; it becomes an attribute of the module.
            module (Module or None): the child module.

        Example:
            >>> m = nn.Module()
            >>> m.add_module("fc", nn.Linear(2, 2))
            >>> m
            Module(
              (fc): Linear(in_features=2, out_features=2, bias=True)
            )
        """
        if module is not None and not isinstance(module, Module):
            raise TypeError(f"{type(module).__name__} is not a Module subclass")
        if not isinstance(name, str) or "." in name or name == "":
            raise KeyError(f"module name must be a non-empty string without '.', got {name!r}")
        if hasattr(self, name) and name not in self._modules:
            raise KeyError(f"attribute '{name}' already exists")
        self._modules[name] = module

    register_module = add_module

    def __setattr__(self, name: str, value: Any) -> None:
        d = self.__dict__
        params = d.get("_parameters")
        if isinstance(value, Parameter):
            if params is None:
                raise AttributeError("cannot assign parameters before Module.__init__() call")
            _remove_from(self, name, "_parameters")
            self.register_parameter(name, value)
        elif params is not None and name in params:
            if value is not None:
                raise TypeError(
                    f"cannot assign '{type(value).__name__}' as parameter '{name}' "
                    "(glassnet.nn.Parameter or None expected)"
                )
            params[name] = None
        elif isinstance(value, Module):
            if "_modules" not in d:
                raise AttributeError("cannot assign module before Module.__init__() call")
            _remove_from(self, name, "_modules")
            self._modules[name] = value
        elif d.get("_modules") is not None and name in d["_modules"]:
            if value is not None:
                raise TypeError(f"cannot assign '{type(value).__name__}' as child module '{name}' "
                                "(glassnet.nn.Module or None expected)")
            self._modules[name] = None
        elif isinstance(value, Buffer) or (d.get("_buffers") is not None and name in d["_buffers"]):
            if value is not None and not isinstance(value, Tensor):
                raise TypeError(f"cannot assign '{type(value).__name__}' as buffer '{name}' "
                                "(glassnet.Tensor or None expected)")
            persistent = name not in self._non_persistent_buffers_set
            if isinstance(value, Buffer):
                _remove_from(self, name, "_buffers")
                persistent = value.persistent
            self.register_buffer(name, value, persistent)
        else:
            object.__setattr__(self, name, value)

    def __getattr__(self, name: str) -> Any:
        # Only called when normal lookup fails: look in the three registries.
        d = self.__dict__
        for reg in ("_parameters", "_buffers", "_modules"):
            r = d.get(reg)
            if r is not None and name in r:
                return r[name]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __delattr__(self, name: str) -> None:
        for reg in (self._parameters, self._buffers, self._modules):
            if name in reg:
                del reg[name]
                self._non_persistent_buffers_set.discard(name)
                return
        object.__delattr__(self, name)

    def __dir__(self) -> list:
        names = set(super().__dir__()) | set(self._parameters) | set(self._buffers) | set(self._modules)
        return sorted(names)

    # ---- calling -------------------------------------------------------------------------------
    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if not (self._forward_pre_hooks or self._forward_hooks or self._backward_hooks):
            return self.forward(*args, **kwargs)  # the common case: no hooks, no overhead
        return call_with_hooks(self, args, kwargs)

    def register_forward_pre_hook(self, hook: Callable) -> RemovableHandle:
        """Register a hook called before :meth:`forward` as ``hook(module, args)``.

        ``args`` is the tuple of positional inputs. The hook may return a replacement: a tuple, or a
        single value that is wrapped into a tuple.

        Args:
            hook (Callable): the hook.

        Returns:
            RemovableHandle: a handle whose ``remove()`` unregisters the hook.

        Example:
            >>> m = nn.Linear(2, 2)
            >>> h = m.register_forward_pre_hook(lambda mod, args: print("input", tuple(args[0].shape)))
            >>> _ = m(glassnet.ones(5, 2))
            input (5, 2)
            >>> h.remove()
        """
        return add_hook(self._forward_pre_hooks, hook)

    def register_forward_hook(self, hook: Callable) -> RemovableHandle:
        """Register a hook called after :meth:`forward` as ``hook(module, args, output)``.

        The hook may return a replacement output; returning ``None`` keeps the output. Forward hooks are
        how features are read out of the middle of a model.

        Args:
            hook (Callable): the hook.

        Returns:
            RemovableHandle: a handle whose ``remove()`` unregisters the hook.

        Example:
            >>> model = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 1))
            >>> features = {}
            >>> h = model[1].register_forward_hook(lambda mod, args, out: features.update(relu=out))
            >>> _ = model(glassnet.randn(2, 4))
            >>> features["relu"].shape
            glassnet.Size([2, 3])
            >>> h.remove()
        """
        return add_hook(self._forward_hooks, hook)

    def register_full_backward_hook(self, hook: Callable) -> RemovableHandle:
        """Register a hook called during backward as ``hook(module, grad_input, grad_output)``.

        ``grad_input`` holds the gradients with respect to the module's positional tensor inputs
        (``None`` for inputs that do not require grad) and ``grad_output`` those with respect to its
        outputs. The hook runs once all of them are known and may return a new ``grad_input`` tuple that
        replaces the gradients passed on to the inputs.

        Args:
            hook (Callable): the hook.

        Returns:
            RemovableHandle: a handle whose ``remove()`` unregisters the hook.

        Example:
            >>> m = nn.Linear(3, 2)
            >>> h = m.register_full_backward_hook(lambda mod, gin, gout: print(tuple(gout[0].shape)))
            >>> m(glassnet.randn(4, 3, requires_grad=True)).sum().backward()
            (4, 2)
            >>> h.remove()
        """
        return add_hook(self._backward_hooks, hook)

    # ---- walking the tree ----------------------------------------------------------------------
    def _named_members(self, get: Callable, prefix: str = "", recurse: bool = True,
                       remove_duplicate: bool = True) -> Iterator[tuple[str, Any]]:
        seen = set()
        mods = self.named_modules(prefix=prefix, remove_duplicate=remove_duplicate) if recurse else [
            (prefix, self)]
        for mod_prefix, mod in mods:
            for k, v in get(mod):
                if v is None or (remove_duplicate and id(v) in seen):
                    continue
                if remove_duplicate:
                    seen.add(id(v))
                yield (mod_prefix + ("." if mod_prefix else "") + k, v)

    def named_parameters(self, prefix: str = "", recurse: bool = True,
                         remove_duplicate: bool = True) -> Iterator[tuple[str, Parameter]]:
        """Return an iterator over ``(name, parameter)`` pairs, names dotted like ``'0.weight'``.

        A parameter shared by several submodules is yielded once unless ``remove_duplicate=False``.

        Args:
            prefix (str, optional): prefix prepended to every name. Default: ``''``.
            recurse (bool, optional): include the parameters of all descendants; otherwise only the
                module's own. Default: ``True``.
            remove_duplicate (bool, optional): yield a shared parameter only once. Default: ``True``.

        Example:
            >>> model = nn.Sequential(nn.Linear(2, 3), nn.Linear(3, 1))
            >>> [(name, tuple(p.shape)) for name, p in model.named_parameters()]
            [('0.weight', (3, 2)), ('0.bias', (3,)), ('1.weight', (1, 3)), ('1.bias', (1,))]
        """
        return self._named_members(lambda m: m._parameters.items(), prefix, recurse, remove_duplicate)

    def parameters(self, recurse: bool = True) -> Iterator[Parameter]:
        """Return an iterator over the module's learnable parameters (what an optimizer updates).

        Args:
            recurse (bool, optional): include the parameters of all descendants; otherwise only the
                module's own. Default: ``True``.

        Example:
            >>> model = nn.Linear(4, 2)
            >>> [tuple(p.shape) for p in model.parameters()]
            [(2, 4), (2,)]
            >>> opt = optim.SGD(model.parameters(), lr=0.1)
        """
        for _, p in self.named_parameters(recurse=recurse):
            yield p

    def named_buffers(self, prefix: str = "", recurse: bool = True,
                      remove_duplicate: bool = True) -> Iterator[tuple[str, Tensor]]:
        """Return an iterator over ``(name, buffer)`` pairs.

        Args:
            prefix (str, optional): prefix prepended to every name. Default: ``''``.
            recurse (bool, optional): include the buffers of all descendants. Default: ``True``.
            remove_duplicate (bool, optional): yield a shared buffer only once. Default: ``True``.

        Example:
            >>> [name for name, _ in nn.BatchNorm1d(3).named_buffers()]
            ['running_mean', 'running_var', 'num_batches_tracked']
        """
        return self._named_members(lambda m: m._buffers.items(), prefix, recurse, remove_duplicate)

    def buffers(self, recurse: bool = True) -> Iterator[Tensor]:
        """Return an iterator over the module's buffers (non-learnable state).

        Args:
            recurse (bool, optional): include the buffers of all descendants. Default: ``True``.

        Example:
            >>> [tuple(b.shape) for b in nn.BatchNorm1d(3).buffers()]
            [(3,), (3,), ()]
        """
        for _, b in self.named_buffers(recurse=recurse):
            yield b

    def named_children(self) -> Iterator[tuple[str, Module]]:
        """Return an iterator over ``(name, module)`` pairs of the direct children.

        Example:
            >>> model = nn.Sequential(nn.Linear(2, 2), nn.ReLU())
            >>> [name for name, _ in model.named_children()]
            ['0', '1']
        """
        seen = set()
        for name, m in self._modules.items():
            if m is not None and id(m) not in seen:
                seen.add(id(m))
                yield name, m

    def children(self) -> Iterator[Module]:
        """Return an iterator over the direct child modules.

        Example:
            >>> list(nn.Sequential(nn.Linear(2, 2), nn.ReLU()).children())
            [Linear(in_features=2, out_features=2, bias=True), ReLU()]
        """
        for _, m in self.named_children():
            yield m

    def named_modules(self, memo: set | None = None, prefix: str = "",
                      remove_duplicate: bool = True) -> Iterator[tuple[str, Module]]:
        """Return an iterator over ``(name, module)`` for the module and all its descendants, depth first.

        The module itself comes first, with the name ``''`` (or ``prefix``).

        Args:
            memo (set, optional): ids of modules already yielded (used by the recursion). Default: ``None``.
            prefix (str, optional): prefix prepended to every name. Default: ``''``.
            remove_duplicate (bool, optional): yield a module reachable by several paths once.
                Default: ``True``.

        Example:
            >>> model = nn.Sequential(nn.Linear(2, 2), nn.Sequential(nn.ReLU()))
            >>> [name for name, _ in model.named_modules()]
            ['', '0', '1', '1.0']
        """
        if memo is None:
            memo = set()
        if remove_duplicate:
            if id(self) in memo:
                return
            memo.add(id(self))
        yield prefix, self
        for name, m in self._modules.items():
            if m is None:
                continue
            sub = prefix + ("." if prefix else "") + name
            yield from m.named_modules(memo, sub, remove_duplicate)

    def modules(self) -> Iterator[Module]:
        """Return an iterator over the module and all its descendants.

        Example:
            >>> model = nn.Sequential(nn.Linear(2, 2), nn.ReLU())
            >>> [type(m).__name__ for m in model.modules()]
            ['Sequential', 'Linear', 'ReLU']
        """
        for _, m in self.named_modules():
            yield m

    def get_submodule(self, target: str) -> Module:
        """Return the descendant at a dotted path such as ``'encoder.0'`` (``''`` is the module itself).

        Args:
            target (str): the dotted path of the submodule.

        Raises:
            AttributeError: if no submodule lies at that path.

        Example:
            >>> model = nn.Sequential(nn.Sequential(nn.Linear(2, 3)))
            >>> model.get_submodule("0.0")
            Linear(in_features=2, out_features=3, bias=True)
        """
        mod = self
        for item in target.split(".") if target else []:
            if item not in mod._modules:
                raise AttributeError(f"{type(mod).__name__} has no submodule `{item}` (path {target!r})")
            mod = mod._modules[item]
        return mod

    def get_parameter(self, target: str) -> Parameter:
        """Return the parameter at a dotted path such as ``'encoder.0.weight'``.

        Args:
            target (str): the dotted path of the parameter.

        Raises:
            AttributeError: if no parameter lies at that path.

        Example:
            >>> model = nn.Sequential(nn.Linear(2, 3))
            >>> model.get_parameter("0.bias").shape
            glassnet.Size([3])
        """
        mod_path, _, name = target.rpartition(".")
        mod = self.get_submodule(mod_path)
        if name not in mod._parameters:
            raise AttributeError(f"{type(mod).__name__} has no parameter `{name}`")
        return mod._parameters[name]

    def num_parameters(self, trainable_only: bool = False) -> int:
        """Return the total number of parameter elements (a glassnet extra, not in PyTorch).

        Args:
            trainable_only (bool, optional): count only parameters with ``requires_grad=True``.
                Default: ``False``.

        Example:
            >>> nn.Linear(10, 5).num_parameters()
            55
        """
        return sum(p.numel() for p in self.parameters() if p.requires_grad or not trainable_only)

    # ---- modes and gradients -------------------------------------------------------------------
    def train(self, mode: bool = True) -> Module:
        """Set the module and all its descendants in training mode (or evaluation mode with ``False``).

        This matters for layers that behave differently in training, such as
        :class:`~glassnet.nn.Dropout` (active only in training) and :class:`~glassnet.nn.BatchNorm1d`
        (batch statistics in training, running statistics in evaluation).

        Args:
            mode (bool, optional): ``True`` for training mode, ``False`` for evaluation mode.
                Default: ``True``.

        Returns:
            Module: self.

        Example:
            >>> model = nn.Sequential(nn.Linear(2, 2), nn.Dropout(0.5))
            >>> model.train().training, model[1].training
            (True, True)
            >>> model.train(False)[1].training
            False
        """
        if not isinstance(mode, bool):
            raise ValueError("training mode is expected to be boolean")
        # glassnet.transfer.freeze pins frozen BatchNorm layers to eval: their running statistics must not
        # drift towards the new data while their affine parameters are fixed.
        self.training = mode and not self.__dict__.get("_keep_eval", False)
        for m in self.children():
            m.train(mode)
        return self

    def eval(self) -> Module:
        """Set the module and all its descendants in evaluation mode; equivalent to ``train(False)``.

        Returns:
            Module: self.

        Example:
            >>> drop = nn.Dropout(0.5).eval()
            >>> drop(glassnet.ones(4))
            tensor([1., 1., 1., 1.])
        """
        return self.train(False)

    def requires_grad_(self, requires_grad: bool = True) -> Module:
        """Set ``requires_grad`` on every parameter; ``requires_grad_(False)`` freezes the module.

        Args:
            requires_grad (bool, optional): whether autograd records operations on the parameters.
                Default: ``True``.

        Returns:
            Module: self.

        Example:
            >>> m = nn.Linear(2, 2).requires_grad_(False)
            >>> m.weight.requires_grad, m.num_parameters(trainable_only=True)
            (False, 0)
        """
        for p in self.parameters():
            p.requires_grad_(requires_grad)
        return self

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Reset the gradients of all parameters.

        Args:
            set_to_none (bool, optional): set each ``.grad`` to ``None`` (saves memory; the next backward
                allocates it anew) instead of filling it with zeros. Default: ``True``.

        Example:
            >>> m = nn.Linear(2, 1)
            >>> m(glassnet.ones(1, 2)).sum().backward()
            >>> m.weight.grad
            tensor([[1., 1.]])
            >>> m.zero_grad()
            >>> m.weight.grad is None
            True
        """
        for p in self.parameters():
            if p.grad is None:
                continue
            if set_to_none:
                p.grad = None
            else:
                p.grad._data[...] = 0
                p.grad._version += 1

    def apply(self, fn: Callable[[Module], Any]) -> Module:
        """Apply ``fn`` to every descendant (children first, recursively) and then to the module itself.

        Typically used to initialise the weights of a model.

        Args:
            fn (Callable[[Module], None]): the function applied to each module.

        Returns:
            Module: self.

        Example:
            >>> def init_weights(m):
            ...     if isinstance(m, nn.Linear):
            ...         nn.init.ones_(m.weight)
            >>> model = nn.Sequential(nn.Linear(2, 2), nn.Linear(2, 2)).apply(init_weights)
            >>> model[1].weight
            Parameter containing:
            tensor([[1., 1.],
                    [1., 1.]], requires_grad=True)
        """
        for m in self.children():
            m.apply(fn)
        fn(self)
        return self

    # ---- dtype -------------------------------------------------------------------------------------
    def to(self, *args: Any, **kwargs: Any) -> Module:
        """Cast the floating point parameters and buffers to a dtype, in place.

        Accepts the forms of ``torch.nn.Module.to``: ``to(dtype)``, ``to(device)``, ``to(device, dtype)``,
        ``to(tensor)`` (its dtype) and the keywords ``device=``/``dtype=``. A device moves every
        parameter and buffer there (an unavailable one raises). Integer parameters and buffers are left as they are,
        and the same Parameter objects are kept, so an optimizer built earlier still holds them.

        Args:
            *args: a dtype, a device, or a tensor whose dtype is used.
            **kwargs: ``device``, ``dtype`` or ``non_blocking`` (accepted and ignored).

        Returns:
            Module: self.

        Example:
            >>> m = nn.Linear(2, 2).to(glassnet.float64)
            >>> m.weight.dtype
            glassnet.float64
            >>> m.to("cpu") is m
            True
        """
        dtype = kwargs.get("dtype")
        for a in list(args) + [kwargs.get("device")]:
            if isinstance(a, dtypes.dtype):
                dtype = a
            elif isinstance(a, Tensor):
                dtype = a.dtype
            elif a is not None and not isinstance(a, bool):  # non_blocking may come positionally
                self._move(a, "Module.to")
        if dtype is None:
            return self
        if not dtype.is_floating_point:
            raise TypeError(f"Module.to only accepts floating point dtypes, but got desired dtype={dtype!r}")
        return self._cast(dtype)

    def _move(self, device: Any, op: str) -> Module:
        """Move every parameter and buffer (and gradient) to ``device`` in place, keeping the same objects."""
        from ..array_backend import get_backend, move

        get_backend(device, op)
        for t in itertools.chain(self.parameters(), self.buffers()):
            t._data = move(t._data, device, op)
            if t.grad is not None:
                t.grad._data = move(t.grad._data, device, op)
        return self

    def _cast(self, dtype: Any) -> Module:
        nd = dtypes.to_numpy_dtype(dtype)
        for t in itertools.chain(self.parameters(), self.buffers()):
            # The same Parameter object is kept, so optimizers built earlier still hold it.
            if t._data.dtype.kind == "f" and t._data.dtype != nd:
                t._data = t._data.astype(nd)
                if t.grad is not None:
                    t.grad = Tensor(t.grad._data.astype(nd))
        return self

    def float(self) -> Module:
        """Cast all floating point parameters and buffers to ``float32``.

        Returns:
            Module: self.

        Example:
            >>> nn.Linear(2, 2).double().float().weight.dtype
            glassnet.float32
        """
        return self._cast(dtypes.float32)

    def double(self) -> Module:
        """Cast all floating point parameters and buffers to ``float64``.

        Returns:
            Module: self.

        Example:
            >>> nn.Linear(2, 2).double().weight.dtype
            glassnet.float64
        """
        return self._cast(dtypes.float64)

    def half(self) -> Module:
        """Cast all floating point parameters and buffers to ``float16``.

        Returns:
            Module: self.

        Example:
            >>> nn.Linear(2, 2).half().weight.dtype
            glassnet.float16
        """
        return self._cast(dtypes.float16)

    def type(self, dst_type: Any) -> Module:
        """Cast all floating point parameters and buffers to ``dst_type``.

        Args:
            dst_type (glassnet.dtype): the desired floating point dtype.

        Returns:
            Module: self.

        Example:
            >>> nn.Linear(2, 2).type(glassnet.float64).bias.dtype
            glassnet.float64
        """
        return self._cast(dst_type)

    def cpu(self) -> Module:
        """Move all parameters and buffers to the CPU, in place.

        Returns:
            Module: self.

        Example:
            >>> m = nn.Linear(2, 2)
            >>> m.cpu() is m
            True
        """
        return self._move("cpu", "Module.cpu")

    def share_memory(self) -> Module:
        """Move the parameters and buffers into shared memory, so several processes train one model (Hogwild).

        Returns:
            Module: self.

        Example:
            >>> m = nn.Linear(2, 2).share_memory()
            >>> m.weight.shape
            glassnet.Size([2, 2])
        """
        from ..multiprocessing.sharing import share_module

        return share_module(self)

    def cuda(self, device: Any = None) -> Module:
        """Move all parameters and buffers to a CUDA GPU, in place (CuPy backend: ``pip install "glassnet[cuda]"``).

        Raises DeviceUnavailableError when CuPy or a GPU is missing (check ``glassnet.cuda.is_available()``).

        Args:
            device (int or str, optional): the CUDA device to move the module to. Default: ``None``
                (the current one).

        Example:
            >>> glassnet.cuda.is_available()
            False
        """
        from ..device import device as _device

        if device is None:
            device = "cuda"
        elif isinstance(device, int):
            device = _device("cuda", device)
        return self._move(device, "Module.cuda")

    # ---- state_dict ----------------------------------------------------------------------------
    def state_dict(self, destination: Any = None, prefix: str = "", keep_vars: bool = False) -> OrderedDict:
        """Return an ordered dictionary of the parameters and persistent buffers, by dotted name.

        The tensors are detached (unless ``keep_vars``) but share memory with the module. Save it with
        ``glassnet.save`` and restore it with :meth:`load_state_dict`.

        Args:
            destination (dict, optional): a dictionary to fill instead of a new ``OrderedDict``.
                Default: ``None``.
            prefix (str, optional): prefix prepended to every key. Default: ``''``.
            keep_vars (bool, optional): return the parameters themselves rather than detached tensors.
                Default: ``False``.

        Returns:
            OrderedDict: name -> tensor.

        Example:
            >>> model = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3))
            >>> list(model.state_dict())
            ['0.weight', '0.bias', '1.weight', '1.bias', '1.running_mean', '1.running_var', '1.num_batches_tracked']
        """
        if destination is None:
            destination = OrderedDict()
        for name, p in self._parameters.items():
            if p is not None:  # a lazy module's placeholders are stored as they are, as in PyTorch
                destination[prefix + name] = p if keep_vars or getattr(p, "_lazy", False) else p.detach()
        for name, b in self._buffers.items():
            if b is not None and name not in self._non_persistent_buffers_set:
                destination[prefix + name] = b if keep_vars or getattr(b, "_lazy", False) else b.detach()
        for name, m in self._modules.items():
            if m is not None:
                m.state_dict(destination, prefix + name + ".", keep_vars)
        return destination

    def _local_state(self) -> dict:
        out = {k: v for k, v in self._parameters.items() if v is not None}
        out.update((k, v) for k, v in self._buffers.items()
                   if v is not None and k not in self._non_persistent_buffers_set)
        return out

    def load_state_dict(self, state_dict: Any, strict: bool = True,
                        assign: bool = False) -> _IncompatibleKeys:
        """Copy parameters and buffers from ``state_dict`` into the module, in place.

        The values may be glassnet tensors, NumPy arrays or torch tensors (so a PyTorch checkpoint of the
        same architecture loads). Shapes must match.

        Args:
            state_dict (dict): name -> tensor, as returned by :meth:`state_dict`.
            strict (bool, optional): raise when keys are missing or unexpected; otherwise report them.
                Default: ``True``.
            assign (bool, optional): replace each tensor's storage by a copy of the value instead of
                writing into it. Default: ``False``.

        Returns:
            NamedTuple: ``missing_keys`` and ``unexpected_keys``.

        Raises:
            RuntimeError: on a shape mismatch, or on missing/unexpected keys when ``strict``.

        Example:
            >>> src, dst = nn.Linear(2, 2), nn.Linear(2, 2)
            >>> dst.load_state_dict(src.state_dict())
            <All keys matched successfully>
            >>> glassnet.equal(dst.weight, src.weight)
            True
        """
        if not hasattr(state_dict, "keys"):
            raise TypeError(f"Expected state_dict to be dict-like, got {type(state_dict).__name__}.")
        # Imported here: torch values are the io package's business, and `import glassnet.nn` need not load it.
        from ..io.torch_import import state_array

        missing, errors = [], []
        expected = set()
        with no_grad():
            for mod_prefix, mod in self.named_modules(remove_duplicate=False):
                pre = mod_prefix + "." if mod_prefix else ""
                if hasattr(mod, "_lazy_load_hook"):  # lazy modules take their shapes from the checkpoint
                    mod._lazy_load_hook(state_dict, pre)
                for name, t in mod._local_state().items():
                    key = pre + name
                    expected.add(key)
                    if key not in state_dict:
                        missing.append(key)
                        continue
                    if getattr(t, "_lazy", False) or getattr(state_dict[key], "_lazy", False):
                        continue  # a placeholder on either side: nothing to copy (PyTorch skips it too)
                    arr = state_array(state_dict[key])
                    if tuple(arr.shape) != tuple(t._data.shape):
                        errors.append(
                            f"size mismatch for {key}: copying a param with shape {tuple(arr.shape)} from "
                            f"checkpoint, the shape in current model is {tuple(t._data.shape)}."
                        )
                        continue
                    if assign:
                        t._data = arr.astype(t._data.dtype, copy=True)
                    else:
                        if not getattr(t._data.flags, "writeable", True):  # CuPy's flags have no writeable
                            t._data = t._data.copy()
                        if type(arr) is not type(t._data):  # a host checkpoint into a model on another device
                            from ..array_backend import device_of, move

                            arr = move(arr, device_of(t._data), "load_state_dict")
                        t._data[...] = arr
                    t._version += 1
        unexpected = [k for k in state_dict.keys() if k not in expected]
        if strict:
            if unexpected:
                errors.insert(0, "Unexpected key(s) in state_dict: " + ", ".join(f'"{k}"' for k in unexpected)
                              + ". ")
            if missing:
                errors.insert(0, "Missing key(s) in state_dict: " + ", ".join(f'"{k}"' for k in missing)
                              + ". ")
        if errors:
            raise RuntimeError(
                f"Error(s) in loading state_dict for {self._get_name()}:\n\t" + "\n\t".join(errors)
            )
        return _IncompatibleKeys(missing, unexpected)

    # ---- printing ------------------------------------------------------------------------------
    def _get_name(self) -> str:
        return type(self).__name__

    def extra_repr(self) -> str:
        """Return the extra description shown inside ``Name(...)`` when the module is printed; layers override it.

        Example:
            >>> nn.Linear(2, 3).extra_repr()
            'in_features=2, out_features=3, bias=True'
        """
        return ""

    def __repr__(self) -> str:
        extra = self.extra_repr()
        lines = extra.split("\n") if extra else []
        for name, m in self._modules.items():
            lines.append(f"({name}): " + _addindent(repr(m), 2))
        if not self._modules:
            return f"{self._get_name()}({extra})"
        return self._get_name() + "(\n  " + "\n  ".join(lines) + "\n)"

    def _repr_html_(self) -> str:
        """Jupyter's display: a table of submodules with their parameter counts."""
        from ..inspect.html import module_html

        return module_html(self)

    # ---- copying and pickling ------------------------------------------------------------------
    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        for k in ("_forward_hooks", "_forward_pre_hooks", "_backward_hooks"):
            self.__dict__.setdefault(k, OrderedDict())
        self.__dict__.setdefault("_non_persistent_buffers_set", set())


def _check_name(module: Module, name: str, kind: str) -> None:
    if not isinstance(name, str):
        raise TypeError(f"{kind} name should be a string. Got {type(name).__name__}")
    if "." in name or name == "":
        raise KeyError(f"{kind} name can't contain '.' or be empty, got {name!r}")
    registry = module._parameters if kind == "parameter" else module._buffers
    if name not in registry and name in module.__dict__:
        raise KeyError(f"attribute '{name}' already exists")


def _remove_from(module: Module, name: str, keep: str) -> None:
    """Drop ``name`` from the registries other than ``keep``; in ``keep`` it is overwritten in its slot,
    so replacing a child, parameter or buffer leaves its place in the order (as in PyTorch)."""
    d = module.__dict__
    d.pop(name, None)
    for reg in ("_parameters", "_buffers", "_modules"):
        if reg == keep:
            continue
        r = d.get(reg)
        if r is not None:
            r.pop(name, None)
    s = d.get("_non_persistent_buffers_set")
    if s is not None:
        s.discard(name)
