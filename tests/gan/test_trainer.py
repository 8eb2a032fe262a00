"""fit_gan / GANTrainer: bad input caught before training, exact resume, History, the plain-words warnings."""

from __future__ import annotations

import numpy as np
import pytest

import glassnet
from glassnet import nn, optim
from glassnet.gan import GANTrainer, GANWarning, fit_gan, load_gan_checkpoint
from glassnet.models.gan import MLPDiscriminator, MLPGenerator, gan_pair
from glassnet.train import Callback


@pytest.fixture(scope="module")
def digits():
    from glassnet.data.datasets import digits as load

    train, _ = load()
    x = train.tensors[0]._data[:256].reshape(-1, 1, 8, 8) * 2 - 1
    return glassnet.tensor(x.astype(np.float32)), glassnet.tensor(train.tensors[1]._data[:256])


def _pair(kind="mlp"):
    return gan_pair(kind, (1, 8, 8), latent_dim=8, width=16 if kind == "mlp" else 4)


# ---- shape validation before training ---------------------------------------------------------------
def test_generator_output_shape_mismatch_is_one_clear_error(digits):
    g = MLPGenerator(8, 16, (1, 28, 28))
    d = MLPDiscriminator((1, 8, 8), 16)
    with pytest.raises(ValueError, match=r"generator makes images of shape \(2, 1, 28, 28\).*\(N, 1, 8, 8\)"):
        fit_gan(g, d, digits[0], epochs=1, verbose=0)


def test_discriminator_must_return_one_score_per_sample(digits):
    g = MLPGenerator(8, 16, (1, 8, 8))
    d = nn.Sequential(nn.Flatten(), nn.Linear(64, 10))
    with pytest.raises(ValueError, match=r"one score per sample.*returned \(2, 10\)"):
        fit_gan(g, d, digits[0], epochs=1, verbose=0)


def test_conditional_labels_out_of_range(digits):
    g, d = gan_pair("cgan", (1, 8, 8), num_classes=5, latent_dim=8, width=4)
    with pytest.raises(ValueError, match=r"labels must be in \[0, 5\).*num_classes=5.*\[5, 6, 7, 8, 9\]"):
        fit_gan(g, d, digits, epochs=1, verbose=0)


def test_conditional_gan_needs_labels(digits):
    g, d = gan_pair("cgan", (1, 8, 8), latent_dim=8, width=4)
    with pytest.raises(ValueError, match="conditional.*no labels"):
        fit_gan(g, d, digits[0], epochs=1, verbose=0)


def test_bad_settings_are_refused():
    g, d = _pair()
    with pytest.raises(ValueError, match="n_critic must be an int >= 1"):
        GANTrainer(g, d, n_critic=0)
    with pytest.raises(ValueError, match="noise size is unknown"):
        GANTrainer(nn.Linear(8, 64), d)


def test_validation_runs_before_any_weight_changes(digits):
    g = MLPGenerator(8, 16, (1, 28, 28))
    d = MLPDiscriminator((1, 8, 8), 16)
    before = {k: v.clone() for k, v in g.state_dict().items()}
    with pytest.raises(ValueError):
        fit_gan(g, d, digits[0], epochs=1, verbose=0)
    for k, v in g.state_dict().items():
        assert np.array_equal(v._data, before[k]._data)


# ---- training and history ---------------------------------------------------------------------------
@pytest.mark.parametrize("kind,loss", [("mlp", "bce"), ("dcgan", "hinge"), ("wgan-gp", "wgan-gp"), ("cgan", "bce")])
def test_history_records_both_players(digits, kind, loss):
    g, d = _pair(kind)
    seen = []
    h = fit_gan(g, d, digits, epochs=2, batch_size=64, steps_per_epoch=2, loss=loss, verbose=0, seed=0,
                n_critic=2 if loss == "wgan-gp" else 1, on_samples=lambda e, s: seen.append((e, tuple(s.shape))))
    assert len(h.history["d_loss"]) == 2 and len(h.history["g_loss"]) == 2
    assert ("gp" in h.history) == (loss == "wgan-gp")
    assert seen == [(0, (64, 1, 8, 8)), (1, (64, 1, 8, 8))]
    if loss == "bce":
        assert all(0 < v < 1 for v in h.history["d_real"] + h.history["d_fake"])


def test_n_critic_updates_the_generator_every_n_steps(digits):
    g, d = _pair()
    trainer = GANTrainer(g, d, n_critic=3)
    outs = [trainer.train_step(digits[0][:16]) for _ in range(6)]
    assert ["g_loss" in o for o in outs] == [False, False, True, False, False, True]


def test_label_smoothing_changes_the_real_target(digits):
    results = []
    for smoothing in (0.0, 0.2):
        glassnet.manual_seed(0)
        g, d = _pair()
        results.append(GANTrainer(g, d, label_smoothing=smoothing).train_step(digits[0][:16])["d_loss"])
    assert results[0] != results[1]


