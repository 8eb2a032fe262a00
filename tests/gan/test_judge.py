"""glassnet.gan.judge: the Fréchet distance, the judge's scores on crafted classifiers, and a small judge on digits."""

import json

import numpy as np
import pytest

import glassnet
import glassnet.nn as nn
from glassnet.gan.judge import JudgeReport, features, frechet_distance, judge_samples, train_judge
from glassnet.gan.judge_model import JUDGE_META, JUDGE_WEIGHTS


# ---- frechet_distance ---------------------------------------------------------------------------
def _frechet_scipy(a, b):
    linalg = pytest.importorskip("scipy.linalg")
    mu_a, mu_b = a.mean(0), b.mean(0)
    ca, cb = np.atleast_2d(np.cov(a, rowvar=False)), np.atleast_2d(np.cov(b, rowvar=False))
    covmean = linalg.sqrtm(ca @ cb)
    covmean = covmean.real if np.iscomplexobj(covmean) else covmean
    return float(((mu_a - mu_b) ** 2).sum() + np.trace(ca + cb - 2 * covmean))


@pytest.mark.parametrize("dim", [1, 5, 20])
def test_frechet_matches_scipy_sqrtm(dim):
    rng = np.random.default_rng(dim)
    mix = rng.standard_normal((dim, dim))
    a = rng.standard_normal((300, dim)) @ mix
    b = rng.standard_normal((250, dim)) * rng.uniform(0.5, 2, dim) + rng.standard_normal(dim)
    assert frechet_distance(a, b) == pytest.approx(_frechet_scipy(a, b), rel=1e-6, abs=1e-8)


def test_frechet_matches_scipy_with_rank_deficient_covariance():
    # fewer samples than dimensions, as with a small sample batch: the covariances are singular
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((30, 50)), rng.standard_normal((30, 50)) + 0.5
    assert frechet_distance(a, b) == pytest.approx(_frechet_scipy(a, b), rel=1e-4)


def test_frechet_of_identical_sets_is_zero():
    a = np.random.default_rng(0).standard_normal((200, 16))
    assert frechet_distance(a, a) == pytest.approx(0.0, abs=1e-8)
    assert frechet_distance(glassnet.tensor(a), a.copy()) == pytest.approx(0.0, abs=1e-8)


def test_frechet_closed_forms_shift_and_scale():
    a = np.random.default_rng(1).standard_normal((400, 6))
    delta = np.array([1.0, -2.0, 0.5, 0.0, 3.0, 1.5])
    # same covariance, means apart by delta: d^2 = |delta|^2
    assert frechet_distance(a, a + delta) == pytest.approx(float(delta @ delta), rel=1e-9)
    # b = 2a: C_b = 4 C_a, tr(C_a + 4 C_a - 2 * 2 C_a) = tr(C_a); means 0 and 2 mu
    cov = np.cov(a, rowvar=False)
    mu = a.mean(0)
    assert frechet_distance(a, 2 * a) == pytest.approx(np.trace(cov) + float(mu @ mu), rel=1e-9)


def test_frechet_is_symmetric_and_grows_with_the_shift():
    rng = np.random.default_rng(2)
    a, b = rng.standard_normal((300, 4)), rng.standard_normal((300, 4))
    assert frechet_distance(a, b) == pytest.approx(frechet_distance(b, a), rel=1e-9)
    assert frechet_distance(a, b) < frechet_distance(a, b + 1) < frechet_distance(a, b + 2)


def test_frechet_rejects_bad_input():
    a = np.zeros((10, 3))
    with pytest.raises(ValueError, match=r"feature sizes differ.*\(10, 3\).*\(10, 4\)"):
        frechet_distance(a, np.zeros((10, 4)))
    with pytest.raises(ValueError, match="N >= 2"):
        frechet_distance(a, np.zeros((1, 3)))
    with pytest.raises(ValueError, match="NaN"):
        frechet_distance(a, np.full((5, 3), np.nan))


