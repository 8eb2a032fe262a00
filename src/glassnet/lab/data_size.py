"""data-size: test accuracy against training-set size for a small CNN and a logistic regression.

Both models see the same random subsets (nested: every larger subset holds the smaller ones of its seed) and get
the same step budget, so what changes along the x axis is only how many different images there were to learn from.
Full mode: MNIST, 50 .. 60,000 images. --quick: the shipped 8x8 digits, 20 .. 1,437 images.
"""

from __future__ import annotations

from typing import Any

import numpy as np

import glassnet as gn
from glassnet import nn

from ..apps.run_folder import AppRun, markdown_table

CLAIM = ('"Deep learning needs large amounts of data": with few examples a simple '
         "model does as well or better, and the deep model pulls ahead only as the training set grows.")
SUMMARY = "test accuracy vs training-set size (50 .. 60,000 MNIST images): small CNN vs logistic regression"

FULL_SIZES = (50, 100, 200, 500, 1000, 2000, 5000, 20000, 60000)
QUICK_SIZES = (20, 60, 200, 1437)


def load_images(quick: bool, who: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, str]:
    """(x_train, y_train, x_test, y_test, name): 8x8 digits if ``quick``, else MNIST; images (N, 1, H, W) in [0, 1]."""
    from ..data.datasets import MNIST, load_digits_arrays

    if quick:
        xtr, ytr = load_digits_arrays("train")
        xte, yte = load_digits_arrays("test")
        scale = np.float32(16)
        return (xtr.astype(np.float32)[:, None] / scale, ytr.astype(np.int64),
                xte.astype(np.float32)[:, None] / scale, yte.astype(np.int64), "the shipped 8x8 digits")
    from ..cli.errors import CLIError
    from ..examples._common import missing_data_message, shared_data

    root = shared_data("mnist")
    if root is None:
        raise CLIError(missing_data_message(f"lab {who}", "--quick (the shipped 8x8 digits need no download)",
                                            "mnist", "train-images-idx3-ubyte.gz"))
    try:
        train, test = MNIST(root, train=True), MNIST(root, train=False)
    except (FileNotFoundError, ValueError) as e:
        raise CLIError(f"lab {who}: {e}") from None
    return (train.data._data.astype(np.float32)[:, None] / np.float32(255), train.targets._data.astype(np.int64),
            test.data._data.astype(np.float32)[:, None] / np.float32(255), test.targets._data.astype(np.int64),
            "MNIST")


def accuracy(model: Any, x: np.ndarray, y: np.ndarray, batch: int = 1000) -> float:
    """Accuracy of ``model`` on (x, y), in eval mode without gradients."""
    model.eval()
    with gn.no_grad():
        pred = np.concatenate([model(gn.from_numpy(x[i:i + batch])).argmax(1)._data for i in range(0, len(x), batch)])
    return float((pred == y).mean())


