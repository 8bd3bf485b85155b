/* The reviewer's page: draws transcripts and retrieval lazily from the JSON embedded below,
   keeps the reviewer's comments in localStorage and downloads them as one file. Every text
   from the project is set with textContent, never parsed as HTML. */
(function () {
  "use strict";
  var T = JSON.parse(document.getElementById("qc-labels").textContent);
  var M = JSON.parse(document.getElementById("qc-meta").textContent);
  var C = M.codings;
  var N = C.id.length;
  var STORE = "qualcode-review:" + M.exportId;
  var docs = {};          // parsed transcripts by index
  var byDoc = null;       // coding indexes per document, sorted by start
  var byId = null;        // coding index by id
  var current = -1;       // the document shown
  var results = [];       // retrieval: coding indexes
  var $ = function (id) { return document.getElementById(id); };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function index() {
    if (byDoc) return;
    byDoc = [];
    byId = {};
    for (var i = 0; i < M.documents.length; i++) byDoc.push([]);
    for (var k = 0; k < N; k++) { byDoc[C.doc[k]].push(k); byId[C.id[k]] = k; }
    byDoc.forEach(function (list) {
      list.sort(function (a, b) { return C.start[a] - C.start[b] || C.end[a] - C.end[b]; });
    });
  }

  function doc(i) {
    if (!docs[i]) {
      var node = $("qc-doc-" + i);
      docs[i] = node ? JSON.parse(node.textContent) : { text: "", turns: [] };
    }
    return docs[i];
  }

  function category(k) { return M.categories[C.cat[k]]; }
  function posText(k) {
    var p = C.pos[k];
    if (!p || p[0] === null) return "";
    return T.position + " " + (p[0] === p[1] ? p[0] : p[0] + "–" + p[1]);
  }
  function tint(hex, alpha) {
    var n = parseInt(hex.slice(1), 16);
    return "rgba(" + (n >> 16 & 255) + "," + (n >> 8 & 255) + "," + (n & 255) + "," + alpha + ")";
  }
  function clock(seconds) {
    if (seconds === null || seconds === undefined) return "";
    var s = Math.floor(seconds), h = Math.floor(s / 3600), m = Math.floor(s % 3600 / 60);
    var pad = function (x) { return (x < 10 ? "0" : "") + x; };
    return pad(h) + ":" + pad(m) + ":" + pad(s % 60);
  }

  /* ---- views ------------------------------------------------------------------------ */

  function show(view) {
    var before = document.querySelector(".view.active");
    if (before && before.id !== "view-" + view) window.scrollTo(0, 0);
    document.querySelectorAll(".view").forEach(function (v) {
      v.classList.toggle("active", v.id === "view-" + view);
    });
    document.querySelectorAll("#tabs a").forEach(function (a) {
      a.classList.toggle("active", a.getAttribute("data-view") === view);
    });
  }

  function route() {
    var hash = decodeURIComponent(location.hash.slice(1));
    var parts = hash.split("/");
    var head = parts[0] || "guideline";
    if (head === "doc") {
      show("transcripts");
      openDocument(parseInt(parts[1], 10) || 0, parts[2] || "");
    } else if (head.indexOf("cat-") === 0) {
      show("guideline");
      var article = document.getElementById(head);
      if (article) {
        article.scrollIntoView();
        article.classList.add("flash");
        setTimeout(function () { article.classList.remove("flash"); }, 1200);
      }
    } else if (head === "retrieval") {
      show("retrieval");
      fillFilters();
      if (parts[1] !== undefined) {
        var wanted = M.categories.findIndex(function (c) { return c[0] === parts[1]; });
        $("f-category").value = wanted >= 0 ? String(wanted) : "";
      }
      retrieve();
    } else if (head === "transcripts") {
      show("transcripts");
      if (current < 0 && M.documents.length) openDocument(0, "");
    } else if (head === "comments") {
      show("comments");
      listComments();
    } else {
      show($("view-" + head) ? head : "guideline");
    }
  }

  /* ---- transcripts ------------------------------------------------------------------ */

  function openDocument(i, target) {
    if (i < 0 || i >= M.documents.length) return;
    index();
    if (current !== i) {
      current = i;
      drawDocument(i);
    }
    $("doc-select").value = String(i);
    document.querySelectorAll(".doclist a").forEach(function (a) {
      a.classList.toggle("active", a.getAttribute("data-doc") === String(i));
    });
    if (target.charAt(0) === "c") {
      var k = byId[parseInt(target.slice(1), 10)];
      if (k !== undefined) {
        var span = document.querySelector('#transcript .coded[data-k~="' + k + '"]');
        if (span) { span.scrollIntoView({ block: "center" }); select([k], span); }
      }
    } else if (target.charAt(0) === "p") {
      var turn = $("t-" + target.slice(1));
      if (turn) {
        document.querySelectorAll(".turn.target").forEach(function (t) { t.classList.remove("target"); });
        turn.classList.add("target");
        turn.scrollIntoView({ block: "center" });
      }
    } else {
      window.scrollTo(0, 0);
    }
  }

  function drawDocument(i) {
    var d = doc(i), info = M.documents[i];
    $("doc-title").textContent = info[0];
    var attrs = Object.keys(info[1]).map(function (k) { return k + ": " + info[1][k]; });
    $("doc-attributes").textContent = attrs.join(" · ");
    var box = $("transcript");
    box.textContent = "";
    var list = byDoc[i], from = 0;
    var frag = document.createDocumentFragment();
    d.turns.forEach(function (turn) {
      var pos = turn[0], speaker = M.speakers[turn[1]], cs = turn[3], ce = turn[4];
      var row = el("div", "turn");
      row.id = "t-" + pos;
      var meta = el("div", "meta");
      var link = el("a", "pos", T.position + " " + pos);
      link.href = "#doc/" + i + "/p" + pos;
      link.setAttribute("data-pos", pos);
      meta.appendChild(link);
      if (turn[2] !== null) meta.appendChild(el("span", "time", clock(turn[2])));
      row.appendChild(meta);
      var body = el("div", "body");
      if (speaker) body.appendChild(el("div", "spk", speaker));
      var p = el("p", "txt");
      while (from < list.length && C.end[list[from]] <= cs) from++;
      var here = [];
      for (var j = from; j < list.length && C.start[list[j]] < ce; j++) {
        if (C.end[list[j]] > cs) here.push(list[j]);
      }
      pieces(p, d.text, cs, ce, here);
      body.appendChild(p);
      row.appendChild(body);
      frag.appendChild(row);
    });
    box.appendChild(frag);
    $("details").textContent = "";
    $("details").classList.remove("open");
    $("details").appendChild(el("p", "hint", T.click_passage));
  }

  function pieces(p, text, cs, ce, here) {
    if (!here.length) { p.textContent = text.slice(cs, ce); return; }
    var cuts = [cs, ce];
    here.forEach(function (k) {
      cuts.push(Math.max(cs, C.start[k]), Math.min(ce, C.end[k]));
    });
    cuts = cuts.filter(function (x, n, all) { return all.indexOf(x) === n; }).sort(function (a, b) { return a - b; });
    for (var n = 0; n + 1 < cuts.length; n++) {
      var a = cuts[n], b = cuts[n + 1];
      var on = here.filter(function (k) { return C.start[k] < b && C.end[k] > a; });
      if (!on.length) { p.appendChild(document.createTextNode(text.slice(a, b))); continue; }
      var span = el("span", "coded", text.slice(a, b));
      span.setAttribute("data-k", on.join(" "));
      var first = category(on[0])[2];
      var shadows = on.map(function (k, depth) {
        return "inset 0 -" + (3 * (depth + 1)) + "px 0 " + category(k)[2];
      });
      span.style.background = tint(first, on.length > 1 ? 0.32 : 0.2);
      span.style.boxShadow = shadows.join(",");
      span.title = on.map(function (k) { return category(k)[0] + " " + category(k)[1] + " · " + M.coders[C.coder[k]]; }).join("\n");
      p.appendChild(span);
    }
  }

  function select(ks, span) {
    document.querySelectorAll("#transcript .coded.sel").forEach(function (s) { s.classList.remove("sel"); });
    ks.forEach(function (k) {
      document.querySelectorAll('#transcript .coded[data-k~="' + k + '"]').forEach(function (s) { s.classList.add("sel"); });
    });
    var box = openDetails();
    ks.forEach(function (k) { box.appendChild(codingDetails(k)); });
  }

  function codingDetails(k) {
    var c = category(k), id = C.id[k];
    var wrap = el("div", "coding");
    wrap.setAttribute("data-coding", id);
    var h = el("h3");
    var sw = el("span", "swatch");
    sw.style.background = c[2];
    h.appendChild(sw);
    var a = el("a", "cat", c[0] + " " + c[1]);
    a.href = "#cat-" + c[0];
    h.appendChild(a);
    wrap.appendChild(h);
    var dl = el("dl");
    var add = function (label, value, cls) {
      dl.appendChild(el("dt", null, label));
      dl.appendChild(el("dd", cls, value));
    };
    add(T.coder, M.coders[C.coder[k]], "coder");
    add(T.pass, M.passes[C.pass[k]], "pass");
    add(T.codebook_version, M.versions[C.version[k]] || "–", "version");
    add(T.passage, M.documents[C.doc[k]][0] + ", " + posText(k), "where");
    add(T.memo, M.memos[id] || "–", "memo");
    wrap.appendChild(dl);
    var hist = M.history[id] || [];
    var det = el("details", "hist-box");
    det.open = true;
    det.appendChild(el("summary", null, T.history + " (" + hist.length + ")"));
    var ul = el("ul", "hist");
    hist.forEach(function (e) {
      var li = el("li");
      li.appendChild(el("time", null, e[0]));
      li.appendChild(document.createTextNode(" " + e[1] + ": " + e[2] + (e[3] ? " — " + T.why + ": " + e[3] : "")));
      ul.appendChild(li);
    });
    det.appendChild(ul);
    wrap.appendChild(det);
    var btn = el("button", "comment-coding", T.comment);
    btn.type = "button";
    btn.addEventListener("click", function () {
      var p = C.pos[k] || [null, null];
      commentForm(wrap, { kind: "coding", coding: id, document: M.documents[C.doc[k]][0], position: p[0], position_end: p[1], category: c[0] });
    });
    wrap.appendChild(btn);
    return wrap;
  }

  function openDetails() {
    var box = $("details");
    box.textContent = "";
    box.classList.add("open");
    var close = el("button", "close", "×");
    close.type = "button";
    close.setAttribute("aria-label", T.cancel);
    close.addEventListener("click", function () { box.classList.remove("open"); });
    box.appendChild(close);
    return box;
  }

  function turnDetails(i, pos) {
    var box = openDetails();
    var wrap = el("div", "coding");
    wrap.appendChild(el("h3", null, M.documents[i][0] + ", " + T.position + " " + pos));
    var btn = el("button", "comment-turn", T.comment_turn);
    btn.type = "button";
    btn.addEventListener("click", function () {
      commentForm(wrap, { kind: "turn", document: M.documents[i][0], position: pos });
    });
    wrap.appendChild(btn);
    box.appendChild(wrap);
  }

  /* ---- retrieval -------------------------------------------------------------------- */

  var filled = false;
  function fillFilters() {
    if (filled) return;
    filled = true;
    var opt = function (select, value, text) {
      var o = el("option", null, text);
      o.value = value;
      $(select).appendChild(o);
    };
    M.categories.forEach(function (c, n) {
      var depth = c[0].split(".").length - 1;
      opt("f-category", n, "\u00a0\u00a0".repeat(depth) + c[0] + " " + c[1]);
    });
    M.coders.forEach(function (name, n) { opt("f-coder", n, name); });
    M.passes.forEach(function (name, n) { opt("f-pass", n, name); });
    M.documents.forEach(function (d, n) { opt("f-doc", n, d[0]); });
    var seen = {};
    M.documents.forEach(function (d) {
      M.attributes.forEach(function (key) {
        var v = d[1][key];
        if (v === undefined) return;
        var pair = key + "=" + v;
        if (!seen[pair]) { seen[pair] = 1; opt("f-attr", pair, key + ": " + v); }
      });
    });
  }

  function retrieve() {
    index();
    var cat = $("f-category").value, sub = $("f-sub").checked;
    var coder = $("f-coder").value, pass = $("f-pass").value, d = $("f-doc").value, attr = $("f-attr").value;
    var cats = null;
    if (cat !== "") {
      cats = {};
      var code = M.categories[+cat][0];
      M.categories.forEach(function (c, n) {
        if (c[0] === code || (sub && c[0].indexOf(code + ".") === 0)) cats[n] = 1;
      });
    }
    var docsOk = null;
    if (attr !== "") {
      var key = attr.slice(0, attr.indexOf("=")), value = attr.slice(attr.indexOf("=") + 1);
      docsOk = M.documents.map(function (x) { return x[1][key] === value; });
    }
    results = [];
    for (var n = 0; n < M.documents.length; n++) {
      if (d !== "" && +d !== n) continue;
      if (docsOk && !docsOk[n]) continue;
      var list = byDoc[n];
      for (var j = 0; j < list.length; j++) {
        var k = list[j];
        if (cats && !cats[C.cat[k]]) continue;
        if (coder !== "" && C.coder[k] !== +coder) continue;
        if (pass !== "" && C.pass[k] !== +pass) continue;
        results.push(k);
      }
    }
    $("result-count").textContent = results.length.toLocaleString() + " " + T.results;
    var box = $("results");
    box.scrollTop = 0;
    box.querySelector(".spacer").style.height = results.length * rowHeight() + "px";
    drawRows();
  }

  function rowHeight() { return window.matchMedia("(max-width: 900px)").matches ? 104 : 88; }

  function drawRows() {
    var box = $("results"), h = rowHeight();
    var first = Math.max(0, Math.floor(box.scrollTop / h) - 5);
    var last = Math.min(results.length, Math.ceil((box.scrollTop + box.clientHeight) / h) + 5);
    box.querySelectorAll(".row").forEach(function (r) { r.remove(); });
    for (var n = first; n < last; n++) {
      var k = results[n], c = category(k), d = C.doc[k];
      var row = el("div", "row");
      row.style.top = n * h + "px";
      row.setAttribute("data-coding", C.id[k]);
      var head = el("div", "head");
      var sw = el("span", "swatch");
      sw.style.background = c[2];
      head.appendChild(sw);
      head.appendChild(el("b", null, c[0] + " " + c[1]));
      head.appendChild(document.createTextNode(" · "));
      var a = el("a", "go", M.documents[d][0] + ", " + posText(k));
      a.href = "#doc/" + d + "/c" + C.id[k];
      a.title = T.open_in_transcript;
      head.appendChild(a);
      head.appendChild(document.createTextNode(" · " + M.coders[C.coder[k]] + " · " + M.passes[C.pass[k]]));
      row.appendChild(head);
      row.appendChild(el("div", "quote", doc(d).text.slice(C.start[k], C.end[k])));
      box.appendChild(row);
    }
  }

  /* ---- comments --------------------------------------------------------------------- */

  function load() {
    try {
      var stored = JSON.parse(localStorage.getItem(STORE) || "null");
      if (stored && Array.isArray(stored.comments)) return stored;
    } catch (e) { /* a damaged store starts empty */ }
    return { reviewer: "", comments: [] };
  }
  function save(state) {
    localStorage.setItem(STORE, JSON.stringify(state));
    count();
  }
  function count() {
    var n = load().comments.length;
    $("comment-count").textContent = n ? String(n) : "";
  }

  function targetPos(t) {
    var last = t.position_end;
    return T.position + " " + t.position + (last && last !== t.position ? "–" + last : "");
  }
  function targetText(t) {
    if (t.kind === "category") return T.on_category + " " + t.category;
    if (t.kind === "coding") return T.on_coding + " " + t.coding + " (" + t.category + ", " + t.document + (t.position ? ", " + targetPos(t) : "") + ")";
    return T.on_turn + " " + t.document + ", " + targetPos(t);
  }

  function commentForm(where, target) {
    var old = where.querySelector(".comment-form");
    if (old) old.remove();
    var state = load();
    var form = el("form", "comment-form");
    form.appendChild(el("div", "target", targetText(target)));
    var name = null;
    if (!state.reviewer) {
      name = el("input");
      name.placeholder = T.your_name;
      name.maxLength = 200;
      name.className = "reviewer";
      form.appendChild(name);
    }
    var text = el("textarea");
    text.placeholder = T.write_comment;
    text.maxLength = 20000;
    form.appendChild(text);
    var buttons = el("div", "buttons");
    var ok = el("button", "save", T.save);
    ok.type = "submit";
    var cancel = el("button", "cancel", T.cancel);
    cancel.type = "button";
    buttons.appendChild(ok);
    buttons.appendChild(cancel);
    form.appendChild(buttons);
    cancel.addEventListener("click", function () { form.remove(); });
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var body = text.value.trim();
      if (!body) { text.focus(); return; }
      var s = load();
      if (name) {
        if (!name.value.trim()) { name.focus(); return; }
        s.reviewer = name.value.trim();
      }
      var stamp = Date.now().toString(36) + Math.random().toString(36).slice(2, 8);
      s.comments.push({ id: "c-" + stamp, target: target, text: body, created: new Date().toISOString() });
      save(s);
      form.remove();
      var done = el("p", "saved", "✓ " + T.comments + ": " + s.comments.length);
      where.appendChild(done);
    });
    where.appendChild(form);
    (name || text).focus();
  }

  function listComments() {
    var state = load();
    $("reviewer-name").value = state.reviewer || "";
    var ul = $("comment-list");
    ul.textContent = "";
    if (!state.comments.length) { ul.appendChild(el("li", "empty", T.no_comments)); return; }
    state.comments.forEach(function (c, n) {
      var li = el("li");
      li.appendChild(el("div", "target", targetText(c.target) + " · " + c.created.slice(0, 16).replace("T", " ")));
      li.appendChild(el("div", "text", c.text));
      var del = el("button", "delete", T.delete);
      del.type = "button";
      del.addEventListener("click", function () {
        var s = load();
        s.comments.splice(n, 1);
        save(s);
        listComments();
      });
      li.appendChild(del);
      ul.appendChild(li);
    });
  }

  function download() {
    var state = load();
    var file = {
      format: "qualcode-review-comments",
      version: 1,
      export_id: M.exportId,
      reviewer: state.reviewer || "",
      downloaded: new Date().toISOString(),
      comments: state.comments
    };
    var blob = new Blob([JSON.stringify(file, null, 2)], { type: "application/json" });
    var a = el("a");
    a.href = URL.createObjectURL(blob);
    a.download = "review-comments-" + M.exportId + ".json";
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  /* ---- wiring ----------------------------------------------------------------------- */

  document.addEventListener("click", function (ev) {
    var t = ev.target;
    if (!(t instanceof Element)) return;
    var span = t.closest("#transcript .coded");
    if (span) {
      select(span.getAttribute("data-k").split(" ").map(Number), span);
      return;
    }
    var pos = t.closest("#transcript a.pos");
    if (pos) { turnDetails(current, +pos.getAttribute("data-pos")); return; }
    var cat = t.closest("button.comment-category");
    if (cat) {
      commentForm(cat.parentNode.querySelector(".comment-slot"), { kind: "category", category: cat.getAttribute("data-category") });
    }
  });
  $("doc-select").addEventListener("change", function () { location.hash = "doc/" + this.value; });
  $("filters").addEventListener("submit", function (ev) { ev.preventDefault(); });
  ["f-category", "f-sub", "f-coder", "f-pass", "f-doc", "f-attr"].forEach(function (id) {
    $(id).addEventListener("change", retrieve);
  });
  var pending = false;
  $("results").addEventListener("scroll", function () {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; drawRows(); });
  });
  $("reviewer-name").addEventListener("change", function () {
    var s = load();
    s.reviewer = this.value.trim();
    save(s);
  });
  $("download").addEventListener("click", download);
  window.addEventListener("hashchange", route);
  count();
  if (location.hash) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", route);
    else route();
  }
})();
