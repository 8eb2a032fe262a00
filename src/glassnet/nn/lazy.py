"""Lazy modules: layers whose input size is read from the first input (PyTorch's ``LazyModuleMixin``).

Until the first forward, a lazy layer holds *placeholders*: ``UninitializedParameter`` and
``UninitializedBuffer`` (empty tensors that remember their dtype). A forward pre-hook calls
``initialize_parameters(input)``, which reads ``in_features`` / ``in_channels`` / ``num_features``
from the input and *materialises* each placeholder in place: the same object gets its real array
and changes class to Parameter (or Tensor), so an optimizer built before the first call still
holds the right objects. Then the hook removes itself and the module changes class to its eager
twin (``cls_to_become``: LazyLinear becomes Linear, LazyConv2d becomes Conv2d, ...).

``state_dict()`` of an unmaterialised module holds the placeholders themselves, and
``load_state_dict`` materialises each placeholder with the shape it is given, so a checkpoint of
the eager layer loads straight into a fresh lazy one.
"""

from __future__ import annotations

import itertools
from typing import Any

from .. import creation, dtypes
from ..tensor import Tensor
from .conv import Conv1d, Conv2d, ConvTranspose2d
from .conv_nd import Conv3d, ConvTranspose1d, ConvTranspose3d
from .instancenorm import InstanceNorm1d, InstanceNorm2d, InstanceNorm3d
from .linear import Linear
from .normalization import BatchNorm1d, BatchNorm2d, BatchNorm3d
from .parameter import Parameter


class UninitializedTensorMixin:
    """Shared by the placeholders: ``materialize`` gives the object its data and its final class."""

    __slots__ = ()
    _lazy = True
    cls_to_become: type = Tensor

    def materialize(self, shape: Any, device: Any = None, dtype: Any = None) -> None:
        """Allocate an uninitialised array of ``shape`` in place and become ``cls_to_become``."""
        shape = (shape,) if isinstance(shape, int) else tuple(shape)
        dtype = self.dtype if dtype is None else dtype
        self._data = creation.empty(*shape, dtype=dtype)._data
        self._version += 1
        self.__class__ = self.cls_to_become

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"

    def __deepcopy__(self, memo: dict) -> Any:
        out = type(self)(requires_grad=self.requires_grad, dtype=self.dtype)
        memo[id(self)] = out
        return out

    def __reduce_ex__(self, protocol: Any) -> tuple:
        return (type(self), (self.requires_grad, None, self.dtype))


def is_lazy(t: Any) -> bool:
    """True for a placeholder that has not been materialised yet."""
    return getattr(t, "_lazy", False)


class UninitializedParameter(UninitializedTensorMixin, Parameter):
    """A parameter that is not initialized: a placeholder whose shape is not known yet.

    Lazy modules hold these until their first forward call; ``materialize(shape)`` then gives the
    same object its data and turns it into a regular :class:`~glassnet.nn.Parameter` (so an optimizer
    built earlier keeps working).

    Args:
        requires_grad (bool, optional): whether the parameter requires gradient. Default: ``True``.
        device (optional): accepted for PyTorch compatibility; glassnet runs on the CPU.
        dtype (glassnet.dtype, optional): the dtype it will have. Default: ``None`` (the default dtype).

    Example:
        >>> p = nn.UninitializedParameter()
        >>> p
        <UninitializedParameter>
        >>> p.materialize((2, 3))
        >>> type(p).__name__, p.shape
        ('Parameter', glassnet.Size([2, 3]))
    """

    __slots__ = ()
    cls_to_become = Parameter

    def __init__(self, requires_grad: bool = True, device: Any = None, dtype: Any = None) -> None:
        super().__init__(creation.empty(0, dtype=dtype or dtypes.get_default_dtype()), requires_grad)


