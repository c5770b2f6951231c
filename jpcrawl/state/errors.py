"""Why a state store cannot be used. Each is raised before the store is changed in any way."""

from __future__ import annotations


class StateError(Exception):
    """The state store cannot be used as it is; the message says what to do."""


class StateSchemaError(StateError):
    """The store was written by a newer jpcrawl (its schema version is above ours): a usage error, never
    "repaired" by an older version, which would lose what the newer one keeps."""


class StateCorrupt(StateError):
    """The store's file is not a readable state database."""
