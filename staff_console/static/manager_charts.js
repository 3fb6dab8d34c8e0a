// The dashboard's charts (Chart.js and chartjs-chart-matrix, served by us): each is drawn
// from the rows of the table beside it, so a chart never shows a number the table lacks.
// A chart is made once per canvas and then updated in place (no animation), so a live
// page redraws quietly every time its figures change.
(function () {
  "use strict";
  const charts = new WeakMap();
  // The tooltips' words, in the page's language (staff_console/page_text/manager.py).
  const text = PageText.from("page-text");
  const css = getComputedStyle(document.documentElement);
  const colour = (name, fallback) => (css.getPropertyValue(name) || fallback).trim();
  const PALETTE = [colour("--accent", "#0b6e4f"), colour("--chart-2", "#3a5ba0"),
                   colour("--chart-3", "#b54708"), colour("--chart-4", "#7a5af8")];

  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.color = colour("--muted", "#52607a");
  // A right-to-left page (Persian) writes its legends and tooltips right to left too.
  const rtl = document.documentElement.dir === "rtl";
  Chart.defaults.plugins.legend.rtl = rtl;
  Chart.defaults.plugins.tooltip.rtl = rtl;

  // Counts and seconds are whole numbers: no tick between 0 and 1.
  function axis(format) {
    return {beginAtZero: true, ticks: {callback: (value) => format(value), maxTicksLimit: 6, precision: 0}};
  }

  // Bars or lines: one dataset per column; `horizontal` lays the bars along the x axis.
  function series(spec) {
    const horizontal = spec.kind === "funnel";
    const scales = horizontal ? {x: axis(spec.format), y: {ticks: {autoSkip: false}}}
                              : {x: {ticks: {autoSkip: true, maxRotation: 0}}, y: axis(spec.format)};
    return {
      type: spec.kind === "line" ? "line" : "bar",
      data: {
        labels: spec.labels,
        datasets: spec.datasets.map((d, i) => ({
          label: d.label, data: d.data, backgroundColor: PALETTE[i % PALETTE.length],
          borderColor: PALETTE[i % PALETTE.length], pointRadius: spec.labels.length > 60 ? 0 : 2,
          tension: 0.2,
        })),
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        plugins: {
          legend: {display: spec.datasets.length > 1, position: "bottom"},
          tooltip: {callbacks: {label: (c) => text("chart_value", {series: c.dataset.label,
                                                                   value: spec.format(c.raw)})}},
        },
        scales,
      },
    };
  }

  // Weekday x hour: a cell's shade is its count over the busiest cell's.
  function matrix(spec) {
    const max = Math.max(1, ...spec.cells.map((c) => c.v));
    const accent = PALETTE[0];
    return {
      type: "matrix",
      data: {
        datasets: [{
          label: spec.label, data: spec.cells,
          backgroundColor: (c) => {
            const v = c.raw ? c.raw.v : 0;
            const alpha = Math.round(25 + 230 * v / max).toString(16).padStart(2, "0");
            return v ? accent + alpha : "#eef1f6";
          },
          width: ({chart}) => (chart.chartArea || {width: 0}).width / spec.columns.length - 2,
          height: ({chart}) => (chart.chartArea || {height: 0}).height / spec.rows.length - 2,
        }],
      },
      options: {
        plugins: {
          legend: {display: false},
          tooltip: {callbacks: {title: () => "", label: (c) => text("heatmap_value", {
            weekday: c.raw.y, hour: c.raw.x, count: spec.format(c.raw.v)})}},
        },
        scales: {
          x: {type: "category", labels: spec.columns, offset: true, grid: {display: false}},
          // Monday on top, as the table reads (the matrix chart reverses y by default).
          y: {type: "category", labels: spec.rows, offset: true, reverse: false, grid: {display: false}},
        },
      },
    };
  }

  // Draw or redraw the chart of one panel.
  function draw(canvas, spec) {
    const config = spec.kind === "matrix" ? matrix(spec) : series(spec);
    const existing = charts.get(canvas);
    if (existing && existing.config.type === config.type) {
      existing.data = config.data;
      existing.options = config.options;
      existing.update("none");
      return existing;
    }
    if (existing) existing.destroy();
    const chart = new Chart(canvas, config);
    charts.set(canvas, chart);
    return chart;
  }

  window.ManagerCharts = Object.freeze({draw});
})();
