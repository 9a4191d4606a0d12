// mathforml visuals: SVG helpers shared by the visuals (a coordinate plane,
// draggable points that also move with the arrow keys, and mounting).

export const SVG_NS = "http://www.w3.org/2000/svg";

/** An SVG element with attributes, appended to `parent` when given. */
export function svg(tag, attrs = {}, parent = null) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (parent) parent.appendChild(node);
  return node;
}

/** An HTML element with attributes (class, text, on*) and children. */
export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, String(v));
  }
  for (const c of children) node.append(c);
  return node;
}

/** Run `setup(root, data)` once for every `[data-visual=name]` on the page. */
export function mount(name, setup) {
  for (const root of document.querySelectorAll(`[data-visual="${name}"]`)) {
    if (root.dataset.mounted) continue;
    root.dataset.mounted = "1";
    let data = {};
    try {
      data = JSON.parse(root.dataset.initial || "{}");
    } catch (_) {
      data = {};
    }
    setup(root, data);
  }
}

/**
 * A square plane showing world coordinates [-range, range]² in an SVG of SIZE user
 * units; y points up. Layers: grid, content, handles (handles always on top).
 */
export class Plane {
  constructor(stage, { range = 5, label = "" } = {}) {
    this.size = 600;
    this.range = range;
    this.unit = this.size / (2 * range);
    this.root = svg("svg", {
      viewBox: `0 0 ${this.size} ${this.size}`,
      class: "plane",
      role: "group",
      "aria-label": label,
    });
    stage.appendChild(this.root);
    this.grid = svg("g", { class: "grid" }, this.root);
    this.content = svg("g", {}, this.root);
    this.handles = svg("g", {}, this.root);
  }
  x(wx) { return this.size / 2 + wx * this.unit; }
  y(wy) { return this.size / 2 - wy * this.unit; }
  /** World coordinates of a pointer event. */
  world(event) {
    const r = this.root.getBoundingClientRect();
    const px = ((event.clientX - r.left) / r.width) * this.size;
    const py = ((event.clientY - r.top) / r.height) * this.size;
    return [(px - this.size / 2) / this.unit, (this.size / 2 - py) / this.unit];
  }
  /** Light grid lines every unit, darker axes, tick labels every `labelEvery`. */
  drawGrid({ labelEvery = 1 } = {}) {
    const g = this.grid;
    const n = Math.floor(this.range);
    for (let k = -n; k <= n; k++) {
      const cls = k === 0 ? "axis" : "gridline";
      svg("line", { x1: this.x(k), y1: 0, x2: this.x(k), y2: this.size, class: cls }, g);
      svg("line", { x1: 0, y1: this.y(k), x2: this.size, y2: this.y(k), class: cls }, g);
      if (k !== 0 && k % labelEvery === 0) {
        svg("text", { x: this.x(k), y: this.y(0) + 18, class: "tick", "text-anchor": "middle" }, g).textContent = tickText(k);
        svg("text", { x: this.x(0) - 7, y: this.y(k) + 5, class: "tick", "text-anchor": "end" }, g).textContent = tickText(k);
      }
    }
  }
  /** The segment of the line through p with direction d that crosses the view. */
  longLine(p, d) {
    const n = Math.hypot(d[0], d[1]) || 1;
    const far = 4 * this.range;
    const u = [d[0] / n, d[1] / n];
    return {
      x1: this.x(p[0] - far * u[0]), y1: this.y(p[1] - far * u[1]),
      x2: this.x(p[0] + far * u[0]), y2: this.y(p[1] + far * u[1]),
    };
  }
  /** An arrow from `from` to `to` (world), drawn into `parent`; returns its parts to update. */
  arrow(parent, cls) {
    const g = svg("g", { class: cls }, parent);
    const shaft = svg("line", {}, g);
    const head = svg("path", {}, g);
    return {
      g,
      set: (from, to) => {
        const [x1, y1, x2, y2] = [this.x(from[0]), this.y(from[1]), this.x(to[0]), this.y(to[1])];
        const len = Math.hypot(x2 - x1, y2 - y1);
        g.style.display = len < 1 ? "none" : "";
        if (len < 1) return;
        const ux = (x2 - x1) / len, uy = (y2 - y1) / len;
        const hl = Math.min(14, len * 0.6), hw = hl * 0.45;
        const bx = x2 - ux * hl, by = y2 - uy * hl;
        shaft.setAttribute("x1", x1); shaft.setAttribute("y1", y1);
        shaft.setAttribute("x2", bx); shaft.setAttribute("y2", by);
        head.setAttribute("d", `M${x2},${y2} L${bx - uy * hw},${by + ux * hw} L${bx + uy * hw},${by - ux * hw} Z`);
      },
    };
  }
}

