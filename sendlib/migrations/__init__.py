"""Numbered SQL migrations, applied once each by sendlib.db.migrate."""
