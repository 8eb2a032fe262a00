"""The fraud app's report: ranking by average precision, thresholds chosen for a cost, the PR-curve figure, a verdict.

Every number here is computed from the run's scores; the verdict's wording follows the numbers (which model leads,
whether the lead is larger than the test split's sampling noise, whether any model beats the cheaper of flagging
nothing and flagging everything).
"""

from __future__ import annotations

import argparse
from typing import Any

import numpy as np

from .rare_metrics import average_precision, cheapest_threshold, outcome, precision_recall_curve, roc_auc
from .run_folder import AppRun, markdown_table

SPLITS = ("training", "validation", "test")


def paired_bootstrap(y: np.ndarray, a: np.ndarray, b: np.ndarray, seed: int, n: int = 300) -> float:
    """Share of resamples of the cases (with replacement) in which score ``a`` has the higher AP than ``b``."""
    rng = np.random.default_rng(seed)
    wins = 0
    for _ in range(n):
        i = rng.integers(0, len(y), len(y))
        if y[i].sum() == 0:
            continue
        wins += average_precision(y[i], a[i]) > average_precision(y[i], b[i])
    return wins / n


def pr_figure(results: list[Any], y: np.ndarray, chosen: dict[str, Any], title: str) -> Any:
    """Precision-recall curves on the test split, each model's cost-chosen operating point marked."""

    from .run_folder import new_figure

    fig, ax = new_figure(figsize=(6.4, 5.6))
    for r in results:
        p, rec, _ = precision_recall_curve(y, r.test_score)
        line, = ax.step(np.r_[0.0, rec], np.r_[p[0], p], where="post", lw=1.4,
                        label=f"{r.name} (AP {average_precision(y, r.test_score):.3f})")
        o = chosen[r.name]
        if o.tp + o.fp:
            ax.plot(o.recall, o.precision, "o", color=line.get_color(), ms=6)
    ax.axhline(y.mean(), color="grey", ls="--", lw=1, label=f"random score (AP {y.mean():.3f})")
    ax.set_xlabel("recall (share of positive cases flagged)")
    ax.set_ylabel("precision (share of flags that are positive)")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    ax.set_title(title + "\ntest split; dots: each model's threshold chosen for the cost on validation", fontsize=9)
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=2, frameon=False)
    ax.grid(alpha=0.3)
    return fig


def write_report(run: AppRun, data: Any, results: list[Any], ys: list[np.ndarray], settings: Any,
                 args: argparse.Namespace) -> dict[str, Any]:
    """Add the report's sections and figure to ``run``; returns the metrics (with the verdict)."""
    cm, cf = args.cost_miss, args.cost_false_alarm
    y_va, y_te = ys[1], ys[2]
    split_rows = [[name, len(v), int(v.sum()), f"{v.mean():.3%}"] for name, v in zip(SPLITS, ys)]
    run.section("Data", data.about + f" {len(data.features)} features: {', '.join(data.features)}.\n\n"
                "Stratified split (each class split 60/20/20); features standardised with the training split's "
                "mean and standard deviation only.\n\n"
                + markdown_table(["split", "rows", "positive cases", "prevalence"], split_rows))
    model_lines = []
    for r in results:
        extra = f"; best validation AP at epoch {r.best_epoch} of {settings.epochs}" if r.val_ap_per_epoch else ""
        model_lines.append(f"- **{r.name}**: {r.note}{extra}.")
    run.section("Models", f"The MLP has hidden layers {', '.join(map(str, settings.hidden))} (ReLU), trained with "
                f"Adam (lr {settings.lr:g}, batch {settings.batch_size}) from the same initial weights and batch "
                "order for each loss; the epoch with the best validation average precision is kept.\n\n"
                + "\n".join(model_lines)
                + "\n\nThe three MLPs are saved as `mlp_cross_entropy.safetensors`, `mlp_class_weighted.safetensors` "
                  "and `mlp_focal.safetensors` (load with `glassnet.apps.fraud_models.make_mlp(n_features, "
                  f"{settings.hidden})` and `model.load_state_dict(glassnet.load(path))`); they expect features "
                  "standardised with the mean and scale in `scaler.json`.")

    models: dict[str, dict[str, Any]] = {}
    chosen = {}
    for r in results:
        t = cheapest_threshold(y_va, r.val_score, cm, cf)
        o, o_half = outcome(y_te, r.test_score, t, cm, cf), outcome(y_te, r.test_score, 0.5, cm, cf)
        chosen[r.name] = o
        models[r.name] = {"average_precision": average_precision(y_te, r.test_score),
                          "roc_auc": roc_auc(y_te, r.test_score),
                          "val_average_precision": average_precision(y_va, r.val_score),
                          "threshold": t if np.isfinite(t) else None, "precision": o.precision, "recall": o.recall,
                          "tp": o.tp, "fp": o.fp, "fn": o.fn, "tn": o.tn, "cost": o.cost,
                          "cost_at_0.5": o_half.cost, "recall_at_0.5": o_half.recall,
                          "precision_at_0.5": o_half.precision}
    floor = float(y_te.mean())
    rank_rows = [[n, m["average_precision"], m["roc_auc"], m["val_average_precision"]] for n, m in models.items()]
    rank_rows.append(["random score (the floor)", floor, 0.5, float(y_va.mean())])
    run.section("Ranking: average precision on the test split",
                "Average precision (AP) is the area under the precision-recall curve: the precision at each "
                "threshold, weighted by the recall it adds (scikit-learn's definition, computed in NumPy by "
                "`glassnet.apps.rare_metrics`). A random score has AP equal to the prevalence; ROC AUC is shown "
                "too, though with rare positives it stays high even when most flags are false alarms.\n\n"
                + markdown_table(["model", "test AP", "test ROC AUC", "validation AP"], rank_rows, ".3f"))

    nothing, everything = cm * int(y_te.sum()), cf * int((1 - y_te).sum())
    cost_rows = []
    for n, m in models.items():
        thr = "flag nothing" if m["threshold"] is None else f"{m['threshold']:.4g}"
        cost_rows.append([n, thr, m["tp"] + m["fp"], f"{m['precision']:.3f}", f"{m['recall']:.3f}", m["tp"], m["fp"],
                          m["fn"], m["tn"], f"{m['cost']:g}", f"{m['cost_at_0.5']:g}"])
    bayes = cf / (cf + cm)
    run.section("Decisions: the threshold for a stated cost",
                f"A missed positive case costs {cm:g} and a false alarm {cf:g}. Each model's threshold is the one "
                "with the lowest total cost on the **validation** split (every distinct validation score tried, "
                "flagging nothing included; the threshold sits halfway to the next lower score), then applied "
                f"unchanged to the test split. For calibrated probabilities the cheapest threshold would be "
                f"{cf:g} / ({cf:g} + {cm:g}) = {bayes:.3f}, but the weighted and focal losses shift the "
                "probabilities, so it is chosen on data rather than assumed.\n\n"
                + markdown_table(["model", "threshold", "flagged", "precision", "recall", "TP", "FP", "FN", "TN",
                                  "test cost", "cost at 0.5"], cost_rows)
                + f"\n\nBaselines on the test split: flagging nothing costs **{nothing:g}** "
                  f"({int(y_te.sum())} misses x {cm:g}); flagging everything costs **{everything:g}** "
                  f"({int((1 - y_te).sum())} false alarms x {cf:g}). A model is worth its keep only below the "
                  f"cheaper of the two.")
    title = "synthetic transactions" if data.source == "synthetic" else str(data.source).rsplit("/", 1)[-1]
    run.savefig(pr_figure(results, y_te, chosen, f"Precision-recall, {title}"), "pr_curves.png")
    run.section("Figure", "![precision-recall curves](pr_curves.png)")

    verdict = _verdict(models, results, y_te, nothing, everything, args.seed)
    run.section("Verdict", verdict + (" (--quick run: small data and few epochs; the figures are not the app's "
                                      "real ones)" if args.quick else ""))
    return {"data": data.source, "rows": int(sum(len(v) for v in ys)), "positives": int(sum(v.sum() for v in ys)),
            "test_prevalence": floor, "cost_miss": cm, "cost_false_alarm": cf, "cost_flag_nothing": nothing,
            "cost_flag_everything": everything, "cost_trivial": min(nothing, everything), "models": models,
            "verdict": verdict,
            "best_ap_model": max(models, key=lambda n: models[n]["average_precision"]),
            "cheapest_model": min(models, key=lambda n: models[n]["cost"])}


