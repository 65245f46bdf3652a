// The facilitator dashboard: sign in with a facilitator token (or, in the local profile, the demo
// sign-in), see your classrooms, and per classroom the events over time, the event mix, the lesson
// progress funnel and the feedback. Plain fetch against the query API, charts in plain SVG; the
// token stays in this tab's sessionStorage only. No inline script, nothing loaded from elsewhere.
"use strict";

const TOKEN_KEY = "heroes.facilitatorToken";
const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
const SVG = "http://www.w3.org/2000/svg";

const $ = (id) => document.getElementById(id);
const statusLine = $("status");
const numberFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

// ---- a classroom's own time zone (its roster timeZone; day buckets start at its local midnight) ---------------

/** Dates, and dates with times, as the classroom's clocks show them (the browser's zone plays no part). */
function formatsIn(zone) {
  return {
    date: new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeZone: zone }),
    dateTime: new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short", timeZone: zone }),
  };
}

/** The zone's calendar date at an instant: { y, m, d } (m from 1). */
function dateIn(zone, t) {
  const parts = {};
  for (const part of wallClock(zone).formatToParts(new Date(t))) {
    parts[part.type] = Number(part.value);
  }
  return { y: parts.year, m: parts.month, d: parts.day, h: parts.hour % 24, min: parts.minute, s: parts.second };
}

const wallClocks = new Map();
function wallClock(zone) {
  if (!wallClocks.has(zone)) {
    wallClocks.set(zone, new Intl.DateTimeFormat("en-US", {
      timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric",
      hour: "numeric", minute: "numeric", second: "numeric",
    }));
  }
  return wallClocks.get(zone);
}

/** How far the zone's clocks are ahead of UTC at an instant, in ms. */
function offsetAt(zone, t) {
  const w = dateIn(zone, t);
  return Date.UTC(w.y, w.m - 1, w.d, w.h, w.min, w.s) - Math.floor(t / 1000) * 1000;
}

/**
 * The first instant of a local date of the zone: its midnight (the server's bucketStart of that day). Date.UTC
 * normalises d + n into the right month and year, so callers may step days by adding to d.
 */
function startOfDay(zone, y, m, d) {
  const wall = Date.UTC(y, m - 1, d);
  let t = wall - offsetAt(zone, wall);
  t = wall - offsetAt(zone, t);
  const local = dateIn(zone, t);
  // where the clocks skip midnight, the day begins when they resume: the next whole hour that is still this date
  while (Date.UTC(local.y, local.m - 1, local.d) < wall) {
    t += HOUR_MS;
    Object.assign(local, dateIn(zone, t));
  }
  return t;
}

let token = null;
let classrooms = [];

function say(message, isError) {
  statusLine.textContent = message;
  statusLine.classList.toggle("error", Boolean(isError));
}

class Unauthorized extends Error {}

/** GET a JSON answer of the API; resolves to { body, dataAsOf, timeZone } (the last for a time series only). */
async function getJson(path) {
  const response = await fetch(path, {
    headers: { Authorization: "Bearer " + token, Accept: "application/json" },
  });
  if (response.status === 401) {
    throw new Unauthorized("The token was refused (expired, wrong secret, or not a facilitator token).");
  }
  if (!response.ok) {
    let detail = response.statusText;
    try {
      detail = (await response.json()).detail || detail;
    } catch (ignored) {
      // not problem+json: keep the status text
    }
    throw new Error("The server answered " + response.status + ": " + detail);
  }
  return {
    body: await response.json(),
    dataAsOf: response.headers.get("X-Data-As-Of"),
    timeZone: response.headers.get("X-Time-Zone"),
  };
}

function asOfText(dataAsOf, format) {
  return dataAsOf ? "Data as of " + (format || dateTimeFormat).format(new Date(dataAsOf)) : "Data as of: no events processed yet";
}

function svg(name, attributes, parent) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes || {})) {
    element.setAttribute(key, String(value));
  }
  if (parent) {
    parent.append(element);
  }
  return element;
}

function cell(row, text, className) {
  const td = row.insertCell();
  td.textContent = text;
  if (className) {
    td.className = className;
  }
  return td;
}

function emptyRow(tbody, text, columns) {
  cell(tbody.insertRow(), text, "empty").colSpan = columns;
}

function decimal(value) {
  return value === null || value === undefined ? "—" : numberFormat.format(value);
}

