"""glassnet.models: the model zoo, and ``get_model(name, **kw)`` to build one by name.

Entries are "module:attribute" strings so that listing the zoo imports nothing heavy; other
families add theirs with ``register_model``.
"""

from __future__ import annotations

import importlib
from typing import Any

from .digits_cnn import DigitsCNN
from .gan import (
    ConditionalDiscriminator,
    ConditionalGenerator,
    DCGANDiscriminator,
    DCGANGenerator,
    MLPDiscriminator,
    MLPGenerator,
    dcgan_init,
    gan_pair,
)
from .lenet import LeNet5, SmallCNN, cnn_small, lenet5
from .resnet import BasicBlock, ResNet, resnet8, resnet20
from .vgg import VGG, vgg_small
from .weights import list_pretrained, load_pretrained, pretrained_info

_REGISTRY: dict[str, Any] = {
    "lenet5": "glassnet.models.lenet:LeNet5",
    "cnn_small": "glassnet.models.lenet:SmallCNN",
    "digits_cnn": "glassnet.models.digits_cnn:DigitsCNN",
    "vgg_small": "glassnet.models.vgg:vgg_small",
    "resnet8": "glassnet.models.resnet:resnet8",
    "resnet20": "glassnet.models.resnet:resnet20",
    "mlp": "glassnet.models.mlp:MLP",
    "mlp_gan_generator": "glassnet.models.gan:MLPGenerator",
    "mlp_gan_discriminator": "glassnet.models.gan:MLPDiscriminator",
    "dcgan_generator": "glassnet.models.gan:DCGANGenerator",
    "dcgan_discriminator": "glassnet.models.gan:DCGANDiscriminator",
    "cgan_generator": "glassnet.models.gan:ConditionalGenerator",
    "cgan_discriminator": "glassnet.models.gan:ConditionalDiscriminator",
    "infogan_generator": "glassnet.models.gan:InfoGANGenerator",
    "infogan_discriminator": "glassnet.models.gan:InfoGANDiscriminator",
}


def register_model(name: str, builder: Any) -> None:
    """Adds a model to the zoo under ``name`` (case-insensitive), for :func:`get_model`.

    Args:
        name (str): the model's name.
        builder (callable or str): a callable returning a Module (called with ``get_model``'s
            keyword arguments), or a ``'module:attribute'`` string, imported only when the model is built.

    Example:
        >>> glassnet.models.register_model('tiny_mlp', lambda num_classes=10: nn.Sequential(
        ...     nn.Flatten(), nn.Linear(64, num_classes)))
        >>> glassnet.models.get_model('tiny_mlp', num_classes=3)(glassnet.randn(2, 1, 8, 8)).shape
        glassnet.Size([2, 3])
        >>> _ = glassnet.models._REGISTRY.pop('tiny_mlp')  # leave the zoo as it was
    """
    _REGISTRY[name.lower()] = builder


def list_models() -> list[str]:
    """Returns the names :func:`get_model` accepts, sorted.

    Example:
        >>> 'resnet20' in glassnet.models.list_models()
        True
    """
    return sorted(_REGISTRY)


def get_model(name: str, pretrained: bool = False, **kwargs: Any) -> Any:
    """Builds a zoo model by name, e.g. ``get_model('lenet5', num_classes=10)``.

    Args:
        name (str): a name from :func:`list_models` (case-insensitive).
        pretrained (bool, optional): load the weights shipped with glassnet (see :func:`list_pretrained`);
            the model is built with the arguments they were trained with. Default: ``False``.
        **kwargs: the model's arguments.

    Returns:
        Module: the new model.

    Example:
        >>> model = glassnet.models.get_model('lenet5', num_classes=10)
        >>> type(model).__name__, model(glassnet.randn(1, 1, 28, 28)).shape
        ('LeNet5', glassnet.Size([1, 10]))
        >>> glassnet.models.get_model("resnet8", pretrained=True).fc
        Linear(in_features=64, out_features=10, bias=True)
    """
    key = name.lower()
    if key not in _REGISTRY:
        hint = ""
        if key in list_pretrained():  # shipped weights of a model outside the zoo (the char-LSTM)
            hint = f" ({name!r} has shipped weights for {pretrained_info(key).get('class', 'another class')})"
        raise KeyError(f"get_model: unknown model {name!r}; known: {', '.join(list_models())}{hint}")
    if pretrained:
        from .weights import check_pretrained_kwargs

        kwargs = check_pretrained_kwargs(key, kwargs)
    builder = _REGISTRY[key]
    if isinstance(builder, str):
        module, attr = builder.split(":")
        try:
            builder = getattr(importlib.import_module(module), attr)
        except (ImportError, AttributeError) as e:
            raise KeyError(f"get_model: model {name!r} is registered as {builder!r}, which cannot be "
                           f"imported: {e}") from None
    model = builder(**kwargs)
    return load_pretrained(model, key) if pretrained else model


__all__ = ["BasicBlock", "ConditionalDiscriminator", "ConditionalGenerator", "DCGANDiscriminator", "DCGANGenerator",
           "DigitsCNN", "LeNet5", "MLPDiscriminator", "MLPGenerator", "ResNet", "SmallCNN", "VGG", "cnn_small",
           "dcgan_init", "gan_pair", "get_model", "lenet5", "list_models", "list_pretrained", "load_pretrained",
           "pretrained_info", "register_model", "resnet8", "resnet20", "vgg_small"]
