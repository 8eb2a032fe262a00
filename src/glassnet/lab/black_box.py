"""black-box: one prediction explained four ways, how far the explanations agree, and whether they pass a sanity check.

Saliency, Integrated Gradients, Grad-CAM and Occlusion (:mod:`glassnet.inspect`) explain the same predictions of
a trained CNN. Agreement is the Spearman rank correlation of their absolute maps. The sanity check is Adebayo et
al. (2018)'s cascading model-parameter randomisation: re-initialise the layers one by one from the top; an
explanation that reflects what the network learned must change (its rank correlation with the original map must
fall). Full mode: the shipped LeNet-5 MNIST weights on MNIST test images. --quick: a DigitsCNN trained here on the
shipped 8x8 digits.
"""

from __future__ import annotations

import copy
from typing import Any

import numpy as np

import glassnet as gn
from glassnet import nn

from ..apps.run_folder import AppRun, markdown_table

CLAIM = ("Deep networks are black boxes: attribution methods open them a little, but they do not always agree, and an "
         "explanation is evidence about the model only if it changes when the model's weights are randomised.")
SUMMARY = "one prediction explained by saliency, integrated gradients, Grad-CAM and occlusion, and a sanity check"

METHODS = ("Saliency", "IntegratedGradients", "GradCAM", "Occlusion")
PASS_BELOW = 0.5  # a method passes when its maps' rank correlation with the original falls below this


def rank_correlation(a: np.ndarray, b: np.ndarray) -> float:
    """Spearman's rank correlation of two arrays (ties get their average rank); 0 when either is constant."""
    ra, rb = _ranks(a.ravel()), _ranks(b.ravel())
    ra, rb = ra - ra.mean(), rb - rb.mean()
    den = np.sqrt((ra * ra).sum() * (rb * rb).sum())
    return float((ra * rb).sum() / den) if den > 0 else 0.0


def _ranks(a: np.ndarray) -> np.ndarray:
    order = np.argsort(a, kind="stable")
    ranks = np.empty(len(a), dtype=np.float64)
    ranks[order] = np.arange(len(a))
    _, inv, counts = np.unique(a, return_inverse=True, return_counts=True)
    return (np.bincount(inv, weights=ranks) / counts)[inv]


def _model_and_data(quick: bool, seed: int) -> tuple[Any, np.ndarray, np.ndarray, str, str, int, str]:
    """(model, test images, labels, data name, Grad-CAM layer, occlusion window, model description)."""
    from .data_size import load_images, train_budget

    xtr, ytr, xte, yte, name = load_images(quick, "black-box")
    if quick:
        gn.manual_seed(seed)
        model = train_budget(gn.models.DigitsCNN(width=8, hidden=32), xtr, ytr, steps=150, seed=seed, lr=2e-3)
        return model.eval(), xte, yte, name, "features.3", 2, "a DigitsCNN trained here (150 Adam steps)"
    return (gn.models.lenet5(pretrained=True).eval(), xte, yte, name, "features.4", 4,
            "the shipped LeNet-5 weights (`glassnet.models.lenet5(pretrained=True)`)")


def _attributions(model: Any, x: np.ndarray, target: np.ndarray, layer: str, window: int) -> dict[str, np.ndarray]:
    """|attribution| maps (N, H, W) of every method for the given targets."""
    from ..inspect import IntegratedGradients, LayerGradCam, Occlusion, Saliency

    xt = gn.from_numpy(x)
    tgt = gn.from_numpy(target)
    side = x.shape[-1]
    cam = LayerGradCam(model, layer).attribute(xt, target=tgt, relu_attributions=False)
    maps = {
        "Saliency": Saliency(model).attribute(xt, target=tgt),
        "IntegratedGradients": IntegratedGradients(model).attribute(xt, target=tgt, n_steps=32),
        "GradCAM": LayerGradCam.interpolate(cam, (side, side)),
        "Occlusion": Occlusion(model).attribute(xt, sliding_window_shapes=(1, window, window), strides=(1, 1, 1),
                                                target=tgt, perturbations_per_eval=64),
    }
    return {k: np.abs(v.detach()._data[:, 0]).astype(np.float64) for k, v in maps.items()}


def _layers(model: Any) -> list[tuple[str, Any]]:
    """The weight layers of ``model``, top (output) first: the order of the cascading randomisation."""
    return [(n, m) for n, m in model.named_modules() if isinstance(m, (nn.Linear, nn.Conv2d))][::-1]


