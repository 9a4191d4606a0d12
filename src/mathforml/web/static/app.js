// mathforml: instant feedback and a live preview on the practice page.
// The page works without this script; it only replaces full-page posts with fetches.
(function () {
  "use strict";
  const card = document.querySelector(".exercise[data-exercise]");
  if (!card) return;
  const form = card.querySelector("form.answer-form");
  const slot = document.getElementById("outcome");
  const input = document.getElementById("answer");
  const preview = document.getElementById("preview");
  const base = { exercise_id: card.dataset.exercise, seed: Number(card.dataset.seed) };
  let busy = false;
  let grid = null;
  // Every POST proves it comes from our own page (the server checks it: CSRF).
  const csrfMeta = document.querySelector("meta[name='csrf-token']");
  const csrf = csrfMeta ? csrfMeta.content : "";

  // Set once the page starts to go away (a link, the sign-out form): a late preview
  // must then neither be sent nor, answered 401 after sign-out, pull the learner to
  // the sign-in page instead of where they were going.
  let leaving = false;
  window.addEventListener("beforeunload", function () { leaving = true; });

  async function post(path, body, signal) {
    const response = await fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(Object.assign({}, base, body)),
      credentials: "same-origin",
      signal: signal,
    });
    const data = await response.json().catch(() => ({ error: "The server sent an unreadable reply." }));
    if (response.status === 401 && !leaving) {
      // Signed out (the session ended): sign in again and come back here.
      window.location.assign("/login?next=" + encodeURIComponent(location.pathname + location.search));
    }
    if (!response.ok) throw new Error(data.error || "Request failed (" + response.status + ").");
    return data;
  }

  function answerValue() {
    if (input) return input.value;
    const checked = form.querySelector("input[name=answer]:checked");
    return checked ? checked.value : "";
  }

  function showError(message) {
    slot.innerHTML = "";
    const box = document.createElement("div");
    box.className = "outcome invalid";
    box.setAttribute("role", "status");
    const p = document.createElement("p");
    p.className = "verdict";
    p.textContent = message;
    box.appendChild(p);
    slot.appendChild(box);
  }

  function show(data) {
    // Server-rendered: Markdown and MathML with everything else escaped.
    slot.innerHTML = data.html;
    if (data.finished) {
      form.hidden = true;
      const next = document.getElementById("next-link");
      if (next) next.focus();
    } else if (grid && grid.active()) {
      grid.focusFirst();
    } else if (input) {
      input.focus();
      input.select();
    }
  }

  form.addEventListener("submit", async function (event) {
    const action = event.submitter ? event.submitter.value : "check";
    const answer = answerValue();
    if (action === "check" && !answer.trim()) {
      event.preventDefault();
      if (input) input.focus();
      return;
    }
    event.preventDefault();
    if (busy) return;
    busy = true;
    const buttons = form.querySelectorAll("button");
    buttons.forEach((b) => (b.disabled = true));
    try {
      const data = action === "reveal"
        ? await post("/api/reveal", {})
        : await post("/api/check", { answer: answer });
      show(data);
    } catch (error) {
      showError(error.message);
    } finally {
      busy = false;
      buttons.forEach((b) => (b.disabled = false));
    }
  });

  if (input && preview) {
    let timer = null;
    let sequence = 0;
    let inflight = null;
    const placeholder = preview.innerHTML;
    window.addEventListener("beforeunload", function () {
      clearTimeout(timer);
      if (inflight) inflight.abort();
    });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(async function () {
        const mine = ++sequence;
        if (!input.value.trim()) {
          preview.innerHTML = placeholder;
          return;
        }
        if (leaving) return;
        inflight = new AbortController();
        try {
          const data = await post("/api/preview", { answer: input.value }, inflight.signal);
          if (mine === sequence) preview.innerHTML = data.html;
        } catch (error) {
          if (mine === sequence && !leaving) preview.textContent = error.message;
        }
      }, 200);
    });
  }

  // -- matrix and vector answers in a grid of cells ----------------------------
  // Progressive enhancement: the grid is hidden without this script. It writes into
  // the same text box (as "[a, b; c, d]"), so the server and the preview see text.
  const gridBox = document.getElementById("answer-grid");
  const toggle = card.querySelector(".entry-toggle");
  if (input && gridBox && toggle) grid = makeGrid(gridBox, toggle);

  function makeGrid(box, toggle) {
    const MIN = 1;
    const MAX = 8;
    const vector = box.dataset.kind === "vector";
    const cellsBox = box.querySelector(".grid-cells");
    const note = box.querySelector(".grid-note");
    const buttons = toggle.querySelectorAll("button[data-mode]");
    let rows = clamp(Number(box.dataset.rows) || 2);
    let cols = vector ? 1 : clamp(Number(box.dataset.cols) || 2);
    // Values are kept beyond the visible size, so a removed row comes back as it was.
    const values = Array.from({ length: MAX }, () => Array(MAX).fill(""));
    let mode = "text";

    function clamp(n) {
      return Math.max(MIN, Math.min(MAX, Math.round(n)));
    }

    function render() {
      const focused = document.activeElement && document.activeElement.classList.contains("cell")
        ? [Number(document.activeElement.dataset.row), Number(document.activeElement.dataset.col)]
        : null;
      cellsBox.style.setProperty("--cols", String(cols));
      const fragment = document.createDocumentFragment();
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < cols; j++) {
          const cell = document.createElement("input");
          cell.className = "cell";
          cell.type = "text";
          cell.autocomplete = "off";
          cell.spellcheck = false;
          cell.setAttribute("autocapitalize", "off");
          cell.setAttribute("autocorrect", "off");
          cell.setAttribute("aria-label", "row " + (i + 1) + ", column " + (j + 1));
          cell.dataset.row = String(i);
          cell.dataset.col = String(j);
          cell.value = values[i][j];
          fragment.appendChild(cell);
        }
      }
      cellsBox.replaceChildren(fragment);
      box.querySelectorAll(".grid-dim").forEach(function (dim) {
        const n = dim.dataset.dim === "rows" ? rows : cols;
        dim.querySelector(".grid-count").textContent = String(n);
        dim.querySelector("[data-step='-1']").disabled = n <= MIN;
        dim.querySelector("[data-step='1']").disabled = n >= MAX;
      });
      if (focused) {
        const again = cellAt(Math.min(focused[0], rows - 1), Math.min(focused[1], cols - 1));
        if (again) again.focus();
      }
    }

    function cellAt(i, j) {
      return cellsBox.querySelector(".cell[data-row='" + i + "'][data-col='" + j + "']");
    }

    function clear() {
      values.forEach((row) => row.fill(""));
    }

    function toText() {
      const grid = [];
      let any = false;
      for (let i = 0; i < rows; i++) {
        const row = [];
        for (let j = 0; j < cols; j++) {
          const v = values[i][j].trim();
          if (v) any = true;
          row.push(v);
        }
        grid.push(row);
      }
      if (!any) return "";
      if (vector) return "[" + grid.map((row) => row[0]).join(", ") + "]";
      return "[" + grid.map((row) => row.join(", ")).join("; ") + "]";
    }

    function write() {
      input.value = toText();
      input.dispatchEvent(new Event("input", { bubbles: true }));  // the live preview
    }

    // "[1, 2; 3, 4]", "[[1, 2], [3, 4]]", "(1, 2, 3)", "1, 2" → rows of entry texts,
    // or null if the text is not a grid of at most 8 × 8 entries.
    function parse(text) {
      let t = text.trim();
      if (!t) return [];
      const inner = unwrap(t);
      if (inner !== null) t = inner;
      let lines = split(t, ";");
      if (lines === null) return null;
      if (lines.length === 1) {
        const items = split(lines[0], ",");
        if (items === null) return null;
        const nested = items.map((item) => unwrap(item.trim()));
        if (items.length > 0 && nested.every((item) => item !== null)) lines = nested;
      }
      const grid = [];
      for (const line of lines) {
        const row = split(line, ",");
        if (row === null) return null;
        grid.push(row.map((entry) => entry.trim()));
      }
      if (grid.some((row) => row.some((entry) => unwrap(entry) !== null && /[,;]/.test(entry)))) {
        return null;  // deeper nesting than a matrix
      }
      if (vector) {
        if (grid.length === 1) return grid[0].map((entry) => [entry]);
        if (grid.every((row) => row.length === 1)) return grid;
        return null;
      }
      return grid;
    }

    // The inside of "[…]" or "(…)" when the brackets enclose the whole text, else null.
    function unwrap(t) {
      const pairs = { "[": "]", "(": ")" };
      if (!(t[0] in pairs) || t[t.length - 1] !== pairs[t[0]]) return null;
      let depth = 0;
      for (let k = 0; k < t.length; k++) {
        const ch = t[k];
        if (ch === "[" || ch === "(" || ch === "{") depth++;
        else if (ch === "]" || ch === ")" || ch === "}") depth--;
        if (depth === 0 && k < t.length - 1) return null;  // "(1) + (2)"
      }
      return depth === 0 ? t.slice(1, -1) : null;
    }

    // Split on `sep` outside brackets; null if the brackets do not balance.
    function split(t, sep) {
      const parts = [];
      let depth = 0;
      let start = 0;
      for (let k = 0; k < t.length; k++) {
        const ch = t[k];
        if (ch === "[" || ch === "(" || ch === "{") depth++;
        else if (ch === "]" || ch === ")" || ch === "}") depth--;
        if (depth < 0) return null;
        if (depth === 0 && ch === sep) {
          parts.push(t.slice(start, k));
          start = k + 1;
        }
      }
      if (depth !== 0) return null;
      parts.push(t.slice(start));
      return parts;
    }

    function fill(text) {
      const grid = parse(text);
      note.textContent = "";
      if (grid === null) {
        note.textContent = "Your text does not fit a grid; editing the grid replaces it.";
        return;
      }
      clear();
      if (grid.length) {
        const width = Math.max(...grid.map((row) => row.length));
        if (grid.length > MAX || width > MAX) {
          note.textContent = "That is more than " + MAX + " × " + MAX + "; keep typing it as text.";
          return;
        }
        rows = grid.length;
        cols = vector ? 1 : width;
        grid.forEach((row, i) => row.forEach((entry, j) => (values[i][j] = entry)));
      }
      render();
    }

    function setMode(next, focus) {
      mode = next;
      buttons.forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.mode === mode)));
      if (mode === "grid") {
        fill(input.value);
        input.hidden = true;
        box.hidden = false;
        if (focus) focusFirst();
      } else {
        note.textContent = "";
        box.hidden = true;
        input.hidden = false;
        if (focus) input.focus();
      }
    }

    function focusFirst() {
      const first = cellAt(0, 0);
      if (first) {
        first.focus();
        first.select();
      }
    }

    function move(cell, di, dj) {
      const target = cellAt(Number(cell.dataset.row) + di, Number(cell.dataset.col) + dj);
      if (!target) return false;
      target.focus();
      target.select();
      return true;
    }

    cellsBox.addEventListener("input", function (event) {
      const cell = event.target;
      if (!cell.classList.contains("cell")) return;
      values[Number(cell.dataset.row)][Number(cell.dataset.col)] = cell.value;
      note.textContent = "";
      write();
    });

    cellsBox.addEventListener("keydown", function (event) {
      const cell = event.target;
      if (!cell.classList.contains("cell")) return;
      if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      const atStart = cell.selectionStart === 0 && cell.selectionEnd === 0;
      const atEnd = cell.selectionStart === cell.value.length && cell.selectionEnd === cell.value.length;
      let moved = false;
      if (event.key === "ArrowUp") moved = move(cell, -1, 0);
      else if (event.key === "ArrowDown") moved = move(cell, 1, 0);
      else if (event.key === "ArrowLeft" && atStart) moved = move(cell, 0, -1);
      else if (event.key === "ArrowRight" && atEnd) moved = move(cell, 0, 1);
      if (moved) event.preventDefault();
    });

    box.querySelectorAll("button.step").forEach(function (button) {
      button.addEventListener("click", function () {
        const step = Number(button.dataset.step);
        if (button.dataset.dim === "rows") rows = clamp(rows + step);
        else cols = clamp(cols + step);
        render();
        write();
        // At a limit the button is disabled: keep keyboard focus on its partner.
        if (button.disabled) button.parentElement.querySelector("button.step:not([disabled])").focus();
      });
    });

    buttons.forEach(function (button) {
      button.addEventListener("click", function () {
        if (button.dataset.mode !== mode) setMode(button.dataset.mode, true);
      });
    });

    render();
    toggle.hidden = false;
    return { active: () => mode === "grid", focusFirst: focusFirst };
  }
})();
