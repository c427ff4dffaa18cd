"""Pure statistical and economic computations.

Nothing in this package imports Django: inputs are pandas objects or dataclasses, outputs are
dataclasses with a ``to_dict()`` giving JSON-ready, unrounded values. Rounding is for display only.
"""
