"""``glassnet app speech-digits``: spoken digit recognition on 8 kHz WAV recordings (the Free Spoken Digit Dataset).

The features (log-mel spectrogram and MFCC) are computed on NumPy in :mod:`glassnet.apps.audio_features`. Two
models learn from them: a small CNN that reads the log-mel spectrogram as a picture (frequency x time, padded or
cropped to a fixed number of frames) and a GRU that reads the MFCC frames one after another. The run reports both
on the dataset's official split (recordings 0-4 of every speaker and digit are the test set) and, for the faster
model, the accuracy on each speaker when the model never heard that speaker (leave-one-speaker-out).

``--predict some.wav`` classifies a recording with a trained run's best model; ``--listen`` records one second from
the microphone (needs sounddevice: ``pip install "glassnet[audio]"``).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

import glassnet as gn

from .common import add_common_arguments, module_main

NAME = "speech-digits"
DESCRIPTION = """\
Spoken digit recognition on 8 kHz WAV recordings (the Free Spoken Digit Dataset): log-mel and MFCC
features on NumPy, a CNN over the spectrogram and a GRU over the frames, tested on the official split
(recordings 0-4 of each speaker and digit) and on speakers the model never heard.
--predict WAV classifies a recording; --listen records one second from the microphone."""
TARGET = 0.97  # the target for the official split
FILE_NAME = re.compile(r"^([0-9])_([A-Za-z][A-Za-z0-9-]*)_([0-9]+)\.wav$", re.IGNORECASE)
N_MELS, N_MFCC = 40, 13
MODEL_FILES = {"cnn": "cnn.safetensors", "gru": "gru.safetensors"}


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Options of this app."""
    add_common_arguments(p, "folder of {digit}_{speaker}_{index}.wav recordings (the Free Spoken Digit Dataset's "
                            "recordings/ folder or its parent); default: the project's shared fsdd folder")
    p.add_argument("--predict", metavar="WAV", default=None,
                   help="print the digit spoken in this WAV file, using a trained run's best model (see --run)")
    p.add_argument("--listen", action="store_true",
                   help="record one second from the microphone and print the digit (needs glassnet[audio])")
    p.add_argument("--epochs", type=int, default=None,
                   help="training epochs of every model, the leave-one-speaker-out ones too (default: CNN 12, GRU 25, "
                        "held-out speaker 8; fewer with --quick)")
    p.add_argument("--loso-model", choices=("cnn", "gru"), default=None,
                   help="the model trained once per held-out speaker (default: cnn, with --quick gru)")
    # dest run_dir: ``args.run`` is the command dispatcher of glassnet.cli.main
    p.add_argument("--run", metavar="RUN_DIR", dest="run_dir", default=None,
                   help="the trained run folder --predict/--listen use (default: the newest speech-digits run "
                        "under runs/)")


# ---------------------------------------------------------------------------------------------- settings


@dataclass(frozen=True)
class Settings:
    """Everything a run's size depends on; --quick picks the small one."""

    frames: int  # CNN input: frames of 10 ms after pad/crop
    shift: int  # training-time random shift, in frames, either way
    cnn_width: int
    cnn_epochs: int
    gru_hidden: int
    gru_epochs: int
    loso_cnn_epochs: int  # each leave-one-speaker-out training, by model
    loso_gru_epochs: int
    loso_model: str  # the model trained once per held-out speaker
    max_index: int | None  # keep only recordings with index < max_index (None: all)

    @property
    def loso_epochs(self) -> int:
        """Epochs of each leave-one-speaker-out training of ``loso_model``."""
        return self.loso_cnn_epochs if self.loso_model == "cnn" else self.loso_gru_epochs


# Leave-one-speaker-out uses the CNN in the full run: it is the slower model but it carries over to a new voice
# far better than the GRU (compare with --loso-model gru); --quick uses the GRU to stay within seconds.
FULL = Settings(frames=64, shift=4, cnn_width=8, cnn_epochs=12, gru_hidden=48, gru_epochs=25, loso_cnn_epochs=8,
                loso_gru_epochs=15, loso_model="cnn", max_index=None)
