"""The playground's networks, built from glassnet modules: an MLP (dense), a small CNN, and an RNN classifier.

Dense and CNN models are ``nn.Sequential`` with named parts (``fc1``, ``bn1``, ``act1``, ``drop1`` ... ``out``)
so the views can find layer k's weights and activations by name, and so ``print(model)`` reads like the
network the page draws.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from .. import nn
from .data import Dataset2

ACTIVATION_MODULES = {"tanh": nn.Tanh, "relu": nn.ReLU, "sigmoid": nn.Sigmoid, "linear": nn.Identity,
                      "leaky_relu": nn.LeakyReLU, "gelu": nn.GELU}


class SequenceClassifier(nn.Module):
    """A recurrent cell reads the sequence; a Linear layer classifies its last hidden state."""

    def __init__(self, cell: str, input_size: int, hidden_size: int, num_classes: int) -> None:
        super().__init__()
        kind = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}[cell]
        self.cell = kind(input_size, hidden_size, batch_first=True)
        self.head = nn.Linear(hidden_size, num_classes)

    def hidden_states(self, x: Any) -> Any:
        """The hidden state after every step, (N, T, H)."""
        out, _ = self.cell(x)
        return out

    def forward(self, x: Any) -> Any:
        """Logits from the last step's hidden state."""
        return self.head(self.hidden_states(x)[:, -1])


def dense_model(n_inputs: int, hidden: list[int], n_classes: int, activation: str, batch_norm: bool = False,
                dropout: float = 0.0) -> nn.Sequential:
    """Linear -> [BatchNorm1d] -> activation -> [Dropout] per hidden layer, then a Linear to the class logits."""
    parts: list[tuple[str, nn.Module]] = []
    width = n_inputs
    for k, h in enumerate(hidden, start=1):
        parts.append((f"fc{k}", nn.Linear(width, h)))
        if batch_norm:
            parts.append((f"bn{k}", nn.BatchNorm1d(h)))
        parts.append((f"act{k}", ACTIVATION_MODULES[activation]()))
        if dropout > 0:
            parts.append((f"drop{k}", nn.Dropout(dropout)))
        width = h
    parts.append(("out", nn.Linear(width, n_classes)))
    return nn.Sequential(OrderedDict(parts))


def conv_model(in_shape: tuple, channels: list[int], n_classes: int, batch_norm: bool = False,
               dropout: float = 0.0) -> nn.Sequential:
    """3x3 Conv2d (padding 1) -> [BatchNorm2d] -> ReLU -> MaxPool2d(2) per block, then Flatten and a Linear."""
    parts: list[tuple[str, nn.Module]] = []
    c, side = in_shape[0], in_shape[1]
    for k, ch in enumerate(channels, start=1):
        parts.append((f"conv{k}", nn.Conv2d(c, ch, 3, padding=1)))
        if batch_norm:
            parts.append((f"bn{k}", nn.BatchNorm2d(ch)))
        parts += [(f"act{k}", nn.ReLU()), (f"pool{k}", nn.MaxPool2d(2))]
        c, side = ch, side // 2
    parts.append(("flatten", nn.Flatten()))
    if dropout > 0:
        parts.append(("drop", nn.Dropout(dropout)))
    parts.append(("out", nn.Linear(c * side * side, n_classes)))
    return nn.Sequential(OrderedDict(parts))


def build_model(config: dict, dataset: Dataset2) -> nn.Module:
    """The network the (validated) config describes, sized for the dataset's inputs and classes."""
    if config["mode"] == "cnn":
        return conv_model(dataset.input_shape, config["conv"], dataset.num_classes, config["batch_norm"],
                          config["dropout"])
    if config["mode"] == "rnn":
        return SequenceClassifier(config["rnn_cell"], dataset.input_shape[-1], config["rnn_hidden"],
                                  dataset.num_classes)
    return dense_model(dataset.input_shape[0], config["hidden"], dataset.num_classes, config["activation"],
                       config["batch_norm"], config["dropout"])


def dense_linears(model: nn.Module) -> list[nn.Linear]:
    """The dense model's Linear layers in order: fc1 .. fcK, then out (layer k of the page is entry k-1)."""
    return [m for name, m in model.named_children() if isinstance(m, nn.Linear)]
