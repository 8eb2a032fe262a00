"""The privacy budget of DP-SGD, from Google's ``dp-accounting`` package (RDP accountant).

Each optimizer step is a Poisson-subsampled Gaussian mechanism: every example joins the batch with
probability ``sample_rate`` and the clipped sum gets Gaussian noise of ``noise_multiplier`` times the
clipping norm. The accountant composes these steps and converts the Renyi-DP curve to an
``(epsilon, delta)`` guarantee.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import math
from collections.abc import Iterator
from typing import Any

EXTRA_HINT = 'pip install "glassnet[privacy]"'


def _dp_accounting() -> Any:
    try:
        import dp_accounting
    except ImportError as e:
        raise ImportError(f"glassnet.privacy: the privacy accountant needs Google's dp-accounting package: "
                          f"{EXTRA_HINT}") from e
    return dp_accounting


def check_delta(delta: float, n: int | None = None, where: str = "make_private") -> None:
    """Raise a clear error unless 0 < delta < 1 (and delta < 1/n when the dataset size n is known)."""
    if not isinstance(delta, (int, float)) or not 0 < delta < 1:
        raise ValueError(f"{where}: delta must be in (0, 1), got {delta!r}")
    if n is not None and n > 0 and delta >= 1.0 / n:
        raise ValueError(f"{where}: delta={delta!r} is not below 1/N = 1/{n} = {1.0 / n:.3g}; such a delta "
                         "allows leaking whole examples: use delta < 1/N (e.g. 1/(10*N))")


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    # dp-accounting logs a warning for each fractional RDP order whose series does not converge; it
    # then leaves that order out, which only makes the bound a little looser, so the warnings are noise
    log = logging.getLogger("absl")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        log.setLevel(level)


def _event(dp: Any, noise_multiplier: float, sample_rate: float, steps: int) -> Any:
    step = dp.GaussianDpEvent(noise_multiplier)
    if sample_rate < 1.0:
        step = dp.PoissonSampledDpEvent(sample_rate, step)
    return dp.SelfComposedDpEvent(step, steps)


def compute_epsilon(noise_multiplier: float, sample_rate: float, steps: int, delta: float) -> float:
    """Epsilon after ``steps`` Poisson-subsampled Gaussian steps, by dp-accounting's RDP accountant.

    Args:
        noise_multiplier (float): the noise standard deviation over the clipping norm.
        sample_rate (float): the probability that an example joins a batch.
        steps (int): the number of steps taken.
        delta (float): the target delta.

    Returns:
        float: epsilon (0 before any step).

    Example:
        >>> round(glassnet.privacy.compute_epsilon(1.1, 0.01, 1000, 1e-5), 3)
        1.712
    """
    check_delta(delta, where="compute_epsilon")
    acc = RDPAccountant()
    acc.history.append([noise_multiplier, sample_rate, steps])
    return acc.get_epsilon(delta)


def get_noise_multiplier(target_epsilon: float, target_delta: float, sample_rate: float, steps: int) -> float:
    """The smallest noise multiplier whose epsilon after ``steps`` steps is at most ``target_epsilon``.

    Args:
        target_epsilon (float): the privacy budget to stay within.
        target_delta (float): the delta.
        sample_rate (float): the probability that an example joins a batch.
        steps (int): the number of steps that will be taken.

    Returns:
        float: the noise multiplier.

    Example:
        >>> sigma = glassnet.privacy.get_noise_multiplier(3.0, 1e-5, sample_rate=0.01, steps=1000)
        >>> glassnet.privacy.compute_epsilon(sigma, 0.01, 1000, 1e-5) <= 3.0
        True
    """
    if not isinstance(target_epsilon, (int, float)) or not target_epsilon > 0 or math.isinf(target_epsilon):
        raise ValueError(f"get_noise_multiplier: target_epsilon must be a positive finite number, "
                         f"got {target_epsilon!r}")
    check_delta(target_delta, where="get_noise_multiplier")
    return _calibrate(float(target_epsilon), float(target_delta), float(sample_rate), int(steps))


@functools.lru_cache(maxsize=16)
def _calibrate(target_epsilon: float, target_delta: float, sample_rate: float, steps: int) -> float:
    dp = _dp_accounting()
    with _quiet():
        sigma = dp.calibrate_dp_mechanism(
            dp.rdp.RdpAccountant, lambda s: _event(dp, s, sample_rate, steps), target_epsilon, target_delta,
            bracket_interval=dp.LowerEndpointAndGuess(0.05, 1.0), tol=1e-3)
    return float(sigma)


class RDPAccountant:
    """Counts DP-SGD steps and reports epsilon, like Opacus's ``RDPAccountant`` (on dp-accounting).

    Example:
        >>> acc = glassnet.privacy.RDPAccountant()
        >>> acc.step(noise_multiplier=1.1, sample_rate=0.01)
        >>> acc.steps
        1
    """

    def __init__(self) -> None:
        self.history: list[list] = []  # [noise_multiplier, sample_rate, count]

    def step(self, *, noise_multiplier: float, sample_rate: float) -> None:
        """Record one step."""
        if self.history and self.history[-1][:2] == [noise_multiplier, sample_rate]:
            self.history[-1][2] += 1
        else:
            self.history.append([noise_multiplier, sample_rate, 1])

    @property
    def steps(self) -> int:
        """The number of steps recorded."""
        return sum(h[2] for h in self.history)

    def get_epsilon(self, delta: float) -> float:
        """Epsilon spent so far at ``delta``."""
        check_delta(delta, where="RDPAccountant.get_epsilon")
        if not self.steps:
            return 0.0
        dp = _dp_accounting()
        orders, total = None, 0.0
        for sigma, q, count in self.history:
            orders, rdp = _one_step_rdp(float(sigma), float(q))
            total = total + count * rdp
        with _quiet():
            eps, _ = dp.rdp.rdp_privacy_accountant.compute_epsilon(orders, total, delta)
        return float(eps)


@functools.lru_cache(maxsize=64)
def _one_step_rdp(sigma: float, q: float) -> tuple:
    """The RDP curve of one step, computed once: fit asks for epsilon often, and n identical steps compose
    to n times one step's curve (exactly what the accountant's SelfComposedDpEvent does)."""
    dp = _dp_accounting()
    acc = dp.rdp.RdpAccountant()
    with _quiet():
        acc.compose(_event(dp, sigma, q, 1))
    return acc._orders.copy(), acc._rdp.copy()
