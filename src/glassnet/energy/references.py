"""Reference figures the energy report compares a run with, and the defaults of the estimate.

Strubell, Ganesh & McCallum (2019), "Energy and Policy Considerations for Deep Learning in NLP",
Table 3 (CO2e in lbs). GPT-3: Brown et al. (2020), 175 billion parameters trained on 300 billion
tokens; its training compute, about 3.14e23 FLOPs, is the usual 6 x parameters x tokens estimate.
"""

from __future__ import annotations

LBS_PER_KG = 2.20462

STRUBELL_2019_LBS = {  # Table 3: consumption -> lbs of CO2e
    "air travel, 1 passenger, NY <-> SF": 1_984,
    "human life, average, 1 year": 11_023,
    "American life, average, 1 year": 36_156,
    "car, average incl. fuel, 1 lifetime": 126_000,
    "NLP pipeline (parsing, SRL), trained once": 39,
    "NLP pipeline w/ tuning & experimentation": 78_468,
    "Transformer (big), trained once": 192,
    "Transformer (big) w/ neural architecture search": 626_155,
}

GPT3_PARAMETERS = 175e9
GPT3_TOKENS = 300e9
GPT3_FLOPS = 6 * GPT3_PARAMETERS * GPT3_TOKENS  # 3.15e23: the 6ND rule (forward 2ND + backward 4ND)

# Without a power meter, a busy CPU core is taken to draw this much: desktop and server CPUs draw
# roughly 5-15 W per busy core at their rated power (TDP / cores); 10 W is the middle of that range.
WATTS_PER_CPU_CORE = 10.0

# Grid carbon intensity, gCO2e per kWh, rounded annual averages of electricity generation (about 2022).
# Pass a number (carbon_intensity=) for your own grid or year; the default is the world average.
GRID_INTENSITY_G_PER_KWH = {
    "WORLD": 436, "USA": 369, "CAN": 128, "BRA": 103, "GBR": 238, "FRA": 56, "DEU": 385, "SWE": 41,
    "NOR": 26, "POL": 662, "CHN": 582, "IND": 713, "JPN": 485, "KOR": 436, "AUS": 549, "ZAF": 709,
}
DEFAULT_COUNTRY = "WORLD"

# Patterson et al. (2021), "Carbon Emissions and Large Neural Network Training": GPT-3's training on
# V100 GPUs, as they estimate it; printed next to the extrapolation for scale.
GPT3_PUBLISHED_MWH = 1_287
GPT3_PUBLISHED_TCO2E = 552
