"""Optimizers with glassnet.nn modules and with checkpoints written by glassnet.save / glassnet.load."""

import numpy as np
import pytest

import glassnet

nn = pytest.importorskip("glassnet.nn")


def _model_pair(torch):
    glassnet.manual_seed(0)
    g = nn.Sequential(nn.Linear(6, 16), nn.ReLU(), nn.Linear(16, 3))
    t = torch.nn.Sequential(torch.nn.Linear(6, 16), torch.nn.ReLU(), torch.nn.Linear(16, 3))
    with torch.no_grad():
        for gp, tp in zip(g.parameters(), t.parameters()):
            tp.copy_(torch.from_numpy(gp._data.copy()))
    return g, t


@pytest.mark.parametrize("name, kwargs", [("Adam", dict(lr=0.01)), ("SGD", dict(lr=0.1, momentum=0.9)),
                                          ("AdamW", dict(lr=0.01)), ("RMSprop", dict(lr=0.003)),
                                          ("Adagrad", dict(lr=0.05))])
def test_training_an_nn_module_matches_torch_float32(name, kwargs):
    torch = pytest.importorskip("torch")
    g, t = _model_pair(torch)
    gopt = getattr(glassnet.optim, name)(g.parameters(), **kwargs)
    topt = getattr(torch.optim, name)(t.parameters(), foreach=False, **kwargs)
    rng = np.random.default_rng(1)
    x = rng.normal(size=(32, 6)).astype("float32")
    y = rng.integers(0, 3, size=32)
    for _ in range(30):
        gopt.zero_grad()
        gl = nn.functional.cross_entropy(g(glassnet.tensor(x)), glassnet.tensor(y))
        gl.backward()
        gopt.step()
        topt.zero_grad()
        tl = torch.nn.functional.cross_entropy(t(torch.from_numpy(x)), torch.from_numpy(y))
        tl.backward()
        topt.step()
    assert gl.item() == pytest.approx(tl.item(), rel=1e-4)
    for gp, tp in zip(g.parameters(), t.parameters()):
        np.testing.assert_allclose(gp._data, tp.detach().numpy(), rtol=1e-3, atol=1e-5)


def test_checkpoint_through_glassnet_save_resumes_exactly(tmp_path):
    save = pytest.importorskip("glassnet.io").save
    rng = np.random.default_rng(0)
    x = glassnet.tensor(rng.normal(size=(32, 6)).astype("float32"))
    y = glassnet.tensor(rng.integers(0, 3, size=32))

    def build():
        glassnet.manual_seed(0)
        model = nn.Sequential(nn.Linear(6, 16), nn.Tanh(), nn.Linear(16, 3))
        opt = glassnet.optim.AdamW([{"params": model[0].parameters()},
                                    {"params": model[2].parameters(), "lr": 0.003}], lr=0.01, amsgrad=True)
        warmup = glassnet.optim.lr_scheduler.LinearLR(opt, start_factor=0.1, total_iters=5)
        decay = glassnet.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=15)
        sched = glassnet.optim.lr_scheduler.SequentialLR(opt, [warmup, decay], milestones=[5])
        return model, opt, sched

    def train(model, opt, sched, steps):
        for _ in range(steps):
            opt.zero_grad()
            nn.functional.cross_entropy(model(x), y).backward()
            opt.step()
            sched.step()

    model, opt, sched = build()
    train(model, opt, sched, 20)
    expected = [p._data.copy() for p in model.parameters()]

    model, opt, sched = build()
    train(model, opt, sched, 10)
    path = tmp_path / "ckpt.safetensors"
    save({"model": model.state_dict(), "optimizer": opt.state_dict(), "scheduler": sched.state_dict()}, path)
    model, opt, sched = build()
    ckpt = glassnet.load(path)
    model.load_state_dict(ckpt["model"])
    sched.load_state_dict(ckpt["scheduler"])
    opt.load_state_dict(ckpt["optimizer"])
    train(model, opt, sched, 10)
    for a, b in zip(expected, model.parameters()):
        np.testing.assert_array_equal(a, b._data)
