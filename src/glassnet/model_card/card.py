"""The model card of a run folder: built from config.json, metrics.json and fairness.json, written as JSON and Markdown.

Fields follow Google's Model Card Toolkit sections (model details, considerations, quantitative
analysis) and Hugging Face's model card metadata (``library_name``, ``datasets``, ``metrics``,
``co2_eq_emissions``), which MODEL_CARD.md carries as YAML front matter.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from .provenance import git_commit, provenance

CARD_JSON = "model_card.json"
CARD_MD = "MODEL_CARD.md"


def _read(path: Path) -> dict:
    try:
        return json.loads(path.read_text()) if path.is_file() else {}
    except (OSError, json.JSONDecodeError):
        return {}


def _privacy(metrics: dict) -> dict | None:
    """The privacy budget, wherever DP training put it in metrics.json ('privacy': {...} or top-level keys)."""
    p = metrics.get("privacy")
    if isinstance(p, dict) and p.get("epsilon") is not None:
        return p
    if metrics.get("epsilon") is not None:
        return {k: metrics[k] for k in ("epsilon", "delta", "noise_multiplier", "max_grad_norm") if k in metrics}
    return None


def build_model_card(run_dir: str | os.PathLike) -> dict[str, Any]:
    """The model card of a run folder as a dict (what model_card.json holds).

    Args:
        run_dir (str or os.PathLike): a folder written by ``glassnet train``.

    Returns:
        dict: ``model_details``, ``training``, ``data``, ``evaluation``, ``privacy``,
        ``environmental_impact`` and ``considerations``.

    Example:
        >>> import json, os, tempfile, pathlib
        >>> run = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (run / 'config.json').write_text(json.dumps({'format': 'glassnet-run', 'model': 'mlp',
        ...                                                   'dataset': 'digits', 'seed': 0}))
        >>> _ = (run / 'metrics.json').write_text(json.dumps({'test_accuracy': 0.97}))
        >>> card = glassnet.model_card.build_model_card(run)
        >>> card['evaluation']['metrics'], card['training']['seed'], len(card['data']['files'][0]['sha256'])
        ({'test_accuracy': 0.97}, 0, 64)
    """
    run = Path(run_dir)
    config = _read(run / "config.json")
    if config.get("format") != "glassnet-run":
        raise ValueError(f"build_model_card: {run} is not a glassnet run folder (no config.json from glassnet train)")
    metrics = _read(run / "metrics.json")
    fairness = _read(run / "fairness.json")
    dataset = config.get("dataset", "?")
    task = config.get("task", "classification")
    scores = {k: v for k, v in metrics.items() if k.startswith(("test_", "final_")) and isinstance(v, (int, float))}
    energy = metrics.get("energy")
    card: dict[str, Any] = {
        "schema": "glassnet-model-card/1",
        "model_details": {
            "name": run.resolve().name, "architecture": config.get("model"),
            "architecture_kwargs": config.get("model_kwargs", {}), "parameters": config.get("parameters"),
            "task": task, "input_shape": config.get("input_shape"), "classes": config.get("classes"),
            "library_name": "glassnet", "glassnet_version": config.get("glassnet_version"),
            "glassnet_git_commit": git_commit(), "weights": "model.safetensors",
            "card_written": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        },
        "training": {k: config.get(k) for k in ("epochs", "batch_size", "lr", "optimizer", "seed", "val_split")},
        "data": {"dataset": dataset, "csv_options": config.get("csv"), "rows": config.get("rows"),
                 "feature_columns": config.get("feature_columns"), "label_column": config.get("label_column"),
                 "files": provenance(config)},
        "evaluation": {"metrics": scores, "epochs_trained": metrics.get("epochs"),
                       "interrupted": metrics.get("interrupted"),
                       "by_group": fairness or None},
        "privacy": _privacy(metrics),
        "environmental_impact": energy,
        "considerations": _considerations(config, metrics, fairness),
    }
    return card


def _considerations(config: dict, metrics: dict, fairness: dict) -> dict:
    dataset = config.get("dataset", "?")
    name = dataset[4:] if dataset.startswith("csv:") else dataset
    intended = (f"Research and teaching: a {config.get('model')} trained with glassnet to "
                f"{'classify' if config.get('task', 'classification') == 'classification' else 'predict'} "
                f"{'the ' + str(config.get('label_column')) + ' column of ' if config.get('label_column') else ''}"
                f"{Path(name).name if dataset.startswith('csv:') else name} data, and inputs drawn from the same "
                f"distribution.")
    limits = ["Evaluated only on a held-out split of its own training data; performance on other populations, "
              "time periods or collection processes is unknown.",
              "Not for decisions about people (credit, hiring, housing, justice, health) without a domain review, "
              "a fairness evaluation on the affected groups, and human oversight."]
    if not fairness:
        limits.append("No fairness evaluation recorded: run 'glassnet fairness RUN_DIR --data FILE --sensitive "
                      "COLUMN' to measure per-group behaviour.")
    else:
        gaps = fairness.get("gaps", {})
        limits.append(f"Measured gaps by {fairness.get('sensitive_feature')}: demographic parity difference "
                      f"{_num(gaps.get('demographic_parity_difference'))}, equalized odds difference "
                      f"{_num(gaps.get('equalized_odds_difference'))} (0 is parity).")
    if metrics.get("interrupted"):
        limits.append("Training was interrupted; the weights are those of the last completed epoch.")
    if _privacy(metrics) is None:
        limits.append("Trained without differential privacy: the weights may memorise individual training rows.")
    return {"intended_use": intended, "limitations": limits,
            "ethical_considerations": "Trained on the data above; it reproduces whatever biases that data holds."}


def _num(v: Any, digits: int = 4) -> str:
    if v is None:
        return "n/a"
    return f"{v:.{digits}g}" if isinstance(v, float) else f"{v:,}" if isinstance(v, int) else str(v)


def render_markdown(card: dict) -> str:
    """MODEL_CARD.md: Hugging Face-style YAML front matter, then the sections in prose and tables.

    Args:
        card (dict): what :func:`build_model_card` returned.

    Returns:
        str: the Markdown text.

    Example:
        >>> import json, os, tempfile, pathlib
        >>> run = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (run / 'config.json').write_text(json.dumps({'format': 'glassnet-run', 'model': 'mlp',
        ...                                                   'dataset': 'digits', 'seed': 0}))
        >>> _ = (run / 'metrics.json').write_text(json.dumps({'test_accuracy': 0.97}))
        >>> md = glassnet.model_card.render_markdown(glassnet.model_card.build_model_card(run))
        >>> md.splitlines()[1], '## Limitations' in md
        ('library_name: glassnet', True)
    """
    md, tr, data, ev = card["model_details"], card["training"], card["data"], card["evaluation"]
    energy, privacy, cons = card.get("environmental_impact"), card.get("privacy"), card["considerations"]
    front = ["---", "library_name: glassnet", f"tags: [glassnet, {md['task']}]",
             f"datasets: [{json.dumps(data['dataset'])}]"]
    if ev["metrics"]:
        front.append("metrics: [" + ", ".join(sorted(ev["metrics"])) + "]")
    if energy:
        front += ["co2_eq_emissions:", f"  emissions: {energy['co2e_kg'] * 1000:.6g}",
                  f"  source: {json.dumps(energy.get('method', ''))}", "  training_type: training from scratch",
                  f"  geographical_location: {json.dumps(energy.get('carbon_intensity_source', ''))}"]
    front.append("---")
    lines = [*front, "", f"# Model card: {md['name']}", "", "## Model details", "",
             f"- Architecture: `{md['architecture']}` {json.dumps(md['architecture_kwargs'])}",
             f"- Parameters: {_num(md['parameters'])}", f"- Task: {md['task']}; input shape {md['input_shape']}",
             f"- Classes: {', '.join(map(str, md['classes']))}" if md.get("classes") else "- Output: a real number",
             f"- Library: glassnet {md['glassnet_version']}"
             + (f" (git commit {md['glassnet_git_commit']})" if md.get("glassnet_git_commit") else ""),
             f"- Weights: {md['weights']} (safetensors); card written {md['card_written']}", "",
             "## Training", "", "| setting | value |", "|---|---|",
             *[f"| {k} | {v} |" for k, v in tr.items()], "", "## Data", "", f"Dataset: `{data['dataset']}`"]
    if data.get("rows"):
        lines.append(f"Rows: {json.dumps(data['rows'])}")
    if data.get("label_column"):
        lines.append(f"Label column: `{data['label_column']}`")
    lines += ["", "| file | bytes | SHA-256 |", "|---|---:|---|"]
    lines += [f"| {f['file']} | {_num(f['bytes'])} | {f['sha256'] or f.get('note', '')} |" for f in data["files"]]
    lines += ["", "## Evaluation", "", "| metric | value |", "|---|---:|",
              *[f"| {k} | {_num(v)} |" for k, v in sorted(ev["metrics"].items())]]
    groups = ev.get("by_group")
    if groups:
        lines += ["", f"Per group of `{groups.get('sensitive_feature')}` (on {groups.get('data')}, "
                      f"{_num(groups.get('rows'))} rows, positive label {groups.get('positive_label')!r}):", "",
                  "| group | count | accuracy | selection rate | TPR | FPR |", "|---|---:|---:|---:|---:|---:|"]
        for g, m in groups.get("by_group", {}).items():
            lines.append(f"| {g} | {_num(int(m.get('count') or 0))} | {_num(m.get('accuracy'))} | "
                         f"{_num(m.get('selection_rate'))} | {_num(m.get('true_positive_rate'))} | "
                         f"{_num(m.get('false_positive_rate'))} |")
        lines += ["", *[f"- {k.replace('_', ' ')}: {_num(v)}" for k, v in groups.get("gaps", {}).items()]]
    lines += ["", "## Privacy", ""]
    if privacy:
        lines.append("Trained with differential privacy: " + ", ".join(f"{k} {_num(v)}" for k, v in privacy.items()))
    else:
        lines.append("Trained without differential privacy.")
    lines += ["", "## Environmental impact", ""]
    if energy:
        lines += [f"- Wall time {energy['wall_seconds']:.1f} s, CPU time {energy['cpu_seconds']:.1f} s",
                  f"- FLOPs: {energy['flops']:.4g} (forward {energy['forward_flops']:.4g}, "
                  f"backward {energy['backward_flops']:.4g})",
                  f"- Energy: {energy['energy_kwh'] * 1000:.4g} Wh ({energy['method']})",
                  f"- Carbon: {energy['co2e_kg'] * 1000:.4g} g CO2e at {energy['carbon_intensity_g_per_kwh']:g} "
                  f"gCO2e/kWh ({energy['carbon_intensity_source']})"]
    else:
        lines.append("Not recorded.")
    lines += ["", "## Intended use", "", cons["intended_use"], "", "## Limitations", "",
              *[f"- {item}" for item in cons["limitations"]], "", "## Ethical considerations", "",
              cons["ethical_considerations"], ""]
    return "\n".join(lines)


def write_model_card(run_dir: str | os.PathLike) -> list[str]:
    """Write model_card.json and MODEL_CARD.md into a run folder (atomically); returns the names written.

    Args:
        run_dir (str or os.PathLike): a folder written by ``glassnet train``.

    Returns:
        list of str: ``['MODEL_CARD.md', 'model_card.json']``.

    Example:
        >>> import json, os, tempfile, pathlib
        >>> run = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (run / 'config.json').write_text(json.dumps({'format': 'glassnet-run', 'model': 'mlp',
        ...                                                   'dataset': 'digits', 'seed': 0}))
        >>> _ = (run / 'metrics.json').write_text(json.dumps({'test_accuracy': 0.97}))
        >>> glassnet.model_card.write_model_card(run)
        ['MODEL_CARD.md', 'model_card.json']
    """
    from ..io.atomic import atomic_write

    run = Path(run_dir)
    card = build_model_card(run)
    text_json = json.dumps(card, indent=2, sort_keys=False) + "\n"
    atomic_write(run / CARD_JSON, lambda tmp: Path(tmp).write_text(text_json, encoding="utf-8"))
    text_md = render_markdown(card)
    atomic_write(run / CARD_MD, lambda tmp: Path(tmp).write_text(text_md, encoding="utf-8"))
    return [CARD_MD, CARD_JSON]