QUICK = Settings(frames=48, shift=2, cnn_width=4, cnn_epochs=5, gru_hidden=16, gru_epochs=8, loso_cnn_epochs=1,
                 loso_gru_epochs=4, loso_model="gru", max_index=10)


# ---------------------------------------------------------------------------------------------- data


@dataclass
class Recording:
    """One parsed file name: digit, speaker, index."""

    path: Path
    digit: int
    speaker: str
    index: int


def find_recordings(data: str | os.PathLike) -> tuple[Path, list[Recording], list[str]]:
    """The recordings folder, its ``{digit}_{speaker}_{index}.wav`` files, and the names that do not match."""
    from ..cli.errors import CLIError

    root = Path(data)
    if not root.exists():
        raise CLIError(f"--data {root}: no such folder")
    if not root.is_dir():
        raise CLIError(f"--data {root}: expected a folder of {{digit}}_{{speaker}}_{{index}}.wav recordings, "
                       f"not a file")
    if (root / "recordings").is_dir():
        root = root / "recordings"
    wavs = sorted(p for p in root.iterdir() if p.is_file() and p.suffix.lower() == ".wav")
    if not wavs:
        raise CLIError(f"{root}: no .wav files; expected recordings named {{digit}}_{{speaker}}_{{index}}.wav "
                       f"(e.g. 7_jackson_32.wav)")
    found, skipped = [], []
    for p in wavs:
        m = FILE_NAME.match(p.name)
        if m:
            found.append(Recording(p, int(m.group(1)), m.group(2).lower(), int(m.group(3))))
        else:
            skipped.append(p.name)
    if not found:
        raise CLIError(f"{root}: none of the {len(wavs)} .wav files is named {{digit}}_{{speaker}}_{{index}}.wav "
                       f"(e.g. 7_jackson_32.wav); the first is {skipped[0]!r}")
    return root, found, skipped


def default_data() -> Path:
    """The shared Free Spoken Digit Dataset, or a clear error saying how to pass one."""
    from ..cli.errors import CLIError
    from ..examples._common import missing_data_message, shared_data

    path = shared_data("fsdd")
    if path is None:
        raise CLIError(missing_data_message(NAME, "--data PATH (a folder of {digit}_{speaker}_{index}.wav files)",
                                            "fsdd", "recordings"))
    return path


def features(x: np.ndarray, frames: int) -> tuple[np.ndarray, np.ndarray]:
    """(log-mel (frames, N_MELS), MFCC (frames // 2, N_MFCC)) of one recording, mean-normalised, padded/cropped.

    Each band's mean over the recording is subtracted (cepstral mean normalisation) because the recordings'
    levels and microphones differ by speaker; the padding repeats the recording's quietest frame, i.e. silence.
    """
    from . import audio_features as af

    lm = af.log_mel(x, n_mels=N_MELS)
    mf = af.mfcc(x, n_mfcc=N_MFCC)
    lm, mf = lm - lm.mean(axis=0), mf - mf.mean(axis=0)
    quiet = int(np.argmin(lm.sum(axis=1)))
    # The GRU reads every second frame: half the steps, and 20 ms still resolves a digit's phonemes.
    return (af.fix_frames(lm, frames, lm[quiet]).astype(np.float32),
            af.fix_frames(mf, frames, mf[quiet])[::2].astype(np.float32))


def load_features(recs: list[Recording], frames: int, verbose: int) -> tuple[np.ndarray, np.ndarray]:
    """Log-mel (N, frames, N_MELS) and MFCC (N, frames // 2, N_MFCC) of every recording (one clear error per bad
    file)."""
    from ..cli.errors import CLIError
    from . import audio_features as af

    lms, mfs = [], []
    for r in _progress(recs, verbose, "features"):
        try:
            x = af.read_wav(r.path)
        except af.AudioFormatError as e:
            raise CLIError(str(e)) from None
        lm, mf = features(x, frames)
        lms.append(lm)
        mfs.append(mf)
    return np.stack(lms), np.stack(mfs)