def test_sample_draws_requested_labels_and_is_reproducible():
    g, d = gan_pair("cgan", (1, 8, 8), latent_dim=8, width=4)
    trainer = GANTrainer(g, d)
    a = trainer.sample(4, labels=3, seed=1)
    b = trainer.sample(4, labels=3, seed=1)
    assert a.shape == (4, 1, 8, 8) and np.array_equal(a._data, b._data)
    with pytest.raises(ValueError, match=r"labels must be in \[0, 10\)"):
        trainer.sample(2, labels=10)


# ---- exact resume ----------------------------------------------------------------------------------
@pytest.mark.parametrize("kind,loss", [("dcgan", "bce"), ("wgan-gp", "wgan-gp")])
def test_resume_is_exact(tmp_path, digits, kind, loss):
    kw = dict(epochs=3, batch_size=32, steps_per_epoch=3, loss=loss, seed=5, verbose=0,
              n_critic=2 if loss == "wgan-gp" else 1)
    glassnet.manual_seed(1)
    g1, d1 = _pair(kind)
    h1 = fit_gan(g1, d1, digits, **kw)

    class StopAfter(Callback):
        def on_epoch_end(self, epoch, logs=None):
            if epoch == 1:
                self.stop_training = True

    ckpt = tmp_path / "ckpt.safetensors"
    glassnet.manual_seed(1)
    g2, d2 = _pair(kind)
    fit_gan(g2, d2, digits, checkpoint=ckpt, callbacks=[StopAfter()], **kw)
    assert load_gan_checkpoint(ckpt)["epoch"] == 1

    glassnet.manual_seed(99)  # a fresh process: other weights, another random state
    g3, d3 = _pair(kind)
    h3 = fit_gan(g3, d3, digits, resume_from=ckpt, **kw)
    for net1, net3 in ((g1, g3), (d1, d3)):
        for (k, a), (_, b) in zip(net1.state_dict().items(), net3.state_dict().items()):
            assert np.array_equal(a._data, b._data), k
    assert h1.history == h3.history


def test_load_gan_checkpoint_refuses_other_files(tmp_path):
    glassnet.save({"kind": "something else"}, tmp_path / "x.safetensors")
    with pytest.raises(ValueError, match="not a GAN checkpoint"):
        load_gan_checkpoint(tmp_path / "x.safetensors")


# ---- plain-words warnings ---------------------------------------------------------------------------
def test_mode_collapse_warning(digits):
    g, d = _pair()

    class Collapse(Callback):
        def on_epoch_begin(self, epoch, logs=None):
            if epoch == 1:  # from now on the generator ignores its noise: every sample is the same image
                g.net[0].weight.data = glassnet.zeros_like(g.net[0].weight)

    sgd = optim.SGD(g.parameters(), lr=0.0)
    with pytest.warns(GANWarning, match="mode collapse suspected.*nearly identical"):
        h = fit_gan(g, d, digits[0], epochs=2, steps_per_epoch=2, g_optimizer=sgd, callbacks=[Collapse()],
                    verbose=0)
    assert h.history["diversity"][1] < 0.01 < h.history["diversity"][0]


def test_discriminator_wins_outright_warning(digits):
    g, d = _pair()
    frozen = optim.SGD(g.parameters(), lr=0.0)  # a generator that never learns: D soon tells every fake apart
    with pytest.warns(GANWarning, match="discriminator wins outright"):
        fit_gan(g, d, digits[0], epochs=4, batch_size=64, steps_per_epoch=15, g_optimizer=frozen, lr=1e-2,
                verbose=0)


def test_no_warning_on_a_healthy_start(digits, recwarn):
    g, d = _pair()
    fit_gan(g, d, digits[0], epochs=2, steps_per_epoch=3, verbose=0)
    assert not [w for w in recwarn if issubclass(w.category, GANWarning)]


# ---- the moving average of the generator -----------------------------------------------------------
def test_moving_average_warms_up_then_follows_the_generator():
    from glassnet.gan.trainer import _generator_average

    lin = nn.Linear(3, 2)
    avg = _generator_average(lin, 0.999)
    w1 = lin.weight._data.copy()
    avg.update_parameters(lin)  # the first update copies
    assert np.array_equal(avg.module.weight._data, w1)
    with glassnet.no_grad():
        lin.weight.add_(1.0)
    avg.update_parameters(lin)
    d = 2 / 11  # the warm-up's (1 + n) / (10 + n) after one update, below the decay
    assert np.allclose(avg.module.weight._data, d * w1 + (1 - d) * (w1 + 1.0), atol=1e-6)
    assert int(avg.n_averaged.item()) == 2
    with pytest.raises(ValueError, match="ema_decay"):
        GANTrainer(*_pair(), ema_decay=1.0)


