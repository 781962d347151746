"""One module per resource; each holds the resource's pages and their JSON twins under ``/api/v1``."""
