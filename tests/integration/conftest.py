"""Integration tests: a real worker on a real broker against pytest-django's test database.

They are transactional (the worker reads what the test committed). Do not use ``serialized_rollback``:
after another transactional test it fails with duplicate content types. The autouse fixture in
``tests/conftest.py`` puts the migration data back before every transactional test instead.
"""
