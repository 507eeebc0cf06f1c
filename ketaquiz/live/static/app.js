// The participant's page. Bank text is untrusted: it only ever reaches the page through textContent.
// Every word comes from the server, in the page's language: sentences about the workshop in its
// events, the page's own words (about its connection) in index.html as the server filled it in.
// This script composes no sentence; it only puts a number where a sentence has its place.
"use strict";

(function () {
  const base = location.pathname.replace(/[^/]*$/, "");
  // Every request asks for the page's own language, so that the workshop speaks to this page as it was served.
  const inLanguage = "?lang=" + encodeURIComponent(document.documentElement.lang);
  const scoreKey = "ketaquiz-score:" + base;
  const recapKey = "ketaquiz-recap:" + base; // this browser's recap votes, by their place in the recap, for its own recap score
  const sections = ["connecting", "waiting", "voting", "revealed", "ended"];
  const words = document.body.dataset;
  const STALLED_MS = 40000; // the server writes at least every 15 s, if only to say it is there
  const LONGEST_WAIT_S = 15;
  let mine = null; // {key, choice, sure} of this browser's latest vote
  // A statement's place in the workshop: the recap asks again from position 1, so the round counts too.
  const keyOf = (state) => (state.recap ? "recap:" : "") + state.position;
  let asksHowSure = false; // the workshop asks each vote how sure
  let recapping = false; // the open statement is asked again, in the recap
  let shown = null; // the phase and position on screen, so that a repeated event changes nothing
  let openPosition = null;
  let openKey = null;
  let joined = true;
  let ended = false;
  let failures = 0; // in a row: each waits about twice as long as the last before trying again
  let retry = null; // {timer, ticker} while waiting to try again
  let backTimer = null;

  const $ = (id) => document.getElementById(id);
  const setText = (id, text) => {
    // Only a change: a live region read out again for the same words would be noise.
    if ($(id).textContent !== text) $(id).textContent = text;
  };
  const say = (text) => setText("status", text);
  // A sentence the server worded for each count (`forms`, by count), with this page's number in it.
  const counted = (forms, count, right) => (forms && forms[count] ? forms[count].replace("{right}", right) : "");

  function show(phase) {
    for (const id of sections) $(id).hidden = id !== phase;
  }

  function stored(key) {
    try {
      return JSON.parse(sessionStorage.getItem(key)) || {};
    } catch (error) {
      return {};
    }
  }

  function store(key, name, value) {
    const all = stored(key);
    all[name] = value;
    try {
      sessionStorage.setItem(key, JSON.stringify(all));
    } catch (error) {
      // Private browsing may refuse storage; the score is then simply not kept.
    }
  }

  const scores = () => stored(scoreKey);
  const remember = (position, right) => store(scoreKey, position, right);

  function fill(list, items, build) {
    list.replaceChildren(...items.map((item) => {
      const entry = document.createElement("li");
      entry.append(...build(item));
      return entry;
    }));
  }

  // A text in the pieces the server cut it into: each phone number kept whole on one line, and a
  // link that dials it where it is given in digits (a help resource's pieces mark only those).
  function dialable(parts) {
    return parts.map((part) => {
      if (!part.number && !part.tel) return part.text;
      const dials = Boolean(part.tel && /^tel:[0-9+]+$/.test(part.tel));
      const number = document.createElement(dials ? "a" : "span");
      if (dials) number.href = part.tel;
      number.className = "phone";
      number.textContent = part.text;
      return number;
    });
  }

  function pressOne(ids, chosen) {
    for (const id of ids) {
      const button = $(id);
      button.setAttribute("aria-pressed", String(chosen === id));
      if (chosen === id) button.setAttribute("aria-label", button.dataset.chosen);
      else button.removeAttribute("aria-label");
    }
  }

  function press(choice, sure) {
    pressOne(["vote-myth", "vote-fact"], choice && "vote-" + choice);
    pressOne(["sure-yes", "sure-no"], choice && (sure ? "sure-yes" : "sure-no"));
    $("sureness").hidden = !(asksHowSure && joined && choice);
  }

  function showJoined(state) {
    if (state.joined === undefined) return; // the event stream's state says nothing of this browser
    joined = state.joined;
    setText("join-text", joined ? "" : state.join_text);
    $("rejoin").hidden = joined || !state.can_join;
  }

  function showVoting(state, fresh) {
    $("statement").textContent = state.statement;
    asksHowSure = Boolean(state.confidence);
    recapping = Boolean(state.recap);
    const current = mine && mine.key === keyOf(state) ? mine : null;
    press(current && current.choice, current && current.sure);
    $("choices").hidden = !joined;
    $("hint").hidden = !joined;
    $("not-joined").hidden = joined;
    setText("time-up", state.time_up_text || "");
    if (fresh) {
      say("");
      $("statement").focus(); // read out as it appears, with its position
    }
  }

  function showRevealed(state, fresh) {
    $("revealed-statement").textContent = state.statement;
    const verdict = $("verdict");
    verdict.textContent = state.verdict_text;
    verdict.className = "verdict " + state.verdict;
    const current = mine && mine.key === keyOf(state) ? mine : null;
    const choice = current ? current.choice : null;
    const sure = Boolean(current && current.sure && state.outcome[choice + "_sure"]);
    const outcome = $("outcome");
    outcome.textContent = state.outcome[choice ? choice + (sure ? "_sure" : "") : "none"];
    outcome.className = "outcome" + (choice ? (choice === state.verdict ? " right" : " wrong") : "");
    setText("sure-note", sure && choice !== state.verdict ? state.sure_wrong_note || "" : "");
    if (choice && fresh) remember(state.position, choice === state.verdict);
    $("room").textContent = state.room;
    $("explanation").replaceChildren(...dialable(state.explanation_parts));
    $("passage-heading").textContent = state.passage_heading;
    $("passage").textContent = state.passage;
    $("passage").lang = state.passage_language || "";
    const translation = $("passage-translation");
    translation.hidden = !state.passage_translation;
    translation.textContent = state.passage_translation ? state.passage_translation.text : "";
    translation.lang = state.passage_translation ? state.passage_translation.language : "";
    $("evidence").hidden = !state.evidence;
    if (state.evidence) {
      $("evidence-note").replaceChildren(...dialable(state.evidence_note_parts));
      fill($("evidence-sources"), state.evidence.sources, (source) => [source]);
    }
    if (fresh) verdict.focus(); // read out with the outcome and the room's votes
  }

  function showEnded(state, fresh) {
    const all = Object.values(scores());
    const right = all.filter(Boolean).length;
    $("score").textContent = counted(state.score_forms, all.length, right);
    fill($("summary"), state.summary, (row) => [row.text]);
    $("summary-part").hidden = state.summary.length === 0;
    const recap = state.recap || [];
    const votes = stored(recapKey);
    const voted = recap.filter((row) => votes[row.position]);
    const recapRight = voted.filter((row) => votes[row.position] === row.verdict).length;
    $("recap-score").textContent = counted(state.recap_score_forms, voted.length, recapRight);
    $("recap-overall").textContent = state.recap_overall || "";
    fill($("recap"), recap, (row) => [row.text]);
    $("recap-part").hidden = recap.length === 0;
    fill($("resources"), state.resources, (resource) => dialable(resource.parts));
    $("resources-part").hidden = state.resources.length === 0;
    if (fresh) $("ended-heading").focus();
  }

  function render(state) {
    const key = state.phase + ":" + state.position;
    const fresh = key !== shown;
    shown = key;
    openPosition = state.phase === "voting" ? state.position : null;
    openKey = state.phase === "voting" ? keyOf(state) : null;
    $("title").textContent = state.title || words.title;
    $("position").textContent = state.position_text || "";
    show(state.phase);
    if (state.phase === "voting") showVoting(state, fresh);
    else if (state.phase === "revealed") showRevealed(state, fresh);
    else if (state.phase === "ended") {
      ended = true;
      stopRetrying();
      settle(false);
      showEnded(state, fresh);
    }
  }

  async function refresh() {
    // The state for this browser: its vote, and whether it has joined. A refused event stream
    // leaves the page this way to show the statement and take a vote.
    try {
      const response = await fetch(base + "api/state" + inLanguage, { credentials: "same-origin", cache: "no-store" });
      if (!response.ok) return;
      const state = await response.json();
      if (state.your_vote) mine = { key: keyOf(state), choice: state.your_vote, sure: Boolean(state.your_sure) };
      showJoined(state);
      render(state);
    } catch (error) {
      // The event stream brings the state too.
    }
  }

  // A vote, with how sure where the workshop asks: a tap on Myth or Fact keeps how sure the last
  // tap said (not sure at first); a tap on Sure or Not sure keeps the choice.
  async function vote(choice, sure) {
    const position = openPosition;
    const key = openKey;
    if (position === null || !choice) return;
    const body = asksHowSure ? { position: position, choice: choice, sure: sure } : { position: position, choice: choice };
    let response;
    let answer = {};
    try {
      response = await fetch(base + "api/vote" + inLanguage, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
        credentials: "same-origin",
      });
      answer = await response.json();
    } catch (error) {
      if (!response) {
        say(words.voteLost);
        return;
      }
    }
    if (response.ok) {
      mine = { key: key, choice: choice, sure: sure };
      press(choice, sure);
      if (recapping) store(recapKey, position, choice);
      say(answer.text || "");
      return;
    }
    say(answer.error || words.voteLost);
    if (response.status === 403) refresh(); // no longer a participant: the page says how to join
  }

  // The event stream, read with fetch rather than EventSource: EventSource gives up for good
  // after any refusal, and cannot tell the page why.
  async function listen() {
    if (ended) return;
    const controller = new AbortController();
    let response;
    try {
      response = await fetch(base + "api/events" + inLanguage, {
        credentials: "same-origin",
        cache: "no-store",
        signal: controller.signal,
      });
    } catch (error) {
      trouble(words.unreachable, 0);
      return;
    }
    if (!response.ok) {
      let refusal = {};
      try {
        refusal = await response.json();
      } catch (error) {
        // Not the workshop's answer (a captive portal, say): the page's own words then.
      }
      await refresh();
      trouble(refusal.error || words.unreachable, Number(response.headers.get("Retry-After")) || 0);
      return;
    }
    settle(failures > 0);
    failures = 0;
    await follow(response, controller);
    if (!ended) trouble(words.lost, 0);
  }

  async function follow(response, controller) {
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    let watchdog = setTimeout(() => controller.abort(), STALLED_MS);
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        clearTimeout(watchdog);
        watchdog = setTimeout(() => controller.abort(), STALLED_MS);
        buffer += decoder.decode(value, { stream: true });
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          for (const line of buffer.slice(0, end).split("\n")) {
            if (line.startsWith("data: ")) render(JSON.parse(line.slice("data: ".length)));
          }
          buffer = buffer.slice(end + 2);
        }
      }
    } catch (error) {
      // Stalled (and aborted) or dropped: the caller tries again.
    } finally {
      clearTimeout(watchdog);
    }
  }

  function trouble(reason, retryAfter) {
    if (ended) return;
    failures += 1;
    const backoff = Math.min(LONGEST_WAIT_S, 2 ** (failures - 1)) * (0.8 + Math.random() * 0.4);
    const resume = Date.now() + Math.max(backoff, retryAfter) * 1000;
    clearTimeout(backTimer);
    setText("connection-reason", reason); // read out once; the countdown beside it is not
    $("connection").classList.add("trouble");
    const tick = () => {
      const seconds = Math.max(1, Math.round((resume - Date.now()) / 1000));
      $("connection-retry").textContent = words.retrying.replace("{seconds}", seconds);
    };
    tick();
    retry = { timer: setTimeout(again, resume - Date.now()), ticker: setInterval(tick, 1000) };
  }

  function stopRetrying() {
    if (!retry) return;
    clearTimeout(retry.timer);
    clearInterval(retry.ticker);
    retry = null;
  }

  function again() {
    stopRetrying();
    $("connection-retry").textContent = words.retryingNow;
    listen();
  }

  function settle(wasInTrouble) {
    $("connection-retry").textContent = "";
    $("connection").classList.remove("trouble");
    setText("connection-reason", wasInTrouble ? words.back : "");
    clearTimeout(backTimer);
    if (wasInTrouble) backTimer = setTimeout(() => setText("connection-reason", ""), 5000);
  }

  function tryNow() {
    // A phone back from its lock screen or back online need not wait out the back-off.
    if (retry && !document.hidden) again();
  }

  async function start() {
    const sureNow = () => Boolean(mine && mine.key === openKey && mine.sure);
    const choiceNow = () => (mine && mine.key === openKey ? mine.choice : null);
    $("vote-myth").addEventListener("click", () => vote("myth", sureNow()));
    $("vote-fact").addEventListener("click", () => vote("fact", sureNow()));
    $("sure-yes").addEventListener("click", () => vote(choiceNow(), true));
    $("sure-no").addEventListener("click", () => vote(choiceNow(), false));
    $("rejoin").addEventListener("click", () => location.reload());
    document.addEventListener("visibilitychange", tryNow);
    window.addEventListener("online", tryNow);
    await refresh();
    listen();
  }

  start();
})();
