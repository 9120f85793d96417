"""Django's PostgreSQL backend, giving up on a server that stops answering (see base.py)."""
