"""The build: validate (sources -> outlines) -> render (outlines -> bytes, cached, in workers) -> write."""
