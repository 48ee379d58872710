"""Everything the bot posts by itself (rendering): lottery cards and results."""
