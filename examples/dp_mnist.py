"""Differentially private MNIST: test accuracy and membership-inference advantage at epsilon 1, 3, 8 and without DP.

Each row trains the same MLP (784-256-10) from the same initial weights for the same number of epochs:
with DP-SGD (``glassnet.privacy.make_private`` with ``target_epsilon``: Poisson sampling, per-example
clipping to ``--clip``, Gaussian noise solved for the budget at delta = 1e-5) or with plain SGD. It then
reports the test accuracy and the advantage (TPR - FPR at the best loss threshold) of a
membership-inference attacker who tells training examples from held-out ones by their loss. The
held-out examples are a random part of MNIST's training file, not its test file: the test file comes
from other writers, and an attack on it would measure that shift rather than memorisation.

Usage: ``PYTHONPATH=src python examples/dp_mnist.py --data /path/to/mnist [--epochs 3] [--subset N]``
(the folder holds the four IDX files). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

import glassnet
import glassnet.nn.functional as F
from glassnet import nn, optim
from glassnet.data import DataLoader, TensorDataset
from glassnet.data.datasets.mnist import read_idx
from glassnet.privacy import make_private, membership_inference_advantage


def load(folder: Path, prefix: str) -> tuple[np.ndarray, np.ndarray]:
    x = read_idx(folder / f"{prefix}-images-idx3-ubyte.gz").reshape(-1, 784).astype(np.float32) / 255.0
    y = read_idx(folder / f"{prefix}-labels-idx1-ubyte.gz").astype(np.int64)
    return (x - 0.1307) / 0.3081, y


def mlp() -> nn.Module:
    return nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))


def accuracy(model: nn.Module, x: np.ndarray, y: np.ndarray) -> float:
    with glassnet.no_grad():
        pred = model(glassnet.tensor(x)).argmax(1)._data
    return float((pred == y).mean())


def run(epsilon: float | None, train: tuple, held_out: tuple, test: tuple, args: argparse.Namespace) -> dict:
    glassnet.manual_seed(args.seed)
    net = mlp()
    ds = TensorDataset(glassnet.tensor(train[0]), glassnet.tensor(train[1]))
    loader = DataLoader(ds, batch_size=args.batch_size, shuffle=True)
    opt = optim.SGD(net.parameters(), lr=args.lr if epsilon is not None else args.lr_plain, momentum=0.9)
    model, dp_opt = net, opt
    if epsilon is not None:
        model, dp_opt, loader = make_private(net, opt, loader, target_epsilon=epsilon, target_delta=args.delta,
                                             epochs=args.epochs, max_grad_norm=args.clip)
    start = time.perf_counter()
    for _ in range(args.epochs):
        for xb, yb in loader:
            dp_opt.zero_grad()
            F.cross_entropy(model(xb), yb).backward()
            dp_opt.step()
    seconds = time.perf_counter() - start
    n = min(args.attack_n, len(held_out[1]), len(train[1]))
    members = (glassnet.tensor(train[0][:n]), glassnet.tensor(train[1][:n]))
    non_members = (glassnet.tensor(held_out[0][:n]), glassnet.tensor(held_out[1][:n]))
    return {
        "epsilon": dp_opt.get_epsilon() if epsilon is not None else None,
        "noise_multiplier": dp_opt.noise_multiplier if epsilon is not None else None,
        "test_accuracy": accuracy(net, *test),
        "train_accuracy": accuracy(net, train[0][:n], train[1][:n]),
        "mia_advantage": membership_inference_advantage(net, members, non_members),
        "seconds": seconds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/mnist"))
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--subset", type=int, default=50000, help="train on N random training images; the "
                        "rest of the training file is held out for the attack")
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--lr", type=float, default=0.1, help="DP-SGD learning rate")
    parser.add_argument("--lr-plain", type=float, default=0.05, help="non-private SGD learning rate")
    parser.add_argument("--clip", type=float, default=1.0)
    parser.add_argument("--delta", type=float, default=1e-5)
    parser.add_argument("--attack-n", type=int, default=5000, help="members and non-members the attacker sees")
    parser.add_argument("--epsilons", default="1,3,8,none")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    train, test = load(args.data, "train"), load(args.data, "t10k")
    perm = np.random.default_rng(args.seed).permutation(len(train[1]))
    held_out = (train[0][perm[args.subset:]], train[1][perm[args.subset:]])
    train = (train[0][perm[:args.subset]], train[1][perm[:args.subset]])
    print(f"MNIST, {len(train[1])} training images, MLP 784-256-10, {args.epochs} epochs, batch {args.batch_size}, "
          f"clip {args.clip}, delta {args.delta:g}; attack on {min(args.attack_n, len(held_out[1]))} members + "
          "as many held-out training images")
    print("| target epsilon | epsilon spent | noise multiplier | test accuracy | MIA advantage | train time (s) |")
    print("|---|---|---|---|---|---|")
    for e in args.epsilons.split(","):
        eps = None if e.strip().lower() == "none" else float(e)
        r = run(eps, train, held_out, test, args)
        spent = f"{r['epsilon']:.2f}" if r["epsilon"] is not None else "-"
        sigma = f"{r['noise_multiplier']:.2f}" if r["noise_multiplier"] is not None else "-"
        label = f"{eps:g}" if eps is not None else "non-private"
        print(f"| {label} | {spent} | {sigma} | {r['test_accuracy']:.4f} | {r['mia_advantage']:.4f} | "
              f"{r['seconds']:.0f} |", flush=True)


if __name__ == "__main__":
    main()
