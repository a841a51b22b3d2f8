// The weights panel: on every change, asks the server's engine for the index with the chosen
// outcome weights, normalisation and index-level mean (GET /api/v1/index/what-if, the same
// computation as the form without JavaScript), then shows its ranking. No maths runs here.
// A blank weight keeps the outcome's nominal weight.
"use strict";
(function () {
  const dataEl = document.getElementById("weights-data");
  const form = document.getElementById("weights-form");
  if (!dataEl || !form) return;
  const data = JSON.parse(dataEl.textContent);
  const summary = document.getElementById("what-if-summary");
  let pending = null;
  let latest = 0;

  function choices() {
    const weights = {};
    data.outcomes.forEach((o) => {
      const text = document.getElementById("w_" + o).value.trim();
      if (text !== "") weights[o] = text;
    });
    return { weights: weights, norm: document.getElementById("norm").value, agg: document.getElementById("agg").value };
  }

  function query(c) {
    const params = new URLSearchParams({ plan: data.plan, release: data.release, normalisation: c.norm, aggregation: c.agg });
    const pairs = Object.entries(c.weights).map(([o, w]) => o + ":" + w);
    if (pairs.length) params.set("weights", pairs.join(","));
    return data.endpoint + "?" + params.toString();
  }

  // numbers, names and messages in the page's language (index_page.py puts them in the data)
  const text = data.messages || {};
  function fmt(v) { return v === null ? "–" : v.toLocaleString(data.lang || "en", { minimumFractionDigits: 1, maximumFractionDigits: 1 }); }

  function show(rows) {
    const body = document.querySelector("#what-if-table tbody");
    body.replaceChildren(...rows.map((r) => {
      const tr = document.createElement("tr");
      tr.dataset.iso3 = r.iso3;
      tr.dataset.score = r.score === null ? "" : String(r.score);
      const d = r.rank && r.nominal_rank ? r.nominal_rank - r.rank : null;
      const change = d === null ? "" : d > 0 ? `<span class="up">▲ ${d}</span>` : d < 0 ? `<span class="down">▼ ${-d}</span>` : "=";
      tr.innerHTML = `<td class="num rank">${r.rank ?? "–"}</td><th scope="row"></th><td class="num">${fmt(r.score)}</td><td class="num">${r.nominal_rank ?? "–"}</td><td>${change}</td>`;
      tr.querySelector("th").textContent = (data.names && data.names[r.iso3]) || r.name;
      return tr;
    }));
    const changed = rows.some((r) => r.rank !== r.nominal_rank);
    summary.textContent = changed ? text.changed : text.same;
  }

  async function update() {
    const c = choices();
    const ticket = ++latest;
    form.dataset.state = "loading";
    try {
      const response = await fetch(query(c), { headers: { Accept: "application/json" } });
      const body = await response.json();
      if (ticket !== latest) return; // a newer request is on its way
      if (!response.ok) {
        summary.textContent = body.detail || text.refused;
        form.dataset.state = "error";
        return;
      }
      show(body.ranking);
      form.dataset.state = "ready";
    } catch (err) {
      if (ticket !== latest) return;
      summary.textContent = text.offline;
      form.dataset.state = "error";
      return;
    }
    const url = new URL(window.location.href);
    data.outcomes.forEach((o) => {
      if (c.weights[o] === undefined) url.searchParams.delete("w_" + o); else url.searchParams.set("w_" + o, c.weights[o]);
    });
    url.searchParams.set("norm", c.norm);
    url.searchParams.set("agg", c.agg);
    history.replaceState(null, "", url);
  }

  function later() {
    form.dataset.state = "pending";
    if (pending !== null) clearTimeout(pending);
    pending = setTimeout(() => { pending = null; update(); }, 120);
  }
  form.addEventListener("input", later);
  form.addEventListener("change", later);
  form.addEventListener("submit", (ev) => { ev.preventDefault(); update(); });
  form.dataset.state = "ready";
})();
