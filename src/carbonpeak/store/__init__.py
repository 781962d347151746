"""Persistence: SQLAlchemy tables, the session factory, repositories. No calculations, no commits:
the caller (a service) owns the transaction."""
