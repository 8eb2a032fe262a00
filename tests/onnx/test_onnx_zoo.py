"""Every zoo model exports to ONNX and runs in onnxruntime with glassnet's outputs, at two batch sizes."""

from __future__ import annotations

import pytest
from onnx_helpers import check_export, randomize_batchnorm

import glassnet
from glassnet.models import get_model, list_models

pytest.importorskip("onnx")
pytest.importorskip("onnxruntime")

# Small inputs keep the suite fast: each model at the smallest size it accepts.
ZOO = {
    "lenet5": ({}, (1, 28, 28)),
    "cnn_small": ({"input_size": 8, "dropout": 0.5}, (1, 8, 8)),
    "digits_cnn": ({}, (1, 8, 8)),
    "vgg_small": ({"input_size": 8}, (1, 8, 8)),
    "resnet8": ({}, (1, 8, 8)),
    "resnet20": ({"in_channels": 3}, (3, 8, 8)),
    "mlp": ({"in_features": 20, "dropout": 0.2}, (20,)),
}


# The GAN pairs (glassnet.models.gan); a conditional net also takes the labels.
GAN_ZOO = {
    "mlp_gan_generator": ({}, [(64,)]),
    "mlp_gan_discriminator": ({}, [(1, 28, 28)]),
    "dcgan_generator": ({"width": 8}, [(100,)]),
    "dcgan_discriminator": ({"width": 8}, [(1, 28, 28)]),
    "cgan_generator": ({"width": 8}, [(100,), "labels"]),
    "cgan_discriminator": ({"width": 8}, [(1, 28, 28), "labels"]),
    "infogan_generator": ({"width": 8}, [(62,), "labels"]),  # the labels stand in for the code
    "infogan_discriminator": ({"width": 8}, [(1, 28, 28)]),
}


def test_every_zoo_model_has_a_case():
    assert sorted({**ZOO, **GAN_ZOO}) == list_models()


@pytest.mark.parametrize("name", sorted(GAN_ZOO))
def test_gan_zoo_model_matches_onnxruntime(name, tmp_path):
    glassnet.manual_seed(0)
    kwargs, shapes = GAN_ZOO[name]
    model = get_model(name, **kwargs)
    randomize_batchnorm(model)

    def make(n):
        xs = tuple(glassnet.randint(0, 10, (n,)) if s == "labels" else glassnet.randn(n, *s) for s in shapes)
        return xs if len(xs) > 1 else xs[0]

    check_export(model, make, tmp_path / f"{name}.onnx")


@pytest.mark.parametrize("name", sorted(ZOO))
def test_zoo_model_matches_onnxruntime(name, tmp_path):
    glassnet.manual_seed(0)
    kwargs, shape = ZOO[name]
    model = get_model(name, **kwargs)
    randomize_batchnorm(model)
    proto = check_export(model, lambda n: glassnet.randn(n, *shape), tmp_path / f"{name}.onnx")
    dim = proto.graph.input[0].type.tensor_type.shape.dim[0]
    assert dim.dim_param == "batch"
    assert proto.graph.output[0].type.tensor_type.shape.dim[0].dim_param == "batch"
    # parameters travel as initializers under their state-dict names
    names = {i.name for i in proto.graph.initializer}
    assert set(dict(model.named_parameters())) <= names


def test_fixed_batch_export_has_fixed_shapes(tmp_path):
    glassnet.manual_seed(0)
    model = get_model("digits_cnn")
    proto = check_export(model, lambda n: glassnet.randn(n, 1, 8, 8), tmp_path / "m.onnx", sizes=(4,),
                         dynamic_batch=False)
    assert [d.dim_value for d in proto.graph.input[0].type.tensor_type.shape.dim] == [4, 1, 8, 8]


def test_export_leaves_training_mode_as_it_was(tmp_path):
    model = get_model("vgg_small", input_size=8)
    model.train()
    model.features.eval()
    glassnet.onnx.export(model, glassnet.randn(2, 1, 8, 8), tmp_path / "m.onnx")
    assert model.training and not model.features.training and model.classifier.training
