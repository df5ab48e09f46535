"""The signings stage and its parts: ``stage`` (SigningStage, the Document -> Document step),
``mentions`` (one sentence read into signing mentions), ``parse`` (parties and actors),
``rules`` (the pattern tables) and ``values`` (projects, counts and totals)."""
