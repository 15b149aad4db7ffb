"""The JSON-LD context documents the engine knows, as shipped files (see SOURCES.md)."""
