"""The DP noise drawn ahead in a worker thread is the noise drawn in line; the weights sit out of the plain backward."""

import numpy as np

import glassnet
import glassnet.nn.functional as F
from glassnet import nn, optim
from glassnet.privacy import DPOptimizer, GradSampleModule
from glassnet.privacy.noise import NoiseSource


def _draws(source, plan):
    return [source.draw(n, dt, scale=s) for n, dt, s in plan]


PLAN = [(5, np.float32, 1.0), (5, np.float32, 1.0), (7, np.float64, 2.0), (7, np.float64, 2.0), (5, np.float32, 1.0)]


def test_drawing_ahead_hands_out_the_same_numbers_even_when_the_size_changes():
    inline, ahead = _draws(NoiseSource(3, prefetch=False), PLAN), _draws(NoiseSource(3, prefetch=True), PLAN)
    for a, b in zip(inline, ahead):
        assert a.dtype == b.dtype and np.array_equal(a, b)
    assert np.allclose(np.std(NoiseSource(0, prefetch=True).draw(200_000, np.float32, scale=2.0)), 2.0, rtol=0.01)


def test_state_taken_while_a_draw_is_ahead_resumes_the_sequence():
    src = NoiseSource(11, prefetch=True)
    src.draw(4, np.float32)
    state = src.state()  # a draw for the next step is already under way
    expected = _draws(src, PLAN)
    other = NoiseSource(99, prefetch=True)
    other.draw(4, np.float32)
    other.set_state(state)
    for a, b in zip(expected, _draws(other, PLAN)):
        assert np.array_equal(a, b)


def _run(prefetch, steps=3, state=None):
    glassnet.manual_seed(0)
    net = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 3))
    model = GradSampleModule(net)
    opt = DPOptimizer(optim.SGD(model.parameters(), lr=0.1), model, noise_multiplier=1.3, max_grad_norm=0.5,
                      expected_batch_size=6, sample_rate=0.1, prefetch_noise=prefetch)
    if state is not None:
        net.load_state_dict(state[0])
        opt.load_state_dict(state[1])
    x, y = glassnet.randn(6, 4), glassnet.tensor([0, 1, 2, 0, 1, 2])
    for _ in range(steps):
        opt.zero_grad()
        F.cross_entropy(model(x), y).backward()
        opt.step()
    return net, opt


def test_the_dp_step_is_the_same_with_and_without_the_worker_thread_and_resumes_exactly():
    a, _ = _run(prefetch=False)
    b, _ = _run(prefetch=True)
    for k, v in a.state_dict().items():
        assert np.array_equal(v.numpy(), b.state_dict()[k].numpy())
    half, opt = _run(prefetch=True, steps=1)
    resumed, _ = _run(prefetch=True, steps=2, state=(half.state_dict(), opt.state_dict()))
    for k, v in a.state_dict().items():
        assert np.array_equal(v.numpy(), resumed.state_dict()[k].numpy())


def test_weights_skip_the_plain_backward_and_keep_requires_grad():
    net = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3, bias=False))
    model = GradSampleModule(net)
    F.cross_entropy(model(glassnet.randn(5, 4)), glassnet.tensor([0, 1, 2, 0, 1])).backward()
    assert net[0].weight.grad is None  # rebuilt, clipped, by DPOptimizer: never summed unclipped
    assert net[0].bias.grad is not None and net[2].weight.grad is not None  # no bias to carry its output
    assert all(p.requires_grad for p in net.parameters())
    samples = model.grad_samples()
    assert samples["0.weight"].shape == (5, 8, 4) and samples["2.weight"].shape == (5, 3, 8)
