"""C.H.O.P. with live numbers: the forward-backward experiment's walk-through, or a tiny network's of our own."""

from __future__ import annotations

import importlib


def walkthrough(seed: int = 0) -> str:
    """The forward-backward experiment's ``chop_walkthrough(seed)`` if installed, else :func:`tiny_walkthrough`."""
    try:
        module = importlib.import_module("glassnet.lab.forward_backward")
    except ImportError:
        module = None
    fn = getattr(module, "chop_walkthrough", None)
    if callable(fn):
        return str(fn(seed))
    return tiny_walkthrough(seed)


def tiny_walkthrough(seed: int = 0) -> str:
    """C.H.O.P. on a 2-2-1 network and one example: every number computed here, the chain rule checked by autograd."""
    import glassnet as gn
    from glassnet import nn

    gn.manual_seed(seed)
    hidden, output = nn.Linear(2, 2), nn.Linear(2, 1)
    x, target = gn.tensor([[1.0, 0.5]]), gn.tensor([[1.0]])

    def forward():
        z = hidden(x)
        h = gn.sigmoid(z)
        y = output(h)
        return h, y, ((y - target) ** 2).mean()

    h, y, loss = forward()
    loss.backward()
    x0, h0, y0, t0 = float(x[0, 0]), float(h[0, 0]), float(y[0, 0]), float(target[0, 0])
    v00 = float(output.weight[0, 0])
    dl_dy = 2 * (y0 - t0)
    by_hand = dl_dy * v00 * h0 * (1 - h0) * x0
    autograd = float(hidden.weight.grad[0, 0])
    lr = 0.5
    with gn.no_grad():
        for p in (*hidden.parameters(), *output.parameters()):
            p -= lr * p.grad
    loss_after = float(forward()[2])
    return "\n".join([
        "A network with 2 inputs, 2 hidden sigmoid neurons and 1 output, on one example (squared error loss):",
        f"  C  Capture the input:     x = [{x0:.2f}, {float(x[0, 1]):.2f}], target t = {t0:.2f}",
        f"  H  Hidden layer:          h = sigmoid(W x + b) = [{h0:.4f}, {float(h[0, 1]):.4f}]",
        f"  O  Output the prediction: y = V h + c = {y0:.4f}; loss = (y - t)^2 = {float(loss):.4f}",
        "  P  Propagate the error back, for the weight w = W[0,0] (input 0 -> hidden neuron 0), by the chain rule:",
        "       dL/dw = dL/dy * dy/dh0 * dh0/dz0 * dz0/dw = 2(y - t) * V[0,0] * h0(1 - h0) * x0",
        f"             = {dl_dy:.4f} * {v00:.4f} * {h0 * (1 - h0):.4f} * {x0:.2f} = {by_hand:.6f}",
        f"       autograd's loss.backward() gives {autograd:.6f}",
        f"     One gradient-descent step (w <- w - {lr} * dL/dw, every weight): loss {float(loss):.4f} -> "
        f"{loss_after:.4f}" + (" (down)" if loss_after < float(loss) else " (not down: try a smaller step)"),
    ])


__all__ = ["tiny_walkthrough", "walkthrough"]
