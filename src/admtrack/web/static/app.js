// Progressive enhancement: charts (Vega-Lite specs embedded as JSON), auto-submitting selects,
// tabs that keep their state in the URL. Pages work without this file (tables and links).
"use strict";
window.admtrackViews = {};
window.admtrackChartErrors = [];

function renderCharts(root) {
  const blocks = (root || document).querySelectorAll("script.vl-spec");
  const jobs = [];
  blocks.forEach((block) => {
    const target = document.getElementById(block.dataset.target);
    if (!target || typeof vegaEmbed !== "function") return;
    const spec = JSON.parse(block.textContent);
    const html = document.documentElement.dataset;
    jobs.push(
      vegaEmbed(target, spec, {
        renderer: "svg", actions: false, defaultStyle: false,
        // numbers in the page's language (base.html states its decimal and grouping signs)
        formatLocale: { decimal: html.decimal || ".", thousands: html.group || ",", grouping: [3], currency: ["", ""] },
        // styles come from app.css: the Content-Security-Policy allows no injected <style>
        tooltip: { disableDefaultStyle: true },
      })
        .then((result) => { window.admtrackViews[block.dataset.target] = result.view; })
        .catch((err) => { window.admtrackChartErrors.push(String(err)); target.textContent = document.body.dataset.chartError || "Chart could not be drawn; see the table."; })
    );
  });
  return Promise.all(jobs);
}

function autosubmit() {
  document.querySelectorAll("[data-autosubmit]").forEach((el) => {
    el.addEventListener("change", () => el.form && el.form.submit());
  });
}

function tabs() {
  document.querySelectorAll(".tabs").forEach((box) => {
    const tabList = box.querySelectorAll("[role=tab]");
    const select = (tab, focus) => {
      tabList.forEach((t) => {
        const on = t === tab;
        t.setAttribute("aria-selected", on ? "true" : "false");
        t.tabIndex = on ? 0 : -1;
        document.getElementById(t.getAttribute("aria-controls")).hidden = !on;
      });
      if (focus) tab.focus();
      const url = new URL(window.location.href);
      url.searchParams.set("tab", tab.dataset.tab);
      history.replaceState(null, "", url);
      document.querySelectorAll("input[name=tab]").forEach((i) => { i.value = tab.dataset.tab; });
      window.dispatchEvent(new Event("resize"));
    };
    tabList.forEach((tab, i) => {
      tab.addEventListener("click", (ev) => { ev.preventDefault(); select(tab, false); });
      tab.addEventListener("keydown", (ev) => {
        if (ev.key === "ArrowRight" || ev.key === "ArrowLeft") {
          const next = (i + (ev.key === "ArrowRight" ? 1 : tabList.length - 1)) % tabList.length;
          select(tabList[next], true);
          ev.preventDefault();
        }
      });
    });
  });
}

document.addEventListener("DOMContentLoaded", () => {
  autosubmit();
  tabs();
  window.admtrackChartsReady = renderCharts(document);
});
