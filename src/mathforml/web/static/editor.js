// mathforml: the assignment editor, and submissions graded without a reload.
//
// The page works without this script: a plain <textarea> in a form that posts to
// /assignments/<id>. This adds line numbers, Python indentation keys, syntax
// highlighting (a transparent textarea over a <pre> of coloured spans), upload and
// download, and submits to /api/assignments/<id>/submit. Learner text only ever
// reaches the page as text nodes (textContent), never as markup.
(function () {
  "use strict";

  const INDENT = "    ";
  // Above this many characters the colours are dropped: typing must stay instant.
  const MAX_HIGHLIGHT_CHARS = 200000;

  // -- a small Python tokenizer ------------------------------------------------------

  const KEYWORDS = new Set(("and as assert async await break class continue def del elif else " +
    "except finally for from global if import in is lambda nonlocal not or pass raise return " +
    "try while with yield match case").split(" "));
  const CONSTANTS = new Set(["True", "False", "None", "NotImplemented", "Ellipsis", "__name__"]);
  const BUILTINS = new Set(("abs all any ascii bin bool bytearray bytes callable chr classmethod " +
    "complex dict dir divmod enumerate filter float format frozenset getattr hasattr hash help hex " +
    "id input int isinstance issubclass iter len list map max min next object oct open ord pow " +
    "print property range repr reversed round set setattr slice sorted staticmethod str sum super " +
    "tuple type vars zip Exception ValueError TypeError KeyError IndexError ZeroDivisionError " +
    "RuntimeError NotImplementedError AssertionError").split(" "));
  const DEDENT_AFTER = new Set(["return", "pass", "break", "continue", "raise"]);

  // Tried in order at each position; every one is sticky (matches exactly there).
  const RULES = [
    ["ws", /[ \t\r\n\f]+/y],
    ["com", /#[^\n]*/y],
    ["str", /[rRbBuUfF]{0,2}(?:"""[\s\S]*?(?:"""|$)|'''[\s\S]*?(?:'''|$)|"(?:[^"\\\n]|\\[\s\S])*(?:"|(?=\n)|$)|'(?:[^'\\\n]|\\[\s\S])*(?:'|(?=\n)|$))/y],
    ["name", /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*/uy],
    ["num", /(?:0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?[jJ]?)/y],
    ["deco", /@[\p{L}_][\p{L}\p{N}_.]*/uy],
    ["op", /[^\s\p{L}\p{N}_#'"@.]+|[\s\S]/uy],
  ];

  /** [[kind, text], ...] covering all of `text`; kind "" is plain text. */
  function tokenize(text) {
    const out = [];
    let pos = 0;
    let previous = "";      // the last non-blank token's text
    let lineStart = true;   // only blanks so far on this line (a decorator may start here)
    while (pos < text.length) {
      let kind = "op";
      let value = text[pos];
      for (const [name, rule] of RULES) {
        rule.lastIndex = pos;
        const match = rule.exec(text);
        if (match && match[0].length) { kind = name; value = match[0]; break; }
      }
      let style = "";
      if (kind === "ws") {
        if (value.includes("\n")) lineStart = true;
      } else {
        if (kind === "name") {
          if (previous === "def" || previous === "class") style = "def";
          else if (previous === ".") style = "";
          else if (KEYWORDS.has(value)) style = "kw";
          else if (CONSTANTS.has(value)) style = "const";
          else if (value === "self") style = "self";
          else if (BUILTINS.has(value)) style = "bi";
        } else if (kind === "deco") {
          style = lineStart ? "deco" : "";
          if (!lineStart) value = "@";
        } else if (kind !== "op") {
          style = kind;
        }
        previous = value;
        lineStart = false;
      }
      const last = out[out.length - 1];
      if (last && last[0] === style) last[1] += value;
      else out.push([style, value]);
      pos += value.length;
    }
    return out;
  }

  /** Replace `target`'s children by the highlighted `text`, built from text nodes only. */
  function paint(target, text) {
    const fragment = document.createDocumentFragment();
    if (text.length > MAX_HIGHLIGHT_CHARS) {
      fragment.appendChild(document.createTextNode(text));
    } else {
      for (const [style, value] of tokenize(text)) {
        if (!style) {
          fragment.appendChild(document.createTextNode(value));
        } else {
          const span = document.createElement("span");
          span.className = "tok-" + style;
          span.textContent = value;
          fragment.appendChild(span);
        }
      }
    }
    // A trailing newline needs a character after it, or the last line has no height.
    fragment.appendChild(document.createTextNode("\n "));
    target.replaceChildren(fragment);
  }

  function element(tag, className) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    return node;
  }

  function lineCount(text) {
    let count = 1;
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) count += 1;
    return count;
  }

  /** A gutter of line numbers for `wrapper`; returns update(count). */
  function gutterFor(wrapper, before) {
    const gutter = element("div", "editor-gutter");
    gutter.setAttribute("aria-hidden", "true");
    const lines = element("div", "editor-lines");
    gutter.appendChild(lines);
    wrapper.insertBefore(gutter, before);
    let shown = 0;
    return {
      lines: lines,
      update(count) {
        if (count === shown) return;
        const numbers = [];
        for (let i = 1; i <= count; i += 1) numbers.push(i);
        lines.textContent = numbers.join("\n");
        gutter.style.setProperty("--digits", String(Math.max(2, String(count).length)));
        shown = count;
      },
    };
  }

  // -- the editable editor -------------------------------------------------------

  function enhanceEditor(wrapper) {
    const textarea = wrapper.querySelector("textarea");
    const body = element("div", "editor-body");
    const pre = element("pre", "editor-highlight");
    pre.setAttribute("aria-hidden", "true");
    const code = element("code");
    pre.appendChild(code);
    wrapper.insertBefore(body, textarea);
    body.appendChild(pre);
    body.appendChild(textarea);
    const gutter = gutterFor(wrapper, body);
    wrapper.classList.add("enhanced");

    let frame = 0;
    function refresh() {
      frame = 0;
      paint(code, textarea.value);
      gutter.update(lineCount(textarea.value));
      sync();
    }
    function schedule() {
      if (!frame) frame = requestAnimationFrame(refresh);
    }
    function sync() {
      const x = textarea.scrollLeft;
      const y = textarea.scrollTop;
      code.style.transform = "translate(" + -x + "px," + -y + "px)";
      gutter.lines.style.transform = "translateY(" + -y + "px)";
    }

    /** Replace [start, end) by `text`, kept in the browser's undo history when it can be. */
    function replace(start, end, text, selStart, selEnd) {
      textarea.focus();
      textarea.setSelectionRange(start, end);
      let done = false;
      try {
        done = document.execCommand("insertText", false, text);
      } catch (error) {
        done = false;
      }
      if (!done || textarea.value.slice(start, start + text.length) !== text) {
        textarea.setRangeText(text, start, end, "end");
        textarea.dispatchEvent(new Event("input", { bubbles: true }));
      }
      if (selStart !== undefined) textarea.setSelectionRange(selStart, selEnd);
    }

    /** The block of whole lines the selection touches: [start, end). */
    function selectedLines() {
      const value = textarea.value;
      const start = value.lastIndexOf("\n", textarea.selectionStart - 1) + 1;
      let last = textarea.selectionEnd;
      // a selection ending at the start of a line does not take that line
      if (last > textarea.selectionStart && value[last - 1] === "\n") last -= 1;
      let end = value.indexOf("\n", last);
      if (end === -1) end = value.length;
      return [start, end];
    }

    function indent() {
      const { selectionStart: s, selectionEnd: e, value } = textarea;
      if (s === e) {
        replace(s, e, INDENT);
        return;
      }
      const [start, end] = selectedLines();
      const lines = value.slice(start, end).split("\n");
      let added = 0;
      let firstAdded = 0;
      const out = lines.map(function (line, i) {
        if (!line.trim()) return line;
        added += INDENT.length;
        if (i === 0) firstAdded = INDENT.length;
        return INDENT + line;
      });
      replace(start, end, out.join("\n"), s + firstAdded, e + added);
    }

    function dedent() {
      const { selectionStart: s, selectionEnd: e, value } = textarea;
      const [start, end] = selectedLines();
      const lines = value.slice(start, end).split("\n");
      let removed = 0;
      let firstRemoved = 0;
      const out = lines.map(function (line, i) {
        const cut = line.startsWith("\t") ? 1 : /^ {0,4}/.exec(line)[0].length;
        removed += cut;
        if (i === 0) firstRemoved = cut;
        return line.slice(cut);
      });
      if (!removed) return;
      replace(start, end, out.join("\n"), Math.max(start, s - firstRemoved),
        Math.max(start, e - removed));
    }

    function newline() {
      const { selectionStart: s, selectionEnd: e, value } = textarea;
      const lineStart = value.lastIndexOf("\n", s - 1) + 1;
      const line = value.slice(lineStart, s);
      let lead = /^[ \t]*/.exec(line)[0];
      const codeText = tokenize(line).filter((t) => t[0] !== "com").map((t) => t[1]).join("").trim();
      const first = codeText.split(/[^\p{L}\p{N}_]/u)[0];
      if (codeText.endsWith(":")) lead += INDENT;
      else if (DEDENT_AFTER.has(first)) lead = lead.slice(0, Math.max(0, lead.length - INDENT.length));
      replace(s, e, "\n" + lead);
    }

    function backspace(event) {
      const { selectionStart: s, selectionEnd: e, value } = textarea;
      if (s !== e) return;
      const lineStart = value.lastIndexOf("\n", s - 1) + 1;
      const before = value.slice(lineStart, s);
      if (!before || /[^ ]/.test(before)) return;
      event.preventDefault();
      replace(s - (before.length % INDENT.length || INDENT.length), s, "");
    }

    let escaped = false;
    textarea.addEventListener("keydown", function (event) {
      if (event.isComposing) return;
      if (event.key === "Escape") {
        escaped = true;
        return;
      }
      if (event.key === "Tab") {
        if (escaped || event.ctrlKey || event.altKey || event.metaKey) {
          escaped = false;  // let the browser move the focus on
          return;
        }
        event.preventDefault();
        if (event.shiftKey) dedent();
        else indent();
        return;
      }
      if (["Shift", "Control", "Alt", "Meta"].includes(event.key)) return;
      escaped = false;
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        const form = textarea.form;
        if (form) form.requestSubmit();
      } else if (event.key === "Enter" && !event.shiftKey && !event.altKey) {
        event.preventDefault();
        newline();
      } else if (event.key === "Backspace" && !event.ctrlKey && !event.altKey && !event.metaKey) {
        backspace(event);
      }
    });
    textarea.addEventListener("blur", function () { escaped = false; });
    textarea.addEventListener("input", schedule);
    textarea.addEventListener("scroll", sync, { passive: true });
    if (typeof ResizeObserver === "function") {
      // the browser clamps the scroll offsets after a resize: read them once it has
      new ResizeObserver(function () { requestAnimationFrame(sync); }).observe(textarea);
    }
    refresh();

    return {
      textarea: textarea,
      /** Put `text` in the editor (undoable), cursor at the top. */
      load(text) {
        replace(0, textarea.value.length, text, 0, 0);
        textarea.scrollTop = 0;
        textarea.scrollLeft = 0;
        refresh();
      },
    };
  }

  function enhanceView(wrapper) {
    const pre = wrapper.querySelector("pre[data-python]");
    const code = pre.querySelector("code") || pre;
    const text = code.textContent;
    const shown = text.endsWith("\n") ? text.slice(0, -1) : text;
    paint(code, shown);
    const gutter = gutterFor(wrapper, pre);
    gutter.update(lineCount(shown));
    pre.addEventListener("scroll", function () {
      gutter.lines.style.transform = "translateY(" + -pre.scrollTop + "px)";
    }, { passive: true });
    wrapper.classList.add("enhanced");
  }

  // -- submitting, uploading, downloading --------------------------------------------

  function wireForm(form, editor) {
    const id = form.dataset.assignment;
    const maxBytes = Number(form.dataset.maxBytes) || 512 * 1024;
    const meta = document.querySelector('meta[name="csrf-token"]');
    const csrf = meta ? meta.content : "";
    const button = document.getElementById("submit-code");
    const status = document.getElementById("editor-status");
    const origin = document.getElementById("editor-origin");
    const slot = document.getElementById("grade-report");
    const history = document.getElementById("history");
    const upload = document.getElementById("upload-code");
    const download = document.getElementById("download-code");
    let busy = false;
    let filename = "";

    function say(message, problem) {
      status.textContent = message;
      status.classList.toggle("problem", Boolean(problem));
    }

    async function submit(body) {
      if (busy) return;
      busy = true;
      button.disabled = true;
      slot.setAttribute("aria-busy", "true");
      say("Grading…");
      try {
        let response;
        try {
          response = await fetch("/api/assignments/" + encodeURIComponent(id) + "/submit", {
            method: "POST",
            headers: {
              "Content-Type": "application/json",
              Accept: "application/json",
              "X-CSRF-Token": csrf,
            },
            body: JSON.stringify(body),
            credentials: "same-origin",
          });
        } catch (error) {
          throw new Error("Could not reach the server: is mathforml still running?");
        }
        const data = await response.json().catch(() => ({ error: "The server sent an unreadable reply." }));
        if (!response.ok) throw new Error(data.error || "The submission failed (" + response.status + ").");
        // Server-rendered fragments: Jinja escaped every learner string in them.
        slot.innerHTML = data.html;
        history.innerHTML = data.history_html;
        if (typeof data.source === "string") editor.load(data.source);
        origin.textContent = "Your latest submission (#" + data.submission + ")";
        say("Graded: " + data.score + " / " + data.max_score + ".");
        const report = slot.querySelector(".grade-report");
        if (report) {
          const smooth = !window.matchMedia("(prefers-reduced-motion: reduce)").matches;
          report.scrollIntoView({ block: "nearest", behavior: smooth ? "smooth" : "auto" });
        }
      } catch (error) {
        say(error.message, true);
      } finally {
        busy = false;
        button.disabled = false;
        slot.removeAttribute("aria-busy");
      }
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      const source = editor.textarea.value;
      if (!source.trim()) {
        say("The editor is empty: write or upload your code first.", true);
        editor.textarea.focus();
        return;
      }
      const body = { source: source };
      if (filename) body.filename = filename;
      submit(body);
    });

    upload.addEventListener("change", function () {
      const file = upload.files && upload.files[0];
      upload.value = "";
      if (!file) return;
      if (file.size > maxBytes) {
        say(file.name + " is larger than " + Math.round(maxBytes / 1024) + " KiB.", true);
        return;
      }
      const reader = new FileReader();
      reader.onerror = function () { say("Could not read " + file.name + ".", true); };
      reader.onload = function () {
        const text = String(reader.result);
        if (/\.ipynb$/i.test(file.name)) {
          submit({ source: text, filename: file.name });
          return;
        }
        filename = file.name;
        editor.load(text);
        origin.textContent = file.name;
        say("Loaded " + file.name + " into the editor. Submit to grade it.");
      };
      reader.readAsText(file);
    });

    download.addEventListener("click", function (event) {
      // Download what is in the editor now, which may not have been submitted.
      event.preventDefault();
      const blob = new Blob([editor.textarea.value], { type: "text/x-python" });
      const url = URL.createObjectURL(blob);
      const link = element("a");
      link.href = url;
      link.download = (filename && /\.py$/i.test(filename)) ? filename : id + "_assignment.py";
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    });
  }

  document.querySelectorAll(".js-only[hidden]").forEach(function (node) { node.hidden = false; });
  document.querySelectorAll(".editor[data-editor]").forEach(function (wrapper) {
    if (wrapper.querySelector("textarea")) {
      const editor = enhanceEditor(wrapper);
      const form = wrapper.closest("form[data-assignment]");
      if (form) wireForm(form, editor);
    } else if (wrapper.querySelector("pre[data-python]")) {
      enhanceView(wrapper);
    }
  });
})();
