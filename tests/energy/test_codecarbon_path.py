"""glassnet.energy with CodeCarbon installed: fit records the offline tracker's figures without a single network
connection; without CodeCarbon (or when it fails) the documented CPU-time estimate is used, and says so."""

import socket
import sys

import numpy as np
import pytest

import glassnet
from glassnet import nn
from glassnet.energy import EnergyRecorder
from glassnet.energy.references import GRID_INTENSITY_G_PER_KWH, WATTS_PER_CPU_CORE

codecarbon = pytest.importorskip("codecarbon")


def _fit():
    glassnet.manual_seed(0)
    x = glassnet.randn(64, 4)
    history = glassnet.train.fit(nn.Linear(4, 2), (x, (x[:, 0] > 0).long()), loss="cross_entropy",
                                 optimizer="sgd", lr=0.5, epochs=2, verbose=0)
    return history.energy


@pytest.fixture
def no_network(monkeypatch):
    """Every way out to the network raises, and is recorded."""
    attempts = []

    def refuse(self_or_address, *args, **kwargs):
        attempts.append(args[0] if args else self_or_address)
        raise OSError("network disabled by the test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket.socket, "sendto", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


@pytest.fixture
def trackers(monkeypatch):
    """The real OfflineEmissionsTracker, with each instance kept so the test can read what it measured."""
    made = []

    class Kept(codecarbon.OfflineEmissionsTracker):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            made.append(self)

    monkeypatch.setattr(codecarbon, "OfflineEmissionsTracker", Kept)
    monkeypatch.delenv("GLASSNET_CODECARBON", raising=False)
    monkeypatch.delenv("GLASSNET_CARBON_INTENSITY", raising=False)
    monkeypatch.setenv("GLASSNET_COUNTRY", "FRA")
    return made


def test_fit_records_codecarbons_figures_offline(trackers, no_network, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    energy = _fit()
    assert list(tmp_path.iterdir()) == []  # no emissions.csv left behind
    assert no_network == []  # not one connection, lookup or datagram
    assert len(trackers) == 1
    tracker = trackers[0]
    assert tracker._country_iso_code == "FRA"
    assert energy["source"] == "codecarbon" and energy["method"] == "CodeCarbon OfflineEmissionsTracker"
    assert "codecarbon_error" not in energy
    assert energy["energy_kwh"] == float(tracker.final_emissions_data.energy_consumed) > 0
    fra = GRID_INTENSITY_G_PER_KWH["FRA"]
    assert energy["carbon_intensity_g_per_kwh"] == fra
    assert energy["co2e_kg"] == pytest.approx(energy["energy_kwh"] * fra / 1000)
    assert energy["flops"] > 0 and energy["wall_seconds"] > 0


def test_without_codecarbon_the_cpu_time_estimate_is_used(monkeypatch):
    monkeypatch.setitem(sys.modules, "codecarbon", None)  # `from codecarbon import ...` raises ImportError
    monkeypatch.delenv("GLASSNET_CODECARBON", raising=False)
    energy = _fit()
    assert energy["source"] == "estimate" and energy["method"].startswith("estimate: CPU time")
    assert "codecarbon_error" not in energy  # absent is the documented fallback, not a failure
    assert energy["energy_kwh"] == pytest.approx(energy["cpu_seconds"] * WATTS_PER_CPU_CORE / 3.6e6, rel=1e-3)


def test_switched_off_or_failing_codecarbon_falls_back_and_says_why(monkeypatch, trackers):
    monkeypatch.setenv("GLASSNET_CODECARBON", "0")
    assert _fit()["source"] == "estimate" and trackers == []

    class Broken(codecarbon.OfflineEmissionsTracker):
        def start(self):
            raise RuntimeError("no power reading")

    monkeypatch.delenv("GLASSNET_CODECARBON")
    monkeypatch.setattr(codecarbon, "OfflineEmissionsTracker", Broken)
    with EnergyRecorder(country="FRA") as rec:
        np.ones(3).sum()
    assert rec.result["source"] == "estimate"
    assert rec.result["codecarbon_error"] == "start: RuntimeError: no power reading"
