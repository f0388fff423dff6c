"""The web console of ``esgkg serve``: a YASGUI page that knows the graph, in front of oxigraph's endpoint.

``esgkg serve`` runs the ``oxigraph`` server on a private port of 127.0.0.1 and puts this small HTTP
front on the address users open.  The front

* answers ``/`` (and ``/console``) with esgkg's own console page: YASGUI (the copy that oxigraph
  ships and serves at ``/yasgui.min.js``, so the page loads with no network), its editor preloaded
  with the ``esg:``, ``id:`` and standard prefixes, the library queries (``queries/*.rq``) as a list
  beside it (one click opens and runs a query in its own tab), and results whose IRIs carry their
  ``rdfs:label``;
* forwards every other request (``/query``, ``/sparql``, ``/store``, the YASGUI assets) to oxigraph
  as it is, streaming the answer back;
* replaces oxigraph's grammar dump for a query that uses a prefix it never declares by a one-line
  ``400`` naming the prefix (and the ``PREFIX`` line to add when esgkg knows the namespace), and runs
  a query that writes ``id:org/acme`` (esgkg's short form, not valid SPARQL) with the IRI spelt out.

The page is plain HTML + JavaScript rendered here (no template engine); ``console_page()`` returns it.
"""
from __future__ import annotations

import html
import json
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx

from ..vocab import PREFIXES
from .httpfront import HTTPFront, QuietHandler
from .sparqltext import expand_slashed_names, undeclared_prefixes

