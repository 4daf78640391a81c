/* Register filter: narrow the register to the claims one page uses. The register's own pages already narrow it
 * by level (an index with the legend, then one page per level), so this adds "by page", on both kinds:
 *
 *   Level page (register/LEVEL/): a "Used on page" select hides the entries the chosen page does not use, and a
 *   live region says how many are shown. It reads the markup the build writes (hooks/claimcheck/render.py):
 *   <div class="claim-entry" data-level="LEVEL" data-pages="hair-loss.md ..."> per claim, with "Used on" links.
 *
 *   Index (register/): the same select; each level's link ("See the N claims labelled ...") then counts the chosen
 *   page's claims at that level and opens its level page narrowed to that page. The counts come from claims.json,
 *   fetched on the first choice only, so the index's first view stays light.
 *
 * Progressive enhancement: without JavaScript every claim is listed on its level page; this script only hides
 * entries (one CSS rule on data-pages) and rewrites links. The chosen page is kept in the address
 * (?page=hair-loss.md), so a narrowed view can be shared, and the index and the level pages hand it to each other.
 *
 * overrides/main.html inlines this file at the top of each register page's article, so the form is put in place
 * while the page is parsed, before the list below it is drawn: nothing moves under the reader (no layout shift).
 * It is a Jinja include: the file must not contain Jinja's opening brace pairs.
 */
