"""Activation functions compared: how fast the same network learns with ReLU, sigmoid, tanh, GELU or LeakyReLU, and
how many ReLU units die (output zero for every input, so they get no gradient) at a normal and at a too-high
learning rate.

Every run is the same MLP (three hidden layers) with each activation's recommended initialisation (He for the ReLU
family, Xavier for sigmoid and tanh), the same data order and plain SGD; only the activation changes.
"""

from __future__ import annotations

from typing import Any

import numpy as np

import glassnet as gn
from glassnet import nn
from glassnet.apps.run_folder import AppRun, markdown_table

from ._depth_data import accuracy, image_data, mean_std, pm, train_steps

CLAIM = "\"The activation function matters: ReLU (and its smooth cousins such as GELU) trains faster than sigmoid " \
        "or tanh, because it does not saturate; but a ReLU unit can 'die' (output zero for every input) and " \
        "then never learn again, especially with a learning rate that is too high.\""
SUMMARY = "ReLU vs sigmoid vs tanh vs GELU vs LeakyReLU: steps to reach a loss threshold, and dead ReLU units"

ACTIVATIONS = {"relu": nn.ReLU, "sigmoid": nn.Sigmoid, "tanh": nn.Tanh, "gelu": nn.GELU, "leaky_relu": nn.LeakyReLU}
LR, BATCH, WIDTH, THRESHOLD, SMOOTH = 0.1, 64, 64, 0.5, 20


def make_model(act: str, n_in: int, width: int = WIDTH, hidden: int = 3) -> nn.Sequential:
    """An MLP with ``hidden`` hidden layers of ``width`` units and the named activation."""
    layers: list[Any] = []
    d = n_in
    for _ in range(hidden):
        layers += [nn.Linear(d, width), ACTIVATIONS[act]()]
        d = width
    model = nn.Sequential(*layers, nn.Linear(d, 10))
    for m in model.modules():
        if isinstance(m, nn.Linear):
            _init(m.weight, act)
            nn.init.zeros_(m.bias)
    return model


def _init(w: Any, act: str) -> None:
    """Each activation's recommended initialisation: He for the ReLU family, Xavier (with its gain) otherwise."""
    if act in ("relu", "gelu"):
        nn.init.kaiming_normal_(w, nonlinearity="relu")
    elif act == "leaky_relu":
        nn.init.kaiming_normal_(w, a=0.01, nonlinearity="leaky_relu")
    else:
        nn.init.xavier_normal_(w, gain=nn.init.calculate_gain(act))


def steps_to(losses: list[float], threshold: float, window: int = SMOOTH) -> int | None:
    """The first step at which the moving average of the training loss is below ``threshold`` (None: never)."""
    a = np.asarray(losses, dtype=np.float64)
    if len(a) < window:
        return None
    smooth = np.convolve(a, np.ones(window) / window, mode="valid")
    hit = np.flatnonzero(smooth < threshold)
    return int(hit[0] + window) if hit.size else None


def dead_fraction(model: nn.Module, x: np.ndarray, y: np.ndarray) -> float:
    """Fraction of all ReLU units that output zero for every held-out sample (glassnet.inspect.gradient_flow)."""
    from glassnet.inspect import gradient_flow

    flow = gradient_flow(model, (gn.from_numpy(x), gn.from_numpy(y)), nn.CrossEntropyLoss())
    units = sum(d.units for d in flow.dead_relus)
    return sum(d.dead for d in flow.dead_relus) / units if units else 0.0


