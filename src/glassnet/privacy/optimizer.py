"""DPOptimizer: clip each example's gradient, sum, add Gaussian noise, average, then the usual update."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .. import backend
from ..autograd.grad_mode import enable_grad
from ..optim.optimizer import Optimizer
from ..tensor import Tensor
from .accountant import RDPAccountant
from .noise import NoiseSource


class DPOptimizer(Optimizer):
    """Wrap an optimizer so that each ``step`` is a DP-SGD step (Abadi et al.'s algorithm, as in Opacus).

    ``step`` reads the per-example gradients of the :class:`GradSampleModule`, clips each example's
    whole gradient to ``max_grad_norm``, sums them, adds noise ``N(0, (noise_multiplier *
    max_grad_norm)^2)`` to every coordinate, divides by ``expected_batch_size`` and hands that gradient
    to the wrapped optimizer's rule. The wrapped optimizer's ``param_groups`` and ``state`` are shared,
    so schedulers and checkpoints work on either.

    Args:
        optimizer (Optimizer): the optimizer to wrap (its update rule is kept).
        module (GradSampleModule): the wrapped model whose per-example gradients are read.
        noise_multiplier (float): noise standard deviation over ``max_grad_norm``; must be > 0.
        max_grad_norm (float): the clipping bound of each example's gradient.
        expected_batch_size (int): the divisor of the noisy sum (the mean batch size under Poisson sampling).
        sample_rate (float): the probability that an example joins a batch (for the accountant).
        accountant (RDPAccountant, optional): where the steps are counted. Default: a new one.
        prefetch_noise (bool, optional): draw the next step's noise in a worker thread while this step's
            forward and backward run (see :mod:`glassnet.privacy.noise`); the noise is the same either way.
            Default: ``True``.

    Example:
        >>> model = glassnet.privacy.GradSampleModule(nn.Linear(3, 2))
        >>> opt = glassnet.privacy.DPOptimizer(optim.SGD(model.parameters(), lr=0.1), model,
        ...     noise_multiplier=1.0, max_grad_norm=1.0, expected_batch_size=4, sample_rate=0.1)
        >>> F.cross_entropy(model(glassnet.randn(4, 3)), glassnet.tensor([0, 1, 1, 0])).backward()
        >>> opt.step()
        >>> opt.accountant.steps
        1
    """

    def __init__(self, optimizer: Optimizer, module: Any, *, noise_multiplier: float, max_grad_norm: float,
                 expected_batch_size: int, sample_rate: float, accountant: RDPAccountant | None = None,
                 prefetch_noise: bool = True) -> None:
        if not isinstance(noise_multiplier, (int, float)) or not noise_multiplier > 0:
            raise ValueError(f"DPOptimizer: noise_multiplier must be > 0, got {noise_multiplier!r} (no noise "
                             "means no privacy)")
        if not isinstance(max_grad_norm, (int, float)) or not max_grad_norm > 0:
            raise ValueError(f"DPOptimizer: max_grad_norm must be > 0, got {max_grad_norm!r}")
        if not expected_batch_size or expected_batch_size <= 0:
            raise ValueError(f"DPOptimizer: expected_batch_size must be > 0, got {expected_batch_size!r}")
        self.original_optimizer = optimizer
        self.module = module
        self.noise_multiplier = float(noise_multiplier)
        self.max_grad_norm = float(max_grad_norm)
        self.expected_batch_size = expected_batch_size
        self.sample_rate = float(sample_rate)
        self.accountant = accountant if accountant is not None else RDPAccountant()
        self.target_delta: float | None = None
        self.last_norms: Any = None
        # seeded from glassnet's generator, so manual_seed fixes the noise too
        self.noise_source = NoiseSource(int(backend.generator().integers(2**63)), prefetch=prefetch_noise)

    # the wrapped optimizer's groups, state and defaults are the ones used and saved
    @property
    def param_groups(self) -> list:  # type: ignore[override]
        return self.original_optimizer.param_groups

    @param_groups.setter
    def param_groups(self, value: list) -> None:
        self.original_optimizer.param_groups = value

    @property
    def state(self) -> Any:  # type: ignore[override]
        return self.original_optimizer.state

    @state.setter
    def state(self, value: Any) -> None:
        self.original_optimizer.state = value

    @property
    def defaults(self) -> dict:  # type: ignore[override]
        return self.original_optimizer.defaults

    @defaults.setter
    def defaults(self, value: dict) -> None:
        self.original_optimizer.defaults = value

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Reset the gradients and forget the activations of finished backward passes."""
        self.original_optimizer.zero_grad(set_to_none)
        self.module.clear(finished_only=True)

    def _noise(self, params: list) -> list:
        """One fresh noise array per parameter, ``N(0, (noise_multiplier * max_grad_norm)^2)``, in its dtype."""
        if not params:
            return []
        sizes = [p._data.size for p in params]
        # one draw for all the parameters, in their precision: float32 numbers cost less to draw
        dtype = np.float64 if any(np.dtype(p._data.dtype) == np.float64 for p in params) else np.float32
        flat = self.noise_source.draw(sum(sizes), dtype, scale=self.noise_multiplier * self.max_grad_norm)
        xp = backend.array_module(params[0]._data)
        out, start = [], 0
        for p, n in zip(params, sizes):
            out.append(xp.asarray(flat[start:start + n].reshape(p._data.shape), dtype=p._data.dtype))
            start += n
        return out

    def _params(self) -> list:
        return [p for g in self.param_groups for p in g["params"] if p.requires_grad]

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Take one DP-SGD step: clip, sum, add noise, average, update; count it in the accountant."""
        loss = None
        if closure is not None:
            with enable_grad():
                loss = closure()
        sums, norms = self.module.clipped_sums(self.max_grad_norm)
        self.last_norms = norms
        params = self._params()
        for p, noisy in zip(params, self._noise(params)):  # fresh arrays: summed into in place
            if id(p) in sums:
                noisy += sums[id(p)][1]
            noisy /= self.expected_batch_size
            p.grad = Tensor(noisy)
        self.module.clear()
        self.original_optimizer.step()
        self._opt_called = True
        self.accountant.step(noise_multiplier=self.noise_multiplier, sample_rate=self.sample_rate)
        return loss

    def empty_step(self) -> None:
        """A step for a batch that Poisson sampling left empty: noise only (it still costs privacy)."""
        params = self._params()
        for p, noise in zip(params, self._noise(params)):
            noise /= self.expected_batch_size
            p.grad = Tensor(noise)
        self.original_optimizer.step()
        self.original_optimizer.zero_grad()
        self.accountant.step(noise_multiplier=self.noise_multiplier, sample_rate=self.sample_rate)

    def get_epsilon(self, delta: float | None = None) -> float:
        """Epsilon spent so far at ``delta`` (default: the delta given to ``make_private``)."""
        delta = self.target_delta if delta is None else delta
        if delta is None:
            raise ValueError("DPOptimizer.get_epsilon: give delta (make_private's target_delta was not set)")
        return self.accountant.get_epsilon(delta)

    def privacy_report(self) -> dict:
        """``{epsilon, delta, noise_multiplier, max_grad_norm, sample_rate, steps}`` for a run folder."""
        return {"epsilon": self.get_epsilon(), "delta": self.target_delta,
                "noise_multiplier": self.noise_multiplier, "max_grad_norm": self.max_grad_norm,
                "sample_rate": self.sample_rate, "steps": self.accountant.steps}

    def progress_logs(self) -> dict:
        """What ``fit`` adds to its progress display: the epsilon spent so far."""
        return {"epsilon": self.get_epsilon()} if self.target_delta is not None else {}

    def state_dict(self) -> dict:
        """The wrapped optimizer's state, the accountant's steps and the noise generator's state.

        A resumed run keeps its privacy budget and adds the same noise as an unbroken one.
        """
        state = dict(self.original_optimizer.state_dict())
        state["dp_accountant"] = [list(h) for h in self.accountant.history]
        state["dp_noise_generator"] = self.noise_source.state()
        return state

    def load_state_dict(self, state_dict: dict) -> None:
        """Restore the wrapped optimizer, the steps the accountant had counted and the noise generator's state."""
        state = dict(state_dict)
        history = state.pop("dp_accountant", None)
        noise_state = state.pop("dp_noise_generator", None)
        self.original_optimizer.load_state_dict(state)
        if noise_state is not None:
            self.noise_source.set_state(noise_state)
        if history is not None:
            self.accountant.history = [[float(s), float(q), int(n)] for s, q, n in history]

    def __repr__(self) -> str:
        return (f"DPOptimizer(noise_multiplier={self.noise_multiplier}, max_grad_norm={self.max_grad_norm}, "
                f"expected_batch_size={self.expected_batch_size}, optimizer={self.original_optimizer!r})")
