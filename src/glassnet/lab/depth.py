"""More layers are not always better: plain sigmoid MLPs of growing depth vs ReLU with He initialisation vs residual
blocks with LayerNorm, measured by the gradient each layer gets (vanishing gradients) and the accuracy reached.

Depth counts Linear layers. Every family has the same width and is trained the same way (SGD with momentum, the same
steps and learning rate); only the activation, the initialisation and the wiring differ.
"""

from __future__ import annotations

from typing import Any

import numpy as np

import glassnet as gn
from glassnet import nn
from glassnet.apps.run_folder import AppRun, markdown_table

from ._depth_data import accuracy, image_data, mean_std, pm, train_steps

CLAIM = "\"Too many layers can cause vanishing gradients: the early layers barely learn, and a deeper network can " \
        "do worse than a shallow one\" (unless the architecture is built for depth: ReLU with He initialisation, " \
        "residual connections, normalisation)."
SUMMARY = "sigmoid vs ReLU+He vs residual+LayerNorm MLPs of depth 2..20: per-layer gradient norms and accuracy"

FAMILIES = {"sigmoid": "plain sigmoid", "relu_he": "ReLU + He init", "residual_ln": "residual + LayerNorm"}
LR, MOMENTUM, BATCH = 0.02, 0.9, 64


class _ResidualBlock(nn.Module):
    """x + Linear(ReLU(LayerNorm(x))): the identity path carries the gradient past the block."""

    def __init__(self, width: int) -> None:
        super().__init__()
        self.norm = nn.LayerNorm(width)
        self.act = nn.ReLU()
        self.fc = nn.Linear(width, width)

    def forward(self, x: Any) -> Any:
        return x + self.fc(self.act(self.norm(x)))


def make_model(family: str, depth: int, n_in: int, width: int, n_out: int = 10) -> nn.Module:
    """An MLP of ``depth`` Linear layers of the given family."""
    if depth < 2:
        raise ValueError(f"depth must be at least 2 (input and output layers), got {depth}")
    if family == "residual_ln":
        blocks = [_ResidualBlock(width) for _ in range(depth - 2)]
        return nn.Sequential(nn.Linear(n_in, width), *blocks, nn.LayerNorm(width), nn.ReLU(), nn.Linear(width, n_out))
    act = {"sigmoid": nn.Sigmoid, "relu_he": nn.ReLU}[family]
    layers: list[Any] = []
    d = n_in
    for _ in range(depth - 1):
        layers += [nn.Linear(d, width), act()]
        d = width
    layers.append(nn.Linear(d, n_out))
    model = nn.Sequential(*layers)
    if family == "relu_he":
        for m in model.modules():
            if isinstance(m, nn.Linear):
                nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
                nn.init.zeros_(m.bias)
    return model


def layer_gradients(model: nn.Module, x: np.ndarray, y: np.ndarray) -> list[float]:
    """Gradient RMS per weight of each Linear layer, input side first, on one batch (glassnet.inspect)."""
    from glassnet.inspect import gradient_flow

    flow = gradient_flow(model, (gn.from_numpy(x), gn.from_numpy(y)), nn.CrossEntropyLoss())
    return [e.grad_rms for e in flow.layers if e.type == "Linear"]


def run(run: AppRun, quick: bool, seed: int, verbose: int) -> dict:
    """Train every family at every depth for several seeds; gradient norms per layer and accuracy per depth."""
    depths = [2, 10, 20] if quick else [2, 5, 10, 15, 20]
    seeds = [seed, seed + 1] if quick else [seed, seed + 1, seed + 2]
    width, steps = (32, 200) if quick else (64, 800)
    data = image_data(quick, n_train=2000 if quick else 6000, n_val=2000, seed=seed, who="depth")
    xtr, ytr, xva, yva = data["x_train"], data["y_train"], data["x_val"], data["y_val"]
    probe = slice(0, 256)  # the batch the gradient norms are measured on (validation images, never trained on)
    run.section("Setup", f"Data: {data['name']}, {len(ytr)} training and {len(yva)} validation images. Families "
                         f"(width {width}, depth = number of Linear layers): plain sigmoid MLP with the default "
                         f"initialisation; ReLU MLP with He (kaiming normal) initialisation; residual MLP (blocks "
                         f"x + Linear(ReLU(LayerNorm(x)))). Training: SGD lr {LR}, momentum {MOMENTUM}, batch "
                         f"{BATCH}, {steps} steps. Depths {depths}; seeds {seeds}. Gradient norms: RMS per weight of "
                         f"each Linear layer's gradient on {probe.stop} validation images (glassnet.inspect."
                         f"gradient_flow), at initialisation and after training.")
    acc: dict[str, dict[int, list[float]]] = {f: {d: [] for d in depths} for f in FAMILIES}
    grads: dict[str, dict[str, list[list[float]]]] = {f: {"init": [], "trained": []} for f in FAMILIES}
    progress = _progress(len(FAMILIES) * len(depths) * len(seeds), verbose)
    for fam in FAMILIES:
        for d in depths:
            for s in seeds:
                gn.manual_seed(s)
                model = make_model(fam, d, xtr.shape[1], width)
                if d == depths[-1]:
                    grads[fam]["init"].append(layer_gradients(model, xva[probe], yva[probe]))
                opt = gn.optim.SGD(model.parameters(), lr=LR, momentum=MOMENTUM)
                train_steps(model, xtr, ytr, steps, opt, BATCH, seed=s)
                acc[fam][d].append(accuracy(model, xva, yva))
                if d == depths[-1]:
                    grads[fam]["trained"].append(layer_gradients(model, xva[probe], yva[probe]))
                progress.update(1)
    progress.close()
    deep = depths[-1]
    # first-layer over last-layer gradient, geometric mean over seeds (ratios span orders of magnitude)
    ratio = {f: {when: float(np.exp(np.mean([np.log(max(g[0], 1e-300) / max(g[-1], 1e-300))
                                                for g in grads[f][when]])))
                 for when in ("init", "trained")} for f in FAMILIES}
    rows = [[FAMILIES[f]] + [pm(acc[f][d]) for d in depths] for f in FAMILIES]
    grad_rows = [[FAMILIES[f], f"{ratio[f]['init']:.1e}", f"{ratio[f]['trained']:.1e}"] for f in FAMILIES]
    run.section("Results", "Validation accuracy (mean ± std over seeds) by depth:\n\n"
                + markdown_table(["family"] + [f"depth {d}" for d in depths], rows)
                + f"\n\nFirst Linear layer's gradient RMS divided by the last one's, depth {deep} (geometric mean over "
                  f"seeds; 1 means every layer gets the same push, 1e-6 means the first layer gets a millionth):\n\n"
                + markdown_table(["family", "at initialisation", "after training"], grad_rows)
                + f"\n\n![Gradient RMS per layer at depth {deep}](gradients.png)\n\n"
                  "![Validation accuracy vs depth](accuracy.png)")
    run.savefig(_grad_plot(grads, deep), "gradients.png", dpi=90)
    run.savefig(_acc_plot(acc, depths), "accuracy.png", dpi=90)
    metrics = {"depths": depths, "seeds": seeds, "width": width, "steps": steps,
               "accuracy": {f: {str(d): mean_std(acc[f][d])[0] for d in depths} for f in FAMILIES},
               "accuracy_std": {f: {str(d): mean_std(acc[f][d])[1] for d in depths} for f in FAMILIES},
               "first_over_last_gradient": ratio,
               "gradient_rms_per_layer": {f: {w: np.mean(grads[f][w], axis=0).tolist() for w in grads[f]}
                                          for f in FAMILIES}}
    metrics["verdict"] = _verdict(metrics, depths)
    return metrics


