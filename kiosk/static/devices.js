// The simulator control page: acts as the customer's hands on the simulated devices.
(function () {
  "use strict";
  const client = KioskApi.forKiosk(document.body.dataset.kiosk);
  const cash = Money.fromElement(document.body);  // the kiosk's notes are in its currency
  const $ = (id) => document.getElementById(id);
  let info = null, clipsChanged = false;

  // The one way this page reports: what happened, or an Http.ApiError with its fields.
  function report(outcome) { Http.showError($("log"), outcome); }
  async function post(path, body) {
    try {
      const data = await client.post("/devices" + path, body);
      report(data.detail || (data.ok ? "done" : "nothing happened"));
      return data;
    } catch (e) {
      report(e);
      return null;
    } finally {
      refresh();
    }
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
    const first = info === null;
    try {
      info = await client.get("/devices");
    } catch (e) {
      report(e.status === 401 ? "not paired with this kiosk" : e);
      return;
    }
    $("card-location").textContent = info.card_location;
    // Retract and reject bins hold any note: they have no denomination to show.
    const note = (u) => (u.denomination_minor ? cash.format(u.denomination_minor) : "").padStart(7);
    const units = info.cash_units.map((u) => `${u.unit_id.padEnd(8)} ${note(u)}  ${u.count} (${u.status})`);
    const acceptor = info.acceptor_units.map((u) => `${u.unit_id.padEnd(8)} ${note(u)}  ${u.count}`);
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
  // One count input per note the acceptor takes (rendered by the server), labelled here.
  const noteInputs = Array.from(document.querySelectorAll("input[data-note-minor]"));
  noteInputs.forEach((input) => {
    document.querySelector(`label[for="${input.id}"]`).textContent = `${cash.format(Number(input.dataset.noteMinor))} notes`;
  });
  $("insert-notes").addEventListener("click", () => post("/notes", {notes: Object.fromEntries(
    noteInputs.map((input) => [input.dataset.noteMinor, parseInt(input.value, 10) || 0]))}));
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
    if (!file) { report("choose a WAV file first"); return; }
    const form = new FormData();
    form.append("wav", file, file.name);
    try {
      const data = await client.upload("/devices/microphone/upload", form);
      report(data.detail);
      clipsChanged = true;
      refresh().then(() => { $("clip").value = data.clip; });
    } catch (e) {
      report(e);
    }
  });
  refresh();
  setInterval(refresh, 1500);
})();
