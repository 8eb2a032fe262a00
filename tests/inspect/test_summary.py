"""summary(): per-layer rows and totals, counted as torchinfo counts them on the same weights."""

from __future__ import annotations

import numpy as np
import pytest

import glassnet
from glassnet import nn
from glassnet.inspect import summary
from glassnet.models import LeNet5, resnet20, vgg_small


class SeqClassifier(nn.Module):
    """Embedding -> LSTM -> Linear on the last step (token ids in, class scores out)."""

    def __init__(self, vocab: int = 50, emb: int = 16, hidden: int = 24, classes: int = 3) -> None:
        super().__init__()
        self.emb = nn.Embedding(vocab, emb)
        self.lstm = nn.LSTM(emb, hidden, num_layers=2, batch_first=True)
        self.fc = nn.Linear(hidden, classes)

    def forward(self, x):
        out, _ = self.lstm(self.emb(x))
        return self.fc(out[:, -1])


def _encoder(lib):
    layer = lib.nn.TransformerEncoderLayer(d_model=32, nhead=4, dim_feedforward=64, dropout=0.1)
    return lib.nn.TransformerEncoder(layer, num_layers=2, enable_nested_tensor=False)


def _mixed(lib):
    """The awkward cases in one model: a frozen embedding, a bidirectional GRU, a layer never called, a layer
    called twice, a ModuleList never called itself, a transposed convolution."""
    nn_ = lib.nn

    class Mixed(nn_.Module):
        def __init__(self):
            super().__init__()
            self.emb = nn_.Embedding(30, 8)
            self.emb.weight.requires_grad_(False)
            self.gru = nn_.GRU(8, 12, batch_first=True, bidirectional=True)
            self.unused = nn_.Linear(5, 5)
            self.shared = nn_.Linear(24, 24)
            self.bn = nn_.BatchNorm1d(24)
            self.up = nn_.ConvTranspose2d(1, 2, 3, stride=2)
            self.heads = nn_.ModuleList([nn_.Linear(24, 3), nn_.Linear(24, 2)])

        def forward(self, x):
            h = self.bn(self.shared(self.shared(self.gru(self.emb(x))[0][:, -1])))
            img = self.up(h[:, :16].reshape(-1, 1, 4, 4))
            return self.heads[0](h) + img.mean() + self.heads[1](h).sum()

    return Mixed()


