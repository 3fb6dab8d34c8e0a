// The simulator control page: acts as the customer's hands on the simulated devices. Its
// words come from the page (#page-text, kiosk/devices_text.py) in the page's language.
(function () {
  "use strict";
  const client = KioskApi.forKiosk(document.body.dataset.kiosk);
  const cash = Money.fromElement(document.body);  // the kiosk's notes are in its currency
  const text = PageText.from("page-text");
  const tenths = new Intl.NumberFormat(cash.locale, {numberingSystem: "latn", maximumFractionDigits: 1});
  const $ = (id) => document.getElementById(id);
  let info = null, clipsChanged = false;

  const labelOf = text.label;

  // The one way this page reports: what happened, or an Http.ApiError with its fields.
  function report(outcome) { Http.showError($("log"), outcome); }
  // Post an action; `said` gives the page's own words for what happened ({done, refused},
  // each a sentence or a function of the answer), else done, or the server's reason.
  async function post(path, body, said = {}) {
    const words = (w, data) => (typeof w === "function" ? w(data) : w);
    try {
      const data = await client.post("/devices" + path, body);
      report(data.ok ? words(said.done, data) || text("done")
        : words(said.refused, data) || data.detail || text("nothing_happened"));
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
  // Options whose values are the API's identifiers, shown by their labels.
  function fill(select, values, vocabulary) {
    select.replaceChildren(...values.map((v) => {
      const option = document.createElement("option");
      option.value = v;
      option.textContent = vocabulary ? labelOf(vocabulary, v) : v;
      return option;
    }));
  }
  function statusText() {
    // Retract and reject bins hold any note: they have no denomination to show.
    const note = (u) => (u.denomination_minor ? cash.format(u.denomination_minor) : "").padStart(7);
    const units = info.cash_units.map((u) =>
      `${u.unit_id.padEnd(8)} ${note(u)}  ${u.count} (${labelOf("unit", u.status)})`);
    const acceptor = info.acceptor_units.map((u) => `${u.unit_id.padEnd(8)} ${note(u)}  ${u.count}`);
    const statuses = Object.entries(info.statuses).map(([device, status]) =>
      text("status_line", {device: labelOf("device", device), status: JSON.stringify(status)}));
    return [statuses.join("\n"), [text("dispenser"), ...units].join("\n"),
            [text("acceptor"), ...acceptor].join("\n")].join("\n\n");
  }
  function microphoneText(mic) {
    if (mic.kind === "simulator") {
      return text("microphone_state", {state: text(mic.listening ? "listening" : "idle"),
        fault: labelOf("mic_fault", mic.fault), seconds: tenths.format(mic.queued_seconds)});
    }
    return !mic.kind || mic.kind === "none" ? text("no_microphone") : mic.kind;
  }
  async function refresh() {
    const first = info === null;
    try {
      info = await client.get("/devices");
    } catch (e) {
      report(e.status === 401 ? text("not_paired") : e);
      return;
    }
    $("card-location").textContent = labelOf("card", info.card_location);
    $("status").textContent = statusText();
    const mic = info.microphone || {};
    $("mic-state").textContent = microphoneText(mic);
    if (first || clipsChanged) {
      clipsChanged = false;
      const chosen = $("clip").value;
      fill($("clip"), info.voice_clips || []);
      if (chosen) $("clip").value = chosen;
    }
    if (first) {
      fill($("mic-fault"), mic.faults || ["none"], "mic_fault");
      $("customer").replaceChildren(...info.demo_customers.map((c) =>
        new Option(`${c.customer_number} ${c.name}`, c.customer_number)));
      fill($("fault-device"), Object.keys(info.operations), "device");
      fill($("fault"), info.faults, "fault");
      fill($("fault-operation"), info.operations[$("fault-device").value], "operation");
      showPin();
    }
  }
  function showPin() { $("demo-pin").textContent = text("demo_pin", {pin: demoPin($("customer").value || "")}); }

  // Keys go one after the other, each once the previous one is answered: sent at once, a
  // quick typist's keys could reach the server out of order and make a wrong PIN.
  let keys = Promise.resolve();
  const press = (key) => { keys = keys.then(() => post("/pin-pad", {key: key})); };
  ["1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "enter", "cancel"].forEach((key) => {
    const b = document.createElement("button");
    b.className = "big" + (key.length > 1 ? " secondary" : "");
    b.type = "button";
    b.textContent = labelOf("key", key);
    b.dataset.key = key;
    b.addEventListener("click", () => press(key));
    $("pad").appendChild(b);
  });
  $("customer").addEventListener("change", showPin);
  $("insert-card").addEventListener("click", () => post("/card", {customer_number: $("customer").value},
                                                        {refused: text("card_busy")}));
  $("take-card").addEventListener("click", () => post("/card/take"));
  $("take-cash").addEventListener("click", () => post("/cash/take"));
  $("take-returned").addEventListener("click", () => post("/notes/take"));
  // One count input per note the acceptor takes (rendered by the server), labelled here.
  const noteInputs = Array.from(document.querySelectorAll("input[data-note-minor]"));
  noteInputs.forEach((input) => {
    document.querySelector(`label[for="${input.id}"]`).textContent =
      text("notes", {amount: cash.format(Number(input.dataset.noteMinor))});
  });
  $("insert-notes").addEventListener("click", () => post("/notes", {notes: Object.fromEntries(
    noteInputs.map((input) => [input.dataset.noteMinor, parseInt(input.value, 10) || 0]))},
    {refused: text("not_taking_notes")}));
  $("fault-device").addEventListener("change", () =>
    fill($("fault-operation"), info.operations[$("fault-device").value], "operation"));
  $("inject").addEventListener("click", () => {
    const [device, operation, fault] = ["fault-device", "fault-operation", "fault"].map((id) => $(id).value);
    post("/faults", {device, operation, fault}, {done: text("fault_injected", {
      device: labelOf("device", device), operation: labelOf("operation", operation),
      fault: labelOf("fault", fault)})});
  });
  // A refused code's reason is the wallet's own (shared/money/wallet.py).
  $("wallet-confirm").addEventListener("click", () => post("/wallet", {
    binding_id: parseInt($("wallet-binding").value, 10) || 0, code: $("wallet-code-input").value,
    token_reference: "demo-wallet-" + Date.now()}, {done: text("bound")}));
  $("play-clip").addEventListener("click", () => {
    const clip = $("clip").value;
    post("/microphone", {clip}, {done: (data) => text("playing", {clip, seconds: tenths.format(data.seconds)})});
  });
  $("say").addEventListener("click", () => {
    const said = $("say-text").value;
    post("/microphone/say", {text: said}, {done: text("saying", {text: said})});
  });
  $("mic-inject").addEventListener("click", () => {
    const fault = $("mic-fault").value;
    post("/microphone/fault", {fault}, {done: text("microphone_fault", {fault: labelOf("mic_fault", fault)})});
  });
  $("upload-wav").addEventListener("click", async () => {
    const file = $("wav-file").files[0];
    if (!file) { report(text("choose_wav")); return; }
    const form = new FormData();
    form.append("wav", file, file.name);
    try {
      const data = await client.upload("/devices/microphone/upload", form);
      report(text("uploaded", {clip: data.clip}));
      clipsChanged = true;
      refresh().then(() => { $("clip").value = data.clip; });
    } catch (e) {
      report(e);
    }
  });
  refresh();
  setInterval(refresh, 1500);
})();