def _verdict(m: dict, depths: list[int]) -> str:
    deep, shallow = str(depths[-1]), str(depths[0])
    a, r = m["accuracy"], m["first_over_last_gradient"]
    sig = r["sigmoid"]["init"]
    best_deep = max(("relu_he", "residual_ln"), key=lambda f: a[f][deep])
    vanish = (f"at depth {deep} the plain sigmoid net's first layer got {sig:.0e} of its last layer's gradient at "
              f"initialisation (ReLU+He: {r['relu_he']['init']:.0e}, residual+LayerNorm: "
              f"{r['residual_ln']['init']:.0e})")
    if sig >= min(r["relu_he"]["init"], r["residual_ln"]["init"]):
        vanish = "the vanishing gradient did not show: " + vanish
    drop = a["sigmoid"][shallow] - a["sigmoid"][deep]
    if drop > 0.02:
        sig_acc = (f"its accuracy fell from {a['sigmoid'][shallow]:.1%} at depth {shallow} to "
                   f"{a['sigmoid'][deep]:.1%} at depth {deep}")
    else:
        sig_acc = (f"yet its accuracy did not fall with depth ({a['sigmoid'][shallow]:.1%} at depth {shallow}, "
                   f"{a['sigmoid'][deep]:.1%} at depth {deep})")
    return (f"{vanish[0].upper()}{vanish[1:]}, and {sig_acc}, while {FAMILIES[best_deep]} reached "
            f"{a[best_deep][deep]:.1%} at depth {deep}.")


def _progress(total: int, verbose: int) -> Any:
    from tqdm.auto import tqdm

    return tqdm(total=total, desc="depth: models", disable=verbose < 1, leave=False)


def _grad_plot(grads: dict, deep: int) -> Any:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(9, 3.6))
    axes = fig.subplots(1, 2, sharey=True)
    colours = {"sigmoid": "tab:red", "relu_he": "tab:blue", "residual_ln": "tab:green"}
    for ax, when in zip(axes, ("init", "trained")):
        for f, label in FAMILIES.items():
            g = np.exp(np.mean(np.log(np.maximum(np.asarray(grads[f][when]), 1e-300)), axis=0))
            ax.semilogy(np.arange(1, len(g) + 1), g, "o-", ms=3, color=colours[f], label=label)
        ax.set_title(f"depth {deep}, {'at initialisation' if when == 'init' else 'after training'}", fontsize=10)
        ax.set_xlabel("Linear layer (1 = input side)")
        ax.grid(alpha=0.3, which="both")
    axes[0].set_ylabel("gradient RMS per weight (log)")
    axes[0].legend(fontsize=8)
    fig.tight_layout()
    return fig


def _acc_plot(acc: dict, depths: list[int]) -> Any:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(5.5, 3.6))
    ax = fig.subplots()
    for f, label in FAMILIES.items():
        ms = [mean_std(acc[f][d]) for d in depths]
        ax.errorbar(depths, [m for m, _ in ms], yerr=[s for _, s in ms], marker="o", capsize=3, label=label)
    ax.set_xlabel("depth (Linear layers)")
    ax.set_ylabel("validation accuracy")
    ax.set_title("accuracy vs depth (mean ± std over seeds)", fontsize=10)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


__all__ = ["CLAIM", "FAMILIES", "SUMMARY", "layer_gradients", "make_model", "run"]