class UninitializedBuffer(UninitializedTensorMixin, Tensor):
    """A buffer that is not initialized: a placeholder whose shape is not known yet.

    Lazy normalisation layers hold these as running statistics until their first forward call;
    ``materialize(shape)`` then turns the same object into a regular tensor.

    Args:
        requires_grad (bool, optional): whether the buffer requires gradient. Default: ``False``.
        device (optional): accepted for PyTorch compatibility; glassnet runs on the CPU.
        dtype (glassnet.dtype, optional): the dtype it will have. Default: ``None`` (the default dtype).

    Example:
        >>> b = nn.UninitializedBuffer()
        >>> b.materialize(4)
        >>> type(b).__name__, b.shape
        ('Tensor', glassnet.Size([4]))
    """

    __slots__ = ()
    cls_to_become = Tensor

    def __init__(self, requires_grad: bool = False, device: Any = None, dtype: Any = None) -> None:
        super().__init__(creation.empty(0, dtype=dtype or dtypes.get_default_dtype()), requires_grad=requires_grad)


def _infer_parameters(module: Any, args: tuple) -> None:
    """The forward pre-hook: materialise from the first input, then become the eager class."""
    module.initialize_parameters(*args)
    if module.has_uninitialized_params():
        raise RuntimeError(f"module {type(module).__name__} has not been fully initialized")
    module._initialize_hook.remove()
    del module._initialize_hook
    if module.cls_to_become is not None:
        module.__class__ = module.cls_to_become


class LazyModuleMixin:
    """A mixin for modules that lazily initialize parameters, also known as "lazy modules".

    Lazy modules derive the shapes of their parameters from the first input to their forward
    method. Until then they hold :class:`UninitializedParameter` placeholders (and
    :class:`UninitializedBuffer` for buffers); a forward pre-hook calls ``initialize_parameters`` on
    the first call, which materialises them in place, and the module then changes its class to
    ``cls_to_become`` (``LazyLinear`` becomes ``Linear``). Loading a state dict into an uninitialized
    lazy module materialises the placeholders with the loaded shapes. Optimizers may be built before
    the first forward call, since the parameters stay the same objects.

    Args:
        *args: the arguments of the module it is mixed into.
        **kwargs: its keyword arguments.

    Example:
        >>> model = nn.Sequential(nn.LazyLinear(10), nn.ReLU(), nn.LazyLinear(2))
        >>> opt = optim.SGD(model.parameters(), lr=0.1)
        >>> model(glassnet.randn(4, 7)).shape
        glassnet.Size([4, 2])
        >>> model
        Sequential(
          (0): Linear(in_features=7, out_features=10, bias=True)
          (1): ReLU()
          (2): Linear(in_features=10, out_features=2, bias=True)
        )
    """

    cls_to_become: type | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._initialize_hook = self.register_forward_pre_hook(_infer_parameters)

    def has_uninitialized_params(self) -> bool:
        """Check if a module has parameters (or buffers) that are not initialized.

        Example:
            >>> m = nn.LazyLinear(3)
            >>> m.has_uninitialized_params()
            True
        """
        return any(is_lazy(t) for t in itertools.chain(self._parameters.values(), self._buffers.values()))

    def initialize_parameters(self, *args: Any, **kwargs: Any) -> None:
        """Initialize parameters according to the input batch properties (each lazy layer defines it).

        Args:
            *args: the inputs of the first forward call.
            **kwargs: its keyword inputs.

        Example:
            >>> m = nn.LazyLinear(3)
            >>> m.initialize_parameters(glassnet.ones(2, 5))
            >>> m.weight.shape
            glassnet.Size([3, 5])
        """
        raise NotImplementedError(f"{type(self).__name__} must define initialize_parameters")

    def _lazy_load_hook(self, state_dict: Any, prefix: str) -> None:
        """Called by load_state_dict before copying: materialise placeholders with the loaded shapes."""
        for name, t in itertools.chain(self._parameters.items(), self._buffers.items()):
            key = prefix + name
            if t is not None and is_lazy(t) and key in state_dict and not is_lazy(state_dict[key]):
                t.materialize(tuple(state_dict[key].shape))
        if not self.has_uninitialized_params():
            self._sizes_from_parameters()

    def _sizes_from_parameters(self) -> None:
        """Set in_features (etc.) from materialised parameters, so the layer matches its eager twin."""


# --- Linear ---------------------------------------------------------------------------------------

