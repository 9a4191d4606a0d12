"""Alembic migrations of the store, shipped inside the package and run by ``Store.migrate``.

A new revision: write ``versions/NNNN_what.py`` by hand (or with
``alembic revision`` against a config whose ``script_location`` is
``mathforml.store:migrations``), with explicit constraint names.
"""
