"""Collection rules for the doctest pass over ``pipeline/`` (``--doctest-modules``).

``hanlp_rnn`` imports hanlp (and torch) at its top: it can be imported only
where the ``hanlp`` extra is installed, and the default install must still
pass the whole suite.
"""
import importlib.util

collect_ignore = [] if importlib.util.find_spec("hanlp") else ["pipeline/ner_backends/hanlp_rnn.py"]
