// c1w1 · Two lines, one system: each line passes through two draggable grid points;
// the plot shows the intersection (one solution), parallel lines (none) or one
// line twice (infinitely many), and the determinant a1 b2 − a2 b1.
import { Plane, h, handle, mount, presets, svg } from "./common.js";
import { fmt, lineThrough, parseNumber, solveLines } from "./math2d.js";

const RANGE = 6;
const COLORS = ["l1", "l2"];

function term(coef, name, first) {
  if (coef === 0) return "";
  const sign = coef < 0 ? (first ? "−" : " − ") : first ? "" : " + ";
  const mag = Math.abs(coef);
  return sign + (mag === 1 ? "" : fmt(mag)) + name;
}

/** "2x − 3y = 4" (or "0 = 4" when both coefficients are zero). */
export function equation([a, b, c]) {
  const left = term(a, "x", true) + term(b, "y", a === 0) || "0";
  return `${left} = ${fmt(c)}`;
}

mount("lines", (root, data) => {
  const start = (data.points || [[[-4, -1], [4, 3]], [[-3, 4], [3, -2]]]).map((l) => l.map((p) => p.slice()));
  let pts = start.map((l) => l.map((p) => p.slice()));

  const stage = root.querySelector(".visual-stage");
  const panel = root.querySelector(".visual-panel");
  const plane = new Plane(stage, { range: RANGE, label: "Two lines in the plane" });
  plane.drawGrid({ labelEvery: 2 });
  const lineEls = COLORS.map((c) => svg("line", { class: `v-line ${c}` }, plane.content));
  const dot = svg("circle", { r: 8, class: "v-solution" }, plane.content);
  const dotLabel = svg("text", { class: "v-label", "text-anchor": "start" }, plane.content);

  const eqs = COLORS.map((c, i) => h("p", { class: `v-eq ${c}` }, h("span", { class: "v-key", text: `Line ${i + 1}` }), h("output", {})));
  const detOut = h("output", {});
  const verdict = h("p", { class: "v-verdict", role: "status", "aria-live": "polite" });
  panel.append(
    ...eqs,
    h("p", { class: "v-det" }, h("span", { class: "v-key", text: "det" }), detOut),
    verdict,
    presets(
      [
        ["Start", start],
        ["Parallel", [[[-4, -2], [4, 2]], [[-4, 1], [4, 5]]]],
        ["Same line", [[[-4, -2], [4, 2]], [[-2, -1], [2, 1]]]],
      ],
      (v) => { pts = v.map((l) => l.map((p) => p.slice())); draw(); },
    ),
  );

  const handles = [];
  pts.forEach((_, li) => [0, 1].forEach((pi) => {
    handles.push(handle(plane, {
      label: `Line ${li + 1}, point ${pi === 0 ? "A" : "B"}`,
      cls: COLORS[li],
      get: () => pts[li][pi],
      set: (q) => {
        const other = pts[li][1 - pi];
        if (q[0] === other[0] && q[1] === other[1]) return false; // two points make a line
        pts[li][pi] = q;
        draw();
        return true;
      },
    }));
  }));

  function draw() {
    const lines = pts.map(([p, q]) => lineThrough(p, q));
    const sol = solveLines(lines);
    pts.forEach(([p, q], i) => {
      const seg = plane.longLine(p, [q[0] - p[0], q[1] - p[1]]);
      for (const [k, v] of Object.entries(seg)) lineEls[i].setAttribute(k, v);
    });
    lineEls[1].classList.toggle("same", sol.kind === "infinite");
    handles.forEach((hd) => hd.place());
    lines.forEach((l, i) => { eqs[i].querySelector("output").textContent = equation(l); });
    const [[a1, b1], [a2, b2]] = lines;
    const p = (x) => (x < 0 ? `(${fmt(x)})` : fmt(x));
    detOut.textContent = `a₁b₂ − a₂b₁ = ${p(a1)}·${p(b2)} − ${p(a2)}·${p(b1)} = ${fmt(sol.det)}`;
    root.dataset.kind = sol.kind;
    root.dataset.det = String(sol.det);
    const visible = sol.point && Math.abs(sol.point[0]) < RANGE && Math.abs(sol.point[1]) < RANGE;
    dot.style.display = visible ? "" : "none";
    dotLabel.style.display = visible ? "" : "none";
    if (sol.kind === "unique") {
      const [x, y] = sol.point;
      const where = `(${fmt(x)}, ${fmt(y)})`;
      verdict.textContent = `One solution: x = ${fmt(x)}, y = ${fmt(y)}. det ≠ 0, the lines cross once` + (visible ? "." : " (outside the view).");
      if (visible) {
        dot.setAttribute("cx", plane.x(x)); dot.setAttribute("cy", plane.y(y));
        const right = plane.x(x) < plane.size - 140;
        dotLabel.setAttribute("x", plane.x(x) + (right ? 14 : -14));
        dotLabel.setAttribute("text-anchor", right ? "start" : "end");
        dotLabel.setAttribute("y", plane.y(y) - 12);
        dotLabel.textContent = where;
      }
    } else if (sol.kind === "none") {
      verdict.textContent = "No solution: det = 0 and the lines are parallel, so they never meet.";
    } else {
      verdict.textContent = "Infinitely many solutions: det = 0 and both equations describe the same line.";
    }
    verdict.className = `v-verdict ${sol.kind}`;
  }

  // The server computed the first frame with the toolkit; say so if the browser disagrees.
  if (data.det !== undefined && Math.abs(parseNumber(data.det) - solveLines(pts.map(([p, q]) => lineThrough(p, q))).det) > 1e-9) {
    console.warn("lines: browser and server disagree on the determinant");
  }
  draw();
});
