"""Pictures a user drew, made to look like the training data before a model sees them.

MNIST digits were made from scanned strokes: the ink's bounding box was scaled (keeping its aspect
ratio) into a 20x20 box, anti-aliased, then placed in a 28x28 frame so that its centre of mass sits at
the centre. The 8x8 digits (UCI optdigits) were 32x32 bitmaps of the digit filling the frame, counted
in 4x4 blocks (17 grey levels). Fashion-MNIST items were trimmed and scaled so the longer side fills 28.
A photo or a drawing on a canvas is none of these: the digit is small, off-centre, dark on light.
"""

from __future__ import annotations

import os

import numpy

from ..data.transforms import centre_by_mass
from .errors import CLIError

# Stroke width over the frame for the 8x8 digits: the best of 0.08-0.24 for the default DigitsCNN on digits typed
# in the Liberation fonts, which the typed-digit test (DejaVu fonts) never sees.
DIGITS_PEN = 0.13
MNIST_PEN = 0.08  # stroke width over the 20-pixel box for MNIST (the best of 0.05-0.16 on rendered fonts)
STEPS = ("light-on-dark or dark-on-light is detected from the border and inverted to light ink on black; "
         "the ink is cropped to its bounding box, padded to a square, its strokes thickened or thinned to the training "
         "pen's and resized as the training images were "
         "made (MNIST: into a 20x20 box in 28x28, centred by mass; 8x8 digits: the digit fills a 32x32 frame, "
         "averaged in 4x4 blocks)")


def read_gray(path: str | os.PathLike) -> numpy.ndarray:
    """An image file as a float array in [0, 1] (H, W), colour converted to grey."""
    try:
        from PIL import Image
    except ImportError:
        raise CLIError("reading images needs Pillow: pip install 'glassnet[images]'") from None
    try:
        img = Image.open(path)
        img.load()
    except (OSError, ValueError) as e:
        raise CLIError(f"cannot read image {path}: {e}") from None
    if img.mode in ("RGBA", "LA") or "transparency" in img.info:
        # A transparent canvas: what is drawn is what is opaque, whatever its colour.
        alpha = numpy.asarray(img.convert("RGBA"), dtype=numpy.float32)[..., 3] / 255.0
        grey = numpy.asarray(img.convert("L"), dtype=numpy.float32) / 255.0
        if alpha.min() < 0.5:
            return alpha * (1.0 - grey) if grey[alpha > 0.5].mean() < 0.5 else alpha * grey
    return numpy.asarray(img.convert("L"), dtype=numpy.float32) / 255.0


def _resize(x: numpy.ndarray, h: int, w: int) -> numpy.ndarray:
    from PIL import Image

    img = Image.fromarray(x.astype(numpy.float32), mode="F")
    # Box filtering averages each output pixel's area when shrinking (no ringing); bilinear when growing.
    shrink = x.shape[0] >= h and x.shape[1] >= w
    out = img.resize((w, h), Image.Resampling.BOX if shrink else Image.Resampling.BILINEAR)
    return numpy.clip(numpy.asarray(out, dtype=numpy.float32), 0.0, 1.0)


def to_light_on_dark(x: numpy.ndarray, invert: bool = True) -> numpy.ndarray:
    """Invert a dark-on-light picture (judged by its border; never if not ``invert``), stretch the ink to [0, 1]."""
    border = numpy.concatenate([x[0], x[-1], x[:, 0], x[:, -1]])
    background = float(numpy.median(border))
    if invert and background > 0.5:
        x, background = 1.0 - x, 1.0 - background
    top = float(x.max())
    if top - background < 0.1:
        hint = "" if invert else "; without inversion the drawing must be lighter than its background"
        raise CLIError(f"the image holds no visible drawing (it is nearly one flat colour{hint})")
    return numpy.clip((x - background) / (top - background), 0.0, 1.0)


def crop_to_ink(x: numpy.ndarray, threshold: float = 0.2) -> numpy.ndarray:
    """The smallest box holding every pixel brighter than ``threshold``, padded with black to a square."""
    rows, cols = numpy.nonzero(x > threshold)
    if len(rows) == 0:
        raise CLIError("the image holds no ink after cropping")
    x = x[rows.min():rows.max() + 1, cols.min():cols.max() + 1]
    h, w = x.shape
    side = max(h, w)
    out = numpy.zeros((side, side), dtype=numpy.float32)
    top, left = (side - h) // 2, (side - w) // 2
    out[top:top + h, left:left + w] = x
    return out


