"""``glassnet train --dp``: the model, optimizer and loader made private, and what the run folder records of it."""

from __future__ import annotations

from typing import Any

from .errors import CLIError

DEFAULT_DELTA = 1e-5


def default_delta(n: int) -> float:
    """1e-5, or the largest power of ten below ``1/n`` when that is smaller (delta must stay below 1/N)."""
    # 10^-(digits of n) is the largest power of ten strictly below 1/n (1/n itself when n is 10^k is not below)
    return min(DEFAULT_DELTA, float(f"1e-{len(str(int(n)))}"))


def resolve_delta(delta: float | None, n: int) -> float:
    """The delta for ``n`` training samples: the given one if below 1/n (else one clear error), or the default."""
    if delta is None:
        return default_delta(n)
    if delta >= 1.0 / n:
        raise CLIError(f"--delta {delta:g} is not below 1/N = 1/{n:,} = {1.0 / n:.3g} (N: training samples); "
                       f"such a delta allows leaking whole examples: use e.g. --delta {default_delta(n):g}")
    return delta


def batchnorm_layers(model: Any) -> list[tuple[str, str]]:
    """(name, class name) of every layer that mixes the examples of a batch (BatchNorm)."""
    from ..nn.normalization import _BatchNorm

    return [(name, type(m).__name__) for name, m in model.named_modules()
            if isinstance(m, _BatchNorm) or type(m).__name__ == "SyncBatchNorm"]


def replace_batchnorm_noted(model: Any, verbose: int) -> tuple[Any, list[str]]:
    """Swap BatchNorm for GroupNorm (DP-SGD needs each example's gradient alone) and say so; the names swapped."""
    from ..privacy import replace_batchnorm

    found = batchnorm_layers(model)
    if not found:
        return model, []
    model = replace_batchnorm(model)
    if verbose:
        named = ", ".join(f"'{n}' ({k})" for n, k in found)
        print(f"glassnet train: --dp: {named} mix the examples of a batch, so one example's gradient could not be "
              "clipped alone; replaced by GroupNorm over the same channels (glassnet.privacy.replace_batchnorm); "
              "the run folder records it and rebuilds the model the same way", flush=True)
    return model, [n for n, _ in found]


def make_private_run(model: Any, optimizer: Any, train_ds: Any, batch_size: int, epochs: int,
                     dp: dict) -> tuple[Any, Any, Any, dict]:
    """(GradSampleModule, DPOptimizer, Poisson loader, the settings to record) for ``dp`` from the options."""
    from ..data import DataLoader
    from ..privacy import make_private
    from ..privacy.loader import DPDataLoader

    delta = resolve_delta(dp.get("delta"), len(train_ds))
    loader = DataLoader(train_ds, batch_size=batch_size, shuffle=True)
    try:
        # A resumed run keeps the noise it started with: its accountant's steps were counted at that noise.
        gsm, opt, _ = make_private(model, optimizer, loader, noise_multiplier=dp.get("noise_multiplier"),
                                   target_epsilon=None if dp.get("noise_multiplier") else dp["target_epsilon"],
                                   target_delta=delta, epochs=epochs, max_grad_norm=dp["max_grad_norm"],
                                   poisson_sampling=False)
    except ImportError as e:
        raise CLIError(str(e)) from None
    except NotImplementedError as e:
        raise CLIError(f"--dp: {e}") from None
    # Poisson sampling and the noise both draw from glassnet's generator (seeded by the run): the checkpoint
    # saves its state, so a --resume draws the same batches and noise as an uninterrupted run.
    private_loader = DPDataLoader(train_ds, 1 / len(loader))
    private_loader.optimizer = opt
    record = {"target_epsilon": dp.get("target_epsilon"), "noise_multiplier": opt.noise_multiplier,
              "max_grad_norm": opt.max_grad_norm, "delta": delta, "sample_rate": opt.sample_rate,
              "expected_batch_size": opt.expected_batch_size, "accountant": "RDP (dp-accounting)",
              "replace_batchnorm": bool(dp.get("replace_batchnorm"))}
    return gsm, opt, private_loader, record


def privacy_metrics(opt: Any, record: dict) -> dict:
    """The ``privacy`` entry of metrics.json: the budget spent, as the accountant counts it, and the settings."""
    report = opt.privacy_report()
    if record.get("target_epsilon") is not None:
        report["target_epsilon"] = record["target_epsilon"]
    report["accountant"] = record.get("accountant")
    return report