def _torch_twin(name: str, torch):
    """The same architecture written in torch (same attribute names, so the same state_dict keys)."""
    tnn = torch.nn
    if name == "lenet5":
        class TLeNet(tnn.Module):
            def __init__(self):
                super().__init__()
                self.features = tnn.Sequential(tnn.Conv2d(1, 6, 5, padding=2), tnn.ReLU(), tnn.MaxPool2d(2),
                                               tnn.Conv2d(6, 16, 5), tnn.ReLU(), tnn.MaxPool2d(2))
                self.classifier = tnn.Sequential(tnn.Flatten(), tnn.Linear(400, 120), tnn.ReLU(), tnn.Linear(120, 84),
                                                 tnn.ReLU(), tnn.Linear(84, 10))

            def forward(self, x):
                return self.classifier(self.features(x))
        return TLeNet()
    if name == "vgg":
        class TVGG(tnn.Module):
            def __init__(self):
                super().__init__()
                layers, c = [], 1
                for v in (32, "M", 64, "M", 128, "M"):
                    if v == "M":
                        layers.append(tnn.MaxPool2d(2))
                    else:
                        layers += [tnn.Conv2d(c, v, 3, padding=1, bias=False), tnn.BatchNorm2d(v), tnn.ReLU()]
                        c = v
                self.features = tnn.Sequential(*layers)
                self.classifier = tnn.Sequential(tnn.Flatten(), tnn.Linear(128 * 9, 256), tnn.ReLU(), tnn.Dropout(0.5),
                                                 tnn.Linear(256, 10))

            def forward(self, x):
                return self.classifier(self.features(x))
        return TVGG()
    if name == "resnet":
        class BasicBlock(tnn.Module):
            def __init__(self, cin, cout, stride):
                super().__init__()
                self.conv1 = tnn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False)
                self.bn1 = tnn.BatchNorm2d(cout)
                self.relu = tnn.ReLU()
                self.conv2 = tnn.Conv2d(cout, cout, 3, padding=1, bias=False)
                self.bn2 = tnn.BatchNorm2d(cout)
                self.downsample = None
                if stride != 1 or cin != cout:
                    self.downsample = tnn.Sequential(tnn.Conv2d(cin, cout, 1, stride=stride, bias=False),
                                                     tnn.BatchNorm2d(cout))

            def forward(self, x):
                out = self.relu(self.bn1(self.conv1(x)))
                out = self.bn2(self.conv2(out))
                return self.relu(out + (x if self.downsample is None else self.downsample(x)))

        class TResNet(tnn.Module):
            def __init__(self):
                super().__init__()
                self.conv1 = tnn.Conv2d(1, 16, 3, padding=1, bias=False)
                self.bn1 = tnn.BatchNorm2d(16)
                self.relu = tnn.ReLU()
                c, stages = 16, []
                for i, w in enumerate((16, 32, 64)):
                    blocks = []
                    for j in range(3):
                        blocks.append(BasicBlock(c, w, 2 if i > 0 and j == 0 else 1))
                        c = w
                    stages.append(tnn.Sequential(*blocks))
                self.layer1, self.layer2, self.layer3 = stages
                self.avgpool = tnn.AdaptiveAvgPool2d(1)
                self.fc = tnn.Linear(64, 10)

            def forward(self, x):
                x = self.relu(self.bn1(self.conv1(x)))
                x = self.layer3(self.layer2(self.layer1(x)))
                return self.fc(self.avgpool(x).flatten(1))
        return TResNet()
    if name == "lstm":
        class TSeq(tnn.Module):
            def __init__(self):
                super().__init__()
                self.emb = tnn.Embedding(50, 16)
                self.lstm = tnn.LSTM(16, 24, num_layers=2, batch_first=True)
                self.fc = tnn.Linear(24, 3)

            def forward(self, x):
                out, _ = self.lstm(self.emb(x))
                return self.fc(out[:, -1])
        return TSeq()
    if name == "transformer":
        return _encoder(torch)
    if name == "mixed":
        return _mixed(torch)
    raise KeyError(name)