/** An average cell: the value, or why it is withheld (small-cell suppression: too few students behind it). */
function averageCell(row, value, suppressed) {
  if (suppressed) {
    const td = cell(row, "too few students to show", "num suppressed");
    td.title = "Fewer students than the privacy threshold contributed, so the average could identify them.";
    return td;
  }
  return cell(row, decimal(value), "num");
}

// ---- sign-in -------------------------------------------------------------------------------------

function showSignedIn(signedIn) {
  $("sign-in").hidden = signedIn;
  $("session").hidden = !signedIn;
  if (!signedIn) {
    $("overview").hidden = true;
    $("detail").hidden = true;
  }
}

function signIn(newToken, who) {
  token = newToken;
  sessionStorage.setItem(TOKEN_KEY, newToken);
  $("who").textContent = who || "Signed in";
  showSignedIn(true);
  route();
}

function signOut(message, isError) {
  token = null;
  classrooms = [];
  sessionStorage.removeItem(TOKEN_KEY);
  $("token").value = "";
  showSignedIn(false);
  say(message || "Signed out.", isError);
  if (location.hash) {
    history.replaceState(null, "", location.pathname);
  }
}

function subjectOf(jwt) {
  try {
    const payload = jwt.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    return JSON.parse(atob(payload)).sub;
  } catch (ignored) {
    return null;
  }
}

$("login").addEventListener("submit", (event) => {
  event.preventDefault();
  const pasted = $("token").value.trim();
  if (!pasted) {
    say("Paste a facilitator token first.", true);
    return;
  }
  const subject = subjectOf(pasted);
  signIn(pasted, subject ? "Facilitator " + subject.slice(0, 8) + "…" : "Signed in");
});

$("sign-out").addEventListener("click", () => signOut());

$("demo-sign-in").addEventListener("click", async () => {
  try {
    const response = await fetch("demo/token", { headers: { Accept: "application/json" } });
    if (!response.ok) {
      throw new Error("The demo sign-in is not available (" + response.status + ").");
    }
    const demo = await response.json();
    signIn(demo.token, "Demo facilitator " + demo.facilitatorId.slice(0, 8) + "…");
  } catch (error) {
    say(error.message, true);
  }
});

/** The demo button appears only where the service offers it (the local profile). */
async function offerDemoSignIn() {
  try {
    const response = await fetch("demo/token", { method: "GET", headers: { Accept: "application/json" } });
    $("demo-sign-in").hidden = !response.ok;
  } catch (ignored) {
    $("demo-sign-in").hidden = true;
  }
}

// ---- the classroom list --------------------------------------------------------------------------

function count(label, value) {
  const div = document.createElement("div");
  const dt = document.createElement("dt");
  dt.textContent = label;
  const dd = document.createElement("dd");
  dd.textContent = numberFormat.format(value);
  div.append(dt, dd);
  return div;
}

async function showOverview() {
  $("detail").hidden = true;
  say("Loading your classrooms…");
  const answer = await getJson("v1/classrooms");
  classrooms = answer.body;
  const list = $("classroom-list");
  list.replaceChildren();
  for (const classroom of classrooms) {
    const item = document.createElement("li");
    item.dataset.id = classroom.id;
    const link = document.createElement("a");
    link.href = "#classroom/" + classroom.id;
    const name = document.createElement("p");
    name.className = "name";
    name.textContent = classroom.name;
    const code = document.createElement("span");
    code.className = "code";
    const zone = classroom.timeZone || "UTC";
    code.textContent = classroom.classroomCode + " · since " + formatsIn(zone).date.format(new Date(classroom.createdAt))
      + " · " + zone;
    const counts = document.createElement("dl");
    counts.className = "counts";
    counts.append(count("Students", classroom.studentCount), count("Completed a lesson", classroom.activeStudents));
    link.append(name, code, counts);
    item.append(link);
    list.append(item);
  }
  if (classrooms.length === 0) {
    const item = document.createElement("li");
    item.className = "empty-note";
    item.textContent = "No active classrooms yet.";
    list.append(item);
  }
  $("list-as-of").textContent = asOfText(answer.dataAsOf);
  $("overview").hidden = false;
  say(classrooms.length === 1 ? "1 active classroom." : classrooms.length + " active classrooms.");
}

// ---- one classroom -------------------------------------------------------------------------------

