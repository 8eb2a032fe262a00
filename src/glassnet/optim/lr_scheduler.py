"""Learning-rate schedulers (placeholder while being written)."""
