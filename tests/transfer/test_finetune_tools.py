"""glassnet.transfer: freeze/unfreeze, frozen BatchNorm stays in eval, replace_head, param_groups, report."""

import numpy as np
import pytest

import glassnet as gn
from glassnet import nn
from glassnet.models import LeNet5, resnet8
from glassnet.transfer import (
    freeze,
    is_bn_eval_pinned,
    param_groups,
    replace_head,
    set_bn_eval,
    trainable_report,
    unfreeze,
)


def test_freeze_named_subtree_only():
    m = freeze(LeNet5(), "features")
    assert all(not p.requires_grad for p in m.features.parameters())
    assert all(p.requires_grad for p in m.classifier.parameters())


def test_freeze_whole_model_then_unfreeze_dotted_name():
    m = unfreeze(freeze(LeNet5()), "classifier.5")
    trainable = [n for n, p in m.named_parameters() if p.requires_grad]
    assert trainable == ["classifier.5.weight", "classifier.5.bias"]


def test_unknown_name_lists_children():
    with pytest.raises(KeyError, match=r"no sub-module 'head'.*\['features', 'classifier'\]"):
        freeze(LeNet5(), "head")
    with pytest.raises(KeyError, match=r"'features' \(Sequential\) are \['0', '1', '2', '3', '4', '5'\]"):
        freeze(LeNet5(), "features.9")


def test_frozen_params_get_no_grad_and_do_not_move():
    gn.manual_seed(0)
    m = freeze(LeNet5(), "features")
    before = m.features[0].weight._data.copy()
    opt = gn.optim.SGD([p for p in m.parameters() if p.requires_grad], lr=0.1)
    loss = nn.functional.cross_entropy(m(gn.randn(4, 1, 28, 28)), gn.tensor([0, 1, 2, 3]))
    loss.backward()
    opt.step()
    assert m.features[0].weight.grad is None
    assert m.classifier[5].weight.grad is not None
    np.testing.assert_array_equal(m.features[0].weight._data, before)


def test_frozen_batchnorm_stays_in_eval_and_keeps_running_stats():
    gn.manual_seed(0)
    m = freeze(resnet8(), "conv1", "bn1", "layer1")
    m.train()
    assert m.training and not m.bn1.training and not m.layer1[0].bn2.training
    assert m.layer2[0].bn1.training  # not frozen: follows the model
    assert is_bn_eval_pinned(m.bn1) and not is_bn_eval_pinned(m.layer2[0].bn1)
    mean = m.bn1.running_mean._data.copy()
    count = int(m.bn1.num_batches_tracked._data)
    m(gn.randn(4, 1, 28, 28) * 3 + 1)
    np.testing.assert_array_equal(m.bn1.running_mean._data, mean)
    assert int(m.bn1.num_batches_tracked._data) == count
    assert not np.array_equal(m.layer2[0].bn1.running_mean._data, 0 * m.layer2[0].bn1.running_mean._data)


def test_unfreeze_releases_batchnorm():
    m = freeze(resnet8(), "layer1")
    unfreeze(m, "layer1")
    m.train()
    assert m.layer1[0].bn1.training and not is_bn_eval_pinned(m.layer1[0].bn1)
    assert all(p.requires_grad for p in m.layer1.parameters())


def test_freeze_bn_eval_false_leaves_modes_alone():
    m = freeze(resnet8(), "layer1", bn_eval=False).train()
    assert m.layer1[0].bn1.training


def test_set_bn_eval_alone_keeps_params_trainable():
    m = set_bn_eval(resnet8()).train()
    assert not m.bn1.training and m.bn1.weight.requires_grad
    m.eval().train()
    assert not m.layer3[0].bn2.training


def test_frozen_bn_matches_eval_output():
    gn.manual_seed(1)
    m = resnet8()
    x = gn.randn(3, 1, 28, 28)
    with gn.no_grad():
        m.train()
        m(x)  # move the running statistics away from their initial values
        ref = m.eval()(x)._data
        out = freeze(m).train()(x)._data
    np.testing.assert_allclose(out, ref, rtol=1e-5, atol=1e-6)


def test_deepcopy_keeps_pin():
    import copy

    m = copy.deepcopy(freeze(resnet8(), "bn1")).train()
    assert not m.bn1.training


def test_replace_head_finds_last_linear():
    m = replace_head(freeze(LeNet5()), 3)
    assert isinstance(m.classifier[5], nn.Linear) and m.classifier[5].out_features == 3
    assert m.classifier[5].weight.requires_grad
    assert tuple(m(gn.zeros(2, 1, 28, 28)).shape) == (2, 3)
    r = replace_head(resnet8(), 4)
    assert r.fc.out_features == 4 and r.fc.in_features == 64


def test_replace_head_errors():
    with pytest.raises(ValueError, match="no nn.Linear"):
        replace_head(nn.Sequential(nn.Conv2d(1, 2, 3)), 2)
    with pytest.raises(ValueError, match="positive int"):
        replace_head(LeNet5(), 0)
    with pytest.raises(TypeError, match="not an nn.Linear"):
        replace_head(LeNet5(), 2, name="features.0")


def test_param_groups_per_group_lr_in_optimizer():
    m = LeNet5()
    groups = param_groups(m, {"features": 1e-4, "classifier": 1e-3})
    opt = gn.optim.Adam(groups, lr=0.5)
    assert [g["lr"] for g in opt.param_groups] == [1e-4, 1e-3]
    assert sum(len(g["params"]) for g in groups) == len(list(m.parameters()))


def test_param_groups_longest_prefix_default_and_frozen():
    m = freeze(resnet8(), "conv1", "bn1")
    groups = param_groups(m, {"layer1": 1e-4, "layer1.0.bn1": 1e-2}, default_lr=1e-3)
    names = {g["name"]: g for g in groups}
    assert len(names["layer1.0.bn1"]["params"]) == 2
    assert names["(other)"]["lr"] == 1e-3
    ids = {id(p) for g in groups for p in g["params"]}
    assert id(m.conv1.weight) not in ids  # frozen: left out
    opt = gn.optim.SGD(param_groups(m, {"fc": 1e-2}), lr=1e-3)
    assert [g["lr"] for g in opt.param_groups] == [1e-2, 1e-3]


def test_param_groups_errors():
    with pytest.raises(KeyError, match="children"):
        param_groups(LeNet5(), {"head": 1e-3})
    with pytest.raises(ValueError, match="learning rate"):
        param_groups(LeNet5(), {"features": -1})
    with pytest.raises(ValueError, match="no trainable"):
        param_groups(freeze(LeNet5()), {"features": 1e-3})


def test_trainable_report_table():
    m = freeze(resnet8(), "conv1", "bn1", "layer1")
    unfreeze(m, "layer1.0.conv1")
    rep = trainable_report(m)
    rows = {r["name"]: r for r in rep.rows}
    assert rows["conv1"]["status"] == "frozen" and rows["fc"]["status"] == "trainable"
    assert rows["layer1"]["status"] == "partial" and rows["relu"]["status"] == "-"
    assert rows["bn1"]["bn_eval"] == 1 and rows["layer2"]["bn_eval"] == 0
    assert rep.total == sum(p.numel() for p in m.parameters())
    assert rep.trainable == sum(p.numel() for p in m.parameters() if p.requires_grad)
    text = str(rep)
    assert "Trainable params:" in text and "partial" in text and "layer3" in text
