"""from_torch_state_dict: the same architecture built in torch and in glassnet computes the same outputs.

Nothing is trained: torch's random initial weights are copied over, then both models run the same input
in train mode (dropout 0, so BatchNorm's batch statistics are the only train-mode difference) and in eval
mode (running statistics), and the running statistics the train pass updated must agree too.
"""

import numpy as np
import pytest
from conftest import to_numpy

import glassnet
from glassnet import models, nn
from glassnet.interop import from_torch_state_dict

torch = pytest.importorskip("torch")
tnn = torch.nn


def _flat(out):
    if isinstance(out, (tuple, list)):
        return [y for x in out for y in _flat(x)]
    return [out] if out is not None else []


def assert_same_model(tmodel, gmodel, *arrays, atol=2e-5, rtol=1e-4):
    """Copy tmodel's weights into gmodel, then compare outputs in train and eval mode and the buffers."""
    report = from_torch_state_dict(gmodel, tmodel.state_dict())
    assert report.ok and len(report.matched) == len(tmodel.state_dict())
    for training in (True, False):
        tmodel.train(training)
        gmodel.train(training)
        with torch.no_grad():
            t_out = _flat(tmodel(*[torch.from_numpy(a) for a in arrays]))
        with glassnet.no_grad():
            g_out = _flat(gmodel(*[glassnet.tensor(a) for a in arrays]))
        assert len(g_out) == len(t_out)
        for g, t in zip(g_out, t_out):
            np.testing.assert_allclose(to_numpy(g), to_numpy(t), rtol=rtol, atol=atol,
                                       err_msg=f"training={training}")
    g_state = gmodel.state_dict()
    for key, value in tmodel.state_dict().items():  # running stats and num_batches_tracked moved alike
        np.testing.assert_allclose(to_numpy(g_state[key]), to_numpy(value), rtol=rtol, atol=atol, err_msg=key)


def _x(*shape):
    return np.random.default_rng(0).standard_normal(shape).astype(np.float32)


def test_mlp():
    t = tnn.Sequential(tnn.Linear(6, 8), tnn.ReLU(), tnn.Dropout(0.0), tnn.Linear(8, 3))
    g = nn.Sequential(nn.Linear(6, 8), nn.ReLU(), nn.Dropout(0.0), nn.Linear(8, 3))
    assert_same_model(t, g, _x(5, 6))


def test_cnn_with_batchnorm_buffers():
    def build(m):
        return m.Sequential(m.Conv2d(2, 4, 3, padding=1), m.BatchNorm2d(4), m.ReLU(), m.MaxPool2d(2),
                            m.Flatten(), m.Linear(4 * 3 * 3, 5), m.BatchNorm1d(5))

    t, g = build(tnn), build(nn)
    with torch.no_grad():  # non-trivial running stats, so eval mode differs from train mode
        t[1].running_mean.uniform_(-1, 1)
        t[1].running_var.uniform_(0.5, 2)
        t[1].num_batches_tracked.fill_(7)
    assert_same_model(t, g, _x(4, 2, 6, 6))
    assert int(g[1].num_batches_tracked.item()) == 8


@pytest.mark.parametrize("kind", ["LSTM", "GRU", "RNN"])
@pytest.mark.parametrize("batch_first", [True, False])
def test_recurrent_bidirectional_two_layers(kind, batch_first):
    t = getattr(tnn, kind)(3, 5, num_layers=2, bidirectional=True, batch_first=batch_first)
    g = getattr(nn, kind)(3, 5, num_layers=2, bidirectional=True, batch_first=batch_first)
    assert_same_model(t, g, _x(2, 4, 3))  # output and every final state (h_n, and c_n for the LSTM)


@pytest.mark.filterwarnings("ignore:LSTM with projections")
def test_lstm_with_projection():
    assert_same_model(tnn.LSTM(3, 6, num_layers=2, proj_size=2), nn.LSTM(3, 6, num_layers=2, proj_size=2), _x(4, 2, 3))


def test_recurrent_cells():
    assert_same_model(tnn.LSTMCell(3, 4), nn.LSTMCell(3, 4), _x(2, 3))
    assert_same_model(tnn.GRUCell(3, 4), nn.GRUCell(3, 4), _x(2, 3))


