"""Margin, ranking, embedding, likelihood and CTC loss layers over ``glassnet/nn/loss_extra_functional.py``."""

from __future__ import annotations

from typing import Any

from ..tensor import Tensor
from . import loss_extra_functional
from .loss import NLLLoss, _Loss, _WeightedLoss


class MarginRankingLoss(_Loss):
    """Creates a criterion that measures the loss given inputs ``x1``, ``x2`` and a label tensor ``y``
    of 1s and -1s.

    ``y = 1`` means ``x1`` should be ranked higher (larger) than ``x2``, ``y = -1`` the opposite.
    ``loss(x1, x2, y) = max(0, -y * (x1 - x2) + margin)``.

    Args:
        margin (float, optional): has a default value of 0. Default: ``0.0``.
        size_average (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduce (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduction (str, optional): the reduction applied to the output: ``'none'`` | ``'mean'`` |
            ``'sum'``. Default: ``'mean'``.

    Shape:
        - Input1: ``(N)`` or ``()``.
        - Input2: same shape as Input1.
        - Target: same shape as the inputs.
        - Output: scalar. If ``reduction`` is ``'none'`` and the input is not 0-d, then ``(N)``.

    Example:
        >>> loss = nn.MarginRankingLoss(margin=0.5)
        >>> x1, x2 = glassnet.tensor([1.0, 0.2, 3.0]), glassnet.tensor([0.8, 0.6, 1.0])
        >>> loss(x1, x2, glassnet.tensor([1.0, 1.0, -1.0]))
        tensor(1.2333)
    """

    def __init__(self, margin: float = 0.0, size_average: Any = None, reduce: Any = None,
                 reduction: str = "mean") -> None:
        super().__init__(size_average, reduce, reduction)
        self.margin = margin

    def forward(self, input1: Tensor, input2: Tensor, target: Tensor) -> Tensor:
        """Loss of ranking input1 against input2."""
        return loss_extra_functional.margin_ranking_loss(input1, input2, target, self.margin, reduction=self.reduction)


class HingeEmbeddingLoss(_Loss):
    """Measures the loss given an input tensor ``x`` and a labels tensor ``y`` (containing 1 or -1).

    Typically ``x`` is a distance between two inputs and ``y`` says whether they are similar (1) or
    dissimilar (-1): ``l_n = x_n`` if ``y_n = 1``, and ``max(0, margin - x_n)`` if ``y_n = -1``.

    Args:
        margin (float, optional): has a default value of 1. Default: ``1.0``.
        size_average (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduce (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduction (str, optional): the reduction applied to the output: ``'none'`` | ``'mean'`` |
            ``'sum'``. Default: ``'mean'``.

    Shape:
        - Input: ``(*)``, where ``*`` means any number of dimensions.
        - Target: ``(*)``, same shape as the input.
        - Output: scalar. If ``reduction`` is ``'none'``, then same shape as the input.

    Example:
        >>> loss = nn.HingeEmbeddingLoss(margin=1.0)
        >>> loss(glassnet.tensor([0.3, 0.4, 2.0]), glassnet.tensor([1.0, -1.0, -1.0]))
        tensor(0.3000)
    """

    def __init__(self, margin: float = 1.0, size_average: Any = None, reduce: Any = None,
                 reduction: str = "mean") -> None:
        super().__init__(size_average, reduce, reduction)
        self.margin = margin

    def forward(self, input: Tensor, target: Tensor) -> Tensor:  # noqa: A002
        """Hinge embedding loss."""
        return loss_extra_functional.hinge_embedding_loss(input, target, self.margin, reduction=self.reduction)


class SoftMarginLoss(_Loss):
    """Creates a criterion that optimizes a two-class classification logistic loss between input tensor
    ``x`` and target tensor ``y`` (containing 1 or -1).

    ``loss(x, y) = sum_i log(1 + exp(-y[i] * x[i])) / x.nelement()``.

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
        >>> loss = nn.SoftMarginLoss()
        >>> loss(glassnet.tensor([2.0, -1.0, 0.5]), glassnet.tensor([1.0, -1.0, -1.0]))
        tensor(0.4714)
    """

    def forward(self, input: Tensor, target: Tensor) -> Tensor:  # noqa: A002
        """Two-class soft margin loss."""
        return loss_extra_functional.soft_margin_loss(input, target, reduction=self.reduction)


