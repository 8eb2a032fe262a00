"""fit_gan / GANTrainer: the two competing artists trained in turn, in the style of ``glassnet.train.fit``.

One step, per batch of real images::

    fake = G(z)                                            # the artist draws
    loss_d = d_loss(D(real), D(fake.detach())) [+ GP]      # the critic learns to tell them apart
    D.zero_grad(); loss_d.backward(); D_opt.step()
    every n_critic steps:                                  # the artist learns to fool the updated critic
        loss_g = g_loss(D(fake)); G.zero_grad(); loss_g.backward(); G_opt.step()

Per epoch the History records ``d_loss``, ``g_loss``, ``d_real`` and ``d_fake`` (D(x) and D(G(z)): mean
probabilities for the 'bce' loss, mean raw scores for 'wgan-gp' and 'hinge'), ``gp`` for WGAN-GP, ``info``
(the code's cross-entropy) for an InfoGAN, and
``diversity``: the mean pairwise distance between the samples drawn from a fixed noise batch, over that of real
images. Two failures are reported in plain words (a ``GANWarning``): a discriminator that wins outright (the
generator then gets almost no gradient), and mode collapse (the fixed-noise samples become nearly identical).

Exact resume: ``checkpoint=path`` writes (atomically, safetensors) both networks, both optimizers, the random
state, the epoch and the History after every epoch; ``resume_from=path`` continues such a run and ends with the
same weights as an uninterrupted one.

``ema_decay`` keeps an exponential moving average of the generator's weights (and BatchNorm statistics) beside
it, as many GAN papers sample from: the raw generator's weights jump with every step of a high learning rate,
the average of the last few thousand steps draws cleaner images. ``sample`` (and so the fixed-noise grids and
the judge) then use the average; the raw generator keeps training.

``info_weight`` trains an InfoGAN (Chen et al., 2016): the generator also draws a random categorical code,
``G(z, c)``, and both networks are rewarded by ``info_weight`` times the cross-entropy of the discriminator's
guess of ``c`` (``D.score_and_code``). No label is used; the code becomes whatever the model finds easiest to
make readable, on digits usually the digit.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from .. import backend
from ..autograd.grad_mode import no_grad
from ..io import load, save
from ..nn import functional as F
from ..tensor import Tensor
from ..train.callbacks import Callback, CallbackList, History
from ..train.inputs import as_loader, shuffle_generator, split_batch
from ..train.progress import Progress
from .losses import GANLoss, get_gan_loss, gradient_penalty

KIND = "glassnet-gan-checkpoint"
COLLAPSE_DIVERSITY = 0.15  # fixed-noise samples closer than this (relative to real images) look like one image
D_WINS = 0.97  # D(x) above this and D(G(z)) below 1 - this, for a whole epoch: the discriminator wins outright


class GANWarning(UserWarning):
    """A GAN training run shows a known failure: mode collapse, or a discriminator that wins outright.

    Args:
        *args: the message, in plain words.

    Example:
        >>> import warnings
        >>> from glassnet.gan import GANWarning
        >>> with warnings.catch_warnings(record=True) as caught:
        ...     warnings.simplefilter("always")
        ...     warnings.warn("mode collapse suspected", GANWarning)
        >>> caught[0].category.__name__
        'GANWarning'
    """


class GANTrainer:
    """Trains a generator against a discriminator (see ``fit_gan`` for the arguments).

    Args:
        generator: maps noise (N, latent_dim) (and labels (N,), if conditional) to images.
        discriminator: maps images (and labels) to one score per sample, (N,) or (N, 1).
        loss: 'bce' (non-saturating), 'wgan-gp' or 'hinge', or a GANLoss.
        lr: learning rate of both Adam optimizers (when not given).
        d_lr: the discriminator's learning rate, when it should differ from the generator's (default: lr).
        betas: Adam's betas (DCGAN's (0.5, 0.999) by default).
        g_optimizer: the generator's optimizer (default Adam).
        d_optimizer: the discriminator's optimizer (default Adam).
        n_critic: discriminator steps per generator step.
        gp_weight: the gradient penalty's coefficient (wgan-gp).
        label_smoothing: one-sided label smoothing of the real target (bce).
        latent_dim: noise size; default ``generator.latent_dim``.
        num_classes: classes of a conditional GAN; default ``generator.num_classes`` (None: unconditional).
        ema_decay: keep an exponential moving average of the generator with this decay (e.g. 0.999) and sample
            from it; None: sample from the generator itself.
        info_weight: train an InfoGAN with this weight on the code's cross-entropy (1.0 in the paper): the
            generator takes a code ``G(z, c)`` (``generator.num_codes`` values) and the discriminator has
            ``score_and_code``. None: an ordinary GAN.

    Example:
        >>> from glassnet.gan import GANTrainer
        >>> from glassnet.models.gan import gan_pair
        >>> g, d = gan_pair("mlp", (1, 4, 4), latent_dim=8, width=16)
        >>> trainer = GANTrainer(g, d, lr=1e-3)
        >>> h = trainer.fit(glassnet.rand(32, 1, 4, 4) * 2 - 1, epochs=1, batch_size=16, verbose=0)
        >>> trainer.sample(3).shape
        glassnet.Size([3, 1, 4, 4])
    """

    def __init__(self, generator: Any, discriminator: Any, *, loss: str | GANLoss = "bce", lr: float = 2e-4,
                 betas: tuple[float, float] = (0.5, 0.999), g_optimizer: Any = None, d_optimizer: Any = None,
                 n_critic: int = 1, gp_weight: float = 10.0, label_smoothing: float = 0.0,
                 latent_dim: int | None = None, num_classes: int | None = None,
                 ema_decay: float | None = None, info_weight: float | None = None,
                 d_lr: float | None = None) -> None:
        from ..optim import Adam

        self.generator, self.discriminator = generator, discriminator
        self.loss = loss if isinstance(loss, GANLoss) else get_gan_loss(loss, label_smoothing)
        if not isinstance(n_critic, int) or n_critic < 1:
            raise ValueError(f"GANTrainer: n_critic must be an int >= 1, got {n_critic!r}")
        self.n_critic, self.gp_weight = n_critic, float(gp_weight)
        self.latent_dim = latent_dim if latent_dim is not None else getattr(generator, "latent_dim", None)
        if not isinstance(self.latent_dim, int) or self.latent_dim < 1:
            raise ValueError("GANTrainer: the noise size is unknown: give latent_dim= or a generator with a "
                             "latent_dim attribute")
        self.info_weight = None if info_weight is None else float(info_weight)
        self.num_codes: int | None = None
        if self.info_weight is not None:
            self.num_codes = getattr(generator, "num_codes", None)
            if not isinstance(self.num_codes, int) or not callable(getattr(discriminator, "score_and_code", None)):
                raise ValueError("GANTrainer: info_weight trains an InfoGAN: it needs a generator with num_codes "
                                 "(G(z, c)) and a discriminator with score_and_code(x), such as "
                                 "glassnet.models.gan.InfoGANGenerator / InfoGANDiscriminator")
            if not self.info_weight > 0:
                raise ValueError(f"GANTrainer: info_weight must be > 0, got {info_weight!r}")
            num_classes = None  # the code is drawn, never read from the data's labels
        self.num_classes = num_classes if num_classes is not None else (
            None if self.info_weight is not None else getattr(generator, "num_classes", None))
        self.g_optimizer = g_optimizer or Adam(generator.parameters(), lr=lr, betas=betas)
        self.d_optimizer = d_optimizer or Adam(discriminator.parameters(), lr=lr if d_lr is None else d_lr,
                                               betas=betas)
        if ema_decay is not None and not 0.0 < ema_decay < 1.0:
            raise ValueError(f"GANTrainer: ema_decay must be in (0, 1), e.g. 0.999, got {ema_decay!r}")
        self.ema_decay = ema_decay
        self.ema = _generator_average(generator, ema_decay) if ema_decay is not None else None
        self.step = 0
        self.fixed_noise: Tensor | None = None
        self.fixed_labels: Tensor | None = None
        self._peak_diversity = 0.0

    @property
    def sampler(self) -> Any:
        """The network that draws the samples: the moving average of the generator when ``ema_decay`` is set."""
        return self.ema.module if self.ema is not None else self.generator

    @property
    def conditional(self) -> bool:
        """Whether the networks take labels."""
        return self.num_classes is not None

    @property
    def generator_classes(self) -> int | None:
        """How many values the generator's second input takes: classes (conditional), codes (InfoGAN), or None."""
        return self.num_classes if self.num_classes is not None else self.num_codes

    # ---- sampling -------------------------------------------------------------------------------
    def noise(self, n: int, seed: int | None = None) -> Tensor:
        """(n, latent_dim) standard normal noise: from the global generator, or from ``seed`` alone."""
        from .. import randn

        if seed is None:
            return randn(n, self.latent_dim)
        return Tensor(np.random.default_rng(seed).standard_normal((n, self.latent_dim)).astype(np.float32))

    def sample(self, n: int, labels: Any = None, seed: int | None = None, noise: Any = None,
               average: bool = True) -> Tensor:
        """``n`` images from the generator (its moving average, with ``ema_decay``) in eval mode, without gradients.

        Args:
            n: how many.
            labels: a conditional GAN's classes (an InfoGAN's codes): one int for all, or (n,) ints; default
                0, 1, 2 ... in turn.
            seed: draw the noise from this seed (reproducible) instead of the global generator.
            noise: use this (n, latent_dim) noise instead.
            average: with ``ema_decay``, draw from the moving average (default) or, if False, from the generator.
        """
        z = noise if noise is not None else self.noise(n, seed)
        if not isinstance(z, Tensor):
            z = Tensor(np.asarray(z, dtype=np.float32))
        extra = (self._labels(n, labels),) if self.generator_classes else ()
        net = self.sampler if average else self.generator
        was = net.training
        net.eval()
        try:
            with no_grad():
                return net(z, *extra)
        finally:
            net.train(was)

    def _labels(self, n: int, labels: Any) -> Tensor:
        k = self.generator_classes
        if labels is None:
            arr = np.arange(n) % k
        else:
            arr = np.broadcast_to(np.asarray(labels._data if isinstance(labels, Tensor) else labels), (n,))
        arr = np.asarray(arr, dtype=np.int64)
        if arr.size and (arr.min() < 0 or arr.max() >= k):
            what = "codes" if self.num_codes is not None else "labels"
            raise ValueError(f"GANTrainer.sample: {what} must be in [0, {k}), got {sorted(set(arr.tolist()))[:5]}")
        return Tensor(arr.copy())

    # ---- one step -------------------------------------------------------------------------------
    def train_step(self, real: Tensor, labels: Tensor | None = None) -> dict[str, float]:
        """One discriminator update (and a generator update every n_critic steps); the step's numbers."""
        from .. import randint, sigmoid

        n = real.shape[0]
        z = self.noise(n)
        codes = randint(0, self.num_codes, (n,)) if self.num_codes is not None else None
        fake_labels = (randint(0, self.num_classes, (n,)),) if self.conditional else ()
        real_labels = (labels,) if self.conditional else ()
        g_inputs = (codes,) if codes is not None else fake_labels
        g_step = (self.step + 1) % self.n_critic == 0
        if g_step:
            fake = self.generator(z, *g_inputs)
        else:  # a critic-only step: the generator's graph would never be used
            with no_grad():
                fake = self.generator(z, *g_inputs)

        d_real = self.discriminator(real, *real_labels)
        d_fake, code_logits = self._score_fakes(fake.detach(), fake_labels, codes)
        loss_d = self.loss.d_loss(d_real, d_fake)
        out = {"d_loss": loss_d.item()}
        if code_logits is not None:  # the code head learns to read the code back, sharing D's body
            info = F.cross_entropy(code_logits, codes)
            out["info"] = info.item()
            loss_d = loss_d + self.info_weight * info
        if self.loss.penalised:
            # A conditional critic's x_hat mixes images of two classes; it is judged with the real images' labels.
            gp = gradient_penalty(self.discriminator, real, fake, *real_labels, weight=self.gp_weight)
            out["gp"] = gp.item()
            loss_d = loss_d + gp
            out["d_loss"] = loss_d.item()
        self.d_optimizer.zero_grad()
        loss_d.backward()
        self.d_optimizer.step()
        if self.loss.probabilistic:
            out["d_real"], out["d_fake"] = sigmoid(d_real).mean().item(), sigmoid(d_fake).mean().item()
        else:
            out["d_real"], out["d_fake"] = d_real.mean().item(), d_fake.mean().item()

        self.step += 1
        if g_step:
            score, code_logits = self._score_fakes(fake, fake_labels, codes)
            loss_g = self.loss.g_loss(score)
            if code_logits is not None:  # and the generator is rewarded for drawing a code that can be read back
                loss_g = loss_g + self.info_weight * F.cross_entropy(code_logits, codes)
            self.g_optimizer.zero_grad()
            loss_g.backward()
            self.g_optimizer.step()
            if self.ema is not None:
                self.ema.update_parameters(self.generator)
            out["g_loss"] = loss_g.item()
        return out

    def _score_fakes(self, fake: Tensor, labels: tuple, codes: Tensor | None) -> tuple[Tensor, Tensor | None]:
        """D's scores of generated images, and for an InfoGAN the logits of the code it reads back (else None)."""
        if codes is not None:
            return self.discriminator.score_and_code(fake)
        return self.discriminator(fake, *labels), None

    # ---- the loop -------------------------------------------------------------------------------
    def fit(self, data: Any, *, epochs: int, batch_size: int = 64, steps_per_epoch: int | None = None,
            max_seconds: float | None = None, callbacks: Iterable[Callback] = (), checkpoint: Any = None,
            resume_from: Any = None, seed: int | None = None, verbose: int = 1, num_samples: int = 64,
            sample_every: int = 1, sample_seed: int = 0,
            on_samples: Callable[[int, Tensor], Any] | None = None) -> History:
        """Train for ``epochs`` epochs; return the History (see ``fit_gan``)."""
        backend.tune_allocator()
        if not isinstance(epochs, int) or epochs < 0:
            raise ValueError(f"fit_gan: epochs must be a non-negative int, got {epochs!r}")
        if steps_per_epoch is not None and steps_per_epoch < 1:
            raise ValueError(f"fit_gan: steps_per_epoch must be >= 1, got {steps_per_epoch}")
        if seed is not None:
            backend.manual_seed(seed)
        loader = _gan_loader(data, batch_size, np.random.default_rng(seed) if seed is not None else None)
        real_ref, all_labels = _reference_batch(loader.dataset, num_samples)
        self._validate(real_ref, all_labels)
        shuffle_gen = shuffle_generator(loader)
        self.fixed_noise = self.noise(num_samples, seed=sample_seed)
        self.fixed_labels = self._labels(num_samples, None) if self.generator_classes else None
        real_spread = _mean_pairwise_distance(real_ref._data)

        history = History()
        start, warned = 0, set()
        resumed = None
        if resume_from is not None:
            resumed = load_gan_checkpoint(resume_from)
            start, warned = self._restore(resumed, history, shuffle_gen), set(resumed.get("warned") or [])
        self._peak_diversity = max(history.history.get("diversity") or [0.0])
        callbacks = list(callbacks)
        steps = steps_per_epoch or len(loader)
        cbs = CallbackList([history, *callbacks], self.generator, self.g_optimizer,
                           {"epochs": epochs, "steps": steps, "batch_size": batch_size, "verbose": verbose,
                            "metrics": ["d_loss", "g_loss", "d_real", "d_fake"]})
        progress = Progress(verbose, epochs, steps * batch_size)
        t0 = time.perf_counter()
        cbs.call("on_train_begin", None)
        if resumed is not None:
            from ..train.checkpoint import restore_callbacks

            restore_callbacks(resumed, callbacks)
        try:
            for epoch in range(start, epochs):
                t_epoch = time.perf_counter()
                cbs.call("on_epoch_begin", epoch, None)
                progress.epoch_begin(epoch)
                logs = self._train_epoch(loader, steps, cbs, progress)
                samples = self.sample(num_samples, labels=self.fixed_labels, noise=self.fixed_noise)
                logs["diversity"] = _mean_pairwise_distance(samples._data) / max(real_spread, 1e-12)
                self._warn(epoch, logs, warned)
                progress.epoch_end(epoch, _shown(logs))
                cbs.call("on_epoch_end", epoch, logs)
                last = epoch == epochs - 1
                out_of_time = max_seconds is not None and (
                    time.perf_counter() - t0 + (time.perf_counter() - t_epoch) > max_seconds)
                stop = cbs.stop_training or out_of_time
                if on_samples is not None and (last or stop or sample_every and (epoch + 1) % sample_every == 0):
                    on_samples(epoch, samples)
                if checkpoint is not None:
                    self.save_checkpoint(checkpoint, epoch=epoch, history=history, shuffle_generator=shuffle_gen,
                                         callbacks=callbacks, warned=warned)
                if stop:
                    break
        finally:
            progress.close()
        cbs.call("on_train_end", None)
        return history

    def _train_epoch(self, loader: Any, steps: int, cbs: CallbackList, progress: Progress) -> dict:
        self.generator.train()
        self.discriminator.train()
        sums: dict[str, float] = {}
        counts: dict[str, int] = {}
        i = 0
        while i < steps:  # steps_per_epoch may ask for more batches than one pass holds: start another
            for batch in loader:
                if i >= steps:
                    break
                real, labels = self._split(batch)
                cbs.call("on_batch_begin", i, None)
                out = self.train_step(real, labels)
                for k, v in out.items():
                    sums[k] = sums.get(k, 0.0) + v
                    counts[k] = counts.get(k, 0) + 1
                cbs.call("on_batch_end", i, {**out, "size": real.shape[0]})
                progress.batch_end(real.shape[0], lambda: _shown(_means(sums, counts)))
                i += 1
        return _means(sums, counts)

    def _split(self, batch: Any) -> tuple[Tensor, Tensor | None]:
        inputs, target = split_batch(batch)
        real = inputs[0]
        if not real.is_floating_point():
            real = real.float()
        return real, (target.long() if self.conditional and target is not None else None)

    # ---- checks before training -----------------------------------------------------------------
    def _validate(self, real: Tensor, labels: Tensor | None) -> None:
        """Shapes and labels checked once, before any step: one clear error naming what does not fit."""
        n = real.shape[0]
        k = min(n, 2)
        data_shape = tuple(real.shape[1:])
        if self.conditional:
            if labels is None:
                raise ValueError(f"fit_gan: the GAN is conditional ({self.num_classes} classes) but the data has no "
                                 "labels: give (X, y)")
            lab = labels._data
            if lab.dtype.kind not in "iub" and not np.all(lab == np.round(lab)):
                raise ValueError(f"fit_gan: a conditional GAN needs integer class labels, got {lab.dtype} values")
            if lab.size and (lab.min() < 0 or lab.max() >= self.num_classes):
                bad = sorted({int(v) for v in lab[(lab < 0) | (lab >= self.num_classes)]})[:5]
                raise ValueError(f"fit_gan: labels must be in [0, {self.num_classes}) for a conditional GAN with "
                                 f"num_classes={self.num_classes}, but the data holds {bad}")
        classes = self.generator_classes
        gen_labels = (Tensor(np.arange(k, dtype=np.int64) % classes),) if classes else ()
        was_g, was_d = self.generator.training, self.discriminator.training
        self.generator.eval()
        self.discriminator.eval()
        try:
            with no_grad():
                try:
                    fake = self.generator(self.noise(k, seed=0), *gen_labels)
                except Exception as e:  # noqa: BLE001 - a layer's own error, said in terms of the GAN
                    raise ValueError(f"fit_gan: the generator fails on noise of shape ({k}, {self.latent_dim}): "
                                     f"{e}") from e
                if tuple(fake.shape[1:]) != data_shape or fake.shape[0] != k:
                    raise ValueError(f"fit_gan: the generator makes images of shape {tuple(fake.shape)} from noise "
                                     f"({k}, {self.latent_dim}), but the data's samples have shape (N, "
                                     f"{', '.join(map(str, data_shape))}); the two must match")
                real_labels = (labels[:k].long(),) if self.conditional else ()
                try:
                    scores = self.discriminator(real[:k], *real_labels)
                except Exception as e:  # noqa: BLE001
                    raise ValueError(f"fit_gan: the discriminator fails on images of shape {tuple(real[:k].shape)}: "
                                     f"{e}") from e
                if tuple(scores.shape) not in ((k,), (k, 1)):
                    raise ValueError(f"fit_gan: the discriminator must return one score per sample, shape ({k},) or "
                                     f"({k}, 1), but for images of shape {tuple(real[:k].shape)} it returned "
                                     f"{tuple(scores.shape)}")
                if self.num_codes is not None:
                    code_shape = tuple(self.discriminator.score_and_code(real[:k])[1].shape)
                    if code_shape != (k, self.num_codes):
                        raise ValueError(f"fit_gan: the discriminator's score_and_code must return code logits of "
                                         f"shape ({k}, {self.num_codes}) for the generator's {self.num_codes} codes, "
                                         f"but it returned {code_shape}")
        finally:
            self.generator.train(was_g)
            self.discriminator.train(was_d)

    # ---- warnings -------------------------------------------------------------------------------
    def _warn(self, epoch: int, logs: dict, warned: set) -> None:
        # A fresh generator draws near-identical images (small initial weights): collapse is the spread falling
        # back to that after the samples had become varied.
        self._peak_diversity = max(self._peak_diversity, logs["diversity"])
        if ("collapse" not in warned and logs["diversity"] < COLLAPSE_DIVERSITY
                and self._peak_diversity >= 2 * COLLAPSE_DIVERSITY):
            warned.add("collapse")
            warnings.warn(f"fit_gan: epoch {epoch + 1}: mode collapse suspected: the samples drawn from different "
                          f"noise are nearly identical (their spread is {logs['diversity']:.0%} of the real images'). "
                          "The generator has found one image that fools the discriminator and draws little else; "
                          "try a lower learning rate, label smoothing, or the 'wgan-gp' loss.",
                          GANWarning, stacklevel=4)
        if (self.loss.probabilistic and "d_wins" not in warned and "d_real" in logs
                and logs["d_real"] > D_WINS and logs["d_fake"] < 1 - D_WINS):
            warned.add("d_wins")
            warnings.warn(f"fit_gan: epoch {epoch + 1}: the discriminator wins outright: it calls real images real "
                          f"with probability {logs['d_real']:.3f} and fakes real with {logs['d_fake']:.3f}, so the "
                          "generator gets almost no gradient to learn from. Try a smaller discriminator or learning "
                          "rate for it, one-sided label smoothing (label_smoothing=0.1), or the 'wgan-gp' loss.",
                          GANWarning, stacklevel=4)

    # ---- checkpoints ----------------------------------------------------------------------------
    def save_checkpoint(self, path: Any, *, epoch: int, history: History | None = None,
                        shuffle_generator: np.random.Generator | None = None, callbacks: Any = (),
                        warned: Iterable[str] = ()) -> None:
        """Write both networks, both optimizers, the random state and the epoch to one file, atomically."""
        save({
            "kind": KIND,
            "generator": self.generator.state_dict(),
            "generator_ema": self.ema.state_dict() if self.ema is not None else None,
            "discriminator": self.discriminator.state_dict(),
            "g_optimizer": self.g_optimizer.state_dict(),
            "d_optimizer": self.d_optimizer.state_dict(),
            "epoch": int(epoch),
            "step": int(self.step),
            "history": history.state_dict() if history is not None else None,
            "callbacks": [{"class": type(cb).__name__, "state": cb.state_dict()} for cb in callbacks],
            "rng_state": {
                "glassnet": backend.get_rng_state(),
                "shuffle": shuffle_generator.bit_generator.state if shuffle_generator is not None else None,
            },
            "warned": sorted(warned),
        }, path)

    def load_networks(self, state: dict) -> None:
        """Put a checkpoint's generator, its moving average (with ``ema_decay``) and discriminator in place."""
        self.generator.load_state_dict(state["generator"])
        if self.ema is not None:
            if state.get("generator_ema") is None:
                raise ValueError("fit_gan: resume_from holds no moving average of the generator (the run was "
                                 "trained without ema_decay); resume with ema_decay=None")
            self.ema.load_state_dict(state["generator_ema"])
        self.discriminator.load_state_dict(state["discriminator"])

    def _restore(self, state: dict, history: History, shuffle_gen: np.random.Generator | None) -> int:
        self.load_networks(state)
        self.g_optimizer.load_state_dict(state["g_optimizer"])
        self.d_optimizer.load_state_dict(state["d_optimizer"])
        self.step = int(state["step"])
        if state.get("history") is not None:
            history.load_state_dict(state["history"])
        backend.set_rng_state(state["rng_state"]["glassnet"])
        if shuffle_gen is not None and state["rng_state"].get("shuffle") is not None:
            shuffle_gen.bit_generator.state = state["rng_state"]["shuffle"]
        return int(state["epoch"]) + 1


