"""The FLOP tally that matmul, linear and convolution ops add to while a counter is active.

Off by default: ``ACTIVE`` is empty and each op pays one truthiness test. ``glassnet.energy``'s
``FlopCounterMode`` (and every ``fit``) pushes a counter here for the duration of a block.
Counts follow PyTorch's ``torch.utils.flop_counter``: a multiply-add is 2 FLOPs, bias additions,
activations and optimizer updates are not counted (the products dominate).
"""

from __future__ import annotations

ACTIVE: list = []  # counters with .add(phase, flops)


def add(phase: str, flops: int) -> None:
    """Add ``flops`` to every active counter under ``phase`` ('forward' or 'backward')."""
    for counter in ACTIVE:
        counter.add(phase, int(flops))


def matmul_flops(a_shape: tuple, b_shape: tuple) -> int:
    """2 * m * k * n per product of torch.matmul's broadcasting rules (1-D operands count as one row/column)."""
    a = (1,) + tuple(a_shape) if len(a_shape) == 1 else tuple(a_shape)
    b = tuple(b_shape) + (1,) if len(b_shape) == 1 else tuple(b_shape)
    m, k, n = a[-2], a[-1], b[-1]
    batch = 1
    la, lb = a[:-2], b[:-2]
    for i in range(max(len(la), len(lb))):
        da = la[len(la) - 1 - i] if i < len(la) else 1
        db = lb[len(lb) - 1 - i] if i < len(lb) else 1
        batch *= max(da, db)
    return 2 * batch * m * k * n


def conv_flops(x_shape: tuple, w_shape: tuple, out_shape: tuple) -> int:
    """2 * N * (output positions) * C_out * (C_in / groups) * kernel size: one product of a convolution."""
    positions = 1
    for d in out_shape[2:]:
        positions *= d
    per_output = 1
    for d in w_shape[1:]:  # (C_in/groups, k1, k2, ...)
        per_output *= d
    return 2 * out_shape[0] * positions * w_shape[0] * per_output


def recurrent_flops(rows: int, input_size: int, state_size: int, gates: int, hidden: int, proj: int = 0) -> int:
    """One direction of one recurrent layer over ``rows`` (time steps x batch) rows: each row's gate product
    [x_t; h_{t-1}] (input_size + state_size) -> gates * hidden, plus the LSTM's projection hidden -> proj."""
    return 2 * rows * (input_size + state_size) * gates * hidden + 2 * rows * hidden * proj
