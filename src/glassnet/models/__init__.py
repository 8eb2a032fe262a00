"""glassnet.models: the model zoo, and ``get_model(name, **kw)`` to build one by name.

Entries are "module:attribute" strings so that listing the zoo imports nothing heavy; other
families add theirs with ``register_model``.
"""

from __future__ import annotations

import importlib
from typing import Any

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
from .lenet import LeNet5, SmallCNN
from .resnet import BasicBlock, ResNet, resnet8, resnet20
from .vgg import VGG, vgg_small

_REGISTRY: dict[str, Any] = {
    "lenet5": "glassnet.models.lenet:LeNet5",
    "cnn_small": "glassnet.models.lenet:SmallCNN",
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
}


def register_model(name: str, builder: Any) -> None:
    """Add a model under ``name``: a callable returning a Module, or a "module:attribute" string."""
    _REGISTRY[name.lower()] = builder


def list_models() -> list[str]:
    """Names ``get_model`` accepts."""
    return sorted(_REGISTRY)


def get_model(name: str, **kwargs: Any) -> Any:
    """Build a zoo model by name, e.g. ``get_model('lenet5', num_classes=10)``."""
    key = name.lower()
    if key not in _REGISTRY:
        raise KeyError(f"get_model: unknown model {name!r}; known: {', '.join(list_models())}")
    builder = _REGISTRY[key]
    if isinstance(builder, str):
        module, attr = builder.split(":")
        try:
            builder = getattr(importlib.import_module(module), attr)
        except (ImportError, AttributeError) as e:
            raise KeyError(f"get_model: model {name!r} is registered as {builder!r}, which cannot be "
                           f"imported: {e}") from None
    return builder(**kwargs)


__all__ = ["BasicBlock", "ConditionalDiscriminator", "ConditionalGenerator", "DCGANDiscriminator", "DCGANGenerator",
           "LeNet5", "MLPDiscriminator", "MLPGenerator", "ResNet", "SmallCNN", "VGG", "dcgan_init", "gan_pair",
           "get_model", "list_models", "register_model", "resnet8", "resnet20", "vgg_small"]
