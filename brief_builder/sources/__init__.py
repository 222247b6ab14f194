"""Read and validate sources: YAML files with line numbers -> pydantic models -> a Library."""
