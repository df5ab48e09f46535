"""The meta stage and its parts: ``stage`` (MetaStage: outlet, dates, place, authors),
``place`` (the event place and venue) and ``byline`` (journalists and credited names)."""
