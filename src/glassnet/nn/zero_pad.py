"""ZeroPad3d, the padding class PyTorch has beyond those in ``padding.py``."""

from .padding import _pad_class


class ZeroPad3d(_pad_class("_ZeroPad3dBase", "constant", 3, "")):
    """Pad the last 3 dims with zeros."""

    def extra_repr(self) -> str:
        return f"{self.padding}"  # PyTorch's ZeroPad repr shows no value
