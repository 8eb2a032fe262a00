"""EnergyRecorder: wall time, CPU time, FLOPs, energy and CO2 of a block of work (every ``fit`` uses one)."""

from __future__ import annotations

import logging
import os
import time
from typing import Any

from .flops import FlopCounterMode
from .references import DEFAULT_COUNTRY, GRID_INTENSITY_G_PER_KWH, WATTS_PER_CPU_CORE

COUNTRY_ENV = "GLASSNET_COUNTRY"  # ISO 3166 alpha-3 code, e.g. FRA
INTENSITY_ENV = "GLASSNET_CARBON_INTENSITY"  # gCO2e per kWh; wins over the country
CODECARBON_ENV = "GLASSNET_CODECARBON"  # "0" keeps CodeCarbon off even when it is installed


def grid_intensity(country: str | None = None, carbon_intensity: float | None = None) -> tuple[float, str]:
    """The grid's gCO2e per kWh and where it came from: a number, a country code, the environment, or the default.

    Args:
        country (str, optional): ISO 3166 alpha-3 code (``'FRA'``, ``'USA'`` ...). Default: ``$GLASSNET_COUNTRY``,
            else the world average.
        carbon_intensity (float, optional): gCO2e per kWh; wins over ``country``. Default:
            ``$GLASSNET_CARBON_INTENSITY``.

    Returns:
        tuple: ``(grams per kWh, description)``.

    Example:
        >>> glassnet.energy.grid_intensity('FRA')
        (56.0, 'FRA grid average')
        >>> glassnet.energy.grid_intensity(carbon_intensity=300)
        (300.0, 'given: 300 gCO2e/kWh')
    """
    if carbon_intensity is None and os.environ.get(INTENSITY_ENV) and country is None:
        carbon_intensity = float(os.environ[INTENSITY_ENV])
    if carbon_intensity is not None:
        if not carbon_intensity >= 0:
            raise ValueError(f"grid_intensity: carbon_intensity must be >= 0 gCO2e/kWh, got {carbon_intensity}")
        return float(carbon_intensity), f"given: {carbon_intensity:g} gCO2e/kWh"
    code = (country or os.environ.get(COUNTRY_ENV) or DEFAULT_COUNTRY).upper()
    if code not in GRID_INTENSITY_G_PER_KWH:
        raise ValueError(f"grid_intensity: no grid figure for country {code!r}; known: "
                         f"{', '.join(sorted(GRID_INTENSITY_G_PER_KWH))}; or pass carbon_intensity= (gCO2e/kWh)")
    return float(GRID_INTENSITY_G_PER_KWH[code]), f"{code} grid average"


