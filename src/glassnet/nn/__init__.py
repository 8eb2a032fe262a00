"""glassnet.nn: modules, layers, losses, initialisation (PyTorch names and semantics).

Each section below is filled by the module family it names; keep imports explicit.
"""

# --- core: Module, containers, linear, activations, dropout, norms, losses ------------------------

# --- convolution and pooling ----------------------------------------------------------------------

# --- sequence models: embeddings, recurrent, attention, transformer -------------------------------
