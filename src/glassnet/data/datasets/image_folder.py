"""ImageFolder: images sorted into one sub-folder per class (root/cat/x.png, root/dog/y.jpg), via Pillow.

Pillow is an optional extra: ``pip install 'glassnet[images]'``. Like torchvision, each image is
opened as RGB and handed to ``transform`` as a PIL image; with no transform it is converted by
``ToTensor`` into a float32 C x H x W Tensor in [0, 1].
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..dataset import Dataset

IMG_EXTENSIONS = (".jpg", ".jpeg", ".png", ".ppm", ".bmp", ".pgm", ".tif", ".tiff", ".webp")


def _pil_image() -> Any:
    try:
        from PIL import Image
    except ImportError:
        raise ImportError("ImageFolder needs Pillow to read images: pip install 'glassnet[images]'") from None
    return Image


def pil_loader(path: str) -> Any:
    """Opens an image file as an RGB PIL image (the default loader of :class:`ImageFolder`).

    Args:
        path (str): the image file.

    Returns:
        PIL.Image.Image: the image, in RGB mode.

    Example:
        >>> import os, tempfile
        >>> from PIL import Image
        >>> from glassnet.data.datasets.image_folder import pil_loader
        >>> path = os.path.join(tempfile.mkdtemp(), 'grey.png')
        >>> Image.new('L', (4, 3)).save(path)
        >>> pil_loader(path).mode, pil_loader(path).size
        ('RGB', (4, 3))
    """
    image_mod = _pil_image()
    with open(path, "rb") as fh:
        img = image_mod.open(fh)
        return img.convert("RGB")


class ImageFolder(Dataset):
    """A generic data loader where the images are arranged in one folder per class: ``root/<class>/<image>``.

    ``ds[i] == (image, class_index)``; the classes are the sorted sub-folder names (``classes``,
    ``class_to_idx``) and ``samples`` lists ``(path, class_index)``. As in torchvision, each image is
    opened as an RGB PIL image and handed to ``transform``; with no transform it becomes a float32
    ``(C, H, W)`` tensor in ``[0, 1]``. Reading images needs Pillow (``pip install 'glassnet[images]'``).

    Args:
        root (str or os.PathLike): the root folder.
        transform (callable, optional): applied to each PIL image. Default: ``None``.
        target_transform (callable, optional): applied to each class index. Default: ``None``.
        loader (callable, optional): loads an image given its path. Default: ``None`` (Pillow, RGB).
        extensions (tuple of str, optional): the file extensions that count as images.
            Default: the common image extensions (``.jpg``, ``.png``, ...).

    Example:
        >>> import os, tempfile
        >>> from PIL import Image
        >>> root = tempfile.mkdtemp()
        >>> for cls in ['cat', 'dog']:
        ...     os.mkdir(os.path.join(root, cls))
        ...     Image.new('RGB', (4, 3)).save(os.path.join(root, cls, '0.png'))
        >>> ds = glassnet.data.ImageFolder(root)
        >>> ds.classes, len(ds), ds[1][0].shape, ds[1][1]
        (['cat', 'dog'], 2, glassnet.Size([3, 3, 4]), 1)
    """

    def __init__(self, root: str | os.PathLike, transform: Callable | None = None,
                 target_transform: Callable | None = None, loader: Callable | None = None,
                 extensions: tuple[str, ...] = IMG_EXTENSIONS) -> None:
        self.root = Path(os.path.expanduser(str(root)))
        if loader is None:
            _pil_image()  # fail now, with the install hint, rather than at the first sample
            loader = pil_loader
        if not self.root.is_dir():
            raise FileNotFoundError(f"ImageFolder: root folder {self.root} does not exist")
        self.classes = sorted(d.name for d in self.root.iterdir() if d.is_dir())
        if not self.classes:
            raise FileNotFoundError(
                f"ImageFolder: no class sub-folders in {self.root} (expected root/<class>/<image>)")
        self.class_to_idx = {c: i for i, c in enumerate(self.classes)}
        exts = tuple(e.lower() for e in extensions)
        self.samples: list[tuple[str, int]] = []
        for c in self.classes:
            for dirpath, _, files in sorted(os.walk(self.root / c, followlinks=True)):
                for f in sorted(files):
                    if f.lower().endswith(exts):
                        self.samples.append((os.path.join(dirpath, f), self.class_to_idx[c]))
        if not self.samples:
            raise FileNotFoundError(f"ImageFolder: found no files with extensions {exts} under {self.root}")
        self.imgs = self.samples
        self.targets = [t for _, t in self.samples]
        self.loader, self.transform, self.target_transform = loader, transform, target_transform

    def __len__(self) -> int:
        return len(self.samples)

    def __getitem__(self, index: int) -> tuple:
        path, target = self.samples[index]
        img = self.loader(path)
        if self.transform is not None:
            img = self.transform(img)
        else:
            from ..transforms import ToTensor

            img = ToTensor()(img)
        if self.target_transform is not None:
            target = self.target_transform(target)
        return img, target
