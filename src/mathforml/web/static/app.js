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

  async function post(path, body) {
    const response = await fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(Object.assign({}, base, body)),
      credentials: "same-origin",
    });
    const data = await response.json().catch(() => ({ error: "The server sent an unreadable reply." }));
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
    const placeholder = preview.innerHTML;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(async function () {
        const mine = ++sequence;
        if (!input.value.trim()) {
          preview.innerHTML = placeholder;
          return;
        }
        try {
          const data = await post("/api/preview", { answer: input.value });
          if (mine === sequence) preview.innerHTML = data.html;
        } catch (error) {
          if (mine === sequence) preview.textContent = error.message;
        }
      }, 200);
    });
  }
})();