/**
 * The period: "Last 24 hours" up to the next whole hour; "Last N days" the classroom's last N local days, today
 * included, from a local midnight to the next one after now (the same days as its day buckets).
 */
function range(zone) {
  const days = Number($("period").value);
  if (days === 1) {
    const to = Math.ceil(Date.now() / HOUR_MS) * HOUR_MS;
    return { from: new Date(to - DAY_MS).toISOString(), to: new Date(to).toISOString() };
  }
  const today = dateIn(zone, Date.now());
  return {
    from: new Date(startOfDay(zone, today.y, today.m, today.d - (days - 1))).toISOString(),
    to: new Date(startOfDay(zone, today.y, today.m, today.d + 1)).toISOString(),
  };
}

/** The starts of the period's buckets: its UTC hours, or its local days in the zone (23, 24 or 25 hours long). */
function slotStarts(period, bucket, zone) {
  const end = Date.parse(period.to);
  const starts = [];
  if (bucket === "day") {
    const first = dateIn(zone, Date.parse(period.from));
    for (let i = 0, t = startOfDay(zone, first.y, first.m, first.d); t < end; t = startOfDay(zone, first.y, first.m, first.d + ++i)) {
      starts.push(t);
    }
    return starts;
  }
  for (let t = Math.floor(Date.parse(period.from) / HOUR_MS) * HOUR_MS; t < end; t += HOUR_MS) {
    starts.push(t);
  }
  return starts;
}

function fillEventMix(groups) {
  const tbody = $("event-mix").tBodies[0];
  tbody.replaceChildren();
  if (groups.length === 0) {
    emptyRow(tbody, "No events in this period.", 4);
  }
  for (const group of groups) {
    const row = tbody.insertRow();
    cell(row, group.eventType);
    cell(row, group.eventCategory);
    cell(row, numberFormat.format(group.eventCount), "num");
    averageCell(row, group.avgValue, group.avgValueSuppressed);
  }
}

function fillFeedback(groups) {
  const tbody = $("feedback").tBodies[0];
  tbody.replaceChildren();
  if (groups.length === 0) {
    emptyRow(tbody, "No feedback in this period.", 4);
  }
  for (const group of groups) {
    const row = tbody.insertRow();
    cell(row, "Lesson " + group.lessonId);
    cell(row, group.feedbackType);
    cell(row, numberFormat.format(group.count), "num");
    averageCell(row, group.avgRating, group.avgRatingSuppressed);
  }
}

/** Bars per bucket over the whole period, empty buckets included (the API leaves them out). */
function drawChart(buckets, period, bucket, zone) {
  const formats = formatsIn(zone);
  const counts = new Map(buckets.map((b) => [Date.parse(b.bucketStart), b.eventCount]));
  const slots = slotStarts(period, bucket, zone).map((t) => ({ t, n: counts.get(t) || 0 }));
  const width = 760;
  const height = 240;
  const left = 44;
  const bottom = 24;
  const top = 8;
  const plotWidth = width - left - 8;
  const plotHeight = height - top - bottom;
  const max = Math.max(1, ...slots.map((s) => s.n));
  const chart = svg("svg", { viewBox: "0 0 " + width + " " + height, "aria-hidden": "true" });
  for (let i = 0; i <= 4; i++) {
    const value = Math.round((max * i) / 4);
    const y = top + plotHeight - (plotHeight * value) / max;
    svg("line", { class: "grid", x1: left, x2: width - 8, y1: y, y2: y }, chart);
    const label = svg("text", { class: "axis", x: left - 6, y: y + 4, "text-anchor": "end" }, chart);
    label.textContent = numberFormat.format(value);
  }
  const slotWidth = plotWidth / Math.max(1, slots.length);
  const labelEvery = Math.max(1, Math.ceil(slots.length / 8));
  slots.forEach((slot, i) => {
    const barHeight = (plotHeight * slot.n) / max;
    const bar = svg(
      "rect",
      {
        class: "bar",
        x: left + i * slotWidth + slotWidth * 0.1,
        y: top + plotHeight - barHeight,
        width: Math.max(0.5, slotWidth * 0.8),
        height: barHeight,
        "data-start": new Date(slot.t).toISOString(),
        "data-count": slot.n,
      },
      chart
    );
    const title = svg("title", {}, bar);
    const when = bucket === "day" ? formats.date.format(new Date(slot.t)) : formats.dateTime.format(new Date(slot.t));
    title.textContent = when + ": " + slot.n + " events";
    if (i % labelEvery === 0) {
      const label = svg("text", { class: "axis", x: left + i * slotWidth, y: height - 6 }, chart);
      label.textContent = when;
    }
  });
  $("chart").replaceChildren(chart);
  $("chart").setAttribute("aria-label", buckets.reduce((sum, b) => sum + b.eventCount, 0) + " events in the period");
}

