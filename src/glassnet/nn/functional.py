"""glassnet.nn.functional: the stateless forms of the layers (PyTorch's ``F``)."""

# --- core: linear, activations, dropout, normalisation, losses, padding ----------------------------

# --- convolution, pooling, interpolation, unfold/fold ---------------------------------------------

# --- sequence: embedding, attention ----------------------------------------------------------------
