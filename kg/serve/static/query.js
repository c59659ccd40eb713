// The query page of `kg serve`: runs the textarea's query against /sparql and shows the
// answer. Served by the server itself (no CDN); all text reaches the page through
// textContent, never innerHTML, so nothing in the data can become markup.
"use strict";

(function () {
  const ID_SPACE = "https://w3id.org/fupin-kg/id/";
  const queryBox = document.getElementById("query");
  const runButton = document.getElementById("run");
  const statusBox = document.getElementById("status");
  const resultsBox = document.getElementById("results");
  const chosen = document.getElementById("chosen");
  const examples = JSON.parse(document.getElementById("example-data").textContent || "[]");

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function setStatus(text, isError) {
    statusBox.textContent = text;
    statusBox.className = isError ? "status error" : "status";
  }

  // A term of SPARQL JSON results as a cell: local resources link to their page.
  function termCell(term) {
    const cell = element("td");
    if (!term) return cell;
    if (term.type === "uri") {
      if (term.value.startsWith(ID_SPACE)) {
        const link = element("a", term.value.slice(ID_SPACE.length - 3));
        link.href = "/" + term.value.slice(ID_SPACE.length - 3).split("/").map(encodeURIComponent).join("/");
        cell.appendChild(link);
      } else {
        cell.appendChild(element("span", term.value, "iri"));
      }
    } else {
      cell.appendChild(element("span", term.value, term.type === "bnode" ? "bnode" : "literal"));
      if (term["xml:lang"]) {
        cell.lastChild.lang = term["xml:lang"];
        cell.appendChild(element("span", " @" + term["xml:lang"], "tag"));
      }
    }
    return cell;
  }

  function showTable(data) {
    const vars = data.head.vars || [];
    const rows = data.results.bindings || [];
    const table = element("table", undefined, "result-table");
    table.id = "result-table";
    const head = table.createTHead().insertRow();
    for (const v of vars) head.appendChild(element("th", "?" + v));
    const body = table.createTBody();
    for (const binding of rows) {
      const row = body.insertRow();
      for (const v of vars) row.appendChild(termCell(binding[v]));
    }
    resultsBox.appendChild(table);
    return rows.length;
  }

  async function run() {
    const query = queryBox.value;
    resultsBox.textContent = "";
    setStatus("Running…", false);
    runButton.disabled = true;
    const started = performance.now();
    try {
      const response = await fetch("/sparql", {
        method: "POST",
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          "Accept": "application/sparql-results+json, text/turtle;q=0.9",
        },
        body: "query=" + encodeURIComponent(query),
      });
      const text = await response.text();
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      if (!response.ok) {
        setStatus("Error " + response.status + ": " + text.trim(), true);
        return;
      }
      const truncated = response.headers.get("X-Result-Truncated") === "true";
      const cut = truncated ? " (cut at the server's limit of " +
        response.headers.get("X-Result-Limit") + ")" : "";
      const type = response.headers.get("Content-Type") || "";
      if (type.startsWith("application/sparql-results+json")) {
        const data = JSON.parse(text);
        if (typeof data.boolean === "boolean") {
          resultsBox.appendChild(element("p", String(data.boolean), "boolean"));
          setStatus("ASK answered in " + seconds + " s", false);
        } else {
          const n = showTable(data);
          setStatus(n + " row" + (n === 1 ? "" : "s") + cut + " in " + seconds + " s", false);
        }
      } else {
        resultsBox.appendChild(element("pre", text, "graph"));
        setStatus("Graph" + cut + " in " + seconds + " s", false);
      }
    } catch (error) {
      setStatus("The server could not be reached: " + error, true);
    } finally {
      runButton.disabled = false;
    }
  }

  function pick(index) {
    const example = examples[index];
    if (!example) return;
    queryBox.value = example.text;
    chosen.textContent = example.title;
    resultsBox.textContent = "";
    setStatus("", false);
    queryBox.focus();
  }

  for (const button of document.querySelectorAll("button.example")) {
    button.addEventListener("click", () => pick(Number(button.dataset.index)));
  }
  runButton.addEventListener("click", run);
  queryBox.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      run();
    }
  });
})();
