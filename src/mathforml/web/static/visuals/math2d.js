// mathforml visuals: the small linear algebra the visuals compute in the browser.
// Pure functions on plain arrays, so they can be checked outside a page (node).

/** Relative tolerance for "is this zero?", scaled by the size of the entries. */
export const RTOL = 1e-9;

/** A number from the server's exact text: "3", "-1/2", "0.25". */
export function parseNumber(text) {
  const s = String(text).trim();
  const slash = s.indexOf("/");
  if (slash >= 0) return Number(s.slice(0, slash)) / Number(s.slice(slash + 1));
  return Number(s);
}

/** det [[a, b], [c, d]] = ad − bc. */
export function det2(m) {
  return m[0][0] * m[1][1] - m[0][1] * m[1][0];
}

function scaleOf(rows) {
  let s = 0;
  for (const r of rows) for (const x of r) s = Math.max(s, Math.abs(x));
  return s;
}

/** Rank of a small matrix (rows of numbers) by elimination with partial pivoting. */
export function rank(rows) {
  const m = rows.map((r) => r.slice());
  const tol = RTOL * Math.max(1, scaleOf(m));
  const width = m.length ? m[0].length : 0;
  let r = 0;
  for (let c = 0; c < width && r < m.length; c++) {
    let best = r;
    for (let i = r + 1; i < m.length; i++) if (Math.abs(m[i][c]) > Math.abs(m[best][c])) best = i;
    if (Math.abs(m[best][c]) <= tol) continue;
    [m[r], m[best]] = [m[best], m[r]];
    for (let i = r + 1; i < m.length; i++) {
      const f = m[i][c] / m[r][c];
      for (let k = c; k < width; k++) m[i][k] -= f * m[r][k];
    }
    r++;
  }
  return r;
}

/**
 * The solution set of a1 x + b1 y = c1, a2 x + b2 y = c2 (lines = [[a1, b1, c1], [a2, b2, c2]]).
 * kind is "unique" (point = [x, y] by Cramer's rule), "none" (rank A < rank [A|c])
 * or "infinite" (rank A = rank [A|c] < 2) — the same rule as toolkit.linalg.solve.
 */
export function solveLines(lines) {
  const A = lines.map((l) => [l[0], l[1]]);
  const det = det2(A);
  const rankA = rank(A);
  const rankAb = rank(lines);
  if (rankA === 2) {
    const [[a1, b1, c1], [a2, b2, c2]] = lines;
    return { kind: "unique", det, rankA, rankAb, point: [(c1 * b2 - c2 * b1) / det, (a1 * c2 - a2 * c1) / det] };
  }
  return { kind: rankAb > rankA ? "none" : "infinite", det, rankA, rankAb, point: null };
}

/** a x + b y = c through the points p and q. */
export function lineThrough(p, q) {
  const a = q[1] - p[1];
  const b = p[0] - q[0];
  return [a, b, a * p[0] + b * p[1]];
}

function unit(v) {
  const n = Math.hypot(v[0], v[1]);
  return [v[0] / n, v[1] / n];
}

/**
 * Eigenvalues and eigen-lines of a real 2×2 matrix.
 *   { real: false, re, im }                         complex pair re ± im·i (no real eigenvector);
 *   { real: true, values: [λ1, λ2], lines, every }  λ1 ≥ λ2; lines[k] a unit direction for values[k]
 *                                                   (one line when a repeated λ has a 1-D eigenspace,
 *                                                   none and every = true when A = λI).
 * An eigenvector of λ spans the null space of A − λI: perpendicular to its larger row.
 */
export function eigen2(m) {
  const [[a, b], [c, d]] = m;
  const tr = a + d;
  const dt = a * d - b * c;
  const s2 = Math.max(1, scaleOf(m)) ** 2;
  let disc = tr * tr - 4 * dt;
  if (disc < -RTOL * s2) return { real: false, re: tr / 2, im: Math.sqrt(-disc) / 2 };
  if (Math.abs(disc) <= RTOL * s2) disc = 0;
  const root = Math.sqrt(disc);
  const values = [(tr + root) / 2, (tr - root) / 2];
  const tol = RTOL * Math.max(1, scaleOf(m));
  if (disc === 0 && Math.abs(b) <= tol && Math.abs(c) <= tol && Math.abs(a - d) <= tol) {
    return { real: true, values, lines: [], every: true };
  }
  const lineFor = (lam) => {
    const r1 = [a - lam, b];
    const r2 = [c, d - lam];
    const r = Math.hypot(...r1) >= Math.hypot(...r2) ? r1 : r2;
    return unit([-r[1], r[0]]);
  };
  const lines = disc === 0 ? [lineFor(values[0])] : values.map(lineFor);
  return { real: true, values, lines, every: false };
}

/** A v for a 2×2 A. */
export function apply(m, v) {
  return [m[0][0] * v[0] + m[0][1] * v[1], m[1][0] * v[0] + m[1][1] * v[1]];
}

/** (1 − t) I + t A: the path from doing nothing to doing A (same eigenvectors as A). */
export function towards(m, t) {
  return [
    [1 - t + t * m[0][0], t * m[0][1]],
    [t * m[1][0], 1 - t + t * m[1][1]],
  ];
}

/** A direction scaled so its larger component is ±1 with the first non-zero one positive. */
export function niceDirection(v) {
  const big = Math.abs(v[0]) >= Math.abs(v[1]) ? v[0] : v[1];
  let w = [v[0] / Math.abs(big), v[1] / Math.abs(big)];
  const lead = Math.abs(w[0]) > 1e-12 ? w[0] : w[1];
  if (lead < 0) w = [-w[0], -w[1]];
  return w;
}

/** Short text for a number: at most `digits` decimals, "−" for minus, no "−0". */
export function fmt(x, digits = 2) {
  if (!Number.isFinite(x)) return String(x);
  const f = 10 ** digits;
  let r = Math.round(x * f) / f;
  if (Object.is(r, -0) || r === 0) r = 0;
  const s = String(r);
  return s.startsWith("-") ? "−" + s.slice(1) : s;
}
