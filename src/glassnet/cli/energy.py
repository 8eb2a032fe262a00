"""``glassnet energy RUN_DIR``: a run's time, FLOPs, energy and CO2e, against Strubell et al. (2019) and GPT-3."""

from __future__ import annotations

import argparse

from .errors import CLIError
from .runs import read_config, read_json

NAME = "energy"
HELP = "Show a run's training cost (time, FLOPs, energy, CO2e) against published references and GPT-3's scale."
DESCRIPTION = f"""{HELP}

'glassnet train' records the figures in metrics.json ("energy"): FLOPs counted by glassnet's matrix
product and convolution ops, and energy from CodeCarbon's offline tracker when it is installed
(pip install "glassnet[energy]"), else CPU time x 10 W per busy core. Carbon is energy x the grid's
intensity (set $GLASSNET_COUNTRY, e.g. FRA, or $GLASSNET_CARBON_INTENSITY in gCO2e/kWh before training;
--country / --carbon-intensity here recompute it for another grid)."""


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Options of ``glassnet energy``."""
    p.add_argument("run_dir", metavar="RUN_DIR", help="a folder written by 'glassnet train'")
    p.add_argument("--country", default=None, metavar="CODE",
                   help="recompute the carbon for this country's grid (ISO alpha-3, e.g. FRA, USA)")
    p.add_argument("--carbon-intensity", type=float, default=None, metavar="G_PER_KWH",
                   help="recompute the carbon for this grid intensity (gCO2e per kWh)")


def run(args: argparse.Namespace) -> int:
    """Print the energy report of a run."""
    from ..energy import energy_report, grid_intensity

    run_dir, config = read_config(args.run_dir, need_model=False)
    mpath = run_dir / "metrics.json"
    energy = read_json(mpath).get("energy") if mpath.is_file() else None
    if not energy:
        raise CLIError(f"{run_dir} has no energy figures in metrics.json (runs trained before glassnet recorded "
                       "them, or interrupted ones, have none); train it again to measure")
    if args.country or args.carbon_intensity is not None:
        try:
            g, source = grid_intensity(args.country, args.carbon_intensity)
        except ValueError as e:
            raise CLIError(str(e).replace("grid_intensity: ", "")) from None
        energy = {**energy, "carbon_intensity_g_per_kwh": g, "carbon_intensity_source": source,
                  "co2e_kg": energy["energy_kwh"] * g / 1000.0}
    print(f"{config['model']} on {config['dataset']}, {run_dir}:")
    if energy.get("resumed"):
        print("(resumed run: the figures cover the part after the resume only)")
    print(energy_report(energy, config.get("parameters")))
    return 0
