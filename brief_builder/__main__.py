"""Run the command line interface with ``python -m brief_builder``."""

from brief_builder.app.cli import main

raise SystemExit(main())
