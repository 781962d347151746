"""carbonpeak: the platform a Chinese province uses to run its carbon-peak implementation plan."""

__version__ = "0.1.0"
__all__ = ["__version__"]