@pytest.mark.parametrize("kv", [None, (5, 7)])
def test_multihead_attention(kv):
    kdim, vdim = kv or (None, None)
    t = tnn.MultiheadAttention(8, 2, kdim=kdim, vdim=vdim, batch_first=True)
    g = nn.MultiheadAttention(8, 2, kdim=kdim, vdim=vdim, batch_first=True)
    q, k, v = _x(2, 4, 8), _x(2, 3, kdim or 8), _x(2, 3, vdim or 8)
    assert_same_model(t, g, q, k, v)  # the attended output and the head-averaged weights


class _TorchTextEncoder(tnn.Module):
    def __init__(self, norm_first):
        super().__init__()
        self.embed = tnn.Embedding(11, 8)
        layer = tnn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, batch_first=True, norm_first=norm_first)
        self.encoder = tnn.TransformerEncoder(layer, 2, norm=tnn.LayerNorm(8), enable_nested_tensor=False)
        self.head = tnn.Linear(8, 3)

    def forward(self, tokens):
        return self.head(self.encoder(self.embed(tokens)))


class _TextEncoder(nn.Module):
    def __init__(self, norm_first):
        super().__init__()
        self.embed = nn.Embedding(11, 8)
        layer = nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, batch_first=True, norm_first=norm_first)
        self.encoder = nn.TransformerEncoder(layer, 2, norm=nn.LayerNorm(8))
        self.head = nn.Linear(8, 3)

    def forward(self, tokens):
        return self.head(self.encoder(self.embed(tokens)))


@pytest.mark.parametrize("norm_first", [False, True])
def test_embedding_and_transformer_encoder(norm_first):
    tokens = np.random.default_rng(1).integers(0, 11, size=(2, 5))
    assert_same_model(_TorchTextEncoder(norm_first), _TextEncoder(norm_first), tokens)


def test_full_transformer():
    kw = dict(d_model=8, nhead=2, num_encoder_layers=1, num_decoder_layers=2, dim_feedforward=16, dropout=0.0,
              batch_first=True)
    assert_same_model(tnn.Transformer(**kw), nn.Transformer(**kw), _x(2, 5, 8), _x(2, 3, 8))


