"""glassnet.utils: PyTorch's torch.utils paths (``glassnet.utils.data``, ``.hooks``) and torchvision-style image grids.

``glassnet.utils.data`` is not a copy: it IS ``glassnet.data`` (and ``glassnet.utils.data.dataloader``
is ``glassnet.data.dataloader``), registered under PyTorch's name, so ``from glassnet.utils.data import
DataLoader`` gives the very class ``glassnet.data.DataLoader`` is, and isinstance checks agree.
"""

from __future__ import annotations

import sys

from .. import data
from . import hooks
from .image import make_grid, save_image


def _alias_data_package() -> None:
    # Every loaded glassnet.data module gets its glassnet.utils.data name too; without this, importing
    # glassnet.utils.data.<sub> would load a second copy of the submodule with classes of its own.
    for name, module in list(sys.modules.items()):
        if name == "glassnet.data" or name.startswith("glassnet.data."):
            sys.modules.setdefault("glassnet.utils.data" + name[len("glassnet.data"):], module)


_alias_data_package()

__all__ = ["data", "hooks", "make_grid", "save_image"]
