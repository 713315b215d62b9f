"""The models of the shared floor; each lives in the module that owns its behaviour."""

from core.review import Revision, RevisionState

__all__ = ["Revision", "RevisionState"]
