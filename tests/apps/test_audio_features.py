"""The speech features of glassnet.apps.audio_features against python_speech_features, and the WAV reader."""

from __future__ import annotations

import struct
import wave

import numpy as np
import pytest

from glassnet.apps import audio_features as af

psf = pytest.importorskip("python_speech_features")


def _signal(n: int = 4000, rate: int = 8000) -> np.ndarray:
    """A chirp plus noise: energy in every band, like speech."""
    t = np.arange(n) / rate
    rng = np.random.default_rng(0)
    return 0.5 * np.sin(2 * np.pi * (200 + 1500 * t) * t) + 0.05 * rng.standard_normal(n)


def write_pcm(path, x: np.ndarray, rate: int = 8000, width: int = 2, channels: int = 1) -> None:
    """Write floats in [-1, 1] as integer PCM (x is (n,) or (n, channels))."""
    x = np.asarray(x, np.float64).reshape(len(x), channels)
    if width == 1:
        raw = np.round(x * 127 + 128).astype(np.uint8).tobytes()
    elif width == 3:
        v = np.round(x * (2 ** 23 - 1)).astype(np.int32).ravel()
        raw = b"".join(struct.pack("<i", int(s))[:3] for s in v)
    else:
        raw = np.round(x * (2 ** (8 * width - 1) - 1)).astype({2: "<i2", 4: "<i4"}[width]).tobytes()
    with wave.open(str(path), "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(width)
        w.setframerate(rate)
        w.writeframes(raw)


def write_float_wav(path, x: np.ndarray, rate: int = 8000) -> None:
    """A 32-bit IEEE-float WAV (format tag 3), which the standard library's reader refuses."""
    data = np.asarray(x, "<f4").tobytes()
    fmt = struct.pack("<HHIIHH", 3, 1, rate, rate * 4, 4, 32)
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(data)) + data
    path.write_bytes(b"RIFF" + struct.pack("<I", len(body)) + body)


@pytest.mark.parametrize("nfilt,nfft,rate,low,high", [(26, 512, 16000, 0, None), (40, 256, 8000, 0, None),
                                                      (20, 512, 16000, 300, 7000), (64, 256, 8000, 0, 4000)])
def test_mel_filterbank_matches_python_speech_features(nfilt, nfft, rate, low, high):
    ours = af.mel_filterbank(nfilt, nfft, rate, low, high)
    np.testing.assert_allclose(ours, psf.get_filterbanks(nfilt, nfft, rate, low, high), rtol=1e-12, atol=1e-12)


def test_framing_and_dct_match_references():
    from python_speech_features import sigproc
    from scipy.fftpack import dct

    x = _signal(1234)
    np.testing.assert_array_equal(af.frame_signal(x, 200, 80), sigproc.framesig(x, 200, 80))
    np.testing.assert_array_equal(af.frame_signal(x[:150], 200, 80), sigproc.framesig(x[:150], 200, 80))
    v = np.random.default_rng(1).standard_normal((7, 26))
    np.testing.assert_allclose(v @ af.dct_ii_ortho(26).T, dct(v, type=2, axis=1, norm="ortho"), atol=1e-12)
    np.testing.assert_allclose(af.dct_ii_ortho(26) @ af.dct_ii_ortho(26).T, np.eye(26), atol=1e-12)  # orthonormal


def test_log_mel_matches_logfbank():
    x = _signal()
    ours = af.log_mel(x, 8000, n_mels=40, nfft=256, window=None)  # logfbank applies no window
    ref = psf.logfbank(x, 8000, nfilt=40, nfft=256)
    assert ours.shape == ref.shape == (49, 40)
    np.testing.assert_allclose(ours, ref, rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("window,winfunc", [("hamming", np.hamming), (None, lambda n: np.ones((n,)))])
def test_mfcc_matches_python_speech_features(window, winfunc):
    x = _signal()
    ours = af.mfcc(x, 8000, n_mfcc=13, n_mels=26, lift=22, nfft=256, window=window)
    ref = psf.mfcc(x, 8000, numcep=13, nfilt=26, nfft=256, ceplifter=22, appendEnergy=False, winfunc=winfunc)
    np.testing.assert_allclose(ours, ref, rtol=1e-10, atol=1e-9)


def test_read_wav_pcm_widths_and_stereo(tmp_path):
    x = 0.5 * np.sin(2 * np.pi * 440 * np.arange(800) / 8000)
    for width, tol in ((1, 1e-2), (2, 1e-4), (3, 1e-6), (4, 1e-6)):
        write_pcm(tmp_path / f"w{width}.wav", x, width=width)
        np.testing.assert_allclose(af.read_wav(tmp_path / f"w{width}.wav"), x, atol=tol)
    write_pcm(tmp_path / "stereo.wav", np.stack([x, 0 * x], axis=1), channels=2)
    np.testing.assert_allclose(af.read_wav(tmp_path / "stereo.wav"), x / 2, atol=1e-4)  # channels averaged


def test_read_wav_resamples_other_rates(tmp_path):
    rate = 16000
    x = 0.5 * np.sin(2 * np.pi * 500 * np.arange(rate) / rate)
    write_pcm(tmp_path / "16k.wav", x, rate=rate)
    y = af.read_wav(tmp_path / "16k.wav")
    assert len(y) == 8000
    peak_hz = np.argmax(np.abs(np.fft.rfft(y))) * 8000 / len(y)
    assert peak_hz == pytest.approx(500, abs=1)
    assert len(af.read_wav(tmp_path / "16k.wav", sample_rate=None)) == rate


def test_read_wav_refuses_what_it_cannot_read(tmp_path):
    write_float_wav(tmp_path / "float.wav", np.zeros(100))
    with pytest.raises(af.AudioFormatError, match=r"float\.wav: not a RIFF/WAVE PCM file"):
        af.read_wav(tmp_path / "float.wav")
    (tmp_path / "text.wav").write_text("not audio")
    with pytest.raises(af.AudioFormatError, match=r"text\.wav: not a RIFF/WAVE PCM file"):
        af.read_wav(tmp_path / "text.wav")
    write_pcm(tmp_path / "empty.wav", np.zeros(0))
    with pytest.raises(af.AudioFormatError, match=r"empty\.wav: the WAV file holds no samples"):
        af.read_wav(tmp_path / "empty.wav")
    with pytest.raises(af.AudioFormatError, match="no such file"):
        af.read_wav(tmp_path / "absent.wav")


def test_fix_frames_pads_with_silence_and_crops_the_centre():
    feat = np.arange(12, dtype=float).reshape(4, 3)
    padded = af.fix_frames(feat, 7)
    assert padded.shape == (7, 3)
    np.testing.assert_array_equal(padded[1:5], feat)
    np.testing.assert_array_equal(padded[0], feat[0])  # the quietest (lowest) row
    np.testing.assert_array_equal(af.fix_frames(feat, 2), feat[1:3])
