"""Run the command line interface with ``python -m brief_builder``."""

from brief_builder.cli import main

raise SystemExit(main())