def run(run: AppRun, quick: bool, seed: int, verbose: int) -> dict:
    """Train each activation over several seeds; convergence speed; dead ReLUs at normal and high learning rate."""
    seeds = [seed, seed + 1] if quick else [seed, seed + 1, seed + 2]
    steps = 300 if quick else 1000
    high_lr = 1.0
    data = image_data(quick, n_train=5000, n_val=2000, seed=seed, who="activations")
    xtr, ytr, xva, yva = data["x_train"], data["y_train"], data["x_val"], data["y_val"]
    held = slice(0, 500)
    run.section("Setup", f"Data: {data['name']}, {len(ytr)} training and {len(yva)} validation images. Model: MLP "
                         f"{xtr.shape[1]}-{WIDTH}-{WIDTH}-{WIDTH}-10 with the activation under test, its "
                         f"recommended initialisation (He for ReLU, GELU, LeakyReLU; Xavier with gain for sigmoid, "
                         f"tanh), zero biases. Training: plain SGD lr {LR}, batch {BATCH}, {steps} steps, seeds "
                         f"{seeds} (the same data order for every activation). Convergence: the first step at which "
                         f"the training loss, averaged over {SMOOTH} steps, is below {THRESHOLD}. Dead units: ReLU "
                         f"units that output zero for all {held.stop} held-out (validation) images, after training "
                         f"at lr {LR} and at a too-high lr {high_lr}.")
    curves: dict[str, list[list[float]]] = {a: [] for a in ACTIVATIONS}
    reach: dict[str, list[int | None]] = {a: [] for a in ACTIVATIONS}
    val: dict[str, list[float]] = {a: [] for a in ACTIVATIONS}
    dead: dict[str, list[float]] = {"normal": [], "high": []}
    high_curves: list[list[float]] = []
    diverged = 0
    from tqdm.auto import tqdm

    bar = tqdm(total=(len(ACTIVATIONS) + 1) * len(seeds), desc="activations: models", disable=verbose < 1,
               leave=False)
    for s in seeds:
        for a in ACTIVATIONS:
            gn.manual_seed(s)
            model = make_model(a, xtr.shape[1])
            losses = train_steps(model, xtr, ytr, steps, gn.optim.SGD(model.parameters(), lr=LR), BATCH, seed=s)
            curves[a].append(losses)
            reach[a].append(steps_to(losses, THRESHOLD))
            val[a].append(accuracy(model, xva, yva))
            if a == "relu":
                dead["normal"].append(dead_fraction(model, xva[held], yva[held]))
            bar.update(1)
        gn.manual_seed(s)
        model = make_model("relu", xtr.shape[1])
        losses = train_steps(model, xtr, ytr, steps, gn.optim.SGD(model.parameters(), lr=high_lr), BATCH, seed=s)
        if np.isfinite(losses).all():
            high_curves.append(losses)
            dead["high"].append(dead_fraction(model, xva[held], yva[held]))
        else:  # NaN weights output NaN, which is never > 0: counting them as dead units would be an artefact
            diverged += 1
        val.setdefault("relu_high_lr", []).append(accuracy(model, xva, yva))
        bar.update(1)
    bar.close()

    def reach_cell(a: str) -> str:
        hits = [r for r in reach[a] if r is not None]
        never = len(reach[a]) - len(hits)
        cell = pm([float(h) for h in hits], ".0f") if hits else "never"
        return cell + (f" ({never} of {len(reach[a])} seeds never)" if hits and never else "")

    rows = [[a, reach_cell(a), pm([c[-1] for c in curves[a]]), pm(val[a])] for a in ACTIVATIONS]
    dead_rows = [[f"ReLU, lr {LR}", pm(dead["normal"]), pm(val["relu"])],
                 [f"ReLU, lr {high_lr}", (pm(dead["high"]) if dead["high"] else "-")
                  + (f" ({diverged} of {len(seeds)} seeds diverged to NaN, left out)" if diverged else ""),
                  pm(val["relu_high_lr"])]]
    run.section("Results", "Convergence (mean ± std over seeds; steps counted over the seeds that got there):\n\n"
                + markdown_table(["activation", f"steps to loss < {THRESHOLD}", "last batch loss", "val accuracy"],
                                 rows)
                + "\n\nDead ReLU units (fraction of all hidden ReLU units never active on the held-out images):\n\n"
                + markdown_table(["run", "dead fraction", "val accuracy"], dead_rows)
                + "\n\n![Training loss per step](loss_curves.png)")
    run.savefig(_plot(curves, high_curves, high_lr), "loss_curves.png", dpi=90)
    mean_reach = {a: (mean_std([float(r) for r in reach[a]])[0] if all(r is not None for r in reach[a]) else None)
                  for a in ACTIVATIONS}
    metrics = {"seeds": seeds, "steps": steps, "threshold": THRESHOLD, "steps_to_threshold": mean_reach,
               "seeds_reaching_threshold": {a: sum(r is not None for r in reach[a]) for a in ACTIVATIONS},
               "val_accuracy": {a: mean_std(v)[0] for a, v in val.items()},
               "dead_relu_fraction": {k: mean_std(v)[0] if v else None for k, v in dead.items()},
               "high_lr": high_lr, "high_lr_diverged": diverged}
    metrics["verdict"] = _verdict(metrics, steps)
    return metrics


