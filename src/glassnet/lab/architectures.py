"""The right architecture for the data: an MLP vs a CNN on images, and an MLP vs a GRU on sequences that need
memory, each pair at (nearly) the same number of parameters so the difference is the wiring, not the size.

The sequence task is generated: sequences of 2..T symbols from an alphabet of 4, left-padded to length T; the label
says whether the first symbol equals the last. The last symbol always sits at the end, but the first one moves with
the length, so a model must find where the sequence starts and remember what it saw there.
"""

from __future__ import annotations

from typing import Any

import numpy as np

import glassnet as gn
from glassnet import nn
from glassnet.apps.run_folder import AppRun, markdown_table

from ._depth_data import accuracy, image_data, mean_std, pm, train_steps

CLAIM = "\"Choose the architecture for the data: CNNs for images (local patterns, shared weights), RNNs such as the " \
        "GRU for sequences (a memory carried from step to step), plain MLPs for fixed-size tabular inputs.\""
SUMMARY = "MLP vs CNN on Fashion-MNIST and MLP vs GRU on a memory task, at equal parameter counts"

ALPHABET, BATCH = 4, 64


def n_params(model: nn.Module) -> int:
    """The number of trainable parameters."""
    return sum(int(p.numel()) for p in model.parameters() if p.requires_grad)


