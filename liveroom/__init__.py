"""The composition root: `python -m liveroom` runs the bot; `wiring` builds it from every layer
(domain, storage, services, the bot's Telegram adapters, scheduler jobs, handlers) and
`application` runs it. Nothing below imports this package."""
