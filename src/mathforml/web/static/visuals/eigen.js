// c1w4 · Determinant and eigenvectors: the parallelogram of A's columns has signed
// area det A (blue when positive, orange when negative); a ring of vectors v is
// sent to (1 − t)I + tA applied to v, and the ones on an eigen-line never leave it.
import { Plane, h, handle, matrixBox, mount, presets, svg } from "./common.js";
import { apply, det2, eigen2, fmt, niceDirection, towards } from "./math2d.js";

const RANGE = 4.5;
const RING = 16;
const R = 1.5;

mount("eigen", (root, data) => {
  const start = data.matrix || [[2, 1], [1, 2]];
  let A = start.map((r) => r.slice());
  let t = 1;
  const stage = root.querySelector(".visual-stage");
  const panel = root.querySelector(".visual-panel");
  const plane = new Plane(stage, { range: RANGE, label: "Signed area and eigenvectors of A" });
  plane.drawGrid();
  const unitSq = svg("polygon", { class: "v-unit" }, plane.content);
  unitSq.setAttribute("points", [[0, 0], [1, 0], [1, 1], [0, 1]].map(([x, y]) => `${plane.x(x)},${plane.y(y)}`).join(" "));
  const area = svg("polygon", { class: "v-area" }, plane.content);
  const areaLabel = svg("text", { class: "v-label", "text-anchor": "middle" }, plane.content);
  const eigLines = svg("g", {}, plane.content);
  const ringG = svg("g", {}, plane.content);
  const iArrow = plane.arrow(plane.content, "v-arrow ihat");
  const jArrow = plane.arrow(plane.content, "v-arrow jhat");

  const col = (k) => [A[0][k], A[1][k]];
  const setCol = (k) => (q) => { A[0][k] = q[0]; A[1][k] = q[1]; draw(); };
  const handles = [
    handle(plane, { label: "First column of A", cls: "ihat", get: () => col(0), set: setCol(0), snap: 0.25, step: 0.5, fine: 0.25 }),
    handle(plane, { label: "Second column of A", cls: "jhat", get: () => col(1), set: setCol(1), snap: 0.25, step: 0.5, fine: 0.25 }),
  ];

  const matSlot = h("span", {});
  const detOut = h("output", {});
  const eigOut = h("p", { class: "v-note", role: "status", "aria-live": "polite" });
  const tIn = h("input", { type: "range", min: 0, max: 1, step: 0.05, value: 1, id: `${root.dataset.visual}-t`, "aria-describedby": `${root.dataset.visual}-t-help` });
  const tOut = h("output", { for: tIn.id, text: "1" });
  const play = h("button", { type: "button", class: "v-chip", text: "Play" });
  panel.append(
    h("div", { class: "v-readout" },
      h("span", {}, h("span", { class: "v-key", text: "A =" }), matSlot),
      h("span", {}, h("span", { class: "v-key", text: "det A =" }), detOut)),
    h("div", { class: "v-range" }, h("label", { for: tIn.id, text: "Apply A: t =" }), tIn, tOut, play),
    h("p", { class: "sr", id: `${root.dataset.visual}-t-help`, text: "Gray vectors are v, moved by (1 − t)I + tA." }),
    eigOut,
    presets(
      [["Start", start], ["Shear", [[1, 1], [0, 1]]], ["Rotation", [[0, -1], [1, 0]]],
       ["Reflection", [[0, 1], [1, 0]]], ["Stretch", [[2, 0], [0, 2]]], ["Singular", [[1, 2], [0.5, 1]]]],
      (m) => { A = m.map((r) => r.slice()); draw(); },
    ),
  );
  tIn.addEventListener("input", () => { t = Number(tIn.value); draw(); });
  let anim = 0;
  play.addEventListener("click", () => {
    cancelAnimationFrame(anim);
    const t0 = performance.now();
    const tick = (now) => {
      t = Math.min(1, (now - t0) / 1600);
      tIn.value = String(t);
      draw();
      if (t < 1) anim = requestAnimationFrame(tick);
    };
    anim = requestAnimationFrame(tick);
  });

  function draw() {
    const d = det2(A);
    const [c1, c2] = [col(0), col(1)];
    const corners = [[0, 0], c1, [c1[0] + c2[0], c1[1] + c2[1]], c2];
    area.setAttribute("points", corners.map(([x, y]) => `${plane.x(x)},${plane.y(y)}`).join(" "));
    const sign = Math.abs(d) < 1e-12 ? "zero" : d > 0 ? "pos" : "neg";
    area.setAttribute("class", `v-area ${sign}`);
    areaLabel.setAttribute("x", plane.x((c1[0] + c2[0]) / 2));
    areaLabel.setAttribute("y", plane.y((c1[1] + c2[1]) / 2) + 6);
    areaLabel.textContent = `area ${fmt(d)}`;
    iArrow.set([0, 0], c1);
    jArrow.set([0, 0], c2);
    handles.forEach((hd) => hd.place());

    const e = eigen2(A);
    eigLines.replaceChildren();
    const dirs = e.real ? e.lines : [];
    for (const u of dirs) svg("line", { ...plane.longLine([0, 0], u), class: "v-eigline" }, eigLines);

    // v on a ring, plus the eigen-directions themselves, each sent to M v with M = (1 − t)I + tA.
    const M = towards(A, t);
    const vs = [];
    for (let k = 0; k < RING; k++) vs.push({ v: [R * Math.cos((2 * Math.PI * k) / RING), R * Math.sin((2 * Math.PI * k) / RING)], eig: e.real && e.every });
    for (const u of dirs) for (const s of [1, -1]) vs.push({ v: [s * R * u[0], s * R * u[1]], eig: true });
    ringG.replaceChildren();
    for (const { v, eig } of vs) {
      const a = plane.arrow(ringG, `v-arrow ring${eig ? " eig" : ""}`);
      a.set([0, 0], apply(M, v));
    }

    matSlot.replaceChildren(matrixBox(A.map((r) => r.map((x) => fmt(x))), { colClasses: ["ihat", "jhat"], label: `A = rows ${A.map((r) => r.map((x) => fmt(x)).join(", ")).join("; ")}` }));
    detOut.textContent = `${fmt(d, 3)} (${sign === "zero" ? "no area: singular" : sign === "pos" ? "positive: orientation kept" : "negative: orientation flipped"})`;
    tOut.textContent = fmt(t);
    root.dataset.det = String(d);
    if (!e.real) {
      eigOut.textContent = `No real eigenvalues (λ = ${fmt(e.re)} ± ${fmt(e.im)}i): every vector turns, none stays on its line.`;
    } else if (e.every) {
      eigOut.textContent = `A = ${fmt(e.values[0])}·I: every vector is an eigenvector with λ = ${fmt(e.values[0])}.`;
    } else if (e.lines.length === 1) {
      const u = niceDirection(e.lines[0]);
      eigOut.textContent = `One eigenvalue λ = ${fmt(e.values[0])} with only one eigen-line, along (${fmt(u[0])}, ${fmt(u[1])}).`;
    } else {
      const text = e.values.map((lam, k) => {
        const u = niceDirection(e.lines[k]);
        return `λ${k === 0 ? "₁" : "₂"} = ${fmt(lam)} along (${fmt(u[0])}, ${fmt(u[1])})`;
      });
      eigOut.textContent = `${text.join("; ")}. Purple vectors stay on their line; the others turn.`;
    }
  }
  draw();
});