# ---- crafted classifiers ------------------------------------------------------------------------
class Fixed(nn.Module):
    """A 'classifier' returning given logits row by row, cycling (its features are the logits: no nn.Linear)."""

    def __init__(self, logits):
        super().__init__()
        self.logits = np.asarray(logits, dtype=np.float32)
        self.seen = 0
        self.head = nn.Identity()

    def forward(self, x):
        out = self.logits[np.arange(self.seen, self.seen + len(x)) % len(self.logits)]
        self.seen += len(x)
        return self.head(glassnet.tensor(out))


def _imgs(n, seed=0):
    return np.random.default_rng(seed).uniform(-1, 1, (n, 1, 4, 4)).astype(np.float32)


def test_confident_fraction_and_histogram_on_crafted_logits():
    big, flat = 10.0, 0.0
    logits = np.full((10, 10), flat)
    for i in range(6):  # 6 confident samples: classes 0, 0, 0, 1, 2, 3
        logits[i, [0, 0, 0, 1, 2, 3][i]] = big
    logits[6:, 4] = 1.0  # 4 unconfident samples leaning to class 4 (softmax max ~ 0.23)
    r = judge_samples(_imgs(10), Fixed(logits))
    assert r.confident_fraction == pytest.approx(0.6)
    np.testing.assert_allclose(r.class_histogram, [0.3, 0.1, 0.1, 0.1, 0.4, 0, 0, 0, 0, 0])
    np.testing.assert_array_equal(r.predicted, [0, 0, 0, 1, 2, 3, 4, 4, 4, 4])
    p = np.array([0.3, 0.1, 0.1, 0.1, 0.4])
    assert r.class_entropy == pytest.approx(float(-(p * np.log(p)).sum()))
    assert r.class_entropy_normalized == pytest.approx(r.class_entropy / np.log(10))
    assert r.class_entropy_normalised == r.class_entropy_normalized
    assert r.min_class_fraction == 0.0
    assert r.frechet is None


def test_uniform_classes_give_full_entropy_and_no_collapse_warning():
    logits = np.eye(10)[np.arange(50) % 10] * 20
    r = judge_samples(_imgs(50), Fixed(logits))
    assert r.class_entropy == pytest.approx(np.log(10))
    assert r.class_entropy_normalized == pytest.approx(1.0)
    assert r.min_class_fraction == pytest.approx(0.1)
    assert r.confident_fraction == 1.0
    assert not any("collapse" in w for w in r.warnings)


def test_one_dominant_class_is_reported_as_mode_collapse_in_plain_words():
    labels = np.r_[np.full(40, 7), np.arange(10)]
    r = judge_samples(_imgs(50), Fixed(np.eye(10)[labels] * 20))
    assert any("mode collapse" in w and "class 7" in w and "82%" in w for w in r.warnings)
    assert "warning: mode collapse" in str(r)


def test_missing_classes_and_unrecognisable_samples_are_warned_about():
    labels = np.arange(60) % 8  # classes 8 and 9 never drawn
    logits = np.eye(10)[labels] * 1.0  # and nothing is confident
    r = judge_samples(_imgs(60), Fixed(logits))
    assert any("classes 8, 9 never appear" in w for w in r.warnings)
    assert any("only 0% of the samples are recognisable" in w for w in r.warnings)


def test_identical_samples_are_warned_about():
    x = np.zeros((20, 1, 4, 4), np.float32)
    real = _imgs(20)
    r = judge_samples(x, Fixed(np.eye(10)[np.arange(20) % 10] * 20), real=real)
    assert r.diversity == 0.0 and r.real_diversity > 0.3
    assert any("near copies" in w for w in r.warnings)


