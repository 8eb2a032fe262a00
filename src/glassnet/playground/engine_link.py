"""The engine's names the web app uses, gathered in one object so tests can hand the app a fake engine."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass
class EngineLink:
    """Everything the app calls on the engine side (see /docs/playground.md, "engine interface")."""

    Engine: Callable[..., Any]
    validate: Callable[[dict], dict]
    DEFAULTS: dict
    ConfigError: type
    snapshot: Callable[..., dict]
    chain_rule_view: Callable[..., dict]
    graph_view: Callable[..., dict]
    gradient_flow_view: Callable[..., dict]
    attribution_view: Callable[..., dict]
    feature_maps_view: Callable[..., dict]
    hidden_state_view: Callable[..., dict]
    export_script: Callable[[dict], str]
    export_weights: Callable[..., Any]
    export_card: Callable[..., str]


def real_link() -> EngineLink:
    """The real engine (glassnet.playground.config/engine/views/export), imported only when the app starts."""
    from . import config, engine, export, views

    return EngineLink(
        Engine=engine.Engine, validate=config.validate, DEFAULTS=config.DEFAULTS, ConfigError=config.ConfigError,
        snapshot=views.snapshot, chain_rule_view=views.chain_rule_view, graph_view=views.graph_view,
        gradient_flow_view=views.gradient_flow_view, attribution_view=views.attribution_view,
        feature_maps_view=views.feature_maps_view, hidden_state_view=views.hidden_state_view,
        export_script=export.export_script, export_weights=export.export_weights, export_card=export.export_card)
