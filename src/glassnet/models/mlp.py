"""A multi-layer perceptron: input layer, hidden layers, output layer — the first network a course builds."""

from __future__ import annotations

from collections.abc import Sequence

from .. import nn


class MLP(nn.Module):
    """A multi-layer perceptron: flatten, then Linear -> activation (-> dropout) per hidden layer, then a Linear output.

    ``MLP(64, [128, 64], 10)`` classifies 8x8 digits; ``MLP(784, [256, 128], 10)`` MNIST. In the zoo
    as ``get_model('mlp', in_features=...)``.

    Args:
        in_features (int): the number of input features (after flattening).
        hidden (sequence of int, optional): the widths of the hidden layers. Default: ``(128, 64)``.
        num_classes (int, optional): the number of outputs. Default: ``10``.
        dropout (float, optional): the dropout probability after each hidden activation (0 for
            none). Default: ``0.0``.
        activation (str, optional): ``'relu'``, ``'tanh'``, ``'gelu'`` or ``'sigmoid'``. Default: ``'relu'``.

    Shape:
        - Input: ``(N, *)`` with ``in_features`` elements per sample.
        - Output: ``(N, num_classes)``.

    Example:
        >>> from glassnet.models.mlp import MLP
        >>> model = MLP(64, [32], num_classes=10)
        >>> model(glassnet.randn(5, 1, 8, 8)).shape
        glassnet.Size([5, 10])
    """

    def __init__(self, in_features: int, hidden: Sequence[int] = (128, 64), num_classes: int = 10,
                 dropout: float = 0.0, activation: str = "relu") -> None:
        super().__init__()
        acts = {"relu": nn.ReLU, "tanh": nn.Tanh, "gelu": nn.GELU, "sigmoid": nn.Sigmoid}
        if activation not in acts:
            raise ValueError(f"MLP: unknown activation {activation!r}; choose one of {sorted(acts)}")
        layers: list[nn.Module] = [nn.Flatten()]
        width = in_features
        for h in hidden:
            layers += [nn.Linear(width, h), acts[activation]()]
            if dropout:
                layers.append(nn.Dropout(dropout))
            width = h
        layers.append(nn.Linear(width, num_classes))
        self.layers = nn.Sequential(*layers)

    def forward(self, x):
        """Class scores (logits) for a batch."""
        return self.layers(x)
