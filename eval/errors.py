"""Coded messages of the scorer (E2xx), in the style of ``pipeline.errors``.

The pipeline uses E0xx; the scorer owns the E2xx block. Never renumber.
"""
from __future__ import annotations

from xinwen.pipeline.errors import _Codes


class EvalError(Exception):
    """A problem with the scorer's inputs; the message starts with a code like ``[E201]``."""


class Errors(metaclass=_Codes):
    E201 = "Gold directory {path} does not exist or is not a directory."
    E202 = "Gold directory {path} holds no *.json files."
    E203 = "{path}: invalid JSON: {reason}"
    E204 = "{path}: does not follow schemas/gold.schema.json at {where}: {reason}"
    E205 = "{path}: doc_id '{doc_id}' differs from the file name '{stem}'."
    E206 = "{path}: {where}: qualifier 'range' needs a value_max."
    E207 = "Prediction file {path} does not exist."
    E208 = "{path}:{line}: invalid JSON: {reason}"
    E209 = "{path}:{line}: a record needs a string 'doc_id'."
    E210 = "{path}:{line}: doc_id '{doc_id}' already appeared on line {first}."
    E211 = "Gold documents {a} and {b} share the doc_id '{doc_id}'."
    W201 = "{n} prediction(s) have no gold document and are ignored: {ids}"
    # review pages (issue 17): E22x fatal for the run, W22x shown on a page
    E221 = "Records file {path} does not exist."
    E222 = "{path} exists; use --force to overwrite."
    W221 = "{path}:{line}: skipped, {reason}"
    W222 = "Source text not shown: {path} not found."
    W223 = "Source text not shown: {path} has changed since extraction (sha256 {found}, record {expected})."
    W224 = "Source text not shown: {reason}"
    W225 = "{slot} span [{start}, {end}) lies outside the text of length {length}; not highlighted."
    W226 = "Gold file for {doc_id} not usable: {reason}"