def run(run: AppRun, quick: bool, seed: int, verbose: int) -> dict:
    """Explain a few correct predictions, compare the methods, then randomise the layers top-down and re-explain."""
    from tqdm.auto import tqdm

    from .data_size import accuracy

    model, xte, yte, data_name, layer, window, model_desc = _model_and_data(quick, seed)
    acc = accuracy(model, xte, yte)
    with gn.no_grad():
        pred = model(gn.from_numpy(xte[:200])).argmax(1)._data
    rng = np.random.default_rng(seed)
    correct = rng.permutation(np.flatnonzero(pred == yte[:200]))[:4 if quick else 8]
    x, target = xte[correct], pred[correct].astype(np.int64)
    original = _attributions(model, x, target, layer, window)

    pairs = [(a, b) for i, a in enumerate(METHODS) for b in METHODS[i + 1:]]
    agreement = {f"{a} vs {b}": float(np.mean([rank_correlation(original[a][j], original[b][j])
                                               for j in range(len(x))])) for a, b in pairs}

    layers = _layers(model)
    cascade: dict[str, list[float]] = {m: [1.0] for m in METHODS}
    example_maps = {m: [original[m][0]] for m in METHODS}
    randomised = copy.deepcopy(model)
    rand_layers = dict(_layers(randomised))
    gn.manual_seed(seed + 1000)
    for name, _ in tqdm(layers, desc="black-box", disable=verbose < 1):
        rand_layers[name].reset_parameters()
        maps = _attributions(randomised, x, target, layer, window)
        for m in METHODS:
            cascade[m].append(float(np.mean([rank_correlation(original[m][j], maps[m][j]) for j in range(len(x))])))
            example_maps[m].append(maps[m][0])

    # how much each map is just the image: the reason a method can survive randomisation (Adebayo et al.)
    def like_input(maps: dict[str, np.ndarray], m: str) -> float:
        return float(np.mean([rank_correlation(maps[m][j], x[j, 0]) for j in range(len(x))]))

    input_like = {m: (like_input(original, m), like_input(maps, m)) for m in METHODS}
    # the same comparison on the digit's own pixels only: black background gets 0 from the methods that
    # multiply by (input - black baseline) or black it out, whatever the weights
    ink = x[:, 0] > 0.1
    on_digit = {m: float(np.mean([rank_correlation(original[m][j][ink[j]], maps[m][j][ink[j]])
                                  for j in range(len(x))])) for m in METHODS}

    run.section("Setup", (
        f"Model: {model_desc}, {100 * acc:.1f}% accurate on the {len(yte):,} test images of {data_name}. Explained: "
        f"{len(x)} correctly classified test images (a seeded draw), each for its predicted class.\n\n"
        "- **Saliency**: |d score / d pixel| (`glassnet.inspect.Saliency`).\n"
        "- **Integrated Gradients**: 32-point path from a black image (`IntegratedGradients`).\n"
        f"- **Grad-CAM**: on `{layer}` (the last convolution's ReLU), upsampled to the image (`LayerGradCam`).\n"
        f"- **Occlusion**: a {window}x{window} black patch slid with stride 1 (`Occlusion`).\n\n"
        "Maps are compared as absolute values with Spearman's rank correlation (1: same ranking of pixels, 0: "
        "unrelated), averaged over the images. Sanity check: cascading randomisation (Adebayo et al., 2018): "
        f"the weight layers are re-initialised one by one from the top ({', '.join(n for n, _ in layers)}), keeping "
        f"the target class; a method passes when its maps' rank correlation with the original falls below "
        f"{PASS_BELOW} once every layer is random."))
    agree_rows = [[k, f"{v:.2f}"] for k, v in agreement.items()]
    casc_rows = [[m] + [f"{v:.2f}" for v in cascade[m]] for m in METHODS]
    header = ["method", "trained"] + [f"+ {n}" for n, _ in layers]
    run.section("Results", (
        "Agreement between the methods (mean rank correlation over the images):\n\n"
        + markdown_table(["methods", "rank correlation"], agree_rows)
        + "\n\n![the same predictions explained four ways](black_box_methods.png)\n\n"
        "Sanity check: rank correlation with the trained model's map as layers are randomised from the top "
        "(each column adds one more random layer):\n\n" + markdown_table(header, casc_rows)
        + "\n\n![cascading randomisation](black_box_sanity.png)\n\n"
        "How much each map resembles the input image itself (rank correlation of the map with the pixel values), "
        "for the trained model and with every layer random:\n\n"
        + markdown_table(["method", "map vs image, trained", "map vs image, all layers random",
                          "trained vs random map, on the digit's pixels only"],
                         [[m, f"{a:.2f}", f"{b:.2f}", f"{on_digit[m]:.2f}"] for m, (a, b) in input_like.items()])
        + "\n\nIntegrated Gradients (black baseline) and Occlusion (black patch) give black background pixels no "
        "attribution whatever the weights, so part of their map is the digit's silhouette; the last column "
        "repeats the sanity check on the pixels of the digit alone."))
    _plot_methods(run, x, target, original)
    _plot_sanity(run, cascade, example_maps, [n for n, _ in layers], x[0])

    final = {m: cascade[m][-1] for m in METHODS}
    passed = [m for m in METHODS if final[m] < PASS_BELOW]
    failed = [m for m in METHODS if m not in passed]
    mean_agree = float(np.mean(list(agreement.values())))
    lo_pair, hi_pair = min(agreement, key=agreement.get), max(agreement, key=agreement.get)
    check = (f"all {len(METHODS)} methods passed the sanity check (rank correlation with the original after "
             f"randomising every layer: {min(final.values()):.2f} to {max(final.values()):.2f})" if not failed else
             f"{', '.join(failed)} failed the sanity check (rank correlation still "
             f"{', '.join(f'{final[m]:.2f}' for m in failed)} after randomising every layer, their maps of the random "
             f"network still {', '.join(f'{input_like[m][1]:.2f}' for m in failed)} rank-correlated with the image, "
             f"and {', '.join(f'{on_digit[m]:.2f}' for m in failed)} with the original on the digit's own pixels)"
             + (f" while {', '.join(passed)} passed" if passed else ""))
    verdict = (f"The four explanations of the same predictions agreed only partly (mean pairwise rank correlation "
               f"{mean_agree:.2f}, from {agreement[lo_pair]:.2f} for {lo_pair} to {agreement[hi_pair]:.2f} for "
               f"{hi_pair}), and {check}.")
    return {"model_accuracy": acc, "agreement": agreement, "cascade": cascade, "input_likeness": input_like,
            "random_vs_trained_on_digit": on_digit,
            "layers_top_down": [n for n, _ in layers], "passed": passed, "failed": failed, "verdict": verdict}


