"""brief-builder: validated YAML sources -> section rules -> outline -> PDF, DOCX and HTML."""

__version__ = "0.1.0"
