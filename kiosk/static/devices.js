// The simulator control page: acts as the customer's hands on the simulated devices.
(function () {
  "use strict";
  const kiosk = document.body.dataset.kiosk;
  const api = "/api/kiosks/" + encodeURIComponent(kiosk) + "/devices";
  const $ = (id) => document.getElementById(id);
  let info = null, clipsChanged = false;

  async function post(path, body) {
    const response = await fetch(api + path, {method: "POST",
      headers: {"Content-Type": "application/json"}, body: JSON.stringify(body || {})});
    const data = await response.json().catch(() => ({}));
    $("log").textContent = response.ok ? (data.detail || (data.ok ? "done" : "nothing happened"))
      : (data.message || "refused") + (data.errors ? " " + JSON.stringify(data.errors) : "");
    refresh();
    return data;
  }
  function demoPin(number) {  // the public demo rule (shared/demo/cards.py)
    return number.slice(-4).split("").reverse().join("");
  }
  function fill(select, values) {
    select.replaceChildren(...values.map((v) => {
      const option = document.createElement("option");
      option.value = option.textContent = v;
      return option;
    }));
  }
  async function refresh() {
    const response = await fetch(api, {cache: "no-store"});
    if (!response.ok) { $("log").textContent = "not paired with this kiosk"; return; }
    const first = info === null;
    info = await response.json();
    $("card-location").textContent = info.card_location;
    const units = info.cash_units.map((u) => `${u.unit_id.padEnd(8)} ${String(u.denomination_minor / 100).padStart(4)}  ${u.count} (${u.status})`);
    const acceptor = info.acceptor_units.map((u) => `${u.unit_id.padEnd(8)} ${String(u.denomination_minor / 100).padStart(4)}  ${u.count}`);
    $("status").textContent = Object.entries(info.statuses).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join("\n") +
      "\n\nDispenser\n" + units.join("\n") + "\n\nAcceptor\n" + acceptor.join("\n");
    const mic = info.microphone || {};
    $("mic-state").textContent = mic.kind === "simulator"
      ? `${mic.listening ? "listening" : "idle"} · fault ${mic.fault} · ${mic.queued_seconds} s queued`
      : (mic.kind || "none");
    if (first || clipsChanged) {
      clipsChanged = false;
      const chosen = $("clip").value;
      fill($("clip"), info.voice_clips || []);
      if (chosen) $("clip").value = chosen;
    }
    if (first) {
      fill($("mic-fault"), mic.faults || ["none"]);
      $("customer").innerHTML = info.demo_customers.map((c) => `<option value="${c.customer_number}">${c.customer_number} ${c.name}</option>`).join("");
      fill($("fault-device"), Object.keys(info.operations));
      fill($("fault"), info.faults);
      fill($("fault-operation"), info.operations[$("fault-device").value]);
      showPin();
    }
  }
  function showPin() { $("demo-pin").textContent = "Demo PIN: " + demoPin($("customer").value || ""); }

  ["1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "enter", "cancel"].forEach((key) => {
    const b = document.createElement("button");
    b.className = "big" + (key.length > 1 ? " secondary" : "");
    b.type = "button";
    b.textContent = key;
    b.dataset.key = key;
    b.addEventListener("click", () => post("/pin-pad", {key: key}));
    $("pad").appendChild(b);
  });
  $("customer").addEventListener("change", showPin);
  $("insert-card").addEventListener("click", () => post("/card", {customer_number: $("customer").value}));
  $("take-card").addEventListener("click", () => post("/card/take"));
  $("take-cash").addEventListener("click", () => post("/cash/take"));
  $("take-returned").addEventListener("click", () => post("/notes/take"));
  $("insert-notes").addEventListener("click", () => post("/notes", {notes: {
    "2000": parseInt($("n2000").value, 10) || 0, "1000": parseInt($("n1000").value, 10) || 0,
    "5000": parseInt($("n5000").value, 10) || 0}}));
  $("fault-device").addEventListener("change", () => fill($("fault-operation"), info.operations[$("fault-device").value]));
  $("inject").addEventListener("click", () => post("/faults", {device: $("fault-device").value,
    operation: $("fault-operation").value, fault: $("fault").value}));
  $("wallet-confirm").addEventListener("click", () => post("/wallet", {
    binding_id: parseInt($("wallet-binding").value, 10) || 0, code: $("wallet-code-input").value,
    token_reference: "demo-wallet-" + Date.now()}));
  $("play-clip").addEventListener("click", () => post("/microphone", {clip: $("clip").value}));
  $("say").addEventListener("click", () => post("/microphone/say", {text: $("say-text").value}));
  $("mic-inject").addEventListener("click", () => post("/microphone/fault", {fault: $("mic-fault").value}));
  $("upload-wav").addEventListener("click", async () => {
    const file = $("wav-file").files[0];
    if (!file) { $("log").textContent = "choose a WAV file first"; return; }
    const form = new FormData();
    form.append("wav", file, file.name);
    const response = await fetch(api + "/microphone/upload", {method: "POST", body: form});
    const data = await response.json().catch(() => ({}));
    $("log").textContent = response.ok ? data.detail : (data.message || "refused");
    if (response.ok) { clipsChanged = true; refresh().then(() => { $("clip").value = data.clip; }); }
  });
  refresh();
  setInterval(refresh, 1500);
})();