def make_cnn(side: int) -> nn.Sequential:
    """Two 3x3 conv + ReLU + 2x2 max-pool stages, then one Linear: the image CNN."""
    c1, c2 = (16, 32) if side >= 28 else (8, 16)
    return nn.Sequential(nn.Conv2d(1, c1, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(c1, c2, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(c2 * (side // 4) ** 2, 10))


def make_mlp(n_in: int, n_out: int, budget: int) -> nn.Sequential:
    """One hidden ReLU layer, as wide as ``budget`` parameters allow (n_in*h + h + h*n_out + n_out ~ budget)."""
    h = max(1, round((budget - n_out) / (n_in + 1 + n_out)))
    return nn.Sequential(nn.Flatten(), nn.Linear(n_in, h), nn.ReLU(), nn.Linear(h, n_out))


class GRUClassifier(nn.Module):
    """A GRU over one-hot symbols; its last hidden state goes through one Linear to two classes."""

    def __init__(self, n_symbols: int, hidden: int) -> None:
        super().__init__()
        self.gru = nn.GRU(n_symbols, hidden, batch_first=True)
        self.head = nn.Linear(hidden, 2)

    def forward(self, x: Any) -> Any:
        _, h = self.gru(x)
        return self.head(h[-1])


def first_equals_last(n: int, length: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """``n`` one-hot sequences (n, length, ALPHABET + 1), left-padded (symbol 0 = padding); label 1 if first == last.

    Half the sequences are positive; lengths are uniform in 2..length.
    """
    sym = rng.integers(1, ALPHABET + 1, size=(n, length))
    lens = rng.integers(2, length + 1, size=n)
    start = length - lens
    first = sym[np.arange(n), start]
    y = (rng.random(n) < 0.5).astype(np.int64)
    other = (first - 1 + rng.integers(1, ALPHABET, size=n)) % ALPHABET + 1  # any symbol but the first
    sym[:, -1] = np.where(y == 1, first, other)
    sym[np.arange(length)[None, :] < start[:, None]] = 0
    return np.eye(ALPHABET + 1, dtype=np.float32)[sym], y


def run(run: AppRun, quick: bool, seed: int, verbose: int) -> dict:
    """Images: MLP vs CNN; sequences: MLP vs GRU; equal parameters, several seeds."""
    seeds = [seed, seed + 1]
    img_steps, seq_steps, length, hidden = (300, 400, 10, 16) if quick else (400, 1500, 20, 24)
    data = image_data(quick, n_train=6000, n_val=2000, seed=seed, dataset="fashion-mnist", flatten=False,
                      who="architectures")
    side = data["side"]
    rng = np.random.default_rng(seed)
    xs_tr, ys_tr = first_equals_last(4000, length, rng)
    xs_va, ys_va = first_equals_last(2000, length, rng)
    gn.manual_seed(seed)
    sizes = {"cnn": n_params(make_cnn(side))}
    sizes["mlp_img"] = n_params(make_mlp(side * side, 10, sizes["cnn"]))
    sizes["gru"] = n_params(GRUClassifier(ALPHABET + 1, hidden))
    sizes["mlp_seq"] = n_params(make_mlp(length * (ALPHABET + 1), 2, sizes["gru"]))
    run.section("Setup", f"Images: {data['name']}, {len(data['y_train'])} training and {len(data['y_val'])} "
                         f"validation images; CNN (two conv 3x3 + ReLU + max-pool stages, one Linear) vs an MLP with "
                         f"one hidden layer as wide as the same parameter budget allows; Adam lr 1e-3, batch {BATCH}, "
                         f"{img_steps} steps each. Sequences: 'is the first symbol equal to the last?' over "
                         f"{ALPHABET} symbols, lengths 2..{length}, left-padded to {length} (one-hot), "
                         f"{len(ys_tr)} training and {len(ys_va)} validation sequences, half positive (chance: 50%); "
                         f"GRU (hidden {hidden}) + Linear on its last state vs an MLP on the flattened one-hot "
                         f"sequence with the same budget; Adam lr 3e-3, batch {BATCH}, {seq_steps} steps each. "
                         f"Seeds {seeds}.")
    acc: dict[str, list[float]] = {k: [] for k in sizes}
    curves: dict[str, list[list[float]]] = {k: [] for k in sizes}
    from tqdm.auto import tqdm

    bar = tqdm(total=4 * len(seeds), desc="architectures: models", disable=verbose < 1, leave=False)
    for s in seeds:
        for key in sizes:
            gn.manual_seed(s)
            if key in ("cnn", "mlp_img"):
                model = make_cnn(side) if key == "cnn" else make_mlp(side * side, 10, sizes["cnn"])
                x, y, xv, yv, steps, lr = (data["x_train"], data["y_train"], data["x_val"], data["y_val"],
                                           img_steps, 1e-3)
            else:
                model = (GRUClassifier(ALPHABET + 1, hidden) if key == "gru"
                         else make_mlp(length * (ALPHABET + 1), 2, sizes["gru"]))
                x, y, xv, yv, steps, lr = xs_tr, ys_tr, xs_va, ys_va, seq_steps, 3e-3
            curves[key].append(train_steps(model, x, y, steps, gn.optim.Adam(model.parameters(), lr=lr), BATCH,
                                           seed=s))
            acc[key].append(accuracy(model, xv, yv, batch_size=500))
            bar.update(1)
    bar.close()
    labels = {"mlp_img": "MLP (images)", "cnn": "CNN (images)", "mlp_seq": "MLP (sequences)",
              "gru": "GRU (sequences)"}
    rows = [[labels[k], f"{sizes[k]:,}", pm(acc[k])] for k in ("mlp_img", "cnn", "mlp_seq", "gru")]
    run.section("Results", "Validation accuracy (mean ± std over seeds) at matched parameter counts:\n\n"
                + markdown_table(["model", "parameters", "val accuracy"], rows)
                + "\n\n![Training loss per step](curves.png)")
    run.savefig(_plot(curves, labels), "curves.png", dpi=90)
    metrics = {"seeds": seeds, "parameters": sizes, "accuracy": {k: mean_std(v)[0] for k, v in acc.items()},
               "accuracy_std": {k: mean_std(v)[1] for k, v in acc.items()}, "sequence_length": length}
    metrics["verdict"] = _verdict(metrics)
    return metrics


def _verdict(m: dict) -> str:
    a, p = m["accuracy"], m["parameters"]

    def pair(winner: str, loser: str, what: str, names: tuple[str, str]) -> str:
        d = a[winner] - a[loser]
        verb = "beat" if d > 0.01 else "matched" if abs(d) <= 0.01 else "lost to"
        return (f"on {what} the {names[0]} ({p[winner]:,} parameters) {verb} the {names[1]} ({p[loser]:,}): "
                f"{a[winner]:.1%} vs {a[loser]:.1%}")

    return (f"At matched size, {pair('cnn', 'mlp_img', 'images', ('CNN', 'MLP'))}, and "
            f"{pair('gru', 'mlp_seq', 'the first-equals-last sequences', ('GRU', 'MLP'))} (chance 50%).")


def _plot(curves: dict, labels: dict) -> Any:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(9, 3.4))
    axes = fig.subplots(1, 2)
    w = 20
    for ax, keys, title in zip(axes, (("mlp_img", "cnn"), ("mlp_seq", "gru")), ("images", "sequences")):
        for k in keys:
            mean = np.mean(np.asarray(curves[k]), axis=0)
            ax.plot(np.arange(w, len(mean) + 1), np.convolve(mean, np.ones(w) / w, mode="valid"), label=labels[k])
        ax.set_title(title, fontsize=10)
        ax.set_xlabel("step")
        ax.set_ylabel(f"training loss ({w}-step average)")
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


__all__ = ["CLAIM", "GRUClassifier", "SUMMARY", "first_equals_last", "make_cnn", "make_mlp", "n_params", "run"]
