"""The archive's shared floor: records, review, history, search, filters, facets and API
plumbing. It imports no domain app (``people``, ``sources``, ``ventures``) and not the
project (``archive``); the domain apps build on it and ``archive`` sits on top of them.
"""