def train_budget(model: Any, x: np.ndarray, y: np.ndarray, steps: int, seed: int, lr: float,
                 batch_size: int = 64, weight_decay: float = 0.0) -> Any:
    """About ``steps`` Adam updates on (x, y) (whole epochs, at least one); returns the model."""
    bs = min(batch_size, len(x))
    per_epoch = -(-len(x) // bs)
    epochs = max(1, round(steps / per_epoch))
    if epochs * per_epoch > steps and epochs == 1:
        # one epoch of a large set is more than the budget: train on the first steps*bs images of the shuffle
        x, y = x[:steps * bs], y[:steps * bs]
    opt = gn.optim.Adam(model.parameters(), lr=lr, weight_decay=weight_decay)
    gn.train.fit(model, (x, y), loss="cross_entropy", optimizer=opt, epochs=epochs, batch_size=bs, verbose=0,
                 seed=seed, metrics=())
    return model


def _cnn(quick: bool) -> nn.Module:
    return gn.models.DigitsCNN(width=8, hidden=32) if quick else gn.models.SmallCNN(width=8, hidden=64)


def _logreg(side: int) -> nn.Module:
    return nn.Sequential(nn.Flatten(), nn.Linear(side * side, 10))


def crossover(sizes: list[int], cnn: list[float], lr: list[float]) -> tuple[float | None, str]:
    """The training-set size from which the CNN stays ahead (log-interpolated), and how it was found."""
    diff = np.asarray(cnn) - np.asarray(lr)
    ahead = diff > 0
    if not ahead[-1]:
        return None, "never"
    first = len(ahead) - int(np.argmin(ahead[::-1])) if not ahead.all() else 0
    if first == 0:
        return float(sizes[0]), "from the smallest size"
    # the gap changes sign between sizes[first-1] and sizes[first]: interpolate it linearly in log(size)
    a, b = np.log(sizes[first - 1]), np.log(sizes[first])
    t = -diff[first - 1] / (diff[first] - diff[first - 1])
    return float(np.exp(a + t * (b - a))), "interpolated"


def run(run: AppRun, quick: bool, seed: int, verbose: int) -> dict:
    """Train both models on nested subsets of growing size, several seeds at the small ones."""
    from tqdm.auto import tqdm

    xtr, ytr, xte, yte, data_name = load_images(quick, "data-size")
    sizes = [s for s in (QUICK_SIZES if quick else FULL_SIZES) if s <= len(xtr)]
    max_steps, epochs_cap, few = (120, 40, 60) if quick else (300, 50, 1000)
    if not quick:
        # a fixed random 5,000 of the 10,000 test images keeps evaluation short and the ranking the same
        keep = np.random.default_rng(1234).permutation(len(xte))[:5000]
        xte, yte = xte[keep], yte[keep]
    seeds_small = 3
    side = xtr.shape[-1]
    jobs = [(n, seed + k) for n in sizes for k in range(seeds_small if n <= few else 1)]
    results: dict[int, dict[str, list[float]]] = {n: {"cnn": [], "logreg": []} for n in sizes}
    for n, s in tqdm(jobs, desc="data-size", disable=verbose < 1):
        order = np.random.default_rng(s).permutation(len(xtr))[:n]
        x, y = xtr[order], ytr[order]
        # the budget: epochs_cap epochs of a small set, max_steps for a middle one, one full epoch of a large one
        per_epoch = -(-n // 64)
        steps = min(epochs_cap * per_epoch, max(max_steps, per_epoch))
        gn.manual_seed(s)
        results[n]["cnn"].append(accuracy(train_budget(_cnn(quick), x, y, steps, s, lr=2e-3), xte, yte))
        gn.manual_seed(s)
        results[n]["logreg"].append(accuracy(train_budget(_logreg(side), x, y, steps, s, lr=1e-2,
                                                          weight_decay=1e-4), xte, yte))
    cnn_mean = [float(np.mean(results[n]["cnn"])) for n in sizes]
    lr_mean = [float(np.mean(results[n]["logreg"])) for n in sizes]
    cnn_std = [float(np.std(results[n]["cnn"])) for n in sizes]
    lr_std = [float(np.std(results[n]["logreg"])) for n in sizes]
    cross, how = crossover(sizes, cnn_mean, lr_mean)

    run.section("Setup", (
        f"Data: {data_name}, {len(xtr):,} training and {len(xte):,} test images"
        f"{' (a fixed random half of the test file)' if not quick else ''}. For each size N a random subset of the "
        f"training images (seeded; {seeds_small} seeds for N <= {few}, one above) trains two models with Adam, "
        f"batch 64, the same number of updates: {epochs_cap} epochs of a small set, at most {max_steps} updates for a "
        f"larger one, but always at least one full epoch.\n\n"
        f"- **CNN**: `{type(_cnn(quick)).__name__}` (two 3x3 convolutions, "
        f"{sum(p.numel() for p in _cnn(quick).parameters()):,} parameters), lr 2e-3.\n"
        f"- **logistic regression**: one `nn.Linear({side * side}, 10)` on the raw pixels with softmax cross-entropy, "
        "lr 1e-2, weight decay 1e-4.\n\n"
        "The budget keeps the run short: the large sets get a single epoch, so the right end of the curve "
        "understates what longer training would reach (more so for the CNN, which is further from converged)."))
    rows = [[n, len(results[n]["cnn"]), f"{100 * c:.1f} ± {100 * cs:.1f}", f"{100 * lr:.1f} ± {100 * ls:.1f}",
             f"{100 * (c - lr):+.1f}"] for n, c, cs, lr, ls in zip(sizes, cnn_mean, cnn_std, lr_mean, lr_std)]
    run.section("Results", markdown_table(["training images", "seeds", "CNN test acc (%)",
                                           "logistic regression test acc (%)", "CNN - LR (pts)"], rows)
                + "\n\n![accuracy vs training-set size](data_size.png)")
    _plot(run, sizes, cnn_mean, cnn_std, lr_mean, lr_std, cross, data_name)

    gap_small, gap_large = 100 * (cnn_mean[0] - lr_mean[0]), 100 * (cnn_mean[-1] - lr_mean[-1])
    if how == "never":
        verdict = (f"The CNN did not pull ahead: at {sizes[-1]:,} images it scored {100 * cnn_mean[-1]:.1f}% "
                   f"against logistic regression's {100 * lr_mean[-1]:.1f}%, so the crossover did not show here "
                   f"(the CNN's gap went from {gap_small:+.1f} points at {sizes[0]} images to {gap_large:+.1f}).")
    elif how == "from the smallest size":
        noisy = [n for n, c, cs, lr, ls in zip(sizes, cnn_mean, cnn_std, lr_mean, lr_std) if c - lr < max(cs, ls)]
        verdict = (f"The CNN beat logistic regression at every size, by {gap_small:+.1f} points at {sizes[0]} "
                   f"images and {gap_large:+.1f} points at {sizes[-1]:,}"
                   + (f" (within the seed spread at {', '.join(f'{n:,}' for n in noisy)} images)" if noisy else "")
                   + f", so on {data_name} the crossover lies at or below the smallest size tried and the claim did "
                   "not show as a loss for deep learning on little data.")
    else:
        verdict = (f"Logistic regression matched or beat the CNN up to about {cross:,.0f} training images (CNN "
                   f"{gap_small:+.1f} points at {sizes[0]}); above that the CNN stayed ahead, by {gap_large:+.1f} "
                   f"points at {sizes[-1]:,} images.")
    return {"sizes": sizes, "cnn_accuracy": cnn_mean, "cnn_std": cnn_std, "logreg_accuracy": lr_mean,
            "logreg_std": lr_std, "crossover_size": cross, "crossover": how, "verdict": verdict}


def _plot(run: AppRun, sizes: list[int], cnn: list[float], cnn_std: list[float], lr: list[float],
          lr_std: list[float], cross: float | None, data_name: str) -> None:

    from ..apps.run_folder import new_figure

    fig, ax = new_figure(figsize=(6, 3.8))
    ax.errorbar(sizes, [100 * v for v in cnn], yerr=[100 * v for v in cnn_std], fmt="o-", capsize=3, label="CNN")
    ax.errorbar(sizes, [100 * v for v in lr], yerr=[100 * v for v in lr_std], fmt="s--", capsize=3,
                label="logistic regression")
    if cross is not None and cross > sizes[0]:
        ax.axvline(cross, color="grey", ls=":", label=f"crossover ≈ {cross:,.0f}")
    ax.set_xscale("log")
    ax.set_xlabel("training images (log scale)")
    ax.set_ylabel("test accuracy (%)")
    ax.set_title(f"Accuracy vs training-set size ({data_name})", fontsize=10)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    run.savefig(fig, "data_size.png", dpi=90)
