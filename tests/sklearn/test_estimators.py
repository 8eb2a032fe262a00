"""NeuralNetClassifier / NeuralNetRegressor as scikit-learn tools use them: clone, Pipeline, GridSearchCV,
cross_val_score, sample weights (as fairlearn's reductions pass them), partial_fit and warm_start."""

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import glassnet
from glassnet import nn
from glassnet.sklearn import NeuralNetClassifier, NeuralNetRegressor
from glassnet.train import EarlyStopping


def blobs(n=90, n_features=4, seed=0):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 3, n)
    X = rng.normal(size=(n, n_features)).astype(np.float32) + 3 * np.eye(3, n_features)[y]
    return X, np.array(["cat", "dog", "eel"])[y]


def small_clf(**kw):
    return NeuralNetClassifier(**{"max_epochs": 15, "batch_size": 16, "module__hidden": (16,), "random_state": 0,
                                  **kw})


# ---- parameters -------------------------------------------------------------------------------------
def test_routed_params_are_listed_cloned_and_set():
    clf = NeuralNetClassifier(lr=0.1, module__hidden=(8,), optimizer__weight_decay=1e-4)
    params = clf.get_params()
    assert params["module__hidden"] == (8,) and params["optimizer__weight_decay"] == 1e-4 and params["lr"] == 0.1
    twin = clone(clf)
    assert twin.get_params() == clf.get_params()
    twin.set_params(module__hidden=(5,), criterion__label_smoothing=0.1, max_epochs=1)
    assert (twin.module__hidden, twin.max_epochs) == ((5,), 1)
    assert clf.module__hidden == (8,)  # the clone is independent
    X, y = blobs(30)
    twin.fit(X, y)
    assert twin.module_.layers[1].out_features == 5
    assert twin.criterion_.label_smoothing == 0.1
    assert twin.optimizer_.param_groups[0]["lr"] == 0.1


def test_unknown_argument_is_named_at_fit():
    clf = NeuralNetClassifier(modul__hidden=(3,))
    with pytest.raises(TypeError, match="modul__hidden"):
        clf.fit(*blobs(10))


def test_module_sizes_come_from_the_data_unless_routed():
    X, y = blobs(30, n_features=5)
    clf = NeuralNetClassifier(max_epochs=1).fit(X, y)
    assert clf.module_.layers[1].in_features == 5 and clf.module_.layers[-1].out_features == 3
    with pytest.raises(Exception, match="5|shape"):
        NeuralNetClassifier(max_epochs=1, module__in_features=7).fit(X, y)


def test_module_instance_is_used_as_is_and_a_factory_is_called():
    X, y = blobs(30)
    module = nn.Sequential(nn.Linear(4, 3))
    clf = NeuralNetClassifier(module, max_epochs=2).fit(X, y)
    assert clf.module_ is module
    factory = lambda in_features, num_classes, width=4: nn.Sequential(  # noqa: E731
        nn.Linear(in_features, width), nn.ReLU(), nn.Linear(width, num_classes))
    clf = NeuralNetClassifier(factory, max_epochs=2, module__width=6).fit(X, y)
    assert clf.module_[0].out_features == 6


def test_images_with_a_zoo_model():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(24, 1, 8, 8)).astype(np.float32)
    y = rng.integers(0, 2, 24)
    clf = NeuralNetClassifier(glassnet.models.DigitsCNN, max_epochs=2, module__hidden=8).fit(X, y)
    assert clf.n_features_in_ == 1 and clf.predict_proba(X).shape == (24, 2)  # num_classes came from y


# ---- predictions ------------------------------------------------------------------------------------
def test_arbitrary_labels_probabilities_and_score():
    X, y = blobs()
    clf = small_clf().fit(X, y)
    assert clf.classes_.tolist() == ["cat", "dog", "eel"]
    proba = clf.predict_proba(X)
    np.testing.assert_allclose(proba.sum(1), 1, rtol=1e-6)
    assert set(clf.predict(X)) <= set(clf.classes_)
    assert clf.score(X, y) > 0.9
    assert clf.n_features_in_ == 4


def test_regressor_single_and_multi_output():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(80, 3)).astype(np.float32)
    Y = np.stack([X[:, 0] - X[:, 1], 2 * X[:, 2]], 1)
    reg = NeuralNetRegressor(max_epochs=40, batch_size=16, module__hidden=(16,), random_state=0)
    assert reg.fit(X, Y[:, 0]).predict(X).shape == (80,)
    assert reg.fit(X, Y).predict(X).shape == (80, 2)
    assert reg.score(X, Y) > 0.9


def test_random_state_reproduces_and_leaves_the_global_generator_alone():
    X, y = blobs(40)
    state = glassnet.get_rng_state()
    a = small_clf(max_epochs=3).fit(X, y).predict_proba(X)
    assert glassnet.get_rng_state() == state
    b = small_clf(max_epochs=3).fit(X, y).predict_proba(X)
    np.testing.assert_array_equal(a, b)


# ---- scikit-learn's tools ---------------------------------------------------------------------------
def test_pipeline():
    X, y = blobs()
    pipe = make_pipeline(StandardScaler(), small_clf()).fit(X * 50 + 7, y)
    assert pipe.score(X * 50 + 7, y) > 0.9


