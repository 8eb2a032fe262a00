"""``glassnet app recommend``: collaborative filtering from a ratings file, matrix factorisation and a neural variant.

Reads ``user,item,rating[,timestamp]`` ratings (or MovieLens's ``u.data`` / ``ratings.csv``, which you download
yourself: the MovieLens license forbids redistribution, so glassnet ships no copy); without ``--data`` it generates
ratings from planted latent factors. Splits each user's ratings into train / validation / test, trains matrix
factorisation and an NCF-style neural model with Adam, and reports test RMSE against the global-mean and
per-item-mean baselines, precision/recall/NDCG@10 and the top 10 items for one user.
"""

from __future__ import annotations

import argparse

import numpy as np

from .common import add_common_arguments, module_main

NAME = "recommend"
DESCRIPTION = __doc__.split("\n\n", 1)[1] + """
data formats (detected from the first line):
  user,item,rating[,timestamp]     CSV, header line optional
  u.data                           MovieLens 100K: tab-separated user item rating timestamp
  ratings.csv                      MovieLens ml-latest/20M/25M: userId,movieId,rating,timestamp
  ratings.dat                      MovieLens 1M: user::item::rating::timestamp
MovieLens: https://grouplens.org/datasets/movielens/ (download it yourself; it may not be redistributed).
A malformed line stops the run with an error naming the file and line.
"""
RELEVANT = 4.0  # a held-out rating at least this high counts as a hit for the ranking metrics
K = 10


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Options of this app."""
    add_common_arguments(p, "ratings file: user,item,rating[,timestamp] CSV, MovieLens u.data or ratings.csv "
                            "(download MovieLens yourself; no copy is shipped). Default: ratings generated from "
                            "planted latent factors")
    p.add_argument("--user", default=None, help="raw id of the user to recommend 10 items for (default: the first "
                                                "user id in the data)")
    p.add_argument("--split", choices=("random", "time"), default="random",
                   help="hold out each user's ratings at random (default) or the latest ones (needs timestamps)")
    p.add_argument("--dim", type=int, default=16, help="embedding size (default: 16)")
    p.add_argument("--epochs", type=int, default=None, help="training epochs (default: 25; 20 with --quick)")
    p.add_argument("--l2", type=float, default=0.05,
                   help="L2 penalty on the batch's embedding rows and biases (default: 0.05)")
    p.add_argument("--lr", type=float, default=0.01, help="Adam learning rate (default: 0.01)")


def _baselines(r, tr: np.ndarray) -> tuple[float, np.ndarray]:
    """The training mean and each item's training mean (the global mean for items with no training rating)."""
    mu = float(r.ratings[tr].mean())
    total = np.bincount(r.items[tr], r.ratings[tr], minlength=r.n_items)
    count = np.bincount(r.items[tr], minlength=r.n_items)
    return mu, np.where(count > 0, total / np.maximum(count, 1), mu)


def _by_user(r, rows: np.ndarray, keep=None) -> list[set]:
    """For each user, the set of items of ``rows`` (those whose rating passes ``keep``)."""
    out: list[set] = [set() for _ in range(r.n_users)]
    sel = rows if keep is None else rows[keep(r.ratings[rows])]
    for u, i in zip(r.users[sel], r.items[sel]):
        out[u].add(int(i))
    return out


def _model_scores(model, n_items: int):
    """A function users -> predicted rating of every item (len(users) x items), for a block of users at a time."""
    from .cf_models import predict

    def scores(users: np.ndarray) -> np.ndarray:
        return predict(model, np.repeat(users, n_items), np.tile(np.arange(n_items), len(users))
                       ).reshape(len(users), n_items)

    return scores