function tickText(k) {
  return k < 0 ? "−" + -k : String(k);
}

/**
 * A draggable point: pointer drag (mouse, pen, touch) and arrow keys when focused
 * (Shift = a smaller step). `get()` returns [x, y]; `set([x, y])` stores the
 * already snapped and clamped point and returns false to refuse it.
 */
export function handle(plane, { label, cls, get, set, snap = 1, step = 1, fine = step, min = -plane.range + 0.5, max = plane.range - 0.5 }) {
  const g = svg("g", { class: `handle ${cls}`, tabindex: 0, role: "button", "aria-roledescription": "draggable point" }, plane.handles);
  svg("circle", { r: 22, class: "hit" }, g);
  svg("circle", { r: 9, class: "dot" }, g);
  const clamp = (v) => Math.min(max, Math.max(min, v));
  const round = (v, s) => Math.round(v / s) * s;
  const place = () => {
    const [x, y] = get();
    g.setAttribute("transform", `translate(${plane.x(x)},${plane.y(y)})`);
    g.setAttribute("aria-label", `${label} at (${niceNum(x)}, ${niceNum(y)}); arrow keys move it`);
  };
  const moveTo = (p) => {
    const q = [clamp(round(p[0], snap)), clamp(round(p[1], snap))];
    const [x, y] = get();
    if (q[0] === x && q[1] === y) return false;
    return set(q) !== false;
  };
  let dragging = null;
  g.addEventListener("pointerdown", (e) => {
    if (e.button !== undefined && e.button !== 0) return;
    e.preventDefault();
    g.focus({ preventScroll: true });
    g.setPointerCapture(e.pointerId);
    dragging = e.pointerId;
    g.classList.add("dragging");
  });
  g.addEventListener("pointermove", (e) => {
    if (dragging !== e.pointerId) return;
    moveTo(plane.world(e));
  });
  const stop = (e) => {
    if (dragging !== e.pointerId) return;
    dragging = null;
    g.classList.remove("dragging");
  };
  g.addEventListener("pointerup", stop);
  g.addEventListener("pointercancel", stop);
  g.addEventListener("keydown", (e) => {
    const s = e.shiftKey ? fine : step;
    const d = { ArrowLeft: [-s, 0], ArrowRight: [s, 0], ArrowUp: [0, s], ArrowDown: [0, -s] }[e.key];
    if (!d) return;
    e.preventDefault();
    const [x, y] = get();
    if (!moveTo([x + d[0], y + d[1]])) moveTo([x + 2 * d[0], y + 2 * d[1]]);
  });
  return { g, place };
}

function niceNum(x) {
  const r = Math.round(x * 100) / 100;
  return r < 0 ? "minus " + -r : String(r);
}

/** The row of small preset buttons under a visual. */
export function presets(items, choose) {
  const bar = h("div", { class: "v-presets", role: "group", "aria-label": "Examples" });
  for (const [name, value] of items) {
    bar.append(h("button", { type: "button", class: "v-chip", text: name, onclick: () => choose(value) }));
  }
  return bar;
}

/** A 2×2 (or m×n) matrix as an HTML grid with bracket borders; cells get classes per column. */
export function matrixBox(rows, { colClasses = [], label = "" } = {}) {
  const box = h("span", { class: "v-matrix", role: "img", "aria-label": label });
  box.style.gridTemplateColumns = `repeat(${rows[0].length}, auto)`;
  for (const r of rows) r.forEach((x, j) => box.append(h("span", { class: colClasses[j] || "", text: x })));
  return box;
}
