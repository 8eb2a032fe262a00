"""fit / evaluate / predict on small synthetic problems."""

import numpy as np
import pytest
from train_helpers import mlp, split_blobs

import glassnet
from glassnet import nn, optim
from glassnet.data import DataLoader, TensorDataset
from glassnet.train import evaluate, fit, predict


@pytest.fixture
def data():
    return split_blobs()


def test_fit_learns_and_returns_a_keras_history(data):
    train, val = data
    model = mlp()
    h = fit(model, train, val, loss="cross_entropy", optimizer="adam", lr=0.02, epochs=12, batch_size=32,
            verbose=0, seed=0)
    assert h.epoch == list(range(12))
    assert set(h.history) == {"loss", "accuracy", "val_loss", "val_accuracy", "lr"}
    assert all(len(v) == 12 for v in h.history.values())
    assert h.history["loss"][-1] < h.history["loss"][0] * 0.5
    assert h.history["accuracy"][-1] > 0.9 and h.history["val_accuracy"][-1] > 0.85
    assert h.history["lr"] == [0.02] * 12
    # the logged validation numbers are what evaluate() reports for the final model
    ev = evaluate(model, val, loss="cross_entropy")
    assert ev["loss"] == pytest.approx(h.history["val_loss"][-1], rel=1e-5)
    assert ev["accuracy"] == pytest.approx(h.history["val_accuracy"][-1])


def test_inputs_as_dataset_loader_and_tensors_give_the_same_result(data):
    (x, y), _ = data
    kw = dict(loss=nn.CrossEntropyLoss(), epochs=2, verbose=0, shuffle=False, batch_size=16)
    results = []
    tx, ty = glassnet.tensor(x), glassnet.tensor(y)
    for train in [(x, y), (tx, ty), TensorDataset(tx, ty), DataLoader(TensorDataset(tx, ty), batch_size=16)]:
        model = mlp()
        fit(model, train, optimizer=optim.SGD(model.parameters(), lr=0.1), **kw)
        results.append(model.state_dict()["0.weight"].numpy().copy())
    for r in results[1:]:
        np.testing.assert_array_equal(r, results[0])


def test_loss_as_a_function_and_optimizer_as_a_factory(data):
    train, _ = data
    model = mlp()
    h = fit(model, train, loss=nn.functional.cross_entropy,
            optimizer=lambda p: optim.SGD(p, lr=0.2, momentum=0.9), epochs=5, verbose=0,
            metrics=["accuracy", "f1_weighted", "top2_accuracy"])
    assert set(h.history) == {"loss", "accuracy", "f1_weighted", "top2_accuracy", "lr"}
    assert h.history["top2_accuracy"][-1] >= h.history["accuracy"][-1]


def test_regression_drops_default_accuracy_and_logs_requested_metrics():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, 4)).astype(np.float32)
    y = (x @ np.array([[1.0], [-2.0], [0.5], [0.0]], np.float32) + 0.3).astype(np.float32)
    glassnet.manual_seed(0)
    model = nn.Linear(4, 1)
    h = fit(model, (x, y), loss="mse", optimizer="adam", lr=0.05, epochs=30, verbose=0)
    assert set(h.history) == {"loss", "lr"}
    assert h.history["loss"][-1] < 0.05
    h2 = fit(model, (x, y), (x, y), loss="mse", optimizer="sgd", lr=0.01, epochs=1, metrics=["mae", "r2"],
             verbose=0)
    assert h2.history["val_r2"][0] > 0.95


def test_binary_logits_accuracy_thresholds_at_zero():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(200, 2)).astype(np.float32)
    y = (x[:, :1] + x[:, 1:] > 0).astype(np.float32)
    glassnet.manual_seed(0)
    model = nn.Linear(2, 1)
    h = fit(model, (x, y), loss="bce_with_logits", optimizer="adam", lr=0.05, epochs=20, verbose=0)
    assert h.history["accuracy"][-1] > 0.95


def test_summary_line_per_epoch_when_not_a_terminal(data, capsys):
    train, val = data
    fit(mlp(), train, val, loss="cross_entropy", optimizer="adam", epochs=2, verbose=1)
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("Epoch 1/2 - ") and "samples/s" in lines[0]
    assert "loss: " in lines[1] and "val_accuracy: " in lines[1]


def test_verbose_zero_is_silent(data, capsys):
    fit(mlp(), data[0], loss="cross_entropy", optimizer="adam", epochs=1, verbose=0)
    assert capsys.readouterr().out == ""


def test_progress_bar_on_a_terminal():
    import io

    from glassnet.train.progress import Progress

    class Tty(io.StringIO):
        def isatty(self):
            return True

    out = Tty()
    p = Progress(1, 3, 100, stream=out)
    assert p.mode == "bar"
    p.epoch_begin(0)
    for _ in range(4):
        p.batch_end(25, lambda: {"loss": 0.5})
    p.epoch_end(0, {"loss": 0.5, "val_loss": 0.6})
    text = out.getvalue()
    assert "Epoch 1/3" in text and "100/100" in text and "val_loss: 0.6000" in text


