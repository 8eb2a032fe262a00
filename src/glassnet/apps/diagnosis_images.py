"""``glassnet app diagnosis --mode images``: a LeNet-5 on 28x28 grey images, fine-tuned from the shipped MNIST
weights and compared with the same network trained from scratch, calibrated, and explained with Grad-CAM.

Without ``--data`` it trains on a generated set with a planted lesion (``lesions.py``), where the lesion's box
is known, so the report can say how often Grad-CAM's peak falls inside it.
"""

from __future__ import annotations

import argparse
from typing import Any

import numpy as np

from . import calibration as cal
from .diagnosis_common import fit_logistic, logistic_margins, margins, report_binary, train_classifier
from .diagnosis_inputs import DropLog, Splits, load_image_folder, load_npz
from .run_folder import AppRun, markdown_table

SIZE = 28  # LeNet-5's input side, and MedMNIST's
CAM_LAYER = "features.3"  # the last convolution: 16 maps of 10x10, the most "semantic" spatial layer


def load_images(args: argparse.Namespace, drops: DropLog) -> tuple[Splits, np.ndarray | None]:
    """The image splits, and the lesion boxes of the test images when the set is the generated one."""
    from pathlib import Path

    from .lesions import make_lesion_images

    if args.data is None:
        n = (800, 200, 200) if args.quick else (3000, 600, 800)
        parts = [make_lesion_images(k, seed=args.seed * 10 + i) for i, k in enumerate(n)]
        sp = Splits(parts[0].images, parts[0].labels, parts[1].images, parts[1].labels, parts[2].images,
                    parts[2].labels, classes=("no lesion", "lesion"),
                    source="generated images with a planted lesion (no --data)")
        return sp, parts[2].boxes
    path = Path(args.data)
    if path.is_dir():
        return load_image_folder(path, SIZE, args.positive, args.seed, drops), None
    if path.suffix.lower() == ".npz":
        sp = load_npz(path, args.positive)
        if sp.x_tr.shape[-2:] != (SIZE, SIZE):
            from ..cli.errors import CLIError

            raise CLIError(f"{path}: the images are {sp.x_tr.shape[-2]}x{sp.x_tr.shape[-1]}; this app takes "
                           f"28x28 (MedMNIST's default size, e.g. pneumoniamnist.npz)")
        return sp, None
    from ..cli.errors import CLIError

    raise CLIError(f"{path}: --mode images expects a folder of class sub-folders or a MedMNIST .npz file")


def build_model(pretrained: bool) -> Any:
    """LeNet-5 with a two-class head; with ``pretrained`` its body starts from the shipped MNIST weights."""
    import glassnet as gn
    from glassnet.transfer import replace_head

    return replace_head(gn.models.lenet5(pretrained=pretrained), 2)


def cam_on_input(cam: np.ndarray) -> np.ndarray:
    """Place LeNet-5's (N, 10, 10) conv-2 maps on the 28x28 input: stride 2 from the pooling, and a 4-pixel
    border that the 5x5 convolution without padding leaves uncovered, so each cell sits on its own pixels."""
    up = np.repeat(np.repeat(cam, 2, axis=-2), 2, axis=-1)
    return np.pad(up, ((0, 0), (4, 4), (4, 4)))


def gradcam(model: Any, x: np.ndarray) -> np.ndarray:
    """Grad-CAM for the "condition" class (positive evidence only, the paper's ReLU), on the input grid."""
    import glassnet as gn
    from glassnet.inspect import LayerGradCam

    model.eval()
    cam = LayerGradCam(model, CAM_LAYER).attribute(gn.tensor(x), target=1, relu_attributions=True)
    return cam_on_input(cam.numpy()[:, 0])


def pointing(cams: np.ndarray, boxes: np.ndarray) -> tuple[float, float]:
    """How often the map's peak lies in the lesion's box, and mean attribution inside / outside the box."""
    hits, ratios = [], []
    for c, (r0, c0, r1, c1) in zip(cams, boxes):
        r, q = np.unravel_index(np.argmax(c), c.shape)
        hits.append(r0 <= r < r1 and c0 <= q < c1)
        inside = np.zeros(c.shape, dtype=bool)
        inside[r0:r1, c0:c1] = True
        ratios.append(c[inside].mean() / max(c[~inside].mean(), 1e-12))
    return float(np.mean(hits)), float(np.median(ratios))


