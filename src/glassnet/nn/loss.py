"""Loss layers: Modules over the functional forms in ``glassnet/nn/loss_functional.py``
(which apply the fused loss ops of ``glassnet/ops/loss.py``).

As in PyTorch, class weights (and BCEWithLogits' pos_weight) are registered as buffers, so they
travel with ``state_dict()`` and ``to(dtype)``.
"""

from __future__ import annotations

from typing import Any

from ..tensor import Tensor
from . import loss_functional
from .module import Module


class _Loss(Module):
    def __init__(self, size_average: Any = None, reduce: Any = None, reduction: str = "mean") -> None:
        super().__init__()
        self.reduction = loss_functional._legacy_reduction(size_average, reduce, reduction)

    def extra_repr(self) -> str:
        return "" if self.reduction == "mean" else f"reduction={self.reduction!r}"


class _WeightedLoss(_Loss):
    def __init__(self, weight: Tensor | None = None, size_average: Any = None, reduce: Any = None,
                 reduction: str = "mean") -> None:
        super().__init__(size_average, reduce, reduction)
        self.register_buffer("weight", _as_tensor(weight))


def _as_tensor(x: Any) -> Tensor | None:
    if x is None or isinstance(x, Tensor):
        return x
    return Tensor(x)


class MSELoss(_Loss):
    """Creates a criterion that measures the mean squared error (squared L2 norm) between each element
    in the input ``x`` and target ``y``.

    The unreduced loss is ``l_n = (x_n - y_n)^2``; ``'mean'`` averages it over all elements and
    ``'sum'`` adds it up.

    Args:
        size_average (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduce (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduction (str, optional): the reduction applied to the output: ``'none'`` | ``'mean'`` |
            ``'sum'``. Default: ``'mean'``.

    Shape:
        - Input: ``(*)``, where ``*`` means any number of dimensions.
        - Target: ``(*)``, same shape as the input.
        - Output: scalar. If ``reduction`` is ``'none'``, then ``(*)``, same shape as the input.

    Example:
        >>> loss = nn.MSELoss()
        >>> input = glassnet.tensor([[0.5, 2.0], [-1.0, 3.0]])
        >>> target = glassnet.tensor([[1.0, 2.0], [0.0, 0.0]])
        >>> loss(input, target)
        tensor(2.5625)
        >>> nn.MSELoss(reduction="none")(input, target)
        tensor([[0.2500, 0.0000],
                [1.0000, 9.0000]])
    """

    def forward(self, input: Tensor, target: Tensor) -> Tensor:  # noqa: A002
        """Loss between prediction and target."""
        return loss_functional.mse_loss(input, target, reduction=self.reduction)


class L1Loss(_Loss):
    """Creates a criterion that measures the mean absolute error (MAE) between each element in the
    input ``x`` and target ``y``.

    The unreduced loss is ``l_n = |x_n - y_n|``.

    Args:
        size_average (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduce (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduction (str, optional): the reduction applied to the output: ``'none'`` | ``'mean'`` |
            ``'sum'``. Default: ``'mean'``.

    Shape:
        - Input: ``(*)``, where ``*`` means any number of dimensions.
        - Target: ``(*)``, same shape as the input.
        - Output: scalar. If ``reduction`` is ``'none'``, then ``(*)``, same shape as the input.

    Example:
        >>> loss = nn.L1Loss()
        >>> input = glassnet.tensor([[0.5, 2.0], [-1.0, 3.0]])
        >>> target = glassnet.tensor([[1.0, 2.0], [0.0, 0.0]])
        >>> loss(input, target)
        tensor(1.1250)
    """

    def forward(self, input: Tensor, target: Tensor) -> Tensor:  # noqa: A002
        """Loss between prediction and target."""
        return loss_functional.l1_loss(input, target, reduction=self.reduction)