PREFIX_MAP = {p: str(ns) for p, ns in PREFIXES.items()}
QUERY_PATHS = ("/query", "/sparql")
# hop-by-hop headers (RFC 9110 7.6.1) and those the front sets itself
_SKIP_REQUEST = {"host", "connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "content-length"}
_SKIP_RESPONSE = {"connection", "keep-alive", "transfer-encoding", "content-length", "server", "date"}


def prefix_lines(prefixes: Mapping[str, str] = PREFIX_MAP) -> str:
    """``PREFIX p: <ns>`` lines, one per prefix."""
    width = max(len(p) for p in prefixes) + 1
    return "".join(f"PREFIX {(p + ':').ljust(width)} <{ns}>\n" for p, ns in prefixes.items())


WELCOME_QUERY = """# Reports, their company and year. The library queries are on the left.
SELECT ?report ?company ?name ?year WHERE {
  ?report a esg:Report ; esg:reportingCompany ?company ; esg:reportYear ?year .
  OPTIONAL { ?company rdfs:label ?name }
}
ORDER BY ?name ?year
LIMIT 200
"""


def welcome_query() -> str:
    """The query the console opens on: only the PREFIX lines it uses (the editor folds them), then the query,
    so the query is what one sees first.  (The other prefixes are listed beside the editor; a query that uses
    one without declaring it gets a one-line error naming the line to add.)"""
    from .sparqltext import undeclared_prefixes

    used = [p for p in undeclared_prefixes(WELCOME_QUERY) if p in PREFIX_MAP]
    return prefix_lines({p: PREFIX_MAP[p] for p in used}) + WELCOME_QUERY


def library() -> list[dict[str, object]]:
    """The library queries as the page lists them: name, title, question, parameters and the text."""
    from ..query import list_queries

    return [{"name": q.name, "title": q.title, "question": q.question, "text": q.text, "page_by": list(q.page_by),
             "params": [{"name": p.name, "type": p.type, "default": p.default, "doc": p.doc} for p in q.params]}
            for q in list_queries()]


def console_page(title: str = "esgkg console") -> str:
    """The console's HTML: the library list (in the HTML itself, so it reads without JavaScript) and YASGUI."""
    queries = library()
    items = "\n".join(
        f'<li><a href="#{html.escape(q["name"])}" data-query="{html.escape(q["name"])}" title="{html.escape(str(q["question"]))}">'
        f'<span class="qname">{html.escape(q["name"])}</span><span class="qtitle">{html.escape(str(q["title"]))}</span></a></li>'
        for q in queries)
    prefixes = "\n".join(f'<li><code>{html.escape(p)}:</code> <code class="ns">{html.escape(ns)}</code></li>' for p, ns in PREFIX_MAP.items())
    data = json.dumps({"prefixes": PREFIX_MAP, "queries": queries, "welcome": welcome_query()})
    data = data.replace("</", "<\\/")  # never ends the <script> element
    return _PAGE.replace("{title}", html.escape(title)).replace("{items}", items).replace("{prefixes}", prefixes).replace("{data}", data)


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<link href="./yasgui.min.css" rel="stylesheet" type="text/css">
<script src="./yasgui.min.js"></script>
<style>
  body { margin: 0; font-family: system-ui, sans-serif; display: flex; min-height: 100vh; }
  #library { width: 17rem; flex: none; background: #f5f6f8; border-right: 1px solid #ddd; padding: .6rem .8rem; box-sizing: border-box; font-size: 13px; overflow-y: auto; max-height: 100vh; }
  #library h1 { font-size: 16px; margin: .2rem 0 .6rem; }
  #library h2 { font-size: 13px; margin: .8rem 0 .3rem; color: #555; text-transform: uppercase; letter-spacing: .04em; }
  #library ul { list-style: none; padding: 0; margin: 0; }
  #library li a { display: block; padding: .3rem .4rem; border-radius: 4px; color: #1a1a1a; text-decoration: none; }
  #library li a:hover, #library li a.active { background: #dfe6f3; }
  #library .qname { display: block; font-weight: 600; font-family: ui-monospace, monospace; font-size: 12px; }
  #library .qtitle { display: block; color: #555; font-size: 12px; }
  #library .ns { color: #666; font-size: 11px; word-break: break-all; }
  #main { flex: 1; min-width: 0; padding: .4rem; }
  /* compact rows: the label and the IRI on one line where they fit, the IRI small and grey */
  .esg-label { display: inline; color: #1f5f1f; font-weight: 600; margin-right: .45em; }
  .yasr .dataTable td { padding: 2px 6px !important; line-height: 1.3; font-size: 13px; }
  .yasr .dataTable td a.iri { color: #5a6b85; font-size: 11.5px; }
  /* whole cells: labels and IRIs are read, not guessed from an ellipsis */
  .yasr .dataTable.ellipseTable { white-space: normal !important; }
  .yasr .dataTable.ellipseTable div:not(.expanded) { overflow: visible !important; text-overflow: clip !important; overflow-wrap: anywhere; }
  #status:empty { display: none; }
  #status { color: #a00; padding: .3rem; }
  #pager { padding: .3rem; font-size: 13px; color: #444; }
</style>
</head>
<body>
<nav id="library">
  <h1>esgkg console</h1>
  <h2>Library queries</h2>
  <ul id="queries">
{items}
  </ul>
  <h2>Prefixes (preloaded)</h2>
  <ul id="prefixes">
{prefixes}
  </ul>
</nav>
<main id="main"><div id="status"></div><div id="pager" hidden><span id="pageinfo"></span> <button id="nextpage" type="button">next page</button></div><div id="yasgui"></div></main>
<script id="esgkg-data" type="application/json">{data}</script>
<script>
window.addEventListener("error", function (e) { document.getElementById("status").textContent += " error: " + e.message; });
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("esgkg-data").textContent);
  const base = window.location.href.replace(/[#?].*$/, "").replace(/\\/(console)?$/, "");
  const endpoint = base + "/query";
  const wanted = decodeURIComponent(window.location.hash.slice(1));  // read before YASGUI rewrites the URL
  if (typeof Yasgui === "undefined") {
    document.getElementById("yasgui").textContent = "YASGUI did not load (" + base + "/yasgui.min.js).";
    return;
  }
  // no look-ups on the network: prefix.cc and LOV completions are off, variables complete locally
  Yasgui.Yasqe.defaults.autocompleters = ["variables"];
  Yasgui.Yasqe.defaults.value = data.welcome;
  Yasgui.Yasr.defaults.prefixes = data.prefixes;  // results show esg:..., id:... whatever the query declares
  Yasgui.Yasqe.defaults.collapsePrefixesOnLoad = true;  // the PREFIX lines folded: the query itself is in view
  // compact tables by default: typed literals as plain values (2028, not "2028"^^xsd:integer), IRIs without <>,
  // no row-number column; the table's own "Compact" switch still turns it off
  const Table = Yasgui.Yasr.plugins.table;
  if (Table && Table.prototype && Table.prototype.draw) {
    const draw = Table.prototype.draw;
    Table.prototype.draw = function (config) {
      const c = Object.assign({}, config || {});
      if (c.compact === undefined && this.persistentConfig.compact === undefined) c.compact = true;
      return draw.call(this, c);
    };
  }
  Yasgui.defaults.requestConfig.endpoint = endpoint;
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    persistenceId: "esgkg-console:" + base,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; }, keys: [] },
    yasqe: { value: data.welcome, collapsePrefixesOnLoad: true }
  });
  window.esgkgYasgui = yasgui;

  // a library query opens on its first page, as `esgkg query NAME` shows it (GET /library/page runs the same
  // run_page: the page's own SPARQL comes back and runs in the tab); "next page" fetches the next one
  let paging = null;
  document.getElementById("nextpage").addEventListener("click", function () {
    if (paging && paging.next !== null) openQuery(paging.name, paging.next);
  });
  function openQuery(name, offset) {
    const q = data.queries.find(function (x) { return x.name === name; });
    if (!q) return;
    offset = offset || 0;
    fetch("library/page?name=" + encodeURIComponent(name) + "&offset=" + offset)
      .then(function (r) { return r.json(); })
      .then(function (page) {
        if (page.error) { document.getElementById("status").textContent = name + ": " + page.error; return; }
        paging = { name: name, next: page.next_offset };
        const unit = q.page_by && q.page_by.length ? q.page_by.map(function (v) { return "?" + v; }).join(" ") + " keys" : "rows";
        document.getElementById("pageinfo").textContent = name + ": " + unit + " " + (offset + 1) + "-" + (offset + page.limit) +
          (page.next_offset === null ? " (the last page)" : "");
        document.getElementById("nextpage").disabled = page.next_offset === null;
        document.getElementById("pager").hidden = false;
        showQuery(q, page.sparql);
      })
      .catch(function (e) { document.getElementById("status").textContent = "cannot page " + name + ": " + e; });
  }
  function showQuery(q, text) {
    const name = q.name;
    let tab = null;
    const tabs = yasgui.persistentConfig.getTabs();
    for (const id of tabs) {
      const t = yasgui.getTab(id);
      if (t && t.getName() === q.name) { tab = t; break; }
    }
    if (tab) { yasgui.selectTabId(tab.getId()); }
    else {
      tab = yasgui.addTab(true, Object.assign({}, Yasgui.Tab.getDefaults(), { name: q.name, yasqe: { value: text } }));
    }
    tab.setQuery(text);
    const editor = tab.getYasqe ? tab.getYasqe() : null;
    if (editor && editor.collapsePrefixes) editor.collapsePrefixes(true);  // the query in view, its PREFIX lines folded
    document.querySelectorAll("#queries a").forEach(function (a) { a.classList.toggle("active", a.dataset.query === name); });
    tab.query().catch(function (e) { document.getElementById("status").textContent = "query failed: " + e; });
  }
  document.querySelectorAll("#queries a").forEach(function (a) {
    a.addEventListener("click", function (ev) { ev.preventDefault(); history.replaceState(null, "", "#" + a.dataset.query); openQuery(a.dataset.query); });
  });

  // results with labels: every IRI in a result table gets its rdfs:label (one query per page of results)
  const labels = new Map();
  function iriOf(a) { return a.getAttribute("href"); }
  function addLabels(root) {
    const links = Array.from(root.querySelectorAll("a.iri")).filter(function (a) { return !a.dataset.esgLabelled; });
    if (!links.length) return;
    const wanted = Array.from(new Set(links.map(iriOf))).filter(function (iri) { return iri && !labels.has(iri) && !/[<>"{}|^`\\\\\\s]/.test(iri); });
    const show = function () {
      links.forEach(function (a) {
        a.dataset.esgLabelled = "1";
        const label = labels.get(iriOf(a));
        const cellText = a.parentElement ? a.parentElement.textContent : "";
        if (label && cellText.indexOf(label) < 0) {
          const span = document.createElement("span");
          span.className = "esg-label";
          span.textContent = label;
          const cell = a.closest("td") ? a.closest("td").firstElementChild : null;
          if (cell) cell.prepend(span); else a.after(span);
        }
      });
    };
    if (!wanted.length) { show(); return; }
    wanted.forEach(function (iri) { labels.set(iri, null); });
    const query = "SELECT ?s (SAMPLE(?l) AS ?label) WHERE { VALUES ?s { " + wanted.map(function (i) { return "<" + i + ">"; }).join(" ") +
      " } ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } GROUP BY ?s";
    fetch(endpoint, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json" },
                      body: "query=" + encodeURIComponent(query) })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (json) {
        if (json) json.results.bindings.forEach(function (b) { labels.set(b.s.value, b.label.value); });
        show();
      })
      .catch(show);
  }
  let pending = null;
  new MutationObserver(function () {
    if (pending) return;
    pending = setTimeout(function () { pending = null; addLabels(document.getElementById("yasgui")); }, 50);
  }).observe(document.getElementById("yasgui"), { childList: true, subtree: true });

  if (wanted) {
    try { openQuery(wanted); } catch (e) { document.getElementById("status").textContent = "cannot open " + wanted + ": " + e; }
  }
})();
</script>
</body>
</html>
"""


# ----------------------------------------------------------------------------- library pages
PAGE_PATH = "/library/page"
"""``GET /library/page?name=NAME&offset=M[&limit=N]``: one page of a library query, as ``esgkg query`` pages it."""


class EndpointStore:
    """What :func:`esgkg.query.run_page` needs of a store (``select``), answered by a SPARQL endpoint."""

    def __init__(self, client: httpx.Client, endpoint: str) -> None:
        self.client, self.endpoint = client, endpoint

    def select(self, text: str) -> tuple[list[str], list[dict]]:
        """Run a SELECT on the endpoint: its variables and rows of rdflib terms (unbound cells None)."""
        from rdflib import BNode, Literal, URIRef

        from ..store import StoreError

        r = self.client.post(self.endpoint, data={"query": text}, headers={"Accept": "application/sparql-results+json"})
        if r.status_code != 200:
            raise StoreError(f"the SPARQL server answered {r.status_code}: {r.text.strip().splitlines()[0] if r.text.strip() else ''}")
        answer = r.json()

        def term(b: dict):
            if b["type"] == "uri":
                return URIRef(b["value"])
            if b["type"] == "bnode":
                return BNode(b["value"])
            return Literal(b["value"], lang=b.get("xml:lang"), datatype=b.get("datatype"))

        columns = answer["head"]["vars"]
        return columns, [{c: term(row[c]) if c in row else None for c in columns} for row in answer["results"]["bindings"]]


def library_page(store, query_string: str) -> tuple[int, dict[str, object]]:
    """The answer of :data:`PAGE_PATH`: HTTP status and ``{"name", "offset", "limit", "next_offset", "rows",
    "sparql"}``, where ``sparql`` is the page's own SPARQL text (the console shows and runs it in a tab) and
    ``next_offset`` is where the next page starts (None: the last page); ``{"error": one line}`` with 400."""
    from .. import query as q

    args = parse_qs(query_string)
    try:
        name = (args.get("name") or [""])[0]
        try:
            limit, offset = int((args.get("limit") or [q.DEFAULT_PAGE])[0]), int((args.get("offset") or [0])[0])
        except ValueError:
            raise q.QueryError("limit and offset are numbers") from None
        page = q.run_page(store, q.load_query(name), limit=limit, offset=offset)
    except q.QueryError as err:
        return 400, {"error": str(err)}
    return 200, {"name": name, "offset": offset, "limit": limit, "next_offset": page.next_offset,
                 "rows": len(page.results.rows), "sparql": page.sparql}


# ----------------------------------------------------------------------------- the HTTP front
class ConsoleFront(HTTPFront):
    """A threaded HTTP server on ``host:port`` that serves the console and forwards the rest to ``upstream``."""

    thread_name = "esgkg-console"

    def __init__(self, upstream: str, host: str, port: int) -> None:
        self.upstream = upstream.rstrip("/")
        self.page = console_page().encode("utf-8")
        super().__init__(host, port, _handler)


def _query_of(method: str, query_string: str, content_type: str, body: bytes) -> str | None:
    """The SPARQL query text of a SPARQL-protocol request (GET ?query=, POST form or sparql-query body)."""
    if method == "GET":
        return (parse_qs(query_string).get("query") or [None])[0]
    if content_type.startswith("application/x-www-form-urlencoded"):
        return (parse_qs(body.decode("utf-8", "replace")).get("query") or [None])[0]
    if content_type.startswith("application/sparql-query"):
        return body.decode("utf-8", "replace")
    return None


def _with_query(method: str, query_string: str, content_type: str, body: bytes, text: str) -> tuple[str, bytes]:
    """The same request (query string, body) carrying ``text`` as its query."""
    if method == "GET":
        params = parse_qs(query_string)
        params["query"] = [text]
        return urlencode(params, doseq=True), body
    if content_type.startswith("application/x-www-form-urlencoded"):
        params = parse_qs(body.decode("utf-8", "replace"))
        params["query"] = [text]
        return query_string, urlencode(params, doseq=True).encode("utf-8")
    return query_string, text.encode("utf-8")


def missing_prefix_message(text: str) -> str | None:
    """One line naming the prefixes ``text`` uses without declaring them, or None if there are none."""
    missing = undeclared_prefixes(text)
    if not missing:
        return None
    parts = []
    for p in missing:
        ns = PREFIX_MAP.get(p)
        parts.append(f"PREFIX {p}: <{ns}>" if ns else f"PREFIX {p}: <...>")
    names = ", ".join(f"{p}:" for p in missing)
    return f"undeclared prefix {names} - add {'; '.join(parts)} at the top of the query"


def _handler(front: ConsoleFront) -> type[BaseHTTPRequestHandler]:
    class Handler(QuietHandler):
        def _send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _forward(self) -> None:
            parts = urlsplit(self.path)
            if self.command in ("GET", "HEAD") and parts.path in ("/", "/console", "/index.html"):
                self._send(200, front.page, "text/html; charset=utf-8")
                return
            if self.command == "GET" and parts.path == PAGE_PATH:
                status, answer = library_page(EndpointStore(front.client, front.upstream + "/query"), parts.query)
                self._send(status, json.dumps(answer).encode("utf-8"), "application/json")
                return
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            headers = {k: v for k, v in self.headers.items() if k.lower() not in _SKIP_REQUEST}
            query_string = parts.query
            try:
                response = self._upstream(parts.path, query_string, headers, body)
                if response.status_code == 400 and parts.path in QUERY_PATHS:
                    content_type = self.headers.get("Content-Type", "")
                    text = _query_of(self.command, query_string, content_type, body)
                    if text is not None:
                        expanded = expand_slashed_names(text, PREFIX_MAP)
                        if expanded != text:  # id:org/acme written as esgkg prints it: run it spelt out
                            response.close()
                            query_string, body = _with_query(self.command, query_string, content_type, body, expanded)
                            response = self._upstream(parts.path, query_string, headers, body)
                            text = expanded
                    message = missing_prefix_message(text) if response.status_code == 400 and text is not None else None
                    if message is not None:
                        response.close()
                        self._send(400, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8")
                        return
            except httpx.HTTPError as err:
                self._send(502, f"the SPARQL server behind the console does not answer ({err})\n".encode(), "text/plain; charset=utf-8")
                return
            try:
                self.send_response(response.status_code)
                for k, v in response.headers.multi_items():
                    if k.lower() not in _SKIP_RESPONSE:
                        self.send_header(k, v)
                self.end_headers()
                if self.command != "HEAD":
                    for chunk in response.iter_raw():
                        self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
            finally:
                response.close()

        def _upstream(self, path: str, query_string: str, headers: dict[str, str], body: bytes) -> httpx.Response:
            url = front.upstream + path + (f"?{query_string}" if query_string else "")
            request = front.client.build_request(self.command, url, headers=headers, content=body or None)
            return front.client.send(request, stream=True)

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = do_OPTIONS = _forward

    return Handler
