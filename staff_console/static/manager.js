// The manager's dashboard: today's figures, refetched when the /staff socket says one of the
// branches on screen changed, and any date range against the period before it. Every table
// is filled from /api/manager/metrics and every chart drawn from its table's rows; the
// words come from the page (#page-text), the numbers and dates are formatted for its locale.
(function () {
  "use strict";
  const root = document.getElementById("manager");
  const scope = JSON.parse(document.getElementById("manager-scope").textContent);
  if (!scope.length) return;
  const text = PageText.from("page-text");
  const locale = root.dataset.locale;
  const refreshMs = Number(root.dataset.refreshMs) || 2000;
  const today = document.getElementById("today");
  const range = document.getElementById("range");
  const form = document.getElementById("range-form");
  const pick = document.getElementById("branch-pick");
  const status = document.getElementById("live-status");
  const errorBox = document.getElementById("manager-error");

  // ---- numbers, as the page's locale writes them, in Latin digits like every number we show ----
  const latn = {numberingSystem: "latn"};
  const integer = new Intl.NumberFormat(locale, latn);
  const percent = new Intl.NumberFormat(locale, {...latn, style: "percent", maximumFractionDigits: 0});
  const signedPercent = new Intl.NumberFormat(locale, {...latn, style: "percent", maximumFractionDigits: 0,
                                                       signDisplay: "exceptZero"});
  // A change of share in points: the signed percentage without its percent sign.
  const points = (v) => signedPercent.formatToParts(v).filter((p) => p.type !== "percentSign")
    .map((p) => p.value).join("").trim();
  const secondsUnit = new Intl.NumberFormat(locale, {...latn, style: "unit", unit: "second", unitDisplay: "short"});
  const minutesUnit = new Intl.NumberFormat(locale, {...latn, style: "unit", unit: "minute", unitDisplay: "short",
                                                     maximumFractionDigits: 1});
  const SHARES = new Set(["identified_share", "greeted_within_target_share", "queue_within_target_share",
                          "kiosk_completion_rate", "within_target_share", "share", "consent_rate"]);
  const DURATIONS = new Set(["greet_p50_s", "door_wait_p50_s", "queue_wait_p50_s", "p50_s", "p90_s",
                             "mean_s", "target_s", "wait_p50_s", "wait_p90_s"]);
  const NONE = "–";  // no figure (the same in every language)
  const none = (v) => v === null || v === undefined;
  const count = (v) => none(v) ? NONE : integer.format(v);
  const share = (v) => none(v) ? NONE : percent.format(v);
  const seconds = (v) => none(v) ? NONE : v < 120 ? secondsUnit.format(v) : minutesUnit.format(v / 60);
  const formatOf = (figure) => SHARES.has(figure) ? share : DURATIONS.has(figure) ? seconds : count;
  function change(figure, v) {
    if (none(v)) return NONE;
    return SHARES.has(figure) ? text("points", {change: points(v)}) : signedPercent.format(v);
  }
  const labelOf = text.label;  // an identifier's label from the page ("service.cash")
  // Why a kiosk session went to the counter: its ticket's reason, or the device that failed.
  const reason = (code) => labelOf(["ticket_reason", "device"], code);
  const cell = (v, format) => ({v, t: format(v)});
  // The keys of `object` in the page's order, then any the page does not know yet.
  const ordered = (object, order) => order.filter((k) => k in object)
    .concat(Object.keys(object).filter((k) => !order.includes(k)));
  const label = (words) => ({v: words, t: words});
  // The order rows are shown in; identifiers the page does not know yet come after.
  const SUMMARY_ORDER = ["footfall", "served", "identified_share", "greet_p50_s",
                         "greeted_within_target_share", "door_wait_p50_s", "queue_wait_p50_s",
                         "queue_within_target_share", "kiosk_completion_rate"];
  const OUTCOME_ORDER = ["completed", "fallback", "abandoned", "device_fault"];

  // ---- dates: calendar days and periods, whatever the reader's zone ----
  // Gregorian in every language, as the server writes dates (Persian would default to its own).
  const inUtc = (options) => new Intl.DateTimeFormat(locale, {...latn, calendar: "gregory",
                                                              timeZone: "UTC", ...options});
  const dayFormat = inUtc({dateStyle: "medium"});
  const monthFormat = inUtc({year: "numeric", month: "short"});
  const hourFormat = inUtc({hour: "2-digit", minute: "2-digit"});
  const weekdayFormat = inUtc({weekday: "short"});
  const day = (iso) => iso ? dayFormat.format(new Date(`${iso}T00:00:00Z`)) : NONE;
  // The heatmap's rows, Monday first: 5 January 1970 was a Monday.
  const weekday = (i) => weekdayFormat.format(new Date(Date.UTC(1970, 0, 5 + i)));
  // A period as the API names it: an hour (2026-03-01T09), a day, an ISO week (2026-W10), a month.
  function periodLabel(p) {
    if (p.includes("T")) return hourFormat.format(new Date(`${p}:00:00Z`));
    const week = /^(\d{4})-W(\d{2})$/.exec(p);
    if (week) return text("week", {year: week[1], week: week[2]});
    return p.length === 7 ? monthFormat.format(new Date(`${p}-01T00:00:00Z`)) : day(p);
  }

  // ---- tables: rows of {v: value, t: text}; the chart reads the values ----
  const TABLES = {
    footfall: (d) => d.footfall.series.map((p) => [label(periodLabel(p.period)), cell(p.entries, count), cell(p.exits, count)]),
    funnel: (d) => d.funnel.map((s) => [label(labelOf("step", s.step)), cell(s.count, count), cell(s.conversion, share)]),
    kiosk: (d) => ordered(d.kiosk.outcomes, OUTCOME_ORDER).map((o) => [label(labelOf("kiosk_outcome", o)),
      cell(d.kiosk.outcomes[o], count)]).concat([[label(labelOf("kiosk_outcome", "all")), cell(d.kiosk.sessions, count)]]),
    kiosk_fallbacks: (d) => Object.entries(d.kiosk.fallback_reasons).map(([r, n]) => [label(reason(r)), cell(n, count)]),
    queue: (d) => d.queue.services.concat([d.queue.all]).map((q) => [
      label(q.service === "all" ? text("all_services") : labelOf("service", q.service)), cell(q.taken, count), cell(q.called, count),
      cell(q.served, count), cell(q.no_show, count), cell(q.wait_p50_s, seconds), cell(q.wait_p90_s, seconds),
      cell(q.within_target_share, share)]),
    greet: (d) => ["arrivals", "claimed", "greeted", "handed_over", "p50_s", "p90_s", "within_target_share"]
      .map((f) => [label(labelOf("figure", f)), cell(d.greet[f], formatOf(f))]),
    door_wait: (d) => ["count", "mean_s", "p50_s", "p90_s"].map((f) => [label(labelOf("figure", f)),
      cell(d.door_wait[f], formatOf(f))]),
    summary: (d) => ordered(d.summary, SUMMARY_ORDER).map((f) => [label(labelOf("figure", f)), cell(d.summary[f], formatOf(f)),
      cell(d.previous[f], formatOf(f)), {v: d.change[f], t: change(f, d.change[f])}]),
    comparison: (d) => (d.comparison || []).map((b) => [label(b.name), cell(b.footfall, count),
      {v: b.change.footfall, t: change("footfall", b.change.footfall)}, cell(b.identified_share, share),
      cell(b.greeted_within_target_share, share), cell(b.queue_wait_p50_s, seconds),
      cell(b.queue_within_target_share, share), cell(b.kiosk_completion_rate, share), cell(b.served, count)]),
    heatmap: (d) => d.heatmap.weekdays.map((_, i) => [label(weekday(i))].concat(d.heatmap.entries[i].map((n) => cell(n, count)))),
  };
  // Which columns each chart draws, and how its axis reads.
  const CHARTS = {
    footfall: {columns: [1, 2], format: count},
    funnel: {columns: [1], format: count},
    kiosk: {columns: [1], format: count, skipLast: true},
    queue: {columns: [5, 6], format: seconds},
    comparison: {columns: [1], format: count},
  };

  function fillTable(panel, rows) {
    const body = panel.querySelector("tbody");
    const width = panel.querySelectorAll("thead > tr > th").length;
    body.replaceChildren();
    if (!rows.length) {
      const tr = body.insertRow(); const td = tr.insertCell();
      td.colSpan = width; td.className = "empty"; td.textContent = NONE;
      return;
    }
    rows.forEach((row) => {
      const tr = body.insertRow();
      row.forEach((c, i) => {
        const td = i === 0 ? document.createElement("th") : document.createElement("td");
        if (i === 0) td.scope = "row"; else td.className = "num";
        td.textContent = c.t;
        tr.append(td);
      });
    });
  }

  function drawChart(panel, name, rows, data) {
    const canvas = panel.querySelector("canvas");
    if (!canvas) return;
    const heads = [...panel.querySelectorAll("thead > tr > th")].map((th) => th.textContent);
    if (panel.dataset.chart === "matrix") {
      const cells = [];
      rows.forEach((row) => row.slice(1).forEach((c, h) => cells.push({x: heads[h + 1], y: row[0].v, v: c.v})));
      ManagerCharts.draw(canvas, {kind: "matrix", cells, columns: heads.slice(1), rows: rows.map((r) => r[0].v),
                                  label: panel.querySelector("h3").textContent, format: count});
      return;
    }
    const how = CHARTS[name];
    const shown = how.skipLast ? rows.slice(0, -1) : rows;
    ManagerCharts.draw(canvas, {
      kind: panel.dataset.chart, format: how.format, labels: shown.map((r) => r[0].t),
      datasets: how.columns.map((i) => ({label: heads[i], data: shown.map((r) => r[i].v)})),
    });
  }

  function render(section, data, query) {
    section.querySelectorAll(".panel").forEach((panel) => {
      const name = panel.dataset.table;
      const rows = TABLES[name](data);
      fillTable(panel, rows);
      drawChart(panel, name, rows, data);
      const csv = panel.querySelector("a[data-csv]");
      csv.href = `/api/manager/metrics.csv?${query}&table=${name}`;
    });
  }

  // ---- what to ask for ----
  function branchQuery() {
    const code = pick ? pick.value : "";
    return code ? `branch=${encodeURIComponent(code)}` : "";
  }
  function shownBranchIds() {
    const code = pick ? pick.value : "";
    return new Set(scope.filter((b) => !code || b.code === code).map((b) => b.id));
  }
  const join = (...parts) => parts.filter(Boolean).join("&");

  // ---- today, live ----
  let lastToday = 0, pending = null, inFlight = false, again = false;
  async function loadToday() {
    if (inFlight) { again = true; return; }
    inFlight = true; lastToday = Date.now();
    try {
      const data = await StaffApi.get(`/api/manager/metrics?${join("granularity=hour", branchQuery())}`);
      const query = join(`from=${data.from}`, `to=${data.to}`, "granularity=hour", branchQuery());
      render(today, data, query);
      today.querySelectorAll("[data-figure]").forEach((dd) => {
        const f = dd.dataset.figure;
        dd.textContent = f === "inside" ? count(data.occupancy.now) : formatOf(f)(data.summary[f]);
      });
      document.getElementById("today-date").textContent = day(data.today);
      document.getElementById("today-updated").textContent = PageText.time(new Date());
      // What a test or the latency benchmark watches: the raw figures, and when they landed.
      today.dataset.footfall = String(data.summary.footfall);
      today.dataset.kioskSessions = String(data.kiosk.sessions);
      today.dataset.version = String(Number(today.dataset.version) + 1);
      today.dataset.updatedAt = String(Date.now());
      Http.showError(errorBox, "");
    } catch (e) {
      Http.showError(errorBox, e);
    } finally {
      inFlight = false;
      if (again) { again = false; refreshToday(); }
    }
  }
  // At most one fetch per refresh interval however many events arrive; the first at once.
  function refreshToday() {
    if (pending) return;
    const wait = Math.max(0, lastToday + refreshMs - Date.now());
    pending = setTimeout(() => { pending = null; loadToday(); }, wait);
  }
  function heard(notices) {
    const shown = shownBranchIds();
    if (notices.some((n) => shown.has(n.branch_id))) refreshToday();
  }

  // ---- a date range against the one before ----
  async function loadRange() {
    const query = join(`from=${form.elements.from.value}`, `to=${form.elements.to.value}`,
                       `granularity=${form.elements.granularity.value}`, branchQuery());
    try {
      const data = await StaffApi.get(`/api/manager/metrics?${query}`);
      render(range, data, query);
      // A previous period from before the figures began is not compared (its change is null).
      const dates = {from: day(data.from), to: day(data.to)};
      document.getElementById("range-dates").textContent = data.previous.complete
        ? text("range_compared", {...dates, change: change("footfall", data.change.footfall)})
        : text("range_not_compared", {...dates, first: day(data.previous.history_from)});
      Http.showError(errorBox, "", form);
    } catch (e) {
      Http.showError(errorBox, e, form);
    }
  }
  form.addEventListener("submit", (e) => { e.preventDefault(); loadRange(); });
  form.querySelectorAll("button[data-days]").forEach((button) => button.addEventListener("click", () => {
    const end = new Date(`${form.elements.to.max}T12:00:00Z`);
    const start = new Date(end.getTime() - (Number(button.dataset.days) - 1) * 86400000);
    form.elements.from.value = start.toISOString().slice(0, 10);
    form.elements.to.value = form.elements.to.max;
    loadRange();
  }));
  if (pick) pick.addEventListener("change", () => { loadToday(); loadRange(); });

  // ---- the socket: the server put us in our branches' managers' rooms ----
  const socket = StaffLive.connect(status, text, refreshToday);
  socket.on("metrics.changed", (notice) => heard([notice]));
  socket.on("metrics.changes", (notices) => heard(notices));
  CaseCount.follow(socket);  // a branch manager's top bar counts open risk cases
  loadToday();
  loadRange();
})();