def test_predict_runs_in_eval_mode_without_gradients(data):
    (x, y), _ = data
    model = mlp()
    model.train()
    out = predict(model, x, batch_size=50)
    assert out.shape == (180, 3) and not out.requires_grad
    assert model.training  # mode restored
    np.testing.assert_allclose(out.numpy(), model(glassnet.tensor(x)).detach().numpy(), rtol=1e-5, atol=1e-6)
    assert predict(model, (x, y)).shape == (180, 3)  # targets in the data are ignored


def test_evaluate_without_loss_and_with_metric_objects(data):
    _, val = data
    from glassnet.train.metrics import F1

    res = evaluate(mlp(), val, metrics=["accuracy", F1(average="micro")])
    assert set(res) == {"accuracy", "f1_micro"}
    assert res["accuracy"] == pytest.approx(res["f1_micro"])


def test_a_callback_can_stop_training(data):
    from glassnet.train import Callback

    class StopAt(Callback):
        def on_epoch_end(self, epoch, logs=None):
            if epoch == 1:
                self.stop_training = True

    h = fit(mlp(), data[0], loss="cross_entropy", optimizer="adam", epochs=10, verbose=0,
            callbacks=[StopAt()])
    assert h.epoch == [0, 1]


def test_callback_hooks_are_called_in_order(data):
    from glassnet.train import Callback

    calls = []

    class Spy(Callback):
        def on_train_begin(self, logs=None):
            calls.append("train_begin")

        def on_epoch_begin(self, epoch, logs=None):
            calls.append(f"epoch_begin{epoch}")

        def on_batch_end(self, batch, logs=None):
            assert logs["size"] > 0 and "loss" in logs
            calls.append("batch")

        def on_epoch_end(self, epoch, logs=None):
            calls.append(f"epoch_end{epoch}")

        def on_train_end(self, logs=None):
            calls.append("train_end")

    spy = Spy()
    fit(mlp(), data[0], loss="cross_entropy", optimizer="adam", epochs=2, batch_size=90, verbose=0,
        callbacks=[spy])
    assert calls == ["train_begin", "epoch_begin0", "batch", "batch", "epoch_end0",
                     "epoch_begin1", "batch", "batch", "epoch_end1", "train_end"]
    assert spy.params["epochs"] == 2 and spy.params["steps"] == 2
    assert spy.optimizer is not None and spy.model is not None


def test_clear_errors_for_bad_arguments(data):
    with pytest.raises(ValueError, match="unknown loss"):
        fit(mlp(), data[0], loss="crossentropyy", optimizer="adam", epochs=1)
    with pytest.raises(ValueError, match="unknown optimizer"):
        fit(mlp(), data[0], loss="cross_entropy", optimizer="adamm", epochs=1)
    with pytest.raises(ValueError, match="need a target"):
        fit(mlp(), (data[0][0],), loss="cross_entropy", optimizer="adam", epochs=1, verbose=0)


def test_schedulers_step_per_epoch_and_plateau_gets_val_loss(data):
    lr_scheduler = pytest.importorskip("glassnet.optim.lr_scheduler")
    if not hasattr(lr_scheduler, "StepLR"):
        pytest.skip("lr_scheduler not available yet")
    train, val = data
    model = mlp()
    opt = optim.SGD(model.parameters(), lr=0.1)
    h = fit(model, train, loss="cross_entropy", optimizer=opt, epochs=4, verbose=0,
            scheduler=lr_scheduler.StepLR(opt, step_size=1, gamma=0.5))
    assert h.history["lr"] == pytest.approx([0.1, 0.05, 0.025, 0.0125])
    model = mlp()
    h = fit(model, train, val, loss="cross_entropy", optimizer="sgd", lr=0.0, epochs=3, verbose=0,
            scheduler=lambda o: lr_scheduler.ReduceLROnPlateau(o, patience=0, factor=0.5))
    assert h.history["lr"] == [0.0, 0.0, 0.0]  # lr 0: val_loss never improves, factor*0 stays 0


def test_one_cycle_steps_every_batch(data):
    lr_scheduler = pytest.importorskip("glassnet.optim.lr_scheduler")
    if not hasattr(lr_scheduler, "OneCycleLR"):
        pytest.skip("OneCycleLR not available yet")
    model = mlp()
    opt = optim.SGD(model.parameters(), lr=0.1)
    sched = lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=6 * 3)
    fit(model, data[0], loss="cross_entropy", optimizer=opt, epochs=3, batch_size=30, verbose=0,
        scheduler=sched)
    assert sched.last_epoch == 18