def gradcam_figure(x: np.ndarray, cams: np.ndarray, p: np.ndarray, y: np.ndarray, classes: tuple[str, str],
                   boxes: np.ndarray | None) -> Any:
    """Images (top) and their Grad-CAM overlays (bottom), with label and calibrated probability."""

    from matplotlib.patches import Rectangle

    from .run_folder import new_figure

    n = len(x)
    fig, axes = new_figure(2, n, figsize=(1.7 * n, 4.0))
    for i in range(n):
        for row, ax in enumerate(axes[:, i]):
            ax.imshow(x[i, 0], cmap="gray", vmin=0, vmax=1)
            if row:
                ax.imshow(cams[i] / max(cams[i].max(), 1e-12), cmap="jet", alpha=0.45, vmin=0, vmax=1)
            if boxes is not None and boxes[i, 0] >= 0:
                r0, c0, r1, c1 = boxes[i]
                ax.add_patch(Rectangle((c0 - 0.5, r0 - 0.5), c1 - c0, r1 - r0, fill=False, color="lime", lw=1))
            ax.set_xticks([])
            ax.set_yticks([])
        axes[0, i].set_title(f"{classes[y[i]]}\np = {p[i]:.2f}", fontsize=8)
    axes[1, 0].set_ylabel("Grad-CAM", fontsize=8)
    fig.suptitle("Where the model looked (Grad-CAM of the last convolution, for the condition class)", fontsize=9)
    return fig


FEW_REPEATS = 5  # random subsets for the few-images comparison: one subset of 300 is too noisy to decide on


def _train_pair(sp: Splits, idx: np.ndarray, epochs: int, args: argparse.Namespace, seed: int) -> dict[str, tuple]:
    """LeNet-5 from scratch and fine-tuned, on the training images ``idx``:
    name -> (model, validation margins, test margins, validation AUC, test AUC)."""
    import glassnet as gn

    out = {}
    for name, pretrained in (("from scratch", False), ("fine-tuned from MNIST LeNet-5", True)):
        gn.manual_seed(seed)
        model = build_model(pretrained)
        if args.verbose:
            print(f"diagnosis images: training LeNet-5 {name} ({len(idx)} images, {epochs} epochs)")
        train_classifier(model, sp.x_tr[idx], sp.y_tr[idx], sp.x_va, sp.y_va, epochs=epochs, lr=args.lr,
                         batch_size=32, seed=seed, verbose=args.verbose)
        z_va, z_te = margins(model, sp.x_va), margins(model, sp.x_te)
        out[name] = (model, z_va, z_te, cal.roc_auc(sp.y_va, z_va), cal.roc_auc(sp.y_te, z_te))
    return out


def _few_images(sp: Splits, n: int, epochs: int, args: argparse.Namespace) -> tuple[list[list[Any]], dict, str]:
    """Both starts on ``FEW_REPEATS`` random subsets of ``n`` training images: table rows, metrics, a verdict."""
    aucs: dict[str, list[float]] = {}
    for r in range(FEW_REPEATS):
        # Random subsets, since a folder's images (and so the training split) may come sorted by class.
        idx = np.random.default_rng(args.seed + 100 + r).permutation(len(sp.y_tr))[:n]
        for name, res in _train_pair(sp, idx, epochs, args, args.seed + 100 + r).items():
            aucs.setdefault(name, []).append(res[4])
    rows = [[f"{n} (x{FEW_REPEATS} subsets)", f"LeNet-5 {name}", "",
             f"{np.mean(a):.4f} ± {np.std(a):.4f}", ""] for name, a in aucs.items()]
    scr, pre = (np.array(a) for a in aucs.values())
    wins = int(np.sum(pre > scr))
    m = {"images_scratch_few_test_auc": float(scr.mean()), "images_pretrained_few_test_auc": float(pre.mean()),
         "images_pretrained_few_wins": wins}
    word = "helped" if pre.mean() > scr.mean() and wins > FEW_REPEATS // 2 else "did not clearly help"
    verdict = (f"With {n} training images the MNIST start {word}: mean test ROC AUC {pre.mean():.4g} fine-tuned "
               f"against {scr.mean():.4g} from scratch, higher on {wins} of {FEW_REPEATS} random subsets.")
    return rows, m, verdict


