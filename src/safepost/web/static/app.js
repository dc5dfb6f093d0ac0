// safepost: small progressive enhancements. Every page works without this file.
// Results are built with DOM calls and textContent only (never innerHTML), so post text cannot inject markup.
"use strict";

(function () {
  var HEADERS = { "Content-Type": "application/json", "X-Safepost-Client": "web" };
  var VERDICTS = {
    ok: ["OK to post", "Nothing in this post goes against your policies."],
    caution: ["Think again", "Something here could cause a problem. Read the advice below before posting."],
    stop: ["Do not post this", "This post goes against your policies. Read why below."]
  };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") { node.textContent = attrs[name]; } else { node.setAttribute(name, attrs[name]); }
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function hidden(text) { return el("span", { "class": "visually-hidden", text: text }); }

  function highlighted(result, text) {
    var spans = [], out = el("p", { "class": "post" }), cursor = 0;
    result.findings.forEach(function (f, i) {
      if (f.source === undefined && f.start >= 0 && f.start < f.end && f.end <= text.length) {
        spans.push({ start: f.start, end: f.end, n: i + 1, sev: f.severity });
      }
    });
    spans.sort(function (a, b) { return a.start - b.start || b.end - a.end; });
    spans.forEach(function (s) {
      if (s.start < cursor) { return; }
      if (s.start > cursor) { out.appendChild(document.createTextNode(text.slice(cursor, s.start))); }
      out.appendChild(el("mark", { "class": "sev-" + s.sev }, [
        hidden("Start of finding " + s.n + ": "), text.slice(s.start, s.end), hidden(" (end of finding " + s.n + ")")
      ]));
      out.appendChild(el("a", { "class": "ref", href: "#finding-" + s.n }, [hidden("see finding "), String(s.n)]));
      cursor = s.end;
    });
    if (cursor < text.length) { out.appendChild(document.createTextNode(text.slice(cursor))); }
    return out;
  }

  function findingItem(f, n) {
    var cites = el("p", { "class": "cites" }, ["Rule ", el("a", { href: "/rules/" + f.rule, text: f.rule }), " · Policy: "]);
    f.citations.forEach(function (c, i) {
      if (i) { cites.appendChild(document.createTextNode(", ")); }
      cites.appendChild(el("a", { href: "/rules/" + f.rule + "#cite-" + (i + 1), text: c.label }));
    });
    return el("li", { id: "finding-" + n, "class": "finding sev-" + f.severity }, [
      el("h3", {}, [f.title + " ", el("span", { "class": "tag", text: f.severity === "stop" ? "Do not post" : "Think again" })]),
      f.text ? el("p", { "class": "quote" }, ["Words: ", el("q", { text: f.text })]) : "",
      el("p", {}, [el("strong", { text: "What to do:" }), " " + f.advice]),
      el("details", { "class": "why" }, [el("summary", { text: "How safepost found this" }), el("p", { text: f.explanation })]),
      cites
    ]);
  }

  function renderResult(box, result, text) {
    var words = VERDICTS[result.verdict];
    var nodes = [el("div", { "class": "banner banner-" + result.verdict, id: "verdict" }, [
      el("p", { "class": "verdict-word" }, [el("span", { "class": "verdict-icon", "aria-hidden": "true" }), el("strong", { text: words[0] })]),
      el("p", { text: words[1] })
    ])];
    if (result.findings.length) {
      var list = el("ol", { "class": "findings" });
      result.findings.forEach(function (f, i) { list.appendChild(findingItem(f, i + 1)); });
      nodes.push(el("h2", { text: "Your post" }), highlighted(result, text), el("h2", { text: "What we found" }), list);
    }
    if (result.safer_text) {
      nodes.push(
        el("h2", {}, [el("label", { "for": "safer-text", text: "A safer version" })]),
        el("textarea", { id: "safer-text", readonly: "", rows: "4", text: result.safer_text }),
        el("p", {}, [el("button", { type: "button", "class": "copy", "data-copy": "safer-text", text: "Copy the safer version" }),
          " ", el("span", { "class": "copy-status", "aria-live": "polite" })])
      );
    }
    box.replaceChildren.apply(box, nodes);
    wireCopyButtons(box);
  }

  function announce(id, text) {
    var live = document.getElementById(id);
    if (live) { live.textContent = text; }
  }

  function wireCopyButtons(root) {
    root.querySelectorAll("button.copy").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var source = document.getElementById(button.getAttribute("data-copy"));
        var status = button.parentNode.querySelector(".copy-status");
        function done(ok) { if (status) { status.textContent = ok ? "Copied." : "Select the text and copy it."; } }
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(source.value).then(function () { done(true); }, function () { source.select(); done(false); });
        } else { source.select(); done(false); }
      });
    });
  }

  function setUpCheck() {
    var form = document.getElementById("check-form");
    if (!form) { return; }
    var box = document.getElementById("results"), input = document.getElementById("post-text"), timer = null, latest = 0;
    var photo = document.getElementById("post-photo");
    // With a photo chosen, the form is sent as it is (the photo goes with it); typing no longer checks.
    function hasPhoto() { return photo && photo.files && photo.files.length > 0; }
    function run() {
      if (hasPhoto()) { return; }
      var ticket = ++latest, text = input.value;
      if (!text.trim()) { box.replaceChildren(); announce("announce", ""); return; }
      fetch("/api/check", { method: "POST", headers: HEADERS, body: JSON.stringify({ text: text }), credentials: "same-origin" })
        .then(function (r) { return r.json().then(function (data) { return { ok: r.ok, data: data }; }); })
        .then(function (answer) {
          if (ticket !== latest) { return; }
          if (!answer.ok) { announce("announce", answer.data.error || "The check did not work."); return; }
          renderResult(box, answer.data, text);
          var n = answer.data.findings.length;
          announce("announce", "Result: " + VERDICTS[answer.data.verdict][0] + ". " + n + " thing" + (n === 1 ? "" : "s") + " to look at.");
        })
        .catch(function () { announce("announce", "The check did not work. Use the Check this post button."); });
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 400); });
    form.addEventListener("submit", function (event) {
      clearTimeout(timer);
      if (hasPhoto()) { return; }
      event.preventDefault();
      run();
    });
  }

  function setUpCheckup() {
    document.querySelectorAll("form.tick-form").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var id = form.getAttribute("data-item"), doneField = form.querySelector("input[name=done]");
        var wantDone = doneField.value === "true";
        fetch("/api/checkup/items/" + encodeURIComponent(id), {
          method: "PUT", headers: HEADERS, body: JSON.stringify({ done: wantDone }), credentials: "same-origin"
        }).then(function (r) {
          if (!r.ok) { throw new Error("refused"); }
          return r.json();
        }).then(function (data) {
          var item = document.getElementById(id), button = form.querySelector("button");
          item.classList.toggle("done", wantDone);
          item.querySelector(".state").replaceChildren(el("span", { "class": "state-word", text: wantDone ? "Done" : "Not done yet" }));
          doneField.value = wantDone ? "false" : "true";
          button.replaceChildren(wantDone ? "Mark as not done" : "Mark as done", hidden(": " + item.querySelector("h2").textContent));
          document.getElementById("list-done").textContent = String(data.checklist.done);
          document.getElementById("overall-score").textContent = data.score + "%";
          var note = document.getElementById("review-note"), due = data.checklist.review_due;
          if (due) {
            var when = new Date(due + "T12:00:00").toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
            note.replaceChildren("All done. Review again by ", el("strong", { text: when }), ".");
          } else {
            note.replaceChildren("When every step is done, we will remind you to review them after " + data.checklist.review_months + " months.");
          }
          announce("tick-status", (wantDone ? "Marked as done. " : "Marked as not done. ") + "Score " + data.score + "%.");
        }).catch(function () { form.submit(); });
      });
    });
  }

  // Same words as CONTACT_VERDICTS in routers/contacts.py.
  var CONTACT_VERDICTS = {
    ok: ["Fine to accept", "Nothing on your caseload or in your policies stops this."],
    caution: ["Think first", "Read the advice below before you accept."],
    stop: ["Decline this request", "Your policies say not to accept it. Read what to do below."]
  };

  function setUpContacts() {
    var form = document.getElementById("contact-form");
    if (!form) { return; }
    var box = document.getElementById("contact-result");
    form.addEventListener("submit", function (event) {
      var name = document.getElementById("contact-name").value;
      var relationship = document.getElementById("contact-relationship").value;
      if (!name.trim()) { return; }  // the page explains an empty name
      event.preventDefault();
      fetch("/api/contacts/check", {
        method: "POST", headers: HEADERS, credentials: "same-origin",
        body: JSON.stringify({ name: name, relationship: relationship })
      }).then(function (r) {
        if (!r.ok) { throw new Error("refused"); }
        return r.json();
      }).then(function (advice) {
        var words = CONTACT_VERDICTS[advice.verdict];
        var banner = el("div", { "class": "banner banner-" + advice.verdict, id: "contact-verdict" }, [
          el("p", { "class": "verdict-word" }, [el("span", { "class": "verdict-icon", "aria-hidden": "true" }), el("strong", { text: words[0] })]),
          el("p", {}, ["Request from ", el("q", { text: name }), ". " + words[1]])
        ]);
        if (advice.tell_manager) { banner.appendChild(el("p", {}, [el("strong", { text: "Tell your manager." })])); }
        var reasons = el("ul");
        advice.reasons.forEach(function (reason) { reasons.appendChild(el("li", { text: reason })); });
        var cites = el("p", { "class": "cites" }, ["Policy: "]);
        advice.citations.forEach(function (c, i) {
          if (i) { cites.appendChild(document.createTextNode(", ")); }
          var href = "/rules?policy=" + encodeURIComponent(c.document) + "&clause=" + encodeURIComponent(c.clause);
          cites.appendChild(el("a", { href: href, text: c.label }));
        });
        box.replaceChildren(banner, el("h3", { text: "What to do" }), el("p", { text: advice.action }),
          el("h3", { text: "Why" }), reasons, cites);
      }).catch(function () { form.submit(); });
    });
  }

  function setUpAuditUpload() {
    var form = document.getElementById("audit-form");
    if (!form) { return; }
    form.addEventListener("submit", function (event) {
      var files = document.getElementById("audit-files").files, total = 0, problem = document.getElementById("audit-size-problem");
      for (var i = 0; i < files.length; i++) { total += files[i].size; }
      if (total > Number(form.getAttribute("data-max-bytes"))) {
        event.preventDefault();
        problem.textContent = "These files are too big to upload at once (the limit is " + form.getAttribute("data-limit") +
          "). Ask whoever runs safepost to raise it with safepost serve --max-upload.";
        problem.hidden = false;
        return;
      }
      problem.hidden = true;
      form.querySelector("button[type=submit]").textContent = "Uploading…";
    });
  }

  function setUpAuditProgress() {
    var box = document.getElementById("audit-progress");
    if (!box) { return; }
    var id = box.getAttribute("data-run"), bar = document.getElementById("audit-bar");
    var status = document.getElementById("audit-status"), lastSaid = 0, lastLabel = "";
    function poll() {
      fetch("/api/audits/" + encodeURIComponent(id) + "/progress", { credentials: "same-origin" })
        .then(function (r) { if (!r.ok) { throw new Error("refused"); } return r.json(); })
        .then(function (p) {
          if (p.finished) { window.location.reload(); return; }
          if (p.percent !== null) { bar.value = p.percent; bar.textContent = p.percent + "%"; }
          var now = Date.now(), part = p.exports_total ? " (export " + Math.min(p.exports_done + 1, p.exports_total) + " of " + p.exports_total + ")" : "";
          // Screen readers hear a new line at most every 10 seconds, or when the export changes.
          if (p.label !== lastLabel || now - lastSaid > 10000) {
            status.textContent = p.label + ": " + p.items.toLocaleString("en-GB") + " items read" + part + ".";
            lastSaid = now; lastLabel = p.label;
          }
          setTimeout(poll, 1000);
        })
        .catch(function () { setTimeout(poll, 5000); });
    }
    setTimeout(poll, 500);
  }

  document.addEventListener("DOMContentLoaded", function () {
    wireCopyButtons(document);
    setUpCheck();
    setUpCheckup();
    setUpContacts();
    setUpAuditUpload();
    setUpAuditProgress();
  });
})();
