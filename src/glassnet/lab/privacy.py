"""privacy: what differential privacy costs in accuracy and what it buys against a membership-inference attacker.

A small MLP trained long on a small set memorises it; the same MLP from the same initial weights is then trained with
DP-SGD (:func:`glassnet.privacy.make_private`, ``target_epsilon``) at several budgets. Each model is scored on the
test set and attacked with :func:`glassnet.privacy.membership_inference_advantage` (a loss-threshold attacker
telling its training images from held-out images of the same file). Needs dp-accounting (extra ``[lab]``).
Full mode: 1,000 MNIST images. --quick: 300 of the shipped 8x8 digits.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

import glassnet as gn
import glassnet.nn.functional as F
from glassnet import nn

from ..apps.run_folder import AppRun, markdown_table

CLAIM = ('"Deep learning requires massive data, raising privacy concerns" (the study guide, as docs/responsible-ai.md '
         "quotes it): a model that memorises its training set tells an attacker who was in it; differential privacy "
         "limits that leak at a cost in accuracy, the more so the smaller epsilon.")
SUMMARY = "accuracy cost of DP-SGD at epsilon 1, 3, 8, inf and the membership-inference advantage it removes"

DELTA = 1e-5


def _need_dp_accounting() -> None:
    try:
        import dp_accounting  # noqa: F401
    except ImportError:
        from ..cli.errors import CLIError

        raise CLIError('lab privacy needs dp-accounting: pip install "glassnet[lab]"') from None


def _train(x: np.ndarray, y: np.ndarray, epsilon: float, seed: int, epochs: int, batch: int, hidden: int) -> tuple:
    """An MLP trained with SGD (epsilon = inf) or DP-SGD to ``epsilon``; returns (model, epsilon spent, sigma)."""
    from ..data import DataLoader, TensorDataset
    from ..privacy import make_private

    gn.manual_seed(seed)
    net = nn.Sequential(nn.Linear(x.shape[1], hidden), nn.ReLU(), nn.Linear(hidden, 10))
    loader = DataLoader(TensorDataset(gn.from_numpy(x), gn.from_numpy(y)), batch_size=batch, shuffle=True)
    private = math.isfinite(epsilon)
    # DP-SGD's clipped, noisy steps are smaller: a larger learning rate, as examples/dp_mnist.py uses
    opt = gn.optim.SGD(net.parameters(), lr=0.1 if private else 0.05, momentum=0.9)
    model, dp_opt = net, opt
    if private:
        model, dp_opt, loader = make_private(net, opt, loader, target_epsilon=epsilon, target_delta=DELTA,
                                             epochs=epochs, max_grad_norm=1.0)
    for _ in range(epochs):
        for xb, yb in loader:
            dp_opt.zero_grad()
            F.cross_entropy(model(xb), yb).backward()
            dp_opt.step()
    net.eval()
    return net, (dp_opt.get_epsilon() if private else math.inf), (dp_opt.noise_multiplier if private else 0.0)


def _accuracy(model: Any, x: np.ndarray, y: np.ndarray) -> float:
    with gn.no_grad():
        return float((model(gn.from_numpy(x)).argmax(1)._data == y).mean())


def _data(quick: bool, seed: int) -> tuple[tuple, tuple, tuple, str]:
    """(train, held-out, test) flat float32 images and labels; train and held-out are disjoint draws of one file."""
    from .data_size import load_images

    xtr, ytr, xte, yte, name = load_images(quick, "privacy")
    n = 300 if quick else 1000
    perm = np.random.default_rng(seed).permutation(len(xtr))
    xtr, xte = xtr.reshape(len(xtr), -1), xte.reshape(len(xte), -1)
    mean, std = np.float32(xtr.mean()), np.float32(xtr.std())
    xtr, xte = (xtr - mean) / std, (xte - mean) / std
    tr, ho = perm[:n], perm[n:2 * n]
    keep = np.random.default_rng(1234).permutation(len(xte))[:5000]
    return (xtr[tr], ytr[tr]), (xtr[ho], ytr[ho]), (xte[keep], yte[keep]), name


def run(run: AppRun, quick: bool, seed: int, verbose: int) -> dict:
    """Train without DP and at each epsilon, for several seeds; score accuracy and the attack."""
    _need_dp_accounting()
    from tqdm.auto import tqdm

    from ..privacy import membership_inference_advantage

    epsilons = (1.0, 8.0, math.inf) if quick else (1.0, 3.0, 8.0, math.inf)
    seeds = [seed, seed + 1] if quick else [seed, seed + 1, seed + 2]
    epochs, batch, hidden = (30, 50, 64) if quick else (40, 100, 128)
    results: dict[float, dict[str, list[float]]] = {e: {"test": [], "train": [], "mia": [], "spent": [],
                                                        "sigma": []} for e in epsilons}
    name = ""
    for s in tqdm(seeds, desc="privacy", disable=verbose < 1):
        train, held, test, name = _data(quick, s)
        for eps in epsilons:
            model, spent, sigma = _train(*train, eps, s, epochs, batch, hidden)
            r = results[eps]
            r["test"].append(_accuracy(model, *test))
            r["train"].append(_accuracy(model, *train))
            r["mia"].append(membership_inference_advantage(model, (gn.from_numpy(train[0]), gn.from_numpy(train[1])),
                                                           (gn.from_numpy(held[0]), gn.from_numpy(held[1]))))
            r["spent"].append(spent)
            r["sigma"].append(sigma)
    n = len(train[1])

    def ms(vals: list[float], pct: bool = True) -> str:
        if pct:
            return f"{100 * np.mean(vals):.1f} ± {100 * np.std(vals):.1f}"
        return f"{np.mean(vals):.3f} ± {np.std(vals):.3f}"

    rows = [["∞ (no DP)" if not math.isfinite(e) else f"{e:g}",
             "-" if not math.isfinite(e) else f"{np.mean(results[e]['spent']):.2f}",
             "-" if not math.isfinite(e) else f"{np.mean(results[e]['sigma']):.2f}",
             ms(results[e]["train"]), ms(results[e]["test"]), ms(results[e]["mia"], pct=False)] for e in epsilons]
    run.section("Setup", (
        f"Data: {n:,} training images of {name} (seeded draw per seed), flattened and standardised; the attacker's "
        f"non-members are {n:,} other images of the same training file (the test file comes from other writers, "
        "and telling it apart would measure that shift, not memorisation); accuracy on up to 5,000 test images. "
        f"Model: MLP {train[0].shape[1]}-{hidden}-10, SGD with momentum 0.9, batch {batch}, {epochs} epochs "
        "(long enough for the plain model to memorise its small set), the same initial weights in every arm of a "
        "seed. DP-SGD: `glassnet.privacy.make_private(target_epsilon=...)` with Poisson sampling, per-example "
        f"clipping to norm 1 and the noise solved for the budget at delta = {DELTA:g}. {len(seeds)} seeds; mean ± "
        "standard deviation.\n\nThe attack (`glassnet.privacy.membership_inference_advantage`) guesses 'member' when "
        "an image's loss is below a threshold; its advantage is TPR - FPR at the best threshold (0: chance). "
        "Differential privacy bounds it by exp(ε) - 1, which is loose (above 1) at these budgets: the measured "
        "advantage is what a real attack of this kind gets."))
    run.section("Results", markdown_table(["target ε", "ε spent", "noise σ", "train acc (%)", "test acc (%)",
                                           "attack advantage"], rows) + "\n\n![accuracy and attack advantage "
                                                                         "against epsilon](privacy.png)")
    _plot(run, epsilons, results)

    plain = results[math.inf]
    tightest = min(epsilons)
    acc_cost = 100 * (np.mean(plain["test"]) - np.mean(results[tightest]["test"]))
    mia_plain, mia_dp = float(np.mean(plain["mia"])), float(np.mean(results[tightest]["mia"]))
    gap_plain = 100 * (np.mean(plain["train"]) - np.mean(plain["test"]))
    finite = [e for e in epsilons if math.isfinite(e)]
    monotone = all(np.mean(results[a]["test"]) <= np.mean(results[b]["test"]) for a, b in zip(finite, finite[1:]))
    if mia_dp < mia_plain and acc_cost > 0:
        verdict = (f"Differential privacy traded accuracy for privacy: at ε = {tightest:g} the test accuracy fell by "
                   f"{acc_cost:.1f} points and the attacker's advantage from {mia_plain:.3f} (no DP; the plain model's "
                   f"train-test gap was {gap_plain:.1f} points) to {mia_dp:.3f}"
                   + ("; accuracy rose with ε." if monotone else "; accuracy did not rise steadily with ε."))
    elif mia_dp >= mia_plain:
        verdict = (f"The effect did not show: the attacker's advantage was {mia_dp:.3f} at ε = {tightest:g} against "
                   f"{mia_plain:.3f} without DP (the plain model's train-test gap was {gap_plain:.1f} points).")
    else:
        verdict = (f"DP cut the attacker's advantage from {mia_plain:.3f} to {mia_dp:.3f} at ε = {tightest:g} "
                   f"without costing accuracy ({-acc_cost:+.1f} points).")
    table = {("inf" if not math.isfinite(e) else f"{e:g}"): {k: float(np.mean(v)) for k, v in results[e].items()
                                                             if k != "spent" or math.isfinite(e)}
             for e in epsilons}
    return {"by_epsilon": table, "accuracy_cost_points": float(acc_cost), "mia_plain": mia_plain, "mia_dp": mia_dp,
            "verdict": verdict}


def _plot(run: AppRun, epsilons: tuple, results: dict) -> None:

    from ..apps.run_folder import new_figure

    labels = ["∞" if not math.isfinite(e) else f"{e:g}" for e in epsilons]
    pos = np.arange(len(epsilons))
    fig, axes = new_figure(1, 2, figsize=(8, 3.2))
    for key, label, style in (("train", "train", "s--"), ("test", "test", "o-")):
        axes[0].errorbar(pos, [100 * np.mean(results[e][key]) for e in epsilons],
                         yerr=[100 * np.std(results[e][key]) for e in epsilons], fmt=style, capsize=3, label=label)
    axes[1].errorbar(pos, [np.mean(results[e]["mia"]) for e in epsilons],
                     yerr=[np.std(results[e]["mia"]) for e in epsilons], fmt="o-", capsize=3, color="C3")
    for ax, ylabel in ((axes[0], "accuracy (%)"), (axes[1], "membership-inference advantage")):
        ax.set_xticks(pos)
        ax.set_xticklabels(labels)
        ax.set_xlabel("privacy budget ε (∞: no DP)")
        ax.set_ylabel(ylabel)
        ax.grid(alpha=0.3)
    axes[0].legend(fontsize=8)
    fig.tight_layout()
    run.savefig(fig, "privacy.png", dpi=90)