def _progress(items: list, verbose: int, desc: str) -> Any:
    if verbose < 1:
        return items
    from tqdm.auto import tqdm

    return tqdm(items, desc=desc, leave=False)


# ---------------------------------------------------------------------------------------------- models


def build_cnn(frames: int, width: int) -> Any:
    """Three conv-BN-ReLU-pool blocks over the (1, mels, frames) spectrogram, then a linear layer on the map.

    Flattening (rather than averaging) the last map keeps where in frequency and time each pattern was found.
    """
    from .. import nn

    def block(cin: int, cout: int) -> list:
        return [nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU(), nn.MaxPool2d(2)]

    return nn.Sequential(*block(1, width), *block(width, 2 * width), *block(2 * width, 4 * width), nn.Flatten(),
                         nn.Dropout(0.3), nn.Linear(4 * width * (N_MELS // 8) * (frames // 8), 10))


def build_gru(hidden: int) -> Any:
    """A bidirectional GRU over the MFCC frames; its two final hidden states, joined, go to the 10 digits.

    Read backwards as well as forwards, the end of a word counts as much as its start (a forward GRU's last state
    mostly remembers the end).
    """
    from .. import nn

    class GRUClassifier(nn.Module):
        """Bidirectional GRU over (batch, time, N_MFCC), classifying from both directions' final states."""

        def __init__(self) -> None:
            super().__init__()
            self.gru = nn.GRU(N_MFCC, hidden, batch_first=True, bidirectional=True)
            self.drop = nn.Dropout(0.3)
            self.fc = nn.Linear(2 * hidden, 10)

        def forward(self, x: Any) -> Any:
            _, h = self.gru(x)  # h: (2, batch, hidden), forward then backward
            return self.fc(self.drop(gn.cat([h[0], h[1]], dim=1)))

    return GRUClassifier()


class _Shifted(gn.data.Dataset):
    """A training set that crops a random window of ``frames`` from each padded example (time is axis
    ``axis`` of one example), so the model learns that a digit may start a little earlier or later."""

    def __init__(self, x: np.ndarray, y: np.ndarray, kind: str, frames: int, seed: int) -> None:
        self.x, self.y, self.kind, self.frames = x, y, kind, frames
        self.axis = time_axis(kind)
        self.rng = np.random.default_rng(seed)

    def __len__(self) -> int:
        return len(self.x)

    def __getitem__(self, i: int) -> tuple:
        start = int(self.rng.integers(0, self.x.shape[self.axis + 1] - self.frames + 1))
        window = np.take(self.x[i:i + 1], np.arange(start, start + self.frames), axis=self.axis + 1)
        return gn.tensor(to_model(self.kind, window)[0]), int(self.y[i])


def _centre(x: np.ndarray, frames: int, axis: int) -> np.ndarray:
    """The middle ``frames`` of the time axis (``axis`` of one example), for evaluation and prediction."""
    start = (x.shape[axis + 1] - frames) // 2
    return np.take(x, np.arange(start, start + frames), axis=axis + 1)


@dataclass
class Trained:
    """A trained model with what prediction needs: its input scaling and the time-window size."""

    kind: str
    model: Any
    scale: np.ndarray  # per-feature standard deviation of the training set (after mean normalisation)
    frames: int  # time steps the model reads
    history: dict


def model_inputs(kind: str, lm: np.ndarray, mf: np.ndarray) -> np.ndarray:
    """The features a model of ``kind`` reads: log-mel (N, 1, T, mels) for the CNN, MFCC (N, T, N_MFCC) for the
    GRU; time is axis :func:`time_axis` of one example."""
    return lm[:, None] if kind == "cnn" else mf


def time_axis(kind: str) -> int:
    """The time axis of one example of ``model_inputs(kind, ...)``."""
    return 1 if kind == "cnn" else 0


def to_model(kind: str, x: np.ndarray) -> np.ndarray:
    """Put a batch in the layout the model wants: the CNN reads (N, 1, mels, T) like a picture."""
    return np.ascontiguousarray(x.transpose(0, 1, 3, 2) if kind == "cnn" else x)


def train_model(kind: str, x: np.ndarray, y: np.ndarray, s: Settings, epochs: int, seed: int,
                verbose: int) -> Trained:
    """Train a CNN or GRU on padded examples ``x`` (time axis longer than the window by 2 * shift)."""
    from glassnet.train import fit

    axis = time_axis(kind)
    frames = s.frames if kind == "cnn" else s.frames // 2
    shift = s.shift if kind == "cnn" else s.shift // 2
    scale = x.std(axis=tuple(range(x.ndim - 1))).astype(np.float32) + 1e-6
    x = (x / scale).astype(np.float32)
    gn.manual_seed(seed)
    model = build_cnn(s.frames, s.cnn_width) if kind == "cnn" else build_gru(s.gru_hidden)
    if shift:
        train = _Shifted(x, y, kind, frames, seed)
    else:
        train = (gn.tensor(to_model(kind, _centre(x, frames, axis))), gn.tensor(y))
    opt = gn.optim.Adam(model.parameters(), lr=3e-3)
    history = fit(model, train, loss="cross_entropy", optimizer=opt, epochs=epochs, batch_size=64,
                  scheduler=gn.optim.lr_scheduler.CosineAnnealingLR(opt, epochs), seed=seed,
                  verbose=1 if verbose >= 1 else 0)
    return Trained(kind, model, scale, frames, dict(history.history))


def predict_proba(t: Trained, x: np.ndarray) -> np.ndarray:
    """Class probabilities (N, 10) of padded examples ``x``, reading the centre window."""
    axis = time_axis(t.kind)
    xs = to_model(t.kind, (_centre(x, t.frames, axis) / t.scale).astype(np.float32))
    t.model.eval()
    out = []
    with gn.no_grad():
        for i in range(0, len(xs), 256):
            out.append(gn.softmax(t.model(gn.tensor(xs[i:i + 256])), dim=1).numpy())
    return np.concatenate(out)


# ---------------------------------------------------------------------------------------------- baseline


def nearest_mean_accuracy(mf_train: np.ndarray, y_train: np.ndarray, mf_test: np.ndarray,
                          y_test: np.ndarray) -> float:
    """Baseline: each digit is the mean of its training recordings' average MFCC; the nearest mean wins."""
    def summary(m: np.ndarray) -> np.ndarray:
        return np.concatenate([m.mean(axis=1), m.std(axis=1)], axis=1)

    a, b = summary(mf_train), summary(mf_test)
    scale = a.std(axis=0) + 1e-6
    digits = np.unique(y_train)  # a digit nobody recorded for training cannot be predicted
    means = np.stack([a[y_train == d].mean(axis=0) for d in digits]) / scale
    dist = ((b / scale)[:, None, :] - means[None]) ** 2
    return float((digits[dist.sum(axis=2).argmin(axis=1)] == y_test).mean())


# ---------------------------------------------------------------------------------------------- the run


def run(args: argparse.Namespace) -> int:
    """Train and report (default), or classify one recording (--predict WAV / --listen)."""
    if args.predict or args.listen:
        return predict_command(args)
    train_command(args)
    return 0


def train_command(args: argparse.Namespace) -> Path:
    """The whole run: features, both models on the official split, leave-one-speaker-out, report."""
    from .run_folder import AppRun

    s = QUICK if args.quick else FULL
    if getattr(args, "loso_model", None):
        s = dataclasses.replace(s, loso_model=args.loso_model)
    if getattr(args, "epochs", None) is not None:
        if args.epochs < 1:
            from ..cli.errors import CLIError

            raise CLIError(f"--epochs {args.epochs}: expected a whole number of at least 1")
        s = dataclasses.replace(s, cnn_epochs=args.epochs, gru_epochs=args.epochs, loso_cnn_epochs=args.epochs,
                                loso_gru_epochs=args.epochs)
    started, cpu_started = time.time(), time.process_time()
    data = Path(args.data) if args.data else default_data()
    root, recs, skipped = find_recordings(data)
    n_found = len(recs)
    if s.max_index is not None:
        recs = [r for r in recs if r.index < s.max_index]
    pad = s.frames + 2 * s.shift
    lm, mf = load_features(recs, pad, args.verbose)  # every WAV is read before the run folder is made
    y = np.array([r.digit for r in recs])
    speakers = np.array([r.speaker for r in recs])
    test = np.array([r.index < 5 for r in recs])
    if test.all() or not test.any():
        from ..cli.errors import CLIError

        raise CLIError(f"{root}: the official split needs recordings with index 0-4 (test) and 5 or more (train); "
                       f"found only {'test' if test.all() else 'training'} recordings")

    run = AppRun(args.out, app=NAME, overwrite=args.overwrite,
                 config={"data": str(root), "quick": bool(args.quick), "seed": args.seed, "n_mels": N_MELS,
                         "n_mfcc": N_MFCC, "frames": s.frames, "shift": s.shift, "cnn_width": s.cnn_width,
                         "gru_hidden": s.gru_hidden, "cnn_epochs": s.cnn_epochs, "gru_epochs": s.gru_epochs,
                         "loso_epochs": s.loso_epochs, "loso_model": s.loso_model, "sample_rate": 8000},
                 title="Spoken digit recognition (Free Spoken Digit Dataset)")
    run.dropped(root, len(skipped), "file name is not {digit}_{speaker}_{index}.wav" +
                (f", e.g. {skipped[0]!r}" if skipped else ""))
    if s.max_index is not None:
        run.dropped(root, n_found - len(recs), f"--quick keeps only recordings with index < {s.max_index}")

    results: dict[str, Trained] = {}
    acc: dict[str, float] = {}
    probs: dict[str, np.ndarray] = {}
    for kind, epochs in (("cnn", s.cnn_epochs), ("gru", s.gru_epochs)):
        x = model_inputs(kind, lm, mf)
        t0 = time.time()
        results[kind] = train_model(kind, x[~test], y[~test], s, epochs, args.seed, args.verbose)
        probs[kind] = predict_proba(results[kind], x[test])
        acc[kind] = float((probs[kind].argmax(axis=1) == y[test]).mean())
        results[kind].history["seconds"] = time.time() - t0
        run.save_model(results[kind].model, MODEL_FILES[kind])
        if args.verbose:
            print(f"{kind}: official-split test accuracy {acc[kind]:.4f} ({time.time() - t0:.0f} s)", flush=True)
    # The two read different features (spectrogram picture vs cepstral sequence), so their mistakes differ and
    # averaging their probabilities is a cheap third candidate.
    probs["cnn+gru"] = (probs["cnn"] + probs["gru"]) / 2
    acc["cnn+gru"] = float((probs["cnn+gru"].argmax(axis=1) == y[test]).mean())
    best = max(acc, key=lambda k: acc[k])
    baseline = nearest_mean_accuracy(mf[~test], y[~test], mf[test], y[test])
    run.write_json("predictor.json", {
        "best": best, "n_mels": N_MELS, "n_mfcc": N_MFCC, "frames": s.frames, "shift": s.shift,
        "cnn_width": s.cnn_width, "gru_hidden": s.gru_hidden,
        "scale": {k: t.scale.ravel().tolist() for k, t in results.items()},
        "files": MODEL_FILES, "test_accuracy": acc})

    loso_kind = s.loso_model
    loso: dict[str, float] = {}
    spk_list = sorted(set(speakers.tolist()))
    if len(spk_list) >= 2:
        x = model_inputs(loso_kind, lm, mf)
        for spk in _progress(spk_list, args.verbose, "leave one speaker out"):
            held = speakers == spk
            t = train_model(loso_kind, x[~held], y[~held], s, s.loso_epochs, args.seed, verbose=0)
            loso[spk] = float((predict_proba(t, x[held]).argmax(axis=1) == y[held]).mean())

    _report(run, s, root, recs, test, speakers, y, acc, best, baseline, probs, loso, loso_kind, results)
    metrics: dict[str, Any] = {
        "cnn_test_accuracy": acc["cnn"], "gru_test_accuracy": acc["gru"],
        "cnn_gru_average_test_accuracy": acc["cnn+gru"], "best_model": best,
        "best_test_accuracy": acc[best], "target_test_accuracy": TARGET, "target_met": acc[best] >= TARGET,
        "baseline_nearest_mean_accuracy": baseline, "chance_accuracy": 0.1,
        "n_train": int((~test).sum()), "n_test": int(test.sum()), "n_speakers": len(spk_list),
        "loso_model": loso_kind if loso else "none",
        "cnn_train_seconds": round(results["cnn"].history["seconds"], 1),
        "gru_train_seconds": round(results["gru"].history["seconds"], 1),
    }
    if loso:
        metrics["loso_mean_accuracy"] = float(np.mean(list(loso.values())))
        metrics.update({f"loso_accuracy_{k}": v for k, v in loso.items()})
    metrics["total_seconds"] = round(time.time() - started, 1)
    # CPU time beside wall time: on a shared machine the wall clock measures the neighbours too.
    metrics["total_cpu_seconds"] = round(time.process_time() - cpu_started, 1)
    threads = os.environ.get("OMP_NUM_THREADS", "unset")
    run.section("Time", f"{metrics['total_seconds']:.0f} s on the wall clock, {metrics['total_cpu_seconds']:.0f} s "
                        f"of CPU time, summed over threads (OMP_NUM_THREADS={threads}); on a busy machine the CPU "
                        f"time is the better measure.")
    report = run.finish(metrics)
    if args.verbose:
        print(f"best: {best} {acc[best]:.4f} on the official split (target {TARGET}); "
              + (f"held-out speakers ({loso_kind}): " + ", ".join(f"{k} {v:.3f}" for k, v in loso.items())
                 if loso else "one speaker only: no leave-one-speaker-out"), flush=True)
        print(f"report: {report}")
    return run.dir


def _report(run: Any, s: Settings, root: Path, recs: list, test: np.ndarray, speakers: np.ndarray, y: np.ndarray,
            acc: dict, best: str, baseline: float, probs: dict, loso: dict, loso_kind: str, results: dict) -> None:
    """The report's sections and plots."""
    from .run_folder import markdown_table

    n_spk = len(set(speakers.tolist()))
    run.section("Data", f"{len(recs)} recordings from `{root}` ({n_spk} speakers, digits 0-9). Official split: "
                        f"index 0-4 is the test set ({int(test.sum())} recordings), the rest train "
                        f"({int((~test).sum())}). Features on NumPy: log-mel spectrogram ({N_MELS} bands, 25 ms "
                        f"Hamming windows every 10 ms, 256-point FFT) and {N_MFCC} MFCCs (DCT-II of 26 log-mel "
                        f"bands, liftered), each band's mean over the recording subtracted; the CNN reads "
                        f"{s.frames} frames, the GRU every second MFCC frame ({s.frames // 2} steps), padded with "
                        f"the recording's quietest frame or centre-cropped; training windows shift randomly by up "
                        f"to {s.shift} frames.")
    rows = [[k.upper(), sum(int(np.prod(p.shape)) for p in results[k].model.parameters()),
             len(results[k].history.get("loss", [])), f"{results[k].history['seconds']:.0f} s", acc[k]]
            for k in ("cnn", "gru")]
    rows += [["CNN+GRU (average of their probabilities)", "-", "-", "-", acc["cnn+gru"]],
             ["nearest class mean of average MFCC (baseline)", 0, "-", "-", baseline], ["chance", 0, "-", "-", 0.1]]
    verdict = "meets" if acc[best] >= TARGET else "misses"
    run.section("Official split", markdown_table(["model", "parameters", "epochs", "training time",
                                                  "test accuracy"], rows) +
                f"\n\nBest: **{best.upper()} {acc[best]:.4f}**, which {verdict} the target of {TARGET}.")
    cm = np.zeros((10, 10), int)
    np.add.at(cm, (y[test], probs[best].argmax(axis=1)), 1)
    run.write_json("confusion_matrix.json", {"model": best, "rows_true_cols_predicted": cm.tolist()})
    _plot_confusion(run, cm, best, acc[best])
    if loso:
        pred = probs[loso_kind].argmax(axis=1)
        heard = {k: float((pred[speakers[test] == k] == y[test][speakers[test] == k]).mean()) for k in loso}
        rows = [[k, v, heard[k]] for k, v in loso.items()]
        rows += [["mean", float(np.mean(list(loso.values()))), float(np.mean(list(heard.values())))]]
        table = markdown_table(["speaker", "accuracy when held out", "accuracy when heard (official split)"], rows)
        run.section(f"Held-out speakers ({loso_kind.upper()}, leave one speaker out)",
                    f"For each speaker, a {loso_kind.upper()} trained {s.loso_epochs} epochs on the other speakers' "
                    f"recordings (all indices) is tested on all of that speaker's recordings: how well it does on a "
                    f"voice it never heard (the model is chosen with --loso-model). Beside it, the official-split "
                    f"{loso_kind.upper()} on that speaker's test recordings, whose other recordings it trained on."
                    f"\n\n{table}\n\n![held-out speakers](per_speaker.png)")
        _plot_speakers(run, loso, heard, loso_kind)
    run.section("Confusion matrix", f"![confusion matrix](confusion_matrix.png)\n\nRows: the digit spoken; columns: "
                                    f"the {best.upper()}'s answer (official test split).")
    run.section("Use it", "`glassnet app speech-digits --predict some.wav --run THIS_FOLDER` prints the digit "
                          f"(the {best.upper()} here); `--listen` records one second from the microphone.")


def _plot_confusion(run: Any, cm: np.ndarray, kind: str, accuracy: float) -> None:

    from .run_folder import new_figure

    fig, ax = new_figure(figsize=(5.2, 4.6))
    ax.imshow(cm, cmap="Blues")
    for i in range(10):
        for j in range(10):
            if cm[i, j]:
                ax.text(j, i, str(cm[i, j]), ha="center", va="center", fontsize=8,
                        color="white" if cm[i, j] > cm.max() / 2 else "black")
    ax.set_xticks(range(10))
    ax.set_yticks(range(10))
    ax.set_xlabel("predicted digit")
    ax.set_ylabel("spoken digit")
    ax.set_title(f"{kind.upper()} on the official test split: accuracy {accuracy:.3f}")
    run.savefig(fig, "confusion_matrix.png")


def _plot_speakers(run: Any, loso: dict, heard: dict, kind: str) -> None:

    from .run_folder import new_figure

    fig, ax = new_figure(figsize=(6.4, 3.4))
    names = list(loso)
    pos = np.arange(len(names))
    ax.bar(pos - 0.2, [loso[k] for k in names], 0.4, color="tab:blue", label="held out (never heard)")
    ax.bar(pos + 0.2, [heard[k] for k in names], 0.4, color="tab:orange", label="heard (official split)")
    ax.axhline(0.1, color="grey", ls=":", label="chance")
    ax.set_xticks(pos)
    ax.set_xticklabels(names)
    ax.set_ylim(0, 1.02)
    ax.set_ylabel("accuracy on the speaker")
    ax.set_title(f"{kind.upper()}: each speaker held out vs heard in training")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3, fontsize=8, frameon=False)
    run.savefig(fig, "per_speaker.png")


# ---------------------------------------------------------------------------------------------- prediction


def latest_run(base: Path = Path("runs")) -> Path:
    """The newest run folder under ``base`` written by this app that holds a trained model."""
    from ..cli.errors import CLIError

    found = []
    if base.is_dir():
        for p in base.iterdir():
            try:
                cfg = json.loads((p / "config.json").read_text())
            except (OSError, json.JSONDecodeError):
                continue
            if cfg.get("app") == NAME and (p / "predictor.json").is_file():
                found.append(p)
    if not found:
        raise CLIError(f"no trained {NAME} model under {base.resolve()}; train one with 'glassnet app {NAME}' or "
                       f"pass --run RUN_DIR")
    return max(found, key=lambda p: (p / "predictor.json").stat().st_mtime)


def load_predictor(run_dir: str | os.PathLike | None) -> tuple[list[Trained], Path]:
    """The best model of a trained run folder (both, when their average was best), ready to classify."""
    from ..cli.errors import CLIError

    run_dir = Path(run_dir) if run_dir else latest_run()
    meta_path = run_dir / "predictor.json"
    if not meta_path.is_file():
        raise CLIError(f"--run {run_dir}: no trained {NAME} model there (predictor.json is missing); train one "
                       f"with 'glassnet app {NAME} --out {run_dir}'")
    meta = json.loads(meta_path.read_text())
    models = []
    for kind in meta["best"].split("+"):
        weights = run_dir / meta["files"][kind]
        if not weights.is_file():
            raise CLIError(f"--run {run_dir}: the model file {weights.name} is missing")
        model = build_cnn(meta["frames"], meta["cnn_width"]) if kind == "cnn" else build_gru(meta["gru_hidden"])
        model.load_state_dict(gn.load(weights))
        frames = meta["frames"] if kind == "cnn" else meta["frames"] // 2
        models.append(Trained(kind, model, np.array(meta["scale"][kind], np.float32), frames, {}))
    return models, run_dir


def classify(models: list[Trained], x: np.ndarray) -> tuple[int, float]:
    """The digit spoken in the 8 kHz signal ``x`` and its probability (averaged over ``models``)."""
    p = np.zeros(10)
    for t in models:
        lm, mf = features(x, t.frames * (1 if t.kind == "cnn" else 2))
        p += predict_proba(t, model_inputs(t.kind, lm[None], mf[None]))[0] / len(models)
    return int(p.argmax()), float(p.max())


def record_second(seconds: float = 1.0) -> np.ndarray:
    """One second from the default microphone at 8 kHz mono (sounddevice, extra ``[audio]``)."""
    from ..cli.errors import CLIError
    from . import audio_features as af

    try:
        import sounddevice as sd
    except (ImportError, OSError) as e:  # OSError: sounddevice is there but the PortAudio library is not
        raise CLIError(f'--listen records from the microphone with sounddevice, which is not available ({e}); '
                       f'pip install "glassnet[audio]"') from None
    print("listening for one second: say a digit ...", flush=True)
    try:
        x = sd.rec(int(seconds * af.SAMPLE_RATE), samplerate=af.SAMPLE_RATE, channels=1, dtype="float32")
        sd.wait()
    except Exception as e:  # noqa: BLE001 - PortAudio's errors (no microphone, rate refused) are its own types
        raise CLIError(f"--listen: recording from the microphone failed ({e}); check the input device, or record "
                       f"a WAV file and pass --predict FILE") from None
    return trim_silence(np.asarray(x, np.float32).ravel())


def trim_silence(x: np.ndarray, below_db: float = 30.0) -> np.ndarray:
    """Cut the leading and trailing 10 ms blocks quieter than the loudest by ``below_db`` (the training recordings
    are trimmed like this)."""
    n = len(x) // 80 * 80
    if n == 0:
        return x
    energy = 10 * np.log10((x[:n].reshape(-1, 80) ** 2).mean(axis=1) + 1e-12)
    loud = np.flatnonzero(energy > energy.max() - below_db)
    return x[loud[0] * 80:(loud[-1] + 1) * 80]


def predict_command(args: argparse.Namespace) -> int:
    """``--predict WAV`` or ``--listen``: print the digit and its probability."""
    from ..cli.errors import CLIError
    from . import audio_features as af

    if args.listen:
        x = record_second()  # first, so a missing sounddevice is reported before anything else
        source = "microphone"
    else:
        try:
            x = af.read_wav(args.predict)
        except af.AudioFormatError as e:
            raise CLIError(str(e)) from None
        source = args.predict
    models, run_dir = load_predictor(args.run_dir)
    digit, p = classify(models, x)
    print(f"{source}: digit {digit} (probability {p:.3f}, {'+'.join(t.kind.upper() for t in models)} of {run_dir})")
    return 0


__all__ = ["NAME", "add_arguments", "classify", "features", "find_recordings", "load_predictor", "run",
           "train_command"]


if __name__ == "__main__":
    raise SystemExit(module_main(NAME))
