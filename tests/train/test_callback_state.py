"""Callback state in checkpoints: a resumed run with EarlyStopping stops where the uninterrupted one does."""

import numpy as np
import pytest
from train_helpers import mlp, split_blobs

from glassnet import optim
from glassnet.train import Callback, EarlyStopping, ModelCheckpoint, fit, load_checkpoint
from glassnet.train.callbacks.overfitting_monitor import OverfittingMonitor


class _Kill(Callback):
    """Simulates the process dying at the start of epoch `at` (its checkpoint is the one of epoch at-1)."""

    def __init__(self, at):
        super().__init__()
        self.at = at

    def on_epoch_begin(self, epoch, logs=None):
        if epoch == self.at:
            raise KeyboardInterrupt


def _run(data, epochs, callbacks, **kw):
    model = mlp(seed=0, dropout=0.3)
    opt = optim.SGD(model.parameters(), lr=0.5, momentum=0.9)  # a large step: val_loss stalls quickly
    h = fit(model, data[0], data[1], loss="cross_entropy", optimizer=opt, epochs=epochs, batch_size=32,
            verbose=0, seed=3, callbacks=callbacks, **kw)
    return model, h


def _stopper():
    return EarlyStopping(monitor="val_loss", patience=2, min_delta=0.05, restore_best_weights=True)


@pytest.mark.parametrize("kill_at", [1, 2])
def test_resumed_early_stopping_stops_at_the_same_epoch_with_the_same_weights(tmp_path, kill_at):
    data = split_blobs()
    full_stop = _stopper()
    full_model, full_h = _run(data, 30, [full_stop])
    assert full_stop.stopped_epoch > kill_at, "the run must stop early, and after the interruption"

    ckpt = tmp_path / "run.ckpt"
    with pytest.raises(KeyboardInterrupt):
        _run(data, 30, [_stopper(), _Kill(kill_at)], checkpoint=ckpt)
    saved = load_checkpoint(ckpt)["callbacks"]
    assert [c["class"] for c in saved] == ["EarlyStopping", "_Kill"]

    resumed_stop = _stopper()
    resumed_model, resumed_h = _run(data, 30, [resumed_stop], resume_from=ckpt)
    assert resumed_stop.stopped_epoch == full_stop.stopped_epoch
    assert resumed_stop.best_epoch == full_stop.best_epoch and resumed_stop.best == full_stop.best
    assert resumed_h.epoch == full_h.epoch
    full, resumed = full_model.state_dict(), resumed_model.state_dict()
    for k in full:  # restore_best_weights put back the same (best) weights
        np.testing.assert_array_equal(resumed[k].numpy(), full[k].numpy(), err_msg=k)


def test_other_callbacks_round_trip_their_state(tmp_path):
    cp = ModelCheckpoint(str(tmp_path / "best.safetensors"), save_best_only=True)
    cp.best, cp.last_saved = 0.25, "x"
    fresh = ModelCheckpoint(str(tmp_path / "best.safetensors"), save_best_only=True)
    fresh.load_state_dict(cp.state_dict())
    assert (fresh.best, fresh.last_saved) == (0.25, "x")
    om = OverfittingMonitor(verbose=0)
    om._val, om._train, om.warned_at = [1.0, 2.0], [3.0, 2.0], [4]
    fresh_om = OverfittingMonitor(verbose=0)
    fresh_om.load_state_dict(om.state_dict())
    assert fresh_om.state_dict() == {"val": [1.0, 2.0], "train": [3.0, 2.0], "warned_at": [4]}
