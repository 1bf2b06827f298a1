"""Errors a person can act on: each names what is wrong with which paper, in one line."""

from __future__ import annotations


class PipelineError(Exception):
    """Base for every error we expect and report without a traceback."""


class PaperError(PipelineError):
    """A paper that cannot be read; the batch goes on without it."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class WarehouseBusy(PipelineError):
    """Another process holds the warehouse."""


class QueryError(PipelineError):
    """A query the warehouse rejected."""
