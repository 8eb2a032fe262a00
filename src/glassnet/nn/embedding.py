"""Embedding: a lookup table of learned vectors, one row per token id (PyTorch names and init)."""

from __future__ import annotations

from typing import Any

from .. import creation
from ..autograd.grad_mode import no_grad
from ..backend import array_module
from ..ops.embedding import Embedding as _EmbeddingOp
from ..tensor import Tensor
from . import init
from .module import Module
from .parameter import Parameter


def _index_array(input: Any, num: int, who: str) -> Any:  # noqa: A002
    idx = input._data if isinstance(input, Tensor) else array_module(input).asarray(input)
    if idx.dtype.kind not in "iu":
        raise TypeError(f"{who}: indices must be an integer tensor (Long or Int), got dtype {idx.dtype}")
    if idx.size and (idx.min() < 0 or idx.max() >= num):
        raise IndexError(
            f"{who}: index out of range in self: indices span [{int(idx.min())}, {int(idx.max())}] but the "
            f"table has {num} rows (input shape {tuple(idx.shape)})"
        )
    return idx


def _renorm_(weight: Tensor, idx: Any, max_norm: float, norm_type: float) -> None:
    """Rescale, in place, the referenced rows whose norm exceeds max_norm (as torch.embedding_renorm_)."""
    xp = array_module(weight._data)
    rows = xp.unique(idx)
    w = weight._data
    norms = (xp.abs(w[rows]) ** norm_type).sum(1) ** (1.0 / norm_type)
    scale = xp.where(norms > max_norm, max_norm / (norms + 1e-7), 1.0).astype(w.dtype)
    with no_grad():
        w[rows] *= scale[:, None]
        weight._version += 1


def embedding(input: Tensor, weight: Tensor, padding_idx: int | None = None,  # noqa: A002
              max_norm: float | None = None, norm_type: float = 2.0, scale_grad_by_freq: bool = False,
              sparse: bool = False) -> Tensor:
    """Generate a simple lookup table that looks up embeddings in a fixed dictionary and size.

    Retrieves the rows of ``weight`` at the integer indices of ``input``. See
    :class:`~glassnet.nn.Embedding`.

    Args:
        input (Tensor): an integer tensor containing indices into the embedding matrix.
        weight (Tensor): the embedding matrix, with as many rows as the maximum possible index + 1 and
            as many columns as the embedding size.
        padding_idx (int, optional): if specified, the entries at ``padding_idx`` do not contribute to the
            gradient, so that row is not updated during training (a fixed "pad"). Default: ``None``.
        max_norm (float, optional): if given, each embedding vector looked up with norm larger than
            ``max_norm`` is renormalized in place (in ``weight``) to norm ``max_norm``. Default: ``None``.
        norm_type (float, optional): the p of the p-norm to compute for the ``max_norm`` option. Default: ``2``.
        scale_grad_by_freq (bool, optional): if given, this will scale gradients by the inverse of
            frequency of the words in the mini-batch. Default: ``False``.
        sparse (bool, optional): accepted for PyTorch compatibility; glassnet's gradients are always dense.
            Default: ``False``.

    Shape:
        - Input: ``(*)``, an integer tensor of arbitrary shape containing the indices to extract.
        - Weight: ``(V, embedding_dim)`` where ``V = maximum index + 1``.
        - Output: ``(*, embedding_dim)``.

    Example:
        >>> weight = glassnet.tensor([[0.0, 0.0], [1.0, 1.0], [2.0, 4.0]])
        >>> F.embedding(glassnet.tensor([[2, 1], [0, 2]]), weight)
        tensor([[[2., 4.],
                 [1., 1.]],
        <BLANKLINE>
                [[0., 0.],
                 [2., 4.]]])
    """
    if weight.ndim != 2:
        raise ValueError(
            f"embedding: weight must be 2-D (num_embeddings, embedding_dim), got {tuple(weight.shape)}"
        )
    idx = _index_array(input, weight.shape[0], "embedding")
    if padding_idx is not None and padding_idx < 0:
        padding_idx += weight.shape[0]
    if max_norm is not None:
        _renorm_(weight, idx, max_norm, norm_type)
    return _EmbeddingOp.apply(weight, idx, padding_idx=padding_idx, scale_grad_by_freq=scale_grad_by_freq)