class MultiLabelSoftMarginLoss(_WeightedLoss):
    """Creates a criterion that optimizes a multi-label one-versus-all loss based on max-entropy.

    For an input ``x`` of shape ``(N, C)`` and a target ``y`` of 0s and 1s of the same shape:
    ``loss(x, y) = -1/C * sum_i (y[i] * log(sigmoid(x[i])) + (1 - y[i]) * log(sigmoid(-x[i])))``
    (each class weighted by ``weight[i]`` if given).

    Args:
        weight (Tensor, optional): a manual rescaling weight given to each class; a 1-D tensor of size
            ``C``. Default: ``None``.
        size_average (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduce (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduction (str, optional): the reduction applied to the output: ``'none'`` | ``'mean'`` |
            ``'sum'``. Default: ``'mean'``.

    Shape:
        - Input: ``(N, C)`` where ``N`` is the batch size and ``C`` the number of classes.
        - Target: ``(N, C)``, label targets of 0s and 1s.
        - Output: scalar. If ``reduction`` is ``'none'``, then ``(N)``.

    Example:
        >>> loss = nn.MultiLabelSoftMarginLoss()
        >>> x = glassnet.tensor([[1.0, -2.0, 0.5], [0.0, 3.0, -1.0]])
        >>> loss(x, glassnet.tensor([[1.0, 0.0, 1.0], [0.0, 1.0, 0.0]]))
        tensor(0.3282)
    """

    def forward(self, input: Tensor, target: Tensor) -> Tensor:  # noqa: A002
        """Multi-label one-versus-all loss."""
        return loss_extra_functional.multilabel_soft_margin_loss(input, target, self.weight, reduction=self.reduction)


class MultiLabelMarginLoss(_Loss):
    """Creates a criterion that optimizes a multi-class multi-classification hinge loss.

    The target holds the indices of the positive classes of each sample, padded with -1 after the
    last one: ``[3, 0, -1, 1]`` means classes 3 and 0. For each positive class ``j`` and each
    negative class ``i``: ``loss(x, y) = sum_ij max(0, 1 - (x[y[j]] - x[i])) / x.size(0)``.

    Args:
        size_average (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduce (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduction (str, optional): the reduction applied to the output: ``'none'`` | ``'mean'`` |
            ``'sum'``. Default: ``'mean'``.

    Shape:
        - Input: ``(C)`` or ``(N, C)``.
        - Target: ``(C)`` or ``(N, C)``, label indices padded by -1, same shape as the input (int64).
        - Output: scalar. If ``reduction`` is ``'none'``, then ``(N)``.

    Example:
        >>> loss = nn.MultiLabelMarginLoss()
        >>> x = glassnet.tensor([[0.1, 0.2, 0.4, 0.8]])
        >>> y = glassnet.tensor([[3, 0, -1, 1]])
        >>> loss(x, y)
        tensor(0.8500)
    """

    def forward(self, input: Tensor, target: Tensor) -> Tensor:  # noqa: A002
        """Multi-label margin loss."""
        return loss_extra_functional.multilabel_margin_loss(input, target, reduction=self.reduction)


class MultiMarginLoss(_WeightedLoss):
    """Creates a criterion that optimizes a multi-class classification hinge (margin-based) loss.

    For an input ``x`` of shape ``(N, C)`` and class indices ``y``:
    ``loss(x, y) = sum_{i != y} max(0, margin - x[y] + x[i])^p / C`` per sample (each term scaled by
    ``weight[y]`` if given).

    Args:
        p (int, optional): 1 or 2. Default: 1.
        margin (float, optional): Default: ``1.0``.
        weight (Tensor, optional): a manual rescaling weight given to each class; a 1-D tensor of size
            ``C``. Default: ``None``.
        size_average (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduce (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduction (str, optional): the reduction applied to the output: ``'none'`` | ``'mean'`` |
            ``'sum'``. Default: ``'mean'``.

    Shape:
        - Input: ``(N, C)`` or ``(C)``.
        - Target: ``(N)`` or ``()``, class indices in ``[0, C)``.
        - Output: scalar. If ``reduction`` is ``'none'``, the shape of the target.

    Example:
        >>> loss = nn.MultiMarginLoss()
        >>> x = glassnet.tensor([[0.1, 0.2, 0.4, 0.8]])
        >>> loss(x, glassnet.tensor([3]))
        tensor(0.3250)
    """

    def __init__(self, p: int = 1, margin: float = 1.0, weight: Tensor | None = None, size_average: Any = None,
                 reduce: Any = None, reduction: str = "mean") -> None:
        if p not in (1, 2):
            raise ValueError("MultiMarginLoss: only p == 1 and p == 2 supported")
        super().__init__(weight, size_average, reduce, reduction)
        self.p, self.margin = p, margin

    def forward(self, input: Tensor, target: Tensor) -> Tensor:  # noqa: A002
        """Multi-class margin loss."""
        return loss_extra_functional.multi_margin_loss(input, target, self.p, self.margin, self.weight,
                                                       reduction=self.reduction)


