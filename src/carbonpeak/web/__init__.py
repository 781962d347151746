"""The web pages: Jinja2 templates and static assets over the same service calls as the API."""
