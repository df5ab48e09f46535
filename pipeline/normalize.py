"""PLACEHOLDER stage: to be replaced by its real implementation."""
from __future__ import annotations

from pipeline.doc import Document, OffsetMap


class NormalizeStage:
    name = "normalize"
    requires = ("raw", )
    assigns = ("text", "offset_map", "form", "repaired", "unrecoverable", )

    @classmethod
    def from_config(cls, config):
        return cls()

    def __call__(self, doc: Document) -> Document:
        if self.name == "normalize":
            doc.text = doc.raw
            doc.offset_map = OffsetMap.identity(len(doc.raw))
        return doc