class CosineEmbeddingLoss(_Loss):
    """Creates a criterion that measures the loss given input tensors ``x1``, ``x2`` and a label tensor
    ``y`` with values 1 or -1.

    Use ``y = 1`` to maximize the cosine similarity of the two inputs and ``y = -1`` otherwise:
    ``loss = 1 - cos(x1, x2)`` if ``y = 1``, ``max(0, cos(x1, x2) - margin)`` if ``y = -1``.

    Args:
        margin (float, optional): should be a number from -1 to 1; 0 to 0.5 is suggested. Default: ``0.0``.
        size_average (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduce (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduction (str, optional): the reduction applied to the output: ``'none'`` | ``'mean'`` |
            ``'sum'``. Default: ``'mean'``.

    Shape:
        - Input1: ``(N, D)`` or ``(D)``.
        - Input2: same shape as Input1.
        - Target: ``(N)`` or ``()``.
        - Output: scalar. If ``reduction`` is ``'none'``, then ``(N)``.

    Example:
        >>> loss = nn.CosineEmbeddingLoss()
        >>> x1 = glassnet.tensor([[1.0, 0.0], [1.0, 1.0]])
        >>> x2 = glassnet.tensor([[1.0, 0.0], [1.0, -1.0]])
        >>> loss(x1, x2, glassnet.tensor([1.0, -1.0]))
        tensor(0.)
    """

    def __init__(self, margin: float = 0.0, size_average: Any = None, reduce: Any = None,
                 reduction: str = "mean") -> None:
        super().__init__(size_average, reduce, reduction)
        self.margin = margin

    def forward(self, input1: Tensor, input2: Tensor, target: Tensor) -> Tensor:
        """Cosine embedding loss."""
        return loss_extra_functional.cosine_embedding_loss(input1, input2, target, self.margin,
                                                           reduction=self.reduction)


class TripletMarginLoss(_Loss):
    """Creates a criterion that measures the triplet loss given input tensors ``a``, ``p`` and ``n``
    (anchor, positive and negative examples).

    ``L(a, p, n) = max(d(a, p) - d(a, n) + margin, 0)`` with ``d(x, y) = ||x - y||_p``, computed
    as :func:`~glassnet.nn.functional.pairwise_distance`.

    Args:
        margin (float, optional): Default: ``1.0``.
        p (float, optional): the norm degree for pairwise distance. Default: ``2.0``.
        eps (float, optional): small constant for numerical stability. Default: ``1e-6``.
        swap (bool, optional): use the distance swap (the smaller of ``d(a, n)`` and ``d(p, n)``), as in
            Learning shallow convolutional feature descriptors with triplet losses. Default: ``False``.
        size_average (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduce (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduction (str, optional): the reduction applied to the output: ``'none'`` | ``'mean'`` |
            ``'sum'``. Default: ``'mean'``.

    Shape:
        - Input: ``(N, D)`` or ``(D)`` where ``D`` is the vector dimension.
        - Output: scalar. If ``reduction`` is ``'none'`` and the input is 2-D, then ``(N)``.

    Example:
        >>> triplet_loss = nn.TripletMarginLoss(margin=1.0, p=2)
        >>> anchor = glassnet.randn(100, 128, requires_grad=True)
        >>> output = triplet_loss(anchor, glassnet.randn(100, 128), glassnet.randn(100, 128))
        >>> output.backward()
        >>> anchor.grad.shape
        glassnet.Size([100, 128])
    """

    def __init__(self, margin: float = 1.0, p: float = 2.0, eps: float = 1e-6, swap: bool = False,
                 size_average: Any = None, reduce: Any = None, reduction: str = "mean") -> None:
        super().__init__(size_average, reduce, reduction)
        if margin <= 0:
            raise ValueError(f"TripletMarginLoss: margin must be greater than 0, got {margin}")
        self.margin, self.p, self.eps, self.swap = margin, p, eps, swap

    def forward(self, anchor: Tensor, positive: Tensor, negative: Tensor) -> Tensor:
        """Triplet loss."""
        return loss_extra_functional.triplet_margin_loss(anchor, positive, negative, self.margin, self.p, self.eps,
                                                         self.swap, reduction=self.reduction)


