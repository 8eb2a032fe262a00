"""Shared test fixtures: the shared data folder, seeding, and glassnet-vs-torch comparison.

Test modules import the helpers with ``from conftest import check_parity`` (pytest puts this
folder on sys.path because tests/ has no __init__.py).
"""

from __future__ import annotations

import os
import sys
import zlib
from pathlib import Path

# One BLAS/OpenMP thread per process, set before NumPy and torch load their thread pools: pytest-xdist runs one
# worker per core, and the CLI, app and example tests start further Python processes, which inherit these
# variables (threadpoolctl below only reaches this process). A user's own setting is kept.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

import glassnet  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[1]
# CodeCarbon (in the test extra) costs seconds to start in every process that trains; fit's energy figures come
# from glassnet's own estimate in the tests, and tests/energy/test_codecarbon_path.py turns CodeCarbon back on.
os.environ.setdefault("GLASSNET_CODECARBON", "0")


@pytest.fixture
def shared_data() -> Path:
    """The project's real data sets (``../shared/data`` next to the repo, or $GLASSNET_SHARED_DATA); skip if absent."""
    # A git worktree lives elsewhere than the main checkout, so it can point at the shared folder explicitly.
    path = Path(os.environ.get("GLASSNET_SHARED_DATA") or REPO_ROOT / ".." / "shared" / "data").resolve()
    if not path.is_dir():
        pytest.skip(f"shared data folder {path} is absent")
    return path


@pytest.fixture(scope="session", autouse=True)
def _one_blas_thread():
    """Tests train tiny models: two BLAS threads fighting over 32x128 products on a 2-core machine are
    many times slower than one, so the whole suite runs with one (benchmarks use the user's threads)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # threadpoolctl comes with scikit-learn in the test extra; without it, run as is
        yield
        return
    with threadpool_limits(limits=1, user_api="blas"):
        yield


@pytest.hookimpl(optionalhook=True)  # an xdist hook: without the plugin it is never called
def pytest_xdist_auto_num_workers(config):
    """`-n auto` (addopts) means one worker per core for the suite or a folder, but none for a run that names
    test files: starting workers (each imports torch) costs a developer's quick run more than it saves."""
    if config.args and all(a.split("::")[0].endswith(".py") for a in config.args):
        return 0
    return None  # xdist's own count: the cores


def pytest_collection_modifyitems(config, items):
    """Files that hold a slow test run first. Under pytest-xdist (--dist loadfile) the minute-long files then
    start at once and the many short ones fill in beside them, instead of one long file running alone on one
    core at the end. The sort is stable, so tests keep their order inside a file and files their order."""
    slow_files = {item.path for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.path not in slow_files)


@pytest.fixture(autouse=True)
def _seed():
    """Every test starts from the same random state."""
    glassnet.manual_seed(0)
    np.random.seed(0)
    yield


def to_numpy(x) -> np.ndarray:
    """A glassnet or torch tensor (or anything array-like) as a NumPy array."""
    if isinstance(x, glassnet.Tensor):
        return np.asarray(x._data)
    if type(x).__module__.startswith("torch"):
        return x.detach().cpu().numpy()
    return np.asarray(x)


def assert_close(actual, expected, rtol: float | None = None, atol: float | None = None,
                 check_dtype: bool = True) -> None:
    """Assert a glassnet tensor matches a torch tensor (or array) in shape, dtype and values."""
    a, e = to_numpy(actual), to_numpy(expected)
    assert a.shape == e.shape, f"shape {a.shape} != expected {e.shape}"
    if check_dtype:
        assert a.dtype == e.dtype, f"dtype {a.dtype} != expected {e.dtype}"
    if rtol is None:
        rtol = 1e-4 if a.dtype == np.float32 or e.dtype == np.float32 else 1e-7
    if atol is None:
        atol = 1e-5 if a.dtype == np.float32 or e.dtype == np.float32 else 1e-9
    np.testing.assert_allclose(a, e, rtol=rtol, atol=atol, equal_nan=True)


