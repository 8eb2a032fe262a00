"""EmbeddingBag: sums, means or maxima of bags of embeddings, without materialising the per-token output.

The bags are given as a 2-D (B, N) input (B bags of N ids) or as a flat 1-D input cut by
``offsets``. Rows are looked up once (a differentiable gather); 'sum' and 'mean' are then one
matrix product with a (bags x tokens) weight matrix (1, the per-sample weight, or 1/bag size per
entry), and 'max' is a max over the rows of each bag laid out as a padded (B, L, D) block.
Entries equal to ``padding_idx`` take no part (and are not counted by 'mean'); an empty bag is zeros.
"""

from __future__ import annotations

from typing import Any

from .. import creation
from ..backend import array_module
from ..functions import cat, where
from ..ops.embedding import Embedding as _EmbeddingOp
from ..tensor import Tensor
from . import init
from .embedding import _index_array, _renorm_
from .module import Module
from .parameter import Parameter

_MODES = ("sum", "mean", "max")


def _bags(idx: Any, offsets: Any, include_last_offset: bool, xp: Any) -> tuple[Any, Any]:
    """Flat ids and, per flat position, the number of its bag; plus the bag count."""
    if idx.ndim == 2:
        b, n = idx.shape
        return idx.reshape(-1), xp.repeat(xp.arange(b), n), b
    starts = offsets.astype(xp.int64)
    if include_last_offset:
        ends, starts = starts[1:], starts[:-1]
    else:
        ends = xp.concatenate([starts[1:], xp.asarray([idx.shape[0]])])
    b = starts.shape[0]
    bag_of = xp.zeros(idx.shape[0], dtype=xp.int64)
    for i in range(b):  # one slice per bag, cheap next to the lookup
        bag_of[starts[i]:ends[i]] = i
    # positions before the first offset belong to no bag
    valid = xp.zeros(idx.shape[0], dtype=bool)
    for i in range(b):
        valid[starts[i]:ends[i]] = True
    return idx, xp.where(valid, bag_of, -1), b


