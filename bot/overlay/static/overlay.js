// The overlay page: one EventSource to the bot, which sends the room's whole state whenever it
// changes ("state") and each line for the ticker ("ticker"). The browser reconnects by itself
// after a dropped stream; a stream refused for good is either a reset link (404: the page goes
// blank) or passing trouble (a proxy's 502 while the bot restarts: try again).
"use strict";

const TICKER_SHOWN = 3;
const RETRY_MS = 3000;
const eventsUrl = window.location.pathname.replace(/\/$/, "") + "/events";
let state = null;
let offset = 0; // the server's clock minus this one's: countdowns run on the server's time
let source = null;

const $ = (id) => document.getElementById(id);
const serverNow = () => Date.now() + offset;

function show(id, visible) {
  $(id).hidden = !visible;
}

function text(id, value) {
  if ($(id).textContent !== value) $(id).textContent = value;
}

function mode() {
  if (state === null) return "connecting";
  if (state.lottery) return "lottery";
  if (state.reveal && serverNow() < state.reveal.until) return "reveal";
  return "idle";
}

function clock(ms) {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  const minutes = Math.floor(seconds / 60);
  const rest = String(seconds % 60).padStart(2, "0");
  return minutes >= 60
    ? `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, "0")}:${rest}`
    : `${minutes}:${rest}`;
}

function renderIdle() {
  const { show: next, pinned } = state;
  show("show", next !== null);
  if (next) {
    text("show-label", next.label);
    text("show-title", next.title);
    text("show-when", next.when);
  }
  show("pinned", pinned !== null);
  if (pinned) {
    text("pinned-label", pinned.label);
    text("pinned-text", pinned.text);
  }
  show("idle", next !== null || pinned !== null);
}

function renderLottery() {
  const lottery = state.lottery;
  text("lottery-label", lottery.label);
  text("lottery-prize", lottery.prize);
  text("lottery-winners", lottery.winners);
  text("lottery-how", lottery.how);
  text("lottery-draw-in", lottery.draw_in);
  const entrants = $("entrants");
  if (entrants.dataset.count !== String(lottery.entrants)) {
    entrants.dataset.count = String(lottery.entrants);
    entrants.classList.remove("bump");
    void entrants.offsetWidth; // restart the animation
    entrants.classList.add("bump");
  }
  text("entrants", lottery.entrants_text);
}

let revealed = null; // which draw the winners list shows, so it animates once

function renderReveal() {
  const reveal = state.reveal;
  text("reveal-label", reveal.label);
  text("reveal-prize", reveal.prize);
  const key = `${reveal.until}:${reveal.winners.join("\n")}`;
  if (revealed !== key) {
    revealed = key;
    const list = $("winners");
    list.replaceChildren(
      ...reveal.winners.map((name, index) => {
        const item = document.createElement("li");
        item.textContent = name;
        item.style.animationDelay = `${0.6 + index * 0.7}s`;
        return item;
      }),
    );
  }
  show("nobody", reveal.winners.length === 0);
  text("nobody", reveal.nobody);
}

function renderRundown() {
  // The host's run-of-show, in a corner whatever else shows: the segment now, its time left
  // (held while the host has paused), and the next one.
  const rundown = state.rundown;
  show("rundown", rundown !== null);
  if (rundown === null) return;
  text("rundown-now-label", rundown.now_label);
  text("rundown-now", rundown.now);
  const paused = rundown.ends_at === null;
  const left = paused ? rundown.left_ms : rundown.ends_at - serverNow();
  text("rundown-left", paused ? `${clock(left)} · ${rundown.paused}` : clock(left));
  $("rundown").classList.toggle("paused", paused);
  show("rundown-following", rundown.next !== null);
  if (rundown.next !== null) {
    text("rundown-next-label", rundown.next_label);
    text("rundown-next", rundown.next);
  }
}

function renderPopularity() {
  // The show's popularity so far and each goal's progress bar, under the run-of-show.
  const popularity = state.popularity;
  show("popularity", popularity !== null);
  if (popularity === null) return;
  text("popularity-label", popularity.label);
  text("popularity-score", popularity.score.toLocaleString(state.lang));
  const list = $("goals");
  const key = JSON.stringify(state.goals);
  if (list.dataset.key === key) return;
  list.dataset.key = key;
  list.replaceChildren(
    ...state.goals.map((goal) => {
      const item = document.createElement("li");
      const caption = document.createElement("div");
      caption.className = "goal-text";
      caption.textContent = `${goal.text} · ${goal.value}/${goal.target}`;
      const bar = document.createElement("div");
      bar.className = "bar";
      const fill = document.createElement("div");
      fill.className = "fill";
      fill.style.width = `${Math.min(100, (100 * goal.value) / goal.target)}%`;
      bar.append(fill);
      item.append(caption, bar);
      return item;
    }),
  );
}

function renderBattle() {
  // A joint show's battle: this room's bar, the partner's, and the time left.
  const battle = state.battle;
  show("battle", battle !== null && battle !== undefined);
  if (!battle) return;
  text("battle-label", battle.label);
  text("battle-left", clock(battle.ends_at - serverNow()));
  const most = Math.max(1, ...battle.sides.map((side) => side.score));
  battle.sides.forEach((side) => {
    const row = document.querySelector(`#battle .side.${side.ours ? "ours" : "theirs"}`);
    row.querySelector(".name").textContent = side.title;
    row.querySelector(".score").textContent = side.score.toLocaleString(state.lang);
    row.querySelector(".fill").style.width = `${(100 * side.score) / most}%`;
  });
}

function tick() {
  const current = mode();
  document.body.dataset.mode = current;
  if (state === null) return;
  renderRundown();
  renderPopularity();
  renderBattle();
  show("lottery", current === "lottery");
  show("reveal", current === "reveal");
  if (current === "idle") renderIdle();
  else show("idle", false);
  if (current === "lottery") {
    renderLottery();
    const left = state.lottery.draw_at - serverNow();
    text("countdown", clock(left));
    document.body.classList.toggle("closing", left <= 10000);
  }
  if (current === "reveal") renderReveal();
}

function onState(event) {
  const message = JSON.parse(event.data);
  offset = message.now - Date.now();
  state = message.state;
  document.documentElement.lang = state.lang;
  tick();
}

const seen = new Set(); // a reconnected stream repeats the latest lines: show each once

function onTicker(event) {
  const line = JSON.parse(event.data);
  const key = `${line.at}:${line.text}`;
  if (seen.has(key)) return;
  seen.add(key);
  const list = $("ticker");
  const item = document.createElement("li");
  item.textContent = line.text;
  list.prepend(item);
  while (list.children.length > TICKER_SHOWN) list.lastElementChild.remove();
}

function gone() {
  // The link was reset: show nothing at all (OBS keeps the page open over the stream).
  state = null;
  document.body.dataset.mode = "gone";
  $("stage").replaceChildren();
}

async function onError() {
  if (source.readyState !== EventSource.CLOSED) return; // the browser is reconnecting
  let status = 0;
  try {
    status = (await fetch(window.location.pathname, { method: "HEAD", cache: "no-store" })).status;
  } catch (error) {
    status = 0; // unreachable: the bot is restarting
  }
  if (status === 404) gone();
  else window.setTimeout(connect, RETRY_MS);
}

function connect() {
  source = new EventSource(eventsUrl);
  source.addEventListener("state", onState);
  source.addEventListener("ticker", onTicker);
  source.addEventListener("error", onError);
}

connect();
window.setInterval(tick, 250);