class LazyLinear(LazyModuleMixin, Linear):
    """A :class:`Linear` module where ``in_features`` is inferred.

    ``weight`` and ``bias`` are :class:`UninitializedParameter` placeholders until the first forward
    call, which sets ``in_features = input.shape[-1]``, materialises and initialises them as
    ``Linear`` does, and turns the module into a :class:`Linear`.

    Args:
        out_features (int): size of each output sample.
        bias (bool, optional): if set to ``False``, the layer will not learn an additive bias. Default: ``True``.
        device (optional): accepted for PyTorch compatibility; glassnet runs on the CPU.
        dtype (glassnet.dtype, optional): dtype of the parameters. Default: ``None`` (float32).

    Attributes:
        weight (UninitializedParameter): the learnable weights of shape ``(out_features, in_features)``
            once materialised, initialized from ``U(-sqrt(k), sqrt(k))`` with ``k = 1 / in_features``.
        bias (UninitializedParameter): the learnable bias of shape ``(out_features)``, initialized the
            same way.

    Example:
        >>> m = nn.LazyLinear(30)
        >>> m(glassnet.randn(128, 20)).shape
        glassnet.Size([128, 30])
        >>> m
        Linear(in_features=20, out_features=30, bias=True)
    """

    cls_to_become = Linear

    def __init__(self, out_features: int, bias: bool = True, device: Any = None, dtype: Any = None) -> None:
        super().__init__(0, 0, False, device, dtype)
        self.out_features = out_features
        self.weight = UninitializedParameter(dtype=dtype)
        if bias:
            self.bias = UninitializedParameter(dtype=dtype)

    def reset_parameters(self) -> None:
        """Linear's init, once the weight has a shape."""
        if not self.has_uninitialized_params() and self.in_features != 0:
            super().reset_parameters()

    def initialize_parameters(self, input: Tensor) -> None:  # noqa: A002
        """in_features = input.shape[-1]; materialise weight (out, in) and bias (out,)."""
        if self.has_uninitialized_params():
            self.in_features = input.shape[-1]
            self.weight.materialize((self.out_features, self.in_features))
            if self.bias is not None:
                self.bias.materialize((self.out_features,))
            self.reset_parameters()

    def _sizes_from_parameters(self) -> None:
        self.in_features = self.weight.shape[1]


# --- convolutions ---------------------------------------------------------------------------------