class SmoothL1Loss(_Loss):
    """Creates a criterion that uses a squared term if the absolute element-wise error falls below
    ``beta`` and an L1 term otherwise.

    ``l_n = 0.5 * (x_n - y_n)^2 / beta`` if ``|x_n - y_n| < beta``, else ``|x_n - y_n| - 0.5 * beta``.
    It is less sensitive to outliers than :class:`MSELoss`; with ``beta = 0`` it equals
    :class:`L1Loss`. See also :class:`HuberLoss` (``HuberLoss(delta) = delta * SmoothL1Loss(beta=delta)``).

    Args:
        size_average (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduce (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduction (str, optional): the reduction applied to the output: ``'none'`` | ``'mean'`` |
            ``'sum'``. Default: ``'mean'``.
        beta (float, optional): the threshold at which to change between L1 and L2 loss; must be
            non-negative. Default: 1.0.

    Shape:
        - Input: ``(*)``, where ``*`` means any number of dimensions.
        - Target: ``(*)``, same shape as the input.
        - Output: scalar. If ``reduction`` is ``'none'``, then ``(*)``, same shape as the input.

    Example:
        >>> loss = nn.SmoothL1Loss()
        >>> input = glassnet.tensor([[0.5, 2.0], [-1.0, 3.0]])
        >>> target = glassnet.tensor([[1.0, 2.0], [0.0, 0.0]])
        >>> loss(input, target)
        tensor(0.7812)
    """

    def __init__(self, size_average: Any = None, reduce: Any = None, reduction: str = "mean",
                 beta: float = 1.0) -> None:
        super().__init__(size_average, reduce, reduction)
        self.beta = beta

    def forward(self, input: Tensor, target: Tensor) -> Tensor:  # noqa: A002
        """Loss between prediction and target."""
        return loss_functional.smooth_l1_loss(input, target, reduction=self.reduction, beta=self.beta)


class HuberLoss(_Loss):
    """Creates a criterion that uses a squared term if the absolute element-wise error falls below
    ``delta`` and a delta-scaled L1 term otherwise.

    ``l_n = 0.5 * (x_n - y_n)^2`` if ``|x_n - y_n| < delta``, else
    ``delta * (|x_n - y_n| - 0.5 * delta)``.

    Args:
        reduction (str, optional): the reduction applied to the output: ``'none'`` | ``'mean'`` |
            ``'sum'``. Default: ``'mean'``.
        delta (float, optional): the threshold at which to change between the delta-scaled L1 and L2
            loss; must be positive. Default: 1.0.

    Shape:
        - Input: ``(*)``, where ``*`` means any number of dimensions.
        - Target: ``(*)``, same shape as the input.
        - Output: scalar. If ``reduction`` is ``'none'``, then ``(*)``, same shape as the input.

    Example:
        >>> loss = nn.HuberLoss(delta=1.0)
        >>> input = glassnet.tensor([[0.5, 2.0], [-1.0, 3.0]])
        >>> target = glassnet.tensor([[1.0, 2.0], [0.0, 0.0]])
        >>> loss(input, target)
        tensor(0.7812)
    """

    def __init__(self, reduction: str = "mean", delta: float = 1.0) -> None:
        super().__init__(reduction=reduction)
        self.delta = delta

    def forward(self, input: Tensor, target: Tensor) -> Tensor:  # noqa: A002
        """Loss between prediction and target."""
        return loss_functional.huber_loss(input, target, reduction=self.reduction, delta=self.delta)


class CrossEntropyLoss(_WeightedLoss):
    """Computes the cross entropy loss between input logits and target.

    Useful to train a classification problem with ``C`` classes. The input holds unnormalized
    logits (no softmax before it: the loss applies ``log_softmax`` itself). The target holds either
    class indices in ``[0, C)`` or class probabilities (same shape as the input). For class indices
    the unreduced loss is

        ``l_n = -w[y_n] * log(exp(x[n, y_n]) / sum_c exp(x[n, c]))``

    and ``'mean'`` divides the sum by the total weight of the non-ignored targets.

    Args:
        weight (Tensor, optional): a manual rescaling weight given to each class; a 1-D tensor of size
            ``C``. Default: ``None``.
        size_average (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        ignore_index (int, optional): a target value that is ignored and does not contribute to the
            gradient. Default: -100.
        reduce (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduction (str, optional): the reduction applied to the output: ``'none'`` | ``'mean'`` |
            ``'sum'``. Default: ``'mean'``.
        label_smoothing (float, optional): in ``[0.0, 1.0]``; the amount of smoothing: the target becomes
            a mixture of the original one and a uniform distribution. Default: ``0.0``.

    Shape:
        - Input: ``(C)``, ``(N, C)`` or ``(N, C, d_1, ..., d_K)`` for K-dimensional loss.
        - Target: class indices of shape ``()``, ``(N)`` or ``(N, d_1, ..., d_K)`` (int64), or class
          probabilities of the same shape as the input.
        - Output: scalar. If ``reduction`` is ``'none'``, the shape of the class-index target.

    Example:
        >>> loss = nn.CrossEntropyLoss()
        >>> logits = glassnet.tensor([[2.0, 0.5, -1.0], [0.1, 0.2, 3.0]])
        >>> loss(logits, glassnet.tensor([0, 2]))
        tensor(0.1755)
        >>> loss(logits, glassnet.tensor([[0.9, 0.1, 0.0], [0.0, 0.0, 1.0]]))
        tensor(0.2505)
        >>> nn.CrossEntropyLoss(reduction="none", label_smoothing=0.1)(logits, glassnet.tensor([0, 2]))
        tensor([0.3913, 0.2996])
    """

    def __init__(self, weight: Tensor | None = None, size_average: Any = None, ignore_index: int = -100,
                 reduce: Any = None, reduction: str = "mean", label_smoothing: float = 0.0) -> None:
        super().__init__(weight, size_average, reduce, reduction)
        self.ignore_index, self.label_smoothing = ignore_index, label_smoothing

    def forward(self, input: Tensor, target: Tensor) -> Tensor:  # noqa: A002
        """Loss of logits (N, C, d1..) against targets."""
        return loss_functional.cross_entropy(input, target, self.weight, ignore_index=self.ignore_index,
                                             reduction=self.reduction, label_smoothing=self.label_smoothing)


