/* Citations and source texts (scripts/hooks/citations.py writes the markup).
 *
 * - On a chapter page, hovering or focusing a citation's locator ("lines 120–128") previews the
 *   cited lines of the source, in Indonesian, without leaving the page. On a touch screen the
 *   first tap previews and the preview's link opens the passage; with a mouse a click opens it.
 * - On a source-text page, the lines named in the address (#L120-128) are highlighted and
 *   scrolled into view.
 * The lines come from assets/passages/<key>.js, loaded with a <script> element on first use:
 * unlike fetch(), that also works when the offline edition is opened from file://.
 * No network request leaves the site; nothing runs until a reader points at a citation.
 */
(function () {
  "use strict";

  var loading = {};
  var touch = window.matchMedia && window.matchMedia("(hover: none)").matches;
  var tip = null;
  var owner = null;
  var hideTimer = null;

  function range(spec) {
    var m = /^L?(\d+)(?:-L?(\d+))?$/.exec(spec || "");
    if (!m) return null;
    var a = parseInt(m[1], 10), b = m[2] ? parseInt(m[2], 10) : a;
    return a <= b ? [a, b] : [b, a];
  }

  function passages(link, done) {
    var key = link.getAttribute("data-source");
    var store = window.primerPassages || {};
    if (store[key]) return done(store[key]);
    if (!loading[key]) {
      loading[key] = [];
      var s = document.createElement("script");
      // the passage files sit beside the source-text pages: resolve from the link's own target
      s.src = link.href.split("#")[0].replace(/source-texts\/[^/]*(\/(index\.html)?|\.html)?$/,
                                              "assets/passages/" + key + ".js");
      s.onload = function () {
        (loading[key] || []).forEach(function (f) { f((window.primerPassages || {})[key]); });
        loading[key] = null;
      };
      document.head.appendChild(s);
    }
    if (loading[key]) loading[key].push(done); else done((window.primerPassages || {})[key]);
  }

  function hide() {
    if (tip) { tip.remove(); tip = null; }
    if (owner) { owner.removeAttribute("aria-describedby"); owner = null; }
  }

  function show(link) {
    var r = range(link.getAttribute("data-lines"));
    if (!r) return;
    clearTimeout(hideTimer);
    passages(link, function (lines) {
      if (!lines) return;
      hide();
      owner = link;
      tip = document.createElement("div");
      tip.className = "cite-preview";
      tip.id = "cite-preview";
      tip.setAttribute("role", "tooltip");
      var head = document.createElement("p");
      head.className = "cite-preview__head";
      head.textContent = link.textContent.replace(/^l/, "L") + " of the source text";
      tip.appendChild(head);
      var body = document.createElement("div");
      body.className = "cite-preview__body";
      body.lang = "id";
      for (var n = r[0]; n <= r[1] && n <= lines.length; n++) {
        var row = document.createElement("p");
        var num = document.createElement("span");
        num.className = "cite-preview__ln";
        num.textContent = n;
        row.appendChild(num);
        row.appendChild(document.createTextNode(" " + lines[n - 1]));
        body.appendChild(row);
      }
      tip.appendChild(body);
      var open = document.createElement("a");
      open.href = link.href;
      open.className = "cite-preview__open";
      open.textContent = "Open the passage in the source text";
      tip.appendChild(open);
      tip.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
      tip.addEventListener("mouseleave", function () { hideTimer = setTimeout(hide, 300); });
      document.body.appendChild(tip);
      var box = link.getBoundingClientRect();
      var width = Math.min(480, document.documentElement.clientWidth - 16);
      tip.style.width = width + "px";
      var left = Math.max(8, Math.min(box.left + window.scrollX,
                                      window.scrollX + document.documentElement.clientWidth - width - 8));
      tip.style.left = left + "px";
      tip.style.top = (box.bottom + window.scrollY + 6) + "px";
      link.setAttribute("aria-describedby", "cite-preview");
    });
  }

  function initCitations() {
    document.querySelectorAll("a.cite-loc").forEach(function (link) {
      link.addEventListener("mouseenter", function () { show(link); });
      link.addEventListener("mouseleave", function () { hideTimer = setTimeout(hide, 300); });
      link.addEventListener("focus", function () { show(link); });
      link.addEventListener("blur", function () { hideTimer = setTimeout(hide, 300); });
      link.addEventListener("click", function (ev) {
        if (touch && owner !== link) { ev.preventDefault(); show(link); }
      });
    });
    document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") hide(); });
  }

  function highlight() {
    var text = document.querySelector(".source-text");
    if (!text) return;
    text.querySelectorAll(".source-line--cited").forEach(function (el) {
      el.classList.remove("source-line--cited");
    });
    var r = range(decodeURIComponent(location.hash.slice(1)));
    if (!r) return;
    var first = null;
    for (var n = r[0]; n <= r[1]; n++) {
      var el = document.getElementById("L" + n);
      if (!el) break;
      el.classList.add("source-line--cited");
      first = first || el;
    }
    if (first) first.scrollIntoView({ block: "center" });
  }

  /* Wide tables: Material wraps each table in a scrolling box. A box that really scrolls must
     be reachable with the keyboard (WCAG 2.1.1; axe "scrollable-region-focusable"), so it gets
     tabindex=0 and a name. Material creates the boxes in its own script: document$ is its
     documented hook for code that runs after each page is set up. */
  function focusableScrollBoxes() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", "Table (scrolls sideways)");
      } else if (box.getAttribute("role") === "region") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    initCitations();
    highlight();
    if (window.document$ && window.document$.subscribe) {
      window.document$.subscribe(focusableScrollBoxes);
    } else {
      focusableScrollBoxes();
    }
    window.addEventListener("resize", focusableScrollBoxes);
  });
  window.addEventListener("hashchange", highlight);
})();
