"""make_private: turn a model, optimizer and loader into their DP-SGD versions (Opacus's PrivacyEngine in one call)."""

from __future__ import annotations

from typing import Any

from ..data.dataloader import DataLoader
from .accountant import check_delta, get_noise_multiplier
from .grad_sample import GradSampleModule
from .loader import DPDataLoader
from .optimizer import DPOptimizer


def make_private(model: Any, optimizer: Any, loader: DataLoader, noise_multiplier: float | None = None,
                 target_epsilon: float | None = None, target_delta: float = 1e-5, epochs: int | None = None,
                 max_grad_norm: float = 1.0, poisson_sampling: bool = True) -> tuple:
    """Make training differentially private (DP-SGD): returns ``(model, optimizer, loader)`` wrappers.

    The model records per-example gradients (:class:`GradSampleModule`), the optimizer clips each
    example's gradient to ``max_grad_norm``, adds Gaussian noise of ``noise_multiplier *
    max_grad_norm`` to the sum and divides by the expected batch size (:class:`DPOptimizer`), and the
    loader samples each example into each batch with probability ``1 / len(loader)`` (Poisson
    sampling). Give either ``noise_multiplier`` or ``target_epsilon`` (with ``epochs``): the latter
    solves for the smallest noise that keeps epsilon at ``target_delta`` within the budget after
    ``epochs`` epochs. ``optimizer.get_epsilon()`` reports the budget spent so far, and ``fit`` shows it.

    Args:
        model (Module): the model; layers that mix examples (BatchNorm) are refused, see
            :func:`replace_batchnorm`.
        optimizer (Optimizer): an optimizer over ``model.parameters()``.
        loader (DataLoader): the training data; its batch size sets the expected batch size.
        noise_multiplier (float, optional): noise standard deviation over ``max_grad_norm``. Default: ``None``.
        target_epsilon (float, optional): the privacy budget to reach after ``epochs``. Default: ``None``.
        target_delta (float, optional): delta, below ``1 / len(dataset)``. Default: ``1e-5``.
        epochs (int, optional): the planned number of epochs (needed with ``target_epsilon``). Default: ``None``.
        max_grad_norm (float, optional): the per-example clipping bound. Default: ``1.0``.
        poisson_sampling (bool, optional): replace the loader by a Poisson-sampling one (the accountant
            assumes it). Default: ``True``.

    Returns:
        tuple: ``(GradSampleModule, DPOptimizer, DataLoader)``.

    Example:
        >>> ds = glassnet.data.TensorDataset(glassnet.randn(200, 4), glassnet.randint(0, 2, (200,)))
        >>> net = nn.Linear(4, 2)
        >>> model, opt, loader = glassnet.privacy.make_private(
        ...     net, optim.SGD(net.parameters(), lr=0.1), glassnet.data.DataLoader(ds, batch_size=20),
        ...     noise_multiplier=1.0, max_grad_norm=1.0, target_delta=1e-3)
        >>> for x, y in loader:
        ...     opt.zero_grad()
        ...     F.cross_entropy(model(x), y).backward()
        ...     opt.step()
        >>> round(opt.get_epsilon(), 2)
        2.11
    """
    if (noise_multiplier is None) == (target_epsilon is None):
        raise ValueError("make_private: give exactly one of noise_multiplier and target_epsilon")
    if not isinstance(loader, DataLoader):
        raise TypeError(f"make_private: loader must be a glassnet DataLoader, got {type(loader).__name__}")
    n = len(loader.dataset)
    check_delta(target_delta, n)
    if not isinstance(max_grad_norm, (int, float)) or not max_grad_norm > 0:
        raise ValueError(f"make_private: max_grad_norm must be > 0, got {max_grad_norm!r}")
    steps_per_epoch = len(loader)
    sample_rate = 1 / steps_per_epoch
    if target_epsilon is not None:
        if not isinstance(epochs, int) or epochs <= 0:
            raise ValueError(f"make_private: target_epsilon needs the planned number of epochs, got epochs={epochs!r}")
        noise_multiplier = get_noise_multiplier(target_epsilon, target_delta, sample_rate, epochs * steps_per_epoch)
    elif not isinstance(noise_multiplier, (int, float)) or not noise_multiplier > 0:
        raise ValueError(f"make_private: noise_multiplier must be > 0, got {noise_multiplier!r} (no noise means "
                         "no privacy)")
    gsm = model if isinstance(model, GradSampleModule) else GradSampleModule(model)
    expected = max(1, round(n * sample_rate))
    if poisson_sampling:
        loader = DPDataLoader(loader.dataset, sample_rate, collate_fn=loader.collate_fn)
    dp_opt = DPOptimizer(optimizer, gsm, noise_multiplier=noise_multiplier, max_grad_norm=max_grad_norm,
                         expected_batch_size=expected, sample_rate=sample_rate)
    dp_opt.target_delta = target_delta
    if poisson_sampling:
        loader.optimizer = dp_opt
    return gsm, dp_opt, loader