class NLLLoss(_WeightedLoss):
    """The negative log likelihood loss, for a classification problem with ``C`` classes.

    The input holds log-probabilities of each class (e.g. the output of :class:`LogSoftmax`); the
    target holds class indices in ``[0, C)``. The unreduced loss is ``l_n = -w[y_n] * x[n, y_n]``
    and ``'mean'`` divides the sum by the total weight of the non-ignored targets.
    ``LogSoftmax`` followed by ``NLLLoss`` is :class:`CrossEntropyLoss`.

    Args:
        weight (Tensor, optional): a manual rescaling weight given to each class; a 1-D tensor of size
            ``C``. Default: ``None``.
        size_average (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        ignore_index (int, optional): a target value that is ignored and does not contribute to the
            gradient. Default: -100.
        reduce (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduction (str, optional): the reduction applied to the output: ``'none'`` | ``'mean'`` |
            ``'sum'``. Default: ``'mean'``.

    Shape:
        - Input: ``(C)``, ``(N, C)`` or ``(N, C, d_1, ..., d_K)``.
        - Target: ``()``, ``(N)`` or ``(N, d_1, ..., d_K)``, class indices (int64).
        - Output: scalar. If ``reduction`` is ``'none'``, the shape of the target.

    Example:
        >>> log_probs = F.log_softmax(glassnet.tensor([[2.0, 0.5, -1.0], [0.1, 0.2, 3.0]]), dim=1)
        >>> nn.NLLLoss()(log_probs, glassnet.tensor([0, 2]))
        tensor(0.1755)
        >>> nn.NLLLoss(weight=glassnet.tensor([1.0, 1.0, 0.5]))(log_probs, glassnet.tensor([0, 2]))
        tensor(0.1974)
    """

    def __init__(self, weight: Tensor | None = None, size_average: Any = None, ignore_index: int = -100,
                 reduce: Any = None, reduction: str = "mean") -> None:
        super().__init__(weight, size_average, reduce, reduction)
        self.ignore_index = ignore_index

    def forward(self, input: Tensor, target: Tensor) -> Tensor:  # noqa: A002
        """Loss of log-probabilities (N, C, d1..) against class indices."""
        return loss_functional.nll_loss(input, target, self.weight, ignore_index=self.ignore_index,
                                        reduction=self.reduction)


class BCELoss(_WeightedLoss):
    """Creates a criterion that measures the Binary Cross Entropy between the target and the input
    probabilities.

    ``l_n = -w_n * (y_n * log(x_n) + (1 - y_n) * log(1 - x_n))``, with the logarithms clamped to be
    ``>= -100`` (as in PyTorch) so the loss stays finite. The input must lie in ``[0, 1]`` (e.g. the
    output of a sigmoid); for logits use :class:`BCEWithLogitsLoss`, which is more stable.

    Args:
        weight (Tensor, optional): a manual rescaling weight given to the loss of each batch element;
            broadcast against the input. Default: ``None``.
        size_average (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduce (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduction (str, optional): the reduction applied to the output: ``'none'`` | ``'mean'`` |
            ``'sum'``. Default: ``'mean'``.

    Shape:
        - Input: ``(*)``, where ``*`` means any number of dimensions.
        - Target: ``(*)``, same shape as the input.
        - Output: scalar. If ``reduction`` is ``'none'``, then ``(*)``, same shape as the input.

    Example:
        >>> m = nn.Sigmoid()
        >>> loss = nn.BCELoss()
        >>> input = glassnet.tensor([0.8, -1.2, 0.3])
        >>> loss(m(input), glassnet.tensor([1.0, 0.0, 1.0]))
        tensor(0.3962)
    """

    def forward(self, input: Tensor, target: Tensor) -> Tensor:  # noqa: A002
        """Loss of probabilities against 0/1 (or soft) targets."""
        return loss_functional.binary_cross_entropy(input, target, self.weight, reduction=self.reduction)


