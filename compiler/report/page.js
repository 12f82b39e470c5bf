// The run report's script: draws the data in <script id="report-data"> (see compiler/report/data.py).
// No network, no library: the graph is Graphviz's inline SVG, coloured here by what each state did.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("report-data").textContent);
  const executions = data.executions;
  const visits = data.visits;
  const val = (ref) => data.values[ref]; // payloads are stored once, by reference (data.py)
  const ORDER = ["failed", "caught", "retried", "running", "succeeded"];
  const WORDS = {
    succeeded: "succeeded", failed: "failed", caught: "caught", retried: "retried",
    running: "did not finish", none: "not entered",
  };
  const current = { execution: null, visit: null };
  const BIG = 200; // states: above this a machine is drawn at its natural size, its state list folded

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function badge(status) {
    return el("span", { class: "badge s-" + status }, WORDS[status] || status);
  }

  function json(value) {
    return el("pre", {}, value === undefined ? "(none)" : JSON.stringify(value, null, 2));
  }

  // A cause that is JSON (a Lambda error document) reads better parsed: its text is not escaped.
  function cause(text) {
    if (text === null || text === undefined) return null;
    try {
      const parsed = JSON.parse(text);
      if (parsed !== null && typeof parsed === "object") return json(parsed);
    } catch (_) { /* plain text */ }
    return el("pre", {}, text);
  }

  function setHash(hash) {
    try { history.replaceState(null, "", hash); } catch (_) { /* a page opened from a sandboxed frame */ }
  }

  function time(seconds) {
    if (seconds === null || seconds === undefined) return "—";
    return new Date(seconds * 1000).toISOString().replace("T", " ").replace("Z", " (virtual clock)");
  }

  function offset(seconds, execution) {
    if (seconds === null || seconds === undefined) return "—";
    const value = seconds - execution.start;
    return (Math.round(value * 1000) / 1000) + " s";
  }

  function worst(ids) {
    let best = "none";
    for (const id of ids) {
      const status = visits[id].status;
      if (best === "none" || ORDER.indexOf(status) < ORDER.indexOf(best)) best = status;
    }
    return best;
  }

  // ---- navigation: runs and their executions, nested under the execution that started them ----
  function renderNav() {
    const nav = document.getElementById("nav");
    nav.replaceChildren(el("h2", {}, data.runs.length > 1 ? "Runs" : "Executions"));
    const children = {};
    for (const execution of Object.values(executions)) {
      if (execution.parent) (children[execution.parent] = children[execution.parent] || []).push(execution.id);
    }
    function item(id) {
      const execution = executions[id];
      const starter = execution.startedBy ? visits[execution.startedBy].name : null;
      const button = el("button", { type: "button", "data-execution": id, onclick: () => showExecution(id) },
        badge(execution.status), " ", execution.machine,
        el("div", { class: "muted" }, starter ? "started by " + starter : execution.name));
      const kids = children[id] || [];
      return el("li", {}, button, kids.length ? el("ul", {}, kids.map(item)) : null);
    }
    const list = el("ul", {});
    for (const run of data.runs) {
      if (data.runs.length > 1) list.append(el("li", {}, el("h3", {}, run.title)));
      list.append(item(run.root));
    }
    nav.append(list);
  }

  // ---- the graph of the execution's machine, each state coloured by what it did ----
  function renderGraph() {
    const execution = executions[current.execution];
    const machine = data.machines[execution.machine];
    const box = document.getElementById("graph");
    const heading = el("h2", {}, execution.machine, " ", badge(execution.status));
    const about = el("div", { class: "muted" }, "execution ", execution.name);
    if (execution.parent) {
      const parent = executions[execution.parent];
      const starter = execution.startedBy ? visits[execution.startedBy] : null;
      about.append(" · started by ", el("button", {
        type: "button", class: "linkish",
        onclick: () => showExecution(parent.id, starter ? starter.id : null),
      }, (starter ? starter.name + " of " : "") + parent.machine));
    }
    const legend = el("div", { class: "legend", "aria-label": "legend" },
      ["succeeded", "caught", "retried", "failed", "running", "none"].map(badge));
    box.replaceChildren(heading, about, legend);
    if (machine.svg) {
      const holder = el("div", { class: "svg" });
      holder.innerHTML = machine.svg; // Graphviz's SVG, generated by the report from the definition
      box.append(holder);
      const svg = holder.querySelector("svg");
      const points = svg ? parseFloat(svg.getAttribute("width") || "0") : 0;
      // Graphviz sizes in points at 11 pt text; a small graph is drawn larger (never wider than the column).
      const big = machine.states.length > BIG;
      if (points > 0) svg.style.width = Math.round(points * (big ? 4 / 3 : 2)) + "px";
      if (big) svg.classList.add("big");
      for (const node of holder.querySelectorAll("g.node")) {
        const title = node.querySelector("title");
        const name = title ? machine.nodes[title.textContent] : undefined;
        if (name === undefined) continue;
        const status = worst(execution.byState[name] || []);
        node.classList.add("state", "st-" + status);
        node.setAttribute("data-state", name);
        node.setAttribute("tabindex", "0");
        node.setAttribute("role", "button");
        node.setAttribute("aria-label", name + ": " + WORDS[status]);
        title.textContent = name + " — " + WORDS[status];
        node.addEventListener("click", () => selectState(name));
        node.addEventListener("keydown", (event) => {
          if (event.key === "Enter" || event.key === " ") { event.preventDefault(); selectState(name); }
        });
      }
    } else {
      box.append(el("p", { class: "muted" }, "Graphviz was not available when this report was written: states as a list."));
    }
    // Every state as a button too (the graph's nodes are the same states); folded for a big machine.
    const list = el("details", { open: !machine.svg || machine.states.length <= BIG },
      el("summary", {}, "States (" + machine.states.length + ")"));
    list.addEventListener("toggle", () => {
      if (!list.open || list.querySelector("ul")) return;
      list.append(el("ul", { class: "states-list" }, machine.states.map((name) => {
        const status = worst(execution.byState[name] || []);
        return el("li", {}, el("button", {
          type: "button", class: "s-" + status, "data-state": name, onclick: () => selectState(name),
        }, name, " · ", WORDS[status]));
      })));
    });
    box.append(list);
    if (list.open) list.dispatchEvent(new Event("toggle"));
  }

  function selectState(name) {
    const execution = executions[current.execution];
    const ids = execution.byState[name] || [];
    if (!ids.length) {
      current.visit = null;
      markSelected(name);
      const panel = document.getElementById("panel");
      panel.replaceChildren(el("h2", {}, name, " ", badge("none")),
        el("p", {}, "This state was not entered in this execution."));
      return;
    }
    // The worst visit first: a failed iteration is what one looks for.
    const order = ids.slice().sort((a, b) => ORDER.indexOf(visits[a].status) - ORDER.indexOf(visits[b].status));
    showVisit(order[0]);
  }

  function markSelected(name) {
    for (const node of document.querySelectorAll("#graph g.node.selected")) node.classList.remove("selected");
    if (name === null) return;
    for (const node of document.querySelectorAll("#graph g.node.state")) {
      if (node.getAttribute("data-state") === name) node.classList.add("selected");
    }
  }

  // ---- the panel of one visit ----
  function showVisit(id, focus) {
    const visit = visits[id];
    if (visit.execution !== current.execution) { showExecution(visit.execution, id); return; }
    current.visit = id;
    markSelected(visit.name);
    for (const row of document.querySelectorAll(".tl-row")) {
      row.setAttribute("aria-current", row.getAttribute("data-visit") === id ? "true" : "false");
    }
    setHash("#" + current.execution + "/" + id);
    const execution = executions[visit.execution];
    const panel = document.getElementById("panel");
    const parts = [el("h2", { id: "panel-title", tabindex: "-1" }, visit.name, " ", badge(visit.status)),
      el("div", { class: "muted" }, visit.type + " state" + (visit.group ? " · " + visit.group : ""))];
    const same = execution.byState[visit.name];
    if (same.length > 1) {
      const at = same.indexOf(id);
      const label = (i) => visits[same[i]].group || "visit " + (i + 1);
      parts.push(el("div", { class: "pager", "aria-label": "visits of this state" },
        el("button", { type: "button", "data-pager": "prev", disabled: at === 0, onclick: () => showVisit(same[at - 1]) }, "‹ previous"),
        el("span", {}, label(at) + " (" + (at + 1) + " of " + same.length + ")"),
        el("button", { type: "button", "data-pager": "next", disabled: at === same.length - 1, onclick: () => showVisit(same[at + 1]) }, "next ›")));
    }
    if (visit.parentVisit) {
      const parent = visits[visit.parentVisit];
      parts.push(el("div", {}, "in ", el("button", { type: "button", class: "linkish", onclick: () => showVisit(parent.id) },
        parent.name), visit.group ? ", " + visit.group : ""));
    }
    if (visit.error !== null && visit.error !== undefined) {
      parts.push(el("h3", {}, visit.catch ? "Error (caught)" : "Error"), el("dl", {},
        el("dt", {}, "error"), el("dd", {}, visit.error)), cause(visit.cause));
    }
    if (visit.catch) {
      parts.push(el("h3", {}, "Catch taken"), el("dl", {},
        el("dt", {}, "ErrorEquals"), el("dd", {}, visit.catch.errorEquals.join(", ")),
        el("dt", {}, "Next"), el("dd", {}, el("button", {
          type: "button", class: "linkish", onclick: () => selectState(visit.catch.next),
        }, visit.catch.next))));
    }
    if (visit.children.length) {
      parts.push(el("h3", {}, "Nested executions"), el("ul", {}, visit.children.map((child) => el("li", {},
        el("button", { type: "button", class: "linkish", "data-open-execution": child, onclick: () => showExecution(child) },
          executions[child].machine + " · " + executions[child].name), " ", badge(executions[child].status)))));
    }
    if (visit.groups.length) parts.push(...groups(visit));
    parts.push(el("h3", {}, "Input"), json(val(visit.input)));
    if ("parameters" in visit) parts.push(el("h3", {}, visit.type === "Task" ? "Parameters / arguments (as scheduled)" : "Parameters"), json(val(visit.parameters)));
    if ("result" in visit) parts.push(el("h3", {}, "Result"), json(val(visit.result)));
    if ("output" in visit) parts.push(el("h3", {}, "Output"), json(val(visit.output)));
    if ("assigned" in visit) parts.push(el("h3", {}, "Assigned variables"), json(val(visit.assigned)));
    if (visit.attempts.length > 1 || visit.attempts.some((a) => a.error)) {
      parts.push(el("h3", {}, "Attempts"), el("table", {},
        el("thead", {}, el("tr", {}, ["#", "started", "back-off", "error", "cause"].map((h) => el("th", {}, h)))),
        el("tbody", {}, visit.attempts.map((a) => el("tr", {},
          el("td", {}, a.number + (visit.maxAttempts ? "/" + visit.maxAttempts : "")),
          el("td", {}, offset(a.started, execution)),
          el("td", {}, a.backoff ? a.backoff + " s" : "—"),
          el("td", {}, a.error || "—"),
          el("td", {}, a.cause ? cause(a.cause) : "—"))))));
    }
    parts.push(el("h3", {}, "Times"), el("dl", {},
      el("dt", {}, "entered"), el("dd", {}, time(visit.entered)),
      el("dt", {}, "exited"), el("dd", {}, visit.exited === null ? "did not exit" : time(visit.exited)),
      el("dt", {}, "took"), el("dd", {}, visit.exited === null ? "—" : offset(visit.exited - visit.entered + execution.start, execution))));
    parts.push(el("details", {}, el("summary", {}, "Events (" + visit.events.length + ")"),
      el("table", {}, el("tbody", {}, visit.events.map((e) => el("tr", {},
        el("td", {}, String(e.id)), el("td", {}, e.type), el("td", {}, offset(e.timestamp, execution)),
        el("td", {}, e.details ? JSON.stringify(e.details) : "")))))));
    panel.replaceChildren(...parts);
    if (focus) document.getElementById("panel-title").focus();
  }

  // Branches or iterations of a Parallel or Map visit, browsable one at a time.
  function groups(visit) {
    const counts = {};
    for (const group of visit.groups) counts[group.status] = (counts[group.status] || 0) + 1;
    const word = visit.type === "Parallel" ? "Branches" : "Iterations";
    const summary = Object.entries(counts).map(([s, n]) => n + " " + s).join(", ");
    const holder = el("div", { class: "iterations" });
    let at = Math.max(0, visit.groups.findIndex((g) => g.status === "failed"));
    function draw() {
      const group = visit.groups[at];
      holder.replaceChildren(
        el("div", { class: "pager" },
          el("button", { type: "button", "data-iteration": "prev", disabled: at === 0, onclick: () => { at -= 1; draw(); } }, "‹"),
          el("span", {}, group.label + " (" + (at + 1) + " of " + visit.groups.length + ") "), badge(group.status),
          el("button", { type: "button", "data-iteration": "next", disabled: at === visit.groups.length - 1, onclick: () => { at += 1; draw(); } }, "›")),
        el("ol", {}, group.visits.map((id) => el("li", {}, el("button", {
          type: "button", class: "linkish", onclick: () => showVisit(id),
        }, visits[id].name), " ", badge(visits[id].status)))));
    }
    draw();
    return [el("h3", {}, word + " · " + visit.groups.length + " (" + summary + ")"), holder];
  }

  // ---- the timeline: each visit a bar on the virtual clock (or in order, when no time passed) ----
  function renderTimeline() {
    const execution = executions[current.execution];
    const box = document.getElementById("timeline");
    const ids = execution.order;
    let end = execution.stop;
    for (const id of ids) end = Math.max(end, visits[id].exited || visits[id].entered);
    const span = end - execution.start;
    const timed = span > 0.0005;
    const rows = ids.map((id, index) => {
      const visit = visits[id];
      const depth = depthOf(visit);
      let left, width;
      if (timed) {
        left = (visit.entered - execution.start) / span;
        width = ((visit.exited === null ? end : visit.exited) - visit.entered) / span;
      } else {
        left = index / ids.length;
        width = 1 / ids.length;
      }
      return el("button", {
        type: "button", class: "tl-row", "data-visit": id, onclick: () => showVisit(id),
        "aria-label": visit.name + ", " + WORDS[visit.status],
      }, el("span", { class: "tl-name", style: "padding-left:" + depth + "em" }, visit.name),
        el("span", { class: "tl-track" }, el("span", {
          class: "tl-bar s-" + visit.status, style: "left:" + (left * 100) + "%;width:" + (width * 100) + "%",
        })));
    });
    const note = timed ? "0 s to " + (Math.round(span * 1000) / 1000) + " s on the virtual clock"
      : "no time passed on the virtual clock: states in the order they were entered";
    box.replaceChildren(el("h2", {}, "Timeline"), el("div", { class: "muted" }, note), ...rows);
  }

  function depthOf(visit) {
    let depth = 0;
    while (visit.parentVisit) { depth += 1; visit = visits[visit.parentVisit]; }
    return depth;
  }

  function showExecution(id, visitId) {
    current.execution = id;
    current.visit = null;
    for (const button of document.querySelectorAll("nav button[data-execution]")) {
      button.setAttribute("aria-current", button.getAttribute("data-execution") === id ? "true" : "false");
    }
    renderGraph();
    renderTimeline();
    if (visitId) { showVisit(visitId); return; }
    setHash("#" + id);
    const execution = executions[id];
    const parts = [el("h2", { id: "panel-title", tabindex: "-1" }, execution.machine, " ", badge(execution.status)),
      el("dl", {}, el("dt", {}, "execution"), el("dd", {}, execution.name),
        el("dt", {}, "ARN"), el("dd", {}, execution.arn),
        el("dt", {}, "started"), el("dd", {}, time(execution.start)),
        el("dt", {}, "stopped"), el("dd", {}, time(execution.stop))),
      el("h3", {}, "Input"), json(val(execution.input))];
    if (execution.status === "SUCCEEDED") parts.push(el("h3", {}, "Output"), json(val(execution.output)));
    else parts.push(el("h3", {}, "Error"), el("pre", {}, String(execution.error)), el("h3", {}, "Cause"), cause(execution.cause) || el("pre", {}, "(none)"));
    parts.push(el("p", { class: "muted" }, "Click a state (or Tab to it and press Enter) to see what it did."));
    document.getElementById("panel").replaceChildren(...parts);
  }

  // ---- keyboard: n/p next/previous state entered, [ ] the state's other visits, u up, Esc back ----
  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const tag = (event.target && event.target.tagName) || "";
    if (tag === "INPUT" || tag === "TEXTAREA") return;
    const execution = executions[current.execution];
    const order = execution.order;
    const at = current.visit ? order.indexOf(current.visit) : -1;
    if ((event.key === "n" || event.key === "j") && order.length) showVisit(order[Math.min(order.length - 1, at + 1)], true);
    else if ((event.key === "p" || event.key === "k") && order.length) showVisit(order[Math.max(0, at - 1)], true);
    else if (event.key === "[" || event.key === "]") {
      const button = document.querySelector('#panel [data-pager="' + (event.key === "[" ? "prev" : "next") + '"]');
      if (button && !button.disabled) button.click();
    } else if (event.key === "u" && execution.parent) showExecution(execution.parent, execution.startedBy);
    else if (event.key === "Escape") { markSelected(null); showExecution(current.execution); }
    else return;
    event.preventDefault();
  });

  renderNav();
  const wanted = decodeURIComponent(location.hash.slice(1)).split("/");
  if (wanted[0] in executions) showExecution(wanted[0], wanted[1] in visits ? wanted[1] : null);
  else showExecution(data.runs[0].root);
  document.documentElement.setAttribute("data-ready", "true");
})();
