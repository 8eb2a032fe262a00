"""scale: bigger models learn more from the same data, at small scale, with a fitted power law.

Character-level GPT-style Transformers (``glassnet.examples.charlm.CharGPT``: token and position embeddings,
causal pre-norm ``nn.TransformerEncoderLayer`` blocks, a linear head) of growing width and depth are trained on
the same token budget of Tiny Shakespeare: same batches, same order, same optimiser. The validation loss of each is
set against its parameter count N and its training compute C ~ 6 N D (D tokens seen), and a power law
L = a N^-alpha is fitted by least squares in log space (and, as a second fit, L = a N^-alpha + c with the floor c
chosen to maximise R^2).
"""

from __future__ import annotations

import math
from importlib import resources
from typing import Any

import numpy as np

from ..apps.run_folder import AppRun, markdown_table

CLAIM = ('"Larger models reach lower loss from the same data, following a power law in parameters and compute: the '
         'lesson behind GPT-3." (the study companion, misconceptions.yaml)')
SUMMARY = "char-level Transformers of 6k..460k parameters on Tiny Shakespeare: val loss vs N and compute, power law"

FULL_SIZES = [(16, 1), (24, 2), (40, 2), (64, 3), (96, 4)]  # (d_model, layers); heads = d_model // 16
QUICK_SIZES = [(16, 1), (32, 2), (64, 2)]
SEQ = 32
LR = 3e-3


def _text(quick: bool) -> tuple[str, str]:
    """The training text and where it came from: Tiny Shakespeare, or (--quick) the study companion's own text."""
    from ..cli.errors import CLIError
    from ..examples._common import missing_data_message, shared_data

    if quick:  # shipped with glassnet, so CI runs the same text everywhere without the shared data
        parts = [resources.files("glassnet.study").joinpath("content", f).read_text(encoding="utf-8")
                 for f in ("glossary.yaml", "quiz.yaml", "misconceptions.yaml")]
        return "\n".join(parts), "the study companion's glossary, quiz and misconceptions (shipped with glassnet)"
    path = shared_data("tinyshakespeare", "input.txt")
    if path is None:
        raise CLIError(missing_data_message("lab scale", "the Tiny Shakespeare file", "tinyshakespeare", "input.txt"))
    return path.read_text(encoding="utf-8"), f"Tiny Shakespeare ({path.name})"


