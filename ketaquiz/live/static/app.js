// The participant's page. Bank text is untrusted: it only ever reaches the page through textContent.
"use strict";

(function () {
  const base = location.pathname.replace(/[^/]*$/, "");
  const scoreKey = "ketaquiz-score:" + base;
  const sections = ["connecting", "waiting", "voting", "revealed", "ended"];
  let mine = null; // {position, choice} of this browser's latest vote
  let shown = null; // the phase and position on screen, so a repeated event does not re-announce
  let events = null;
  let ended = false;
  let lost = false; // the event stream dropped: the next state is announced again

  const $ = (id) => document.getElementById(id);
  const say = (text) => { $("status").textContent = text; };
  const capital = (word) => word.charAt(0).toUpperCase() + word.slice(1);

  function show(phase) {
    for (const id of sections) $(id).hidden = id !== phase;
  }

  function scores() {
    try {
      return JSON.parse(sessionStorage.getItem(scoreKey)) || {};
    } catch (error) {
      return {};
    }
  }

  function remember(position, right) {
    const all = scores();
    all[position] = right;
    try {
      sessionStorage.setItem(scoreKey, JSON.stringify(all));
    } catch (error) {
      // Private browsing may refuse storage; the score is then simply not kept.
    }
  }

  function fill(list, items, describe) {
    list.replaceChildren(...items.map((item) => {
      const entry = document.createElement("li");
      entry.textContent = describe(item);
      return entry;
    }));
  }

  function showPosition(state) {
    $("title").textContent = state.title || "Myth or fact?";
    $("position").textContent = state.position_text || "";
  }

  function showVoting(state, fresh) {
    $("statement").textContent = state.statement;
    const choice = mine && mine.position === state.position ? mine.choice : null;
    for (const name of ["myth", "fact"]) $("vote-" + name).setAttribute("aria-pressed", String(choice === name));
    if (fresh) say(choice ? "Vote received: " + capital(choice) + "." : "");
  }

  function showRevealed(state, fresh) {
    $("revealed-statement").textContent = state.statement;
    const verdict = $("verdict");
    verdict.textContent = state.verdict_text;
    verdict.className = "verdict " + state.verdict;
    const choice = mine && mine.position === state.position ? mine.choice : null;
    const outcome = $("outcome");
    if (choice) {
      const right = choice === state.verdict;
      outcome.textContent = state.outcome[choice];
      outcome.className = "outcome " + (right ? "right" : "wrong");
      if (fresh) remember(state.position, right);
    } else {
      outcome.textContent = "You did not vote on this one.";
      outcome.className = "outcome";
    }
    $("room").textContent = state.room;
    $("explanation").textContent = state.explanation;
    $("passage-heading").textContent = state.passage_heading;
    $("passage").textContent = state.passage;
    const translation = $("passage-translation");
    translation.hidden = !state.passage_translation;
    translation.textContent = state.passage_translation ? state.passage_translation.text : "";
    translation.lang = state.passage_translation ? state.passage_translation.language : "";
    $("evidence").hidden = !state.evidence;
    if (state.evidence) {
      $("evidence-note").textContent = state.evidence.note;
      fill($("evidence-sources"), state.evidence.sources, (source) => source);
    }
    if (fresh) say(verdict.textContent + ". " + outcome.textContent);
  }

  function showEnded(state) {
    const all = Object.values(scores());
    const right = all.filter(Boolean).length;
    $("score").textContent = all.length
      ? "Your score: " + right + " right of " + all.length + (all.length === 1 ? " statement" : " statements") +
        " you voted on."
      : "You did not vote on any statement.";
    fill($("summary"), state.summary, (row) => row.text);
    $("summary-part").hidden = state.summary.length === 0;
    fill($("resources"), state.resources, (resource) => resource.text);
    $("resources-part").hidden = state.resources.length === 0;
    say("The session has ended.");
  }

  function render(state) {
    const key = state.phase + ":" + state.position;
    const fresh = key !== shown || lost;
    shown = key;
    lost = false;
    showPosition(state);
    show(state.phase);
    if (state.phase === "voting") showVoting(state, fresh);
    else if (state.phase === "revealed") showRevealed(state, fresh);
    else if (state.phase === "ended") {
      ended = true;
      if (events) events.close();
      showEnded(state);
    } else if (fresh) say("");
  }

  async function vote(choice) {
    const position = Number($("position").dataset.open);
    let response;
    try {
      response = await fetch(base + "api/vote", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ position: position, choice: choice }),
        credentials: "same-origin",
      });
    } catch (error) {
      say("Your vote did not reach the workshop; check the network and try again.");
      return;
    }
    if (response.ok) {
      mine = { position: position, choice: choice };
      for (const name of ["myth", "fact"]) $("vote-" + name).setAttribute("aria-pressed", String(choice === name));
      say("Vote received: " + capital(choice) + ". You can change it until the reveal.");
    } else if (response.status === 409) {
      say("Voting on this statement has closed.");
    } else {
      say("Your vote was not counted; try again in a moment.");
    }
  }

  function connect() {
    events = new EventSource(base + "api/events");
    events.onmessage = (message) => {
      const state = JSON.parse(message.data);
      $("position").dataset.open = state.phase === "voting" ? state.position : "";
      render(state);
    };
    events.onerror = () => {
      if (!ended) {
        lost = true;
        say("Connection lost; reconnecting…");
      }
    };
  }

  async function start() {
    $("vote-myth").addEventListener("click", () => vote("myth"));
    $("vote-fact").addEventListener("click", () => vote("fact"));
    try {
      const response = await fetch(base + "api/state", { credentials: "same-origin" });
      const state = await response.json();
      if (state.your_vote) mine = { position: state.position, choice: state.your_vote };
    } catch (error) {
      // The event stream brings the state too; only a vote made before a reload is lost.
    }
    connect();
  }

  start();
})();
