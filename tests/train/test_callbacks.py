"""Each callback's behaviour, in fit and driven by hand with constructed histories."""

import csv
import os

import numpy as np
import pytest
from train_helpers import mlp, split_blobs

import glassnet
from glassnet.train import (
    CSVLogger,
    EarlyStopping,
    LearningRateScheduler,
    ModelCheckpoint,
    OverfittingMonitor,
    OverfittingWarning,
    TensorBoard,
    fit,
)


@pytest.fixture
def data():
    return split_blobs()


def _drive(callback, model, val_losses, optimizer=None):
    """Run a callback through epochs whose val_loss follows the given list; perturb weights each epoch."""
    callback.set_model(model)
    callback.set_optimizer(optimizer)
    callback.on_train_begin()
    snapshots = []
    for epoch, v in enumerate(val_losses):
        with glassnet.no_grad():
            for p in model.parameters():
                p.add_(1.0)  # each epoch leaves distinct weights behind
        snapshots.append({k: t.numpy().copy() for k, t in model.state_dict().items()})
        callback.on_epoch_end(epoch, {"loss": 1.0 / (epoch + 1), "val_loss": v, "val_accuracy": 1 - v})
        if callback.stop_training:
            break
    callback.on_train_end()
    return snapshots


def test_early_stopping_stops_after_patience_and_restores_best_weights():
    model = mlp()
    es = EarlyStopping(monitor="val_loss", patience=2, restore_best_weights=True)
    snaps = _drive(es, model, [1.0, 0.5, 0.6, 0.55, 0.4, 0.3])
    assert len(snaps) == 4 and es.stopped_epoch == 3 and es.best_epoch == 1
    for k, v in model.state_dict().items():
        np.testing.assert_array_equal(v.numpy(), snaps[1][k])


def test_early_stopping_min_delta_mode_and_no_restore():
    model = mlp()
    es = EarlyStopping(monitor="val_accuracy", patience=1, min_delta=0.05)  # mode 'auto' -> max
    snaps = _drive(es, model, [0.5, 0.48, 0.47])  # accuracy 0.5, 0.52 (< min_delta better), ...
    assert es.mode == "max" and es.stopped_epoch == 1
    np.testing.assert_array_equal(model.state_dict()["0.weight"].numpy(), snaps[-1]["0.weight"])


def test_early_stopping_in_fit_warns_when_monitor_missing(data):
    with pytest.warns(UserWarning, match="val_loss"):
        h = fit(mlp(), data[0], loss="cross_entropy", optimizer="adam", epochs=2, verbose=0,
                callbacks=[EarlyStopping()])
    assert len(h.epoch) == 2


def test_early_stopping_in_fit_stops(data):
    train, val = data
    h = fit(mlp(), train, val, loss="cross_entropy", optimizer="sgd", lr=0.0, epochs=10, verbose=0,
            callbacks=[EarlyStopping(patience=1)])
    assert h.epoch == [0, 1]  # lr 0: val_loss never improves after the first epoch


def test_model_checkpoint_best_only_writes_on_improvement(tmp_path):
    model = mlp()
    path = tmp_path / "best.safetensors"
    mc = ModelCheckpoint(path, monitor="val_loss", save_best_only=True)
    writes = []
    original = mc._payload
    mc._payload = lambda epoch, logs: (writes.append(epoch), original(epoch, logs))[1]
    snaps = _drive(mc, model, [1.0, 0.5, 0.7, 0.4, 0.9])
    assert writes == [0, 1, 3]
    saved = glassnet.load(path)
    for k, v in saved.items():
        np.testing.assert_array_equal(v.numpy(), snaps[3][k])
    fresh = mlp(seed=1)
    fresh.load_state_dict(saved)  # the file is a plain state_dict


def test_model_checkpoint_every_epoch_with_formatted_names(tmp_path, data):
    train, val = data
    pattern = str(tmp_path / "ep{epoch:02d}-{val_loss:.2f}.safetensors")
    fit(mlp(), train, val, loss="cross_entropy", optimizer="adam", epochs=3, verbose=0,
        callbacks=[ModelCheckpoint(pattern, save_weights_only=False)])
    files = sorted(os.listdir(tmp_path))
    assert len(files) == 3 and files[0].startswith("ep01-") and files[2].startswith("ep03-")
    full = glassnet.load(tmp_path / files[-1])
    assert set(full) == {"model", "optimizer", "epoch", "logs"} and full["epoch"] == 2


