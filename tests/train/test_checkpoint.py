"""Checkpoints: a killed run resumed from its last checkpoint ends bit-identical to an uninterrupted one."""

import numpy as np
import pytest
from train_helpers import mlp, split_blobs

import glassnet
from glassnet import optim
from glassnet.data import DataLoader, TensorDataset
from glassnet.train import Callback, fit, load_checkpoint


@pytest.fixture
def data():
    return split_blobs()


def _params(model):
    return {k: v.numpy().copy() for k, v in model.state_dict().items()}


def _run(train, val, epochs, **kw):
    model = mlp(seed=0, dropout=0.3)  # dropout draws from the global generator: resume must restore it
    opt = optim.Adam(model.parameters(), lr=0.01)
    sched = kw.pop("scheduler", None)
    h = fit(model, train, val, loss="cross_entropy", optimizer=opt, epochs=epochs, batch_size=32, verbose=0,
            scheduler=sched(opt) if sched else None, **kw)
    return model, h


class _Kill(Callback):
    """Simulates the process dying in the middle of epoch `at` (after two of its updates)."""

    def __init__(self, at):
        super().__init__()
        self.at = at

    def on_epoch_begin(self, epoch, logs=None):
        self.epoch = epoch

    def on_batch_end(self, batch, logs=None):
        if self.epoch == self.at and batch == 1:
            raise KeyboardInterrupt


@pytest.mark.parametrize("seeded", [True, False])
def test_resume_gives_exactly_the_uninterrupted_parameters(tmp_path, data, seeded):
    train, val = data
    kw = {"seed": 7} if seeded else {}
    if not seeded:
        glassnet.manual_seed(123)
    full_model, full_h = _run(train, val, 4, **kw)

    ckpt = tmp_path / "run.ckpt"
    if not seeded:
        glassnet.manual_seed(123)
    with pytest.raises(KeyboardInterrupt):
        _run(train, val, 4, checkpoint=ckpt, callbacks=[_Kill(2)], **kw)
    assert load_checkpoint(ckpt)["epoch"] == 1

    glassnet.manual_seed(999)  # the new process starts from some other random state
    resumed_model, resumed_h = _run(train, val, 4, resume_from=ckpt, **kw)

    full, resumed = _params(full_model), _params(resumed_model)
    for k in full:
        np.testing.assert_array_equal(resumed[k], full[k], err_msg=k)  # bit-identical, zero tolerance
    assert resumed_h.epoch == [0, 1, 2, 3]
    assert resumed_h.history == full_h.history


def test_resume_restores_a_scheduler_and_a_user_dataloader(tmp_path, data):
    lr_scheduler = glassnet.optim.lr_scheduler
    (x, y), _ = data

    def loader():
        return DataLoader(TensorDataset(glassnet.tensor(x), glassnet.tensor(y)), batch_size=32, shuffle=True,
                          generator=np.random.default_rng(5))

    sched = lambda opt: lr_scheduler.StepLR(opt, step_size=1, gamma=0.7)  # noqa: E731
    full_model, full_h = _run(loader(), None, 3, scheduler=sched)
    ckpt = tmp_path / "c.safetensors"
    _run(loader(), None, 2, scheduler=sched, checkpoint=ckpt)  # a run that "stopped" after 2
    model, h = _run(loader(), None, 3, scheduler=sched, resume_from=ckpt)
    for k, v in _params(full_model).items():
        np.testing.assert_array_equal(_params(model)[k], v, err_msg=k)
    assert h.history["lr"] == pytest.approx(full_h.history["lr"])


def test_checkpoint_contents_and_refusing_other_files(tmp_path, data):
    ckpt = tmp_path / "c.ckpt"
    _run(data[0], None, 1, checkpoint=ckpt, seed=1)
    state = load_checkpoint(ckpt)
    assert set(state) >= {"model", "optimizer", "scheduler", "epoch", "rng_state", "history", "config"}
    assert state["rng_state"]["shuffle"]["bit_generator"] == "PCG64"
    assert state["config"]["epochs"] == 1
    glassnet.save({"w": glassnet.ones(1)}, tmp_path / "weights")
    with pytest.raises(ValueError, match="not a training checkpoint"):
        load_checkpoint(tmp_path / "weights")