def _verdict(models: dict[str, dict[str, Any]], results: list[Any], y: np.ndarray, nothing: float,
             everything: float, seed: int) -> str:
    """Sentences computed from the numbers: who leads on AP (and by more than noise?), who is cheapest."""
    by_ap = sorted(models, key=lambda n: -models[n]["average_precision"])
    best, second = by_ap[0], by_ap[1]
    score = {r.name: r.test_score for r in results}
    ap = {n: models[n]["average_precision"] for n in models}

    def held(a: str, b: str) -> str:
        share = paired_bootstrap(y, score[a], score[b], seed)
        return (f"ahead in {share:.0%} of 300 bootstrap resamples of the test split"
                + (", so within the sampling noise" if share < 0.9 else ""))

    rest = ", ".join(f"{n} {ap[n]:.3f}" for n in by_ap[2:])
    text = (f"Best average precision: {best} ({ap[best]:.3f}) over {second} ({ap[second]:.3f}), {held(best, second)};"
            f" then {rest}; a random score has {y.mean():.3f}.")
    mlps = [n for n in by_ap if n.startswith("MLP")]
    plain = "MLP, cross-entropy"
    if mlps[0] == plain:
        text += (f" Among the MLP's losses plain cross-entropy ranks best (AP {ap[plain]:.3f}): neither the class "
                 "weights nor the focal loss improved on it.")
    else:
        noise = "as above" if {mlps[0], plain} == {best, second} else held(mlps[0], plain)
        text += (f" Among the MLP's losses, {mlps[0].removeprefix('MLP, ')} ranks best (AP {ap[mlps[0]]:.3f} against "
                 f"plain cross-entropy's {ap[plain]:.3f}, {noise}).")
    trivial, how = min((nothing, "flagging nothing"), (everything, "flagging everything"))
    by_cost = sorted(models, key=lambda n: models[n]["cost"])
    cheapest, runner_up = by_cost[0], by_cost[1]
    c = models[cheapest]
    if c["cost"] < trivial:
        losers = [n for n in models if models[n]["cost"] >= trivial]
        text += (f" Cheapest on the test split with its validation-chosen threshold: {cheapest}, cost {c['cost']:g} "
                 f"against {trivial:g} for {how}, the cheaper trivial policy ({1 - c['cost'] / trivial:.0%} less), "
                 f"and {c['cost_at_0.5']:g} for the same model at threshold 0.5; it catches {c['recall']:.0%} of the "
                 f"positive cases with precision {c['precision']:.0%}. Next: {runner_up}, cost "
                 f"{models[runner_up]['cost']:g}.")
        if losers:
            text += f" Not cheaper than {how}: {', '.join(losers)}."
    else:
        text += (f" No model's validation-chosen threshold beats {how} on the test split (cost {trivial:g}); the "
                 f"cheapest, {cheapest}, costs {c['cost']:g}.")
    return text


__all__ = ["paired_bootstrap", "pr_figure", "write_report"]
