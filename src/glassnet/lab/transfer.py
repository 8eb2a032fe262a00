"""transfer: a pretrained network fine-tuned on K labelled examples per class against the same network from scratch.

The method is :mod:`glassnet.examples.fewshot` (replace the head, freeze the pretrained convolutions, train the rest;
both arms take the same steps at the same learning rate). Full mode: Fashion-MNIST starting from the shipped
``lenet5(pretrained=True)`` MNIST weights. --quick: the same weights, with the shipped 8x8 digits scaled up to
28x28 as the target (no download).
"""

from __future__ import annotations

from typing import Any

import numpy as np

import glassnet as gn

from ..apps.run_folder import AppRun, markdown_table

CLAIM = ("Transfer learning (a term of the study guide's glossary): a network pretrained on one task and fine-tuned on "
         "a new one with a handful of labels does better than the same network trained from scratch on them.")
SUMMARY = "pretrained vs from scratch with 1, 5, 10, 50 labels per class (Fashion-MNIST from MNIST weights)"


def _quick_task(seed: int) -> dict[str, Any]:
    """The shipped 8x8 digits, blown up to MNIST's 28x28 frame, as the target of the shipped LeNet-5 MNIST weights."""
    from ..data.datasets import load_digits_arrays

    def to_28(images: np.ndarray) -> np.ndarray:
        # each pixel becomes a 3x3 block (24x24), framed by 2 blank pixels as MNIST frames its digits
        big = np.kron(images.astype(np.float32) / np.float32(16), np.ones((3, 3), np.float32))
        return np.pad(big, ((0, 0), (2, 2), (2, 2)))[:, None]

    xtr, ytr = load_digits_arrays("train")
    xte, yte = load_digits_arrays("test")
    return {"pretrained": gn.models.lenet5(pretrained=True).eval(), "classes": 10, "x": to_28(xtr), "y": ytr,
            "x_test": to_28(xte), "y_test": yte, "source_accuracy": gn.models.pretrained_info("lenet5").get(
                "test_accuracy"), "model": lambda: gn.models.LeNet5(num_classes=10),
            "name": "the shipped 8x8 digits (UCI optdigits, 10 classes) scaled up to 28x28, from the shipped "
                    "LeNet-5 weights pretrained on MNIST (other writers, other scanning, another resolution)"}


def _full_task() -> dict[str, Any]:
    """Fashion-MNIST as the target; the source is the shipped LeNet-5 MNIST weights."""
    from ..cli.errors import CLIError
    from ..examples import fewshot
    from ..examples._common import missing_data_message, shared_data

    folder = shared_data("fashion-mnist")
    if folder is None:
        raise CLIError(missing_data_message("lab transfer", "--quick (the shipped 8x8 digits need no download)",
                                            "fashion-mnist", "train-images-idx3-ubyte.gz"))
    try:
        task = fewshot.prepare(folder.parent, tasks=("fashion",), test_images=2000)["fashion"]
    except (FileNotFoundError, ValueError) as e:
        raise CLIError(f"lab transfer: {e}") from None
    info = gn.models.pretrained_info("lenet5")
    return {**task, "source_accuracy": info.get("test_accuracy"), "model": lambda: gn.models.LeNet5(num_classes=10),
            "name": "Fashion-MNIST (10 classes), from the shipped LeNet-5 weights pretrained on MNIST digits"}


