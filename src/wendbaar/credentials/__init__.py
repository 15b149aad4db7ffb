"""Verifiable credentials: Open Badges 3.0 skill credentials, proofs, DIDs and status lists.

The engine (``wendbaar.credentials.engine``) is plain Python; Django code calls it.
"""