def _plot(run, curves: dict, base: dict) -> None:
    """Training and validation RMSE per epoch of both models, with the baselines as horizontal lines."""

    from .run_folder import new_figure

    fig, ax = new_figure(figsize=(7, 4.2))
    colors = {"matrix factorisation": "C0", "neural (NCF)": "C1"}
    for name, c in curves.items():
        ep = np.arange(1, len(c["val_rmse"]) + 1)
        ax.plot(ep, c["train_rmse"], "--", color=colors[name], label=f"{name}: train")
        ax.plot(ep, c["val_rmse"], "-", color=colors[name], label=f"{name}: validation")
    ax.axhline(base["global mean"], color="gray", ls=":", label="global mean (validation)")
    ax.axhline(base["per-item mean"], color="k", ls="-.", label="per-item mean (validation)")
    ax.set_xlabel("epoch")
    ax.set_ylabel("RMSE")
    ax.set_title("Rating prediction error per epoch")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    ax.grid(alpha=0.3)
    run.savefig(fig, "rmse_curves.png")


def run(args: argparse.Namespace) -> int:
    """Load or generate ratings, train both models, evaluate, recommend, write the run folder."""
    import glassnet as gn

    from ..cli.errors import CLIError
    from . import cf_models as cf
    from .ratings import read_ratings, split, synthetic_ratings
    from .run_folder import AppRun, markdown_table

    try:
        if args.data:
            r = read_ratings(args.data)
        elif args.quick:
            r = synthetic_ratings(300, 200, 20_000, seed=args.seed)
        else:
            r = synthetic_ratings(1000, 1500, 100_000, seed=args.seed)
        parts = split(r, args.split, seed=args.seed)
    except ValueError as e:
        raise CLIError(str(e)) from None
    epochs = args.epochs if args.epochs is not None else (20 if args.quick else 25)
    if args.dim < 1 or epochs < 1:
        raise CLIError("--dim and --epochs must be at least 1")
    user_raw = args.user if args.user is not None else r.user_ids[0]
    if user_raw not in r.user_ids:
        raise CLIError(f"--user {user_raw!r}: no such user in {r.source} (ids there look like "
                       f"{', '.join(r.user_ids[:3])} ...)")
    tr, va, te = parts["train"], parts["val"], parts["test"]
    if len(te) == 0:
        raise CLIError(f"{r.source}: no user has 3 or more ratings, so nothing can be held out for testing")
    run_ = AppRun(args.out, NAME, {"data": r.source, "data_format": r.format, "quick": args.quick,
                                   "seed": args.seed, "split": args.split, "dim": args.dim, "epochs": epochs,
                                   "l2": args.l2, "lr": args.lr, "user": user_raw},
                  "Recommendations: matrix factorisation and a neural variant", overwrite=args.overwrite)
    gn.manual_seed(args.seed)
    mu, item_mean = _baselines(r, tr)
    X = {k: (r.users[v], r.items[v], r.ratings[v]) for k, v in (("train", tr), ("val", va), ("test", te))}

    what = r.source if r.format == "synthetic" else f"{r.source} ({r.format})"
    run_.section("Data", f"{what}: {len(r)} ratings from {r.n_users} users on {r.n_items} items "
                         f"(density {len(r) / (r.n_users * r.n_items):.2%}), ratings {r.ratings.min():g} to "
                         f"{r.ratings.max():g}. Split per user ({args.split}"
                         f"{': the latest ratings held out' if args.split == 'time' else ''}): every user with at "
                         f"least 3 ratings gives 10% of them (at least one) to the test set and as many to the "
                         f"validation set, which picks each model's epoch; {len(tr)} train, {len(va)} validation, "
                         f"{len(te)} test ratings.")
    models = {"matrix factorisation": cf.MatrixFactorization(r.n_users, r.n_items, args.dim, mean=mu),
              "neural (NCF)": cf.NeuralCF(r.n_users, r.n_items, args.dim, hidden=64, mean=mu)}
    curves = {}
    for name, model in models.items():
        curves[name] = cf.train(model, *X["train"], X["val"], epochs=epochs, lr=args.lr, l2=args.l2,
                                weight_decay=1e-4, seed=args.seed, verbose=args.verbose, label=name)
    base_val = {"global mean": cf.rmse(np.full(len(va), mu), X["val"][2]),
                "per-item mean": cf.rmse(item_mean[X["val"][1]], X["val"][2])}
    test_rmse = {"global mean": cf.rmse(np.full(len(te), mu), X["test"][2]),
                 "per-item mean": cf.rmse(item_mean[X["test"][1]], X["test"][2])}
    for name, model in models.items():
        test_rmse[name] = cf.rmse(cf.predict(model, X["test"][0], X["test"][1]), X["test"][2])
    floor = r.planted(X["test"][0], X["test"][1])
    if floor is not None:  # the error of the true model: what noise and rounding leave to any method
        test_rmse["planted ratings (noise floor)"] = cf.rmse(np.clip(floor, 1, 5), X["test"][2])
    _plot(run_, curves, base_val)

    seen = _by_user(r, np.concatenate([tr, va]))
    relevant = _by_user(r, te, keep=lambda x: x >= RELEVANT)
    popularity = np.bincount(r.items[tr], minlength=r.n_items).astype(np.float64)
    # Each method is a function from a block of users to their scores of every item, so that the users x items
    # matrix never has to exist at once (it would not fit for MovieLens 20M).
    scorers = {"most rated (popularity)": lambda us: np.broadcast_to(popularity, (len(us), r.n_items)),
               "per-item mean": lambda us: np.broadcast_to(item_mean, (len(us), r.n_items))}
    for name, model in models.items():
        scorers[name] = _model_scores(model, r.n_items)
    if "user_factors" in r.truth:  # a generated set: ranking by the planted ratings is the ceiling of any method
        scorers["planted ratings (ceiling)"] = lambda us: r.planted(np.repeat(us, r.n_items),
                                                                    np.tile(np.arange(r.n_items), len(us))
                                                                    ).reshape(len(us), r.n_items)
    ranking = {name: cf.ranking_metrics(f, seen, relevant, K) for name, f in scorers.items()}

    best = min(models, key=lambda n: test_rmse[n])
    beats = test_rmse[best] < min(test_rmse["global mean"], test_rmse["per-item mean"])
    rows = [[n, test_rmse[n], test_rmse[n] / test_rmse["per-item mean"],
             curves[n]["best_epoch"] if n in curves else "-"] for n in test_rmse]
    run_.section("Rating prediction (test RMSE)",
                 markdown_table(["method", "test RMSE", "/ per-item mean", "epoch kept"], rows, ".3f")
                 + f"\n\nBest model: {best}, test RMSE {test_rmse[best]:.3f}; it "
                   f"{'beats' if beats else 'does NOT beat'} both baselines (global mean "
                   f"{test_rmse['global mean']:.3f}, per-item mean {test_rmse['per-item mean']:.3f}). Each model "
                   f"is trained with Adam (lr {args.lr:g}) on the squared error plus {args.l2:g} x the squared "
                   f"norms of the batch's embedding rows and biases; the epoch with the lowest validation RMSE is "
                   f"kept."
                   + (" The noise floor is the error of the planted ratings themselves (clipped to 1..5): the noise "
                      "and the rounding of the generator leave it to any method." if floor is not None else "")
                   + "\n\n![RMSE per epoch](rmse_curves.png)")
    n_users = ranking[best]["users"]
    run_.section(f"Ranking (top {K})",
                 markdown_table(["method", f"precision@{K}", f"recall@{K}", f"NDCG@{K}"],
                                [[n, m[f"precision@{K}"], m[f"recall@{K}"], m[f"ndcg@{K}"]]
                                 for n, m in ranking.items()], ".3f")
                 + f"\n\nFor each of the {n_users} users with a relevant test rating: the items relevant to them "
                   f"are their test items rated {RELEVANT:g} or more; every item they did not rate in training or "
                   f"validation is ranked by the method's score and the top {K} are compared with the relevant "
                   f"ones (precision = hits / {K}, recall = hits / relevant items, NDCG with binary gains). The "
                   f"popularity and per-item-mean rankings are the same for every user."
                 + (" The ceiling ranks by the planted (noise-free) ratings the data were generated from; which "
                    "items a user rated is only partly predictable from them (the generator leans each user's "
                    "choice towards the items their factors favour), so even the ceiling misses most held-out "
                    "items: judge the models against it." if "user_factors" in r.truth else ""))

    u = r.user_ids.index(user_raw)
    s = scorers[best](np.array([u]))[0].astype(np.float64)
    s[list(seen[u])] = -np.inf
    top = [i for i in np.argsort(-s, kind="stable")[:K] if np.isfinite(s[i])]  # fewer when few are unrated
    test_items = {int(i): float(x) for i, x in zip(r.items[te][r.users[te] == u], r.ratings[te][r.users[te] == u])}
    rec_rows = [[k + 1, r.item_ids[i], float(s[i]), test_items.get(int(i), "-")] for k, i in enumerate(top)]
    header = ["rank", "item", "predicted rating", "held-out rating"]
    planted = r.planted(np.full(len(top), u), top)
    if planted is not None:  # a generated set knows each item's true (noise-free) rating for this user
        header.append("planted rating (before rounding and clipping)")
        rec_rows = [row + [float(x)] for row, x in zip(rec_rows, planted)]
    run_.section(f"Top {K} for user {user_raw}",
                 f"From the {best} model, among the {r.n_items - len(seen[u])} items user {user_raw} did not rate "
                 f"in training or validation ({len(seen[u])} rated):\n\n"
                 + markdown_table(header, rec_rows, ".2f"))

    run_.save_model(models["matrix factorisation"], "model.safetensors")
    run_.save_model(models["neural (NCF)"], "neural.safetensors")
    run_.write_json("ids.json", {"users": r.user_ids, "items": r.item_ids, "mean": mu, "dim": args.dim})
    metrics = {"ratings": len(r), "users": r.n_users, "items": r.n_items, "best_model": best,
               "beats_baselines": bool(beats), "mf_test_rmse": test_rmse["matrix factorisation"],
               "ncf_test_rmse": test_rmse["neural (NCF)"], "global_mean_test_rmse": test_rmse["global mean"],
               "item_mean_test_rmse": test_rmse["per-item mean"],
               "ranking": ranking, "top10": {"user": user_raw, "items": [row[1] for row in rec_rows]},
               "curves": curves}
    if floor is not None:
        metrics["noise_floor_test_rmse"] = test_rmse["planted ratings (noise floor)"]
    for key, name in (("mf", "matrix factorisation"), ("ncf", "neural (NCF)"), ("popularity",
                                                                               "most rated (popularity)")):
        for m in (f"precision@{K}", f"recall@{K}", f"ndcg@{K}"):
            metrics[f"{key}_{m.replace('@', '_at_')}"] = ranking[name][m]
    report = run_.finish(metrics)
    if args.verbose:
        print(f"{r.source}: {len(r)} ratings, {r.n_users} users, {r.n_items} items")
        for n, v in test_rmse.items():
            print(f"  test RMSE {n:<22s} {v:.3f}")
        for n, m in ranking.items():
            print(f"  {n:<24s} precision@{K} {m[f'precision@{K}']:.3f}  recall@{K} {m[f'recall@{K}']:.3f}  "
                  f"NDCG@{K} {m[f'ndcg@{K}']:.3f}")
        print(f"top {K} for user {user_raw} ({best}): {', '.join(row[1] for row in rec_rows)}")
        print(f"report: {report}")
    return 0


if __name__ == "__main__":
    raise SystemExit(module_main(NAME))