def load_gan_checkpoint(path: Any) -> dict:
    """Read a GAN checkpoint written by ``fit_gan(checkpoint=...)`` (refusing files that are not one).

    Args:
        path: the checkpoint file.

    Example:
        >>> from glassnet.gan import load_gan_checkpoint
        >>> callable(load_gan_checkpoint)
        True
    """
    import os

    state = load(path)
    if not isinstance(state, dict) or state.get("kind") != KIND:
        raise ValueError(f"'{os.fspath(path)}' is not a GAN checkpoint (written by fit_gan(checkpoint=...))")
    return state


def fit_gan(generator: Any, discriminator: Any, data: Any, *, epochs: int, batch_size: int = 64,
            loss: str | GANLoss = "bce", lr: float = 2e-4, betas: tuple[float, float] = (0.5, 0.999),
            g_optimizer: Any = None, d_optimizer: Any = None, n_critic: int = 1, gp_weight: float = 10.0,
            label_smoothing: float = 0.0, latent_dim: int | None = None, num_classes: int | None = None,
            steps_per_epoch: int | None = None, max_seconds: float | None = None,
            callbacks: Iterable[Callback] = (), checkpoint: Any = None, resume_from: Any = None,
            seed: int | None = None, verbose: int = 1, num_samples: int = 64, sample_every: int = 1,
            sample_seed: int = 0, on_samples: Callable[[int, Tensor], Any] | None = None,
            ema_decay: float | None = None, info_weight: float | None = None, d_lr: float | None = None) -> History:
    """Train a GAN: the discriminator learns to tell real images from the generator's, the generator to fool it.

    The data must be scaled like the generator's output (a Tanh generator: [-1, 1]). Before the first step the
    shapes are checked: the generator's images against the data's, one score per sample from the
    discriminator, and the labels of a conditional GAN against its number of classes.

    Args:
        generator: maps noise (N, latent_dim) (and labels, if conditional) to images.
        discriminator: maps images (and labels) to one score per sample.
        data: images: a tensor or array (N, C, H, W), a tuple (X,) or (X, y), a Dataset or a DataLoader.
        epochs: passes over the data (or of ``steps_per_epoch`` batches each).
        batch_size: images per step.
        loss: 'bce' (the non-saturating GAN loss), 'wgan-gp' or 'hinge'.
        lr: learning rate of the default Adam optimizers (the generator's, when ``d_lr`` is given).
        betas: their betas (DCGAN: (0.5, 0.999)).
        g_optimizer: the generator's optimizer, instead of Adam.
        d_optimizer: the discriminator's optimizer, instead of Adam.
        n_critic: discriminator steps per generator step (5 is usual for WGAN-GP).
        gp_weight: WGAN-GP's penalty coefficient.
        label_smoothing: one-sided label smoothing (bce): the real target becomes 1 - label_smoothing.
        latent_dim: noise size (default ``generator.latent_dim``).
        num_classes: a conditional GAN's classes (default ``generator.num_classes``).
        steps_per_epoch: batches per epoch (default: one pass over the data).
        max_seconds: stop after the first epoch that would end past this time budget.
        callbacks: Callback objects (they see the generator as ``model``).
        checkpoint: write a resumable checkpoint here after every epoch.
        resume_from: continue the run saved in this checkpoint.
        seed: seeds glassnet's generator and the shuffle order.
        verbose: 0 silent, 1 a live bar, 2 a line per epoch.
        num_samples: size of the fixed noise batch drawn after each epoch.
        sample_every: call ``on_samples`` every this many epochs (and after the last).
        sample_seed: the fixed noise batch's seed.
        on_samples: ``on_samples(epoch, images)`` receives the fixed-noise samples (a sample grid writer).
        ema_decay: sample from an exponential moving average of the generator with this decay (e.g. 0.999).
        info_weight: train an InfoGAN: the weight of the code's cross-entropy (see ``GANTrainer``).
        d_lr: the discriminator's learning rate, when it should differ from ``lr`` (the generator's).

    Example:
        >>> from glassnet.gan import fit_gan
        >>> from glassnet.models.gan import gan_pair
        >>> g, d = gan_pair("mlp", (1, 4, 4), latent_dim=8, width=16)
        >>> h = fit_gan(g, d, glassnet.rand(32, 1, 4, 4) * 2 - 1, epochs=2, batch_size=16, verbose=0)
        >>> sorted(h.history)
        ['d_fake', 'd_loss', 'd_real', 'diversity', 'g_loss']
    """
    trainer = GANTrainer(generator, discriminator, loss=loss, lr=lr, betas=betas, g_optimizer=g_optimizer,
                         d_optimizer=d_optimizer, n_critic=n_critic, gp_weight=gp_weight,
                         label_smoothing=label_smoothing, latent_dim=latent_dim, num_classes=num_classes,
                         ema_decay=ema_decay, info_weight=info_weight, d_lr=d_lr)
    return trainer.fit(data, epochs=epochs, batch_size=batch_size, steps_per_epoch=steps_per_epoch,
                       max_seconds=max_seconds, callbacks=callbacks, checkpoint=checkpoint, resume_from=resume_from,
                       seed=seed, verbose=verbose, num_samples=num_samples, sample_every=sample_every,
                       sample_seed=sample_seed, on_samples=on_samples)


