"""Coded messages. Every user-facing message of the library lives here.

Codes are stable: tests and users match on them. E = error, W = warning.
Add new codes at the end of each block; never renumber.
"""
from __future__ import annotations


class PipelineError(Exception):
    """An error inside the library; its message starts with a code like ``[E001]``."""


class _Codes(type):
    def __getattribute__(cls, code: str) -> str:
        message = type.__getattribute__(cls, code)
        if code.startswith(("E", "W")) and code[1:].isdigit():
            return f"[{code}] {message}"
        return message


class Errors(metaclass=_Codes):
    # document model
    E001 = "Span [{start}, {end}) is outside the working text of length {length}."
    E002 = "Document {doc_id} has no offset map: run the normalize stage first."
    # pipeline construction
    E010 = "Unknown stage '{name}'. Known stages: {known}."
    E011 = "Stage '{name}' requires {missing}, which no earlier stage assigns."
    # resources (data files)
    E020 = "{path}:{line}: {problem}"
    # reading inputs
    E030 = "Cannot read {path}: {reason}"
    E031 = "{path} is empty."
    E032 = "{path}: cannot decode as UTF-8, GB18030 or Big5."
    E033 = "{path}:{line}: invalid JSON: {reason}"
    E034 = "{path}:{line}: no text under key '{key}'."
    E035 = "{path}: no article text found in the HTML."
    E036 = "No such file or directory: {path}"
    # processing
    E040 = "Stage '{stage}' failed: {reason}"
    E041 = "Output file {path} exists; use --force to overwrite."


class Warnings(metaclass=_Codes):
    W001 = "{count} character(s) lost in the source could not be restored."
    W002 = "Encoding detected as {encoding} with low confidence."
    W003 = "NER backend '{backend}' unavailable: {reason}; using '{fallback}'."