def run(run: AppRun, quick: bool, seed: int, verbose: int) -> dict:
    """Fine-tune and train from scratch for every K and seed; compare their test accuracy."""
    from tqdm.auto import tqdm

    from ..examples import fewshot

    task = _quick_task(seed) if quick else _full_task()
    if quick:
        ks, seeds, steps, lr = (1, 5, 10), [seed, seed + 1], 50, 2e-3
    else:
        ks, seeds, steps, lr = (1, 5, 10, 50), [seed, seed + 1, seed + 2], 100, 1e-3
    rows = []
    for k in tqdm(ks, desc="transfer", disable=verbose < 1):
        for s in seeds:
            idx = fewshot.k_per_class(task["y"], k, s)
            x, y = task["x"][idx], task["y"][idx]
            ft = fewshot.finetune(task["pretrained"], task["classes"], x, y, steps, s, lr=lr)
            gn.manual_seed(s)
            model = task["model"]()
            sc = fewshot.train_steps(model, model.parameters(), x, y, steps, s, lr=lr)
            rows.append({"task": "target", "k": k, "seed": s, "pretrained": fewshot.accuracy(ft, task["x_test"],
                                                                                             task["y_test"]),
                         "scratch": fewshot.accuracy(sc, task["x_test"], task["y_test"])})
    summary = fewshot.summarize(rows)

    src = task["source_accuracy"]
    run.section("Setup", (
        f"Target task: {task['name']}"
        + (f" (the source model scores {100 * src:.1f}% on its own test set)" if isinstance(src, float) else "")
        + f". For each K, K labelled training examples per class are drawn ({len(seeds)} seeds: the draw, the new "
        f"head's initialisation and the batch order), and two copies of the same architecture train on them for "
        f"{steps} Adam steps at lr {lr:g}, batch up to 32:\n\n"
        "- **pretrained**: the source network with a new head (`glassnet.transfer.replace_head`) and its "
        "convolutions frozen (`freeze(model, \"features\")`); the fully connected layers train.\n"
        "- **from scratch**: the same network, freshly initialised, every layer trained.\n\n"
        f"Test accuracy on {len(task['y_test']):,} test images of the target classes. The method is "
        "`glassnet.examples.fewshot` (also behind `examples/transfer_fewshot.py`)."))
    table = [[s["k"], s["seeds"], f"{100 * s['pretrained']:.1f} ± {100 * s['pretrained_std']:.1f}",
              f"{100 * s['scratch']:.1f} ± {100 * s['scratch_std']:.1f}", f"{100 * s['gain']:+.1f}"] for s in summary]
    run.section("Results", markdown_table(["labels per class (K)", "seeds", "pretrained (%)", "from scratch (%)",
                                           "gain (pts)"], table) + "\n\n![few-shot transfer](transfer.png)")
    _plot(run, summary)

    gains = {s["k"]: 100 * s["gain"] for s in summary}
    # a gain counts as clear when it exceeds the larger of the two arms' seed spreads
    clear = [s["k"] for s in summary if s["gain"] > max(s["pretrained_std"], s["scratch_std"])]
    rest = [k for k in gains if k not in clear]

    def listed(keys: list[int]) -> str:
        return ", ".join(f"K={k} ({gains[k]:+.1f} points)" for k in keys)

    if not rest:
        verdict = (f"Starting from pretrained weights beat training from scratch at every K, beyond the seed spread: "
                   f"{listed(list(gains))}.")
    elif all(g <= 0 for g in gains.values()):
        verdict = (f"Pretrained weights did not help: from scratch matched or beat fine-tuning at every K "
                   f"({listed(list(gains))}), so the effect did not show here.")
    elif clear:
        verdict = (f"Pretrained weights helped beyond the seed spread at {listed(clear)} but not at {listed(rest)}, "
                   "where the two arms were within their seed spread or scratch was ahead.")
    else:
        verdict = (f"Pretrained weights were ahead on average at some K but never beyond the seed spread "
                   f"({listed(list(gains))}), so the effect did not clearly show here.")
    return {"ks": list(ks), "seeds": seeds, "steps": steps, "summary": summary, "verdict": verdict}


def _plot(run: AppRun, summary: list[dict[str, Any]]) -> None:

    from ..apps.run_folder import new_figure

    ks = [s["k"] for s in summary]
    fig, ax = new_figure(figsize=(5.5, 3.6))
    for key, label, style in (("pretrained", "pretrained, fine-tuned", "o-"), ("scratch", "from scratch", "s--")):
        ax.errorbar(ks, [100 * s[key] for s in summary], yerr=[100 * s[f"{key}_std"] for s in summary], fmt=style,
                    capsize=3, label=label)
    ax.set_xscale("log")
    ax.set_xticks(ks)
    ax.set_xticklabels([str(k) for k in ks])
    ax.set_xlabel("labelled examples per class (K)")
    ax.set_ylabel("test accuracy (%)")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    run.savefig(fig, "transfer.png", dpi=90)