/** Lessons 1..12, each a stacked bar: completed, in progress, not started. */
function drawFunnel(lessons) {
  const width = 520;
  const rowHeight = 22;
  const left = 70;
  const height = lessons.length * rowHeight + 4;
  const max = Math.max(1, ...lessons.map((l) => l.completed + l.inProgress + l.notStarted));
  const funnel = svg("svg", { viewBox: "0 0 " + width + " " + height });
  lessons.forEach((lesson, i) => {
    const y = 2 + i * rowHeight;
    const row = svg("g", { class: "lesson", "data-lesson": lesson.lessonId }, funnel);
    const label = svg("text", { class: "label", x: 0, y: y + 14 }, row);
    label.textContent = "Lesson " + lesson.lessonId;
    let x = left;
    for (const [part, n] of [
      ["completed", lesson.completed],
      ["in-progress", lesson.inProgress],
      ["not-started", lesson.notStarted],
    ]) {
      const w = ((width - left - 40) * n) / max;
      if (n > 0) {
        const rect = svg("rect", { class: part, x, y: y + 3, width: w, height: rowHeight - 6, rx: 2 }, row);
        svg("title", {}, rect).textContent = n + " " + part.replace("-", " ");
      }
      x += w;
    }
    const total = svg("text", { class: "count", x: x + 6, y: y + 14 }, row);
    total.textContent = lesson.completed + "/" + (lesson.completed + lesson.inProgress + lesson.notStarted);
  });
  $("funnel").replaceChildren(funnel);
}

async function showClassroom(id) {
  $("overview").hidden = true;
  const classroom = classrooms.find((c) => c.id === id);
  $("detail-name").textContent = classroom ? classroom.name : "Classroom";
  $("detail-code").textContent = classroom ? classroom.classroomCode : "";
  $("detail").hidden = false;
  say("Loading the classroom…");
  const listedZone = (classroom && classroom.timeZone) || "UTC";
  const period = range(listedZone);
  const bucket = $("bucket").value;
  const base = "v1/classrooms/" + encodeURIComponent(id);
  const query = new URLSearchParams(period);
  const [mix, series, progress, feedback] = await Promise.all([
    getJson(base + "/analytics?" + query),
    getJson(base + "/analytics/timeseries?" + new URLSearchParams({ ...period, bucket })),
    getJson(base + "/progress"),
    getJson(base + "/feedback?" + query),
  ]);
  // the zone the server cut the days in (X-Time-Zone), the list's until it says
  const zone = series.timeZone || listedZone;
  fillEventMix(mix.body);
  drawChart(series.body, period, bucket, zone);
  drawFunnel(progress.body);
  fillFeedback(feedback.body);
  $("detail-zone").textContent = "Dates and days in " + zone + " (the classroom's time zone)";
  $("detail-as-of").textContent = asOfText(progress.dataAsOf, formatsIn(zone).dateTime);
  say("");
}

// ---- routing -------------------------------------------------------------------------------------

async function route() {
  if (!token) {
    return;
  }
  const match = /^#classroom\/([0-9a-fA-F-]{36})$/.exec(location.hash);
  try {
    if (classrooms.length === 0 || !match) {
      await showOverview();
    }
    if (match) {
      await showClassroom(match[1]);
    }
  } catch (error) {
    if (error instanceof Unauthorized) {
      signOut(error.message, true);
    } else {
      say(error.message, true);
    }
  }
}

window.addEventListener("hashchange", route);
$("back").addEventListener("click", (event) => {
  event.preventDefault();
  history.pushState(null, "", location.pathname);
  route();
});
$("period").addEventListener("change", route);
$("bucket").addEventListener("change", route);

offerDemoSignIn();
const saved = sessionStorage.getItem(TOKEN_KEY);
if (saved) {
  const subject = subjectOf(saved);
  signIn(saved, subject ? "Facilitator " + subject.slice(0, 8) + "…" : "Signed in");
} else {
  showSignedIn(false);
}