(function () {
  "use strict";

  var content = document.querySelector(".md-content");
  if (!content || !window.MutationObserver) return;
  var wanted = new URLSearchParams(location.search).get("page") || "";

  function all(selector, root) {
    return Array.prototype.slice.call((root || document).querySelectorAll(selector));
  }

  function text(node) {
    var copy = node.cloneNode(true);
    all(".headerlink", copy).forEach(function (a) { a.remove(); });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many);
  }

  function element(tag, props) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (key) { node[key] = props[key]; });
    return node;
  }

  /* Once the page is parsed (Material's config, at the end of the body, included). */
  function whenParsed(run) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
    else run();
  }

  /* Calls build(node) for the first node matching selector as soon as the parser inserts it: mutation observers
     run before the browser paints, so what build inserts is there from the first frame. */
  function whenInserted(selector, build) {
    var found = content.querySelector(selector);
    if (found) return build(found);
    var observer = new MutationObserver(function () {
      var node = content.querySelector(selector);
      if (node) {
        observer.disconnect();
        build(node);
      }
    });
    observer.observe(content, { childList: true, subtree: true });
    whenParsed(function () { observer.disconnect(); });
  }

  /* The site's root address, from Material's config (base is relative to this page). */
  function siteRoot() {
    var base = ".";
    try { base = JSON.parse(document.getElementById("__config").textContent).base || "."; } catch (e) { /* "." */ }
    return new URL(base.replace(/\/?$/, "/"), location.href);
  }

  function bare(url) {
    var u = new URL(url, location.href);
    return u.origin + u.pathname.replace(/index\.html$/, "");
  }

  /* A page's source path as the build names it ("hair-loss.md") to the address it is served at. */
  function pageAddress(token) {
    var path = token.replace(/\.md$/, "");
    path = /(^|\/)index$/.test(path) ? path.replace(/index$/, "") : path + "/";
    return bare(new URL(path, siteRoot()).href);
  }

  /* Page titles by address, from links on this page (the entries' "Used on" links, the navigation). */
  function titlesByAddress(selector) {
    var titles = {};
    all(selector).forEach(function (a) {
      var href = a.getAttribute("href");
      if (!href || href.charAt(0) === "#" || a.classList.contains("claim-badge")) return;
      var address = bare(a.href);
      var name = text(a);
      if (name && !titles[address]) titles[address] = name;
    });
    return titles;
  }

  /* The form both kinds of page use: a labelled select, a reset button, a live status line (empty until the
     reader chooses, so it is announced then) and a line for a follow-up link. */
  function filterForm(label, allLabel, resetLabel) {
    var select = element("select", { id: "register-filter-page" });
    select.appendChild(element("option", { value: "", textContent: allLabel }));
    var form = element("form", { className: "register-filter" });
    form.setAttribute("aria-label", "Narrow the register to one page");
    var field = element("div");
    field.appendChild(element("label", { htmlFor: select.id, textContent: label }));
    field.appendChild(select);
    var buttons = element("div");
    buttons.appendChild(element("button", { type: "reset", textContent: resetLabel }));
    var status = element("p", { className: "register-filter__status" });
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    var more = element("p", { className: "register-filter__more", hidden: true });
    [field, buttons, status, more].forEach(function (node) { form.appendChild(node); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    return { form: form, select: select, status: status, more: more };
  }

  function addChoices(select, choices) {
    choices.forEach(function (c) { select.appendChild(element("option", { value: c.value, textContent: c.label })); });
  }

  function remember(token) {
    if (!(window.history && history.replaceState)) return;
    var query = new URLSearchParams(location.search);
    if (token) query.set("page", token); else query.delete("page");
    var search = query.toString();
    history.replaceState(history.state, "", location.pathname + (search ? "?" + search : "") + location.hash);
  }

  function onChange(ui, apply) {
    ui.select.addEventListener("change", function () { apply(true); });
    ui.form.addEventListener("reset", function () { setTimeout(function () { apply(true); }, 0); });
  }

  /* ---- A level page: hide the entries the chosen page does not use. ---- */
  function levelPage(first) {
    var meaning = content.querySelector(".level-meaning strong");
    var level = meaning ? text(meaning) : "";
    var ui = filterForm("Used on page", "All pages", "Show all claims");
    first.parentNode.insertBefore(ui.form, first);
    /* One rule hides the entries of other pages; set now, it applies to entries not yet parsed too. */
    var rule = element("style");
    document.head.appendChild(rule);
    function narrow(token) {
      rule.textContent = token
        ? '.md-typeset .claim-entry:not([data-pages~="' + CSS.escape(token) + '"]) { display: none; }' : "";
    }
    narrow(wanted);

    whenParsed(function () {
      var entries = all(".claim-entry[data-level]", content);
      var pagesOf = function (e) { return (e.getAttribute("data-pages") || "").split(/\s+/).filter(Boolean); };
      var tokens = [];
      entries.forEach(function (e) {
        pagesOf(e).forEach(function (p) { if (tokens.indexOf(p) < 0) tokens.push(p); });
      });
      var byAddress = titlesByAddress(".claim-entry a[href], .md-nav a[href]");
      var titles = {};
      tokens.forEach(function (t) { titles[t] = byAddress[pageAddress(t)] || t; });
      tokens.sort(function (a, b) { return titles[a].localeCompare(titles[b]); });
      var count = function (t) { return entries.filter(function (e) { return pagesOf(e).indexOf(t) >= 0; }).length; };
      ui.select.options[0].textContent = "All pages (" + entries.length + ")";
      addChoices(ui.select, tokens.map(function (t) {
        return { value: t, label: titles[t] + " (" + count(t) + ")" };
      }));
      var legend = content.querySelector('a[href*="#how-to-read-the-labels"]');
      var what = plural(entries.length, "claim", "claims") + (level ? " labelled " + level : "");

      function apply(save) {
        var token = ui.select.value;
        narrow(token);
        ui.status.textContent = token
          ? "Showing " + count(token) + " of " + what + ": those used on " + titles[token] + "."
          : "Showing all " + what + ".";
        ui.more.hidden = !(token && legend);
        ui.more.textContent = "";
        if (token && legend) {
          var index = new URL(legend.href);
          index.search = "?page=" + encodeURIComponent(token);
          var label = titles[token] + " at every evidence level";
          ui.more.appendChild(element("a", { href: index.href, textContent: label }));
        }
        if (save) remember(token);
      }

      if (wanted && tokens.indexOf(wanted) >= 0) {
        ui.select.value = wanted;
        apply(false);
      } else {
        narrow("");
      }
      onChange(ui, apply);
    });
  }

  /* ---- The index: each level's link counts the chosen page's claims and opens its level page narrowed. ---- */
  function indexPage(firstLevel) {
    var dataLink = content.querySelector('a[href$="claims.json"]');
    if (!dataLink || !window.fetch) return;
    var here = bare(location.href);
    var titles = titlesByAddress(".md-nav--primary a.md-nav__link[href]");  // the navigation comes before the content
    var addresses = Object.keys(titles).filter(function (a) { return a.indexOf(here) !== 0; });  // not the register
    var ui = filterForm("Claims used on page", "All pages", "Show all pages");
    addChoices(ui.select, addresses.map(function (a) { return { value: a, label: titles[a] }; }));
    firstLevel.parentNode.insertBefore(ui.form, firstLevel);

    var data = null;
    function load() {
      if (!data) {
        data = fetch(dataLink.href, { credentials: "same-origin" }).then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        });
      }
      return data;
    }
    ui.select.addEventListener("focus", function () { load(); });  // start early; the choice usually follows

    whenParsed(function () {
      var levels = all('h3[id^="level-"]', content).map(function (h) {
        var link = null;
        for (var node = h.nextElementSibling; node && !/^H[1-3]$/.test(node.tagName); node = node.nextElementSibling) {
          link = all("a[href]", node).filter(function (a) {
            return !a.classList.contains("claim-badge") && a.getAttribute("href").charAt(0) !== "#";
          })[0] || link;
        }
        return { id: h.id.replace(/^level-/, ""), label: text(h), link: link };
      }).filter(function (lv) { return lv.link; });
      levels.forEach(function (lv) {
        lv.text = lv.link.textContent;
        lv.href = lv.link.getAttribute("href");
        lv.none = element("span", { className: "register-filter__none", hidden: true });
        lv.link.parentNode.insertBefore(lv.none, lv.link.nextSibling);
      });

      function show(address, claims) {
        var token = null;
        var counts = {};
        claims.forEach(function (c) {
          (c.pages || []).forEach(function (p) {
            if (pageAddress(p) !== address) return;
            token = p;
            counts[c.level] = (counts[c.level] || 0) + 1;
          });
        });
        var title = titles[address];
        var words = [];
        var total = 0;
        levels.forEach(function (lv) {
          var n = counts[lv.id] || 0;
          total += n;
          words.push(n + " " + lv.label);
          lv.link.hidden = n === 0;
          lv.none.hidden = n !== 0;
          lv.none.textContent = n ? "" : "None of the claims labelled " + lv.label + " are used on " + title + ".";
          if (n) {
            var url = new URL(lv.href, location.href);
            url.search = "?page=" + encodeURIComponent(token);
            lv.link.href = url.href;
            lv.link.textContent =
              "See the " + plural(n, "claim", "claims") + " labelled " + lv.label + " used on " + title;
          }
        });
        ui.status.textContent = total
          ? title + " uses " + plural(total, "graded claim", "graded claims") + ": " + words.join(", ") + "."
          : title + " uses no graded claims.";
        return token;
      }

      function restore() {
        levels.forEach(function (lv) {
          lv.link.hidden = false;
          lv.link.setAttribute("href", lv.href);
          lv.link.textContent = lv.text;
          lv.none.hidden = true;
        });
      }

      var latest = 0;
      function apply(save) {
        var address = ui.select.value;
        var ticket = ++latest;
        if (!address) {
          restore();
          ui.status.textContent = "The links below count the claims of every page.";
          if (save) remember(null);
          return;
        }
        ui.status.textContent = "Counting the claims used on " + titles[address] + "…";
        load().then(function (claims) {
          if (ticket !== latest) return;
          var token = show(address, claims);
          if (save) remember(token);
        }, function () {
          if (ticket !== latest) return;
          restore();
          ui.status.textContent =
            "The counts could not be loaded. Each level's page can still be narrowed to one page.";
        });
      }

      if (wanted && addresses.indexOf(pageAddress(wanted)) >= 0) {
        ui.select.value = pageAddress(wanted);
        apply(false);
      }
      onChange(ui, apply);
    });
  }

  whenInserted('.claim-entry[data-level], h3[id^="level-"]', function (first) {
    if (first.classList.contains("claim-entry")) levelPage(first);
    else indexPage(first);
  });
})();
