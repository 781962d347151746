"""Versioned reference data with provenance, loaded from files shipped in the package."""
