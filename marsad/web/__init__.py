"""The explorer page: static HTML, CSS, JS modules and the offline basemap under ``static/``.

Served by :func:`marsad.api.create_app` at ``/``.  ``static/basemap.json`` is built
by ``scripts/build_basemap.mjs`` (run from ``web/``) and committed.
"""
