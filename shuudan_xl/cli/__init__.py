"""The batch command ``shuudan-xl``: one module per sub-command, each with ``register`` and ``run``."""
