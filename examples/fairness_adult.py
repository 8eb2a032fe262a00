"""UCI Adult: how unequal is an MLP's ">50K" decision between women and men, and what each mitigation buys.

Usage: python examples/fairness_adult.py [--data-dir /path/with/adult.data+adult.test]

Trains a glassnet MLP on adult.data (sex is one of the inputs, as in the raw data), measures it on
adult.test with glassnet.fairness.fairness_report, then tries three mitigations on the same test rows:
reweighing by (sex, label) inside fit, fairlearn's ThresholdOptimizer over the trained model, and
fairlearn's ExponentiatedGradient reduction around GlassnetClassifier (on a subsample of the training
rows, to keep its repeated trainings short), and adversarial debiasing (Zhang et al. 2018,
glassnet.fairness.AdversarialDebiasing) for demographic parity and for equalized odds, next to the same
predictor trained without its adversary for as many epochs. Prints a Markdown table: accuracy and the gaps.
Needs fairlearn: pip install "glassnet[fairness]".
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

import glassnet
from glassnet import fairness
from glassnet.data.datasets import load_csv, read_table

COLUMNS = ["age", "workclass", "fnlwgt", "education", "education_num", "marital_status", "occupation",
           "relationship", "race", "sex", "capital_gain", "capital_loss", "hours_per_week", "native_country",
           "income"]


def load(data_dir: Path):
    """Encoded train/test inputs, 0/1 labels (1 = >50K) and the sex of every row."""
    splits = load_csv(data_dir / "adult.data", label_column="income", header=False, names=COLUMNS, test_size=0,
                      shuffle=False)
    pre = splits.preprocessor
    train_rows = read_table(data_dir / "adult.data", header=False, names=COLUMNS).rows
    test_rows = read_table(data_dir / "adult.test", header=False, names=COLUMNS, on_bad_lines="skip").rows
    x_tr = splits.train.tensors[0].numpy()
    classes = list(splits.classes)
    y_tr = (np.asarray(classes)[splits.train.tensors[1].numpy()] == ">50K").astype(np.int64)
    x_te = pre.transform(COLUMNS, test_rows)
    y_te = np.asarray([r[-1].rstrip(".") == ">50K" for r in test_rows], dtype=np.int64)  # test labels end in '.'
    sex = COLUMNS.index("sex")
    return x_tr, y_tr, np.asarray([r[sex] for r in train_rows]), x_te, y_te, np.asarray([r[sex] for r in test_rows])


def train_mlp(x, y, epochs, weights=None):
    glassnet.manual_seed(0)
    model = glassnet.models.get_model("mlp", in_features=x.shape[1], hidden=[64, 32], num_classes=2)
    glassnet.train.fit(model, (x, y), loss=glassnet.nn.CrossEntropyLoss(), optimizer="adam", lr=1e-3, epochs=epochs,
                       batch_size=128, verbose=0, seed=0, sample_weight=weights)
    return model


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data-dir", type=Path, default=Path("../shared/data/adult"))
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--eg-rows", type=int, default=8000, help="training rows for ExponentiatedGradient")
    p.add_argument("--eg-iter", type=int, default=8)
    p.add_argument("--adv-epochs", type=int, default=10, help="epochs of the adversarial debiasing runs")
    p.add_argument("--adv-alpha", type=float, default=0.1, help="AdversarialDebiasing's alpha")
    p.add_argument("--plot", type=Path, default=None, help="save the baseline's per-group bar plot here (PNG)")
    args = p.parse_args()
    x_tr, y_tr, s_tr, x_te, y_te, s_te = load(args.data_dir)
    print(f"adult: {len(x_tr):,} training rows, {len(x_te):,} test rows, {x_tr.shape[1]} encoded features")
    reports, seconds = {}, {}

    t = time.perf_counter()
    model = train_mlp(x_tr, y_tr, args.epochs)
    pred = glassnet.train.predict(model, x_te, batch_size=1024).numpy().argmax(1)
    reports["MLP (no mitigation)"] = fairness.fairness_report(y_te, pred, "sex", data={"sex": s_te})
    seconds["MLP (no mitigation)"] = time.perf_counter() - t
    print(reports["MLP (no mitigation)"])
    if args.plot:
        from glassnet.inspect import save_figure

        save_figure(reports["MLP (no mitigation)"].plot(), args.plot)

    t = time.perf_counter()
    reweighed = train_mlp(x_tr, y_tr, args.epochs, fairness.reweighing_weights(y_tr, s_tr))
    pred = glassnet.train.predict(reweighed, x_te, batch_size=1024).numpy().argmax(1)
    reports["reweighing (sex x label) in fit"] = fairness.fairness_report(y_te, pred, "sex", data={"sex": s_te})
    seconds["reweighing (sex x label) in fit"] = time.perf_counter() - t

    for constraint in ("demographic_parity", "equalized_odds"):
        t = time.perf_counter()
        post = fairness.threshold_optimizer(model, x_tr, y_tr, s_tr, constraints=constraint)
        name = f"ThresholdOptimizer ({constraint.replace('_', ' ')})"
        reports[name] = fairness.fairness_report(y_te, post.predict(x_te, sensitive_features=s_te, random_state=0),
                                                 "sex", data={"sex": s_te})
        seconds[name] = time.perf_counter() - t

    t = time.perf_counter()
    rows = np.random.default_rng(0).permutation(len(x_tr))[: args.eg_rows]
    clf = fairness.GlassnetClassifier(hidden=(64, 32), epochs=args.epochs, batch_size=128, lr=1e-3)
    eg = fairness.exponentiated_gradient(clf, x_tr[rows], y_tr[rows], s_tr[rows], max_iter=args.eg_iter)
    name = f"ExponentiatedGradient (demographic parity, {len(rows):,} rows)"
    reports[name] = fairness.fairness_report(y_te, eg.predict(x_te, random_state=0), "sex", data={"sex": s_te})
    seconds[name] = time.perf_counter() - t

    for label, kw in ((f"same predictor without adversary ({args.adv_epochs} epochs)", {"debias": False}),
                      ("AdversarialDebiasing (demographic parity", {"constraint": "demographic_parity"}),
                      ("AdversarialDebiasing (equalized odds", {"constraint": "equalized_odds"})):
        t = time.perf_counter()
        adv = fairness.AdversarialDebiasing(hidden=(64, 32), alpha=args.adv_alpha, epochs=args.adv_epochs,
                                            batch_size=128, lr=1e-3, seed=0, **kw)
        adv.fit(x_tr, y_tr, sensitive_features=s_tr)
        if kw.get("debias", True):
            label += f", alpha {args.adv_alpha:g}, {args.adv_epochs} epochs)"
        reports[label] = fairness.fairness_report(y_te, adv.predict(x_te), "sex", data={"sex": s_te})
        seconds[label] = time.perf_counter() - t

    print(fairness.comparison_table(reports))
    print("seconds: " + ", ".join(f"{k}: {v:.0f}" for k, v in seconds.items()))


if __name__ == "__main__":
    main()