def test_report_as_dict_is_json_ready_and_str_is_readable():
    judge = nn.Sequential(nn.Flatten(), nn.Linear(16, 8), nn.ReLU(), nn.Linear(8, 10))
    r = judge_samples(glassnet.tensor(_imgs(30)), judge, real=_imgs(40, seed=1))
    d = json.loads(json.dumps(r.as_dict()))
    assert set(d) >= {"confident_fraction", "class_histogram", "class_entropy", "min_class_fraction", "frechet",
                      "warnings"}
    assert len(d["class_histogram"]) == 10 and "predicted" not in d
    text = str(r)
    assert "judged 30 samples" in text and "Frechet" in text and "not Inception" in text
    assert isinstance(r, JudgeReport) and r.predicted.shape == (30,) and r.confidence.shape == (30,)


def test_features_are_the_input_of_the_last_linear_layer():
    glassnet.manual_seed(0)
    body = nn.Sequential(nn.Flatten(), nn.Linear(16, 12), nn.Tanh())
    judge = nn.Sequential(body, nn.Linear(12, 10))
    x = _imgs(7)
    with glassnet.no_grad():
        expected = body(glassnet.tensor(x))._data
    np.testing.assert_allclose(features(judge, x, batch_size=3), expected, rtol=1e-5, atol=1e-6)
    assert not judge[1]._forward_pre_hooks  # the hook is removed again
    judge.train()
    features(judge, x)
    assert judge.training  # the mode is put back


def test_features_fall_back_to_the_outputs_without_a_linear_layer():
    judge = nn.Sequential(nn.Flatten())
    assert features(judge, _imgs(3)).shape == (3, 16)


def test_frechet_of_samples_against_themselves_is_zero():
    judge = nn.Sequential(nn.Flatten(), nn.Linear(16, 8), nn.ReLU(), nn.Linear(8, 10))
    x = _imgs(40)
    assert judge_samples(x, judge, real=x).frechet == pytest.approx(0.0, abs=1e-6)


def test_without_a_classifier_only_pixel_statistics_are_reported():
    x, real = _imgs(30), _imgs(30, seed=1)
    r = judge_samples(x, real=real)
    assert r.confident_fraction is None and r.class_histogram is None and r.predicted is None
    assert r.frechet == pytest.approx(frechet_distance(x.reshape(30, -1), real.reshape(30, -1)))


def test_bad_input_gives_one_clear_error():
    judge = nn.Sequential(nn.Flatten(), nn.Linear(16, 10))
    with pytest.raises(ValueError, match=r"judge_samples: samples must be images \(N, C, H, W\), got shape \(5, 16\)"):
        judge_samples(np.zeros((5, 16), np.float32), judge)
    pixels = np.full((5, 1, 4, 4), 255.0, np.float32)
    pixels[0] = 0
    with pytest.raises(ValueError, match=r"must be in \[-1, 1\].*\[0, 255\]"):
        judge_samples(pixels, judge)
    with pytest.raises(ValueError, match=r"real images are \(1, 8, 8\).*samples are \(1, 4, 4\)"):
        judge_samples(_imgs(5), judge, real=np.zeros((5, 1, 8, 8), np.float32))
    with pytest.raises(ValueError, match=r"scores of shape \(5, 10\).*expected \(5, 3\)"):
        judge_samples(_imgs(5), judge, num_classes=3)


# ---- train_judge ---------------------------------------------------------------------------------
def test_train_judge_on_arrays_caches_and_reloads(tmp_path):
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, (80, 1, 4, 4)).astype(np.float32)
    y = (X.mean(axis=(1, 2, 3)) > 0).astype(np.int64)
    judge = train_judge((X, y), out_dir=tmp_path, epochs=3)
    meta = json.loads((tmp_path / JUDGE_META).read_text())
    assert (tmp_path / JUDGE_WEIGHTS).is_file()
    assert meta["arch"]["name"] == "mlp" and meta["num_classes"] == 2 and meta["test_samples"] == 8
    assert 0 <= meta["test_accuracy"] <= 1 and len(meta["data_hash"]) == 64 and "Inception" in meta["note"]
    again = train_judge((X, y), out_dir=tmp_path, epochs=3)
    with glassnet.no_grad():
        np.testing.assert_array_equal(again(glassnet.tensor(X))._data, judge(glassnet.tensor(X))._data)
    assert not again.training and again.judge_info["data_hash"] == meta["data_hash"]
    with pytest.warns(UserWarning, match="trained on other data"):
        train_judge((X[:60], y[:60]), out_dir=tmp_path, epochs=1)
    assert json.loads((tmp_path / JUDGE_META).read_text())["data_hash"] != meta["data_hash"]