# ---- the zoo, against the same layouts written in torch -------------------------------------------------
def _torch_lenet5(activation="relu", input_size=28):
    act = tnn.ReLU if activation == "relu" else tnn.Tanh
    pool = tnn.MaxPool2d if activation == "relu" else tnn.AvgPool2d
    m = tnn.Module()
    m.features = tnn.Sequential(tnn.Conv2d(1, 6, 5, padding=(32 - input_size) // 2), act(), pool(2),
                                tnn.Conv2d(6, 16, 5), act(), pool(2))
    m.classifier = tnn.Sequential(tnn.Flatten(), tnn.Linear(400, 120), act(), tnn.Linear(120, 84), act(),
                                  tnn.Linear(84, 10))
    return _Chain(m)


class _Chain(tnn.Module):
    """features then classifier, as the glassnet zoo's CNNs run them."""

    def __init__(self, m):
        super().__init__()
        self.features, self.classifier = m.features, m.classifier

    def forward(self, x):
        return self.classifier(self.features(x))


def _torch_small_cnn(width=16, hidden=128):
    m = tnn.Module()
    m.features = tnn.Sequential(tnn.Conv2d(1, width, 3, padding=1), tnn.ReLU(), tnn.MaxPool2d(2),
                                tnn.Conv2d(width, 2 * width, 3, padding=1), tnn.ReLU(), tnn.MaxPool2d(2))
    m.classifier = tnn.Sequential(tnn.Flatten(), tnn.Linear(2 * width * 49, hidden), tnn.ReLU(),
                                  tnn.Linear(hidden, 10))
    return _Chain(m)


def _torch_digits_cnn():
    m = tnn.Module()
    m.features = tnn.Sequential(tnn.Conv2d(1, 16, 3, padding=1), tnn.ReLU(), tnn.Conv2d(16, 32, 3, padding=1),
                                tnn.ReLU(), tnn.MaxPool2d(2))
    m.classifier = tnn.Sequential(tnn.Flatten(), tnn.Linear(32 * 16, 64), tnn.ReLU(), tnn.Dropout(0.0),
                                  tnn.Linear(64, 10))
    return _Chain(m)


def _torch_vgg_small():
    layers, c = [], 1
    for v in (32, "M", 64, "M", 128, "M"):
        if v == "M":
            layers.append(tnn.MaxPool2d(2))
        else:
            layers += [tnn.Conv2d(c, v, 3, padding=1, bias=False), tnn.BatchNorm2d(v), tnn.ReLU()]
            c = v
    m = tnn.Module()
    m.features = tnn.Sequential(*layers)
    m.classifier = tnn.Sequential(tnn.Flatten(), tnn.Linear(128 * 9, 256), tnn.ReLU(), tnn.Dropout(0.0),
                                  tnn.Linear(256, 10))
    return _Chain(m)


class _TorchBasicBlock(tnn.Module):
    def __init__(self, in_planes, planes, stride=1):
        super().__init__()
        self.conv1 = tnn.Conv2d(in_planes, planes, 3, stride=stride, padding=1, bias=False)
        self.bn1 = tnn.BatchNorm2d(planes)
        self.relu = tnn.ReLU()
        self.conv2 = tnn.Conv2d(planes, planes, 3, padding=1, bias=False)
        self.bn2 = tnn.BatchNorm2d(planes)
        self.downsample = None
        if stride != 1 or in_planes != planes:
            self.downsample = tnn.Sequential(tnn.Conv2d(in_planes, planes, 1, stride=stride, bias=False),
                                             tnn.BatchNorm2d(planes))

    def forward(self, x):
        out = self.bn2(self.conv2(self.relu(self.bn1(self.conv1(x)))))
        return self.relu(out + (x if self.downsample is None else self.downsample(x)))


class _TorchResNet(tnn.Module):
    def __init__(self, num_blocks):
        super().__init__()
        self.conv1 = tnn.Conv2d(1, 16, 3, padding=1, bias=False)
        self.bn1 = tnn.BatchNorm2d(16)
        self.relu = tnn.ReLU()
        stages, c = [], 16
        for i, (n, w) in enumerate(zip(num_blocks, (16, 32, 64))):
            blocks = []
            for j in range(n):
                blocks.append(_TorchBasicBlock(c, w, stride=2 if (i > 0 and j == 0) else 1))
                c = w
            stages.append(tnn.Sequential(*blocks))
        self.layer1, self.layer2, self.layer3 = stages
        self.avgpool = tnn.AdaptiveAvgPool2d(1)
        self.fc = tnn.Linear(c, 10)

    def forward(self, x):
        x = self.layer3(self.layer2(self.layer1(self.relu(self.bn1(self.conv1(x))))))
        return self.fc(self.avgpool(x).flatten(1))


def _torch_mlp():
    m = tnn.Module()
    m.layers = tnn.Sequential(tnn.Flatten(), tnn.Linear(64, 32), tnn.ReLU(), tnn.Linear(32, 16), tnn.ReLU(),
                              tnn.Linear(16, 10))
    m.forward = lambda x: m.layers(x)
    return m


ZOO = {
    "lenet5": (lambda: _torch_lenet5(), lambda: models.LeNet5(), (2, 1, 28, 28)),
    "lenet5_tanh_32": (lambda: _torch_lenet5("tanh", 32), lambda: models.LeNet5(activation="tanh", input_size=32),
                       (2, 1, 32, 32)),
    "cnn_small": (_torch_small_cnn, lambda: models.get_model("cnn_small"), (2, 1, 28, 28)),
    "digits_cnn": (_torch_digits_cnn, lambda: models.get_model("digits_cnn", dropout=0.0), (3, 1, 8, 8)),
    "vgg_small": (_torch_vgg_small, lambda: models.get_model("vgg_small", dropout=0.0), (2, 1, 28, 28)),
    "resnet8": (lambda: _TorchResNet((1, 1, 1)), lambda: models.get_model("resnet8"), (2, 1, 16, 16)),
    "resnet20": (lambda: _TorchResNet((3, 3, 3)), lambda: models.get_model("resnet20"), (2, 1, 12, 12)),
    "mlp": (_torch_mlp, lambda: models.get_model("mlp", in_features=64, hidden=[32, 16]), (3, 64)),
}


def test_every_zoo_model_has_a_torch_twin_here():
    # The GAN nets' layers are covered above and their WGAN-GP penalty is compared with torch in tests/gan.
    classifiers = {n for n in models.list_models() if "gan_" not in n}
    assert classifiers <= set(ZOO)


@pytest.mark.parametrize("name", sorted(ZOO))
def test_zoo_model(name):
    build_torch, build_glassnet, shape = ZOO[name]
    torch.manual_seed(0)
    assert_same_model(build_torch(), build_glassnet(), _x(*shape), atol=1e-4)


# ---- sources and errors ---------------------------------------------------------------------------------
def test_safetensors_path_and_torch_module_sources(tmp_path):
    from safetensors.torch import save_file

    t = tnn.Sequential(tnn.Linear(4, 3), tnn.BatchNorm1d(3))
    path = tmp_path / "w.safetensors"
    save_file(t.state_dict(), str(path))
    for source in (path, str(path), t):
        g = nn.Sequential(nn.Linear(4, 3), nn.BatchNorm1d(3))
        assert from_torch_state_dict(g, source).ok
        np.testing.assert_array_equal(to_numpy(g[0].weight), to_numpy(t[0].weight))


def test_numpy_arrays_are_accepted():
    t = tnn.Linear(4, 3)
    g = nn.Linear(4, 3)
    from_torch_state_dict(g, {k: v.numpy() for k, v in t.state_dict().items()})
    np.testing.assert_array_equal(to_numpy(g.bias), t.bias.detach().numpy())


def test_pickle_is_refused_with_the_conversion(tmp_path):
    path = tmp_path / "model.pth"
    torch.save(tnn.Linear(2, 2).state_dict(), path)
    with pytest.raises(glassnet.io.FileFormatError,
                       match=r"(?s)^from_torch_state_dict: .*pickle.*save_file\(model.state_dict\(\)"):
        from_torch_state_dict(nn.Linear(2, 2), path)
    with pytest.raises(FileNotFoundError, match="from_torch_state_dict: no such file"):
        from_torch_state_dict(nn.Linear(2, 2), tmp_path / "absent.safetensors")


def test_strict_shape_mismatch_names_the_first_key_and_both_shapes_and_loads_nothing():
    t = tnn.Sequential(tnn.Linear(4, 8), tnn.ReLU(), tnn.Linear(8, 3))
    g = nn.Sequential(nn.Linear(4, 6), nn.ReLU(), nn.Linear(6, 3))
    before = to_numpy(g[2].bias).copy()
    with pytest.raises(glassnet.interop.StateDictMismatchError,
                       match=r"'0.weight': the checkpoint has \(8, 4\), Sequential has \(6, 4\)"):
        from_torch_state_dict(g, t.state_dict())
    np.testing.assert_array_equal(to_numpy(g[2].bias), before)  # even the matching key was not copied


def test_strict_missing_and_unexpected_keys():
    t = tnn.Sequential(tnn.Linear(4, 3), tnn.BatchNorm1d(3))
    with pytest.raises(glassnet.interop.StateDictMismatchError,
                       match=r"expects '0.bias', which the checkpoint lacks \(6 missing"):
        from_torch_state_dict(nn.Sequential(nn.Linear(4, 3), nn.BatchNorm1d(3)), {"0.weight": t[0].weight})
    with pytest.raises(glassnet.interop.StateDictMismatchError, match=r"has '1.running_mean', which Sequential"):
        from_torch_state_dict(nn.Sequential(nn.Linear(4, 3), nn.LayerNorm(3)), t.state_dict())


def test_dataparallel_prefix_gets_a_hint():
    sd = {"module." + k: v for k, v in tnn.Linear(2, 2).state_dict().items()}
    with pytest.raises(glassnet.interop.StateDictMismatchError, match="starts with 'module.'"):
        from_torch_state_dict(nn.Linear(2, 2), sd)


def test_non_strict_report_loads_what_matches():
    t = tnn.Sequential(tnn.Linear(4, 8), tnn.ReLU(), tnn.Linear(8, 3), tnn.BatchNorm1d(3))
    g = nn.Sequential(nn.Linear(4, 6), nn.ReLU(), nn.Linear(8, 3), nn.Linear(3, 3))
    report = from_torch_state_dict(g, t.state_dict(), strict=False)
    assert not report.ok
    assert report.matched == ["2.weight", "2.bias", "3.bias"]
    assert report.mismatched == [("0.weight", (8, 4), (6, 4)), ("0.bias", (8,), (6,)), ("3.weight", (3,), (3, 3))]
    assert report.missing == []
    assert report.unexpected == ["3.running_mean", "3.running_var", "3.num_batches_tracked"]
    np.testing.assert_array_equal(to_numpy(g[2].weight), t[2].weight.detach().numpy())
    assert "shape mismatch for 0.weight: checkpoint (8, 4), model (6, 4)" in str(report)


def test_model_and_source_swapped_is_a_clear_error():
    with pytest.raises(TypeError, match="torch module"):
        from_torch_state_dict(tnn.Linear(2, 2), nn.Linear(2, 2).state_dict())
