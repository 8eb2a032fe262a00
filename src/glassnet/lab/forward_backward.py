"""C.H.O.P. on a live network: Capture the input, Hidden layers transform it, Output the prediction, Propagate
the error back; then one SGD update and the loss going down.

The network is tiny on purpose (4 inputs, 3 sigmoid hidden units, 2 outputs) so every number fits on a page. The
inputs are real: the shipped 8x8 digits 0 and 1, each summarised as the mean ink of four vertical bands
(a 0 has ink at the sides, a 1 in the middle), standardised. The model
is float64 so the hand chain rule, autograd and a finite difference can be compared to many digits.
"""

from __future__ import annotations

from typing import Any

import numpy as np

import glassnet as gn
from glassnet import nn
from glassnet.apps.run_folder import AppRun, markdown_table

CLAIM = ("\"Forward propagation passes the input through the layers to a prediction; backward propagation sends the "
         "error back with the chain rule so every weight learns how to change\" (the C.H.O.P. memory trick: "
         "Capture, Hidden, Output, Propagate).")
SUMMARY = "C.H.O.P.: one batch forward layer by layer, the chain rule for one weight, one SGD update, the loss falling"

N_SAMPLES = 4
LR = 1.0


def _bands(images: np.ndarray) -> np.ndarray:
    """(N, 8, 8) digits in [0, 16] -> (N, 4) mean ink of four vertical bands, two columns wide, left to right."""
    x = images.astype(np.float64) / 16.0
    return np.stack([x[:, :, 2 * b:2 * b + 2].mean((1, 2)) for b in range(4)], axis=1)


