"""glassnet app recommend: the ratings formats, bad lines, the split, the metrics, and a --quick run on planted
factors that must recover held-out ratings far better than the global- and item-mean baselines."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

import numpy as np
import pytest

import glassnet as gn
from glassnet.apps import cf_models, recommend
from glassnet.apps.ratings import Ratings, read_ratings, split, synthetic_ratings
from glassnet.cli.errors import CLIError


def _args(*argv: str) -> argparse.Namespace:
    p = argparse.ArgumentParser()
    recommend.add_arguments(p)
    return p.parse_args(list(argv))


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("rec") / "run"
    assert recommend.run(_args("--quick", "--out", str(out), "--verbose", "0")) == 0
    return out


def test_quick_run_recovers_planted_ratings_far_better_than_baselines(quick_run):
    m = json.loads((quick_run / "metrics.json").read_text())
    assert m["mf_test_rmse"] < 0.8 * m["item_mean_test_rmse"]
    assert m["ncf_test_rmse"] < 0.9 * m["item_mean_test_rmse"]
    assert m["item_mean_test_rmse"] < m["global_mean_test_rmse"]
    assert m["beats_baselines"] is True
    assert m["mf_ndcg_at_10"] > m["popularity_ndcg_at_10"]
    assert len(m["top10"]["items"]) == 10
    for name in ("report.md", "rmse_curves.png", "model.safetensors", "neural.safetensors", "ids.json",
                 "config.json"):
        assert (quick_run / name).is_file(), name
    report = (quick_run / "report.md").read_text()
    assert "precision@10" in report and "Top 10 for user u0" in report and "per-item mean" in report


def test_saved_model_reloads_and_predicts_the_same(quick_run):
    ids = json.loads((quick_run / "ids.json").read_text())
    model = cf_models.MatrixFactorization(len(ids["users"]), len(ids["items"]), ids["dim"], mean=ids["mean"])
    model.load_state_dict(gn.load(quick_run / "model.safetensors"))
    pred = cf_models.predict(model, np.array([0, 1]), np.array([0, 1]))
    assert pred.shape == (2,) and np.all(np.isfinite(pred))


def test_glassnet_info_describes_the_run(quick_run, capsys):
    from glassnet.cli.main import main

    assert main(["info", str(quick_run)]) == 0
    out = capsys.readouterr().out
    assert "app: recommend" in out and "mf_test_rmse" in out


def test_reads_movielens_100k_u_data(tmp_path):
    f = tmp_path / "u.data"
    f.write_text("196\t242\t3\t881250949\n186\t302\t3\t891717742\n196\t377\t1\t878887116\n")
    r = read_ratings(f)
    assert "u.data" in r.format and len(r) == 3 and r.n_users == 2 and r.n_items == 3
    assert r.user_ids[r.users[1]] == "186" and r.item_ids[r.items[2]] == "377"
    assert r.timestamps.tolist() == [881250949, 891717742, 878887116]
    assert set(r.users.tolist()) == {0, 1}  # contiguous indices


def test_reads_movielens_ratings_csv_and_plain_csv(tmp_path):
    ml = tmp_path / "ratings.csv"
    ml.write_text("userId,movieId,rating,timestamp\n1,1,4.0,964982703\n1,3,4.5,964981247\n6,1,2.5,964982224\n")
    r = read_ratings(ml)
    assert "ratings.csv" in r.format and len(r) == 3 and r.ratings.tolist() == [4.0, 4.5, 2.5]
    plain = tmp_path / "mine.csv"
    plain.write_text("alice,book-a,5\nbob,book-a,2\nalice,book-b,4\n")  # no header, no timestamp
    r = read_ratings(plain)
    assert r.timestamps is None and r.user_ids == ["alice", "bob"] and r.item_ids == ["book-a", "book-b"]
    dat = tmp_path / "ratings.dat"
    dat.write_text("1::1193::5::978300760\n1::661::3::978302109\n")
    r = read_ratings(dat)
    assert "1M" in r.format and r.item_ids == ["1193", "661"] and r.timestamps is not None
    with_header = tmp_path / "h.csv"
    with_header.write_text("user,item,rating\nalice,book-a,5\n")
    assert len(read_ratings(with_header)) == 1


@pytest.mark.parametrize("body, line, what", [
    ("1,2,4\n1,3,x\n", 2, "not a number"),
    ("1,2,x\n1,3,4\n", 1, "not a number"),
    ("user,item,rating\n1,2,4\n1,3\n", 3, "expected user,item,rating"),
    ("1,2,4,100\n1,3,4\n", 2, "fields"),
    ("1\t2\t4\t5\n1\t2\t4\tnoon\n", 2, "timestamp"),
])
def test_a_malformed_line_is_one_error_naming_file_and_line(tmp_path, body, line, what):
    f = tmp_path / "bad.csv"
    f.write_text(body)
    with pytest.raises(ValueError, match=f"bad.csv, line {line}: .*{what}"):
        read_ratings(f)
    with pytest.raises(CLIError, match=f"line {line}"):
        recommend.run(_args("--data", str(f), "--out", str(tmp_path / "run"), "--verbose", "0"))


def test_cli_reports_a_bad_file_without_a_traceback(tmp_path):
    f = tmp_path / "bad.csv"
    f.write_text("1,2,4\n1,2,four\n")
    res = subprocess.run([sys.executable, "-m", "glassnet.apps.recommend", "--data", str(f), "--out",
                          str(tmp_path / "run")], capture_output=True, text=True)
    assert res.returncode == 2
    assert "line 2" in res.stderr and "Traceback" not in res.stderr


def test_split_holds_out_per_user_and_by_time():
    r = synthetic_ratings(20, 30, 400, seed=1)
    parts = split(r, "time", seed=0)
    rows = np.concatenate(list(parts.values()))
    assert np.array_equal(np.sort(rows), np.arange(len(r)))  # every rating in exactly one part
    for u in range(r.n_users):
        tr = parts["train"][r.users[parts["train"]] == u]
        te = parts["test"][r.users[parts["test"]] == u]
        assert len(te) >= 1 and r.timestamps[te].min() >= r.timestamps[tr].max()
    no_time = Ratings(r.users, r.items, r.ratings, None, r.user_ids, r.item_ids,
                      "f.csv", "csv")
    with pytest.raises(ValueError, match="timestamp"):
        split(no_time, "time")


def test_ranking_metrics_on_a_hand_example():
    scores = np.array([[0.9, 0.8, 0.7, 0.1], [0.1, 0.2, 0.3, 0.4]])
    seen = [{0}, set()]
    relevant = [{2}, set()]  # user 1 has no relevant test item: left out of the averages
    m = cf_models.ranking_metrics(scores, seen, relevant, k=2)
    # user 0: item 0 is seen, so the top 2 are items 1 and 2; the hit is at rank 2
    assert m["users"] == 1 and m["precision@2"] == 0.5 and m["recall@2"] == 1.0
    assert m["ndcg@2"] == pytest.approx(1 / np.log2(3))
