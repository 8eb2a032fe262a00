"""GAN models in the zoo: shapes, the DCGAN initialisation, the conditional pair, names."""

from __future__ import annotations

import numpy as np
import pytest

import glassnet
from glassnet import nn
from glassnet.models import get_model, list_models
from glassnet.models.gan import DCGANDiscriminator, DCGANGenerator, dcgan_init, gan_pair


@pytest.mark.parametrize("size", [8, 28, 32])
def test_dcgan_shapes(size):
    g, d = DCGANGenerator(16, size, 3, width=8), DCGANDiscriminator(size, 3, width=8)
    images = g(glassnet.randn(4, 16))
    assert images.shape == (4, 3, size, size)
    assert float(images.abs().max()) <= 1.0
    assert d(images).shape == (4, 1)


def test_mlp_pair_is_the_classic_shape():
    g, d = gan_pair("mlp", (1, 28, 28))
    assert [m.weight.shape for m in g.modules() if isinstance(m, nn.Linear)] == [(256, 64), (784, 256)]
    assert [m.weight.shape for m in d.modules() if isinstance(m, nn.Linear)] == [(256, 784), (1, 256)]


def test_dcgan_init_statistics():
    g = DCGANGenerator(100, 28, 1, width=64)
    convs = [m for m in g.modules() if isinstance(m, (nn.ConvTranspose2d, nn.Linear))]
    w = np.concatenate([m.weight._data.ravel() for m in convs])
    assert abs(w.mean()) < 2e-3 and abs(w.std() - 0.02) < 1e-3
    bns = [m for m in g.modules() if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d))]
    bw = np.concatenate([m.weight._data.ravel() for m in bns])
    assert abs(bw.mean() - 1) < 3e-3 and abs(bw.std() - 0.02) < 3e-3
    assert all(not m.bias._data.any() for m in bns + convs if m.bias is not None)


def test_dcgan_init_returns_the_module():
    net = nn.Sequential(nn.Conv2d(1, 2, 3))
    assert dcgan_init(net) is net


def test_conditional_pair_uses_the_label():
    g, d = gan_pair("cgan", (1, 8, 8), num_classes=10, latent_dim=8, width=4)
    g.eval()
    z = glassnet.randn(1, 8).repeat(2, 1)
    a = g(z, glassnet.tensor([1, 2]))
    assert not np.allclose(a._data[0], a._data[1])  # same noise, other class: another image
    assert d(a, glassnet.tensor([1, 2])).shape == (2, 1)


def test_infogan_pair_draws_the_code_and_reads_it_back():
    g, d = gan_pair("infogan", (1, 8, 8), num_classes=4, width=4)
    assert g.latent_dim == 62 and g.num_codes == 4 and d.num_codes == 4
    g.eval()
    z = glassnet.randn(1, 62).repeat(2, 1)
    a = g(z, glassnet.tensor([0, 3]))
    assert not np.allclose(a._data[0], a._data[1])  # same noise, other code: another image
    score, code = d.score_and_code(a)
    assert score.shape == (2, 1) and code.shape == (2, 4)
    assert np.allclose(d(a)._data, score._data)  # D(x) is the score head of the same features


def test_wgan_critic_has_no_batchnorm():
    _, d = gan_pair("wgan-gp", (1, 28, 28))
    assert not any(isinstance(m, nn.BatchNorm2d) for m in d.modules())
    assert any(isinstance(m, nn.LayerNorm) for m in d.modules())


def test_registered_in_the_zoo():
    names = set(list_models())
    assert {"dcgan_generator", "dcgan_discriminator", "cgan_generator", "cgan_discriminator", "mlp_gan_generator",
            "mlp_gan_discriminator", "infogan_generator", "infogan_discriminator"} <= names
    assert get_model("dcgan_generator", latent_dim=10, image_size=8).latent_dim == 10


def test_bad_sizes_are_clear_errors():
    with pytest.raises(ValueError, match="image_size must be a multiple of 4.*30"):
        DCGANGenerator(10, 30)
    with pytest.raises(ValueError, match="needs square images, got 8x12"):
        gan_pair("dcgan", (1, 8, 12))
    with pytest.raises(ValueError, match="unknown GAN 'vae'"):
        gan_pair("vae")