# ---- helpers --------------------------------------------------------------------------------------
def _generator_average(generator: Any, decay: float) -> Any:
    """An ``AveragedModel`` of the generator: weights and BatchNorm statistics, averaged with a warm-up.

    The decay starts low and grows to ``decay`` as ``(1 + n) / (10 + n)`` after n updates (the warm-up of
    TensorFlow's ExponentialMovingAverage): a fixed 0.999 would keep most of the untrained weights for the
    first thousand steps, and a short run would sample from them.
    """
    from ..optim.swa_utils import AveragedModel, get_ema_multi_avg_fn

    def ema_with_warmup(averaged: list, current: list, num_averaged: Any) -> None:
        if not averaged[0].is_floating_point():  # counters such as BatchNorm's num_batches_tracked
            for a, c in zip(averaged, current):
                a._data[...] = c._data
            return
        n = int(num_averaged.item() if isinstance(num_averaged, Tensor) else num_averaged)
        get_ema_multi_avg_fn(min(decay, (1 + n) / (10 + n)))(averaged, current, num_averaged)

    return AveragedModel(generator, multi_avg_fn=ema_with_warmup, use_buffers=True)


def _gan_loader(data: Any, batch_size: int, gen: np.random.Generator | None) -> Any:
    from ..data import DataLoader

    loader = as_loader(data, batch_size, True, generator=gen, what="data")
    if loader is data:
        return loader  # the user's own DataLoader: its settings win
    # A last batch of one or two images would give BatchNorm meaningless statistics: drop it.
    n = len(loader.dataset)
    if n == 0:
        raise ValueError("fit_gan: the data is empty")
    return DataLoader(loader.dataset, batch_size=batch_size, shuffle=True, generator=gen, drop_last=n >= batch_size)