def test_moving_average_is_sampled_and_resumes_exactly(tmp_path, digits):
    kw = dict(epochs=3, batch_size=32, steps_per_epoch=3, seed=5, verbose=0)

    def trainer(seed):
        glassnet.manual_seed(seed)
        return GANTrainer(*_pair("dcgan"), lr=1e-3, ema_decay=0.99)

    t1 = trainer(1)
    t1.fit(digits, **kw)
    assert t1.sampler is t1.ema.module and t1.sampler is not t1.generator
    z = t1.noise(4, seed=0)
    t1.generator.eval()
    with glassnet.no_grad():
        raw = t1.generator(z)._data
    assert not np.allclose(t1.sample(4, noise=z)._data, raw)

    class StopAfter(Callback):
        def on_epoch_end(self, epoch, logs=None):
            if epoch == 1:
                self.stop_training = True

    ckpt = tmp_path / "ckpt.safetensors"
    trainer(1).fit(digits, checkpoint=ckpt, callbacks=[StopAfter()], **kw)
    t3 = trainer(99)
    t3.fit(digits, resume_from=ckpt, **kw)
    for (k, a), (_, b) in zip(t1.ema.state_dict().items(), t3.ema.state_dict().items()):
        assert np.array_equal(a._data, b._data), k
    plain = tmp_path / "plain.safetensors"
    glassnet.manual_seed(1)
    GANTrainer(*_pair("dcgan"), lr=1e-3).fit(digits, checkpoint=plain, callbacks=[StopAfter()], **kw)
    with pytest.raises(ValueError, match="ema_decay=None"):
        trainer(1).fit(digits, resume_from=plain, **kw)


# ---- InfoGAN ---------------------------------------------------------------------------------------
def test_infogan_learns_to_read_its_code_back(digits):
    glassnet.manual_seed(0)
    g, d = gan_pair("infogan", (1, 8, 8), num_classes=4, latent_dim=8, width=8)
    h = fit_gan(g, d, digits[0], epochs=4, batch_size=64, steps_per_epoch=8, lr=2e-3, info_weight=1.0,
                verbose=0, seed=0)
    info = h.history["info"]
    assert info[0] < np.log(4) + 0.1  # starts near chance: the cross-entropy of a uniform guess over 4 codes
    assert info[-1] < 0.5 * info[0]  # the discriminator reads the code back from the images it was drawn into
    trainer = GANTrainer(g, d, info_weight=1.0)
    a = trainer.sample(3, labels=2, seed=1)
    assert a.shape == (3, 1, 8, 8) and np.array_equal(a._data, trainer.sample(3, labels=2, seed=1)._data)
    assert not np.array_equal(a._data, trainer.sample(3, labels=1, seed=1)._data)
    with pytest.raises(ValueError, match=r"codes must be in \[0, 4\)"):
        trainer.sample(2, labels=4)


def test_infogan_uses_no_labels_and_checks_its_networks(digits):
    g, d = gan_pair("infogan", (1, 8, 8), num_classes=3, latent_dim=8, width=4)
    trainer = GANTrainer(g, d, info_weight=1.0)
    assert not trainer.conditional and trainer.generator_classes == 3
    out = trainer.train_step(digits[0][:16])  # images alone: the code is drawn, never read from the data
    assert set(out) >= {"d_loss", "g_loss", "info"}
    with pytest.raises(ValueError, match="info_weight trains an InfoGAN.*score_and_code"):
        GANTrainer(*_pair("dcgan"), info_weight=1.0)
    with pytest.raises(ValueError, match="info_weight must be > 0"):
        GANTrainer(g, d, info_weight=0.0)
    wrong = gan_pair("infogan", (1, 8, 8), num_classes=5, latent_dim=8, width=4)[1]
    with pytest.raises(ValueError, match=r"code logits of shape \(2, 3\).*returned \(2, 5\)"):
        fit_gan(g, wrong, digits[0], epochs=1, info_weight=1.0, verbose=0)


def test_infogan_resume_is_exact(tmp_path, digits):
    kw = dict(epochs=3, batch_size=32, steps_per_epoch=2, seed=5, verbose=0, info_weight=1.0, ema_decay=0.9)

    def pair():
        return gan_pair("infogan", (1, 8, 8), num_classes=3, latent_dim=8, width=4)

    class StopAfter(Callback):
        def on_epoch_end(self, epoch, logs=None):
            if epoch == 0:
                self.stop_training = True

    glassnet.manual_seed(1)
    g1, d1 = pair()
    h1 = fit_gan(g1, d1, digits[0], **kw)
    ckpt = tmp_path / "ckpt.safetensors"
    glassnet.manual_seed(1)
    g2, d2 = pair()
    fit_gan(g2, d2, digits[0], checkpoint=ckpt, callbacks=[StopAfter()], **kw)
    glassnet.manual_seed(7)
    g3, d3 = pair()
    h3 = fit_gan(g3, d3, digits[0], resume_from=ckpt, **kw)
    for net1, net3 in ((g1, g3), (d1, d3)):
        for (k, a), (_, b) in zip(net1.state_dict().items(), net3.state_dict().items()):
            assert np.array_equal(a._data, b._data), k
    assert h1.history == h3.history


def test_d_lr_gives_the_discriminator_its_own_learning_rate():
    g, d = _pair()
    trainer = GANTrainer(g, d, lr=1e-3, d_lr=2e-4)
    assert trainer.g_optimizer.param_groups[0]["lr"] == 1e-3
    assert trainer.d_optimizer.param_groups[0]["lr"] == 2e-4
    assert GANTrainer(g, d, lr=1e-3).d_optimizer.param_groups[0]["lr"] == 1e-3