class Embedding(Module):
    """A simple lookup table that stores embeddings of a fixed dictionary and size.

    Often used to store word embeddings and retrieve them using indices: the input is a tensor of
    indices, and the output the corresponding rows of the table.

    Args:
        num_embeddings (int): size of the dictionary of embeddings.
        embedding_dim (int): the size of each embedding vector.
        padding_idx (int, optional): if specified, the entries at ``padding_idx`` do not contribute to the
            gradient, so that row is not updated during training (a fixed "pad"). For a newly
            constructed Embedding the row is initialised to zeros. Default: ``None``.
        max_norm (float, optional): if given, each embedding vector looked up with norm larger than
            ``max_norm`` is renormalized in place (in ``weight``) to norm ``max_norm``. Default: ``None``.
        norm_type (float, optional): the p of the p-norm to compute for the ``max_norm`` option. Default: ``2``.
        scale_grad_by_freq (bool, optional): if given, this will scale gradients by the inverse of
            frequency of the words in the mini-batch. Default: ``False``.
        sparse (bool, optional): accepted for PyTorch compatibility; glassnet's gradients are always dense.
            Default: ``False``.
        _weight (Tensor, optional): a weight to use instead of a random one (used by
            :meth:`from_pretrained`). Default: ``None``.
        _freeze (bool, optional): create the weight with ``requires_grad=False``. Default: ``False``.
        device (optional): accepted for PyTorch compatibility; glassnet runs on the CPU.
        dtype (glassnet.dtype, optional): dtype of the weight. Default: ``None`` (float32).

    Shape:
        - Input: ``(*)``, an integer tensor of arbitrary shape containing the indices to extract.
        - Output: ``(*, H)``, where ``*`` is the input shape and ``H = embedding_dim``.

    Attributes:
        weight (Tensor): the learnable weights of the module of shape ``(num_embeddings, embedding_dim)``,
            initialized from ``N(0, 1)``.

    Example:
        >>> embedding = nn.Embedding(10, 3)
        >>> input = glassnet.tensor([[1, 2, 4, 5], [4, 3, 2, 9]])
        >>> embedding(input).shape
        glassnet.Size([2, 4, 3])
        >>> embedding = nn.Embedding(10, 3, padding_idx=0)
        >>> embedding(glassnet.tensor([0, 2]))[0]
        tensor([0., 0., 0.], grad_fn=<SelectBackward0>)
    """

    def __init__(self, num_embeddings: int, embedding_dim: int, padding_idx: int | None = None,
                 max_norm: float | None = None, norm_type: float = 2.0, scale_grad_by_freq: bool = False,
                 sparse: bool = False, _weight: Tensor | None = None, _freeze: bool = False,
                 device: Any = None, dtype: Any = None) -> None:
        super().__init__()
        if padding_idx is not None:
            if not -num_embeddings <= padding_idx < num_embeddings:
                raise AssertionError(
                    f"Embedding: padding_idx must be within num_embeddings ({num_embeddings}), "
                    f"got {padding_idx}"
                )
            if padding_idx < 0:
                padding_idx += num_embeddings
        self.num_embeddings, self.embedding_dim, self.padding_idx = num_embeddings, embedding_dim, padding_idx
        self.max_norm, self.norm_type = max_norm, norm_type
        self.scale_grad_by_freq, self.sparse = scale_grad_by_freq, sparse
        if _weight is None:
            self.weight = Parameter(creation.empty(num_embeddings, embedding_dim, dtype=dtype),
                                    requires_grad=not _freeze)
            self.reset_parameters()
        else:
            if tuple(_weight.shape) != (num_embeddings, embedding_dim):
                raise AssertionError(
                    f"Embedding: _weight has shape {tuple(_weight.shape)}, expected "
                    f"{(num_embeddings, embedding_dim)}"
                )
            self.weight = Parameter(_weight, requires_grad=not _freeze)

    def reset_parameters(self) -> None:
        """Weights ~ N(0, 1), padding row zeroed, as PyTorch."""
        init.normal_(self.weight)
        if self.padding_idx is not None:
            with no_grad():
                self.weight._data[self.padding_idx] = 0

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        """Look up the embeddings of integer ids: (*) -> (*, embedding_dim)."""
        return embedding(input, self.weight, self.padding_idx, self.max_norm, self.norm_type,
                         self.scale_grad_by_freq, self.sparse)

    @classmethod
    def from_pretrained(cls, embeddings: Any, freeze: bool = True, padding_idx: int | None = None,
                        max_norm: float | None = None, norm_type: float = 2.0,
                        scale_grad_by_freq: bool = False, sparse: bool = False) -> Embedding:
        """Create an Embedding instance from a given 2-dimensional tensor.

        Args:
            embeddings (Tensor): a ``(num_embeddings, embedding_dim)`` tensor holding the weights.
            freeze (bool, optional): if ``True``, the tensor does not get updated in the learning process
                (``weight.requires_grad = False``). Default: ``True``.
            padding_idx (int, optional): see the class docstring. Default: ``None``.
            max_norm (float, optional): see the class docstring. Default: ``None``.
            norm_type (float, optional): the p of the p-norm to compute for the ``max_norm`` option. Default: ``2``.
            scale_grad_by_freq (bool, optional): if given, this will scale gradients by the inverse of
                frequency of the words in the mini-batch. Default: ``False``.
            sparse (bool, optional): accepted for PyTorch compatibility; glassnet's gradients are always dense.
                Default: ``False``.

        Returns:
            Embedding: the new module.

        Example:
            >>> weight = glassnet.tensor([[1.0, 2.3, 3.0], [4.0, 5.1, 6.3]])
            >>> embedding = nn.Embedding.from_pretrained(weight)
            >>> embedding(glassnet.tensor([1]))
            tensor([[4.0000, 5.1000, 6.3000]])
        """
        w = embeddings if isinstance(embeddings, Tensor) else Tensor(embeddings)
        if w.ndim != 2:
            raise ValueError(f"Embedding.from_pretrained: embeddings must be 2-D, got {tuple(w.shape)}")
        return cls(w.shape[0], w.shape[1], padding_idx, max_norm, norm_type, scale_grad_by_freq, sparse,
                   _weight=Tensor(w._data), _freeze=freeze)

    def extra_repr(self) -> str:
        s = f"{self.num_embeddings}, {self.embedding_dim}"
        if self.padding_idx is not None:
            s += f", padding_idx={self.padding_idx}"
        if self.max_norm is not None:
            s += f", max_norm={self.max_norm}"
        if self.scale_grad_by_freq:
            s += ", scale_grad_by_freq=True"
        return s