class TripletMarginWithDistanceLoss(_Loss):
    """Creates a criterion that measures the triplet loss given input tensors ``a``, ``p`` and ``n`` and a
    nonnegative, real-valued distance function.

    ``L(a, p, n) = max(d(a, p) - d(a, n) + margin, 0)`` with ``d = distance_function``.

    Args:
        distance_function (Callable, optional): a nonnegative, real-valued function that quantifies the
            closeness of two tensors. Default: :func:`~glassnet.nn.functional.pairwise_distance`.
        margin (float, optional): a nonnegative margin. Default: ``1.0``.
        swap (bool, optional): use the distance swap. Default: ``False``.
        reduction (str, optional): the reduction applied to the output: ``'none'`` | ``'mean'`` |
            ``'sum'``. Default: ``'mean'``.

    Shape:
        - Input: ``(N, *)`` where ``*`` is any number of additional dimensions the distance function takes.
        - Output: scalar. If ``reduction`` is ``'none'``, then ``(N)``.

    Example:
        >>> loss = nn.TripletMarginWithDistanceLoss(
        ...     distance_function=lambda x, y: 1.0 - F.cosine_similarity(x, y), margin=0.5)
        >>> a, p, n = glassnet.randn(8, 16), glassnet.randn(8, 16), glassnet.randn(8, 16)
        >>> loss(a, p, n).shape
        glassnet.Size([])
    """

    def __init__(self, *, distance_function: Any = None, margin: float = 1.0, swap: bool = False,
                 reduction: str = "mean") -> None:
        super().__init__(None, None, reduction)
        if margin <= 0:
            raise ValueError(f"TripletMarginWithDistanceLoss: margin must be greater than 0, got {margin}")
        self.distance_function, self.margin, self.swap = distance_function, margin, swap

    def forward(self, anchor: Tensor, positive: Tensor, negative: Tensor) -> Tensor:
        """Triplet loss."""
        return loss_extra_functional.triplet_margin_with_distance_loss(
            anchor, positive, negative, distance_function=self.distance_function, margin=self.margin, swap=self.swap,
            reduction=self.reduction)


class PoissonNLLLoss(_Loss):
    """Negative log likelihood loss with Poisson distribution of target.

    ``target ~ Poisson(input)``; ``loss(input, target) = input - target * log(input) + log(target!)``
    where the last term is dropped unless ``full`` (it is then Stirling's approximation, added for
    targets greater than 1).

    Args:
        log_input (bool, optional): if ``True`` the input is the log of the rate and the loss is
            ``exp(input) - target * input``; if ``False`` it is ``input - target * log(input + eps)``.
            Default: ``True``.
        full (bool, optional): whether to compute the full loss, i. e. to add the Stirling
            approximation term. Default: ``False``.
        size_average (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        eps (float, optional): small value to avoid ``log(0)`` when ``log_input=False``. Default: ``1e-8``.
        reduce (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduction (str, optional): the reduction applied to the output: ``'none'`` | ``'mean'`` |
            ``'sum'``. Default: ``'mean'``.

    Shape:
        - Input: ``(*)``, where ``*`` means any number of dimensions.
        - Target: ``(*)``, same shape as the input.
        - Output: scalar. If ``reduction`` is ``'none'``, then ``(*)``, same shape as the input.

    Example:
        >>> loss = nn.PoissonNLLLoss()
        >>> log_rate = glassnet.tensor([0.0, 1.0, 2.0])
        >>> loss(log_rate, glassnet.tensor([1.0, 3.0, 5.0]))
        tensor(-0.6309)
    """

    def __init__(self, log_input: bool = True, full: bool = False, size_average: Any = None, eps: float = 1e-8,
                 reduce: Any = None, reduction: str = "mean") -> None:
        super().__init__(size_average, reduce, reduction)
        self.log_input, self.full, self.eps = log_input, full, eps

    def forward(self, log_input: Tensor, target: Tensor) -> Tensor:
        """Poisson NLL."""
        return loss_extra_functional.poisson_nll_loss(log_input, target, self.log_input, self.full, eps=self.eps,
                                                      reduction=self.reduction)