def rand_array(shape, kind: str = "real", dtype=np.float32) -> np.ndarray:
    """Random test data: ``real`` (normal), ``pos`` (in [0.5, 2]), ``away0`` (|x| in [0.2, 2])."""
    rng = np.random.default_rng(zlib.crc32(repr((tuple(shape), kind)).encode()))
    if kind == "pos":
        a = rng.uniform(0.5, 2.0, shape)
    elif kind == "away0":
        a = rng.uniform(0.2, 2.0, shape) * rng.choice([-1.0, 1.0], shape)
    else:
        a = rng.standard_normal(shape)
    return np.asarray(a, dtype=dtype)


def check_parity(gn_fn, torch_fn, arrays, grad: bool = True, rtol=None, atol=None) -> None:
    """Run gn_fn and torch_fn on the same inputs; compare outputs and (if grad) input gradients."""
    torch = pytest.importorskip("torch")
    needs = [grad and np.asarray(a).dtype.kind == "f" for a in arrays]
    g_in = [glassnet.tensor(a, requires_grad=n) for a, n in zip(arrays, needs)]
    t_in = [torch.tensor(np.asarray(a), requires_grad=n) for a, n in zip(arrays, needs)]
    g_out, t_out = gn_fn(*g_in), torch_fn(*t_in)
    if not isinstance(t_out, (tuple, list)):
        g_out, t_out = (g_out,), (t_out,)
    assert len(g_out) == len(t_out)
    for g, t in zip(g_out, t_out):
        assert_close(g, t, rtol=rtol, atol=atol)
    diff = [(g, t) for g, t in zip(g_out, t_out) if t.requires_grad]
    if not diff:
        return
    g_loss, t_loss = 0, 0
    rng = np.random.default_rng(1)
    for g, t in diff:
        assert g.requires_grad, "glassnet output lost requires_grad"
        go = rng.standard_normal(tuple(t.shape)).astype(to_numpy(t).dtype)
        g_loss = g_loss + (g * glassnet.tensor(go)).sum()
        t_loss = t_loss + (t * torch.tensor(go)).sum()
    t_loss.backward()
    g_loss.backward()
    for i, (g, t) in enumerate(zip(g_in, t_in)):
        if not needs[i]:
            continue
        if t.grad is None:
            assert g.grad is None or not np.any(g.grad._data), f"input {i}: torch has no grad"
            continue
        assert g.grad is not None, f"input {i}: glassnet computed no gradient"
        assert_close(g.grad, t.grad, rtol=rtol, atol=atol)


def check_gradcheck(gn_fn, arrays) -> None:
    """float64 finite-difference check of gn_fn's gradients with respect to its float inputs."""
    inputs = [
        glassnet.tensor(np.asarray(a, dtype=np.float64), requires_grad=True)
        if np.asarray(a).dtype.kind == "f" else glassnet.tensor(a)
        for a in arrays
    ]
    assert glassnet.autograd.gradcheck(gn_fn, inputs)


# The differential fuzzer's totals (tests/fuzz): cases compared, documented differences met. Under pytest-xdist the
# fuzz tests run in worker processes, so each worker sends its counts to the controller, which prints the sum.
_FUZZ_CASES = 0
_FUZZ_DOCUMENTED: dict[tuple[str, str, str], int] = {}


def _add_fuzz_counts(cases: int, documented) -> None:
    global _FUZZ_CASES
    _FUZZ_CASES += cases
    for (op, aspect, tags), n in documented:
        _FUZZ_DOCUMENTED[op, aspect, tags] = _FUZZ_DOCUMENTED.get((op, aspect, tags), 0) + n


def pytest_sessionfinish(session, exitstatus):
    _collect_fuzz_counts(session)
    _require_e2e(session, exitstatus)


