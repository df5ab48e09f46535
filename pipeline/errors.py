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
    # segmentation and NER (issue 5)
    E050 = "Segmenter output does not reproduce the text at offset {offset}."
    E051 = "Unknown NER backend '{name}'. Known backends: {known}."
    E052 = "NER backend '{backend}' returned {got} result(s) for {expected} text(s)."
    E053 = "NER backend '{backend}' returned span [{start}, {end}) outside a text of length {length}."
    E054 = "LAC output does not reproduce its input at offset {offset}."
    E055 = "Unknown entities scope '{scope}'. Known scopes: {known}."
    # NER backends, corpora, training and benchmark (issue 7)
    E070 = "{path}:{line}: {problem}"
    E071 = "Unknown NER dataset '{name}'. Known datasets: {known}."
    E072 = "NER dataset file {path} not found{hint}."
    E073 = "Model {model}: label '{label}' is not O nor a B-/I-/E-/S-/M- tag."
    E074 = "Model {model} needs a fast tokenizer (offset mapping); got {tokenizer}."
    E075 = "The '{backend}' backend needs a model name or path (--ner-model)."
    E076 = "Model {model}: {reason}"
    # batch runs: output integrity, limits, resume (issues 14 and 15)
    E080 = "Output {path} is locked by another run (pid {pid}); wait for it or use another -o."
    E081 = "Output {path} is a directory; -o needs a file name."
    E082 = "Input {path} is this run's own output."
    E083 = "Duplicate doc_id '{doc_id}': first seen at {first}."
    E084 = "Processing took longer than --doc-timeout {seconds:g} s."
    E085 = "{path}: more than --max-bytes {limit} bytes (after decompression)."
    E086 = "Document has {chars} characters, more than --max-chars {limit}, and no line or sentence break in {limit} characters to cut a window at."
    E087 = "{path}:{line}: key '{key}' holds {kind}, not text."
    E088 = "--resume cannot continue a gzip output ({path}): write plain JSONL, or run without --resume."
    E089 = "--resume needs -o FILE (stdout cannot be resumed)."
    # engines, WARC inputs, --glob (issue 14)
    E060 = "--engine ray needs Ray Data: pip install 'xinwen[ray]' ({reason})."
    E061 = "Cannot start or reach Ray at {address}: {reason}"
    E062 = "--address needs --engine ray."
    E063 = "{path} is a WARC file; reading it needs warcio and trafilatura: pip install 'xinwen[warc]' ({reason})."
    E064 = "{path}: not a readable WARC file: {reason}"
    E065 = "{path}: no HTML response record among its {records} WARC records."
    # tables from an existing run (issue 14)
    E097 = "{path}:{line}: not a record: {reason}"
    # validate (issue 16)
    E098 = "{path}:{line}: invalid record: {reason}"
    E099 = "{where}: span end {end} is not after start {start}"
    E100 = "{where}: id '{got}' should be '{expected}'"
    # the Python API (issue 16)
    E101 = "extract_many: item {index} is {kind}; give a str (a text) or an os.PathLike such as pathlib.Path (a file or folder to read); a path in a str is read as text, never guessed."
    E102 = "extract: text is {kind}, not str."
    # consolidation (issue 18)
    E090 = "{path}:{line}: invalid JSON: {reason}"
    E091 = "{path}:{line}: not a record: {reason}"
    E092 = "Output folder {path} already holds {name}; use --force to overwrite."
    E093 = "Document has {chars} characters, more than --max-doc-chars {limit}: its record would outgrow a worker's memory; split the document or raise the limit."


class Warnings(metaclass=_Codes):
    W001 = "{count} character(s) lost in the source could not be restored."
    W002 = "Encoding detected as {encoding} with low confidence."
    W003 = "NER backend '{backend}' unavailable: {reason}; using '{fallback}'."
    # reading inputs (issue 15)
    W080 = "Input truncated at byte {offset}: an incomplete {encoding} character at the end was dropped."
    W081 = "Document processed in {windows} paragraph windows of at most {limit} characters."
    W004 = "Record {doc_id} has status '{status}': not consolidated."