class BCEWithLogitsLoss(_Loss):
    """This loss combines a ``Sigmoid`` layer and the ``BCELoss`` in one single class.

    It is more numerically stable than a plain ``Sigmoid`` followed by a ``BCELoss`` (it uses the
    log-sum-exp trick).
    ``l_n = -w_n * (p * y_n * log(sigmoid(x_n)) + (1 - y_n) * log(1 - sigmoid(x_n)))``
    where ``p`` is ``pos_weight`` (per class, broadcast along the last dimension).

    Args:
        weight (Tensor, optional): a manual rescaling weight given to the loss of each batch element;
            broadcast against the input. Default: ``None``.
        size_average (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduce (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduction (str, optional): the reduction applied to the output: ``'none'`` | ``'mean'`` |
            ``'sum'``. Default: ``'mean'``.
        pos_weight (Tensor, optional): a weight of positive examples, broadcast with the target; a
            tensor of size ``C`` for ``C`` classes along the last dimension. Default: ``None``.

    Shape:
        - Input: ``(*)``, where ``*`` means any number of dimensions.
        - Target: ``(*)``, same shape as the input.
        - Output: scalar. If ``reduction`` is ``'none'``, then ``(*)``, same shape as the input.

    Example:
        >>> loss = nn.BCEWithLogitsLoss()
        >>> logits = glassnet.tensor([0.8, -1.2, 0.3])
        >>> loss(logits, glassnet.tensor([1.0, 0.0, 1.0]))
        tensor(0.3962)
        >>> nn.BCEWithLogitsLoss(pos_weight=glassnet.tensor([2.0]))(logits, glassnet.tensor([1.0, 0.0, 1.0]))
        tensor(0.7047)
    """

    def __init__(self, weight: Tensor | None = None, size_average: Any = None, reduce: Any = None,
                 reduction: str = "mean", pos_weight: Tensor | None = None) -> None:
        super().__init__(size_average, reduce, reduction)
        self.register_buffer("weight", _as_tensor(weight))
        self.register_buffer("pos_weight", _as_tensor(pos_weight))

    def forward(self, input: Tensor, target: Tensor) -> Tensor:  # noqa: A002
        """Loss of logits against 0/1 (or soft) targets."""
        return loss_functional.binary_cross_entropy_with_logits(input, target, self.weight, reduction=self.reduction,
                                                                pos_weight=self.pos_weight)


class KLDivLoss(_Loss):
    """The Kullback-Leibler divergence loss.

    For an input ``x`` of log-probabilities and a target ``y`` of probabilities the pointwise loss is
    ``y * (log(y) - x)`` (``exp(y) * (y - x)`` with ``log_target=True``). ``reduction='batchmean'``
    divides the sum by the batch size and gives the true KL divergence; ``'mean'`` divides by the
    number of elements, as in PyTorch.

    Args:
        size_average (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduce (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduction (str, optional): ``'none'`` | ``'batchmean'`` | ``'sum'`` | ``'mean'``.
            Default: ``'mean'``.
        log_target (bool, optional): whether the target is given in log space. Default: ``False``.

    Shape:
        - Input: ``(*)``, where ``*`` means any number of dimensions.
        - Target: ``(*)``, same shape as the input.
        - Output: scalar. If ``reduction`` is ``'none'``, then ``(*)``, same shape as the input.

    Example:
        >>> kl = nn.KLDivLoss(reduction="batchmean")
        >>> input = F.log_softmax(glassnet.tensor([[1.0, 2.0, 3.0]]), dim=1)
        >>> target = glassnet.tensor([[0.2, 0.3, 0.5]])
        >>> kl(input, target)
        tensor(0.0780)
    """

    def __init__(self, size_average: Any = None, reduce: Any = None, reduction: str = "mean",
                 log_target: bool = False) -> None:
        super().__init__(size_average, reduce, reduction)
        self.log_target = log_target

    def forward(self, input: Tensor, target: Tensor) -> Tensor:  # noqa: A002
        """KL(target || exp(input))."""
        return loss_functional.kl_div(input, target, reduction=self.reduction, log_target=self.log_target)
