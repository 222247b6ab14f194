"""The application: the ``brief`` command line, the downloads page, the live preview and outline diffs."""