def _batch(seed: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """``n`` real digits, half 0s and half 1s, as standardised band features; labels 0/1."""
    from glassnet.data.datasets import load_digits_arrays

    images, labels = load_digits_arrays("train")
    feats = _bands(images[labels <= 1])
    # standardised with the statistics of all shipped training 0s and 1s, so no input dominates the hidden sums
    mean, std = feats.mean(0), feats.std(0)
    rng = np.random.default_rng(seed)
    zeros = rng.permutation(np.flatnonzero(labels == 0))[:(n + 1) // 2]
    ones = rng.permutation(np.flatnonzero(labels == 1))[:n // 2]
    idx = rng.permutation(np.concatenate([zeros, ones]))
    return (_bands(images[idx]) - mean) / std, labels[idx].astype(np.int64)


def _model(seed: int) -> nn.Sequential:
    gn.manual_seed(seed)
    return nn.Sequential(nn.Linear(4, 3), nn.Sigmoid(), nn.Linear(3, 2)).double()


def _arr(a: Any, digits: int = 4) -> str:
    return np.array2string(np.asarray(a), precision=digits, suppress_small=True, max_line_width=110)


def chop(seed: int = 0, steps: int = 25) -> dict[str, Any]:
    """Run the C.H.O.P. walk-through and return its numbers and the text that explains them."""
    x_np, y_np = _batch(seed, N_SAMPLES)
    model = _model(seed)
    lin1, lin2 = model[0], model[2]
    x, y = gn.from_numpy(x_np), gn.from_numpy(y_np)
    # C, H, O: the forward pass kept layer by layer so each intermediate can be shown
    z1 = lin1(x)
    h = model[1](z1)
    logits = lin2(h)
    loss = nn.functional.cross_entropy(logits, y)
    probs = nn.functional.softmax(logits, dim=1)
    # P: autograd's gradient of the one weight we follow: W1[j, i] joins input i to hidden unit j
    loss.backward()
    j, i = 0, 0
    w = lin1.weight
    auto = float(w.grad.numpy()[j, i])
    # the same gradient by hand with the chain rule, sample by sample
    p, z1n, hn, w2 = probs.detach().numpy(), z1.detach().numpy(), h.detach().numpy(), lin2.weight.detach().numpy()
    onehot = np.eye(2)[y_np]
    dlogits = (p - onehot) / N_SAMPLES                        # dL/dlogits of mean cross-entropy
    dh = dlogits @ w2                                         # dL/dh: back through the output layer
    dz1 = dh * hn * (1 - hn)                                  # dL/dz1: times sigmoid'(z1) = h (1 - h)
    terms = dz1[:, j] * x_np[:, i]                            # dL/dw = sum_n dL/dz1[n, j] * dz1[n, j]/dw
    hand = float(terms.sum())
    fd = _finite_difference(model, x, y, j, i)
    # one SGD update
    opt = gn.optim.SGD(model.parameters(), lr=LR)
    w_before = float(w.detach().numpy()[j, i])
    opt.step()
    w_after = float(w.detach().numpy()[j, i])
    # the loss going down: more steps of the same update on the same batch
    losses = [float(loss.item())]
    for _ in range(steps):
        opt.zero_grad()
        step_loss = nn.functional.cross_entropy(model(x), y)
        step_loss.backward()
        opt.step()
        losses.append(float(step_loss.item()))
    with gn.no_grad():
        losses.append(float(nn.functional.cross_entropy(model(x), y).item()))
    # losses[k] is the loss after k updates (k = 0 .. steps + 1)
    out = {"x": x_np, "y": y_np, "W1": lin1.weight.detach().numpy(), "z1": z1n, "h": hn,
           "logits": logits.detach().numpy(), "probs": p, "loss": losses[0], "dlogits": dlogits, "dh": dh,
           "dz1": dz1, "terms": terms, "j": j, "i": i, "grad_hand": hand, "grad_autograd": auto,
           "grad_finite_difference": fd, "w_before": w_before, "w_after": w_after, "lr": LR, "losses": losses}
    out["text"] = _walkthrough_text(out)
    return out


def _finite_difference(model: nn.Sequential, x: Any, y: Any, j: int, i: int, eps: float = 1e-6) -> float:
    """(L(w + eps) - L(w - eps)) / 2 eps for W1[j, i], weights restored afterwards."""
    w = model[0].weight
    base = w.detach().numpy().copy()
    values = []
    with gn.no_grad():
        for sign in (1, -1):
            moved = base.copy()
            moved[j, i] += sign * eps
            w.copy_(gn.from_numpy(moved))
            values.append(float(nn.functional.cross_entropy(model(x), y).item()))
        w.copy_(gn.from_numpy(base))
    return (values[0] - values[1]) / (2 * eps)


def _walkthrough_text(r: dict[str, Any]) -> str:
    j, i, n = r["j"], r["i"], len(r["y"])
    lines = [
        f"C - Capture the input: {n} real 8x8 digits (labels {r['y'].tolist()}), each as the mean ink of 4 "
        "vertical bands (left to right), standardised; x has shape "
        f"{tuple(r['x'].shape)}:", _arr(r["x"]), "",
        f"H - Hidden layer: z1 = x W1^T + b1, shape {tuple(r['z1'].shape)}:", _arr(r["z1"]),
        f"    h = sigmoid(z1), shape {tuple(r['h'].shape)}:", _arr(r["h"]), "",
        f"O - Output: logits = h W2^T + b2, shape {tuple(r['logits'].shape)}:", _arr(r["logits"]),
        "    softmax probabilities (column 0: 'digit 0', column 1: 'digit 1'):", _arr(r["probs"]),
        f"    cross-entropy loss (mean over the {n} samples) L = {r['loss']:.6f}", "",
        f"P - Propagate the error back to ONE weight, w = W1[{j},{i}] (input {i} -> hidden unit {j}):",
        f"    dL/dlogits = (softmax - onehot) / {n}:", _arr(r["dlogits"]),
        "    dL/dh = dL/dlogits W2:", _arr(r["dh"]),
        "    dL/dz1 = dL/dh * h * (1 - h)   (sigmoid' = h (1 - h)):", _arr(r["dz1"]),
        f"    dL/dw = sum over samples of dL/dz1[n,{j}] * dz1[n,{j}]/dw, and dz1[n,{j}]/dw = x[n,{i}]:",
    ]
    for k in range(n):
        lines.append(f"      sample {k}: {r['dz1'][k, j]: .6e} * {r['x'][k, i]:.6f} = {r['terms'][k]: .6e}")
    diff_auto = abs(r["grad_hand"] - r["grad_autograd"])
    diff_fd = abs(r["grad_hand"] - r["grad_finite_difference"])
    lines += [
        f"    dL/dw by hand         = {r['grad_hand']: .12e}",
        f"    autograd's w.grad     = {r['grad_autograd']: .12e}   (difference {diff_auto:.1e})",
        f"    finite difference     = {r['grad_finite_difference']: .12e}   (difference {diff_fd:.1e})", "",
        "Update (SGD): w_new = w - lr * dL/dw",
        f"    {r['w_before']:.6f} - {r['lr']} * {r['grad_autograd']:.6f} = {r['w_after']:.6f}", "",
        f"The loss over {len(r['losses']) - 1} such updates on this batch: "
        + ", ".join(f"{v:.4f}" for v in r["losses"][:6]) + (" ... " if len(r["losses"]) > 6 else "")
        + f"{r['losses'][-1]:.4f}",
    ]
    return "\n".join(lines)


def chop_walkthrough(seed: int = 0) -> str:
    """The C.H.O.P. walk-through (forward, chain rule for one weight, one update, loss falling) as plain text."""
    return chop(seed)["text"]


def _verdict(r: dict[str, Any]) -> str:
    first, last = r["losses"][0], r["losses"][-1]
    d_auto = abs(r["grad_hand"] - r["grad_autograd"])
    d_fd = abs(r["grad_hand"] - r["grad_finite_difference"])
    fell = "fell" if last < first else "did not fall: it went"
    agree = "matched" if d_auto <= 1e-8 * max(1.0, abs(r["grad_autograd"])) else "did NOT match"
    return (f"The loss {fell} from {first:.4f} to {last:.4f} in {len(r['losses']) - 1} SGD steps; the hand chain "
            f"rule {agree} autograd's gradient {_within(d_auto)} and a finite difference {_within(d_fd)}.")


def _within(d: float) -> str:
    return "exactly" if d == 0 else f"to within {d:.0e}"


def run(run: AppRun, quick: bool, seed: int, verbose: int) -> dict:
    """Walk one batch through C.H.O.P., check the chain rule three ways, update, and watch the loss fall."""
    r = chop(seed, steps=15 if quick else 40)
    run.section("Setup", f"A 4-3-2 network (Linear, Sigmoid, Linear; float64 so the checks are exact to many "
                         f"digits) on {N_SAMPLES} real digits (0s and 1s from the shipped 8x8 set), each summarised "
                         f"as the mean ink of four vertical bands (standardised). Loss: mean cross-entropy. "
                         f"Optimizer: plain SGD, lr {LR}, on this one batch. Seed {seed}.")
    run.section("The walk-through", "```\n" + r["text"] + "\n```")
    checks = [["hand chain rule", f"{r['grad_hand']:.12e}", "-"],
              ["autograd (.grad)", f"{r['grad_autograd']:.12e}", f"{abs(r['grad_hand'] - r['grad_autograd']):.1e}"],
              ["finite difference (eps 1e-6)", f"{r['grad_finite_difference']:.12e}",
               f"{abs(r['grad_hand'] - r['grad_finite_difference']):.1e}"]]
    head = ["method", "dL/dw", "difference from the hand value"]
    run.section("Results", "dL/dW1[0,0], three ways:\n\n" + markdown_table(head, checks)
                + "\n\nThe loss after each SGD step (step 0: before any update; every step up to 10, then every 5th):"
                  "\n\n" + markdown_table(["step", "loss"], [[k, v] for k, v in enumerate(r["losses"])
                                                            if k <= 10 or k % 5 == 0 or k == len(r["losses"]) - 1],
                                          floatfmt=".5f")
                + "\n\n![The loss going down](loss.png)")
    run.savefig(_plot(r["losses"]), "loss.png", dpi=90)
    return {"loss_start": r["losses"][0], "loss_end": r["losses"][-1], "steps": len(r["losses"]) - 1,
            "grad_hand": r["grad_hand"], "grad_autograd": r["grad_autograd"],
            "grad_finite_difference": r["grad_finite_difference"],
            "hand_vs_autograd": abs(r["grad_hand"] - r["grad_autograd"]),
            "hand_vs_finite_difference": abs(r["grad_hand"] - r["grad_finite_difference"]),
            "w_before": r["w_before"], "w_after": r["w_after"], "verdict": _verdict(r)}


def _plot(losses: list[float]) -> Any:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(5, 3.2))
    ax = fig.subplots()
    ax.plot(range(len(losses)), losses, "o-", ms=3)
    ax.set_xlabel("SGD step")
    ax.set_ylabel("cross-entropy loss")
    ax.set_title("the loss going down on one batch")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


__all__ = ["CLAIM", "SUMMARY", "chop", "chop_walkthrough", "run"]
