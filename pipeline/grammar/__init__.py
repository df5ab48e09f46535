"""Shared grammar: word lists and parsers that stages read, none of them a stage itself.

Issue 13 moves the shared grammar out of ``pipeline/slots/`` (which holds
stages only) into this package, so that early stages such as ``segment``
import nothing from ``slots/``. ``lexicon_words`` is the first to move: the
segmenter's user dictionary.
"""
