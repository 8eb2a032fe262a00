"""Turning a ``generator=`` argument into a NumPy generator, the way samplers and splits need it."""

from __future__ import annotations

from typing import Any

import numpy

from .. import backend


def as_generator(generator: Any) -> numpy.random.Generator | None:
    """Accept None, a seed (int), a ``glassnet.Generator`` or a NumPy Generator; return a NumPy Generator or None."""
    if generator is None or isinstance(generator, numpy.random.Generator):
        return generator
    if isinstance(generator, backend.Generator):  # glassnet.Generator: draw from its own stream
        return generator._rng
    if isinstance(generator, (int, numpy.integer)) and not isinstance(generator, bool):
        return numpy.random.default_rng(int(generator))
    raise TypeError(
        "generator must be None, an int seed, a glassnet.Generator or a numpy.random.Generator, got "
        f"{type(generator).__name__}"
    )


def fresh_generator(generator: numpy.random.Generator | None) -> numpy.random.Generator:
    """The generator to draw one epoch from.

    With no generator, seed a new one from glassnet's global generator (as torch's samplers draw a
    seed from the default generator each epoch): ``glassnet.manual_seed`` then fixes every epoch,
    while consecutive epochs still differ.
    """
    if generator is not None:
        return generator
    seed = int(backend.generator().integers(0, 2**63 - 1))
    return numpy.random.default_rng(seed)
