"""Tools around the NER backends, not stages: the public NER corpora and training.

``data`` reads the public corpora (CLUENER, People's Daily, MSRA) into
``Sentence`` records and names the datasets of ``data/ner_datasets.tsv``;
``train`` is the ``train-ner`` command. Both import from ``ner_backends``
(the tag codecs of ``ner_backends/tags.py``), and nothing under
``ner_backends`` imports from here, so the two packages form no import cycle.
"""