def test_learning_rate_scheduler_sets_lr_each_epoch(data):
    h = fit(mlp(), data[0], loss="cross_entropy", optimizer="sgd", lr=0.1, epochs=3, verbose=0,
            callbacks=[LearningRateScheduler(lambda epoch, lr: 0.1 * 0.5**epoch)])
    assert h.history["lr"] == pytest.approx([0.1, 0.05, 0.025])
    h = fit(mlp(), data[0], loss="cross_entropy", optimizer="sgd", epochs=2, verbose=0,
            callbacks=[LearningRateScheduler(lambda epoch: 0.01 * (epoch + 1))])
    assert h.history["lr"] == pytest.approx([0.01, 0.02])


def test_csv_logger_writes_one_row_per_epoch(tmp_path, data):
    train, val = data
    path = tmp_path / "log.csv"
    h = fit(mlp(), train, val, loss="cross_entropy", optimizer="adam", epochs=3, verbose=0,
            callbacks=[CSVLogger(path)])
    with open(path) as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["epoch", "accuracy", "loss", "lr", "val_accuracy", "val_loss"]
    assert [int(r["epoch"]) for r in rows] == [0, 1, 2]
    assert [float(r["val_loss"]) for r in rows] == pytest.approx(h.history["val_loss"])
    fit(mlp(), train, val, loss="cross_entropy", optimizer="adam", epochs=1, verbose=0,
        callbacks=[CSVLogger(path, append=True)])
    with open(path) as f:
        assert len(list(csv.DictReader(f))) == 4  # appended without a second header


def test_overfitting_monitor_warns_in_plain_words(capsys):
    mon = OverfittingMonitor(patience=2)
    mon.set_model(mlp())
    mon.on_train_begin()
    train_loss = [1.0, 0.8, 0.6, 0.5, 0.4, 0.3]
    val_loss = [1.1, 0.9, 0.85, 0.9, 0.95, 0.97]  # rises from epoch 3 on while training loss falls
    with pytest.warns(OverfittingWarning) as record:
        for epoch, (t, v) in enumerate(zip(train_loss, val_loss)):
            mon.on_epoch_end(epoch, {"loss": t, "val_loss": v})
    assert len(record) == 1 and mon.warned_at == [4]  # once per episode, at the 2nd rise
    message = str(record[0].message)
    for words in ("overfitting", "dropout", "weight decay", "early stopping", "data augmentation",
                  "smaller model"):
        assert words in message
    assert "overfitting" in capsys.readouterr().out


def test_overfitting_monitor_stays_quiet_when_both_losses_fall_or_both_rise(recwarn):
    mon = OverfittingMonitor(patience=2, verbose=0)
    mon.on_train_begin()
    for epoch, (t, v) in enumerate([(1.0, 1.0), (0.9, 0.95), (0.8, 0.9), (0.9, 1.0), (1.0, 1.1)]):
        mon.on_epoch_end(epoch, {"loss": t, "val_loss": v})
    assert not [w for w in recwarn if issubclass(w.category, OverfittingWarning)]


def test_tensorboard_writes_event_files(tmp_path, data):
    pytest.importorskip("tensorboardX")
    train, val = data
    fit(mlp(), train, val, loss="cross_entropy", optimizer="adam", epochs=2, verbose=0,
        callbacks=[TensorBoard(tmp_path / "tb")])
    for sub in ("train", "validation"):
        events = [f for f in os.listdir(tmp_path / "tb" / sub) if f.startswith("events.out.tfevents")]
        assert events and os.path.getsize(tmp_path / "tb" / sub / events[0]) > 0
    scalars = _read_scalars(tmp_path / "tb" / "validation")
    assert [step for tag, step, _ in scalars if tag == "epoch_loss"] == [0, 1]
    assert {tag for tag, _, _ in _read_scalars(tmp_path / "tb" / "train")} == {
        "epoch_loss", "epoch_accuracy", "epoch_learning_rate"}


def _read_scalars(folder):
    """(tag, step, value) of every scalar in a folder's event files (TFRecord framing + Event protos)."""
    import struct

    from tensorboardX.proto import event_pb2

    out = []
    for name in sorted(os.listdir(folder)):
        data = (folder / name).read_bytes()
        pos = 0
        while pos < len(data):
            (n,) = struct.unpack("<Q", data[pos:pos + 8])
            event = event_pb2.Event.FromString(data[pos + 12:pos + 12 + n])
            pos += 12 + n + 4
            out += [(v.tag, event.step, v.simple_value) for v in event.summary.value]
    return out


def test_tensorboard_without_tensorboardx_names_the_extra(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name.startswith("tensorboardX"):
            raise ImportError("No module named 'tensorboardX'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    with pytest.raises(ImportError, match=r"pip install 'glassnet\[tensorboard\]'"):
        TensorBoard("logs")
