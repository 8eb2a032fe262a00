"""Remake the gradient and attribution figures of docs/inspect/ for LeNet-5 on MNIST (the README shows them).

    PYTHONPATH=src python docs/inspect/make_gradient_figures.py [MNIST_DIR]

MNIST_DIR holds the MNIST IDX files (default: $GLASSNET_DATA, else ../shared/data next to the repository).
Trains LeNet-5 for 3 short epochs on 6,000 training digits with a GradientMonitor (about a minute on
two cores), then writes lenet5_gradient_flow.png, lenet5_gradient_monitor.png, sigmoid20_gradient_flow.png,
lenet5_integrated_gradients.png, lenet5_grad_cam.png, lenet5_filters.png and lenet5_confusion_matrix.png,
and prints the integrated-gradients convergence deltas and timing.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import numpy as np

import glassnet
from glassnet import nn, optim
from glassnet.inspect import (
    GradientMonitor,
    IntegratedGradients,
    confusion_matrix_figure,
    conv_filters_figure,
    explain,
    gradient_flow,
    save_figure,
)
from glassnet.models import LeNet5

HERE = Path(__file__).resolve().parent
DPI = 70


def mnist(train: bool):
    from glassnet.data.datasets import MNIST

    candidates = [Path(sys.argv[1])] if len(sys.argv) > 1 else []
    if os.environ.get("GLASSNET_DATA"):
        candidates.append(Path(os.environ["GLASSNET_DATA"]))
    candidates.append(HERE.parents[2] / ".." / "shared" / "data")
    for root in candidates:
        try:
            return MNIST(root, train=train).as_tensor_dataset().tensors
        except (OSError, ValueError):
            continue
    sys.exit("MNIST not found: give its folder as the first argument")


def attribution_grid(results: list, path: Path) -> None:
    """One row per digit: the digit, its attribution map, and the map over the digit."""
    from matplotlib.figure import Figure

    from glassnet.inspect.explanation import SIGNED

    fig = Figure(figsize=(6.0, 2.0 * len(results)))
    axes = fig.subplots(len(results), 3, squeeze=False)
    for row, r in zip(axes, results):
        img = r.input.numpy()[0, 0]
        h = r.heatmap()
        lim = float(np.abs(h).max()) or 1.0
        kw = dict(cmap="RdBu_r", vmin=-lim, vmax=lim) if r.method in SIGNED else dict(cmap="inferno", vmin=0,
                                                                                       vmax=lim)
        row[0].imshow(img, cmap="gray")
        row[0].set_title(f"predicted {r.target} ({r.score:.1f})", fontsize=8)
        row[1].imshow(h, **kw)
        row[1].set_title(r.method + (f", delta {r.convergence_delta:.1e}" if r.convergence_delta is not None
                                     else ""), fontsize=8)
        row[2].imshow(img, cmap="gray")
        row[2].imshow(h, alpha=0.55, interpolation="bilinear", **kw)
        row[2].set_title("overlay", fontsize=8)
        for ax in row:
            ax.set_xticks([])
            ax.set_yticks([])
    fig.tight_layout()
    save_figure(fig, path, dpi=DPI)


def main() -> None:
    glassnet.manual_seed(0)
    x, y = mnist(train=True)
    xt, yt = mnist(train=False)
    x, y = x[:6000], y[:6000]
    loss = nn.CrossEntropyLoss()

    # A deep sigmoid MLP: the textbook case of vanishing gradients.
    layers: list = [nn.Flatten()]
    for i in range(19):
        layers += [nn.Linear(784 if i == 0 else 64, 64), nn.Sigmoid()]
    deep = nn.Sequential(*layers, nn.Linear(64, 10))
    flow = gradient_flow(deep, (x[:128], y[:128]), loss)
    print(f"20-layer sigmoid MLP: {len(flow.vanishing)} of {len(flow.layers)} layers flagged as vanishing")
    save_figure(flow.figure(), HERE / "sigmoid20_gradient_flow.png", dpi=DPI)

    model = LeNet5()
    opt = optim.Adam(model.parameters(), lr=2e-3)
    flow = gradient_flow(model, (x[:128], y[:128]), loss, optimizer=opt)
    print(flow)
    save_figure(flow.figure(), HERE / "lenet5_gradient_flow.png", dpi=DPI)

    monitor = GradientMonitor()
    fit_start = time.perf_counter()
    glassnet.train.fit(model, (x, y), loss=loss, optimizer=opt, epochs=3, batch_size=64, verbose=0,
                       callbacks=[monitor])
    print(f"trained in {time.perf_counter() - fit_start:.0f} s")
    save_figure(monitor.figure(), HERE / "lenet5_gradient_monitor.png", dpi=DPI)
    model.eval()

    with glassnet.no_grad():
        pred = glassnet.cat([model(xt[i:i + 1000]) for i in range(0, 10000, 1000)]).argmax(1)
    from glassnet.train.metrics import confusion_matrix

    cm = confusion_matrix(yt, pred, num_classes=10)
    save_figure(confusion_matrix_figure(cm, title="LeNet-5, MNIST test"), HERE / "lenet5_confusion_matrix.png",
                dpi=DPI)
    save_figure(conv_filters_figure(model), HERE / "lenet5_filters.png", dpi=DPI)

    digits = [xt[i:i + 1] for i in (0, 1, 2, 3)]  # a 7, a 2, a 1 and a 0
    ig = [explain(model, d, "integrated-gradients") for d in digits]
    cams = [explain(model, d, "grad-cam") for d in digits]
    for r in ig:
        print(f"integrated gradients, class {r.target}: score {r.score:.3f}, convergence delta "
              f"{r.convergence_delta:.2e}")
    attribution_grid(ig, HERE / "lenet5_integrated_gradients.png")
    attribution_grid(cams, HERE / "lenet5_grad_cam.png")

    times = []
    for _ in range(5):
        start = time.perf_counter()
        IntegratedGradients(model).attribute(digits[0], target=ig[0].target, n_steps=50)
        times.append(time.perf_counter() - start)
    print(f"integrated gradients, 50 steps, one digit: best {min(times) * 1000:.0f} ms of 5")


if __name__ == "__main__":
    main()
