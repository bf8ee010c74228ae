"""The warehouse's numbered errors (docs/errors.md), in one module of their own.

Kept apart from ``store`` so that every warehouse module can raise them without importing
another's machinery (``objectstore`` and ``store`` would otherwise import each other). Each
stays a ``RuntimeError`` as well, so code that caught that before still does.
"""

from __future__ import annotations

from storywire.tasks.records import CodedError


class WarehouseError(CodedError, RuntimeError):
    """A warehouse that cannot be used as it is (SW2xx): shown to the user."""


class ViewError(CodedError, RuntimeError):
    """A view that cannot be built over the warehouse's files (SW3xx)."""


class QueryError(CodedError, RuntimeError):
    """A query that cannot run (SW501, or the SW2xx of a warehouse that cannot be opened)."""


class DataQualityError(CodedError, RuntimeError):
    """A data-quality check found offending rows (SW601): the run is marked failed."""