def _train(size: tuple[int, int], vocab: int, train: np.ndarray, val: np.ndarray, steps: int, batch: int,
           seed: int) -> dict:
    """Train one CharGPT on ``steps`` batches (the same batches for every size); its losses, N and FLOPs."""
    import glassnet as gn
    from glassnet import nn
    from glassnet.energy import FlopCounterMode
    from glassnet.examples.charlm import CharGPT, batches, evaluate
    from glassnet.nn import functional as F

    d, layers = size
    gn.manual_seed(seed)
    model = CharGPT(vocab, block=SEQ, d_model=d, heads=max(1, d // 16), layers=layers)
    n_params = sum(p.numel() for p in model.parameters())
    opt = gn.optim.Adam(model.parameters(), lr=LR)
    rng = np.random.default_rng(seed)
    curve = []
    with FlopCounterMode() as counter:
        for _ in range(steps):
            x, y = batches(train, SEQ, batch, rng)
            logits, _ = model(gn.from_numpy(x))
            loss = F.cross_entropy(logits.reshape(-1, vocab), gn.from_numpy(y.reshape(-1)))
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            curve.append(loss.item())
    train_flops = counter.get_total_flops()
    val_loss = evaluate(model, val, SEQ, batch=64, n_batches=8, seed=seed + 1234)
    return {"d_model": d, "layers": layers, "params": int(n_params), "val_loss": float(val_loss),
            "train_curve": curve, "flops_counted": int(train_flops)}


def fit_power_law(n: np.ndarray, loss: np.ndarray) -> dict:
    """L = a N^-alpha by least squares on (log N, log L); and L = a N^-alpha + c with c on a grid maximising R^2."""
    def line(y: np.ndarray) -> tuple[float, float, float]:
        x = np.log(n)
        slope, intercept = np.polyfit(x, y, 1)
        resid = y - (slope * x + intercept)
        r2 = 1.0 - float((resid ** 2).sum()) / max(float(((y - y.mean()) ** 2).sum()), 1e-300)
        return float(-slope), float(math.exp(intercept)), r2

    alpha, a, r2 = line(np.log(loss))
    best = {"alpha": alpha, "a": a, "c": 0.0, "r2": r2}
    for c in np.linspace(0.0, 0.98 * float(loss.min()), 50)[1:]:
        al, aa, rr = line(np.log(loss - c))
        if rr > best["r2"] and al > 0:
            best = {"alpha": al, "a": aa, "c": float(c), "r2": rr}
    return {"alpha": alpha, "a": a, "r2": r2, "with_floor": best}


def loss_at_compute(rows: list[dict], compute: float, tokens_per_step: int) -> list[float | None]:
    """Each model's training loss (mean of the last tenth of the steps so far) once it has spent ``compute`` FLOPs
    (6 N tokens), or None when it stopped before."""
    out: list[float | None] = []
    for r in rows:
        k = int(round(compute / (6.0 * r["params"] * tokens_per_step)))
        curve = r["train_curve"]
        if k > len(curve):
            out.append(None)
            continue
        k = max(k, 1)
        out.append(float(np.mean(curve[k - max(1, k // 10):k])))
    return out


def _figure(rows: list[dict], fit: dict, tokens_per_step: int) -> Any:

    from ..apps.run_folder import new_figure

    n = np.array([r["params"] for r in rows], dtype=float)
    loss = np.array([r["val_loss"] for r in rows])
    fig, (ax1, ax2) = new_figure(1, 2, figsize=(11, 4.2))
    ax1.loglog(n, loss, "o", label="validation loss")
    grid = np.logspace(np.log10(n.min()) - 0.1, np.log10(n.max()) + 0.1, 50)
    ax1.loglog(grid, fit["a"] * grid ** -fit["alpha"], "-",
               label=f"L = {fit['a']:.3g} N^-{fit['alpha']:.3f} (R² {fit['r2']:.3f})")
    wf = fit["with_floor"]
    if wf["c"] > 0:
        ax1.loglog(grid, wf["a"] * grid ** -wf["alpha"] + wf["c"], "--",
                   label=f"+ floor {wf['c']:.2f}: alpha {wf['alpha']:.3f} (R² {wf['r2']:.3f})")
    ax1.set_xlabel("parameters N")
    ax1.set_ylabel("validation loss (nats / character)")
    ax1.set_title("Loss against model size, same data")
    ax1.legend(fontsize=8)
    for r in rows:
        curve = np.asarray(r["train_curve"])
        k = max(1, len(curve) // 20)
        smooth = np.convolve(curve, np.ones(k) / k, mode="valid")
        compute = 6.0 * r["params"] * tokens_per_step * np.arange(k, len(curve) + 1)
        ax2.loglog(compute, smooth, label=f"{r['params']:,} params")
    ax2.set_xlabel("training compute C = 6 N D (FLOPs)")
    ax2.set_ylabel("training loss (moving average)")
    ax2.set_title("Loss against compute, per model")
    ax2.legend(fontsize=8)
    fig.tight_layout()
    return fig


def run(run: AppRun, quick: bool, seed: int, verbose: int) -> dict:
    """Train the models of growing size on one token budget; fit and plot the power law."""
    from tqdm import tqdm

    text, source = _text(quick)
    vocab = sorted(set(text))
    index = {c: i for i, c in enumerate(vocab)}
    data = np.fromiter((index[c] for c in text), dtype=np.int64, count=len(text))
    split = int(0.9 * len(data))
    train, val = data[:split], data[split:]
    sizes, steps, batch = (QUICK_SIZES, 40, 16) if quick else (FULL_SIZES, 200, 32)
    tokens = steps * batch * SEQ

    rows = []
    for size in tqdm(sizes, desc="scale", disable=verbose < 1):
        rows.append(_train(size, len(vocab), train, val, steps, batch, seed))
    n = np.array([r["params"] for r in rows], dtype=float)
    loss = np.array([r["val_loss"] for r in rows])
    fit = fit_power_law(n, loss)

    run.section("Setup", (
        f"Text: {source}, {len(text):,} characters, vocabulary {len(vocab)}; the first 90% trains, the last 10% "
        f"validates. Models: `glassnet.examples.charlm.CharGPT` (causal pre-norm `nn.TransformerEncoderLayer` "
        f"blocks, GELU, feed-forward 4 x width, one head per 16 dimensions), context {SEQ} characters. Every model "
        f"sees the same {steps} batches of {batch} windows ({tokens:,} tokens: D), Adam lr {LR:g}, gradient "
        f"clipping 1.0, seed {seed}. Validation loss: mean cross-entropy (nats per character) on 8 fixed batches "
        f"of 64 validation windows; a uniform guess scores ln({len(vocab)}) = {math.log(len(vocab)):.2f}. "
        f"Compute: C = 6 N D (forward 2 N D + backward 4 N D); 'FLOPs counted' is glassnet's own count of the "
        f"matrix products of training (`glassnet.energy.FlopCounterMode`, attention included). Fit: least squares "
        f"of log L on log N."))
    table = [[f"{r['d_model']} x {r['layers']}", f"{r['params']:,}", r["val_loss"], f"{6 * r['params'] * tokens:.3g}",
              f"{r['flops_counted']:.3g}"] for r in rows]
    wf = fit["with_floor"]
    run.section("Results", (
        markdown_table(["width x layers", "parameters N", "validation loss", "C = 6ND", "FLOPs counted"], table)
        + f"\n\nPower law: L = {fit['a']:.3g} N^-{fit['alpha']:.3f}, R² = {fit['r2']:.3f} (log space, "
        f"{len(rows)} models). With a floor: L = {wf['a']:.3g} N^-{wf['alpha']:.3f} + {wf['c']:.2f}, "
        f"R² = {wf['r2']:.3f}. These models see one small, fixed budget and are not trained to convergence, so "
        "alpha describes this budget, not language models in general."
        "\n\n![validation loss against parameters and compute](scale.png)"))
    run.savefig(_figure(rows, fit, batch * SEQ), "scale.png", dpi=90)

    budget = 6.0 * rows[0]["params"] * tokens  # the smallest model's whole training compute
    at_budget = loss_at_compute(rows, budget, batch * SEQ)
    reached = [(v, r) for v, r in zip(at_budget, rows) if v is not None]
    best_at_budget = min(reached, key=lambda vr: vr[0])[1]
    run.section("Equal compute", (
        f"The same comparison at equal compute instead of equal data: each model's training loss (mean of the last "
        f"tenth of its steps so far) once it had spent C = {budget:.3g} FLOPs, the smallest model's whole budget "
        "(the larger models got there after a few steps):\n\n"
        + markdown_table(["parameters N", "steps to reach C", "training loss at C"],
                         [[f"{r['params']:,}", max(1, int(round(budget / (6.0 * r['params'] * batch * SEQ)))),
                           "n/a" if v is None else f"{v:.3f}"] for v, r in zip(at_budget, rows)])))

    drops = int(np.sum(np.diff(loss) < 0))
    if loss[-1] < loss[0] and fit["alpha"] > 0:
        verdict = (f"Bigger was better on the same {tokens:,} tokens: from {rows[0]['params']:,} to "
                   f"{rows[-1]['params']:,} parameters the validation loss fell from {loss[0]:.3f} to {loss[-1]:.3f} "
                   f"nats per character ({drops} of {len(rows) - 1} steps up in size lowered it), following "
                   f"L ~ N^-{fit['alpha']:.3f} with R² {fit['r2']:.2f}; at equal compute (the smallest model's "
                   f"{budget:.2g} FLOPs) the {best_at_budget['params']:,}-parameter model was ahead"
                   + (": for a small fixed compute, a small model trained longer wins." if best_at_budget is rows[0]
                      else "."))
    else:
        verdict = (f"The effect did not show: the largest model ({rows[-1]['params']:,} parameters) reached a "
                   f"validation loss of {loss[-1]:.3f}, not below the smallest's {loss[0]:.3f}, on "
                   f"{tokens:,} tokens.")
    return {"verdict": verdict, "tokens": tokens, "steps": steps, "batch": batch, "source": source,
            "alpha": fit["alpha"], "a": fit["a"], "r2": fit["r2"], "fit_with_floor": wf,
            "equal_compute_flops": budget, "train_loss_at_equal_compute": at_budget,
            "models": [{k: v for k, v in r.items() if k != "train_curve"} for r in rows]}
