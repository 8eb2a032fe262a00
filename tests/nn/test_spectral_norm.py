"""nn.utils.spectral_norm / remove_spectral_norm: PyTorch's hook-based spectral normalisation."""

import numpy as np
import pytest

import glassnet
from glassnet import nn


def _copy_from_torch(g_mod, t_mod):
    g_mod.load_state_dict({k: glassnet.tensor(v.detach().numpy()) for k, v in t_mod.state_dict().items()})


def test_state_and_parameters_follow_pytorch_names():
    m = nn.utils.spectral_norm(nn.Linear(5, 3))
    assert sorted(n for n, _ in m.named_parameters()) == ["bias", "weight_orig"]
    assert sorted(m.state_dict()) == ["bias", "weight_orig", "weight_u", "weight_v"]
    assert m.weight_u.shape == (3,) and m.weight_v.shape == (5,)
    np.testing.assert_allclose(np.linalg.norm(m.weight_u.detach().numpy()), 1.0, rtol=1e-5)


def test_training_forwards_converge_to_the_largest_singular_value():
    glassnet.manual_seed(0)
    m = nn.utils.spectral_norm(nn.Linear(6, 4)).double()
    x = glassnet.randn(2, 6, dtype=glassnet.float64)
    for _ in range(50):
        m(x)
    sigma = np.linalg.svd(m.weight_orig.detach().numpy(), compute_uv=False)[0]
    np.testing.assert_allclose(m.weight.detach().numpy(), m.weight_orig.detach().numpy() / sigma, rtol=1e-6)
    assert np.linalg.svd(m.weight.detach().numpy(), compute_uv=False)[0] == pytest.approx(1.0, rel=1e-6)


def test_eval_mode_does_not_move_u_and_v():
    m = nn.utils.spectral_norm(nn.Conv2d(2, 3, 3))
    m.eval()
    u = m.weight_u.detach().numpy().copy()
    m(glassnet.randn(1, 2, 5, 5))
    np.testing.assert_array_equal(m.weight_u.detach().numpy(), u)
    m.train()
    m(glassnet.randn(1, 2, 5, 5))
    assert not np.array_equal(m.weight_u.detach().numpy(), u)


def test_errors_name_the_problem():
    m = nn.utils.spectral_norm(nn.Linear(2, 2))
    with pytest.raises(RuntimeError, match="two spectral_norm hooks"):
        nn.utils.spectral_norm(m)
    with pytest.raises(ValueError, match="n_power_iterations"):
        nn.utils.spectral_norm(nn.Linear(2, 2), n_power_iterations=0)
    with pytest.raises(ValueError, match="no parameter 'kernel'"):
        nn.utils.spectral_norm(nn.Linear(2, 2), name="kernel")
    with pytest.raises(ValueError, match="not found"):
        nn.utils.remove_spectral_norm(nn.Linear(2, 2))


def test_remove_keeps_the_normalised_weight():
    m = nn.utils.spectral_norm(nn.Linear(4, 3))
    m(glassnet.randn(2, 4))
    m.eval()
    expected = m(glassnet.ones(1, 4)).detach().numpy()
    nn.utils.remove_spectral_norm(m)
    assert sorted(n for n, _ in m.named_parameters()) == ["bias", "weight"]
    assert not m._forward_pre_hooks
    np.testing.assert_allclose(m(glassnet.ones(1, 4)).detach().numpy(), expected, rtol=1e-6)


def test_gradcheck_through_sigma():
    glassnet.manual_seed(1)
    m = nn.utils.spectral_norm(nn.Linear(3, 4)).double()
    m(glassnet.randn(2, 3, dtype=glassnet.float64))
    m.eval()  # fixed u and v: the weight is a function of weight_orig alone
    sn = next(iter(m._forward_pre_hooks.values()))

    def normalised(w):
        m._parameters["weight_orig"] = w
        return sn.compute_weight(m, do_power_iteration=False)

    w = m.weight_orig.detach().clone().requires_grad_(True)
    assert glassnet.autograd.gradcheck(normalised, (w,))


class TestTorchParity:
    torch = pytest.importorskip("torch")

    @pytest.mark.parametrize("make", [
        lambda lib: lib.nn.Linear(7, 5),
        lambda lib: lib.nn.Conv2d(3, 4, 3, padding=1),
        lambda lib: lib.nn.ConvTranspose2d(4, 2, 4, stride=2, padding=1),
    ], ids=["linear", "conv2d", "conv_transpose2d"])
    def test_forward_backward_and_buffers_match(self, make):
        torch = self.torch
        torch.manual_seed(0)
        t_mod = torch.nn.utils.spectral_norm(make(torch)).double()
        g_mod = nn.utils.spectral_norm(make(glassnet)).double()
        _copy_from_torch(g_mod, t_mod)
        shape = (2, 7) if isinstance(t_mod, torch.nn.Linear) else (2, t_mod.in_channels, 6, 6)
        x = np.random.default_rng(0).standard_normal(shape)
        for _ in range(3):  # three power-iteration steps, then a backward through sigma
            t_out = t_mod(torch.tensor(x))
            g_out = g_mod(glassnet.tensor(x))
            np.testing.assert_allclose(g_out.detach().numpy(), t_out.detach().numpy(), rtol=1e-10, atol=1e-12)
        (t_out ** 2).sum().backward()
        (g_out ** 2).sum().backward()
        np.testing.assert_allclose(g_mod.weight_orig.grad.detach().numpy(), t_mod.weight_orig.grad.detach().numpy(),
                                   rtol=1e-9, atol=1e-12)
        for key in ("weight_u", "weight_v"):
            np.testing.assert_allclose(getattr(g_mod, key).detach().numpy(), getattr(t_mod, key).detach().numpy(),
                                       rtol=1e-10)
        t_mod.eval()
        g_mod.eval()
        np.testing.assert_allclose(g_mod(glassnet.tensor(x)).detach().numpy(), t_mod(torch.tensor(x)).detach().numpy(),
                                   rtol=1e-10, atol=1e-12)

    def test_a_pytorch_state_dict_loads_and_keys_match(self):
        torch = self.torch
        t_mod = torch.nn.utils.spectral_norm(torch.nn.Linear(4, 3))
        g_mod = nn.utils.spectral_norm(nn.Linear(4, 3))
        assert sorted(t_mod.state_dict()) == sorted(g_mod.state_dict())
        g_mod.load_state_dict(t_mod.state_dict())
        t_mod.eval()
        g_mod.eval()
        x = np.ones((1, 4), dtype=np.float32)
        np.testing.assert_allclose(g_mod(glassnet.tensor(x)).detach().numpy(), t_mod(torch.tensor(x)).detach().numpy(),
                                   rtol=1e-5)