class EnergyRecorder:
    """Measures a block: wall and CPU seconds, FLOPs (glassnet's own count), energy in kWh and CO2e in kg.

    Energy comes from CodeCarbon's ``OfflineEmissionsTracker`` when it is installed (extra
    ``[energy]``; it reads RAPL counters or estimates from the CPU's TDP; no network), otherwise from
    CPU seconds x ``WATTS_PER_CPU_CORE`` (10 W per busy core). CO2e is energy x the grid's intensity.

    Args:
        country (str, optional): ISO alpha-3 code for the grid intensity. Default: ``$GLASSNET_COUNTRY`` or world.
        carbon_intensity (float, optional): gCO2e per kWh, instead of a country. Default: ``None``.
        use_codecarbon (bool, optional): try CodeCarbon; ``None`` means yes unless ``$GLASSNET_CODECARBON=0``.
            Default: ``None``.

    Example:
        >>> with glassnet.energy.EnergyRecorder(use_codecarbon=False) as rec:
        ...     _ = nn.Linear(8, 8)(glassnet.randn(4, 8))
        >>> rec.result['flops'], rec.result['method']
        (512, 'estimate: CPU time x 10 W per core')
    """

    def __init__(self, country: str | None = None, carbon_intensity: float | None = None,
                 use_codecarbon: bool | None = None) -> None:
        self.intensity, self.intensity_source = grid_intensity(country, carbon_intensity)
        self.country = country
        if use_codecarbon is None:
            use_codecarbon = os.environ.get(CODECARBON_ENV, "1") != "0"
        self.use_codecarbon = use_codecarbon
        self.result: dict[str, Any] = {}
        self._tracker = None

    def start(self) -> EnergyRecorder:
        """Start measuring (and counting FLOPs).

        Example:
            >>> rec = glassnet.energy.EnergyRecorder(use_codecarbon=False).start()
            >>> rec.stop()['flops']
            0
        """
        self._counter = FlopCounterMode().__enter__()
        self._tracker, self._codecarbon_error = None, None
        if self.use_codecarbon:
            self._tracker, self._codecarbon_error = _codecarbon_tracker(self.country)
        self._wall, self._cpu = time.perf_counter(), time.process_time()
        return self

    def stop(self) -> dict:
        """Stop, and return the figures (also kept as ``result``).

        Returns:
            dict: ``wall_seconds``, ``cpu_seconds``, ``flops`` (``forward_flops``, ``backward_flops``),
            ``energy_kwh``, ``co2e_kg``, ``carbon_intensity_g_per_kwh`` and how each was obtained
            (``source``: ``'codecarbon'`` or ``'estimate'``; ``codecarbon_error`` when CodeCarbon is
            installed but failed).

        Example:
            >>> rec = glassnet.energy.EnergyRecorder(carbon_intensity=100, use_codecarbon=False).start()
            >>> sorted(rec.stop())[:3]
            ['backward_flops', 'carbon_intensity_g_per_kwh', 'carbon_intensity_source']
        """
        wall, cpu = time.perf_counter() - self._wall, time.process_time() - self._cpu
        self._counter.__exit__(None, None, None)
        energy_kwh, method, source = None, None, "estimate"
        if self._tracker is not None:
            try:
                self._tracker.stop()
                energy_kwh = float(self._tracker.final_emissions_data.energy_consumed)
                method, source = "CodeCarbon OfflineEmissionsTracker", "codecarbon"
            except Exception as e:  # noqa: BLE001 - a failed meter falls back to the estimate, never fails training
                energy_kwh, self._codecarbon_error = None, f"stop: {type(e).__name__}: {e}"
        if energy_kwh is None:
            energy_kwh = cpu * WATTS_PER_CPU_CORE / 3.6e6
            method = f"estimate: CPU time x {WATTS_PER_CPU_CORE:g} W per core"
        self.result = {
            "wall_seconds": round(wall, 6), "cpu_seconds": round(cpu, 6),
            "flops": self._counter.get_total_flops(), "forward_flops": self._counter.forward_flops,
            "backward_flops": self._counter.backward_flops,
            "energy_kwh": energy_kwh, "method": method, "source": source,
            "carbon_intensity_g_per_kwh": self.intensity, "carbon_intensity_source": self.intensity_source,
            "co2e_kg": energy_kwh * self.intensity / 1000.0,
        }
        if self._codecarbon_error is not None:  # installed but failed: say why the figure is an estimate
            self.result["codecarbon_error"] = self._codecarbon_error
        return self.result

    def __enter__(self) -> EnergyRecorder:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()


def _codecarbon_tracker(country: str | None) -> tuple[Any, str | None]:
    """(a started OfflineEmissionsTracker, None), or (None, why not) when CodeCarbon is absent or cannot start."""
    try:
        from codecarbon import OfflineEmissionsTracker
    except ImportError:
        return None, None  # not installed: the estimate is the documented fallback, nothing failed
    # its INFO/WARNING lines at start-up ("offline tracker init") would interleave with fit's progress
    logging.getLogger("codecarbon").setLevel(logging.ERROR)
    try:
        code = (country or os.environ.get(COUNTRY_ENV) or "USA").upper()
        try:  # no emissions.csv: the figures go into the run folder's metrics.json
            tracker = OfflineEmissionsTracker(country_iso_code=code, output_methods=[], log_level="error")
        except TypeError:  # CodeCarbon < 3 has save_to_file instead (deprecated since)
            tracker = OfflineEmissionsTracker(country_iso_code=code, save_to_file=False, log_level="error")
        tracker.start()
        return tracker, None
    except Exception as e:  # noqa: BLE001 - measuring is optional; training must not fail for it
        return None, f"start: {type(e).__name__}: {e}"
