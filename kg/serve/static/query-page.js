// The query page of `kg serve`: YASGUI (vendored, served from /static) over this server's
// /sparql, with the query library as a menu, one input per declared parameter, permalinks
// (/?query=…), labels beside IRIs and CSV/JSON downloads. Nothing is requested from any other
// host: the LOV-backed completers are switched off and prefixes come from /prefixes.json.
// Parameters are bound by the server (/library/NAME?param=…), as RDF terms, never pasted here.
"use strict";

(function () {
  const library = JSON.parse(document.getElementById("library-data").textContent || "[]");
  const menu = document.getElementById("library");
  const paramsBox = document.getElementById("params");
  const questionBox = document.getElementById("question");
  const permalink = document.getElementById("permalink");
  const csvLink = document.getElementById("download-csv");
  const jsonLink = document.getElementById("download-json");
  const statusBox = document.getElementById("status");
  const endpoint = new URL("/sparql", window.location.href).href;

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  // Completers that call lov.linkeddata.es would leave the machine: keep the local ones.
  Yasgui.Yasqe.defaults.autocompleters = ["prefixes", "variables"];
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST",
                     acceptHeaderSelect: "application/sparql-results+json" },
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: function () { return []; } },
    persistenceId: null,
    yasqe: { prefixCcApi: "/prefixes.json", resizeable: true },
  });
  const tab = yasgui.getTab();
  const yasqe = tab.getYasqe();
  const yasr = tab.getYasr();

  function links() {
    const text = yasqe.getValue();
    const q = encodeURIComponent(text);
    permalink.href = "/?query=" + q;
    csvLink.href = "/sparql?format=csv&query=" + q;
    jsonLink.href = "/sparql?format=json&query=" + q;
  }

  const given = new URLSearchParams(window.location.search).get("query");
  yasqe.setValue(given || (library.length ? library[0].text : "SELECT * WHERE { ?s ?p ?o } LIMIT 10"));
  links();
  yasqe.on("change", links);

  // --- the query library ---------------------------------------------------------------
  library.forEach(function (entry, i) {
    const option = element("option", entry.title);
    option.value = String(i);
    menu.appendChild(option);
  });

  function showParams(entry) {
    paramsBox.replaceChildren();
    questionBox.replaceChildren();
    entry.questions.forEach(function (q) { questionBox.appendChild(element("p", q, "question")); });
    entry.params.forEach(function (p) {
      const label = element("label", "?" + p.name + " ");
      const input = element("input");
      input.name = p.name;
      input.id = "param-" + p.name;
      input.placeholder = p.type;
      input.value = p.default || "";
      label.appendChild(input);
      label.appendChild(element("span", " " + p.type, "tag"));
      paramsBox.appendChild(label);
    });
  }

  async function bindAndRun() {
    const entry = library[Number(menu.value)];
    if (!entry) return;
    const params = new URLSearchParams();
    paramsBox.querySelectorAll("input").forEach(function (input) {
      if (input.value !== "") params.append(input.name, input.value);
    });
    statusBox.textContent = "";
    const answer = await fetch("/library/" + encodeURIComponent(entry.name) + "?" + params);
    const text = await answer.text();
    if (!answer.ok) { statusBox.textContent = text; return; }
    yasqe.setValue(text);
    links();
    yasqe.query();
  }

  menu.addEventListener("change", function () {
    const entry = library[Number(menu.value)];
    if (entry) { showParams(entry); yasqe.setValue(entry.text); links(); }
  });
  document.getElementById("run-library").addEventListener("click", bindAndRun);
  if (library.length && !given) showParams(library[0]);

  // --- labels beside IRIs ---------------------------------------------------------------
  const labels = new Map();
  const SAFE_IRI = /^https?:\/\/[^\s<>"{}|\\^`]+$/;

  const ID_SPACE = "https://w3id.org/fupin-kg/id/";

  // Each IRI of the results gets its label beside it, and the graph's own resources link to
  // their page on this server (the published IRIs resolve only once the site is online).
  function decorate() {
    document.querySelectorAll(".yasr a[href]").forEach(function (a) {
      const iri = a.dataset.iri || a.getAttribute("href");
      if (a.dataset.iri === undefined) {
        a.dataset.iri = iri;
        if (iri.startsWith(ID_SPACE)) {
          a.href = "/id/" + iri.slice(ID_SPACE.length).split("/").map(encodeURIComponent).join("/");
          a.removeAttribute("target");
        }
      }
      const name = labels.get(iri);
      if (name && !a.dataset.labelled) {
        a.dataset.labelled = "1";
        a.parentNode.insertBefore(element("span", " " + name, "iri-label"), a.nextSibling);
      }
    });
  }

  async function fetchLabels(results) {
    const iris = new Set();
    (results.getBindings ? results.getBindings() : []).forEach(function (row) {
      Object.values(row).forEach(function (term) {
        if (term && term.type === "uri" && SAFE_IRI.test(term.value) && !labels.has(term.value)) iris.add(term.value);
      });
    });
    const wanted = Array.from(iris).slice(0, 500);
    if (wanted.length) {
      const query = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n" +
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n" +
        "PREFIX dcterms: <http://purl.org/dc/terms/>\n" +
        "SELECT ?s (SAMPLE(?l) AS ?label) WHERE { VALUES ?s { " +
        wanted.map(function (iri) { return "<" + iri + ">"; }).join(" ") +
        " } ?s rdfs:label|skos:prefLabel|dcterms:title ?l FILTER(LANGMATCHES(LANG(?l), \"zh\")) } GROUP BY ?s";
      const answer = await fetch(endpoint, { method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded",
                   "Accept": "application/sparql-results+json" },
        body: new URLSearchParams({ query: query }) });
      if (answer.ok) {
        const data = await answer.json();
        data.results.bindings.forEach(function (b) { labels.set(b.s.value, b.label.value); });
      }
    }
    decorate();
  }

  yasr.on("drawn", function () { if (yasr.results) fetchLabels(yasr.results); });
  new MutationObserver(decorate).observe(document.getElementById("yasgui"),
                                         { childList: true, subtree: true });
  window.kgQueryPage = { yasgui: yasgui, yasqe: yasqe, yasr: yasr };
})();
