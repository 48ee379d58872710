"""Everything the bot posts by itself. The posters (`*_poster.py`) send what is due (trailers,
live notices and reminders; lottery cards, results and the winners' notices; welcomes, thanks,
red envelopes, goodbyes and reports), over the use-cases in services/ and a planner for their
wake-ups; the other modules render texts. Handlers and scheduler jobs call the posters."""
