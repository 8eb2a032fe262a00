"""Remake the structure figures of docs/inspect/ for LeNet-5 on MNIST (the README shows them).

    PYTHONPATH=src python docs/inspect/make_structure_figures.py [MNIST_DIR]

MNIST_DIR holds the MNIST IDX files (default: $GLASSNET_DATA/mnist, else ../shared/data/mnist); without
them the training step runs on random images (the drawings are the same, the gradient norms differ).
Writes lenet5_summary.txt, lenet5_trace.txt, lenet5_network.svg, lenet5_train_step_graph.svg and
mlp_neurons.svg.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import glassnet
from glassnet import nn
from glassnet.inspect import draw_graph, draw_network, summary, trace, track_modules
from glassnet.models import LeNet5

HERE = Path(__file__).resolve().parent


def mnist_batch(n: int) -> tuple[glassnet.Tensor, glassnet.Tensor]:
    """The first n MNIST test digits scaled to [0, 1], or random images when MNIST is not found."""
    from glassnet.data.datasets import MNIST

    candidates = [Path(sys.argv[1])] if len(sys.argv) > 1 else []
    if os.environ.get("GLASSNET_DATA"):
        candidates.append(Path(os.environ["GLASSNET_DATA"]))
    candidates.append(HERE.parents[2] / ".." / "shared" / "data")
    for root in candidates:
        try:
            ds = MNIST(root, train=False)
        except (OSError, ValueError):
            continue
        x = ds.data[:n].float().unsqueeze(1) / 255.0
        return x, ds.targets[:n]
    print("MNIST not found: the training step uses random images", file=sys.stderr)
    return glassnet.rand(n, 1, 28, 28), glassnet.arange(n)


def main() -> None:
    glassnet.manual_seed(0)
    model = LeNet5()
    stats = summary(model, (1, 1, 28, 28), verbose=0)
    (HERE / "lenet5_summary.txt").write_text(str(stats) + "\n", encoding="utf-8")

    x, y = mnist_batch(4)
    (HERE / "lenet5_trace.txt").write_text(str(trace(model, x)) + "\n", encoding="utf-8")
    draw_network(model, (1, 1, 28, 28), HERE / "lenet5_network.svg")

    # One training step: forward under track_modules (so every op is boxed by its layer), loss, backward.
    opt = glassnet.optim.SGD(model.parameters(), lr=0.1)
    with track_modules(model):
        loss = nn.functional.cross_entropy(model(x), y)
    opt.zero_grad()
    loss.backward()
    draw_graph(loss, HERE / "lenet5_train_step_graph.svg", params=model)
    opt.step()

    mlp = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 6), nn.ReLU(), nn.Linear(6, 3))
    draw_network(mlp, (1, 4), HERE / "mlp_neurons.svg")
    for name in sorted(p.name for p in HERE.iterdir() if p.suffix in (".svg", ".txt")):
        print(f"{name}: {(HERE / name).stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