class GaussianNLLLoss(_Loss):
    """Gaussian negative log likelihood loss.

    The targets are treated as samples from Gaussian distributions with expectations and variances
    predicted by the network: ``loss = 0.5 * (log(max(var, eps)) + (input - target)^2 / max(var, eps))``
    (plus ``0.5 * log(2 * pi)`` if ``full``). ``var`` may have one variance per element, or one
    per sample (last dimension of size 1), and is broadcast.

    Args:
        full (bool, optional): include the constant term in the loss calculation. Default: ``False``.
        eps (float, optional): value used to clamp ``var`` (see above), for stability. Default: ``1e-6``.
        reduction (str, optional): the reduction applied to the output: ``'none'`` | ``'mean'`` |
            ``'sum'``. Default: ``'mean'``.

    Shape:
        - Input: ``(N, *)`` or ``(*)`` where ``*`` means any number of additional dimensions.
        - Target: ``(N, *)`` or ``(*)``, same shape as the input (or one dimension of size 1 for broadcasting).
        - Var: ``(N, *)`` or ``(*)``, same shape as the input, or with one dimension of size 1, or a float.
        - Output: scalar. If ``reduction`` is ``'none'``, then ``(N, *)``, same shape as the input.

    Example:
        >>> loss = nn.GaussianNLLLoss()
        >>> mean = glassnet.tensor([[0.0, 1.0], [2.0, 3.0]])
        >>> target = glassnet.tensor([[0.5, 1.0], [1.0, 3.0]])
        >>> loss(mean, target, glassnet.ones(2, 1))
        tensor(0.1562)
    """

    def __init__(self, *, full: bool = False, eps: float = 1e-6, reduction: str = "mean") -> None:
        super().__init__(None, None, reduction)
        self.full, self.eps = full, eps

    def forward(self, input: Tensor, target: Tensor, var: Tensor | float) -> Tensor:  # noqa: A002
        """Gaussian NLL."""
        return loss_extra_functional.gaussian_nll_loss(input, target, var, self.full, self.eps, self.reduction)


class CTCLoss(_Loss):
    """The Connectionist Temporal Classification loss.

    Calculates the loss between a continuous (unsegmented) time series and a target sequence by
    summing over the probability of all possible alignments of input to target. The forward call is
    ``ctc_loss(log_probs, targets, input_lengths, target_lengths)``.

    Args:
        blank (int, optional): blank label. Default: 0.
        reduction (str, optional): ``'none'`` | ``'mean'`` | ``'sum'``. ``'mean'`` divides each loss by its
            target length and then takes the mean over the batch. Default: ``'mean'``.
        zero_infinity (bool, optional): whether to zero infinite losses and the associated gradients
            (they occur when the inputs are too short to be aligned to the targets). Default: ``False``.

    Shape:
        - Log_probs: ``(T, N, C)`` or ``(T, C)``, the log-softmax of the outputs (``T`` input length,
          ``N`` batch size, ``C`` number of classes including blank).
        - Targets: ``(N, S)`` padded targets, or the concatenation of all targets ``(sum(target_lengths))``.
        - Input_lengths: ``(N)`` or ``()``, the length of each input (``<= T``).
        - Target_lengths: ``(N)`` or ``()``, the length of each target.
        - Output: scalar. If ``reduction`` is ``'none'``, then ``(N)``.

    Example:
        >>> ctc_loss = nn.CTCLoss()
        >>> log_probs = glassnet.randn(50, 4, 20).log_softmax(2)
        >>> targets = glassnet.randint(1, 20, (4, 10))
        >>> loss = ctc_loss(log_probs, targets, glassnet.full((4,), 50), glassnet.full((4,), 10))
        >>> loss.shape
        glassnet.Size([])
    """

    def __init__(self, blank: int = 0, reduction: str = "mean", zero_infinity: bool = False) -> None:
        super().__init__(None, None, reduction)
        self.blank, self.zero_infinity = blank, zero_infinity

    def forward(self, log_probs: Tensor, targets: Any, input_lengths: Any, target_lengths: Any) -> Tensor:
        """CTC loss of (T, N, C) log-probabilities."""
        return loss_extra_functional.ctc_loss(log_probs, targets, input_lengths, target_lengths, self.blank,
                                              self.reduction, self.zero_infinity)


class NLLLoss2d(NLLLoss):
    """Deprecated alias of :class:`NLLLoss`, kept (as in PyTorch) for ``(N, C, H, W)`` inputs.

    Args:
        weight (Tensor, optional): a manual rescaling weight given to each class; a 1-D tensor of size
            ``C``. Default: ``None``.
        size_average (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        ignore_index (int, optional): a target value that is ignored. Default: -100.
        reduce (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduction (str, optional): the reduction applied to the output: ``'none'`` | ``'mean'`` |
            ``'sum'``. Default: ``'mean'``.

    Shape:
        - Input: ``(N, C, H, W)`` log-probabilities.
        - Target: ``(N, H, W)`` class indices.
        - Output: scalar. If ``reduction`` is ``'none'``, then ``(N, H, W)``.

    Example:
        >>> log_probs = F.log_softmax(glassnet.randn(2, 3, 4, 4), dim=1)
        >>> nn.NLLLoss2d()(log_probs, glassnet.zeros(2, 4, 4, dtype=glassnet.int64)).shape
        glassnet.Size([])
    """
