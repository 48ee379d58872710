"""Everything the bot posts by itself, rendered: lottery cards and results, a show's goodbye
and its report."""
