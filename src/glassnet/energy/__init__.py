"""Environmental cost of training: FLOPs counted by glassnet's own ops, time, energy and CO2e.

Every ``glassnet.train.fit`` records an :class:`EnergyRecorder`'s figures in ``history.energy``
(``glassnet train`` puts them in metrics.json under ``"energy"``); ``glassnet energy RUN_DIR``
sets them against Strubell et al. (2019) and extrapolates to a GPT-3-sized model (:func:`energy_report`).
"""

from .flops import FlopCounterMode
from .recorder import EnergyRecorder, grid_intensity
from .report import energy_report

__all__ = ["FlopCounterMode", "EnergyRecorder", "grid_intensity", "energy_report"]