def _plot_methods(run: AppRun, x: np.ndarray, target: np.ndarray, maps: dict[str, np.ndarray]) -> None:

    from ..apps.run_folder import new_figure

    n = min(3, len(x))
    fig, axes = new_figure(n, 1 + len(METHODS), figsize=(1.6 * (1 + len(METHODS)), 1.7 * n), squeeze=False)
    for i in range(n):
        axes[i, 0].imshow(x[i, 0], cmap="gray")
        axes[i, 0].set_title(f"input (class {int(target[i])})", fontsize=7)
        for j, m in enumerate(METHODS):
            axes[i, j + 1].imshow(maps[m][i], cmap="hot")
            axes[i, j + 1].set_title(m, fontsize=7)
    for ax in axes.ravel():
        ax.axis("off")
    fig.tight_layout()
    run.savefig(fig, "black_box_methods.png", dpi=90)


def _plot_sanity(run: AppRun, cascade: dict[str, list[float]], example: dict[str, list[np.ndarray]],
                 layers: list[str], image: np.ndarray) -> None:


    stages = ["trained"] + [f"+{n}" for n in layers]
    from matplotlib.figure import Figure

    fig = Figure(figsize=(1.3 * len(stages) + 3.5, 1.2 * len(METHODS) + 0.4))
    grid = fig.add_gridspec(len(METHODS), len(stages) + 3)
    for i, m in enumerate(METHODS):
        for j, amap in enumerate(example[m]):
            ax = fig.add_subplot(grid[i, j])
            ax.imshow(amap, cmap="hot")
            ax.set_xticks([])
            ax.set_yticks([])
            if i == 0:
                ax.set_title(stages[j], fontsize=6)
            if j == 0:
                ax.set_ylabel(m, fontsize=6)
    ax = fig.add_subplot(grid[:, len(stages) + 1:])
    for m in METHODS:
        ax.plot(range(len(stages)), cascade[m], "o-", label=m)
    ax.axhline(PASS_BELOW, color="grey", ls=":")
    ax.set_xticks(range(len(stages)))
    ax.set_xticklabels(stages, rotation=60, fontsize=6)
    ax.set_ylabel("rank correlation with the trained map", fontsize=7)
    ax.set_title("layers randomised from the top", fontsize=8)
    ax.legend(fontsize=6)
    ax.grid(alpha=0.3)
    run.savefig(fig, "black_box_sanity.png", dpi=90)
