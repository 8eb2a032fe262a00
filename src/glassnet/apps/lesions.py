"""A generated stand-in for chest X-rays: textured grey 28x28 images, the positive ones with a planted "lesion".

Every image has a smooth random texture, horizontal "rib" bands, pixel noise and one bright thin line (a
"catheter") at a random place; a positive image also has a small round bright blob at a random place. Since
the blob's box is known, a test can check that Grad-CAM points at it and not at the line. It is a teaching
and test set only: nothing about it resembles a real radiograph beyond these cartoon features.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class LesionImages:
    """Images (N, 1, S, S) float32 in [0, 1], labels (N,) int64 (1 = lesion) and each lesion's box.

    ``boxes[i] = (row0, col0, row1, col1)`` (end-exclusive) around the blob of positive image i; ``-1`` for
    negative images.
    """

    images: np.ndarray
    labels: np.ndarray
    boxes: np.ndarray


def _smooth(rng: np.random.Generator, n: int, size: int, cut: int) -> np.ndarray:
    """Low-frequency noise: random Fourier coefficients below ``cut``, normalised to zero mean, unit std."""
    spec = np.zeros((n, size, size), dtype=np.complex128)
    spec[:, :cut, :cut] = rng.normal(size=(n, cut, cut)) + 1j * rng.normal(size=(n, cut, cut))
    field = np.fft.ifft2(spec).real
    field -= field.mean(axis=(1, 2), keepdims=True)
    return field / (field.std(axis=(1, 2), keepdims=True) + 1e-8)


def make_lesion_images(n: int, size: int = 28, positive_fraction: float = 0.5, seed: int = 0,
                       contrast: float = 0.8) -> LesionImages:
    """``n`` generated images, about ``positive_fraction`` of them with a blob of peak height ``contrast``."""
    rng = np.random.default_rng(seed)
    labels = (rng.random(n) < positive_fraction).astype(np.int64)
    rows, cols = np.mgrid[0:size, 0:size].astype(np.float64)
    # A random exposure per image, so that overall brightness (which a lesion raises) gives nothing away.
    img = rng.uniform(0.25, 0.55, size=(n, 1, 1)) + 0.08 * _smooth(rng, n, size, 4)
    freq = rng.uniform(0.5, 0.8, size=(n, 1, 1))
    phase = rng.uniform(0, 2 * np.pi, size=(n, 1, 1))
    img += 0.06 * np.sin(freq * rows[None] + phase)  # the ribs
    # The catheter: a bright thin line, straight, at a random angle, in every image (a distractor).
    angle = rng.uniform(0, np.pi, size=(n, 1, 1))
    r0, c0 = rng.uniform(6, size - 6, size=(2, n, 1, 1))
    dist = np.abs((rows[None] - r0) * np.cos(angle) - (cols[None] - c0) * np.sin(angle))
    img += 0.3 * np.exp(-0.5 * (dist / 0.6) ** 2)
    boxes = np.full((n, 4), -1, dtype=np.int64)
    pos = np.flatnonzero(labels)
    margin = 5
    centre = rng.uniform(margin, size - 1 - margin, size=(len(pos), 2))
    sigma = rng.uniform(1.2, 1.8, size=len(pos))
    for k, i in enumerate(pos):
        (cr, cc), s = centre[k], sigma[k]
        img[i] += contrast * np.exp(-((rows - cr) ** 2 + (cols - cc) ** 2) / (2 * s * s))
        half = 2.0 * s
        boxes[i] = [max(0, int(np.floor(cr - half))), max(0, int(np.floor(cc - half))),
                    min(size, int(np.ceil(cr + half)) + 1), min(size, int(np.ceil(cc + half)) + 1)]
    img += 0.05 * rng.normal(size=img.shape)
    images = np.clip(img, 0.0, 1.0).astype(np.float32)[:, None]
    return LesionImages(images, labels, boxes)


__all__ = ["LesionImages", "make_lesion_images"]
