"""Every user-facing English text, in one place. Other languages: bot/locales/<lang>/LC_MESSAGES.

Texts are gettext message ids with `{named}` placeholders; render them with bot.i18n.Translator.
Extract for translators: `pybabel extract -k N_ -o messages.pot bot/texts.py`.
"""

from __future__ import annotations

from typing import NamedTuple


def N_(text: str) -> str:  # noqa: N802 - the gettext convention for "mark, do not translate yet"
    return text


class Plural(NamedTuple):
    """A phrase with a number, in the forms its language needs ("1 entrant", "2 entrants");
    render it with Translator.plural, which fills `{n}`."""

    one: str
    other: str


def P_(one: str, other: str) -> Plural:  # noqa: N802 - like N_, for ngettext
    return Plural(one, other)


# The example show in usage hints: "/schedule <a week from the room's today> 20:00 <title>".
EXAMPLE_TITLE = N_("Winter skincare Q&A")
EXAMPLE_TOMORROW = N_("tomorrow")

# Between the items of a list (names, banned words): Chinese uses 、 where English has ", ".
LIST_SEPARATOR = N_(", ")

# --- general -------------------------------------------------------------------------------
START_PRIVATE = N_(
    "Hi {name}! I'm Liveroom, the assistant for live-stream rooms.\n\n"
    "Fans: I send you reminders when shows start, and later lottery prizes.\n"
    "Hosts: add me to your live-room group as an admin, then type /help there."
)
HELP_HOST = N_(
    "Liveroom for hosts (admins of this room). Times are in {timezone}.\n"
    "\n"
    "Before the show\n"
    "/schedule <date> <time> <title> — a show, e.g. {example}\n"
    "/schedule weekly <weekday> <time> <title> — every week, "
    "e.g. /schedule weekly fri 20:00 Live\n"
    "/broadcasts — upcoming shows; /cancel <id> (all) — cancel; /reschedule <id> <date> <time>\n"
    "/timezone <zone> — e.g. /timezone Asia/Shanghai; /language en|zh — my posts here\n"
    "/channel @name — link your channel for follow lotteries\n"
    "/welcome on|off, /welcome text <text> — greet newcomers ({{names}} marks the names)\n"
    "/banword add|remove|list <word>, <word>… — banned words\n"
    "/milestone <members>|boost <lottery> — a red envelope; /milestone cancel <id>\n"
    "/script <id> — the show's run-of-show, a segment a line (a lottery starts at its cue)\n"
    "/wishes <theme>; <theme>… — the goodbye poll on the next show's theme\n"
    "\n"
    "During the show\n"
    "/lottery open|follow|share <prize> — by Join, following your channel, or bringing a friend\n"
    "/lottery password <word> <prize> — fans type the word you say on stream; add xN for N "
    "winners; /lottery alone for buttons\n"
    "/lottery_cancel — stop the running lottery\n"
    "/gifts — your gift menu in Stars (add, remove, big, log); /refund <no.> — give a gift's "
    "Stars back\n"
    "/announce <text> — post and pin; /announce off\n"
    "/top hour|week — the most active fans\n"
    "/overlay — your stream overlay for OBS (the link comes to you only); /overlay reset\n"
    "/next, /pause, /resume — the run-of-show's clock (its cues come to you only)\n"
    "/popularity — the show's popularity; /goal <n> likes|popularity|stars|members <lottery> — "
    "a lottery when the show reaches it; /fans — the fan club\n"
    "Start a video chat here and I announce it; end it and I thank everyone and send you a "
    "report.\n"
    "\n"
    "After the show (answers come to your private chat with me)\n"
    "/winners — winners and delivery details; /export (<lottery id> | <from> <to>) — a CSV\n"
    "/shipped <winner no.> — mark a prize shipped; /reroll <lottery id> — unclaimed prizes\n"
    "/proof <lottery id> — the draw's proof file\n"
    "/stats — your last shows, active fans and the rule for selling goods\n"
    "\n"
    "Everyone: /privacy — what I store; /forget — delete your delivery details."
)
HELP_FAN = N_(
    "Liveroom runs this room's shows and lotteries.\n"
    "🔔 Remind me (under a trailer): I message you when the show starts.\n"
    "🙋 Join (on a lottery card), or type the password the host says on stream: you're in.\n"
    "Winners claim their prize in a private chat with me.\n"
    "✋ Check in (under the live notice) or /checkin: the fan club; /me — your level and "
    "streak.\n"
    "/gift — send the host a gift in Telegram Stars.\n"
    "/proof <lottery id> — check a draw; /privacy — what I store; /forget — delete your delivery "
    "details."
)
HELP_PRIVATE = N_(
    "Fans: press 🔔 Remind me under a trailer and 🙋 Join on a lottery card in the room; "
    "if you win, you claim the prize here.\n"
    "/gift — send a host a gift in Telegram Stars.\n"
    "/reminders — the shows I'll remind you of (and a button to leave each list).\n"
    "/privacy — what I store; /forget — delete your delivery details.\n"
    "\n"
    "Hosts: add me to your live-room group as an admin and send /help there for every host "
    "command. Here in private: /winners, /export, /shipped, /overlay."
)
NOT_ADMIN = N_("Sorry, only the admins of this room can do that.")
NOT_ADMIN_GIFTS = N_("To send the host a gift, use /gift.")
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
ERR_TIMEZONE_OFFSET = N_(
    "“{value}” is an offset from UTC; a time zone also knows when clocks change. At that "
    "offset today: {zones}. For example:"
)
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
TRAILER_UPDATED = N_("already in the room, now showing the new time")
SCHEDULED_WEEKLY = N_(
    "Weekly show set: {title}, every {weekday} at {time} ({timezone}).\n"
    "Next one: #{id} on {start}. Trailer: {trailer}"
)
BROADCASTS_HEADER = N_("Upcoming shows ({timezone}):")
BROADCASTS_ITEM = N_("#{id} {start} — {title}")
# With its own leading space: Chinese full-width brackets need none.
BROADCASTS_WEEKLY_MARK = N_(" (weekly)")
BROADCASTS_NONE = N_("No shows scheduled. Try {example}")
CANCELLED = N_("Cancelled #{id}: {title}. No trailer or reminders will be sent for it.")
CANCELLED_AFTER_TRAILER = N_(
    "Cancelled #{id}: {title}. Its trailer in the room now says so, and everyone who asked to "
    "be reminded is told privately."
)
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
ERR_CANCEL_EXTRA = N_(
    "I cancel one show at a time: /cancel 3 (or /cancel 3 all for a weekly show and all its "
    "next weeks). I did not understand “{extra}”, so nothing was cancelled."
)
ERR_RESCHEDULE_USAGE = N_(
    "Please give the id, a new date and time, e.g. /reschedule 3 {example_date} 21:00"
)
ERR_TIME_SKIPPED = N_(
    "{time} does not exist on {date} in {timezone}: the clocks jump forward that night. "
    "Pick another time, e.g. {suggestion}."
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
ERR_RESCHEDULE_IN_PAST = N_(
    "That time has already passed in this room's time zone. Pick a future time, e.g. "
    "/reschedule {id} {example_date} 20:00"
)
ERR_NO_TITLE = N_("Please add a title after the time, e.g. {example}")
ERR_TITLE_TOO_LONG = N_("That title is {length} characters; please keep it to {limit}.")
ERR_BAD_SHOW_ID = N_("“{value}” is not a show number. Show numbers are listed by /broadcasts.")
ERR_BAD_LOTTERY_ID = N_(
    "“{value}” is not a lottery number. It is on the lottery's card (🎁 Lottery #3), and "
    "/winners lists past lotteries with theirs."
)
ERR_BAD_WINNER_ID = N_("“{value}” is not a winner number. /winners lists them.")
ERR_BAD_ENVELOPE_ID = N_("“{value}” is not a red envelope number. /milestone lists them.")
ERR_BAD_GIFT_ID = N_("“{value}” is not a gift number. /gifts log lists them.")
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
LIVE_NOTICE_UNTITLED = N_("🔴 We are live! Come and join us now.")
REMINDER = N_("🔴 “{title}” is live now in {room}. See you there!")
TRAILER_CANCELLED = N_("❌ Cancelled: {title}\n🕗 It was planned for {start} ({timezone}).")
TRAILER_SKIPPED = N_(
    "⏭ No show this week: {title} on {start} is skipped.\n"
    "🕗 The next one: {next_start} ({timezone})."
)
REMINDER_MOVED = N_(
    "🕗 “{title}” in {room} has moved to {start} ({timezone}). You're still on the list: "
    "I'll message you when it starts."
)
REMINDER_CANCELLED = N_(
    "❌ “{title}” in {room}, planned for {start} ({timezone}), is cancelled. Sorry!"
)
REMINDER_SKIPPED = N_(
    "⏭ “{title}” in {room} skips this week ({start}). The next one is on {next_start} "
    "({timezone}), and you're on its list: I'll message you when it starts."
)
BUTTON_OPEN_ROOM = N_("📺 Open the room")
REMIND_ADDED = N_(
    "Done! I'll message you privately when it starts. Changed your mind? /reminders in our "
    "private chat."
)
REMINDERS_NONE = N_("You're on no show's reminder list. Press 🔔 Remind me under a trailer.")
REMINDERS_HEADER = N_("Shows I'll remind you of:")
REMINDERS_ITEM = N_("🔔 {title} — {start}")
BUTTON_LEAVE_REMINDERS = N_("🔕 Don't remind me")
REMINDERS_LEFT = N_("Okay, no reminder for this show.")
REMINDERS_NOT_ON = N_("You're not on this show's list (any more).")
REMIND_ALREADY = N_("You're already on the list for this show.")
REMIND_UNAVAILABLE = N_("This show has already started or was cancelled.")
REMIND_CONFIRMED = N_(
    "You're on the list: I'll message you here when “{title}” starts ({start}, {timezone})."
)
BAD_START_LINK = N_("That link has expired or is not valid. Press the button in the room again.")

# --- lotteries: starting (host) ------------------------------------------------------------
LOTTERY_USAGE = N_(
    "How to start a lottery:\n"
    "/lottery open <prize> — everyone who presses Join\n"
    "/lottery follow <prize> — fans who follow your channel (link it with /channel @name)\n"
    "/lottery share <prize> — fans who bring someone new into the room\n"
    "/lottery password <word> <prize> — fans who type the password you say on stream\n"
    "Add xN for N winners, e.g. /lottery password rose x3 Lip balm set\n"
    'A password with spaces goes in quotes: /lottery password "rose red" Mug\n'
    "Or send /lottery alone for step-by-step buttons."
)
ERR_LOTTERY_BAD_KIND = N_(
    "“{value}” is not a way to enter. Use open, follow, share or password, "
    "e.g. /lottery open Lip balm"
)
ERR_LOTTERY_NO_PRIZE = N_("Please name the prize, e.g. /lottery open Lip balm")
ERR_LOTTERY_NO_PASSWORD = N_(
    "Please give the password and then the prize, e.g. /lottery password rose Lip balm"
)
ERR_LOTTERY_BAD_PASSWORD = N_("Keep the password to one word of up to 32 characters, e.g. rose")
ERR_LOTTERY_PASSWORD_QUOTE = N_(
    'The password\'s closing quote is missing, e.g. /lottery password "rose red" Lip balm'
)
ERR_LOTTERY_PASSWORD_SPACES = N_(
    "Is the password “{password}”? A password with spaces goes in quotes: {example}\n"
    "No lottery was started."
)
ERR_LOTTERY_COUNT_PLACE = N_(
    "“{value}” looks like a number of winners inside the prize. Put it first or last, "
    "e.g. /lottery open x3 Lip balm. No lottery was started."
)
PASSWORD_SENT_PRIVATELY = N_("I've sent you the lottery's password in our private chat.")
LOTTERY_PASSWORD_SET = N_(
    "🔑 Lottery #{id}'s password is “{password}” (only you see this; your message was taken "
    "down). Fans who type it in the chat are in."
)
ERR_LOTTERY_WINNERS = N_("The number of winners must be from 1 to {limit}, e.g. x3")
ERR_PRIZE_TOO_LONG = N_("That prize is {length} characters; please keep it to {limit}.")
ERR_LOTTERY_RUNNING = N_(
    "Lottery #{id} is still running in this room. Wait for its draw, or stop it with "
    "/lottery_cancel."
)
ERR_NO_CHANNEL = N_("A follow lottery needs your channel. Link it first: /channel @yourchannel")
ERR_NO_RUNNING_LOTTERY = N_("There's no lottery running in this room.")
ERR_LOTTERY_NOT_FOUND = N_("There is no lottery #{id} in this room.")

# --- lotteries: the card and entering (fans) -----------------------------------------------
LOTTERY_CARD = N_(
    "🎁 Lottery #{id}: {prize}\n"
    "{how}\n"
    "Winners: {winners} · Draw at {draw_time} ({timezone})\n"
    "Entrants: {entrants}\n"
    "Fairness commitment: {commitment}"
)
HOW_OPEN = N_("How to enter: press “Join”.")
HOW_FOLLOW = N_("How to enter: follow {channel}, then press “Join”.")
HOW_SHARE = N_(
    "How to enter: press “Get my invite link” and share it; you're in as soon as someone new "
    "joins the room through it."
)
HOW_PASSWORD = N_("How to enter: type the password the host says on stream, here in the chat.")
CARD_CLOSED = N_("⏱ Entries closed.")
CARD_CANCELLED = N_("❌ Stopped by the host.")
BUTTON_JOIN = N_("🙋 Join")
BUTTON_SHARE = N_("🔗 Get my invite link")
ENTERED = N_("You're in! Good luck 🍀")
ALREADY_ENTERED = N_("You're already in: one entry per person.")
ENTRY_CLOSED = N_("This lottery is closed.")
HOST_CANNOT_ENTER = N_("The room's admins run its lotteries, so they can't enter them.")
NOT_FOLLOWING = N_("Follow {channel} first, then press “{button}” again.")
SHARE_WAITING = N_(
    "Your invite link: {link}\n"
    "Share it: you're in as soon as someone new joins the room through it. Joined so far: 0."
)
SHARE_SENT = N_("I've sent your invite link to our private chat.")
SHARE_COUNTED = N_("Your invite link: {link}\n✅ Your share counted ({joins} joined): you're in!")

# --- lotteries: the result -----------------------------------------------------------------
RESULT = N_(
    "🎉 Lottery #{id}: {prize}\n"
    "Winners: {winners}\n\n"
    "Fair draw: the seed was {seed} (its SHA-256 is the commitment on the card); "
    "{entrants}, list digest {digest}. Check it: /proof {id}"
)
RESULT_SKIPPED = P_(
    "{n} drawn entrant no longer followed the channel and was replaced.",
    "{n} drawn entrants no longer followed the channel and were replaced.",
)
ENTRANTS = P_("{n} entrant", "{n} entrants")
UNAWARDED = P_(
    "{n} prize was not awarded: fewer people entered than there were prizes.",
    "{n} prizes were not awarded: fewer people entered than there were prizes.",
)
UNAWARDED_REROLL = P_(
    "{n} prize stays unawarded: everyone else who entered has already won.",
    "{n} prizes stay unawarded: everyone else who entered has already won.",
)
RESULT_NOBODY = N_("Lottery #{id} ({prize}) is closed: nobody entered, so there is no winner.")
BUTTON_CLAIM = N_("🎁 Claim your prize")
WINNER_PRIVATE = N_("🎉 You won {prize} in {room}! Press the button to claim it.")
# In the room, seen by the winner alone.
WINNER_TAP = N_("🎁 You won {prize}! Tap below to claim it.")
SHARE_SHOWN = N_("Here is your invite link: only you can see it.")
GUESS_SLOW_DOWN = N_(
    "Slow down, {name}: only {limit} wrong guesses a minute count. Listen for the password "
    "on stream!"
)
LOTTERY_CANCELLED = N_("Lottery #{id} ({prize}) was stopped by the host. There will be no draw.")
CLAIM_NOT_YOURS = N_("This prize isn't yours: only the drawn winner can claim it.")

# --- lotteries: channel and proof ----------------------------------------------------------
CHANNEL_CURRENT = N_(
    "Linked channel: {channel}. To change it: /channel @yourchannel; to unlink it: /channel off"
)
CHANNEL_USAGE = N_("Which channel? e.g. /channel @yourchannel")
CHANNEL_UNLINKED = N_(
    "Unlinked {channel}: follow lotteries need a channel again (/channel @yourchannel)."
)
CHANNEL_LINKED = N_("Linked {channel}. Follow lotteries will check that fans follow it.")
ERR_CHANNEL_NOT_FOUND = N_(
    "I can't find {channel}. Check the @name, and add me to the channel as an admin."
)
ERR_CHANNEL_BOT_NOT_ADMIN = N_(
    "I'm not an admin of {channel}, so I can't see who follows it. Add me there as an admin, "
    "then send /channel again."
)
ERR_CHANNEL_NOT_YOURS = N_("Only an admin of {channel} can link it to this room.")
PROOF_CAPTION = N_(
    "🔍 The fairness proof of lottery #{id}: its secret seed (revealed after the draw), every "
    "entrant's id and the winners. Anyone can check it: with Liveroom installed, run "
    "python -m domain.draw {file}; it recomputes the winners and compares the seed with the "
    "commitment the card showed before the draw."
)
PROOF_SENT_PRIVATELY = N_("I've sent you the proof file in our private chat.")
ERR_PROOF_USAGE = N_("Which lottery? e.g. /proof 3")
ERR_PROOF_NOT_DRAWN = N_("Lottery #{id} has not been drawn yet. Its commitment is {commitment}.")

# --- lotteries: the step-by-step wizard (/lottery alone) -----------------------------------
WIZARD_KIND = N_("New lottery. How do fans enter?")
WIZARD_BUTTON_OPEN = N_("🙋 Press Join")
WIZARD_BUTTON_FOLLOW = N_("📣 Follow my channel")
WIZARD_BUTTON_SHARE = N_("🔗 Bring a friend")
WIZARD_BUTTON_PASSWORD = N_("🔑 Password")
WIZARD_PASSWORD = N_(
    "Reply to this message with the password (one word). Fans will type it here to enter."
)
WIZARD_WINNERS = N_("How many winners? Pick one, or reply with a number up to {limit}.")
WIZARD_PRIZE = N_("What's the prize? Reply to this message with it.")
WIZARD_CONFIRM = N_(
    "Ready to start:\nPrize: {prize}\n{how}\nWinners: {winners}\nCountdown: {countdown} (pick "
    "another below, or reply with one: 90s, 2m, 1h)"
)
WIZARD_CONFIRM_PASSWORD = N_("🔑 Password: {password} (only you see this)")
WIZARD_BUTTON_START = N_("▶️ Start")
WIZARD_BUTTON_CANCEL = N_("✖️ Cancel")
WIZARD_STARTED = N_("Started lottery #{id}.")
WIZARD_CANCELLED = N_("Okay, no lottery.")
WIZARD_NOT_YOURS = N_("This menu belongs to the admin who opened it.")
WIZARD_EXPIRED = N_("This menu has expired. Send /lottery to start again.")

# --- claims: the winner's delivery dialog (private chat) -----------------------------------
CLAIM_START = N_(
    "🎉 You won {prize} in {room}! To send it, I need the recipient's name, a phone number and "
    "the delivery address. Send /cancel to stop; you can come back any time with the Claim "
    "button. Claim by {deadline}."
)
ASK_RECIPIENT = N_("1/4 · Recipient's full name?")
ASK_PHONE = N_("2/4 · Phone number for the courier? Press the button to share yours, or type it.")
BUTTON_SHARE_PHONE = N_("📱 Share my phone")
ASK_ADDRESS = N_("3/4 · Full delivery address (street, number, city, postcode, country)?")
ASK_NOTE = N_("4/4 · Any note for the courier? Type it, or press Skip.")
BUTTON_SKIP = N_("Skip")
ERR_RECIPIENT = N_("Please type the recipient's name (2 to 100 characters, letters included).")
ERR_PHONE = N_(
    "That doesn't look like a phone number. Type it with the country code, e.g. +86 138 0013 "
    "8000, or press the button."
)
ERR_PHONE_NOT_YOURS = N_("Please share your own contact, or type the number.")
ERR_ADDRESS_SHORT = N_(
    "That address looks too short for a courier. Please add street, city and postcode."
)
ERR_ADDRESS_LONG = N_("Please keep the address under {limit} characters.")
ERR_ADDRESS_NO_WORDS = N_(
    "That looks like a number, not an address. Please type the street, city, postcode and country."
)
ERR_NOTE = N_("Please keep the note under {limit} characters, or press Skip.")
ERR_NOT_TEXT = N_("Please answer with text.")
ERR_SHOW_CLASH = N_(
    "Show #{id} “{title}” already starts at that time in this room, and a room streams one "
    "show at a time. Pick another time, or move #{id} with /reschedule first. Nothing was "
    "scheduled."
)
SCHEDULED_TWIN = N_(
    "Note: show #{id} is already scheduled at that time with that title. If this one is a "
    "repeat, remove it with /cancel."
)
ERR_EXPORT_NO_LOTTERY = N_(
    "Lottery #{id} is not among the drawn lotteries of your rooms. /winners lists them with "
    "their numbers."
)
ERR_EXPORT_REVERSED = N_(
    "That range ends before it starts ({first} to {last}). Put the earlier date first."
)
ERR_WELCOME_PLACEHOLDER = N_(
    "I don't know {unknown} in a greeting: the only placeholder is {names}, where the names go."
)
ERR_PROOF_CANCELLED = N_("Lottery #{id} was cancelled before its draw, so it has no proof.")
FORM_RESUME = N_(
    "You're filling in the delivery form for your prize. Here is where we were (send /cancel "
    "to stop):"
)
ERR_COMMAND_IN_FORM = N_(
    "That's a command, not an answer. To stop filling in the form, send /cancel."
)
CLAIM_SUMMARY = N_(
    "Please check:\n"
    "Prize: {prize}\n"
    "Recipient: {recipient}\n"
    "Phone: {phone}\n"
    "Address: {address}\n"
    "Note: {note}"
)
NO_NOTE = N_("—")
BUTTON_CONFIRM = N_("✅ Confirm")
BUTTON_EDIT = N_("✏️ Edit")
CLAIM_SAVED = N_(
    "✅ Thank you! Your details are saved. You can change them until the prize is shipped: "
    "press the Claim button again."
)
CLAIM_CURRENT = N_("Your details for {prize} (you can change them until it is shipped):")
CLAIM_CANCELLED = N_("Stopped; nothing was saved. Press the Claim button whenever you're ready.")
CLAIM_CANCELLED_KEPT = N_(
    "Stopped. Your details saved earlier stay as they were; press the Claim button again to "
    "change them."
)
NOTHING_TO_CANCEL = N_(
    "No form is open, so there is nothing to cancel. (Hosts: to cancel a show, send /cancel "
    "with its number in your room.)"
)
CLAIM_FORM_EXPIRED = N_(
    "This form has closed. To see or change your details, press “🎁 Claim your prize” under "
    "the result in the room."
)
CLAIM_PRESS_CONFIRM = N_(
    "Nothing is saved yet: press ✅ Confirm to save these details, or ✏️ Edit to change one."
)
CLAIM_ALREADY_SAVED = N_("These details are saved. To change one, press ✏️ Edit.")
CLAIM_FIELD_CHANGED = N_("Phone number changed.")
BUTTON_FIELD_RECIPIENT = N_("👤 Name")
BUTTON_FIELD_PHONE = N_("📱 Phone")
BUTTON_FIELD_ADDRESS = N_("🏠 Address")
BUTTON_FIELD_NOTE = N_("📝 Note")
CLAIM_SHIPPED = N_("📦 {prize} was shipped on {date}. Enjoy!")
CLAIM_EXPIRED = N_("The time to claim {prize} ended on {deadline}, sorry.")
CLAIM_REMINDER = N_("⏰ Don't forget your prize {prize}: tell me where to send it by {deadline}.")
SHIPPED_TO_WINNER = N_("📦 Good news: your prize {prize} has been shipped!")

# --- hosts: winners, export, shipping, re-draws --------------------------------------------
WINNERS_SENT_PRIVATELY = N_("I've sent it to you in our private chat.")
OPEN_PRIVATE_CHAT = N_(
    "I can only send this privately, and you haven't opened a chat with me yet: {link}"
)
WINNERS_NONE = N_("No lotteries with winners yet in rooms where you are an admin.")
WINNERS_LOTTERY = N_("🎁 #{id} {prize} — {date}")
WINNERS_OLDER = N_(
    "Only the newest {shown} lotteries are listed here. Every lottery, older ones too: /export"
)
WINNERS_LINE = N_("  winner {winner_id}: {name} — {status}")
WINNERS_DETAILS = N_("    {recipient} · {phone} · {address}{note}")
STATUS_WAITING = N_("waiting for details, until {deadline}")
STATUS_SUBMITTED = N_("submitted")
STATUS_SHIPPED = N_("shipped")
STATUS_EXPIRED = N_("expired")
STATUS_EXPIRED_REPLACED = N_("expired, re-drawn")
EXPORT_CAPTION = N_("Winners and delivery details ({rows}).")
ROWS = P_("{n} row", "{n} rows")
EXPORT_USAGE = N_(
    "Export winners as CSV: /export (all), /export 3 (lottery #3), "
    "/export 2026-11-01 2026-11-30 (a date range)."
)
EXPORT_EMPTY = N_("Nothing to export for that choice.")
SHIPPED_USAGE = N_(
    "Which winner? Give the winner number from /winners, e.g. /shipped 12 (/shipped 12 undo "
    "takes it back)"
)
SHIPPED_DONE = N_("Marked winner {winner_id} ({name}) as shipped; they have been told.")
ERR_WINNER_NOT_FOUND = N_("There is no winner {winner_id} in your rooms. See /winners.")
ERR_NOT_SUBMITTED = N_("Winner {winner_id} hasn't sent delivery details yet, so it can't ship.")
ERR_ALREADY_SHIPPED = N_(
    "Winner {winner_id} is already marked as shipped. Marked by mistake? /shipped {winner_id} undo"
)
ERR_NOT_SHIPPED = N_("Winner {winner_id} is not marked as shipped, so there is nothing to undo.")
ERR_UNSHIP_PURGED = N_(
    "Winner {winner_id}'s delivery details were deleted since (after 30 days, or at the "
    "winner's request), so it stays shipped."
)
SHIPPED_UNDONE = N_(
    "Winner {winner_id} ({name}) is no longer marked as shipped; their details are kept."
)
REROLL_USAGE = N_("Which lottery? e.g. /reroll 3")
ERR_NOTHING_TO_REROLL = N_(
    "Lottery #{id} has no expired, unclaimed prize to re-draw. Prizes can be re-drawn after "
    "their claim deadline has passed."
)
ERR_REROLL_NOT_DRAWN = N_(
    "Lottery #{id} is not drawn yet: its draw is at {when}. /reroll re-draws prizes whose "
    "winners did not claim them in time."
)
ERR_REROLL_CANCELLED = N_(
    "Lottery #{id} was cancelled before its draw: it has no prizes to re-draw."
)
ERR_REROLL_TOO_EARLY = N_(
    "Lottery #{id}'s winners still have time to claim their prizes: the first deadline is "
    "{when}. After it, /reroll {id} re-draws every prize left unclaimed."
)
ERR_NOBODY_LEFT = N_("Everyone who entered lottery #{id} has already won; nobody is left to draw.")
REROLL_RESULT = N_(
    "🔁 Lottery #{id}: {prize}. An unclaimed prize was re-drawn, the same verifiable way: "
    "{winners}. Check it: /proof {id}"
)

# --- privacy -------------------------------------------------------------------------------
PRIVACY = N_(
    "What Liveroom stores and why:\n"
    "• Your Telegram id, first name and language: to remind you of shows and enter you in "
    "lotteries.\n"
    "• Lottery entries: to draw winners and prove the draw was fair.\n"
    "• If you win: the recipient name, phone, address and note you give, encrypted, only to "
    "ship your prize. Admins of the room that ran the lottery can see them.\n"
    "Delivery details are deleted {days} days after the prize is shipped, or at once with "
    "/forget. Nothing is shared with anyone else."
)
FORGOTTEN = N_("Done: your delivery details and any unfinished form are deleted.")
FORGOTTEN_UNSHIPPED = N_(
    "Your prize “{prize}” has not been shipped yet, and without an address it can't be. To "
    "still receive it, press “Claim your prize” in the room again before {deadline} and fill "
    "in the form."
)
FORGOTTEN_NOTHING = N_(
    "Done: no delivery details of yours were stored, and any unfinished form is deleted."
)

# --- the live room ---------------------------------------------------------------------------
WELCOME_DEFAULT = N_("👋 Welcome to the room, {names}! Say hi and enjoy the show.")
WELCOME_AND_MORE = N_("and {count} more")
WELCOME_ON = N_(
    "Welcomes are on: newcomers are greeted by name, together, about once a minute. "
    "The greeting reads:\n{preview}"
)
WELCOME_OFF = N_("Welcomes are off. Turn them on with /welcome on.")
WELCOME_TEXT_SET = N_("New greeting saved. It reads:\n{preview}")
WELCOME_NAMES_HINT = N_(
    "Tip: the names go after your text. To place them, write {{names}} where they belong, "
    "e.g. /welcome text Hi {{names}}, welcome!"
)
WELCOME_USAGE = N_(
    "Use /welcome on, /welcome off, or /welcome text <your greeting> "
    "({{names}} marks where the names go)."
)
ERR_WELCOME_TEXT = N_("Please write a greeting of 1 to {limit} characters after /welcome text.")
BOOST_THANKS = N_("🚀 Thank you, {name}, for boosting the room!")
BOOST_THANKS_ANONYMOUS = N_("🚀 Someone just boosted the room: thank you!")
ANNOUNCEMENT = N_("📌 {announcement}")
ANNOUNCE_USAGE = N_(
    "Use /announce <text> to post and pin an announcement; /announce off removes it."
)
ANNOUNCE_CURRENT = N_("The announcement now:\n{announcement}\n\n/announce off removes it.")
ANNOUNCE_REMOVED = N_("Announcement removed.")
ANNOUNCE_NONE = N_("There is no announcement to remove. To pin one: /announce <text>")
ERR_ANNOUNCE_TOO_LONG = N_("Please keep the announcement under {limit} characters.")
ERR_CANNOT_PIN = N_("I posted it but couldn't pin it: please give me the “Pin messages” right.")
BANWORD_USAGE = N_(
    "Use /banword add <word>, /banword remove <word> (several words: separate them with "
    "commas) or /banword list."
)
BANWORD_ADDED = N_(
    "Banned: {words}. I delete messages with them; {limit} within 24 hours mute the "
    "author for {minutes} minutes. Admins are exempt."
)
BANWORD_REMOVED = N_("No longer banned: {words}.")
BANWORD_NOT_FOUND = N_("None of these was on the list: {words}.")
BANWORD_LIST = N_("Banned words ({count}): {words}")
BANWORD_LIST_EMPTY = N_("No banned words yet. Add some with /banword add <word>.")
ERR_BANWORD_BAD = N_("A banned word must be 1 to {limit} characters.")
ERR_BANWORD_SHORT = N_(
    "“{word}” is too short: it would delete every message containing it. A banned word needs "
    "at least 2 letters (one Chinese character is enough)."
)
ERR_BANWORD_TOO_MANY = N_("A room can have at most {limit} banned words.")
BANWORD_WARNING = N_(
    "⚠️ {name}, I removed your message: it had a word that isn't allowed here "
    "(strike {strikes} of {limit} in 24 hours)."
)
BANWORD_MUTED = N_(
    "🔇 {name} can't write for {minutes} minutes after {limit} removed messages in 24 hours."
)
MILESTONE_USAGE = N_(
    "Arm a red envelope: a lottery that starts by itself.\n"
    "/milestone <members> <lottery> — when the room reaches that many members,\n"
    "   e.g. /milestone 500 open Lip balm\n"
    "/milestone boost <lottery> — when someone next boosts the room\n"
    "The lottery part is what /lottery takes. /milestone alone lists them; "
    "/milestone cancel <id> disarms one."
)
ERR_MILESTONE_TRIGGER = N_(
    "“{value}” is not a member count or “boost”. Example: /milestone 500 open Lip balm"
)
MILESTONE_ARMED_MEMBERS = N_(
    "🧧 Red envelope #{id} is armed: when the room reaches {threshold} members, "
    "a lottery for “{prize}” starts by itself. The room has {members} members now."
)
MILESTONE_ARMED_BOOST = N_(
    "🧧 Red envelope #{id} is armed: the next boost of the room starts a lottery for “{prize}”."
)
MILESTONE_LIST_HEADER = N_("Armed red envelopes:")
MILESTONE_ITEM_MEMBERS = N_("#{id} at {threshold} members: {prize}")
MILESTONE_ITEM_BOOST = N_("#{id} at the next boost: {prize}")
MILESTONE_ITEM_WAITING = N_("#{id} reached, starts when the current lottery is drawn: {prize}")
MILESTONE_NONE = N_("No red envelopes armed. Example: /milestone 500 open Lip balm")
MILESTONE_CANCELLED = N_("Red envelope #{id} disarmed.")
ERR_MILESTONE_NOT_FOUND = N_("There is no armed red envelope #{id} in this room.")
MILESTONE_CANCEL_USAGE = N_(
    "Which red envelope? Give its number from /milestone, e.g. /milestone cancel 2"
)
MILESTONE_OPENS_MEMBERS = N_(
    "🧧 We are {members} strong! A red envelope opens: a lottery for “{prize}”."
)
ERR_MILESTONE_PASSED = N_(
    "The room already has {members} members, so a red envelope at {threshold} would open at "
    "once. Choose a number above {members}, or start the lottery now: /lottery {lottery}"
)
MILESTONE_OPENS_BOOST = N_("🧧 A boost opens a red envelope: a lottery for “{prize}”.")
TOP_USAGE = N_("Use /top hour or /top week.")
TOP_HEADER_HOUR = N_("🏆 Most active fans, last hour")
TOP_HEADER_WEEK = N_("🏆 Most active fans, last 7 days")
TOP_ITEM = N_(
    "{rank}. {name} — {points} (chat minutes: {chat}, likes: {likes}, invited: {invites}, "
    "Stars: {stars})"
)
POINTS = P_("{n} pt", "{n} pts")
TOP_FOOTER = N_("Points as /popularity counts them: {weights}.")
TOP_EMPTY = N_("No activity from fans in this period yet.")
VIDEO_CHAT_TITLE = N_("Live stream")
DURATION_SECONDS = N_("{seconds} s")
DURATION_MINUTES = N_("{minutes} min")
DURATION_HOURS = N_("{hours} h")
DURATION_HOURS_MINUTES = N_("{hours} h {minutes} min")
GOODBYE_NEXT = N_(
    "👋 That's all for today: thank you for watching and chatting! "
    "Next show: “{title}”, {start} ({timezone}). See you there!"
)
GOODBYE = N_("👋 That's all for today: thank you for watching and chatting! See you next time.")
REPORT = N_(
    "📊 Show report, {room}: {title}\n"
    "Duration: {duration}\n"
    "New members: {members}\n"
    "Messages: {messages}\n"
    "Lottery entries: {entries}\n"
    "Winners: {winners}"
)
REPORT_CHART_TITLE = N_("Messages and lottery entries, minute by minute")
REPORT_CHART_TITLE_GIFTS = N_("Messages, lottery entries and gifts, minute by minute")
REPORT_CHART_MESSAGES = N_("Messages")
REPORT_CHART_ENTRIES = N_("Lottery entries")
REPORT_CHART_MINUTES = N_("Minutes since the start")
REPORT_NEEDS_PRIVATE_CHAT = N_(
    "📊 Your show report is ready, but I can only send it in a private chat, which you haven't "
    "opened with me yet. Open it for the next report: {link}"
)
ASK_TO_SCHEDULE = N_(
    "Nothing is scheduled after this show yet. Schedule the next one in your room, e.g. {example}"
)

# --- answers to input nothing else took ---------------------------------------------------------
BUTTON_EXPIRED = N_("This button has expired.")
START_IN_GROUP = N_(
    "Hi! Here in the room, use the buttons under my posts. For reminders and prizes, "
    "open a private chat with me: {link}"
)
UNKNOWN_TEXT = N_("I didn't catch that. /help lists what I can do.")
UNKNOWN_COMMAND = N_("I don't know the command {command} here. /help lists what I can do.")

# --- the command menus (setMyCommands): one line per command, as Telegram shows them ---------
MENU_START = N_("Start here: what I can do for you")
MENU_HELP = N_("How Liveroom works here")
MENU_PRIVACY = N_("What I store about you")
MENU_FORGET = N_("Delete your delivery details")
MENU_SCHEDULE = N_("Schedule a show: date, time, title")
MENU_BROADCASTS = N_("Upcoming shows")
MENU_CANCEL = N_("Cancel a show")
MENU_RESCHEDULE = N_("Move a show to another time")
MENU_TIMEZONE = N_("The room's time zone")
MENU_LANGUAGE = N_("The language of my posts here")
MENU_CHANNEL = N_("Link your channel for follow lotteries")
MENU_WELCOME = N_("Greet newcomers by name")
MENU_BANWORD = N_("Banned words")
MENU_MILESTONE = N_("A red envelope at a member count or a boost")
MENU_LOTTERY = N_("Start a lottery")
MENU_LOTTERY_CANCEL = N_("Stop the running lottery")
MENU_ANNOUNCE = N_("Post and pin an announcement")
MENU_TOP = N_("The most active fans")
MENU_WINNERS = N_("Winners and their delivery details")
MENU_EXPORT = N_("Winners as a CSV file")
MENU_SHIPPED = N_("Mark a prize shipped")
MENU_REROLL = N_("Re-draw unclaimed prizes")
MENU_PROOF = N_("The draw's proof file")

# --- gifts (Telegram Stars) ------------------------------------------------------------------
BUTTON_SEND_GIFT = N_("🎁 Send a gift")
GIFT_PRIVATE_NO_ROOM = N_(
    "I don't see you in any live room I run. Send /gift in the room of the host you want to "
    "thank, or press “🎁 Send a gift” under the live notice there."
)
GIFT_MENU_FAN = N_("🎁 Send {room} a gift: pick one and pay with Telegram Stars.")
GIFTS_MENU_HEADER = N_("🎁 The gift menu:")
GIFTS_MENU_ITEM = N_("{emoji} {name} — {stars}⭐")
GIFTS_HOST_USAGE = N_(
    "Change it: /gifts add <emoji> <name> <stars>, /gifts remove <emoji>. "
    "A red envelope for big gifts: /gifts big <stars> <lottery>. "
    "The latest gifts: /gifts log (refund one: /refund <no.>)."
)
ERR_GIFTS_ACTION = N_(
    "“{value}” is not something /gifts does: use add, remove, big or log, or /gifts alone "
    "for the menu."
)
GIFTS_ADD_USAGE = N_(
    "Give an emoji, a name and a price in Stars, e.g. /gifts add 🧸 Teddy bear 100"
)
ERR_GIFT_STARS = N_("“{value}” is not a price: give a whole number of Stars from {low} to {high}.")
ERR_GIFT_EMOJI = N_(
    "“{value}” is not an emoji. Start with one emoji, e.g. /gifts add 🧸 Teddy bear 100"
)
ERR_GIFT_NAME = N_("Keep the gift's name to {limit} characters.")
ERR_GIFT_MENU_FULL = N_(
    "The menu holds {limit} gifts at most: remove one first (/gifts remove <emoji>)."
)
ERR_GIFT_NOT_ON_MENU = N_("There is no {emoji} on the menu. See /gifts.")
ERR_GIFT_LAST = N_("The menu needs at least one gift: add another before removing this one.")
GIFTS_REMOVE_USAGE = N_("Which gift? /gifts remove <emoji>, e.g. /gifts remove 🌹")
GIFT_ADDED = N_("On the menu: {emoji} {name} for {stars}⭐.")
GIFT_REMOVED = N_("Removed {emoji} from the menu.")
GIFTS_BIG_USAGE = N_(
    "A red envelope for big gifts: /gifts big <stars> <lottery>, e.g. "
    "/gifts big 500 open Lip balm; /gifts big off to stop."
)
GIFTS_BIG_ARMED = N_(
    "🧧 Armed #{id}: every gift of {stars}⭐ or more opens a lottery for “{prize}”."
)
GIFTS_BIG_OFF = N_("Big gifts no longer open a red envelope.")
GIFTS_BIG_NONE = N_("No red envelope waits for big gifts.")
GIFTS_LOG_HEADER = N_("Latest gifts (refund one: /refund <no.>):")
GIFTS_LOG_ITEM = N_("#{id} {when} · {name} {emoji} {stars}⭐")
GIFTS_LOG_REFUNDED = N_("#{id} {when} · {name} {emoji} {stars}⭐ (refunded)")
GIFTS_LOG_EMPTY = N_("No gifts yet.")
ANONYMOUS_GIVER = N_("someone")
PAID_MESSAGE = N_("paid message")
REFUND_USAGE = N_("Which gift? /refund <no.>; the numbers are in /gifts log.")
ERR_GIFT_NOT_FOUND = N_("There is no gift #{id} in this room. See /gifts log.")
ERR_REFUND_PAID_MESSAGE = N_(
    "Gift #{id} was a paid message: Telegram does not let bots refund those."
)
ERR_REFUND_DONE = N_("Gift #{id} was refunded already.")
ERR_REFUND_FORGOTTEN = N_(
    "Gift #{id}'s giver asked me to forget them, so I can no longer refund it."
)
REFUNDED = N_("Refunded gift #{id}: {stars}⭐ back to {name}. It no longer counts in rankings.")
REFUNDED_TO_FAN = N_(
    "↩️ Your gift to {room}, {emoji} {gift} ({stars}⭐), was refunded by the host: the Stars "
    "are back in your balance."
)
ERR_REFUND_REFUSED = N_("Telegram refused to refund gift #{id} ({reason}). Nothing changed.")
GIFT_THANKS = N_("Thank you {names}! 💝")
GIFT_THANKS_BIG = N_("🎉 Wow, thank you {name} for the {emoji} {gift} ({stars}⭐)! 💝")
GIFT_RECEIPT = N_(
    "Thank you for your gift to {room}: {emoji} {gift}, {stars}⭐. "
    "The room will thank you by name. Receipt: {charge}"
)
PRE_CHECKOUT_GONE = N_(
    "This gift is no longer on the menu, or its price changed. Open the gift menu again."
)
INVOICE_DESCRIPTION = N_("A gift for {room}; the room thanks you by name.")
MILESTONE_OPENS_GIFT = N_("🧧 A big gift opens a red envelope: a lottery for “{prize}”.")
MILESTONE_ITEM_GIFT = N_("#{id} at every gift of {threshold}⭐ or more: {prize}")
GIFTS_BIG_RULE = N_(
    "🧧 Red envelope #{id}: every gift of {threshold}⭐ or more opens a lottery for “{prize}” "
    "(/gifts big off stops it)."
)
TOP_GIFTS_HEADER = N_("💝 Top gifters")
REPORT_GIFTS = N_("Gifts: {stars}⭐ · top gifters: {givers}")
REPORT_CHART_GIFTS = N_("Gifts")
TOP_GIFTS_ITEM = N_("{rank}. {name} — {stars}⭐")
MENU_REMINDERS = N_("Shows you asked to be reminded of")
MENU_GIFT = N_("Send the host a gift")
MENU_GIFTS = N_("The gift menu and big-gift envelopes")
MENU_REFUND = N_("Refund a gift")

# --- the stream overlay (the page OBS shows, and /overlay) --------------------------------------
OVERLAY_LINK = N_(
    "🎬 Your stream overlay for {room}:\n{url}\n\n"
    "In OBS: Sources → + → Browser, paste the link, width 1920, height 1080. It shows the next "
    "show and your pinned announcement, and during a lottery the prize, how to enter (never the "
    "password), the countdown, the entrants and the winners; newcomers and gifts scroll along "
    "the bottom.\nKeep the link to yourself; /overlay reset makes a new one and the old one "
    "stops at once."
)
OVERLAY_RESET = N_("🔄 New overlay link for {room} (the old one has stopped):\n{url}")
OVERLAY_SENT_PRIVATELY = N_("I've sent you the overlay link in our private chat.")
OVERLAY_USAGE = N_("/overlay gives your overlay link; /overlay reset makes a new one.")
OVERLAY_NO_ROOMS = N_(
    "You are not an admin of any room I run. Add me to your live-room group as an admin, then "
    "send /overlay there."
)
OVERLAY_OFF = N_(
    "The overlay is off on this bot: its web server is not running (see OVERLAY_LISTEN in the "
    "bot's settings). Ask whoever runs the bot."
)
OVERLAY_NEXT_SHOW = N_("Next show")
OVERLAY_ON_AIR = N_("On air")
OVERLAY_PINNED = N_("📌 Pinned")
OVERLAY_LOTTERY = N_("🎁 Lottery")
OVERLAY_WINNERS_COUNT = P_("{n} winner", "{n} winners")
OVERLAY_HOW_OPEN = N_("Press 🙋 Join under the lottery post in the chat")
OVERLAY_HOW_FOLLOW = N_("Follow {channel}, then press 🙋 Join in the chat")
OVERLAY_HOW_SHARE = N_("Press 🙋 Join in the chat for your invite link: bring a friend in")
OVERLAY_HOW_PASSWORD = N_("Type the password you hear on stream in the chat")
OVERLAY_DRAW_IN = N_("Draw in")
OVERLAY_WINNERS = N_("🎉 Winners")
OVERLAY_NO_WINNER = N_("No entries, no winner this time")
MENU_OVERLAY = N_("Your stream overlay for OBS")

# --- the run-of-show ---------------------------------------------------------------------------
MENU_SCRIPT = N_("A show's run-of-show: its segments")
MENU_NEXT = N_("Run-of-show: on to the next segment")
MENU_PAUSE = N_("Run-of-show: hold the clock")
MENU_RESUME = N_("Run-of-show: run the clock again")
SCRIPT_USAGE = N_(
    "Write a show's run-of-show after its number, a segment a line:\n"
    "/script 7\n10m Welcome and intro\n20m Q&A: winter skincare\n"
    "5m lottery password rose x3 Lip balm\n15m Try-on\n"
    "wishes: Spring looks; Night routine\n\n"
    "/script 7 — show it; /script 7 copy 5 — take show #5's; "
    "/script 7 add|edit <no.>|move <no.> <to>|remove <no.>|clear — change it. "
    "While it is live: /next, /pause, /resume."
)
SCRIPT_HEADER = N_("📋 Run-of-show of #{id} “{title}”, {start} ({timezone}):")
SCRIPT_LINE = N_("{number}. {at} · {minutes} min · {name}")
SCRIPT_NO_SEGMENTS = N_("No segments yet: write them with /script {id} and a segment a line.")
SCRIPT_TOTAL = N_("In all: {length}")
SCRIPT_WISHES = N_("Goodbye poll: {themes}")
SCRIPT_HELP = N_(
    "Change: /script {id} add|edit <no.>|move <no.> <to>|remove <no.>|clear. "
    "The cues come to you alone while the show is live."
)
SAVED = N_("✅ Saved.")
SCRIPT_SENT_PRIVATELY = N_("I've sent you the run-of-show in our private chat.")
SEGMENT_LOTTERY = N_("🎁 Lottery: {prize}")
SEGMENT_LOTTERY_SPEC = N_("🎁 lottery {args}")
ERR_SCRIPT_LINE = N_("Line {number} (“{line}”) can't be read:")
ERR_SEGMENT_FORMAT = N_(
    "A segment starts with its length, then what happens: “10m Welcome”, “1h30m Q&A”, "
    "“5m lottery open Mug”."
)
ERR_SEGMENT_MINUTES = N_("A segment lasts from 1 to {limit} minutes; this one says {minutes}.")
ERR_SEGMENT_NO_TITLE = N_("Say what happens in the segment after its length: “10m Welcome”.")
ERR_SEGMENT_NUMBER = N_("There is no segment {number}: the script has {count}.")
ERR_SCRIPT_TOO_MANY = N_("A run-of-show takes up to {limit} segments; this one has {count}.")
ERR_SCRIPT_TOO_LONG = N_(
    "This run-of-show lasts {minutes} min, longer than a show may ({limit} min, after which I "
    "end it). Shorten or remove a segment. Nothing was changed."
)
ERR_SCRIPT_NOT_EDITABLE = N_(
    "Show #{id} has already started or ended, so its run-of-show can't change any more."
)
ERR_SCRIPT_EMPTY = N_("There's no segment in that. A segment a line, e.g. “10m Welcome”.")
ERR_SCRIPT_NONE = N_("Show #{id} has no run-of-show yet.")
ERR_SCRIPT_NOT_LIVE = N_("No run-of-show is running: it starts when a show with one goes live.")
ERR_SCRIPT_LAST_SEGMENT = N_(
    "This is the last segment: there is no next one. End the video chat when you are done."
)
ERR_SCRIPT_PAUSED = N_("The run-of-show is already paused. /resume runs its clock again.")
ERR_SCRIPT_NOT_PAUSED = N_("The run-of-show isn't paused.")
SCRIPT_PAUSE_DONE = N_("⏸ Paused: “{name}”, {left} left. /resume when you're ready.")
SCRIPT_RESUME_DONE = N_("▶️ Running again: “{name}”, {left} left.")
CUE_NOW = N_("🎬 Now ({number}/{count}): {name} — {minutes} min")
CUE_NEXT = N_("Next: {name} ({minutes} min)")
CUE_LAST = N_("This is the last segment.")
CUE_WARN = N_("⏱ One minute left: {name}")
CUE_OVERRUN = N_(
    "⏰ The run-of-show's {length} are over and you are still live. Time for the goodbye."
)
CUE_LOTTERY_STARTED = N_("Lottery #{id} has started ({args}).")
CUE_LOTTERY_WAITS = N_("Its lottery starts once lottery #{id} is drawn.")
CUE_LOTTERY_REFUSED = N_("Its lottery can't start: {reason}")
ERR_WISHES_TOO_MANY = N_(
    "A poll takes up to {limit} themes; you gave {count}. Keep the ones fans most likely want."
)
ERR_WISH_TOO_LONG = N_("“{theme}” is {length} characters; a poll's theme takes up to {limit}.")
ERR_WISH_TWICE = N_("“{theme}” is there twice.")
ERR_WISHES_NO_SHOW = N_(
    "There's no show on air or scheduled here to ask the fans at its goodbye. /schedule one first."
)
WISHES_OPEN_QUESTION_SHORT = N_("an open question (fans add their own themes)")

# --- the next show's theme, chosen by the fans ------------------------------------------------
MENU_WISHES = N_("Ask the fans the next show's theme at the goodbye")
WISHES_SET = N_(
    "🗳 At the goodbye of #{id} “{title}” I'll ask the fans what the next show should be about: "
    "{themes}. They may add their own; the poll is open for {hours} h, then you get the results."
)
WISHES_SET_OPEN = N_(
    "🗳 At the goodbye of #{id} “{title}” I'll ask the fans what the next show should be about, "
    "an open question: they add their own themes. The poll is open for {hours} h, then you get "
    "the results."
)
GOODBYE_POLL = N_("🗳 What should the next show be about? Vote below, or add your own idea.")
WISHES_QUESTION = N_("What should the next show be about?")
WISHES_SURPRISE = N_("🎲 Surprise us")
WISHES_RESULTS = N_("🗳 The fans chose the next theme (goodbye poll of “{title}”, {voters} voted):")
WISHES_RESULT_LINE = N_("{number}. {theme} — {votes} ({share}%)")
WISHES_ADDED_BY = N_(", added by {name}")
WISHES_RESULTS_HINT = N_("Tap below to schedule the winner; you choose the time.")
WISHES_NO_VOTES = N_("🗳 Nobody voted in the goodbye poll of “{title}”.")
BUTTON_SCHEDULE_THEME = N_("📅 Schedule “{theme}”")
WISHES_ASK_TIME = N_(
    "When should “{theme}” go on? Send the date and time in {timezone}, e.g. {example_date} "
    "20:00 or tomorrow 20:00. /cancel to leave it."
)
WISHES_TIME_USAGE = N_(
    "Send the date and the time, e.g. {example_date} 20:00 or tomorrow 20:00 (/cancel to leave "
    "it)."
)
WISHES_TIME_CANCELLED = N_("OK, nothing was scheduled.")
WISHES_SCHEDULED = N_(
    "📅 Scheduled #{id} “{title}” in {room}: {start}. The fans who chose it get “Remind me” "
    "from me privately."
)
WISHES_OFFER = N_(
    "🗳 The theme you voted for is on: “{title}” in {room}, {start} ({timezone}). "
    "Want a reminder when it starts?"
)
ERR_WISH_SCHEDULE_GONE = N_("That poll's result can't be scheduled (any more).")
ERR_WISH_SCHEDULED = N_("You've scheduled it already: show #{id}.")

# --- the host's numbers --------------------------------------------------------------------------
REPORT_ACTIVE_FANS = N_("Active fans: {fans} (at most {peak} in one minute)")
REPORT_VIDEO_CHAT = N_("Video chat: {length}")
REPORT_CHART_PLANNED = N_("Planned")
REPORT_CHART_ACTUAL = N_("Actual")
REPORT_SCRIPT_HEADER = N_("📋 Run-of-show of “{title}”, planned → actual:")
REPORT_SCRIPT_LINE = N_("{number}. {name}: {planned} → {actual}")
REPORT_SCRIPT_NOT_REACHED = N_("not reached")
MENU_STATS = N_("Your numbers: last shows, active fans, the selling rule")
STATS_NONE = N_("📈 No show has ended here yet: your numbers come after the first one.")
STATS_HEADER = N_("📈 Your last shows ({timezone}):")
STATS_SHOW = N_(
    "• {start} “{title}”: {length}, {fans} active fans (at most {peak} in one minute), "
    "{members} new members, {entries} lottery entries, {gifts} gifts"
)
STATS_RULE = N_(
    "Toward selling goods ({shows} shows of at least {minutes} min, each with at least {fans} "
    "active fans): {count} of {shows}"
)
STATS_QUALIFIED = N_("{date} ({length}, {fans} active fans) ✅")
STATS_NEXT = N_("Next: a show of at least {minutes} min with {fans} active fans.")
STATS_MET = N_("✅ You meet the rule.")
STATS_ACTIVE_NOTE = N_(
    "Active fans: people who wrote, pressed a button, entered, reacted, joined or sent a gift "
    "during the show. Telegram tells bots nothing of who watches a video chat."
)
STATS_SENT_PRIVATELY = N_("I've sent you your numbers in our private chat.")
OVERLAY_NOW = N_("Now")
OVERLAY_THEN = N_("Next")
OVERLAY_PAUSED = N_("paused")

# --- popularity ----------------------------------------------------------------------------------
MENU_POPULARITY = N_("The show's popularity and its weights")
POPULARITY_USAGE = N_(
    "/popularity shows the show's popularity so far; /popularity like=3 chat=1 changes the "
    "points per chatting minute (chat), like, share, new member, boost or Star."
)
POPULARITY_NOW = N_(
    "🔥 Popularity of “{title}” so far: {score}\n"
    "Chatting minutes {chat} · likes {likes} · shares {shares} · new members {members} · "
    "boosts {boosts} · Stars {stars}\n"
    "Points each: {weights}. Change them: /popularity like=3"
)
POPULARITY_OFF_AIR = N_(
    "No show is on air: popularity counts during a show. Points each: {weights}. "
    "Change them: /popularity like=3"
)
POPULARITY_WEIGHTS_SET = N_("✅ Popularity now counts: {weights}.")
ERR_WEIGHT_NAME = N_("“{value}” isn't a weight: use name=points with a name of {names}.")
ERR_WEIGHT_VALUE = N_("“{value}”: points are a whole number from 0 to {limit}.")
REPORT_POPULARITY = N_("Popularity: {score}")
GOAL_LIKES = P_("{n} like", "{n} likes")
GOAL_POPULARITY = P_("{n} popularity point", "{n} popularity points")
GOAL_STARS = P_("{n} Star", "{n} Stars")
GOAL_NEWCOMERS = P_("{n} new member", "{n} new members")
GOAL_PROGRESS = N_("🎯 {step}% of the way: {value} of {goal} — then a lottery for {prize}!")
GOAL_REACHED = N_("🎯 Goal reached: {goal}! The lottery for {prize} starts now.")
MENU_GOAL = N_("A goal of the show: a lottery when it reaches N likes, points, Stars")
GOAL_USAGE = N_(
    "/goal <number> likes|popularity|stars|members <lottery>, e.g. /goal 500 likes open Lip "
    "balm: when this show reaches it, the lottery starts by itself. /goal lists them; "
    "/goal cancel <no.>."
)
GOAL_ARMED = N_(
    "🎯 Goal #{id} for “{title}”: at {goal} a lottery for {prize} starts by itself. "
    "I'll tell the room at 50% and 90%."
)
GOALS_NONE = N_("No goals armed. /goal 500 likes open Lip balm arms one.")
GOALS_HEADER = N_("🎯 Goals:")
GOALS_ITEM = N_("#{id}: {value} of {goal} → {prize}")
GOAL_CANCELLED = N_("Goal #{id} is cancelled.")
ERR_GOAL_NUMBER = N_("“{value}” isn't a goal: a whole number from 1 to {limit} comes first.")
ERR_GOAL_WHAT = N_("“{value}”: a goal counts likes, popularity, stars or members.")
ERR_GOAL_NO_SHOW = N_("A goal counts during a show: /schedule one first (or go live).")
ERR_GOAL_NOT_FOUND = N_("There is no armed goal #{id} here. /goal lists them.")
OVERLAY_POPULARITY = N_("Popularity")
OVERLAY_GOAL = N_("{goal}: {prize}")

# --- the fan club --------------------------------------------------------------------------------
BUTTON_CHECK_IN = N_("✋ Check in")
MENU_CHECKIN = N_("Check in to the show on air (the fan club)")
MENU_ME = N_("Your fan club level and streak")
MENU_FANS = N_("The fan club: levels, the most loyal, who lapsed")
STREAK = P_("{n} show in a row", "{n} shows in a row")
CHECKED_IN = N_("✋ Checked in, {name}! {streak}.")
CHECKED_IN_ALREADY = N_("You're checked in to this show already ({streak}).")
ERR_CHECKIN_NO_SHOW = N_("No show is on air: check in when the next one starts.")
ME_NO_LEVEL = N_("Fan club: {points} points; {next} more for level 1.")
ME_LEVEL = N_("Fan club: level {level}, {points} points; {next} more for the next level.")
ME_TOP_LEVEL = N_("Fan club: level {level}, {points} points: the top level!")
ME_PAUSED = N_("Paused: come to a show (and check in) to pick up where you left off.")
ME_FIGURES = N_(
    "Streak: {streak} · shows attended: {shows} · this week: {likes} likes, {stars} Stars"
)
ME_IN_ROOM = N_(
    "You aren't in a fan club yet: check in (✋) at a show. Each room has its own; /me there "
    "tells you yours."
)
FANS_NONE = N_("The fan club has no members yet: fans earn points at shows (✋ Check in).")
FANS_HEADER = N_("👥 Fan club: {sizes}")
FANS_LEVEL_SIZE = N_("level {level}: {fans}")
FANS_LOYAL = N_("{rank}. {name} — {points} points, level {level}")
FANS_LAPSED = N_("Paused (no show lately): {names}")
FAN_LEVELS_SET = N_("✅ Fan club levels from now on: {levels} points.")
ERR_FAN_LEVELS = N_(
    "“{value}”: give the points of each level in rising order, e.g. /fans levels 10, 50, 150 "
    "(up to 10 levels)."
)
FANS_NO_ACTIVE = N_("no active members")
ENTRY_NOT_QUALIFIED = N_(
    "🔒 This lottery is for fan club members who meet its condition (see the card). Check in "
    "(✋) at shows to earn points and level up."
)
ERR_LOTTERY_CONDITION = N_(
    "“{value}”: a condition is level>=N or checkins>=N, with N from 1 to {limit}, each once."
)
CONDITION_LEVEL = N_("fan club level {level} and up")
CONDITION_CHECKINS = N_("came to {checkins} of the last {shows} shows")
# A member tag: at most 16 characters, no emoji (Telegram's rule).
MEMBER_TAG = N_("Lv{level} fan")
FAN_PAUSED = N_(
    "⏸ Your fan club membership in {room} is paused: no show for a while. Your level {level} "
    "and {points} points are kept — come to a show and check in (✋) to pick up where you left "
    "off."
)

# --- the charts of rooms -------------------------------------------------------------------------
MENU_CHARTS = N_("The charts of rooms by popularity (join, leave)")
CHARTS_USAGE = N_(
    "/charts shows the charts of rooms; /charts join puts this room in them, /charts leave "
    "takes it out."
)
CHARTS_JOINED = N_(
    "✅ This room is in the charts of rooms by popularity, with its link {link}. /charts leave "
    "takes it out."
)
CHARTS_LEFT = N_("This room is out of the charts.")
CHARTS_NO_LINK = N_(
    "I can't make a link to this room for the charts: make me an admin who may invite users, "
    "then try again."
)
CHARTS_HEADER_HOUR = N_("📈 Rooms by popularity, last hour:")
CHARTS_HEADER_WEEK = N_("📈 Rooms by popularity, last 7 days:")
CHARTS_ITEM = N_("{rank}. {title} — {popularity} · {link}")
CHARTS_EMPTY = N_("No room in the charts yet.")
CHARTS_HOW_TO_JOIN = N_("This room isn't in the charts: /charts join.")
CHARTS_WEEKLY = N_("🏆 This week's top rooms by popularity:")
TOP_SHOW_POPULARITY = N_("🔥 The show's popularity so far: {score}")

# --- fair play (/fairplay, /block, /entrants, countdown, minimum, human check) -----------------
MENU_FAIRPLAY = N_("Fair play: who may win (cap, fresh first, newcomers, human check)")
MENU_ENTRANTS = N_("Who is in the running lottery; remove one with a reason")
MENU_BLOCK = N_("Block a fan from the room's lotteries (reply, or a user id)")
MENU_UNBLOCK = N_("Unblock a fan")
MENU_BLOCKED = N_("The room's block list")
FAIRPLAY_USAGE = N_(
    "Fair play rules for this room's lotteries:\n"
    "/fairplay cap 1 30 — a fan who won 1 prize here in 30 days can't win again (cap off: none)\n"
    "/fairplay fresh on — fans who haven't won in that window go first (off: equal odds)\n"
    "/fairplay newcomers off — only members from before a lottery starts can win\n"
    "/fairplay check on — Join asks a quick human check first\n"
    "/block, /unblock, /blocked — the block list; /entrants — who is in the running lottery"
)
ERR_FAIRPLAY_CAP = N_(
    "A cap is a number of wins from 1 to {wins_limit} and a number of days from 1 to "
    "{days_limit}, e.g. /fairplay cap 1 30"
)
FAIRPLAY_RULES = N_(
    "⚖️ Fair play in this room:\n{rules}\nThey apply to lotteries started from now on."
)
RULE_CAP = P_(
    "• At most {n} win per fan in {days} days: anyone who reached it can't win",
    "• At most {n} wins per fan in {days} days: anyone who reached it can't win",
)
RULE_NO_CAP = N_("• No cap on wins (/fairplay cap 1 30 sets one)")
RULE_FRESH = N_("• Fans who haven't won here in {days} days go first")
RULE_EQUAL = N_("• Equal odds for everyone (/fairplay fresh on: fresh winners first)")
RULE_MEMBERS_ONLY = N_("• Only members from before a lottery starts can win it")
RULE_NEWCOMERS = N_("• Newcomers can win (/fairplay newcomers off: members only)")
RULE_CHECK_ON = N_("• Join asks a quick human check")
RULE_CHECK_OFF = N_("• No human check on Join (/fairplay check on)")
RULE_BLOCKED = P_("• {n} fan blocked (/blocked)", "• {n} fans blocked (/blocked)")
CARD_CAP = P_(
    "won {n} prize here in {days} days: can't win", "won {n} prizes here in {days} days: can't win"
)
CARD_FRESH = N_("fans who haven't won in {days} days first")
CARD_MEMBERS_ONLY = N_("members from before {time} only")
CARD_MINIMUM = N_("needs {minimum} entrants")
CARD_CHECK = N_("🙂 Joining asks you to tap {emoji}")
RESULT_FAIR = N_(
    "⚖️ Fair play: {out} kept out, {behind} moved behind (/proof {id} says who and why)."
)
ENTRY_BLOCKED = N_("Sorry, you can't enter this lottery.")
BLOCK_USAGE = N_(
    "Reply to a fan's message with /block, or send /block <user id>. /unblock the same way; "
    "/blocked lists them."
)
BLOCKED_DONE = N_("🚫 {name} is blocked from this room's lotteries. /unblock undoes it.")
BLOCKED_ALREADY = N_("{name} was blocked already.")
UNBLOCKED = N_("✅ {name} may enter this room's lotteries again.")
NOT_BLOCKED = N_("{name} isn't blocked.")
ERR_BLOCK_ADMIN = N_("{name} runs this room: admins never win its lotteries anyway.")
BLOCKED_LIST = N_("🚫 Blocked from this room's lotteries:\n{list}")
BLOCKED_ITEM = N_("• {name} (id {user_id}), since {date}")
BLOCKED_NONE = N_("Nobody is blocked in this room.")
ENTRANTS_USAGE = N_(
    "/entrants lists who is in the running lottery; /entrants remove <no.> <reason> takes one "
    "out of the draw, e.g. /entrants remove 12 same person as no. 3. The proof records it."
)
ENTRANTS_HEADER = P_(
    "Lottery #{id}: {n} entrant. The newest, by number:",
    "Lottery #{id}: {n} entrants. The newest, by number:",
)
ENTRANTS_ITEM = N_("{number}. {name} (id {user_id}) {time}")
ENTRANTS_ITEM_OUT = N_("{number}. {name} (id {user_id}) {time} — removed: {reason}")
ENTRANTS_NONE = N_("Lottery #{id} has no entrants yet.")
ENTRANT_REMOVED = N_(
    "✂️ No. {number}, {name}, is out of lottery #{id}'s draw: “{reason}”. The proof will say so."
)
ERR_REMOVE_NO_REASON = N_("Please give a reason, e.g. /entrants remove 12 same person as no. 3")
ERR_REASON_TOO_LONG = N_("Keep the reason to {limit} characters (this one has {length}).")
ERR_NO_SUCH_ENTRANT = N_("Lottery #{id} has no entrant no. {number}: /entrants lists them.")
ERR_ENTRANT_REMOVED = N_("No. {number}, {name}, is out of the draw already.")
ERR_LOTTERY_COUNTDOWN = N_(
    "“{value}”: a countdown is from 30 seconds to 24 hours, e.g. 90s, 5m or 1h30m."
)
ERR_LOTTERY_MINIMUM = N_("“{value}”: a minimum of entrants is min2 to min100000, e.g. min20.")
LOTTERY_EXTENDED = N_(
    "⏳ Lottery #{id} ({prize}) has {entrants} of the {minimum} entrants it needs: one more "
    "round. The draw is now at {draw_time} ({timezone})."
)
LOTTERY_SHORT = N_(
    "Lottery #{id} ({prize}) is cancelled: {entrants} entered, {minimum} were needed. Nobody "
    "wins this time."
)
CARD_SHORT = N_("❌ Cancelled: too few entrants.")
# The human check, for the fan alone.
CHECK_PROMPT = N_(
    "🙂 Quick check before you enter lottery #{id}: tap the emoji shown on the card."
)
CHECK_ASKED = N_("One quick check first: see the message only you can see.")
CHECK_OPEN_PRIVATE = N_("One quick check first, in our private chat.")
CHECK_WRONG = N_("Not that one: look at the card and try again.")
CHECK_TOO_MANY = N_("Too many tries. Please wait a few minutes.")
CHECK_PASSED = N_("✅ Checked. You're in lottery #{id}!")

# --- joint shows (/cohost, /battle, a joint lottery) ----------------------------------------
MENU_COHOST = N_("A joint show with another host's room (invite, accept, cancel)")
MENU_BATTLE = N_("A timed battle between the joint show's rooms")
COHOST_USAGE = N_(
    "Joint shows with another host's room:\n"
    "/cohost invite <show id> — a one-time code for the other host (valid 48 hours)\n"
    "/cohost accept <code> — in their room: a show at the same moment (or add a show id, or a "
    "date and time)\n"
    "/cohost cancel — ends the joint show; /cohost alone shows it"
)
ERR_COHOST_CODE = N_("That isn't an invite code: it starts with J and has 17 characters.")
ERR_COHOST_CODE_USED = N_("This code doesn't work: it was used already, or mistyped.")
ERR_COHOST_CODE_EXPIRED = N_("This code has expired (codes last 48 hours). Ask for a new one.")
ERR_COHOST_OWN_ROOM = N_("That code is this room's own: the other host accepts it in their room.")
ERR_COHOST_SHOW_OVER = N_("Show #{id} is over or cancelled: a joint show needs one still to come.")
ERR_COHOST_ALREADY = N_("Show #{id} is part of a joint show already (/cohost shows it).")
ERR_COHOST_WHEN = N_(
    "The invited show has started: add when yours is, e.g. /cohost accept <code> 2026-12-24 20:00"
)
ERR_NO_JOINT_SHOW = N_("This room has no joint show. /cohost invite <show id> makes a code.")
ERR_JOINT_NOT_LIVE = N_(
    "The joint show's show #{id} isn't live yet: joint lotteries and battles run while it is."
)
COHOST_INVITED = N_(
    "🤝 Invite code for show #{id} “{title}”: {code}\n"
    "The other host sends /cohost accept {code} in their room (with a show id of theirs, a date "
    "and time, or nothing for the same moment). It works once, until {expires} ({timezone})."
)
COHOST_SET = N_(
    "🤝 Joint show: your show #{id} “{title}” ({start}, {timezone}) with {partner}. Both rooms' "
    "trailers and live notices name each other; while you're live, /lottery … joint is one "
    "lottery for both rooms and /battle 10m likes a contest. /cohost cancel ends it."
)
COHOST_NONE = N_("This room has no joint show. /cohost invite <show id> makes a code.")
JOINT_ENDED_CANCELLED = N_("🤝 The joint show with {partner} is off: a host cancelled it.")
JOINT_ENDED_RIGHTS = N_(
    "🤝 The joint show with {partner} has ended: a host is no longer an admin of their room."
)
JOINT_ENDED_REMOVED = N_(
    "🤝 The joint show with {partner} has ended: Liveroom is no longer in that room."
)
TRAILER_JOINT = N_("🤝 A joint show with {partner}: {link}")
TRAILER_JOINT_NO_LINK = N_("🤝 A joint show with {partner}")
LIVE_JOINT = N_("🤝 Live together with {partner}: {link}")
LIVE_JOINT_NO_LINK = N_("🤝 Live together with {partner}")
REPORT_JOINT = N_(
    "🤝 Joint show, this room | {partner}: active fans {fans} | {partner_fans} · new members "
    "{members} | {partner_members} · entries {entries} | {partner_entries} · gifts {stars}⭐ | "
    "{partner_stars}⭐ · popularity {popularity} | {partner_popularity}"
)
CARD_JOINT = N_("🤝 One lottery for this room and {partner}, one draw. The prize is {owner}'s.")
RESULT_JOINT = N_("🤝 Drawn among the fans of both rooms, {room} and {partner}.")
ERR_JOINT_PARTNER_BUSY = N_("{partner} has a lottery running: a joint one starts after it.")
ERR_JOINT_PARTNER_CHANNEL = N_(
    "{partner} has no channel linked: a joint follow lottery needs both (/channel there)."
)
WINNERS_JOINT = N_("🤝 Joint lottery #{id} ({prize}, {owner}'s prize): {winners}")
BATTLE_USAGE = N_(
    "/battle <minutes>m likes|gifts|popularity during a joint show, e.g. /battle 10m likes"
)
ERR_BATTLE_LENGTH = N_("A battle lasts from 1 to 120 minutes, e.g. /battle 10m likes")
ERR_BATTLE_RUNNING = N_("A battle is on already: the next one after it ends.")
BATTLE_LIKES = N_("likes")
BATTLE_GIFTS = N_("Stars in gifts")
BATTLE_POPULARITY = N_("popularity")
BATTLE_STARTED = N_(
    "⚔️ Battle! {room} vs {partner}: the most {metric} in {minutes} min wins. It ends at "
    "{end} ({timezone})."
)
BATTLE_RESULT = N_(
    "⚔️ Battle over ({metric}): {room_a} {score_a} — {score_b} {room_b}.\n🏆 {winner} wins! "
    "Top fans: {top}"
)
BATTLE_TIE = N_("⚔️ Battle over ({metric}): {room_a} {score_a} — {score_b} {room_b}. A tie!")
BATTLE_NOBODY = N_("nobody yet")
OVERLAY_BATTLE = N_("⚔️ Battle: {metric}")
WIZARD_BOTH_ROOMS = N_("🤝 Also for {partner}")
WIZARD_BOTH_ROOMS_ON = N_("🤝 Both rooms ✓ (tap: this room only)")
WIZARD_CONFIRM_JOINT = N_("🤝 For both rooms: this one and {partner}, one draw.")
