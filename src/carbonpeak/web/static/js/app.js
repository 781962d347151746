/* carbonpeak page behaviour, no framework: CSRF header for htmx, sortable and filterable tables,
   ECharts charts and the Anhui map from JSON embedded in the page (no inline scripts: CSP script-src 'self'). */
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  document.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRF-Token"] = csrfToken();
  });

  function cellKey(cell, numeric) {
    var raw = cell.hasAttribute("data-value") ? cell.getAttribute("data-value") : cell.textContent.trim();
    if (!numeric) { return raw; }
    var number = parseFloat(raw);
    return isNaN(number) ? null : number;
  }

  function compare(a, b, numeric) {
    if (a === b) { return 0; }
    if (a === null || a === "") { return 1; }   /* gaps sort last, whatever the direction */
    if (b === null || b === "") { return -1; }
    return numeric ? a - b : String(a).localeCompare(String(b), document.documentElement.lang);
  }

  function sortBy(table, th, index) {
    var numeric = th.getAttribute("data-type") === "number";
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("th").forEach(function (other) { other.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows).filter(function (r) { return r.cells.length > index; });
    rows.sort(function (r1, r2) {
      var a = cellKey(r1.cells[index], numeric), b = cellKey(r2.cells[index], numeric);
      if (a === null || a === "" || b === null || b === "") { return compare(a, b, numeric); }
      return ascending ? compare(a, b, numeric) : compare(b, a, numeric);
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  function initTables(root) {
    root.querySelectorAll("table.sortable").forEach(function (table) {
      if (table.dataset.sortReady) { return; }
      table.dataset.sortReady = "1";
      table.querySelectorAll("thead th").forEach(function (th, index) {
        th.addEventListener("click", function () { sortBy(table, th, index); });
      });
    });
    root.querySelectorAll("input[data-filter-table]").forEach(function (input) {
      input.addEventListener("input", function () {
        var table = document.getElementById(input.getAttribute("data-filter-table"));
        var needle = input.value.trim().toLowerCase();
        Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
          row.hidden = needle !== "" && row.textContent.toLowerCase().indexOf(needle) === -1;
        });
      });
    });
  }

  function chartData(element) {
    var source = document.getElementById(element.getAttribute("data-chart"));
    return source ? JSON.parse(source.textContent) : null;
  }

  function lineOption(data, small) {
    var option = {
      animation: false,
      grid: small ? { left: 2, right: 2, top: 4, bottom: 4 } : { left: 60, right: 20, top: 40, bottom: 40 },
      xAxis: { type: "category", data: data.x, show: !small },
      yAxis: { type: "value", show: !small, scale: true, name: small ? "" : (data.unit || ""), nameTextStyle: { align: "left" } },
      tooltip: { trigger: "axis" },
      legend: small || data.series.length < 2 ? { show: false } : { top: 0 },
      series: data.series.map(function (s) {
        return { name: s.name, type: "line", data: s.values, connectNulls: false, showSymbol: !small, lineStyle: s.dashed ? { type: "dashed" } : {} };
      })
    };
    if (data.target !== undefined && data.target !== null && !small) {
      option.series[0].markLine = { symbol: "none", data: [{ yAxis: data.target, name: data.targetLabel || "" }], label: { formatter: data.targetLabel || "{c}" } };
    }
    return option;
  }

  function mapOption(data) {
    var values = data.values.filter(function (v) { return v.value !== null; }).map(function (v) { return v.value; });
    return {
      animation: false,
      title: { text: data.title, left: "center", textStyle: { fontSize: 14 } },
      tooltip: { trigger: "item", formatter: function (p) {
        var v = p.data && p.data.value !== null && p.data.value !== undefined ? p.data.value.toLocaleString(document.documentElement.lang) + " " + data.unit : data.missingLabel;
        return (p.data && p.data.label ? p.data.label : p.name) + ": " + v;
      } },
      visualMap: { min: values.length ? Math.min.apply(null, values) : 0, max: values.length ? Math.max.apply(null, values) : 1,
        left: 10, bottom: 10, calculable: true, text: [data.unit, ""], inRange: { color: ["#e5f5e0", "#31a354", "#00441b"] } },
      series: [{ type: "map", map: "安徽", roam: false, nameMap: data.nameMap || {},
        label: { show: true, fontSize: 10, formatter: function (p) { return p.data && p.data.label ? p.data.label : p.name; } },
        data: data.values.map(function (v) { return { name: v.name, value: v.value, label: v.label, code: v.code, itemStyle: v.value === null ? { areaColor: "#eeeeee" } : undefined }; }) }]
    };
  }

  function stackOption(data) {
    return {
      animation: false,
      grid: { left: 60, right: 20, top: 90, bottom: 30 },
      xAxis: { type: "category", data: data.x },
      yAxis: { type: "value", name: data.unit || "" },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, confine: true },
      legend: { top: 0, type: "scroll", height: 80, orient: "horizontal" },
      series: data.series.map(function (s) { return { name: s.name, type: "bar", stack: "total", data: s.values }; })
    };
  }

  function sankeyOption(data) {
    var total = data.links.reduce(function (sum, link) { return sum + link.value; }, 0);
    return {
      animation: false,
      tooltip: { trigger: "item", confine: true, valueFormatter: function (v) { return v.toFixed(2) + " " + data.unit; } },
      series: [{ type: "sankey", data: data.nodes, links: data.links, left: 10, right: 140, nodeGap: 8,
        emphasis: { focus: "adjacency" }, lineStyle: { color: "gradient", opacity: 0.4 },
        /* labels of nodes under 1% of the total would overlap; the tooltip still names them */
        label: { fontSize: 11, formatter: function (p) { return p.value < total / 100 ? "" : p.name; } } }]
    };
  }

  /* waterfall: stacked bars on a transparent base (start value, each effect, end value) */
  function waterfallOption(data) {
    var gap = function (values) { return values.map(function (v) { return v === null ? "-" : v; }); };
    var lang = document.documentElement.lang;
    return {
      animation: false,
      grid: { left: 70, right: 20, top: 40, bottom: 100 },
      legend: { top: 0, data: [data.labels.rise, data.labels.fall, data.labels.total] },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, formatter: function (params) {
        var shown = params.filter(function (p) { return p.seriesName !== "base" && p.value !== "-" && p.value !== null; });
        return params[0].name + shown.map(function (p) {
          return "<br>" + p.seriesName + ": " + Number(p.value).toLocaleString(lang, { maximumFractionDigits: 4 }) + " " + data.unit;
        }).join("");
      } },
      xAxis: { type: "category", data: data.x, axisLabel: { interval: 0, rotate: 30 } },
      yAxis: { type: "value", name: data.unit },
      series: [
        { name: "base", type: "bar", stack: "waterfall", data: data.base, silent: true,
          itemStyle: { color: "transparent", borderColor: "transparent" }, tooltip: { show: false } },
        { name: data.labels.rise, type: "bar", stack: "waterfall", data: gap(data.rise), itemStyle: { color: "#c0392b" } },
        { name: data.labels.fall, type: "bar", stack: "waterfall", data: gap(data.fall), itemStyle: { color: "#1a7f37" } },
        { name: data.labels.total, type: "bar", stack: "waterfall", data: gap(data.total), itemStyle: { color: "#5b6775" } }
      ]
    };
  }

  function chartOption(kind, data, small) {
    if (kind === "waterfall") { return waterfallOption(data); }
    if (kind === "map") { return mapOption(data); }
    if (kind === "stack") { return stackOption(data); }
    if (kind === "sankey") { return sankeyOption(data); }
    return lineOption(data, small);
  }

  function initCharts(root) {
    if (typeof echarts === "undefined") { return; }
    root.querySelectorAll("[data-chart]").forEach(function (element) {
      if (element.dataset.chartReady) { return; }
      element.dataset.chartReady = "1";
      var data = chartData(element);
      if (!data) { return; }
      var chart = echarts.init(element, null, { renderer: element.classList.contains("spark") ? "svg" : "canvas" });
      var kind = element.getAttribute("data-kind");
      chart.setOption(chartOption(kind, data, element.classList.contains("spark")));
      if (kind === "map" && data.link) {
        chart.on("click", function (p) { if (p.data && p.data.code) { window.location.href = data.link + p.data.code; } });
      }
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  function init(root) { initTables(root); initCharts(root); }
  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:afterSettle", function (event) { init(event.target); });
})();