def embedding_bag(input: Tensor, weight: Tensor, offsets: Tensor | None = None,  # noqa: A002
                  max_norm: float | None = None, norm_type: float = 2, scale_grad_by_freq: bool = False,
                  mode: str = "mean", sparse: bool = False, per_sample_weights: Tensor | None = None,
                  include_last_offset: bool = False, padding_idx: int | None = None) -> Tensor:
    """Compute sums, means or maxes of bags of embeddings.

    Without instantiating the intermediate per-token embeddings. See
    :class:`~glassnet.nn.EmbeddingBag`.

    Args:
        input (Tensor): bags of indices into ``weight``: a 2-D ``(B, N)`` tensor of ``B`` bags of fixed
            length ``N``, or a 1-D tensor of the concatenated bags, delimited by ``offsets``.
        weight (Tensor): the embedding matrix, of shape ``(num_embeddings, embedding_dim)``.
        offsets (Tensor, optional): only used when ``input`` is 1-D; the starting index position of
            each bag (sequence) in ``input``. Default: ``None``.
        max_norm (float, optional): renormalize looked-up rows with a larger norm. Default: ``None``.
        norm_type (float, optional): the p of the p-norm to compute for the ``max_norm`` option. Default: ``2``.
        scale_grad_by_freq (bool, optional): if given, this will scale gradients by the inverse of
            frequency of the words in the mini-batch. Default: ``False``.
        mode (str, optional): ``'sum'``, ``'mean'`` or ``'max'``: the way to reduce each bag.
            Default: ``'mean'``.
        sparse (bool, optional): accepted for PyTorch compatibility; glassnet's gradients are always dense.
            Default: ``False``.
        per_sample_weights (Tensor, optional): a tensor of float weights, of the same shape as ``input``;
            each looked-up row is scaled by its weight before summing (only with ``mode='sum'``).
            Default: ``None``.
        include_last_offset (bool, optional): if ``True``, ``offsets`` has one additional element, equal to
            the size of ``indices`` (CSR format). Default: ``False``.
        padding_idx (int, optional): entries at ``padding_idx`` do not contribute to the reduction nor to
            the gradient. Default: ``None``.

    Shape:
        - Output: ``(B, embedding_dim)``.

    Example:
        >>> weight = glassnet.tensor([[1.0, 1.0], [2.0, 0.0], [0.0, 3.0]])
        >>> F.embedding_bag(glassnet.tensor([0, 1, 2, 2]), weight, glassnet.tensor([0, 3]), mode="sum")
        tensor([[3., 4.],
                [0., 3.]])
    """
    op = "embedding_bag"
    if mode not in _MODES:
        raise ValueError(f"{op}: mode has to be one of sum, mean or max, got {mode!r}")
    if weight.ndim != 2:
        raise ValueError(f"{op}: weight has to be a 2D Tensor, but got Tensor of dimension {weight.ndim}")
    xp = array_module(weight._data)
    n_rows = weight.shape[0]
    raw = input._data if isinstance(input, Tensor) else xp.asarray(input)
    if raw.dtype.kind in "iu" and raw.size and (raw.min() < 0 or raw.max() >= n_rows):
        # PyTorch's embedding_bag reports the first bad index as a RuntimeError (F.embedding uses IndexError)
        at = int(xp.flatnonzero((raw < 0) | (raw >= n_rows))[0])
        raise RuntimeError(f"{op}: Index {at} of input takes value {int(raw.reshape(-1)[at])} which is not in the "
                           f"valid range [0, {n_rows})")
    idx = _index_array(input, n_rows, op)
    if idx.ndim == 2:
        if offsets is not None:
            raise ValueError(f"{op}: if input is 2D, then offsets has to be None, as input is treated is a "
                             f"mini-batch of fixed length sequences. However, found offsets of type {type(offsets)}")
        off = None
    elif idx.ndim == 1:
        if offsets is None:
            raise ValueError(f"{op}: offsets has to be a 1D Tensor but got None")
        off = offsets._data if isinstance(offsets, Tensor) else xp.asarray(offsets)
        if off.ndim != 1:
            raise ValueError(f"{op}: offsets has to be a 1D Tensor, got shape {tuple(off.shape)}")
        if off.size and off[0] != 0:
            raise RuntimeError(f"{op}: offsets[0] has to be 0, i.e., the first sequence in the mini-batch has to "
                               f"start from position 0. However, got {int(off[0])}")
        if off.size and off[-1] > idx.shape[0]:
            raise RuntimeError(f"{op}: offsets[-1] can not be greater than input's length {idx.shape[0]} but got "
                               f"offsets[-1] of {int(off[-1])}")
        if (xp.diff(off) < 0).any():
            raise RuntimeError(f"{op}: offsets must be non-decreasing, got {off.tolist()}")
    else:
        raise ValueError(f"{op}: input has to be 1D or 2D Tensor, but got Tensor of dimension {idx.ndim}")
    if per_sample_weights is not None:
        if mode != "sum":
            raise NotImplementedError(f"{op}: embedding_bag with per_sample_weights is only supported for "
                                      f"mode='sum' (got mode='{mode}'). Please open a feature request on GitHub.")
        if tuple(per_sample_weights.shape) != tuple(idx.shape):
            raise ValueError(f"{op}: per_sample_weights {tuple(per_sample_weights.shape)} must have the input's "
                             f"shape {tuple(idx.shape)}")
    if scale_grad_by_freq and mode == "max":
        raise ValueError("embedding_bag: max mode does not support scaling the gradient by the frequency")
    if padding_idx is not None and not -n_rows <= padding_idx < n_rows:
        raise RuntimeError(f"{op}: padding_idx must be within the number of embeddings, -{n_rows} through "
                           f"{n_rows - 1}, but got {padding_idx}")
    if padding_idx is not None and padding_idx < 0:
        padding_idx += n_rows
    if max_norm is not None:
        _renorm_(weight, idx, max_norm, norm_type)
    flat, bag_of, n_bags = _bags(idx, off, include_last_offset, xp)
    used = bag_of >= 0
    if padding_idx is not None:
        used &= flat != padding_idx
    # (tokens, D); with scale_grad_by_freq each row's gradient is divided by how often it occurs
    rows = _EmbeddingOp.apply(weight, flat, padding_idx=None, scale_grad_by_freq=bool(scale_grad_by_freq))
    dt = weight._data.dtype
    if mode in ("sum", "mean"):
        member = xp.zeros((n_bags, flat.shape[0]), dtype=dt)
        member[bag_of[used], xp.nonzero(used)[0]] = 1
        if mode == "mean":
            member /= xp.maximum(member.sum(1, keepdims=True), 1)
        m = Tensor(member)
        if per_sample_weights is not None:
            m = m * per_sample_weights.reshape(1, -1)
        return m @ rows
    # max: lay each bag out as a row of a padded (B, L, D) block; unused slots point at a -inf row
    counts = xp.bincount(bag_of[used], minlength=n_bags) if n_bags else xp.zeros(0, xp.int64)
    width = max(int(counts.max()) if n_bags else 0, 1)
    slots = xp.full((n_bags, width), flat.shape[0], dtype=xp.int64)
    pos = xp.nonzero(used)[0]
    rank = xp.arange(pos.shape[0]) - xp.searchsorted(bag_of[pos], bag_of[pos])  # position inside the bag
    slots[bag_of[pos], rank] = pos
    ext = cat([rows, creation.full((1, weight.shape[1]), -float("inf"), dtype=weight.dtype)], 0)
    best = ext[Tensor(slots)].max(1)[0]
    return where(Tensor((counts > 0)[:, None]), best, 0.0)