def test_grid_search_over_constructor_and_routed_params():
    X, y = blobs(60)
    search = GridSearchCV(small_clf(max_epochs=5), {"lr": [0.001, 0.03], "module__hidden": [(4,), (16,)]}, cv=2)
    search.fit(X, y)
    assert search.best_params_["lr"] == 0.03  # 5 epochs at lr 0.001 barely move the weights
    assert search.best_estimator_.module_.layers[1].out_features == search.best_params_["module__hidden"][0]
    assert len(search.cv_results_["params"]) == 4


def test_cross_val_score_classifier_and_regressor():
    X, y = blobs(60)
    assert cross_val_score(small_clf(), X, y, cv=3).mean() > 0.8
    rng = np.random.default_rng(1)
    Xr = rng.normal(size=(60, 2)).astype(np.float32)
    scores = cross_val_score(NeuralNetRegressor(max_epochs=30, batch_size=16, random_state=0), Xr,
                             Xr[:, 0] + Xr[:, 1], cv=3)
    assert scores.mean() > 0.8


# ---- sample weights ---------------------------------------------------------------------------------
def test_sample_weight_weights_the_loss():
    # The same point labelled 0 with weight 3 and 1 with weight 1: the weighted cross-entropy is lowest at
    # p(0) = 3/4, where the model settles.
    X = np.zeros((8, 2), np.float32)
    y = np.array([0, 1] * 4)
    w = np.where(y == 0, 3.0, 1.0)
    clf = NeuralNetClassifier(nn.Linear, max_epochs=300, batch_size=-1, lr=0.05, random_state=0)
    p = clf.fit(X, y, sample_weight=w).predict_proba(X[:1])[0, 0]
    assert p == pytest.approx(0.75, abs=0.02)
    assert clf.fit(X, y).predict_proba(X[:1])[0, 0] == pytest.approx(0.5, abs=0.02)


def test_unit_weights_equal_no_weights_exactly():
    X, y = blobs(40)
    a = small_clf(max_epochs=3).fit(X, y).predict_proba(X)
    b = small_clf(max_epochs=3).fit(X, y, sample_weight=np.ones(40)).predict_proba(X)
    np.testing.assert_array_equal(a, b)


@pytest.mark.filterwarnings("ignore::FutureWarning", "ignore::DeprecationWarning")
@pytest.mark.filterwarnings("ignore:Setting a value on a Series")
def test_fairlearn_reduction():
    reductions = pytest.importorskip("fairlearn.reductions")
    X, y = blobs(60)
    y = (y == "cat").astype(int)
    group = np.random.default_rng(0).integers(0, 2, 60)
    mitigator = reductions.ExponentiatedGradient(small_clf(max_epochs=5, batch_size=-1),
                                                 reductions.DemographicParity(), max_iter=5)
    mitigator.fit(X, y, sensitive_features=group)
    assert set(mitigator.predict(X)) <= {0, 1}


# ---- continuing training ----------------------------------------------------------------------------
def test_partial_fit_with_classes_and_its_errors():
    X, y = blobs(30)
    clf = small_clf(max_epochs=1)
    clf.partial_fit(X[:10], y[:10], classes=["cat", "dog", "eel", "fox"])
    clf.partial_fit(X[10:], y[10:])
    assert clf.classes_.tolist() == ["cat", "dog", "eel", "fox"] and len(clf.history_.epoch) == 2
    with pytest.raises(ValueError, match="'yak'"):
        clf.partial_fit(X[:2], ["yak", "cat"])
    with pytest.raises(ValueError, match="features"):
        clf.partial_fit(X[:, :3], y)


def test_warm_start_continues_and_cold_start_restarts():
    X, y = blobs(30)
    clf = small_clf(max_epochs=2, warm_start=True).fit(X, y)
    module = clf.module_
    clf.fit(X, y)
    assert clf.module_ is module and clf.history_.epoch == [0, 1, 2, 3]
    clf.set_params(warm_start=False).fit(X, y)
    assert clf.module_ is not module and clf.history_.epoch == [0, 1]
    assert clf.history is clf.history_  # skorch's name


def test_train_split_and_callbacks():
    X, y = blobs(60)
    clf = small_clf(max_epochs=20, train_split=0.25, callbacks=[EarlyStopping(monitor="loss", patience=0,
                                                                               min_delta=10.0)])
    clf.fit(X, y)
    assert {"loss", "accuracy", "val_loss", "val_accuracy"} <= set(clf.history_.history)
    assert len(clf.history_.epoch) < 20  # no epoch improves the loss by 10, so it stops at once
    with pytest.raises(ValueError, match="train_split"):
        small_clf(train_split=1.5).fit(X, y)


def test_loss_functions_work_like_their_modules():
    X, y = blobs(40)
    clf = small_clf(criterion=glassnet.nn.functional.cross_entropy, max_epochs=2).fit(X, y)
    np.testing.assert_allclose(clf.predict_proba(X).sum(1), 1, rtol=1e-6)  # softmax applied, as for the module


def test_device_and_predict_nonlinearity():
    X, y = blobs(30)
    clf = small_clf(max_epochs=1, device="cpu", predict_nonlinearity=None).fit(X, y)
    logits = clf.predict_proba(X)
    np.testing.assert_allclose(logits, clf.forward(X), rtol=1e-6)  # raw outputs when asked for
    clf.set_params(predict_nonlinearity=lambda z: z * 0 + 1 / 3)
    np.testing.assert_allclose(clf.predict_proba(X), 1 / 3)
