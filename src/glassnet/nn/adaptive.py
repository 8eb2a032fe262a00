"""AdaptiveLogSoftmaxWithLoss: Grave et al.'s efficient softmax for large vocabularies (PyTorch's layout).

Frequent classes (below ``cutoffs[0]``) live in a *head* softmax together with one entry per
*cluster* of rarer classes; each cluster has its own small softmax behind a low-rank projection
(``in_features // div_value**(i+1)`` wide). log p(class) = log p_head(cluster) + log p_cluster(class),
and a sample only runs the tail of the cluster its target is in.
"""

from __future__ import annotations

from collections import namedtuple
from typing import Any

from .. import creation
from ..tensor import Tensor
from .activation_functional import log_softmax
from .container import ModuleList, Sequential
from .linear import Linear
from .module import Module

_ASMoutput = namedtuple("_ASMoutput", ["output", "loss"])


class AdaptiveLogSoftmaxWithLoss(Module):
    """Efficient softmax approximation for a large number of classes.

    As described in "Efficient softmax approximation for GPUs" by Grave et al.

    The classes are split by ``cutoffs`` into a head (the most frequent ones, plus one token per
    cluster) and tail clusters, whose projections shrink by ``div_value`` per cluster. The forward call
    ``asm(input, target)`` returns a named tuple ``(output, loss)``: the log-probability of each target
    and the mean negative log-likelihood. ``log_prob(input)`` gives the full log-probability matrix and
    ``predict(input)`` the most likely class.

    Args:
        in_features (int): number of features in the input tensor.
        n_classes (int): number of classes in the dataset.
        cutoffs (Sequence): increasing integer cutoffs used to assign targets to their buckets, each in
            ``[1, n_classes - 1]``.
        div_value (float, optional): value used as an exponent to compute sizes of the clusters. Default: 4.0.
        head_bias (bool, optional): if ``True``, adds a bias term to the head. Default: ``False``.
        device (optional): accepted for PyTorch compatibility; glassnet runs on the CPU.
        dtype (glassnet.dtype, optional): dtype of the parameters. Default: ``None`` (float32).

    Shape:
        - input: ``(N, in_features)`` or ``(in_features)``
        - target: ``(N)`` or ``()`` where each value satisfies ``0 <= target[i] <= n_classes - 1``
        - output1 (output): ``(N)`` or ``()``
        - output2 (loss): ``()``

    Example:
        >>> asm = nn.AdaptiveLogSoftmaxWithLoss(16, 20, cutoffs=[5, 10])
        >>> out = asm(glassnet.randn(4, 16), glassnet.tensor([0, 6, 12, 19]))
        >>> out.output.shape, out.loss.shape
        (glassnet.Size([4]), glassnet.Size([]))
        >>> asm.log_prob(glassnet.randn(4, 16)).exp().sum(1)
        tensor([1.0000, 1.0000, 1.0000, 1.0000], grad_fn=<SumBackward1>)
    """

    def __init__(self, in_features: int, n_classes: int, cutoffs: Any, div_value: float = 4.0,
                 head_bias: bool = False, device: Any = None, dtype: Any = None) -> None:
        super().__init__()
        cutoffs = list(cutoffs)
        if len(cutoffs) == 0:
            raise ValueError("cutoffs should be a sequence of length larger than 0")
        if (cutoffs != sorted(cutoffs) or min(cutoffs) <= 0 or max(cutoffs) > n_classes - 1
                or len(set(cutoffs)) != len(cutoffs) or any(int(c) != c for c in cutoffs)):
            raise ValueError("cutoffs should be a sequence of unique, positive integers sorted in an increasing "
                             "order, where each value is between 1 and n_classes-1")
        self.in_features, self.n_classes = in_features, n_classes
        self.cutoffs = cutoffs + [n_classes]
        self.div_value, self.head_bias = div_value, head_bias
        self.shortlist_size = self.cutoffs[0]
        self.n_clusters = len(self.cutoffs) - 1
        self.head_size = self.shortlist_size + self.n_clusters
        self.head = Linear(in_features, self.head_size, bias=head_bias, dtype=dtype)
        self.tail = ModuleList()
        for i in range(self.n_clusters):
            hsz = int(in_features // (div_value ** (i + 1)))
            osz = self.cutoffs[i + 1] - self.cutoffs[i]
            self.tail.append(Sequential(Linear(in_features, hsz, bias=False, dtype=dtype),
                                        Linear(hsz, osz, bias=False, dtype=dtype)))

    def reset_parameters(self) -> None:
        """Re-initialise the head and every tail projection like Linear."""
        self.head.reset_parameters()
        for projection in self.tail:
            for layer in projection:
                layer.reset_parameters()

    def forward(self, input_: Tensor, target_: Any) -> _ASMoutput:
        """(log-probability of each target (N,), mean negative log-likelihood) for input (N, in) or (in,)."""
        target = target_ if isinstance(target_, Tensor) else Tensor(target_)
        if target.ndim == 1:
            if input_.shape[0] != target.shape[0]:
                raise RuntimeError(f"AdaptiveLogSoftmaxWithLoss: input and target should have the same size in the "
                                   f"batch dimension, got {tuple(input_.shape)} and {tuple(target.shape)}")
            if input_.ndim != 2:
                raise RuntimeError(f"AdaptiveLogSoftmaxWithLoss: 1D target tensor expects 2D input tensors, but "
                                   f"found inputs with size {tuple(input_.shape)}")
        elif target.ndim == 0:
            if input_.ndim != 1:
                raise RuntimeError(f"AdaptiveLogSoftmaxWithLoss: 0D target tensor expects 1D input tensors, but "
                                   f"found inputs with size {tuple(input_.shape)}")
        else:
            raise RuntimeError("AdaptiveLogSoftmaxWithLoss: 0D or 1D target tensor expected, multi-target not "
                               "supported")
        batched = target.ndim > 0
        x = input_ if batched else input_.unsqueeze(0)
        t = target._data.reshape(-1)
        xp = x.xp
        n = t.shape[0]
        if n and (t.min() < 0 or t.max() >= self.n_classes):
            raise RuntimeError(f"AdaptiveLogSoftmaxWithLoss: Target values should be in [0, {self.n_classes - 1}], "
                               f"but values in range [{int(t.min())}, {int(t.max())}] were found.")
        head_index = t.copy()  # the head entry each row reads: its class, or its cluster's token
        output = creation.zeros(n, dtype=x.dtype)
        for i in range(self.n_clusters):
            lo, hi = self.cutoffs[i], self.cutoffs[i + 1]
            rows = xp.nonzero((t >= lo) & (t < hi))[0]
            if rows.size == 0:
                continue
            head_index[rows] = self.shortlist_size + i
            cluster = log_softmax(self.tail[i](x.index_select(0, Tensor(rows))), 1)
            local = cluster.gather(1, Tensor((t[rows] - lo)[:, None])).squeeze(1)
            output = output.scatter_add(0, Tensor(rows), local)
        head = log_softmax(self.head(x), 1)
        output = output + head.gather(1, Tensor(head_index[:, None])).squeeze(1)
        loss = (-output).mean()
        return _ASMoutput(output if batched else output.squeeze(0), loss)

    def _full_log_prob(self, x: Tensor) -> Tensor:
        from ..functions import cat

        head = log_softmax(self.head(x), 1)
        parts = [head[:, : self.shortlist_size]]
        for i in range(self.n_clusters):
            cluster = log_softmax(self.tail[i](x), 1)
            parts.append(cluster + head[:, self.shortlist_size + i].unsqueeze(1))
        return cat(parts, 1)

    def log_prob(self, input: Tensor) -> Tensor:  # noqa: A002
        """Compute log probabilities for all ``n_classes``.

        Args:
            input (Tensor): a minibatch of examples, ``(N, in_features)``.

        Returns:
            Tensor: log-probabilities of shape ``(N, n_classes)``.

        Example:
            >>> asm = nn.AdaptiveLogSoftmaxWithLoss(8, 6, cutoffs=[3])
            >>> asm.log_prob(glassnet.randn(2, 8)).shape
            glassnet.Size([2, 6])
        """
        if input.ndim == 1:
            return self._full_log_prob(input.unsqueeze(0)).squeeze(0)
        return self._full_log_prob(input)

    def predict(self, input: Tensor) -> Tensor:  # noqa: A002
        """Return the class with the highest probability for each example in the input minibatch.

        Args:
            input (Tensor): a minibatch of examples, ``(N, in_features)``.

        Returns:
            Tensor: a class for each example, of shape ``(N)``.

        Example:
            >>> asm = nn.AdaptiveLogSoftmaxWithLoss(8, 6, cutoffs=[3])
            >>> asm.predict(glassnet.randn(2, 8)).shape
            glassnet.Size([2])
        """
        return self.log_prob(input).argmax(-1)