class EmbeddingBag(Module):
    """Compute sums or means of 'bags' of embeddings, without instantiating the intermediate embeddings.

    For bags of constant length, no ``per_sample_weights``, no indices equal to ``padding_idx`` and
    2-D inputs, ``mode='sum'`` is ``Embedding`` followed by ``sum(dim=1)``, ``'mean'`` by
    ``mean(dim=1)`` and ``'max'`` by ``max(dim=1)``, but is more memory-efficient. The forward call
    is ``bag(input, offsets=None, per_sample_weights=None)``.

    Args:
        num_embeddings (int): size of the dictionary of embeddings.
        embedding_dim (int): the size of each embedding vector.
        max_norm (float, optional): renormalize looked-up rows with a larger norm. Default: ``None``.
        norm_type (float, optional): the p of the p-norm to compute for the ``max_norm`` option. Default: ``2``.
        scale_grad_by_freq (bool, optional): if given, this will scale gradients by the inverse of
            frequency of the words in the mini-batch. Default: ``False``.
        mode (str, optional): ``'sum'``, ``'mean'`` or ``'max'``: the way to reduce each bag.
            Default: ``'mean'``.
        sparse (bool, optional): accepted for PyTorch compatibility; glassnet's gradients are always dense.
            Default: ``False``.
        _weight (Tensor, optional): a weight to use instead of a random one. Default: ``None``.
        include_last_offset (bool, optional): if ``True``, ``offsets`` has one additional element, equal to
            the size of ``indices`` (CSR format). Default: ``False``.
        padding_idx (int, optional): entries at ``padding_idx`` do not contribute to the reduction nor to
            the gradient. Default: ``None``.
        device (optional): accepted for PyTorch compatibility; glassnet runs on the CPU.
        dtype (glassnet.dtype, optional): dtype of the weight. Default: ``None`` (float32).

    Shape:
        - Input: ``(B, N)``, or 1-D ``(sum of bag lengths)`` together with ``offsets`` of shape ``(B)``.
        - Output: ``(B, embedding_dim)``.

    Attributes:
        weight (Tensor): the learnable weights of the module of shape ``(num_embeddings, embedding_dim)``,
            initialized from ``N(0, 1)``.

    Example:
        >>> embedding_sum = nn.EmbeddingBag(10, 3, mode="sum")
        >>> input = glassnet.tensor([1, 2, 4, 5, 4, 3, 2, 9])
        >>> offsets = glassnet.tensor([0, 4])
        >>> embedding_sum(input, offsets).shape
        glassnet.Size([2, 3])
    """

    def __init__(self, num_embeddings: int, embedding_dim: int, max_norm: float | None = None,
                 norm_type: float = 2.0, scale_grad_by_freq: bool = False, mode: str = "mean", sparse: bool = False,
                 _weight: Tensor | None = None, include_last_offset: bool = False, padding_idx: int | None = None,
                 device: Any = None, dtype: Any = None) -> None:
        super().__init__()
        if mode not in _MODES:
            raise ValueError(f"EmbeddingBag: mode has to be one of sum, mean or max, got {mode!r}")
        if padding_idx is not None:
            if not -num_embeddings <= padding_idx < num_embeddings:
                raise AssertionError("EmbeddingBag: padding_idx must be within num_embeddings")
            padding_idx = padding_idx % num_embeddings
        self.num_embeddings, self.embedding_dim = num_embeddings, embedding_dim
        self.max_norm, self.norm_type, self.scale_grad_by_freq = max_norm, norm_type, scale_grad_by_freq
        self.mode, self.sparse, self.include_last_offset, self.padding_idx = mode, sparse, include_last_offset, \
            padding_idx
        if _weight is None:
            self.weight = Parameter(creation.empty(num_embeddings, embedding_dim, dtype=dtype))
            self.reset_parameters()
        else:
            if tuple(_weight.shape) != (num_embeddings, embedding_dim):
                raise AssertionError("EmbeddingBag: shape of _weight does not match num_embeddings and embedding_dim")
            self.weight = Parameter(_weight)

    def reset_parameters(self) -> None:
        """N(0, 1) rows; the padding_idx row is zero."""
        init.normal_(self.weight)
        if self.padding_idx is not None:
            self.weight._data[self.padding_idx] = 0

    def forward(self, input: Tensor, offsets: Tensor | None = None,  # noqa: A002
                per_sample_weights: Tensor | None = None) -> Tensor:
        """Reduce each bag of ids to one embedding: (B, N) or 1-D ids with offsets -> (B, embedding_dim)."""
        return embedding_bag(input, self.weight, offsets, self.max_norm, self.norm_type, self.scale_grad_by_freq,
                             self.mode, self.sparse, per_sample_weights, self.include_last_offset, self.padding_idx)

    @classmethod
    def from_pretrained(cls, embeddings: Tensor, freeze: bool = True, max_norm: float | None = None,
                        norm_type: float = 2.0, scale_grad_by_freq: bool = False, mode: str = "mean",
                        sparse: bool = False, include_last_offset: bool = False,
                        padding_idx: int | None = None) -> EmbeddingBag:
        """Create an EmbeddingBag instance from a given 2-dimensional tensor.

        Args:
            embeddings (Tensor): a ``(num_embeddings, embedding_dim)`` tensor holding the weights.
            freeze (bool, optional): if ``True``, the tensor does not get updated in the learning process.
                Default: ``True``.
            max_norm (float, optional): see the class docstring. Default: ``None``.
            norm_type (float, optional): the p of the p-norm to compute for the ``max_norm`` option. Default: ``2``.
            scale_grad_by_freq (bool, optional): if given, this will scale gradients by the inverse of
                frequency of the words in the mini-batch. Default: ``False``.
            mode (str, optional): ``'sum'``, ``'mean'`` or ``'max'``: the way to reduce each bag.
                Default: ``'mean'``.
            sparse (bool, optional): accepted for PyTorch compatibility; glassnet's gradients are always dense.
                Default: ``False``.
            include_last_offset (bool, optional): if ``True``, ``offsets`` has one additional element, equal to
                the size of ``indices`` (CSR format). Default: ``False``.
            padding_idx (int, optional): entries at ``padding_idx`` do not contribute to the reduction nor to
                the gradient. Default: ``None``.

        Returns:
            EmbeddingBag: the new module.

        Example:
            >>> weight = glassnet.tensor([[1.0, 2.3, 3.0], [4.0, 5.1, 6.3]])
            >>> bag = nn.EmbeddingBag.from_pretrained(weight)
            >>> bag(glassnet.tensor([[1, 0]]))
            tensor([[2.5000, 3.7000, 4.6500]])
        """
        w = embeddings if isinstance(embeddings, Tensor) else Tensor(embeddings)
        if w.ndim != 2:
            raise ValueError(f"EmbeddingBag.from_pretrained: embeddings must be 2-D, got {tuple(w.shape)}")
        bag = cls(w.shape[0], w.shape[1], max_norm, norm_type, scale_grad_by_freq, mode, sparse, w,
                  include_last_offset, padding_idx)
        bag.weight.requires_grad = not freeze
        return bag

    def extra_repr(self) -> str:
        s = f"{self.num_embeddings}, {self.embedding_dim}"
        if self.max_norm is not None:
            s += f", max_norm={self.max_norm}"
        if self.norm_type != 2:
            s += f", norm_type={self.norm_type}"
        if self.scale_grad_by_freq:
            s += f", scale_grad_by_freq={self.scale_grad_by_freq}"
        s += f", mode='{self.mode}'"
        if self.padding_idx is not None:
            s += f", padding_idx={self.padding_idx}"
        return s
