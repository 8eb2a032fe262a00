"""small-tabular: an MLP against logistic regression and gradient boosting on small tables, cross-validated and timed.

Every model sees the same stratified folds; the MLP is glassnet's scikit-learn wrapper
(:class:`glassnet.sklearn.NeuralNetClassifier`) in the same ``Pipeline`` (standardise, then fit) as logistic
regression, so the three differ only in the model. Needs scikit-learn (extra ``[lab]``).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np

from ..apps.run_folder import AppRun, markdown_table

CLAIM = ('"Simpler models can outperform deep learning on small tabular data": on a '
         "few hundred or thousand rows of a table, logistic regression or gradient boosting does as well as a neural "
         "network, in a fraction of the time.")
SUMMARY = "MLP vs logistic regression vs gradient boosting on breast cancer, wine and Adult, cross-validated and timed"

ADULT_COLUMNS = ["age", "workclass", "fnlwgt", "education", "education_num", "marital_status", "occupation",
                 "relationship", "race", "sex", "capital_gain", "capital_loss", "hours_per_week", "native_country",
                 "income"]
ADULT_NUMERIC = ("age", "fnlwgt", "education_num", "capital_gain", "capital_loss", "hours_per_week")


def need_sklearn(who: str) -> Any:
    """Import scikit-learn, or a clear error naming the extra."""
    try:
        import sklearn
    except ImportError:
        from ..cli.errors import CLIError

        raise CLIError(f'lab {who} needs scikit-learn: pip install "glassnet[lab]"') from None
    return sklearn


def load_adult(run: AppRun, who: str, path: Path | None = None) -> dict[str, np.ndarray] | None:
    """UCI Adult's training file: float32 ``x`` (one-hot/numeric), 0/1 ``y`` (>50K), ``sex``, ``race``; None if absent.

    Rows of the wrong width are left out and recorded with ``run.dropped``; '?' (unknown) is kept as a category.
    """
    from ..data.datasets import read_table
    from ..examples._common import shared_data

    path = path or shared_data("adult", "adult.data")
    if path is None:
        return None
    table = read_table(path, header=False, names=ADULT_COLUMNS, on_bad_lines="skip")
    for why, n in table.dropped.items():
        run.dropped(f"{path.name}", n, why)
    rows = np.asarray(table.rows, dtype=object)
    cols, names = [], []
    for j, name in enumerate(ADULT_COLUMNS[:-1]):
        values = rows[:, j].astype(str)
        if name in ADULT_NUMERIC:
            cols.append(values.astype(np.float32)[:, None])
            names.append(name)
        else:
            cats = np.unique(values)
            cols.append((values[:, None] == cats[None, :]).astype(np.float32))
            names += [f"{name}={c}" for c in cats]
    y = np.asarray([v.rstrip(".") == ">50K" for v in rows[:, -1].astype(str)], dtype=np.int64)
    return {"x": np.concatenate(cols, axis=1), "y": y, "sex": rows[:, ADULT_COLUMNS.index("sex")].astype(str),
            "race": rows[:, ADULT_COLUMNS.index("race")].astype(str), "names": np.asarray(names), "path": path}


def _models(seed: int, quick: bool) -> dict[str, Any]:
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from ..sklearn import NeuralNetClassifier

    mlp = NeuralNetClassifier(max_epochs=20 if quick else 60, lr=1e-3, batch_size=32, module__hidden=(64, 32),
                              random_state=seed)
    return {
        "logistic regression": make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000)),
        "gradient boosting": HistGradientBoostingClassifier(max_iter=50 if quick else 200, random_state=seed),
        "MLP": make_pipeline(StandardScaler(), mlp),
    }


def _datasets(run: AppRun, quick: bool, seed: int) -> tuple[dict[str, tuple[np.ndarray, np.ndarray]], str | None]:
    from sklearn.datasets import load_breast_cancer, load_wine

    sets = {"breast cancer": load_breast_cancer(return_X_y=True), "wine": load_wine(return_X_y=True)}
    sets = {k: (x.astype(np.float32), y.astype(np.int64)) for k, (x, y) in sets.items()}
    if quick:
        return sets, "Adult is left out in --quick mode (reading its 32,561 rows would take most of the time budget)."
    adult = load_adult(run, "small-tabular")
    if adult is None:
        return sets, ("Adult was skipped: adult.data was not found (put it at ~/.glassnet/data/adult/adult.data, "
                      "or set $GLASSNET_SHARED_DATA).")
    keep = np.random.default_rng(seed).permutation(len(adult["y"]))[:3000]
    sets["Adult (3,000-row subsample)"] = (adult["x"][keep], adult["y"][keep])
    return sets, None


def run(run: AppRun, quick: bool, seed: int, verbose: int) -> dict:
    """Cross-validate the three models on each table and time them."""
    need_sklearn("small-tabular")
    from sklearn.model_selection import StratifiedKFold, cross_validate
    from threadpoolctl import threadpool_limits
    from tqdm.auto import tqdm

    folds = 3 if quick else 5
    sets, note = _datasets(run, quick, seed)
    rows, results, verdicts = [], {}, []
    for data_name, (x, y) in tqdm(sets.items(), desc="small-tabular", disable=verbose < 1):
        cv = StratifiedKFold(folds, shuffle=True, random_state=seed)
        res = {}
        for model_name, model in _models(seed, quick).items():
            t0 = time.perf_counter()
            # one thread for every model (BLAS and OpenMP): a fair timing, and no OpenMP spin on a busy machine
            with threadpool_limits(limits=1):
                scores = cross_validate(model, x, y, cv=cv, scoring="accuracy")["test_score"]
            res[model_name] = {"mean": float(scores.mean()), "std": float(scores.std()),
                               "seconds": time.perf_counter() - t0}
            rows.append([data_name, f"{len(y):,} x {x.shape[1]}", model_name,
                         f"{100 * scores.mean():.1f} ± {100 * scores.std():.1f}", f"{res[model_name]['seconds']:.1f}"])
        results[data_name] = res
        verdicts.append(_compare(data_name, res))

    run.section("Setup", (
        f"{folds}-fold stratified cross-validation (shuffled, seed {seed}); the same folds for every model. "
        "Accuracy is mean ± standard deviation over the folds; time is the whole cross-validation (fit and "
        "predict, all folds) with one thread per model on a shared, loaded machine, so read it as an upper bound "
        "and compare within a data set.\n\n"
        "- **logistic regression**: scikit-learn, standardised inputs, L2 (C = 1).\n"
        f"- **gradient boosting**: scikit-learn's `HistGradientBoostingClassifier`, {50 if quick else 200} trees.\n"
        f"- **MLP**: `glassnet.sklearn.NeuralNetClassifier`, hidden layers (64, 32) with ReLU, Adam lr 1e-3, batch 32, "
        f"{20 if quick else 60} epochs, standardised inputs.\n\n"
        "Data: breast cancer (569 rows, 30 numeric features, 2 classes) and wine (178 rows, 13 features, 3 classes), "
        "as shipped with scikit-learn; Adult: a seeded random 3,000 rows of UCI's adult.data, numeric columns as "
        "they are and categorical ones one-hot (an unknown '?' is its own category), label >50K."
        + (f"\n\n{note}" if note else "")))
    run.section("Results", markdown_table(["data", "rows x features", "model", "accuracy (%)", "time (s)"], rows)
                + "\n\n![accuracy and time](small_tabular.png)")
    _plot(run, results)
    mlp_wins = sum(v["winner"] == "MLP" for v in verdicts)
    ties = sum(v["winner"] == "tie" for v in verdicts)
    verdict = (f"The MLP won on {mlp_wins} of {len(verdicts)} tables{f' (ties: {ties})' if ties else ''}: "
               + "; ".join(v["sentence"] for v in verdicts)
               + "; so the claim " + ("held here." if mlp_wins == 0 else "held only in part."
                                      if mlp_wins < len(verdicts) else "did not hold here."))
    return {"results": results, "folds": folds, "mlp_wins": mlp_wins, "tables": len(verdicts),
            "adult_note": note or "", "verdict": verdict}


def _compare(data_name: str, res: dict[str, dict[str, float]]) -> dict[str, str]:
    """The winner on one table, its margin over the runner-up, and the time cost, as one clause."""
    ranked = sorted(res, key=lambda k: -res[k]["mean"])
    best, second = ranked[0], ranked[1]
    margin = 100 * (res[best]["mean"] - res[second]["mean"])
    noise = "within" if margin < 100 * max(res[best]["std"], res[second]["std"]) else "beyond"
    fastest = min(res, key=lambda k: res[k]["seconds"])
    if best == "MLP":
        cost = f"at {res['MLP']['seconds'] / res[fastest]['seconds']:.0f}x the time of {fastest}"
    else:
        mlp = res["MLP"]
        cost = f"the MLP took {mlp['seconds'] / res[best]['seconds']:.0f}x its time for {100 * mlp['mean']:.1f}%"
    if margin < 0.05:
        return {"winner": "tie", "sentence": f"on {data_name} {best} and {second} tied at "
                                             f"{100 * res[best]['mean']:.1f}% ({cost})"}
    return {"winner": best, "sentence": f"on {data_name} {best} led with {100 * res[best]['mean']:.1f}% "
                                        f"(+{margin:.1f} points over {second}, {noise} the fold spread; {cost})"}


def _plot(run: AppRun, results: dict[str, dict[str, dict[str, float]]]) -> None:

    from ..apps.run_folder import new_figure

    names = list(results)
    models = list(next(iter(results.values())))
    fig, axes = new_figure(1, 2, figsize=(9, 3.4))
    width = 0.8 / len(models)
    for i, m in enumerate(models):
        pos = np.arange(len(names)) + (i - (len(models) - 1) / 2) * width
        axes[0].bar(pos, [100 * results[d][m]["mean"] for d in names], width,
                    yerr=[100 * results[d][m]["std"] for d in names], capsize=2, label=m)
        axes[1].bar(pos, [results[d][m]["seconds"] for d in names], width, label=m)
    for ax, label in ((axes[0], "cross-validated accuracy (%)"), (axes[1], "time, all folds (s, log)")):
        ax.set_xticks(np.arange(len(names)))
        ax.set_xticklabels(names, fontsize=8)
        ax.set_ylabel(label)
        ax.grid(alpha=0.3, axis="y")
    lo = min(100 * results[d][m]["mean"] for d in names for m in models)
    axes[0].set_ylim(max(0, lo - 10), 100)
    axes[1].set_yscale("log")
    axes[0].legend(fontsize=7, loc="lower left")
    fig.tight_layout()
    run.savefig(fig, "small_tabular.png", dpi=90)