class _LazyConvMixin(LazyModuleMixin):
    def _replace_with_placeholders(self, out_channels: int, bias: bool, dtype: Any) -> None:
        self.out_channels = out_channels
        self.weight = UninitializedParameter(dtype=dtype)
        if bias:
            self.bias = UninitializedParameter(dtype=dtype)

    def reset_parameters(self) -> None:
        """The eager layer's init, once the weight has a shape."""
        if not self.has_uninitialized_params() and self.in_channels != 0:
            super().reset_parameters()

    def initialize_parameters(self, input: Tensor, *args: Any, **kwargs: Any) -> None:  # noqa: A002
        """in_channels from the input's channel dim; materialise weight and bias, then initialise them."""
        if not self.has_uninitialized_params():
            return
        n = self._dims
        if input.ndim not in (n + 1, n + 2):
            raise RuntimeError(f"Expected {n + 1}D (unbatched) or {n + 2}D (batched) input to {type(self).__name__}, "
                               f"but got input of size: {tuple(input.shape)}")
        self.in_channels = input.shape[1] if input.ndim == n + 2 else input.shape[0]
        if self.in_channels % self.groups:
            raise ValueError(f"{type(self).__name__}: in_channels ({self.in_channels}) must be divisible by groups "
                             f"({self.groups})")
        if self.transposed:
            self.weight.materialize((self.in_channels, self.out_channels // self.groups) + self.kernel_size)
        else:
            self.weight.materialize((self.out_channels, self.in_channels // self.groups) + self.kernel_size)
        if self.bias is not None:
            self.bias.materialize((self.out_channels,))
        self.reset_parameters()

    def _sizes_from_parameters(self) -> None:
        self.in_channels = self.weight.shape[0] if self.transposed else self.weight.shape[1] * self.groups


_LAZY_CONV_DOC = """A :class:`{eager}` module with lazy initialization of the ``in_channels`` argument.

    ``in_channels`` is inferred from ``input.size(1)`` (``input.size(0)`` for an unbatched input) at the
    first forward call. Until then ``weight`` and ``bias`` are :class:`UninitializedParameter`
    placeholders; the first call materialises and initialises them as {eager} does, and the module
    becomes a :class:`{eager}`. See :class:`LazyModuleMixin`.

    Args:
        out_channels (int): number of channels produced by the convolution.
        kernel_size (int or tuple): size of the convolving kernel.
        stride (int or tuple, optional): stride of the convolution. Default: 1.
        padding (int or tuple, optional): {padding}. Default: 0.{extra}
        groups (int, optional): number of blocked connections from input to output channels. Default: 1.
        bias (bool, optional): if ``True``, adds a learnable bias to the output. Default: ``True``.
        dilation (int or tuple, optional): spacing between kernel elements. Default: 1.
        padding_mode (str, optional): {modes}. Default: ``'zeros'``.
        device (optional): accepted for PyTorch compatibility; glassnet runs on the CPU.
        dtype (glassnet.dtype, optional): dtype of the parameters. Default: ``None`` (float32).

    Example:
        >>> m = nn.{name}(8, 3)
        >>> m.weight
        <UninitializedParameter>
        >>> m(glassnet.randn({inp})).shape
        glassnet.Size([{out}])
        >>> type(m).__name__, m.weight.shape
        ('{eager}', glassnet.Size([{wshape}]))
    """


def _lazy_conv(name: str, eager: type, doc: str) -> type:
    def __init__(self: Any, out_channels: int, kernel_size: Any, stride: Any = 1, padding: Any = 0,
                 dilation: Any = 1, groups: int = 1, bias: bool = True, padding_mode: str = "zeros",
                 device: Any = None, dtype: Any = None) -> None:
        # in_channels=0 and no bias for now (as PyTorch); the placeholders replace both right after.
        eager.__init__(self, 0, 0, kernel_size, stride, padding, dilation, groups, False, padding_mode, device, dtype)
        self._initialize_hook = self.register_forward_pre_hook(_infer_parameters)
        self._replace_with_placeholders(out_channels, bias, dtype)

    __init__.__doc__ = f"Like {eager.__name__}, without in_channels."
    return type(name, (_LazyConvMixin, eager), {"__init__": __init__, "cls_to_become": eager, "__doc__": doc})


def _lazy_conv_transpose(name: str, eager: type, doc: str) -> type:
    def __init__(self: Any, out_channels: int, kernel_size: Any, stride: Any = 1, padding: Any = 0,
                 output_padding: Any = 0, groups: int = 1, bias: bool = True, dilation: Any = 1,
                 padding_mode: str = "zeros", device: Any = None, dtype: Any = None) -> None:
        eager.__init__(self, 0, 0, kernel_size, stride, padding, output_padding, groups, False, dilation,
                       padding_mode, device, dtype)
        self._initialize_hook = self.register_forward_pre_hook(_infer_parameters)
        self._replace_with_placeholders(out_channels, bias, dtype)

    __init__.__doc__ = f"Like {eager.__name__}, without in_channels."
    return type(name, (_LazyConvMixin, eager), {"__init__": __init__, "cls_to_become": eager, "__doc__": doc})


LazyConv1d = _lazy_conv("LazyConv1d", Conv1d, _LAZY_CONV_DOC.format(
    name='LazyConv1d',
    eager='Conv1d',
    inp='2, 4, 10',
    out='2, 8, 8',
    wshape='8, 4, 3',
    padding="padding added to both sides of the input, or ``'valid'`` / ``'same'``",
    extra='',
    modes="``'zeros'``, ``'reflect'``, ``'replicate'`` or ``'circular'``"
))
LazyConv2d = _lazy_conv("LazyConv2d", Conv2d, _LAZY_CONV_DOC.format(
    name='LazyConv2d',
    eager='Conv2d',
    inp='2, 4, 10, 10',
    out='2, 8, 8, 8',
    wshape='8, 4, 3, 3',
    padding="padding added to both sides of the input, or ``'valid'`` / ``'same'``",
    extra='',
    modes="``'zeros'``, ``'reflect'``, ``'replicate'`` or ``'circular'``"
))
LazyConv3d = _lazy_conv("LazyConv3d", Conv3d, _LAZY_CONV_DOC.format(
    name='LazyConv3d',
    eager='Conv3d',
    inp='2, 4, 6, 6, 6',
    out='2, 8, 4, 4, 4',
    wshape='8, 4, 3, 3, 3',
    padding="padding added to both sides of the input, or ``'valid'`` / ``'same'``",
    extra='',
    modes="``'zeros'``, ``'reflect'``, ``'replicate'`` or ``'circular'``"
))
LazyConvTranspose1d = _lazy_conv_transpose("LazyConvTranspose1d", ConvTranspose1d, _LAZY_CONV_DOC.format(
    name='LazyConvTranspose1d',
    eager='ConvTranspose1d',
    inp='2, 4, 10',
    out='2, 8, 12',
    wshape='4, 8, 3',
    padding='``dilation * (kernel_size - 1) - padding`` zero-padding on both sides of the input',
    extra=(
        '\n        output_padding (int or tuple, optional): additional size added to one s'
        'ide of each\n            output dimension. Default: 0.'),
    modes="only ``'zeros'``"
))
LazyConvTranspose2d = _lazy_conv_transpose("LazyConvTranspose2d", ConvTranspose2d, _LAZY_CONV_DOC.format(
    name='LazyConvTranspose2d',
    eager='ConvTranspose2d',
    inp='2, 4, 10, 10',
    out='2, 8, 12, 12',
    wshape='4, 8, 3, 3',
    padding='``dilation * (kernel_size - 1) - padding`` zero-padding on both sides of the input',
    extra=(
        '\n        output_padding (int or tuple, optional): additional size added to one s'
        'ide of each\n            output dimension. Default: 0.'),
    modes="only ``'zeros'``"
))
LazyConvTranspose3d = _lazy_conv_transpose("LazyConvTranspose3d", ConvTranspose3d, _LAZY_CONV_DOC.format(
    name='LazyConvTranspose3d',
    eager='ConvTranspose3d',
    inp='2, 4, 6, 6, 6',
    out='2, 8, 8, 8, 8',
    wshape='4, 8, 3, 3, 3',
    padding='``dilation * (kernel_size - 1) - padding`` zero-padding on both sides of the input',
    extra=(
        '\n        output_padding (int or tuple, optional): additional size added to one s'
        'ide of each\n            output dimension. Default: 0.'),
    modes="only ``'zeros'``"
))


# --- normalisation --------------------------------------------------------------------------------

class _LazyNormMixin(LazyModuleMixin):
    def _replace_with_placeholders(self, affine: bool, track_running_stats: bool, dtype: Any, bias: bool) -> None:
        self.affine, self.track_running_stats = affine, track_running_stats
        if affine:
            self.weight = UninitializedParameter(dtype=dtype)
            if bias:
                self.bias = UninitializedParameter(dtype=dtype)
        if track_running_stats:
            self.running_mean = UninitializedBuffer(dtype=dtype)
            self.running_var = UninitializedBuffer(dtype=dtype)
            self.num_batches_tracked = creation.zeros((), dtype=dtypes.int64)

    def reset_parameters(self) -> None:
        """The eager layer's reset, once the statistics have a shape."""
        if not self.has_uninitialized_params() and self.num_features != 0:
            super().reset_parameters()

    def _channel_dim(self, input: Tensor) -> int:  # noqa: A002
        return 1

    def initialize_parameters(self, input: Tensor) -> None:  # noqa: A002
        """num_features from the input's channel dim; materialise weight, bias and running statistics."""
        if not self.has_uninitialized_params():
            return
        self._check_input_dim_lazy(input)
        self.num_features = input.shape[self._channel_dim(input)]
        for t in (self.weight, self.bias, self.running_mean, self.running_var):
            if t is not None and is_lazy(t):
                t.materialize((self.num_features,))
        self.reset_parameters()

    def _check_input_dim_lazy(self, input: Tensor) -> None:  # noqa: A002
        if input.ndim not in self._expected_dims:
            dims = " or ".join(f"{d}D" for d in self._expected_dims)
            raise ValueError(f"{type(self).__name__}: expected {dims} input (got {input.ndim}D input of shape "
                             f"{tuple(input.shape)})")

    def _sizes_from_parameters(self) -> None:
        t = self.weight if self.weight is not None else self.running_mean
        if t is not None:
            self.num_features = t.shape[0]


_LAZY_NORM_DOC = """A :class:`{eager}` module with lazy initialization of the ``num_features`` argument.

    ``num_features`` is inferred from the channel dimension of the input at the first forward call.
    Until then ``weight``, ``bias``, ``running_mean`` and ``running_var`` are
    :class:`UninitializedParameter` / :class:`UninitializedBuffer` placeholders; the first call
    materialises and initialises them, and the module becomes a :class:`{eager}`.

    Args:
        eps (float, optional): a value added to the denominator for numerical stability. Default: ``1e-5``.
        momentum (float, optional): the value used for the running_mean and running_var computation;
            ``None`` for a cumulative moving average. Default: 0.1.
        affine (bool, optional): when ``True``, the module has learnable affine parameters.
            Default: ``{affine}``.
        track_running_stats (bool, optional): when ``True``, the module tracks the running mean and
            variance. Default: ``{track}``.
        device (optional): accepted for PyTorch compatibility; glassnet runs on the CPU.
        dtype (glassnet.dtype, optional): dtype of the parameters. Default: ``None`` (float32).
        bias (bool, optional): keyword only; when ``False`` only the scale is learned. Default: ``True``.

    Example:
        >>> m = nn.{name}({ctor})
        >>> m(glassnet.randn({inp})).shape
        glassnet.Size([{inp}])
        >>> type(m).__name__, m.weight.shape
        ('{eager}', glassnet.Size([4]))
    """


def _lazy_norm(name: str, eager: type, doc: str, instance: bool) -> type:
    def __init__(self: Any, eps: float = 1e-5, momentum: float | None = 0.1, affine: bool = True,
                 track_running_stats: bool = True, device: Any = None, dtype: Any = None, *,
                 bias: bool = True) -> None:
        eager.__init__(self, 0, eps, momentum, False, False, device, dtype, bias=False)
        self._initialize_hook = self.register_forward_pre_hook(_infer_parameters)
        self._replace_with_placeholders(affine, track_running_stats, dtype, bias)

    attrs: dict = {"__init__": __init__, "cls_to_become": eager, "__doc__": doc}
    if instance:  # an unbatched instance-norm input has its channels first
        attrs["_channel_dim"] = lambda self, input: 0 if input.ndim == self._expected_dims[0] else 1
    __init__.__doc__ = f"Like {eager.__name__}, without num_features."
    return type(name, (_LazyNormMixin, eager), attrs)


LazyBatchNorm1d = _lazy_norm("LazyBatchNorm1d", BatchNorm1d, _LAZY_NORM_DOC.format(
    name='LazyBatchNorm1d',
    eager='BatchNorm1d',
    inp='2, 4, 10',
    ctor='',
    affine='True',
    track='True'
), False)
LazyBatchNorm2d = _lazy_norm("LazyBatchNorm2d", BatchNorm2d, _LAZY_NORM_DOC.format(
    name='LazyBatchNorm2d',
    eager='BatchNorm2d',
    inp='2, 4, 5, 5',
    ctor='',
    affine='True',
    track='True'
), False)
LazyBatchNorm3d = _lazy_norm("LazyBatchNorm3d", BatchNorm3d, _LAZY_NORM_DOC.format(
    name='LazyBatchNorm3d',
    eager='BatchNorm3d',
    inp='2, 4, 3, 3, 3',
    ctor='',
    affine='True',
    track='True'
), False)
LazyInstanceNorm1d = _lazy_norm("LazyInstanceNorm1d", InstanceNorm1d, _LAZY_NORM_DOC.format(
    name='LazyInstanceNorm1d',
    eager='InstanceNorm1d',
    inp='2, 4, 10',
    ctor='',
    affine='True',
    track='True'
), True)
LazyInstanceNorm2d = _lazy_norm("LazyInstanceNorm2d", InstanceNorm2d, _LAZY_NORM_DOC.format(
    name='LazyInstanceNorm2d',
    eager='InstanceNorm2d',
    inp='2, 4, 5, 5',
    ctor='',
    affine='True',
    track='True'
), True)
LazyInstanceNorm3d = _lazy_norm("LazyInstanceNorm3d", InstanceNorm3d, _LAZY_NORM_DOC.format(
    name='LazyInstanceNorm3d',
    eager='InstanceNorm3d',
    inp='2, 4, 3, 3, 3',
    ctor='',
    affine='True',
    track='True'
), True)
