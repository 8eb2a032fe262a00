"""The one error type the command turns into a single clear line and a non-zero exit."""


class CLIError(Exception):
    """A user-facing problem (unknown model, missing data, bad option value ...)."""
