// c1w2 · Elimination, step by step: plays the row operations that
// toolkit.linalg.row_echelon_form recorded (from the page, or from /api/steps
// for a matrix the learner types). Nothing is recomputed here: the server's
// exact steps are shown as they are.
import { h, mount } from "./common.js";

const minus = (s) => String(s).replace(/^-/, "−");

mount("elimination", (root, data) => {
  const stage = root.querySelector(".visual-stage");
  const id = `elim-${Math.random().toString(36).slice(2, 8)}`;
  let run = data;
  let k = 0; // 0 = the matrix as typed; k = after step k

  const input = h("input", { type: "text", id: `${id}-in`, spellcheck: "false", autocomplete: "off", "aria-describedby": `${id}-err` });
  input.value = (data.matrix || []).map((r) => r.join(" ")).join("; ");
  const error = h("p", { class: "v-error", id: `${id}-err`, role: "alert" });
  const aug = h("input", { type: "checkbox", id: `${id}-aug` });
  aug.checked = true;
  const form = h("form", { class: "v-form" },
    h("label", { for: input.id, text: "Matrix: rows separated by “;” (at most 4×5)" }),
    input,
    h("button", { type: "submit", class: "button", text: "Eliminate" }));
  const op = h("p", { class: "v-op", "aria-live": "polite" });
  const why = h("p", { class: "v-why" });
  const matWrap = h("div", { class: "v-mat-wrap" });
  const prev = h("button", { type: "button", class: "button", text: "← Previous" });
  const next = h("button", { type: "button", class: "button primary", text: "Next →" });
  const first = h("button", { type: "button", class: "button quiet", text: "Start" });
  const count = h("span", { class: "v-count" });
  const list = h("ol", { class: "v-steps", "aria-label": "All steps" });
  stage.append(
    form,
    h("p", { class: "v-check" }, aug, h("label", { for: aug.id, text: "The last column is the right-hand side b" })),
    error,
    h("div", { class: "v-stepbox" }, h("div", { class: "v-nav" }, first, prev, next, count), op, why, matWrap, list),
  );

  const matrixAt = (i) => {
    for (let j = i; j >= 1; j--) if (run.steps[j - 1].matrix) return run.steps[j - 1].matrix;
    return run.matrix;
  };

  function table(rows, before) {
    const t = h("table", { class: "v-table" + (aug.checked && rows[0].length > 1 ? " augmented" : "") });
    const cols = rows[0].length;
    rows.forEach((r, i) => {
      const changed = before && r.some((x, j) => x !== before[i][j]);
      const tr = h("tr", changed ? { class: "changed" } : {});
      r.forEach((x, j) => tr.append(h("td", { class: j === cols - 1 && cols > 1 ? "bar" : "", text: minus(x) })));
      t.append(tr);
    });
    const label = rows.map((r) => r.map(minus).join(", ")).join("; ");
    t.setAttribute("aria-label", `Matrix after this step: ${label}`);
    return t;
  }

  function show() {
    const n = run.steps.length;
    k = Math.max(0, Math.min(n, k));
    const step = k > 0 ? run.steps[k - 1] : null;
    op.textContent = step ? step.operation : "The matrix as given";
    why.textContent = step ? step.note : n ? "Press Next to apply the first row operation." : "It is already in row echelon form: nothing to do.";
    matWrap.replaceChildren(table(matrixAt(k), k > 0 ? matrixAt(k - 1) : null));
    count.textContent = `Step ${k} of ${n}`;
    prev.disabled = k === 0;
    first.disabled = k === 0;
    next.disabled = k === n;
    [...list.children].forEach((li, i) => {
      if (i === k) li.setAttribute("aria-current", "step");
      else li.removeAttribute("aria-current");
    });
    root.dataset.step = String(k);
  }

  function load(result) {
    run = result;
    k = 0;
    list.replaceChildren();
    const labels = ["Start", ...run.steps.map((s) => s.operation)];
    labels.forEach((text, i) => {
      const b = h("button", { type: "button", text });
      b.addEventListener("click", () => { k = i; show(); });
      list.append(h("li", {}, b));
    });
    show();
  }

  prev.addEventListener("click", () => { k -= 1; show(); });
  next.addEventListener("click", () => { k += 1; show(); });
  first.addEventListener("click", () => { k = 0; show(); });
  aug.addEventListener("change", show);
  root.addEventListener("keydown", (e) => {
    if (e.target === input) return;
    if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
      e.preventDefault();
      k += e.key === "ArrowRight" ? 1 : -1;
      show();
    }
  });
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    error.textContent = "";
    try {
      const response = await fetch(`/api/steps?matrix=${encodeURIComponent(input.value)}`, { headers: { Accept: "application/json" } });
      const body = await response.json().catch(() => ({ error: "The server sent an unreadable reply." }));
      if (!response.ok) throw new Error(body.error || `Request failed (${response.status}).`);
      load(body);
    } catch (err) {
      error.textContent = err.message;
    }
  });
  load(run.steps ? run : { matrix: [["1"]], steps: [] });
});