def _verdict(m: dict, steps: int) -> str:
    r = m["steps_to_threshold"]
    order = sorted(r, key=lambda a: (r[a] is None, r[a] or 0))
    fastest = order[0]

    def said(a: str) -> str:
        if r[a] is not None:
            return f"{a} in {r[a]:.0f} steps"
        n = m["seeds_reaching_threshold"][a]
        return f"{a} never within {steps} steps" if n == 0 else f"{a} in only {n} of {len(m['seeds'])} seeds"

    speed = (f"{said(fastest)} first reached a training loss of {m['threshold']}" if r[fastest] is not None else
             f"no activation reached a training loss of {m['threshold']} in every seed")
    others = ", ".join(said(a) for a in order[1:])
    def vs(a: str) -> str:
        faster = r["relu"] is not None and (r[a] is None or r["relu"] < r[a])
        return f"{'faster' if faster else 'NOT faster'} than {a}"

    d = m["dead_relu_fraction"]
    div = m["high_lr_diverged"]
    div_note = f"; {div} of {len(m['seeds'])} runs at lr {m['high_lr']} diverged to NaN" if div else ""
    hi = m["high_lr"]
    if d["high"] is None:
        dead = f"every run at lr {hi} diverged to NaN, so its dead units could not be counted"
    elif d["high"] > d["normal"]:
        dead = f"at lr {hi} {d['high']:.0%} of the ReLU units died (vs {d['normal']:.0%} at lr {LR}){div_note}"
    else:
        dead = f"the too-high lr {hi} did not kill more ReLU units ({d['high']:.0%} vs {d['normal']:.0%}){div_note}"
    return (f"{speed[0].upper()}{speed[1:]} ({others}), so ReLU was {vs('sigmoid')} and {vs('tanh')}; {dead}.")


def _plot(curves: dict, high: list[list[float]], high_lr: float) -> Any:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6.5, 3.8))
    ax = fig.subplots()
    w = SMOOTH
    for a, cs in curves.items():
        mean = np.mean(np.asarray(cs), axis=0)
        ax.plot(np.arange(w, len(mean) + 1), np.convolve(mean, np.ones(w) / w, mode="valid"), label=a)
    if high:
        mean = np.mean(np.asarray(high), axis=0)
        ax.plot(np.arange(w, len(mean) + 1), np.convolve(mean, np.ones(w) / w, mode="valid"), "k:",
                label=f"relu, lr {high_lr}")
    ax.axhline(THRESHOLD, color="gray", lw=0.8, ls="--")
    ax.set_xlabel("SGD step")
    ax.set_ylabel(f"training loss ({w}-step average, mean over seeds)")
    ax.set_yscale("log")
    ax.grid(alpha=0.3, which="both")
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


__all__ = ["ACTIVATIONS", "CLAIM", "SUMMARY", "dead_fraction", "make_model", "run", "steps_to"]