def run_images(run: AppRun, args: argparse.Namespace, epochs: int, data: tuple[Splits, np.ndarray | None]
               ) -> dict[str, Any]:
    """The images mode on ``load_images``'s data: train from scratch and fine-tuned, keep the better on
    validation, calibrate, explain with Grad-CAM, report."""
    sp, boxes = data
    epochs = min(epochs, 6) if args.quick else epochs
    m: dict[str, Any] = {"images_train": len(sp.y_tr), "images_val": len(sp.y_va), "images_test": len(sp.y_te)}
    n_all = len(sp.y_tr)
    trained = _train_pair(sp, np.arange(n_all), epochs, args, args.seed)
    rows, verdicts = [], []
    for name, (_, _, z_te, auc_va, auc_te) in trained.items():
        rows.append([n_all, f"LeNet-5 {name}", auc_va, auc_te, float(((z_te > 0) == (sp.y_te == 1)).mean())])
        key = "pretrained" if name.startswith("fine") else "scratch"
        m.update({f"images_{key}_val_auc": auc_va, f"images_{key}_test_auc": auc_te})
    pre, scr = m["images_pretrained_test_auc"], m["images_scratch_test_auc"]
    verdicts.append(f"With all {n_all} training images the MNIST start {'helped' if pre > scr else 'did not help'} "
                    f"(test ROC AUC {pre:.4g} fine-tuned, {scr:.4g} from scratch).")
    n_few = min(n_all // 2, max(200, n_all // 10))
    if not args.quick and n_few >= 50:
        # A pretrained start matters most when images are few, so the full run also asks with a tenth of them.
        few_rows, few_m, few_verdict = _few_images(sp, n_few, epochs, args)
        rows, verdicts = few_rows + rows, [few_verdict, *verdicts]
        m.update(few_m)
    best = max(trained, key=lambda k: trained[k][3])
    model, z_va, z_te = trained[best][:3]
    m["images_model"] = best
    m["images_pretrained_helped"] = best.startswith("fine-tuned")
    run.section("Images: data and the pretrained start",
                f"Data: {sp.source}; classes 0 = {sp.classes[0]!r}, 1 = {sp.classes[1]!r}; "
                f"{len(sp.y_tr)} training, {len(sp.y_va)} validation and {len(sp.y_te)} test images of 28x28 "
                f"({100 * sp.y_tr.mean():.0f}% with the condition in training). The same LeNet-5 was trained for "
                f"{epochs} epochs (Adam, lr {args.lr:g}) from random weights and from the weights shipped with "
                f"glassnet (trained on MNIST digits), with a new two-class head"
                + (f", on all training images and on {FEW_REPEATS} random subsets of {n_few}" if len(rows) > 2 else "")
                + " (accuracy at probability 0.5):\n\n"
                + markdown_table(["training images", "model", "validation ROC AUC", "test ROC AUC", "test accuracy"],
                                 rows)
                + f"\n\n{' '.join(verdicts)} The one kept (trained on all {n_all} images) is the "
                f"better on validation: **{best}**.")
    lr_layer = fit_logistic(sp.x_tr, sp.y_tr)
    base = {"logistic": ("logistic regression on pixels", logistic_margins(lr_layer, sp.x_va),
                         logistic_margins(lr_layer, sp.x_te))}
    other = [k for k in trained if k != best][0]
    base["other_cnn"] = (f"LeNet-5 {other}", *trained[other][1:3])
    m.update(report_binary(run, "images", "Images", z_va, sp.y_va, z_te, sp.y_te, base, args.target_sensitivity))
    run.save_model(model, "images_model.safetensors")

    temp = m["images_temperature"]
    p_te = cal.sigmoid(z_te / temp)
    pos = np.flatnonzero(sp.y_te == 1)
    show = np.concatenate([pos[:6], np.flatnonzero(sp.y_te == 0)[:2]])
    cams = gradcam(model, sp.x_te[show])
    fig = gradcam_figure(sp.x_te[show], cams, p_te[show], sp.y_te[show], sp.classes,
                         None if boxes is None else boxes[show])
    run.savefig(fig, "images_gradcam.png")
    text = (f"Grad-CAM (`glassnet.inspect.LayerGradCam` on `{CAM_LAYER}`, the last convolution; positive "
            f"evidence for class {sp.classes[1]!r}) for six test images with the condition and two without.")
    if boxes is not None:
        cams_pos = gradcam(model, sp.x_te[pos])
        hit, ratio = pointing(cams_pos, boxes[pos])
        m.update({"images_gradcam_peak_in_box": hit, "images_gradcam_inside_outside": ratio})
        text += (f" The green box is the planted lesion. Over all {len(pos)} test images with a lesion, the "
                 f"Grad-CAM peak falls inside the lesion's box for **{100 * hit:.1f}%** of them (the box covers "
                 f"{100 * np.mean([(b[2] - b[0]) * (b[3] - b[1]) for b in boxes[pos]]) / SIZE ** 2:.1f}% of the "
                 f"image on average), and the median ratio of mean attribution inside the box to outside it is "
                 f"{ratio:.1f}.")
    run.section("Images: where the model looked", text + "\n\n![Grad-CAM](images_gradcam.png)")
    return m


__all__ = ["build_model", "cam_on_input", "gradcam", "load_images", "pointing", "run_images"]
