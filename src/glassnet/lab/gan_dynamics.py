"""gan-dynamics: the two competing artists over time, a mode collapse made on purpose, and what cures it.

An MLP GAN learns the 8x8 digits shipped with glassnet. From the same seeds it is trained in these settings:

* **collapse** — the generator's learning rate is 100x the discriminator's (Adam 1e-2 vs 1e-4): the critic cannot
  keep up, so the generator finds the few images that fool it today and draws only those;
* **label-smoothing** and **wgan-gp** — the same learning rates with two usual remedies: one-sided label
  smoothing 0.1, or the Wasserstein loss with gradient penalty and 5 critic steps per generator step;
* **d-keeps-up** — the same fast generator, with a discriminator as fast (1e-2 both);
* **balanced** — both slower and at the same pace (1e-3 both).

A judge (``glassnet.gan.train_judge``: an MLP classifier of the real digits) reads 500 samples of each final
generator: the class histogram, its entropy over log(10) (1 = all ten digits equally often), the number of digits
drawn at least 2% of the time, the confident fraction and a Fréchet distance on the judge's features.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..apps.run_folder import AppRun, markdown_table

CLAIM = ('"Two networks trained against each other, like two artists competing: the generator creates fake samples, '
         'the discriminator critiques them (real or fake?)." (the study companion, glossary.yaml) — and the known '
         'failure of that game, mode collapse: a generator that draws only a few kinds of sample.')
SUMMARY = "MLP GAN on 8x8 digits: D/G losses, D(x) and D(G(z)), sample grids, a mode collapse and its cure"

SETTINGS = {  # name -> generator lr, discriminator lr, loss, critic steps per generator step, label smoothing
    "collapse": {"g_lr": 1e-2, "d_lr": 1e-4, "loss": "bce", "n_critic": 1, "label_smoothing": 0.0},
    "label-smoothing": {"g_lr": 1e-2, "d_lr": 1e-4, "loss": "bce", "n_critic": 1, "label_smoothing": 0.1},
    "wgan-gp": {"g_lr": 1e-2, "d_lr": 1e-4, "loss": "wgan-gp", "n_critic": 5, "label_smoothing": 0.0},
    "d-keeps-up": {"g_lr": 1e-2, "d_lr": 1e-2, "loss": "bce", "n_critic": 1, "label_smoothing": 0.0},
    "balanced": {"g_lr": 1e-3, "d_lr": 1e-3, "loss": "bce", "n_critic": 1, "label_smoothing": 0.0},
}
QUICK_SETTINGS = ("collapse", "balanced")
SHOWN = ("collapse", "d-keeps-up", "balanced")  # the dynamics plot's columns (those present)
CURED = 0.8  # a class entropy at least this (over log 10) with 8+ digits drawn: the collapse is gone
LATENT, WIDTH, BATCH = 16, 128, 64
N_JUDGED = 500
MODE_SHARE = 0.02  # a digit drawn at least this often counts as a mode the generator covers


def _describe(name: str) -> str:
    c = SETTINGS[name]
    extra = {"bce": "non-saturating BCE loss", "wgan-gp": f"WGAN-GP loss, {c['n_critic']} critic steps per G step"}
    smooth = f", label smoothing {c['label_smoothing']:g}" if c["label_smoothing"] else ""
    return f"generator lr {c['g_lr']:g}, discriminator lr {c['d_lr']:g}, {extra[c['loss']]}{smooth}"


def _train(x: np.ndarray, cfg: dict, seed: int, epochs: int, grid_epochs: set[int]) -> dict:
    """One GAN run: its History, the fixed-noise samples at ``grid_epochs`` and the trained generator."""
    import glassnet as gn
    from glassnet.gan import fit_gan
    from glassnet.models.gan import gan_pair
    from glassnet.optim import Adam

    gn.manual_seed(seed)
    g, d = gan_pair("mlp", (1, 8, 8), latent_dim=LATENT, width=WIDTH)
    grids: dict[int, np.ndarray] = {}

    def keep(epoch: int, images: Any) -> None:
        if epoch + 1 in grid_epochs:
            grids[epoch + 1] = np.asarray(images._data[:32]).copy()

    history = fit_gan(g, d, x, epochs=epochs, batch_size=BATCH, seed=seed, verbose=0,
                      g_optimizer=Adam(g.parameters(), lr=cfg["g_lr"], betas=(0.5, 0.999)),
                      d_optimizer=Adam(d.parameters(), lr=cfg["d_lr"], betas=(0.5, 0.999)),
                      loss=cfg["loss"], n_critic=cfg["n_critic"], label_smoothing=cfg["label_smoothing"],
                      num_samples=64, sample_seed=seed, on_samples=keep)
    return {"history": history.history, "grids": grids, "generator": g}


def _judge(g: Any, judge: Any, real: np.ndarray, seed: int) -> dict:
    """What the judge reads in N_JUDGED samples of generator ``g`` (noise from ``seed``, not the training noise)."""
    import glassnet as gn
    from glassnet.gan import judge_samples

    z = np.random.default_rng(10_000 + seed).standard_normal((N_JUDGED, LATENT)).astype(np.float32)
    g.eval()
    with gn.no_grad():
        samples = g(gn.tensor(z))._data
    r = judge_samples(samples, judge, real=real)
    hist = np.asarray(r.class_histogram)
    return {"entropy": float(r.class_entropy_normalized), "modes": int((hist >= MODE_SHARE).sum()),
            "top_share": float(hist.max()), "confident": float(r.confident_fraction), "frechet": float(r.frechet),
            "histogram": hist.tolist()}


def _dynamics_figure(runs: dict[str, dict], seed: int) -> Any:

    from ..apps.run_folder import new_figure

    shown = [n for n in SHOWN if n in runs]
    fig, axes = new_figure(2, len(shown), figsize=(5 * len(shown), 6.5), sharex=True, squeeze=False)
    for col, name in enumerate(shown):
        run = runs[name]
        h = run["history"]
        ep = np.arange(1, len(h["d_loss"]) + 1)
        g_lr, d_lr = SETTINGS[name]["g_lr"], SETTINGS[name]["d_lr"]
        ax = axes[0, col]
        ax.plot(ep, h["d_loss"], label="D loss")
        ax.plot(ep, h["g_loss"], label="G loss")
        ax.set_title(f"{name}: G lr {g_lr:g}, D lr {d_lr:g}")
        ax.set_ylabel("loss")
        ax.legend()
        ax = axes[1, col]
        ax.plot(ep, h["d_real"], label="D(x): real judged real")
        ax.plot(ep, h["d_fake"], label="D(G(z)): fake judged real")
        ax.plot(ep, h["diversity"], "--", color="grey", label="sample spread / real spread")
        ax.axhline(0.5, color="black", lw=0.5)
        ax.set_xlabel("epoch")
        ax.set_ylim(0, 1.3)
        ax.legend(fontsize=8)
    fig.suptitle(f"The two artists over time (seed {seed})")
    fig.tight_layout()
    return fig


def _grid_figure(runs: dict[str, dict]) -> Any:

    from ..apps.run_folder import new_figure
    from ..gan.pictures import make_grid

    epochs = sorted(next(iter(runs.values()))["grids"])
    fig, axes = new_figure(len(runs), len(epochs), figsize=(2.3 * len(epochs), 1.6 * len(runs)), squeeze=False)
    for row, (name, run) in enumerate(runs.items()):
        for col, ep in enumerate(epochs):
            ax = axes[row, col]
            ax.imshow(make_grid(run["grids"][ep], nrow=8)[..., 0], cmap="gray", vmin=0, vmax=1, interpolation="nearest")
            ax.set_xticks([])
            ax.set_yticks([])
            if row == 0:
                ax.set_title(f"epoch {ep}")
            if col == 0:
                ax.set_ylabel(name)
    fig.suptitle("The same 32 noise vectors, drawn as training goes on")
    fig.tight_layout()
    return fig


def _histogram_figure(judged: dict[str, list[dict]]) -> Any:

    from ..apps.run_folder import new_figure

    fig, ax = new_figure(figsize=(9, 3.5))
    width = 0.8 / len(judged)
    for i, (name, per_seed) in enumerate(judged.items()):
        hist = np.mean([j["histogram"] for j in per_seed], axis=0)
        ax.bar(np.arange(10) + (i - (len(judged) - 1) / 2) * width, hist, width, label=name)
    ax.axhline(0.1, color="black", lw=0.5, ls="--", label="uniform (real digits)")
    ax.set_xticks(range(10))
    ax.set_xlabel("digit the judge reads")
    ax.set_ylabel(f"share of {N_JUDGED} samples")
    ax.set_title("Which digits each generator draws (mean over seeds)")
    ax.legend()
    fig.tight_layout()
    return fig


def _mean_sd(vals: list[float], fmt: str = ".2f") -> str:
    return f"{np.mean(vals):{fmt}} ± {np.std(vals):{fmt}}"


def run(run: AppRun, quick: bool, seed: int, verbose: int) -> dict:
    """Train the collapsing and the cured GAN over several seeds, judge their samples, plot the dynamics."""
    from tqdm import tqdm

    from ..data.datasets import digits
    from ..gan import train_judge

    train, _ = digits()
    x = train.tensors[0]._data.astype(np.float32) * np.float32(2) - np.float32(1)  # tanh range
    epochs = 10 if quick else 30
    seeds = [seed] if quick else [seed, seed + 1, seed + 2]
    grid_epochs = {1, 3, epochs // 2, epochs}
    judge = train_judge("digits", seed=seed, epochs=10 if quick else None)
    judge_acc = judge.judge_info["test_accuracy"]
    real = x[:N_JUDGED]

    names = list(QUICK_SETTINGS) if quick else list(SETTINGS)
    first: dict[str, dict] = {}
    judged: dict[str, list[dict]] = {name: [] for name in names}
    jobs = [(name, s) for s in seeds for name in names]
    for name, s in tqdm(jobs, desc="gan-dynamics", disable=verbose < 1):
        result = _train(x, SETTINGS[name], s, epochs, grid_epochs)
        if s == seed:
            first[name] = result
        judged[name].append(_judge(result["generator"], judge, real, s))

    run.section("Setup", (
        f"Data: the {len(x)} training images of glassnet's 8x8 digits, scaled to [-1, 1]. GAN: "
        f"`gan_pair('mlp', (1, 8, 8), latent_dim={LATENT}, width={WIDTH})` (one hidden layer each), "
        f"`glassnet.gan.fit_gan`, batch {BATCH}, {epochs} epochs, Adam "
        f"betas (0.5, 0.999); seeds {', '.join(map(str, seeds))}.\n\n"
        + "\n".join(f"- **{n}**: {_describe(n)}" for n in names)
        + f"\n\nJudge: `glassnet.gan.train_judge('digits')`, an MLP classifier of the real digits "
        f"(held-out accuracy {judge_acc:.3f}); it reads {N_JUDGED} samples per generator. *Class entropy* is the "
        f"entropy of the histogram of digits it reads over log(10): 1 when all ten digits are drawn equally often, "
        f"0 when one digit takes all. *Modes* counts the digits drawn at least {MODE_SHARE:.0%} of the time; "
        f"*Fréchet* is the FID recipe on the judge's features (comparable between these runs only)."))

    rows = []
    for name, per_seed in judged.items():
        rows.append([name, _mean_sd([j["entropy"] for j in per_seed]), _mean_sd([j["modes"] for j in per_seed], ".1f"),
                     _mean_sd([j["top_share"] for j in per_seed]), _mean_sd([j["confident"] for j in per_seed]),
                     _mean_sd([j["frechet"] for j in per_seed], ".0f")])
    hist_last = {name: first[name]["history"] for name in names}
    rows_dyn = [[name, h["d_loss"][-1], h["g_loss"][-1], h["d_real"][-1], h["d_fake"][-1], h["diversity"][-1]]
                for name, h in hist_last.items()]
    run.section("Results", (
        f"Mean ± standard deviation over {len(seeds)} seed(s):\n\n"
        + markdown_table(["setting", "class entropy (1 = all digits)", "modes (of 10)", "share of top digit",
                          "confident fraction", "Fréchet (judge features)"], rows)
        + f"\n\nThe last epoch of the seed-{seed} runs (D(x), D(G(z)): mean probabilities the discriminator gives, "
        "raw critic scores for wgan-gp; spread: pairwise distance of fixed-noise samples over that of real "
        "digits):\n\n"
        + markdown_table(["setting", "D loss", "G loss", "D(x)", "D(G(z))", "spread"], rows_dyn, floatfmt=".3f")
        + "\n\nEpochs of the seed-" + str(seed) + " runs in which the critic rated the fakes above the real digits "
        "(D(G(z)) > D(x): the generator winning) and the swing of the samples' spread from epoch to epoch (mean "
        "absolute change; a generator hopping from one digit to the next swings):\n\n"
        + markdown_table(["setting", "epochs with D(G(z)) > D(x)", "spread swing per epoch"],
                         [[n, f"{int(np.sum(np.array(h['d_fake']) > np.array(h['d_real'])))} of {len(h['d_real'])}",
                           float(np.mean(np.abs(np.diff(h["diversity"]))))] for n, h in hist_last.items()],
                         floatfmt=".3f")
        + "\n\n![D and G losses, D(x) and D(G(z)) per epoch](dynamics.png)\n\n"
        "![fixed-noise samples during training](samples.png)\n\n"
        "![class histograms](class_histogram.png)"))
    run.savefig(_dynamics_figure(first, seed), "dynamics.png", dpi=90)
    run.savefig(_grid_figure(first), "samples.png", dpi=90)
    run.savefig(_histogram_figure(judged), "class_histogram.png", dpi=90)

    ent = {n: float(np.mean([j["entropy"] for j in v])) for n, v in judged.items()}
    modes = {n: float(np.mean([j["modes"] for j in v])) for n, v in judged.items()}
    cured = [n for n in names[1:] if ent[n] >= CURED and modes[n] >= 8]
    not_cured = [n for n in names[1:] if n not in cured]
    wins = sum(c["entropy"] > k["entropy"] for c, k in zip(judged["balanced"], judged["collapse"]))
    collapsed = ent["collapse"] < 0.7 and modes["collapse"] < 7

    def said(ns: list[str]) -> str:
        return ", ".join(f"{n} ({modes[n]:.1f} digits, entropy {ent[n]:.2f})" for n in ns)

    if collapsed and cured:
        verdict = (f"With the generator learning 100x faster than the discriminator the GAN collapsed onto "
                   f"{modes['collapse']:.1f} of 10 digits on average (class entropy {ent['collapse']:.2f}, "
                   f"{len(seeds)} seeds); cured: {said(cured)}"
                   + (f"; not cured: {said(not_cured)}." if not_cured else "."))
    elif wins > len(seeds) / 2:
        verdict = (f"The balanced GAN covered more digits than the fast-generator one in {wins} of {len(seeds)} "
                   f"seeds (class entropy {ent['balanced']:.2f} vs {ent['collapse']:.2f}), but the effect was "
                   f"partial: the fast-generator run {'collapsed' if collapsed else 'did not fully collapse'} and "
                   f"{'no setting' if not cured else said(cured)} reached entropy {CURED} with 8+ digits.")
    else:
        verdict = (f"The mode collapse did not show: the fast-generator GAN's class entropy "
                   f"({ent['collapse']:.2f}, {modes['collapse']:.1f} digits) was not below the balanced one's "
                   f"({ent['balanced']:.2f}, {modes['balanced']:.1f} digits) in most seeds.")
    return {"verdict": verdict, "seeds": seeds, "epochs": epochs, "judge_accuracy": judge_acc,
            "class_entropy": ent, "modes": modes, "balanced_wins": int(wins), "cured": cured,
            "judged": judged,
            "last_epoch": {n: {k: float(v[-1]) for k, v in h.items()} for n, h in hist_last.items()}}
