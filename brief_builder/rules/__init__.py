"""Section rules: validated sources + a brief's rules -> the brief outline (pure, no file I/O)."""
