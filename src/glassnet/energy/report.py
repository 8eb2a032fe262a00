"""energy_report: a run's measured cost next to Strubell et al. (2019) and extrapolated to GPT-3's compute."""

from __future__ import annotations

from typing import Any

from .references import (
    GPT3_FLOPS,
    GPT3_PARAMETERS,
    GPT3_PUBLISHED_MWH,
    GPT3_PUBLISHED_TCO2E,
    GPT3_TOKENS,
    LBS_PER_KG,
    STRUBELL_2019_LBS,
)


def _ratio(part: float, whole: float) -> str:
    if part <= 0:
        return "n/a"
    r = whole / part
    return f"1/{r:,.3g}" if r >= 1 else f"{1 / r:,.3g}x"


def energy_report(energy: dict[str, Any], parameters: int | None = None) -> str:
    """The text ``glassnet energy`` prints: the figures, Strubell et al.'s Table 3 as ratios, a GPT-3 extrapolation.

    Args:
        energy (dict): what :class:`EnergyRecorder` measured (``history.energy``, or metrics.json's ``"energy"``).
        parameters (int, optional): the model's parameter count, for the line that scales the run. Default: ``None``.

    Returns:
        str: the report, assumptions included.

    Example:
        >>> e = {'wall_seconds': 10.0, 'cpu_seconds': 20.0, 'flops': 10**12, 'forward_flops': 4 * 10**11,
        ...      'backward_flops': 6 * 10**11, 'energy_kwh': 2e-4, 'co2e_kg': 1e-4, 'method': 'estimate',
        ...      'carbon_intensity_g_per_kwh': 500.0, 'carbon_intensity_source': 'given'}
        >>> print(glassnet.energy.energy_report(e).splitlines()[0])
        wall time 10.0 s, CPU time 20.0 s
    """
    kwh, kg = float(energy["energy_kwh"]), float(energy["co2e_kg"])
    lbs = kg * LBS_PER_KG
    flops = int(energy.get("flops") or 0)
    lines = [
        f"wall time {energy['wall_seconds']:.1f} s, CPU time {energy['cpu_seconds']:.1f} s",
        f"FLOPs (matrix products and convolutions, counted by glassnet's ops): {flops:.4g} "
        f"(forward {int(energy.get('forward_flops') or 0):.4g}, backward {int(energy.get('backward_flops') or 0):.4g})",
        f"energy {kwh * 1000:.4g} Wh ({energy['method']})",
        f"carbon {kg * 1000:.4g} g CO2e = {lbs:.4g} lbs, at {energy['carbon_intensity_g_per_kwh']:g} gCO2e/kWh "
        f"({energy['carbon_intensity_source']})",
    ]
    if parameters:
        lines.append(f"model: {parameters:,} parameters")
    lines += ["", "Against Strubell et al. (2019), Table 3 (lbs CO2e): this run is"]
    width = max(len(k) for k in STRUBELL_2019_LBS)
    for name, ref in STRUBELL_2019_LBS.items():
        lines.append(f"  {name.ljust(width)}  {ref:>9,} lbs  {_ratio(lbs, ref):>12} of it")
    lines += ["", f"Extrapolated to a GPT-3-sized training run ({GPT3_PARAMETERS / 1e9:.0f}B parameters, "
                  f"{GPT3_TOKENS / 1e9:.0f}B tokens, 6 x parameters x tokens = {GPT3_FLOPS:.3g} FLOPs):"]
    if flops <= 0 or kwh <= 0:
        lines.append("  not possible: this run counted no FLOPs or no energy")
        return "\n".join(lines)
    scale = GPT3_FLOPS / flops
    big_kwh, big_kg = kwh * scale, kg * scale
    car = STRUBELL_2019_LBS["car, average incl. fuel, 1 lifetime"]
    lines += [
        f"  {scale:.3g} times this run's FLOPs -> {big_kwh / 1000:,.4g} MWh and {big_kg / 1000:,.4g} t CO2e "
        f"({big_kg * LBS_PER_KG / car:,.3g} car lifetimes)",
        f"  for scale, Patterson et al. (2021) estimate GPT-3's actual training at {GPT3_PUBLISHED_MWH:,} MWh and "
        f"{GPT3_PUBLISHED_TCO2E} t CO2e on GPUs",
        "  assumptions: the same energy per FLOP as this run (glassnet on NumPy, usually a CPU: far less efficient",
        "  than GPU clusters, so this overestimates), only matrix products and convolutions counted, the same grid",
        f"  ({energy['carbon_intensity_g_per_kwh']:g} gCO2e/kWh), one training run with no tuning, no datacentre "
        "overhead (PUE 1).",
    ]
    return "\n".join(lines)