def _collect_fuzz_counts(session) -> None:
    fuzz = sys.modules.get("test_differential")
    if fuzz is None or not fuzz.STATS["cases"]:
        return
    documented = [[list(key), n] for key, n in fuzz.DOCUMENTED.items()]  # lists and ints cross execnet
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # an xdist worker
        workeroutput["fuzz"] = [fuzz.STATS["cases"], documented]
    else:
        _add_fuzz_counts(fuzz.STATS["cases"], documented)


@pytest.hookimpl(optionalhook=True)  # an xdist hook: without the plugin it is never called
def pytest_testnodedown(node, error):
    cases, documented = getattr(node, "workeroutput", {}).get("fuzz", (0, []))
    _add_fuzz_counts(cases, documented)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not _FUZZ_CASES:
        return
    terminalreporter.write_line(f"differential fuzzer: {_FUZZ_CASES} cases compared with torch; "
                                f"{sum(_FUZZ_DOCUMENTED.values())} documented differences met")
    for (op, aspect, tags), n in sorted(_FUZZ_DOCUMENTED.items()):
        terminalreporter.write_line(f"  {op}: {aspect} when {tags or '-'}: {n}")


_TEST_DEVICE = os.environ.get("GLASSNET_TEST_DEVICE")  # run tests/ops on another device: 'checked' (CPU) or 'cuda'


@pytest.fixture(autouse=True)
def _ops_on_test_device(request, monkeypatch):
    """Under GLASSNET_TEST_DEVICE, every test of tests/ops makes its tensors on that device (the default device),
    and ``.numpy()`` copies back to the host so the value comparisons run unchanged."""
    if not _TEST_DEVICE or Path(str(request.node.fspath)).parent.name != "ops":
        yield
        return
    if request.node.get_closest_marker("cpu_only"):
        pytest.skip(f"a CPU-only behaviour; GLASSNET_TEST_DEVICE={_TEST_DEVICE}")
    import contextlib

    from glassnet import checked_backend  # importing it registers the 'checked' device

    glassnet.set_default_device(_TEST_DEVICE)
    real = glassnet.Tensor.numpy
    monkeypatch.setattr(glassnet.Tensor, "numpy", lambda self, *a, **k: real(self.cpu(), *a, **k))
    recording = checked_backend.record() if _TEST_DEVICE == "checked" else contextlib.nullcontext([])
    try:
        with recording as found:
            yield
    finally:
        glassnet.set_default_device(None)
    # The test's own NumPy calls on results are its business; glassnet's code must always go through xp.
    ours = [(what, where) for what, where in found if where.startswith("src" + os.sep + "glassnet")]
    assert not ours, "glassnet code went around the array backend:\n" + "\n".join(f"  {w}: {what}"
                                                                                  for what, w in ours[:10])


# ---- "CI fails if no end-to-end test ran" (issue #18) ----------------------------------------------------------
# The playground's browser tests skip where Chromium or Playwright is missing, which must never pass silently in
# CI: .ci/run sets GLASSNET_REQUIRE_E2E=1, and then a run in which no end-to-end test passed fails. The check
# lives here, not beside the tests, so deselecting or ignoring their folder cannot switch it off too.
E2E_DIR = "playground/e2e/"
_e2e_passed: list[str] = []


def pytest_runtest_logreport(report):
    if report.when == "call" and report.passed and E2E_DIR in report.nodeid.replace("\\", "/"):
        _e2e_passed.append(report.nodeid)


def _require_e2e(session, exitstatus) -> None:
    required = os.environ.get("GLASSNET_REQUIRE_E2E", "") not in ("", "0")
    if not required or session.config.option.collectonly or exitstatus == pytest.ExitCode.INTERRUPTED:
        return
    if getattr(session.config, "workeroutput", None) is not None:
        return  # an xdist worker sees only its own files; the controller receives every report and decides
    if not _e2e_passed:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        message = ("GLASSNET_REQUIRE_E2E is set but no end-to-end test (tests/playground/e2e) passed: "
                   "install Chromium (apt-get install chromium) and Playwright (pip install playwright)")
        if reporter is not None:
            reporter.ensure_newline()
            reporter.write_line(message, red=True, bold=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
