"""The loss-threshold membership-inference attack: DP-SGD leaves it less to find than plain SGD."""

import numpy as np
import pytest

import glassnet
import glassnet.nn.functional as F
from glassnet import nn, optim
from glassnet.data import DataLoader, TensorDataset
from glassnet.data.datasets.digits import load_digits_arrays
from glassnet.privacy import make_private, membership_inference_advantage


def test_advantage_of_a_perfect_and_a_blind_attacker():
    # a model that is confident exactly on the members gives advantage 1; one that ignores its input, 0
    x = glassnet.eye(4)
    members, non_members = (x[:2], glassnet.tensor([0, 1])), (x[2:], glassnet.tensor([0, 1]))
    memorised = nn.Linear(4, 2, bias=False)
    memorised.weight.data.copy_(glassnet.tensor([[9.0, 0, 0, 0], [0, 9.0, 0, 0]]))
    assert membership_inference_advantage(memorised, members, non_members) == 1.0
    blind = nn.Linear(4, 2, bias=False)
    blind.weight.data.zero_()
    assert membership_inference_advantage(blind, members, non_members) == 0.0
    with pytest.raises(ValueError, match="need examples in both sets"):
        membership_inference_advantage(blind, members, (x[:0], glassnet.tensor([], dtype=glassnet.int64)))


def _mlp():
    return nn.Sequential(nn.Linear(64, 256), nn.ReLU(), nn.Linear(256, 10))


@pytest.mark.slow
def test_dp_model_leaks_less_membership_than_the_plain_one():
    glassnet.manual_seed(0)
    x, y = load_digits_arrays("train")
    # shuffled so that members and non-members come from the same writers (the file is ordered)
    perm = np.random.default_rng(1).permutation(len(x))
    x = x.reshape(len(x), -1)[perm].astype(np.float32)
    x, y = x / x.max(), y[perm]
    members = (glassnet.tensor(x[:300]), glassnet.tensor(y[:300]))
    non_members = (glassnet.tensor(x[300:600]), glassnet.tensor(y[300:600]))
    ds = TensorDataset(*members)

    plain = _mlp()
    opt = optim.Adam(plain.parameters(), lr=3e-3)
    for _ in range(80):
        for xb, yb in DataLoader(ds, batch_size=50, shuffle=True):
            opt.zero_grad()
            F.cross_entropy(plain(xb), yb).backward()
            opt.step()

    glassnet.manual_seed(0)
    net = _mlp()
    model, dp_opt, loader = make_private(net, optim.SGD(net.parameters(), lr=0.5), DataLoader(ds, batch_size=60),
                                         noise_multiplier=4.0, max_grad_norm=1.0, target_delta=1e-3)
    for _ in range(15):
        for xb, yb in loader:
            dp_opt.zero_grad()
            F.cross_entropy(model(xb), yb).backward()
            dp_opt.step()
    assert dp_opt.get_epsilon() < 1.5

    adv_plain = membership_inference_advantage(plain, members, non_members)
    adv_dp = membership_inference_advantage(net, members, non_members)
    assert adv_plain > 0.15, adv_plain  # the plain model memorised its 300 examples
    assert adv_dp < 0.5 * adv_plain, (adv_dp, adv_plain)