def _shift_max(b: numpy.ndarray, pick: object) -> numpy.ndarray:
    """The 3x3 neighbourhood maximum (dilation) or minimum (erosion) of a 0/1 array, by shifted copies."""
    p = numpy.pad(b, 1)
    h, w = b.shape
    out = b.copy()
    for dy in (0, 1, 2):
        for dx in (0, 1, 2):
            out = pick(out, p[dy:dy + h, dx:dx + w])
    return out


def stroke_width(b: numpy.ndarray) -> float:
    """Mean thickness of binary strokes: twice the ink's area over its outline's length (a band's width)."""
    inner = _shift_max(b, numpy.minimum)
    outline = float((b - inner).sum())
    return 2.0 * float(b.sum()) / outline if outline else 0.0


def normalize_strokes(x: numpy.ndarray, target: float, tolerance: float = 1.2) -> numpy.ndarray:
    """Thicken thin strokes (or thin thick ones) until they are about ``target`` of the picture's side wide.

    Training digits were written with a pen of one thickness; a font's hairline or a fat marker reads
    differently to a model. ``x`` is a square picture of the cropped ink at a resolution where one pixel
    is a small step of thickness; the result is binary ink, cropped again and padded square.
    """
    side = x.shape[0]
    want = target * side
    b = numpy.pad((x > 0.5).astype(numpy.float32), side // 4)
    for _ in range(max(1, side // 8)):
        width = stroke_width(b)
        if width < want / tolerance:
            b = _shift_max(b, numpy.maximum)
        elif width > want * tolerance:
            thinner = _shift_max(b, numpy.minimum)
            if thinner.sum() < 0.5 * b.sum():
                break  # thinning further would break the strokes apart
            b = thinner
        else:
            break
    return crop_to_ink(b, 0.5)


def prepare_drawing(x: numpy.ndarray, size: int, style: str = "mnist", invert: bool = True) -> numpy.ndarray:
    """A grey picture (H, W) in [0, 1] as a (size, size) image made the way the training images were.

    ``style``: 'mnist' (20/28 box centred by mass), 'digits' (8x8 optdigits: fill 32x32, 4x4 blocks,
    17 levels) or 'fashion' (longer side fills the frame). Digits get strokes of the training pen's
    thickness (``normalize_strokes``).
    """
    square = crop_to_ink(to_light_on_dark(x, invert))
    if style == "fashion":
        return _resize(square, size, size)
    if style == "digits":
        # optdigits: 32x32 bitmaps of thick strokes, counted in 4x4 blocks.
        pen = normalize_strokes(_resize(square, 8 * size, 8 * size), DIGITS_PEN)
        big = _resize(pen, 4 * size, 4 * size)
        blocks = big.reshape(size, 4, size, 4).mean(axis=(1, 3))
        return numpy.round(blocks * 16) / 16
    box = max(1, int(round(size * 20 / 28)))
    pen = normalize_strokes(_resize(square, 4 * box, 4 * box), MNIST_PEN)
    frame = numpy.zeros((size, size), dtype=numpy.float32)
    off = (size - box) // 2
    frame[off:off + box, off:off + box] = _resize(pen, box, box)
    return centre_by_mass(frame)


def style_for(dataset: str) -> str:
    """How a dataset's images were made: 'digits', 'fashion' or 'mnist'."""
    return {"digits": "digits", "fashion-mnist": "fashion"}.get(dataset, "mnist")


def load_drawing(path: str | os.PathLike, shape: tuple[int, ...], dataset: str, preprocess: bool = True,
                 invert: bool = True) -> numpy.ndarray:
    """An image file as one model input (C, H, W): prepared like the training data, or just resized."""
    c, h, w = shape
    x = read_gray(path)
    if preprocess and c == 1 and h == w:
        return prepare_drawing(x, h, style_for(dataset), invert)[None]
    x = _resize(x, h, w)  # raw: the array the user made is what the model sees, only resized
    return numpy.repeat(x[None], c, axis=0)
