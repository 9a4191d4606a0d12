// c1w3 · A matrix moves the plane: drag î and ĵ (the columns of A); the grid and
// the letter F are carried along, and A and det A update live.
import { Plane, h, handle, matrixBox, mount, presets, svg } from "./common.js";
import { apply, det2, fmt } from "./math2d.js";

const RANGE = 4.5;
const N = 9; // transformed grid lines each side of the origin
// The letter F: not symmetric, so a reflection is easy to see.
const F = [[0, 0], [0.6, 0], [0.6, 1.2], [1.4, 1.2], [1.4, 1.7], [0.6, 1.7], [0.6, 2.2], [1.8, 2.2], [1.8, 2.8], [0, 2.8]];

mount("transform", (root, data) => {
  const start = data.matrix || [[1, 1], [0, 1]];
  let A = start.map((r) => r.slice());
  const stage = root.querySelector(".visual-stage");
  const panel = root.querySelector(".visual-panel");
  const plane = new Plane(stage, { range: RANGE, label: "The plane before and after the transformation" });
  plane.drawGrid({ labelEvery: 1 });
  const tgrid = svg("g", {}, plane.content);
  const ghost = svg("polygon", { class: "v-shape-ghost", points: F.map(([x, y]) => `${plane.x(x)},${plane.y(y)}`).join(" ") }, plane.content);
  ghost.setAttribute("aria-hidden", "true");
  const shape = svg("polygon", { class: "v-shape" }, plane.content);
  const iArrow = plane.arrow(plane.content, "v-arrow ihat");
  const jArrow = plane.arrow(plane.content, "v-arrow jhat");
  const iLabel = svg("text", { class: "v-label" }, plane.content);
  const jLabel = svg("text", { class: "v-label" }, plane.content);
  iLabel.textContent = "î"; jLabel.textContent = "ĵ";

  const col = (k) => [A[0][k], A[1][k]];
  const setCol = (k) => (q) => { A[0][k] = q[0]; A[1][k] = q[1]; draw(); };
  const handles = [
    handle(plane, { label: "Tip of î, the first column", cls: "ihat", get: () => col(0), set: setCol(0), snap: 0.25, step: 0.5, fine: 0.25 }),
    handle(plane, { label: "Tip of ĵ, the second column", cls: "jhat", get: () => col(1), set: setCol(1), snap: 0.25, step: 0.5, fine: 0.25 }),
  ];

  const matSlot = h("span", {});
  const detOut = h("output", { class: "v-det-value" });
  const note = h("p", { class: "v-note", role: "status", "aria-live": "polite" });
  panel.append(
    h("div", { class: "v-readout" },
      h("span", {}, h("span", { class: "v-key", text: "A =" }), matSlot),
      h("span", {}, h("span", { class: "v-key", text: "det A =" }), detOut)),
    note,
    presets(
      [["Start", start], ["Identity", [[1, 0], [0, 1]]], ["Rotate 90°", [[0, -1], [1, 0]]],
       ["Stretch", [[2, 0], [0, 0.5]]], ["Reflect", [[-1, 0], [0, 1]]], ["Squash", [[1, 2], [0.5, 1]]]],
      (m) => { A = m.map((r) => r.slice()); draw(); },
    ),
  );

  function segment(p, q) {
    return { x1: plane.x(p[0]), y1: plane.y(p[1]), x2: plane.x(q[0]), y2: plane.y(q[1]) };
  }

  function draw() {
    tgrid.replaceChildren();
    for (let k = -N; k <= N; k++) {
      for (const [u, v] of [[[k, -N], [k, N]], [[-N, k], [N, k]]]) {
        svg("line", { ...segment(apply(A, u), apply(A, v)), class: k === 0 ? "v-tgrid axis-image" : "v-tgrid" }, tgrid);
      }
    }
    const d = det2(A);
    shape.setAttribute("points", F.map((p) => apply(A, p)).map(([x, y]) => `${plane.x(x)},${plane.y(y)}`).join(" "));
    shape.classList.toggle("flipped", d < 0);
    iArrow.set([0, 0], col(0));
    jArrow.set([0, 0], col(1));
    for (const [lab, v] of [[iLabel, col(0)], [jLabel, col(1)]]) {
      const n = Math.hypot(v[0], v[1]) || 1;
      lab.setAttribute("x", plane.x(v[0] + (0.45 * v[0]) / n) - 5);
      lab.setAttribute("y", plane.y(v[1] + (0.45 * v[1]) / n) + 6);
    }
    handles.forEach((hd) => hd.place());
    matSlot.replaceChildren(matrixBox(A.map((r) => r.map((x) => fmt(x))), { colClasses: ["ihat", "jhat"], label: `A = rows ${A.map((r) => r.map((x) => fmt(x)).join(", ")).join("; ")}` }));
    detOut.textContent = fmt(d, 3);
    root.dataset.det = String(d);
    if (Math.abs(d) < 1e-12) {
      note.textContent = "det A = 0: the plane is squashed onto a line (or a point), so A has no inverse.";
    } else if (d < 0) {
      note.textContent = `det A < 0: areas are scaled by ${fmt(Math.abs(d), 3)} and the F is mirrored (orientation flips).`;
    } else {
      note.textContent = `Areas are scaled by det A = ${fmt(d, 3)}; the F keeps its orientation.`;
    }
  }
  draw();
});
