"""The stream overlay: a page OBS shows over the video (served by the bot), kept live over
Server-Sent Events. `news` is what the rest of the bot tells it; `hub` keeps each open page up
to date; `web` serves the page; `static/` holds every asset it loads."""
