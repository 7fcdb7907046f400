"""REST API of plans of topics under ``/api/v1/plans/``: serializers here, views in ``views.py``."""
