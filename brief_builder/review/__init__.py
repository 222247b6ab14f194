"""Turn a reviewed output (a DOCX with edits and comments, a PDF with annotations) into edits of the sources.

``docx`` reads what a reviewer did to a compiled DOCX, ``pdf`` the annotations on a compiled
PDF, both into the ``Edit`` records of ``edits``; ``apply`` writes changed text back into the
YAML sources, changing only the scalars that changed.
"""