def test_train_judge_rejects_bad_data():
    with pytest.raises(ValueError, match="unknown dataset 'cifar'"):
        train_judge("cifar")
    with pytest.raises(ValueError, match=r"X must be in \[-1, 1\]"):
        train_judge((np.full((4, 1, 4, 4), 200.0, np.float32), np.zeros(4, np.int64)))
    with pytest.raises(ValueError, match=r"y must be \(N,\) integer labels"):
        train_judge((np.zeros((4, 1, 4, 4), np.float32), np.zeros(3, np.int64)))


@pytest.fixture(scope="module")
def digits_judge(tmp_path_factory):
    glassnet.manual_seed(0)
    return train_judge("digits", out_dir=tmp_path_factory.mktemp("judge"), epochs=20)


@pytest.mark.slow
def test_real_digits_beat_noise_and_an_untrained_generator_on_every_judge_metric(digits_judge):
    from glassnet.data.datasets import digits

    train, test = digits()
    ref = train.tensors[0]._data * 2 - 1
    real = test.tensors[0]._data * 2 - 1
    assert digits_judge.judge_info["test_accuracy"] > 0.9
    n = len(real)
    noise = np.random.default_rng(0).uniform(-1, 1, real.shape).astype(np.float32)
    glassnet.manual_seed(0)
    untrained = nn.Sequential(nn.Linear(16, 64), nn.ReLU(), nn.Linear(64, 64), nn.Tanh(), nn.Unflatten(1, (1, 8, 8)))
    with glassnet.no_grad():
        fake = untrained(glassnet.randn(n, 16))._data
    good = judge_samples(real, digits_judge, real=ref)
    assert good.confident_fraction > 0.8 and good.min_class_fraction > 0.05 and not good.warnings
    for name, bad_x in (("noise", noise), ("untrained generator", fake)):
        bad = judge_samples(bad_x, digits_judge, real=ref)
        assert good.confident_fraction > bad.confident_fraction, name
        assert good.class_entropy > bad.class_entropy, name
        assert good.min_class_fraction > bad.min_class_fraction, name
        assert good.frechet < bad.frechet / 10, name
        assert bad.warnings, name


def test_mnist_judge_data_is_read_in_the_generators_range(shared_data):
    from glassnet.gan.judge_model import _arch_for, _load

    name, (x, y), (xt, yt) = _load("mnist", 0, shared_data)
    assert name == "mnist" and x.shape == (60000, 1, 28, 28) and xt.shape == (10000, 1, 28, 28)
    assert x.dtype == np.float32 and x.min() == -1.0 and x.max() == 1.0
    assert set(np.unique(y)) == set(range(10)) and len(yt) == 10000
    assert _arch_for(x.shape[1:], 10)["name"] == "lenet5"


def test_code_classes_maps_each_code_to_its_commonest_class():
    from glassnet.gan.judge import code_classes

    codes = [0, 0, 0, 1, 1, 1, 2, 2]
    predicted = [7, 7, 1, 3, 3, 3, 7, 7]
    r = code_classes(codes, predicted, 10)
    assert r["class_of_code"] == [7, 3, 7]
    assert r["share_of_code"] == pytest.approx([2 / 3, 1.0, 1.0])
    assert r["purity"] == pytest.approx(7 / 8)
    assert r["classes_covered"] == 2  # two codes found the same digit
    with pytest.raises(ValueError, match="one entry per sample"):
        code_classes([0, 1], [0], 10)
