"""Every user-facing English text, in one place. Other languages: bot/locales/<lang>/LC_MESSAGES.

Texts are gettext message ids with `{named}` placeholders; render them with bot.i18n.Translator.
Extract for translators: `pybabel extract -k N_ -o messages.pot bot/texts.py`.
"""

from __future__ import annotations


def N_(text: str) -> str:  # noqa: N802 - the gettext convention for "mark, do not translate yet"
    return text


EXAMPLE_SCHEDULE = "/schedule 2026-12-01 20:00 Winter skincare Q&A"

# --- general -------------------------------------------------------------------------------
START_PRIVATE = N_(
    "Hi {name}! I'm Liveroom, the assistant for live-stream rooms.\n\n"
    "Fans: I send you reminders when shows start, and later lottery prizes.\n"
    "Hosts: add me to your live-room group as an admin, then type /help there."
)
HELP = N_(
    "Liveroom commands (admins of the room only):\n"
    "/schedule <date> <time> <title> — schedule a show, e.g. {example}\n"
    "/schedule weekly <weekday> <time> <title> — a weekly show,\n"
    "   e.g. /schedule weekly fri 20:00 Friday live\n"
    "/broadcasts — upcoming shows\n"
    "/cancel <id> — cancel a show (/cancel <id> all stops a weekly show)\n"
    "/reschedule <id> <date> <time> — move a show\n"
    "/timezone <zone> — the room's time zone, e.g. /timezone Asia/Shanghai\n"
    "/language en|zh — the language of my posts in this room\n"
    "Times are in the room's time zone: {timezone}."
)
NOT_ADMIN = N_("Sorry, only the admins of this room can do that.")
HOST_COMMAND_IN_PRIVATE = N_(
    "Please send host commands in your live-room group: I run each room from its own chat. "
    "Add me there as an admin first."
)
INTERNAL_ERROR = N_("Sorry, something went wrong on my side. Please try again in a moment.")

# --- room settings -------------------------------------------------------------------------
TIMEZONE_CURRENT = N_(
    "This room's time zone is {timezone}. To change it: /timezone Asia/Shanghai "
    "(any IANA name, e.g. Europe/Berlin, America/New_York)."
)
TIMEZONE_SET = N_("Time zone set to {timezone}. It is now {local_time} here.")
ERR_BAD_TIMEZONE = N_(
    "I don't know the time zone “{value}”. Use an IANA name, e.g. /timezone Asia/Shanghai."
)
LANGUAGE_CURRENT = N_(
    "I post in this room in {language}. To change it: /language en or /language zh."
)
LANGUAGE_SET = N_("Done: I'll post in this room in English.")
ERR_BAD_LANGUAGE = N_("I can post in en (English) or zh (简体中文), e.g. /language zh.")

# --- scheduling ----------------------------------------------------------------------------
SCHEDULED = N_(
    "Scheduled #{id}: {title}\nStarts: {start} ({timezone})\nTrailer in this room: {trailer}"
)
TRAILER_NOW = N_("now")
SCHEDULED_WEEKLY = N_(
    "Weekly show set: {title}, every {weekday} at {time} ({timezone}).\n"
    "Next one: #{id} on {start}. Trailer: {trailer}"
)
BROADCASTS_HEADER = N_("Upcoming shows ({timezone}):")
BROADCASTS_ITEM = N_("#{id} {start} — {title}")
BROADCASTS_WEEKLY_MARK = N_("(weekly)")
BROADCASTS_NONE = N_("No shows scheduled. Try {example}")
CANCELLED = N_("Cancelled #{id}: {title}. No trailer or reminders will be sent for it.")
CANCELLED_OCCURRENCE = N_(
    "Cancelled #{id}: {title} on {start}. The weekly show continues: next is #{next_id} on "
    "{next_start}. To stop it: /cancel {next_id} all"
)
SERIES_STOPPED = N_("Stopped the weekly show “{title}”; #{id} is cancelled too.")
RESCHEDULED = N_("Moved #{id}: {title}\nNow starts: {start} ({timezone})\nTrailer: {trailer}")
ERR_SCHEDULE_USAGE = N_("Please give a date, a time and a title, e.g. {example}")
ERR_SCHEDULE_WEEKLY_USAGE = N_(
    "Please give a weekday, a time and a title, e.g. /schedule weekly fri 20:00 Friday live"
)
ERR_CANCEL_USAGE = N_("Which show? Give its id from /broadcasts, e.g. /cancel 3")
ERR_RESCHEDULE_USAGE = N_(
    "Please give the id, a new date and time, e.g. /reschedule 3 2026-12-02 21:00"
)
ERR_BAD_DATE = N_("I couldn't read the date “{value}”. Use YYYY-MM-DD, e.g. {example}")
ERR_BAD_TIME = N_("I couldn't read the time “{value}”. Use 24-hour HH:MM, e.g. {example}")
ERR_BAD_WEEKDAY = N_(
    "I couldn't read the weekday “{value}”. Use mon, tue, wed, thu, fri, sat or sun, "
    "e.g. /schedule weekly fri 20:00 Friday live"
)
ERR_IN_PAST = N_(
    "That time has already passed in this room's time zone. Pick a future time, e.g. {example}"
)
ERR_NO_TITLE = N_("Please add a title after the time, e.g. {example}")
ERR_TITLE_TOO_LONG = N_("That title is {length} characters; please keep it to {limit}.")
ERR_BAD_ID = N_("“{value}” is not a show id. Ids are numbers, see /broadcasts.")
ERR_NOT_FOUND = N_("There is no show #{id} in this room. See /broadcasts.")
ERR_NOT_UPCOMING = N_("Show #{id} has already started or was cancelled, so it can't be changed.")

# --- trailer, live notice, reminders -------------------------------------------------------
TRAILER = N_(
    "📺 Coming up: {title}\n"
    "🕗 {start} ({timezone})\n"
    "Press “Remind me” and I'll message you privately when we go live."
)
BUTTON_REMIND_ME = N_("🔔 Remind me")
LIVE_NOTICE = N_("🔴 We are live: {title}! Come and join us now.")
REMINDER = N_("🔴 “{title}” is live now in {room}. See you there!")
REMIND_ADDED = N_("Done! I'll message you privately when it starts.")
REMIND_ALREADY = N_("You're already on the list for this show.")
REMIND_UNAVAILABLE = N_("This show has already started or was cancelled.")
REMIND_CONFIRMED = N_(
    "You're on the list: I'll message you here when “{title}” starts ({start}, {timezone})."
)
BAD_START_LINK = N_("That link has expired or is not valid. Press the button in the room again.")
