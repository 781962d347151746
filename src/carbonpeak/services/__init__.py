"""Use cases, one function each; the only place that joins store and engines; one transaction per call."""
