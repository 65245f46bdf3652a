// The facilitator dashboard (foundation): lists the caller's classrooms with their counts and, per
// classroom, the analytics of the last 30 days. Plain fetch against the query API; the token stays in
// this tab's sessionStorage only.
"use strict";

const TOKEN_KEY = "heroes.facilitatorToken";
const DAY_MS = 24 * 60 * 60 * 1000;

const form = document.getElementById("login");
const tokenField = document.getElementById("token");
const statusLine = document.getElementById("status");
const list = document.getElementById("classrooms");
const template = document.getElementById("classroom-template");

function say(message, isError) {
  statusLine.textContent = message;
  statusLine.classList.toggle("error", Boolean(isError));
}

async function getJson(path, token) {
  const response = await fetch(path, {
    headers: { Authorization: "Bearer " + token, Accept: "application/json" },
  });
  if (response.status === 401) {
    throw new Error("The token was refused (expired, wrong secret, or not a facilitator token).");
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
  return response.json();
}

function cell(row, text, className) {
  const td = row.insertCell();
  td.textContent = text;
  if (className) {
    td.className = className;
  }
  return td;
}

const numberFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });

function fillAnalytics(tbody, groups) {
  tbody.replaceChildren();
  if (groups.length === 0) {
    const td = cell(tbody.insertRow(), "No events in the last 30 days.", "empty");
    td.colSpan = 4;
    return;
  }
  for (const group of groups) {
    const row = tbody.insertRow();
    cell(row, group.eventType);
    cell(row, group.eventCategory);
    cell(row, numberFormat.format(group.eventCount), "num");
    cell(row, group.avgValue === null ? "—" : numberFormat.format(group.avgValue), "num");
  }
}

async function showClassroom(classroom, token, range) {
  const card = template.content.firstElementChild.cloneNode(true);
  card.querySelector(".classroom-name").textContent = classroom.name;
  card.querySelector(".code").textContent = classroom.classroomCode;
  card.querySelector(".student-count").textContent = numberFormat.format(classroom.studentCount);
  card.querySelector(".active-students").textContent = numberFormat.format(classroom.activeStudents);
  card.querySelector(".created-at").textContent = new Date(classroom.createdAt).toLocaleDateString();
  list.append(card);
  const tbody = card.querySelector("tbody");
  const query = new URLSearchParams({ from: range.from, to: range.to });
  try {
    fillAnalytics(tbody, await getJson("v1/classrooms/" + classroom.id + "/analytics?" + query, token));
  } catch (error) {
    const td = cell(tbody.insertRow(), error.message, "empty");
    td.colSpan = 4;
  }
}

async function load(token) {
  list.replaceChildren();
  say("Loading…");
  const now = Date.now();
  const range = { from: new Date(now - 30 * DAY_MS).toISOString(), to: new Date(now).toISOString() };
  try {
    const classrooms = await getJson("v1/classrooms", token);
    say(classrooms.length === 1 ? "1 active classroom." : classrooms.length + " active classrooms.");
    await Promise.all(classrooms.map((classroom) => showClassroom(classroom, token, range)));
  } catch (error) {
    say(error.message, true);
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const token = tokenField.value.trim();
  if (!token) {
    say("Paste a facilitator token first.", true);
    return;
  }
  sessionStorage.setItem(TOKEN_KEY, token);
  load(token);
});

document.getElementById("forget").addEventListener("click", () => {
  sessionStorage.removeItem(TOKEN_KEY);
  tokenField.value = "";
  list.replaceChildren();
  say("Token forgotten.");
});

const saved = sessionStorage.getItem(TOKEN_KEY);
if (saved) {
  tokenField.value = saved;
  load(saved);
}
