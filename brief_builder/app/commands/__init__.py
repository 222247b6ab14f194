"""The ``brief`` subcommands, one module per group of commands."""
