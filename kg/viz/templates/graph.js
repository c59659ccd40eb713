/* The graph page's script. Every text that comes from the data is set with textContent or
   as a DOM text node, never as HTML: tooltips are elements built here, because
   vis-network shows a string title as plain text and an element as it is. */
(function () {
  "use strict";
  var dataElement = document.getElementById("kg-data");
  var container = document.getElementById("kg-network");
  if (!dataElement || !container || typeof vis === "undefined") { return; }
  var data = JSON.parse(dataElement.textContent);
  var meta = data.meta;
  var panel = document.getElementById("kg-panel");

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (cls) { node.className = cls; }
    return node;
  }

  function resourceHref(item) {
    // Only our own resource pages become links: /id/... on the server, else the IRI.
    if (!item.path || item.path.indexOf("/id/") !== 0) { return null; }
    return (meta.linkBase || "") + item.path;
  }

  function tooltip(n) {
    var tip = el("div", null, "kg-tip");
    tip.appendChild(el("strong", n.zh || n.en || n.id));
    if (n.en && n.zh) { tip.appendChild(el("span", n.en)); }
    tip.appendChild(el("div", n.clsZh + " · " + n.clsEn, "kg-hint"));
    if (n.obs && n.obs.quote) { tip.appendChild(el("div", "“" + n.obs.quote + "”")); }
    if (n.folded) { tip.appendChild(el("div", n.folded + " observations folded · 点击展开", "kg-hint")); }
    return tip;
  }

  function edgeTooltip(e) {
    var tip = el("div", null, "kg-tip");
    tip.appendChild(el("strong", e.relZh + " · " + e.relEn));
    (e.quotes || []).slice(0, 3).forEach(function (q) {
      tip.appendChild(el("div", "“" + q.text + "” — " + (q.title || "")));
    });
    return tip;
  }

  // A node names its articles by number in data.articles (a short page); the filters and
  // the panel read IRIs.
  var articleIris = data.articles.map(function (a) { return a[0]; });
  function prepareNode(n) {
    n.articles = (n.articles || []).map(function (i) { return articleIris[i]; });
    n.title = tooltip(n);
    return n;
  }
  function prepareEdge(e, i) {
    e.id = e.id || ("e" + i + ":" + e.from + ">" + e.key + ">" + e.to);
    e.title = edgeTooltip(e);
    return e;
  }

  var nodes = new vis.DataSet(data.nodes.map(prepareNode));
  var edges = new vis.DataSet(data.edges.map(prepareEdge));
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  var expanded = {};
  window.kgGraph = { network: network, nodes: nodes, edges: edges, meta: meta, expanded: expanded };

  // Physics lays the graph out, then stops: the picture holds still for reading. The
  // layout gets the iterations the options give it, and at most SETTLE_MS of wall time
  // (a loaded 2-core machine took 2 s for 75 iterations of 400 nodes).
  var SETTLE_MS = 1500;
  var settleTimer = null;
  function settle() {
    if (settleTimer !== null) { window.clearTimeout(settleTimer); settleTimer = null; }
    network.stopSimulation();
    network.setOptions({ physics: { enabled: false } });
    document.body.setAttribute("data-settled", "true");
  }
  function settleWithin(ms) {
    if (settleTimer !== null) { window.clearTimeout(settleTimer); }
    settleTimer = window.setTimeout(settle, ms);
  }
  network.once("stabilizationIterationsDone", settle);
  settleWithin(SETTLE_MS);
  if (data.nodes.length === 0) { settle(); }

  document.querySelectorAll("#kg-legend li").forEach(function (li) {
    var entry = data.legend.filter(function (c) { return c.key === li.getAttribute("data-class"); })[0];
    var swatch = li.querySelector(".kg-swatch");
    if (entry && swatch) { swatch.style.setProperty("--kg-color", entry.color); }
  });

  function addDefinition(list, term, value) {
    if (value === undefined || value === null || value === "") { return; }
    list.appendChild(el("dt", term));
    list.appendChild(el("dd", value));
  }

  function quoteBlock(text, title, articleIri) {
    var block = el("blockquote", null, "kg-quote");
    block.appendChild(el("span", text));
    if (title || articleIri) {
      block.appendChild(el("br"));
      var source = el("cite", "— " + (title || articleIri));
      block.appendChild(source);
    }
    return block;
  }

  function showPanel(n) {
    if (!panel) { return; }
    panel.replaceChildren();
    panel.appendChild(el("h2", n.zh || n.en || n.id));
    if (n.en && n.zh) { panel.appendChild(el("p", n.en, "kg-en")); }
    var list = el("dl");
    addDefinition(list, "类别 Type", n.clsZh + " · " + n.clsEn);
    if (n.alt && n.alt.length) { addDefinition(list, "别名 Other labels", n.alt.join("、")); }
    (n.facts || []).forEach(function (f) { addDefinition(list, f[0], f[1]); });
    if (n.obs) {
      var o = n.obs;
      addDefinition(list, "原文 As stated", o.stated_as);
      addDefinition(list, "数值 Value", o.value + (o.unit ? " " + o.unit : ""));
      if (o.lower || o.upper) { addDefinition(list, "范围 Bounds", (o.lower || "") + " – " + (o.upper || "")); }
      if (o.normalised_value) {
        addDefinition(list, "换算 Normalised", o.normalised_value + (o.normalised_unit ? " " + o.normalised_unit : ""));
      }
      addDefinition(list, "近似 Approximation", o.approximation);
      addDefinition(list, "时期 Period", o.period_start ? o.period_start + " – " + (o.period || "") : o.period);
    }
    if (n.articles && n.articles.length) {
      addDefinition(list, "文章 Articles", n.articles.map(function (a) {
        var hit = data.articles.filter(function (x) { return x[0] === a; })[0];
        return hit ? hit[1] : a;
      }).join(" / "));
    }
    panel.appendChild(list);
    if (n.obs && n.obs.quote) {
      panel.appendChild(el("h3", "出处 Source quote"));
      panel.appendChild(quoteBlock(n.obs.quote, n.obs.article_title, n.obs.article));
    }
    var href = resourceHref(n);
    if (href) {
      var link = el("a", "资源页 Resource page: " + n.path);
      link.href = href;
      link.className = "kg-resource";
      panel.appendChild(el("p")).appendChild(link);
    }
    var pack = data.expand[n.id];
    if (pack && !expanded[n.id]) {
      var button = el("button", "展开 Show its " + pack.total + " observations" +
        (pack.total > pack.nodes.length ? " (first " + pack.nodes.length + ")" : ""), "kg-expand");
      button.type = "button";
      button.addEventListener("click", function () { expand(n.id); });
      panel.appendChild(button);
    }
  }

  // An expanded observation names its class and its edges their relation only by key (the
  // page stays small); the legend and the relation table give the rest.
  var legendByKey = {};
  data.legend.forEach(function (c) { legendByKey[c.key] = c; });
  function fromLegend(n) {
    var c = legendByKey[n.cls];
    if (c) { n.shape = c.shape; n.color = c.color; n.clsEn = c.en; n.clsZh = c.zh; }
    return n;
  }
  function fromRelations(e) {
    var r = (data.relations || {})[e.key] || [e.key, e.key];
    e.relZh = r[0]; e.relEn = r[1]; e.quotes = []; e.dashes = false;
    return e;
  }

  function expand(id) {
    var pack = data.expand[id];
    if (!pack || expanded[id]) { return; }
    expanded[id] = true;
    nodes.update(pack.nodes.map(function (n) { return prepareNode(fromLegend(n)); }));
    edges.update(pack.edges.filter(function (e) {
      return nodes.get(e.from) && nodes.get(e.to);
    }).map(function (e, i) { e.id = "x" + id + i; return prepareEdge(fromRelations(e), i); }));
    var summary = document.getElementById("kg-summary");
    if (summary) { summary.textContent = meta.summary + " — expanded: " + nodes.length + " nodes now."; }
    network.setOptions({ physics: { enabled: true } });
    network.once("stabilizationIterationsDone", settle);
    settleWithin(SETTLE_MS);
    network.stabilize(150);
    applyFilters();
  }

  network.on("click", function (params) {
    if (params.nodes.length) {
      var n = nodes.get(params.nodes[0]);
      if (n) { showPanel(n); }
    }
  });
  network.on("doubleClick", function (params) {
    if (params.nodes.length) { expand(params.nodes[0]); }
  });

  function value(id) {
    var input = document.getElementById(id);
    return input ? input.value : "";
  }

  function applyFilters() {
    var article = value("kg-article"), cls = value("kg-class"), programme = value("kg-programme");
    var changes = nodes.get().map(function (n) {
      var visible = (!article || n.articles.indexOf(article) >= 0) &&
        (!cls || n.cls === cls) && (!programme || n.programmes.indexOf(programme) >= 0);
      return { id: n.id, hidden: !visible };
    });
    nodes.update(changes);
  }
  ["kg-article", "kg-class", "kg-programme"].forEach(function (id) {
    var input = document.getElementById(id);
    if (input) { input.addEventListener("change", applyFilters); }
  });

  function normalise(text) { return String(text || "").toLowerCase().replace(/\s+/g, ""); }
  var searchInput = document.getElementById("kg-search");
  var searchResult = document.getElementById("kg-search-result");
  function search() {
    var q = normalise(searchInput.value);
    if (!q) { network.unselectAll(); if (searchResult) { searchResult.textContent = ""; } return; }
    var hits = nodes.get({ filter: function (n) {
      return !n.hidden && normalise(n.search).indexOf(q) >= 0;
    } }).map(function (n) { return n.id; });
    network.selectNodes(hits, false);
    if (hits.length) {
      network.focus(hits[0], { scale: 1.2, animation: false });
      var first = nodes.get(hits[0]);
      showPanel(first);
    }
    if (searchResult) { searchResult.textContent = hits.length + " 个匹配 match(es)"; }
  }
  if (searchInput) { searchInput.addEventListener("input", search); }
}());
