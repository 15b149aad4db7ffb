"""wendbaar: platform for the SER action agenda Leven Lang Ontwikkelen."""

__version__ = "0.1.0"
