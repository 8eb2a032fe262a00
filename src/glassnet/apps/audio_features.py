"""Speech features on NumPy: reading a PCM WAV file, framing, power spectrum, mel filterbank, log-mel and MFCC.

Each step is a few lines so it can be read next to a textbook. The conventions (frame rounding, zero padding of
the last frame, ``|FFT|^2 / nfft`` power, the mel filterbank's FFT-bin edges, DCT-II with orthonormal scaling, the
sinusoidal lifter) are those of python_speech_features, so the tests can check the numbers against it.
"""

from __future__ import annotations

import decimal
import os
import wave
from pathlib import Path

import numpy as np

SAMPLE_RATE = 8000  # the Free Spoken Digit Dataset's rate; other rates are resampled to it


class AudioFormatError(ValueError):
    """A WAV file this reader cannot use, with a message naming the file and what was expected."""


def read_wav(path: str | os.PathLike, sample_rate: int | None = SAMPLE_RATE) -> np.ndarray:
    """Read a PCM WAV file as float32 mono in [-1, 1], resampled to ``sample_rate`` (``None`` keeps the file's)."""
    path = Path(path)
    try:
        with wave.open(str(path), "rb") as w:
            channels, width, rate, n = w.getnchannels(), w.getsampwidth(), w.getframerate(), w.getnframes()
            raw = w.readframes(n)
    except FileNotFoundError:
        raise AudioFormatError(f"{path}: no such file") from None
    except (wave.Error, EOFError) as e:
        # The standard library only reads integer PCM (WAVE format 1): float, A-law, mu-law and compressed WAVs
        # and non-WAV files all land here, with its reason ("unknown format: 3", "file does not start with RIFF id").
        raise AudioFormatError(f"{path}: not a RIFF/WAVE PCM file ({e}); expected an uncompressed integer PCM WAV "
                               f"(e.g. 16-bit mono at {SAMPLE_RATE} Hz)") from None
    if width not in (1, 2, 3, 4):
        raise AudioFormatError(f"{path}: {8 * width}-bit samples are not supported; expected 8, 16, 24 or 32-bit PCM")
    if n == 0 or len(raw) < channels * width:
        raise AudioFormatError(f"{path}: the WAV file holds no samples")
    x = _pcm_to_float(raw, width)
    x = x[: len(x) // channels * channels].reshape(-1, channels).mean(axis=1)  # stereo and more: average to mono
    if sample_rate is not None and rate != sample_rate:
        x = resample(x, rate, sample_rate)
    return x.astype(np.float32)


def _pcm_to_float(raw: bytes, width: int) -> np.ndarray:
    """Little-endian PCM bytes to floats in [-1, 1]; 8-bit WAV is unsigned, wider is signed."""
    if width == 1:
        return (np.frombuffer(raw, np.uint8).astype(np.float64) - 128.0) / 128.0
    if width == 3:  # no NumPy int24: place the three bytes in the top of an int32
        b = np.frombuffer(raw[: len(raw) // 3 * 3], np.uint8).reshape(-1, 3).astype(np.int32)
        v = (b[:, 0] << 8) | (b[:, 1] << 16) | (b[:, 2] << 24)
        return v.astype(np.float64) / 2.0 ** 31
    dtype = {2: "<i2", 4: "<i4"}[width]
    return np.frombuffer(raw[: len(raw) // width * width], dtype).astype(np.float64) / 2.0 ** (8 * width - 1)


def resample(x: np.ndarray, rate_in: int, rate_out: int) -> np.ndarray:
    """Resample by FFT (band-limited): drop or add the spectrum above the new Nyquist frequency."""
    n_out = max(1, int(round(len(x) * rate_out / rate_in)))
    spec = np.fft.rfft(x)
    keep = n_out // 2 + 1
    spec = spec[:keep] if len(spec) >= keep else np.concatenate([spec, np.zeros(keep - len(spec), spec.dtype)])
    return np.fft.irfft(spec, n_out) * (n_out / len(x))


def preemphasis(x: np.ndarray, coeff: float = 0.97) -> np.ndarray:
    """``y[t] = x[t] - coeff * x[t-1]``: lifts the high frequencies that speech's spectrum tilts away from."""
    return np.append(x[:1], x[1:] - coeff * x[:-1])


def _round_half_up(v: float) -> int:
    return int(decimal.Decimal(v).quantize(decimal.Decimal("1"), rounding=decimal.ROUND_HALF_UP))


def frame_signal(x: np.ndarray, frame_len: int, frame_step: int) -> np.ndarray:
    """Overlapping frames (n_frames, frame_len); the signal is zero-padded so the last frame covers its end."""
    n = len(x)
    n_frames = 1 if n <= frame_len else 1 + int(np.ceil((n - frame_len) / frame_step))
    padded = np.concatenate([x, np.zeros((n_frames - 1) * frame_step + frame_len - n, x.dtype)])
    idx = np.arange(frame_len)[None, :] + frame_step * np.arange(n_frames)[:, None]
    return padded[idx]


def power_spectrum(frames: np.ndarray, nfft: int) -> np.ndarray:
    """``|rfft(frame, nfft)|^2 / nfft`` per frame: (n_frames, nfft // 2 + 1)."""
    return np.abs(np.fft.rfft(frames, nfft)) ** 2 / nfft


def hz_to_mel(hz: np.ndarray | float) -> np.ndarray:
    """The mel scale (O'Shaughnessy's formula): roughly linear below 1 kHz, logarithmic above."""
    return 2595.0 * np.log10(1.0 + np.asarray(hz) / 700.0)


def mel_to_hz(mel: np.ndarray | float) -> np.ndarray:
    """Inverse of :func:`hz_to_mel`."""
    return 700.0 * (10.0 ** (np.asarray(mel) / 2595.0) - 1.0)


def mel_filterbank(n_mels: int, nfft: int, sample_rate: int, low_hz: float = 0.0,
                   high_hz: float | None = None) -> np.ndarray:
    """Triangular filters equally spaced in mel, (n_mels, nfft // 2 + 1); edges snapped to FFT bins."""
    high_hz = sample_rate / 2 if high_hz is None else high_hz
    if high_hz > sample_rate / 2:
        raise ValueError(f"high_hz {high_hz} is above the Nyquist frequency {sample_rate / 2}")
    mels = np.linspace(hz_to_mel(low_hz), hz_to_mel(high_hz), n_mels + 2)
    edges = np.floor((nfft + 1) * mel_to_hz(mels) / sample_rate)
    bins = np.arange(nfft // 2 + 1)[None, :]
    left, centre, right = edges[:-2, None], edges[1:-1, None], edges[2:, None]
    with np.errstate(divide="ignore", invalid="ignore"):  # a filter narrower than one bin has an empty side
        rise = np.where((bins >= left) & (bins < centre), (bins - left) / (centre - left), 0.0)
        fall = np.where((bins >= centre) & (bins < right), (right - bins) / (right - centre), 0.0)
    return rise + fall


def dct_ii_ortho(n: int) -> np.ndarray:
    """The orthonormal DCT-II matrix (n, n): ``coeffs = D @ x``; its rows are cosines of rising frequency."""
    k = np.arange(n)[:, None]
    d = np.cos(np.pi * k * (2 * np.arange(n)[None, :] + 1) / (2 * n)) * np.sqrt(2.0 / n)
    d[0] /= np.sqrt(2.0)
    return d


def lifter(cepstra: np.ndarray, L: int = 22) -> np.ndarray:
    """Scale cepstral coefficient ``k`` by ``1 + L/2 sin(pi k / L)`` so the higher ones are not dwarfed."""
    if L <= 0:
        return cepstra
    k = np.arange(cepstra.shape[-1])
    return cepstra * (1 + L / 2 * np.sin(np.pi * k / L))


def log_mel(x: np.ndarray, sample_rate: int = SAMPLE_RATE, win_s: float = 0.025, step_s: float = 0.01,
            n_mels: int = 40, nfft: int = 256, preemph: float = 0.97, window: str | None = "hamming") -> np.ndarray:
    """Log mel filterbank energies (n_frames, n_mels) of a mono signal."""
    frame_len, frame_step = _round_half_up(win_s * sample_rate), _round_half_up(step_s * sample_rate)
    frames = frame_signal(preemphasis(np.asarray(x, np.float64), preemph), frame_len, frame_step)
    if window == "hamming":
        frames = frames * np.hamming(frame_len)
    elif window is not None:
        raise ValueError(f"window must be 'hamming' or None, not {window!r}")
    energies = power_spectrum(frames, nfft) @ mel_filterbank(n_mels, nfft, sample_rate).T
    return np.log(np.where(energies == 0, np.finfo(float).eps, energies))  # silence: a floor, not -inf


def mfcc(x: np.ndarray, sample_rate: int = SAMPLE_RATE, n_mfcc: int = 13, n_mels: int = 26, lift: int = 22,
         **kw) -> np.ndarray:
    """Mel-frequency cepstral coefficients (n_frames, n_mfcc): DCT-II (ortho) of the log-mel energies, liftered."""
    lm = log_mel(x, sample_rate, n_mels=n_mels, **kw)
    return lifter(lm @ dct_ii_ortho(n_mels)[:n_mfcc].T, lift)


def fix_frames(feat: np.ndarray, n_frames: int, pad_row: np.ndarray | None = None) -> np.ndarray:
    """Centre-crop a (frames, features) array to ``n_frames``, or pad it evenly on both sides with ``pad_row``
    (default: its quietest frame, the row with the smallest sum, i.e. silence for log energies)."""
    t = feat.shape[0]
    if t >= n_frames:
        start = (t - n_frames) // 2
        return feat[start:start + n_frames]
    if pad_row is None:
        pad_row = feat[int(np.argmin(feat.sum(axis=1)))]
    before = (n_frames - t) // 2
    out = np.empty((n_frames, feat.shape[1]), feat.dtype)
    out[:] = pad_row
    out[before:before + t] = feat
    return out


__all__ = ["SAMPLE_RATE", "AudioFormatError", "dct_ii_ortho", "fix_frames", "frame_signal", "hz_to_mel", "lifter",
           "log_mel", "mel_filterbank", "mel_to_hz", "mfcc", "power_spectrum", "preemphasis", "read_wav", "resample"]