CASES = {
    "lenet5": (lambda: LeNet5(), (2, 1, 28, 28), None),
    "vgg": (lambda: vgg_small(), (2, 1, 28, 28), None),
    "resnet": (lambda: resnet20(), (2, 1, 28, 28), None),
    "lstm": (lambda: SeqClassifier(), (4, 7), "long"),
    "transformer": (lambda: _encoder(glassnet), (6, 3, 32), None),
    "mixed": (lambda: _mixed(glassnet), (3, 5), "long"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_counts_equal_torchinfo(name):
    torch = pytest.importorskip("torch")
    torchinfo = pytest.importorskip("torchinfo")
    glassnet.manual_seed(0)
    build, size, dtype = CASES[name]
    model = build()
    twin = _torch_twin(name, torch)
    twin.load_state_dict({k: torch.from_numpy(np.array(v.numpy())) for k, v in model.state_dict().items()})
    if name == "vgg":  # a frozen part shows in both as non-trainable parameters
        model.features[0].weight.requires_grad_(False)
        twin.features[0].weight.requires_grad_(False)
    ours = summary(model, size, dtypes=[getattr(glassnet, dtype)] if dtype else None, verbose=0)
    theirs = torchinfo.summary(twin, size, dtypes=[getattr(torch, dtype)] if dtype else None, verbose=0,
                               device="cpu")
    assert ours.total_params == theirs.total_params
    assert ours.trainable_params == theirs.trainable_params
    assert ours.total_mult_adds == theirs.total_mult_adds
    assert ours.total_param_bytes == theirs.total_param_bytes
    assert ours.total_output_bytes == theirs.total_output_bytes
    # Every row that torchinfo shows, with the same type (the twins' own class names aside), depth, output
    # shape and counts.
    rows = [(x.class_name, x.depth, x.output_size, x.num_params, x.macs, x.is_recursive)
            for x in ours.summary_list[1:]]
    theirs_rows = [(x.class_name, x.depth, x.output_size, x.num_params, x.macs, x.is_recursive)
                   for x in theirs.summary_list[1:]]
    assert rows == theirs_rows


def test_lenet5_table_and_data():
    glassnet.manual_seed(0)
    stats = summary(LeNet5(), (1, 1, 28, 28), verbose=0)
    assert stats.total_params == 61706 and stats.non_trainable_params == 0
    conv = stats.summary_list[2]
    assert (conv.name, conv.class_name, conv.output_size, conv.num_params) == ("features.0", "Conv2d",
                                                                                 [1, 6, 28, 28], 156)
    assert conv.macs == 156 * 28 * 28
    text = str(stats)
    for piece in ("Conv2d (0): 2-1", "[1, 6, 28, 28]", "Total params: 61,706", "Trainable params: 61,706",
                  "Params size (MB): 0.25", "Forward/backward pass size (MB)"):
        assert piece in text, piece
    d = stats.as_dict()
    assert d["total_params"] == 61706 and d["layers"][2]["name"] == "features.0"
    html = stats._repr_html_()
    assert "<table>" in html and "61,706" in html


def test_frozen_layer_shows_in_brackets_and_totals():
    model = LeNet5()
    model.features.requires_grad_(False)
    stats = summary(model, (1, 1, 28, 28), verbose=0, col_names=("num_params", "trainable"))
    assert stats.trainable_params == 61706 - 156 - 2416
    assert "(156)" in str(stats)
    assert stats.summary_list[1].trainable == "False"


def test_depth_limits_rows_but_not_totals():
    stats = summary(resnet20(), (1, 1, 28, 28), depth=1, verbose=0)
    assert all(x.depth <= 1 for x in stats.layers)
    assert stats.total_params == 272186
    assert "BasicBlock" not in str(stats)


def test_without_input_lists_parameters_only():
    stats = summary(LeNet5(), verbose=0)
    assert stats.total_params == 61706
    assert "Output Shape" not in str(stats)


def test_input_data_and_verbose_prints(capsys):
    x = glassnet.randn(3, 1, 28, 28)
    stats = summary(LeNet5(), input_data=x)
    assert stats.summary_list[-1].output_size == [3, 10]
    assert "Total params" in capsys.readouterr().out


def test_wrong_input_size_names_first_layer():
    with pytest.raises(ValueError) as e:
        summary(LeNet5(), (1, 3, 28, 28), verbose=0)
    msg = str(e.value)
    assert "(1, 3, 28, 28)" in msg and "features.0" in msg and "in_channels=1" in msg
    with pytest.raises(ValueError, match="in_features=400"):
        summary(LeNet5(), (1, 1, 20, 20), verbose=0)


def test_bad_arguments():
    with pytest.raises(ValueError, match="unknown column"):
        summary(LeNet5(), (1, 1, 28, 28), col_names=("params",), verbose=0)
    with pytest.raises(ValueError, match="input size"):
        summary(LeNet5(), (1, -1, 28), verbose=0)


def test_every_module_gets_its_own_mode_back():
    model = LeNet5()
    model.train()
    model.classifier.eval()  # e.g. a frozen head kept in eval mode while the rest trains
    summary(model, (1, 1, 28, 28), verbose=0)
    assert model.training and model.features.training and not model.classifier[1].training
