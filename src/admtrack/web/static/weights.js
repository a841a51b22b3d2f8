// The weights panel: recomputes the index from the cached outcome scores in the browser with the
// same formulas as admtrack.services.results_reweight (arithmetic mean, or geometric mean of
// score + 1 minus 1; missing when too few outcomes have a score), then ranks (1 = best, ties min).
"use strict";
(function () {
  const dataEl = document.getElementById("weights-data");
  const form = document.getElementById("weights-form");
  if (!dataEl || !form) return;
  const data = JSON.parse(dataEl.textContent);

  function compute(weights, norm, agg) {
    const table = data.scores[norm];
    const out = data.units.map((u, i) => {
      let num = 0, den = 0, have = 0;
      data.outcomes.forEach((o) => {
        const s = table[o][i];
        if (s === null || s === undefined) return;
        have += 1;
        const w = weights[o];
        den += w;
        num += agg === "gmean" ? w * Math.log(s + 1) : w * s;
      });
      const share = have / data.outcomes.length;
      if (den <= 0 || share < data.datThresh) return null;
      return agg === "gmean" ? Math.exp(num / den) - 1 : num / den;
    });
    const ranks = out.map((s) => (s === null ? null : 1 + out.filter((t) => t !== null && t > s).length));
    return { scores: out, ranks: ranks };
  }
  window.admtrackReweight = compute;

  function fmt(v) { return v === null ? "–" : v.toLocaleString("en", { minimumFractionDigits: 1, maximumFractionDigits: 1 }); }

  function update() {
    const weights = {};
    data.outcomes.forEach((o) => {
      const v = parseFloat(document.getElementById("w_" + o).value);
      weights[o] = Number.isFinite(v) && v >= 0 ? v : 0;
    });
    const norm = document.getElementById("norm").value;
    const agg = document.getElementById("agg").value;
    const res = compute(weights, norm, agg);
    const rows = data.units.map((u, i) => ({ iso3: u, name: data.names[u], score: res.scores[i], rank: res.ranks[i], nominal: data.nominalRanks[i] }));
    rows.sort((a, b) => (a.rank === null) - (b.rank === null) || (a.rank || 0) - (b.rank || 0) || a.name.localeCompare(b.name));
    const body = document.querySelector("#what-if-table tbody");
    body.replaceChildren(...rows.map((r) => {
      const tr = document.createElement("tr");
      tr.dataset.iso3 = r.iso3;
      const d = r.rank && r.nominal ? r.nominal - r.rank : null;
      const change = d === null ? "" : d > 0 ? `<span class="up">▲ ${d}</span>` : d < 0 ? `<span class="down">▼ ${-d}</span>` : "=";
      tr.innerHTML = `<td class="num rank">${r.rank ?? "–"}</td><th scope="row"></th><td class="num">${fmt(r.score)}</td><td class="num">${r.nominal ?? "–"}</td><td>${change}</td>`;
      tr.querySelector("th").textContent = r.name;
      return tr;
    }));
    const changed = rows.some((r) => r.rank !== r.nominal);
    document.getElementById("what-if-summary").textContent = changed
      ? "The ranking changes: see the \"Change\" column." : "Same ranking as the nominal index.";
    const url = new URL(window.location.href);
    data.outcomes.forEach((o) => {
      if (weights[o] === 1) url.searchParams.delete("w_" + o); else url.searchParams.set("w_" + o, String(weights[o]));
    });
    url.searchParams.set("norm", norm);
    url.searchParams.set("agg", agg);
    history.replaceState(null, "", url);
  }
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("submit", (ev) => { ev.preventDefault(); update(); });
})();
