"""Shared grammar: word lists and parsers that stages read, none of them a stage itself.

``pipeline/slots/`` holds the stages only; what several of them (and the early stages)
read lives here: the people lexicon and the segmenter's words (``lexicon``,
``lexicon_words``), numerals (``numbers``), noun phrases and their owners (``phrase``,
``owner``, ``subject``), names and titles (``names``, ``titles``, ``titles_after``,
``byline``), text units and intervals (``units``, ``intervals``), dates, negative contexts
(``context``) and the administrative gazetteer (``region``). Nothing here imports from
``pipeline/slots/`` (tests/test_import_graph.py).
"""