def _reference_batch(dataset: Any, n: int) -> tuple[Tensor, Tensor | None]:
    """The first n images (to compare samples with) and every label (to check their range), as tensors."""
    from ..data import TensorDataset

    if isinstance(dataset, TensorDataset):
        tensors = dataset.tensors
        x = tensors[0][:n]
        y = tensors[-1] if len(tensors) > 1 else None
        return x, y
    items = [dataset[i] for i in range(min(n, len(dataset)))]
    if not items:
        raise ValueError("fit_gan: the data is empty")
    first = items[0]
    if isinstance(first, Tensor):
        return Tensor(np.stack([np.asarray(it._data) for it in items])), None
    xs = [np.asarray(it[0]._data if isinstance(it[0], Tensor) else it[0]) for it in items]
    ys = None
    if len(first) > 1:
        ys = Tensor(np.asarray([int(it[-1].item() if isinstance(it[-1], Tensor) else it[-1]) for it in items]))
    return Tensor(np.stack(xs)), ys


def _mean_pairwise_distance(x: Any) -> float:
    flat = np.asarray(x, dtype=np.float64).reshape(len(x), -1)
    if len(flat) < 2:
        return 0.0
    sq = (flat * flat).sum(1)
    d2 = np.maximum(sq[:, None] + sq[None, :] - 2 * flat @ flat.T, 0.0)
    n = len(flat)
    return float(np.sqrt(d2).sum() / (n * (n - 1)))


def _shown(logs: dict) -> dict:
    """The names a learner reads in the progress display: D loss, G loss, D(x), D(G(z))."""
    names = {"d_loss": "D loss", "g_loss": "G loss", "d_real": "D(x)", "d_fake": "D(G(z))", "gp": "GP",
             "info": "code CE"}
    return {names.get(k, k): v for k, v in logs.items()}


def _means(sums: dict, counts: dict) -> dict:
    order = ("d_loss", "g_loss", "d_real", "d_fake", "gp", "info")
    return {k: sums[k] / counts[k] for k in order if k in sums}
