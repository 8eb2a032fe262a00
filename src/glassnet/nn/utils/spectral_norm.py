"""Spectral normalisation (Miyato et al., 2018): a layer's weight divided by its largest singular value.

``spectral_norm(module)`` keeps the learned weight as ``weight_orig`` and, before every forward, sets
``module.weight = weight_orig / sigma``, where sigma is the largest singular value of the weight seen as a
matrix (dim ``dim`` against all the others). sigma comes from power iteration: two vectors ``weight_u`` and
``weight_v`` (buffers, so they are saved and restored) are refined by one step per training forward, which is
enough because the weight changes little between steps. In eval mode the stored vectors are used as they are.

Why a GAN wants it: the discriminator becomes 1-Lipschitz layer by layer, so its judgement cannot change
abruptly between nearby images, and the generator receives gradients that stay informative.

The hook-based API, names, buffers and state_dict keys are PyTorch's ``torch.nn.utils.spectral_norm``:
a PyTorch state_dict of a spectrally normalised layer loads.
"""

from __future__ import annotations

from typing import Any

from ...autograd import no_grad
from ...tensor import Tensor
from ..conv import ConvTranspose2d
from ..conv_nd import ConvTranspose1d, ConvTranspose3d
from ..distance import normalize
from ..parameter import Parameter


class SpectralNorm:
    """The forward pre-hook that recomputes ``module.<name>`` from ``<name>_orig``, ``<name>_u``, ``<name>_v``."""

    def __init__(self, name: str = "weight", n_power_iterations: int = 1, dim: int = 0, eps: float = 1e-12) -> None:
        if n_power_iterations <= 0:
            raise ValueError("spectral_norm: expected n_power_iterations to be positive, but got "
                             f"n_power_iterations={n_power_iterations}")
        self.name, self.dim, self.eps = name, dim, eps
        self.n_power_iterations = n_power_iterations

    def reshape_weight_to_matrix(self, weight: Tensor) -> Tensor:
        """The weight as a (size of ``dim``, everything else) matrix."""
        if self.dim != 0:
            weight = weight.permute(self.dim, *[d for d in range(weight.dim()) if d != self.dim])
        return weight.reshape(weight.shape[0], -1)

    def compute_weight(self, module: Any, do_power_iteration: bool) -> Tensor:
        """weight_orig / sigma; with ``do_power_iteration``, first refine u and v in place."""
        weight = getattr(module, self.name + "_orig")
        u = getattr(module, self.name + "_u")
        v = getattr(module, self.name + "_v")
        weight_mat = self.reshape_weight_to_matrix(weight)
        if do_power_iteration:
            with no_grad():
                for _ in range(self.n_power_iterations):
                    v.copy_(normalize(weight_mat.t().mv(u), dim=0, eps=self.eps))
                    u.copy_(normalize(weight_mat.mv(v), dim=0, eps=self.eps))
                # The buffers are updated in place on the next step; the graph must keep this step's values.
                u, v = u.clone(), v.clone()
        sigma = u.dot(weight_mat.mv(v))
        return weight / sigma

    def remove(self, module: Any) -> None:
        """Put a plain Parameter ``<name>`` back, holding the current normalised weight."""
        with no_grad():
            weight = self.compute_weight(module, do_power_iteration=False)
        delattr(module, self.name)
        delattr(module, self.name + "_u")
        delattr(module, self.name + "_v")
        delattr(module, self.name + "_orig")
        module.register_parameter(self.name, Parameter(weight.detach()))

    def __call__(self, module: Any, inputs: Any) -> None:
        setattr(module, self.name, self.compute_weight(module, do_power_iteration=module.training))

    @staticmethod
    def apply(module: Any, name: str, n_power_iterations: int, dim: int, eps: float) -> SpectralNorm:
        """Install the hook on ``module``: move the weight to ``<name>_orig`` and draw random u and v."""
        for hook in module._forward_pre_hooks.values():
            if isinstance(hook, SpectralNorm) and hook.name == name:
                raise RuntimeError(f"spectral_norm: cannot register two spectral_norm hooks on the same "
                                   f"parameter {name}")
        fn = SpectralNorm(name, n_power_iterations, dim, eps)
        weight = module._parameters.get(name)
        if not isinstance(weight, Parameter):
            raise ValueError(f"spectral_norm: {type(module).__name__} has no parameter {name!r}")
        with no_grad():
            weight_mat = fn.reshape_weight_to_matrix(weight)
            h, w = weight_mat.shape
            u = normalize(weight.new_empty(h).normal_(0, 1), dim=0, eps=eps)
            v = normalize(weight.new_empty(w).normal_(0, 1), dim=0, eps=eps)
        delattr(module, name)
        module.register_parameter(name + "_orig", weight)
        # Code that reads module.weight before the first forward (initialisers, printing) still finds it;
        # a plain attribute, not a Parameter, so the optimizer sees only weight_orig.
        object.__setattr__(module, name, weight.detach())
        module.register_buffer(name + "_u", u)
        module.register_buffer(name + "_v", v)
        module.register_forward_pre_hook(fn)
        return fn


def spectral_norm(module: Any, name: str = "weight", n_power_iterations: int = 1, eps: float = 1e-12,
                  dim: int | None = None) -> Any:
    """Apply spectral normalisation to ``module.<name>``; return the module.

    Args:
        module: the layer (Linear, Conv, ConvTranspose ...).
        name: the weight parameter's name.
        n_power_iterations: power-iteration steps per training forward.
        eps: added to norms so that nothing is divided by zero.
        dim: the output dimension; default 0, and 1 for transposed convolutions (their weight is (in, out, ...)).

    Example:
        >>> m = nn.utils.spectral_norm(nn.Linear(20, 40))
        >>> sorted(name for name, _ in m.named_parameters())
        ['bias', 'weight_orig']
        >>> m.weight_u.shape
        glassnet.Size([40])
    """
    if dim is None:
        dim = 1 if isinstance(module, (ConvTranspose1d, ConvTranspose2d, ConvTranspose3d)) else 0
    SpectralNorm.apply(module, name, n_power_iterations, dim, eps)
    return module


def remove_spectral_norm(module: Any, name: str = "weight") -> Any:
    """Remove spectral normalisation from ``module.<name>``, keeping the normalised weight; return the module.

    Args:
        module: a module that ``spectral_norm`` was applied to.
        name: the weight parameter's name.

    Example:
        >>> m = nn.utils.remove_spectral_norm(nn.utils.spectral_norm(nn.Linear(4, 3)))
        >>> sorted(name for name, _ in m.named_parameters())
        ['bias', 'weight']
    """
    for key, hook in list(module._forward_pre_hooks.items()):
        if isinstance(hook, SpectralNorm) and hook.name == name:
            hook.remove(module)
            del module._forward_pre_hooks[key]
            return module
    raise ValueError(f"remove_spectral_norm: spectral_norm of '{name}' not found in {type(module).__name__}")
