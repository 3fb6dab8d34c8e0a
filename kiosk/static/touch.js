// The kiosk touch app: renders the agent's screen and sends customer actions through
// KioskApi (one idempotency key per press, reused by its retries). PIN digits never pass
// through this page. Amounts are formatted by Money in the currency the server put on
// <body>: the kiosk's cash currency; account amounts in their account's currency.
(function () {
  "use strict";
  const page = document.body.dataset;
  const client = KioskApi.forKiosk(page.kiosk);
  const cash = Money.fromElement(document.body);
  // Withdrawal buttons from the server (derived from the kiosk's notes, see kiosk/views).
  const quickAmounts = (page.quickAmounts || "").split(" ").filter(Boolean).map(Number);
  // A withdrawal to say, in the kiosk's currency ("withdraw 50,000 won"; see kiosk/money_text).
  const voiceExample = page.voiceExample;
  const screenEl = document.getElementById("screen");
  const errorEl = document.getElementById("error");
  const countdownEl = document.getElementById("countdown");
  let state = null, shownKey = "", panel = "", receipt = false, notice = "", looking = false;
  let spoken = "";

  function inCurrency(currency) {
    return currency ? Money.formatter(currency, cash.locale) : cash;
  }
  function accountMoney(accountId) {
    const account = ((state && state.accounts) || []).find((a) => String(a.id) === String(accountId));
    return inCurrency(account && account.currency);
  }
  // A result names its currency, or the account it is about, or else it is the kiosk's.
  function resultMoney(result) {
    const account = ((state && state.accounts) || []).find((a) => a.number === result.account_number);
    return inCurrency(result.currency || (account && account.currency));
  }
  function esc(text) {
    const div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }

  // The one place this page shows a problem: an Http.ApiError, a Money.BadAmount, an
  // Error or a sentence; "" clears it. Customers see sentences, never field names.
  function showError(problem) {
    Http.showError(errorEl, problem && customerMessage(problem));
  }
  function customerMessage(problem) {
    if (typeof problem === "string") return problem;
    if (!(problem instanceof Http.ApiError)) return problem.message;
    if (problem.code === "refused") return "Sorry: " + problem.message;
    if (problem.status === 0) return "The kiosk is not answering. Please try again.";
    const written = problem.status < 500 && !Object.keys(problem.fields).length;
    return written ? problem.message : "Sorry, that did not work.";
  }

  async function send(action, fields) {
    try {
      const record = await client.act(action, fields);
      showError("");
      panel = "";
      poll();
      return record;
    } catch (e) {
      showError(e);
      if (e.code === "refused") { panel = ""; poll(); }
      return null;
    }
  }
  // Read a typed amount in `money`'s currency, then send; a bad amount is shown, not sent.
  function sendAmount(action, inputId, money, fields) {
    let amount;
    try {
      amount = money.parse(document.getElementById(inputId).value);
    } catch (e) {
      showError(e);
      return;
    }
    send(action, Object.assign({amount_minor: amount}, fields));
  }

  // A microphone drawn inline: kiosk images often ship without an emoji font.
  const MIC_SVG = '<svg class="icon" viewBox="0 0 24 24" width="1.1em" height="1.1em" ' +
    'aria-hidden="true" focusable="false"><path fill="currentColor" d="M12 14a3 3 0 0 0 ' +
    '3-3V5a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3zm5-3a5 5 0 0 1-10 0H5a7 7 0 0 0 6 6.92V21h2v-3.08' +
    'A7 7 0 0 0 19 11h-2z"/></svg>';

  function button(label, onclick, cls, iconSvg) {
    const b = document.createElement("button");
    b.className = "big" + (cls ? " " + cls : "");
    b.type = "button";
    if (iconSvg) b.insertAdjacentHTML("afterbegin", iconSvg + " ");
    b.append(document.createTextNode(label));
    b.addEventListener("click", onclick);
    return b;
  }
  function grid(buttons) {
    const div = document.createElement("div");
    div.className = "grid";
    buttons.forEach((b) => div.appendChild(b));
    return div;
  }
  function html(markup) {
    const div = document.createElement("div");
    div.innerHTML = markup;
    return div;
  }
  function accountOptions(accounts) {
    return (accounts || []).map((a) => `<option value="${a.id}">${esc(a.name)} ` +
      `${esc(a.number)} (${esc(inCurrency(a.currency).format(a.balance_minor))})</option>`).join("");
  }
  // "Recognise me": optional, and only on this press is one frame taken from the camera.
  async function captureFrame() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      throw new Error("This kiosk has no camera available. Please insert your card instead.");
    }
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({video: true, audio: false});
    } catch (e) {
      throw new Error("The camera could not be used. Please insert your card instead.");
    }
    try {
      const video = document.createElement("video");
      video.muted = true;
      video.playsInline = true;
      video.srcObject = stream;
      await video.play();
      const canvas = document.createElement("canvas");
      canvas.width = video.videoWidth || 640;
      canvas.height = video.videoHeight || 480;
      canvas.getContext("2d").drawImage(video, 0, 0, canvas.width, canvas.height);
      return await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.9));
    } finally {
      stream.getTracks().forEach((t) => t.stop());  // the camera goes off at once
    }
  }
  async function recogniseMe() {
    if (looking) return;
    looking = true;
    notice = "Looking at the camera…";
    showError("");
    render(true);
    try {
      const frame = await captureFrame();
      const form = new FormData();
      form.append("photo", frame, "frame.jpg");
      const data = await client.upload("/identify", form);
      notice = data.message;
      const shown = notice;
      setTimeout(() => { if (notice === shown) { notice = ""; render(true); } }, 30000);
    } catch (e) {
      notice = "";
      showError(e);
    } finally {
      looking = false;
      render(true);
      poll();
    }
  }
  function ticketPanel(t) {
    if (!t) return "";
    const unprinted = t.printed && t.printed !== "printed";
    return `<div class="panel ticket"><p>Your ticket</p><p class="number" id="ticket-number">${esc(t.number)}</p>` +
      (t.qr_svg ? `<div class="qr" id="ticket-qr" aria-label="QR code for the queue screen">${t.qr_svg}</div>` +
        "<p>Scan to follow the queue on your phone.</p>" : "") +
      (unprinted ? '<p class="warn" id="ticket-not-printed">The printer could not print your ticket: ' +
        "please remember your number or scan the code.</p>" : "") +
      "<p>We will call your number on the screen.</p></div>";
  }
  function talkButton() {
    return button("Talk to someone", () => send("talk"), "secondary");
  }
  // Voice: "Speak" listens once on the kiosk's microphone; the kiosk reads any amount back
  // and asks yes or no, and money still needs card and PIN.
  function speakButton() {
    const b = button("Speak (voice)", () => send("voice", {receipt: receipt}), "secondary",
                     MIC_SVG);
    b.id = "speak";
    return b;
  }
  function voiceCheckButton() {
    const b = button("Confirm it's me by voice", () => send("voice_check"), "secondary");
    b.id = "voice-check";
    return b;
  }
  // Say the kiosk's voice prompts aloud where the browser can (text stays on screen).
  function speakAloud(text) {
    if (!text || text === spoken || !("speechSynthesis" in window)) return;
    spoken = text;
    try {
      window.speechSynthesis.cancel();
      window.speechSynthesis.speak(new SpeechSynthesisUtterance(text));
    } catch (e) { /* no voice output: the prompt is on screen */ }
  }
  function resultPanel(result) {
    if (!result || !result.kind) return null;
    const money = resultMoney(result);
    let body = `<p>${esc(result.message || "")}</p>`;
    if (result.kind === "balance") {
      body += `<p class="amount" id="balance">${esc(money.format(result.balance_minor))}</p>` +
        (result.available_minor != null ? `<p>Available ${esc(money.format(result.available_minor))}</p>` : "");
    }
    if (result.kind === "statement") {
      body += "<table>" + result.lines.map((l) => `<tr><td>${esc(l.posted_at.slice(0, 10))}</td>` +
        `<td>${esc(l.description)}</td><td class="num">${esc(money.format(l.amount_minor))}</td></tr>`).join("") +
        "</table>";
    }
    if (result.receipt) body += `<p>Receipt: ${esc(result.receipt)}</p>`;
    const div = html(body);
    div.className = "panel";
    div.id = "result";
    return div;
  }
  // The amount label of a payment names the currency of the account it is paid from.
  function followCurrency(fromSelect, label) {
    const update = () => { label.textContent = `Amount (${accountMoney(fromSelect.value).symbol})`; };
    fromSelect.addEventListener("change", update);
    update();
  }

  function menu(s) {
    const parts = [];
    const result = resultPanel(s.result);
    if (result) parts.push(result);
    const toggle = html(`<label class="toggle"><input type="checkbox" id="receipt" ${receipt ? "checked" : ""}> Print a receipt</label>`);
    toggle.querySelector("input").addEventListener("change", (e) => { receipt = e.target.checked; });
    const r = () => ({receipt: receipt});
    if (panel === "withdraw") {
      parts.push(html("<p>How much would you like?</p>"));
      parts.push(grid(quickAmounts.map((m) =>
        button(cash.format(m), () => send("withdraw", Object.assign({amount_minor: m}, r()))))));
      parts.push(html(`<label for="other">Other amount (${esc(cash.symbol)})</label><input id="other" inputmode="decimal">`));
      parts.push(grid([button("Withdraw this amount", () => sendAmount("withdraw", "other", cash, r())),
        button("Back", () => { panel = ""; render(true); }, "secondary")]));
    } else if (panel === "transfer") {
      const form = html(`<label for="from">From</label><select id="from">${accountOptions(s.accounts)}</select>` +
        `<label for="to-own">To one of your accounts</label><select id="to-own"><option value="">(another customer)</option>${accountOptions(s.accounts)}</select>` +
        '<label for="to-number">Or to account number</label><input id="to-number">' +
        '<label for="amount">Amount</label><input id="amount" inputmode="decimal">' +
        '<label for="reference">Reference</label><input id="reference" maxlength="60">');
      followCurrency(form.querySelector("#from"), form.querySelector('label[for="amount"]'));
      parts.push(form);
      parts.push(grid([button("Send", () => {
        const from = document.getElementById("from").value;
        const fields = {from_account_id: +from, reference: document.getElementById("reference").value};
        const own = document.getElementById("to-own").value;
        if (own) fields.to_account_id = +own; else fields.to_account_number = document.getElementById("to-number").value;
        sendAmount("transfer", "amount", accountMoney(from), Object.assign(fields, r()));
      }), button("Back", () => { panel = ""; render(true); }, "secondary")]));
    } else if (panel === "bill") {
      const billers = (s.billers || []).map((b) => `<option value="${esc(b.code)}">${esc(b.name)}</option>`).join("");
      const form = html(`<label for="from">From</label><select id="from">${accountOptions(s.accounts)}</select>` +
        `<label for="biller">Pay</label><select id="biller">${billers}</select>` +
        '<label for="reference">Your reference with them</label><input id="reference">' +
        '<label for="amount">Amount</label><input id="amount" inputmode="decimal">');
      followCurrency(form.querySelector("#from"), form.querySelector('label[for="amount"]'));
      parts.push(form);
      parts.push(grid([button("Pay", () => {
        const from = document.getElementById("from").value;
        sendAmount("bill", "amount", accountMoney(from), Object.assign({
          from_account_id: +from,
          biller_code: document.getElementById("biller").value,
          reference: document.getElementById("reference").value}, r()));
      }), button("Back", () => { panel = ""; render(true); }, "secondary")]));
    } else if (panel === "wallet") {
      parts.push(html('<p>Add your card to a digital wallet. We will show a one-time code to type in the wallet app. ' +
        'We record the binding; staff can revoke it at any time.</p>' +
        '<label for="provider">Wallet</label><select id="provider"><option value="apple_pay">Apple Pay</option>' +
        '<option value="google_pay">Google Pay</option><option value="alipay">Alipay</option><option value="wechat_pay">WeChat Pay</option></select>' +
        '<label class="toggle"><input type="checkbox" id="consent"> I agree to link my card to this wallet</label>'));
      parts.push(grid([button("Show my code", () => {
        if (!document.getElementById("consent").checked) { showError("Please tick the box to agree first."); return; }
        send("wallet", {provider: document.getElementById("provider").value, consent: true});
      }), button("Back", () => { panel = ""; render(true); }, "secondary")]));
    } else {
      parts.push(toggle);
      parts.push(grid([
        button("Balance", () => send("balance", r())),
        button("Mini statement", () => send("statement", r())),
        button("Withdraw cash", () => { panel = "withdraw"; render(true); }),
        button("Deposit cash", () => send("deposit", r())),
        button("Transfer", () => { panel = "transfer"; render(true); }),
        button("Pay a bill", () => { panel = "bill"; render(true); }),
        button("Add to wallet", () => { panel = "wallet"; render(true); }),
        talkButton(),
        button("Finish and take card", () => send("finish"), "secondary"),
      ]));
      if (s.voice_available) parts.push(grid([speakButton(), voiceCheckButton()]));
    }
    return parts;
  }

  const screens = {
    starting: () => [],
    idle: (s) => {
      const parts = [];
      if (s.greeting) parts.push(html(`<p class="message" id="greeting">Hello ${esc(s.greeting)}!</p>`));
      if (s.ticket) parts.push(html(ticketPanel(s.ticket)));
      parts.push(grid([talkButton(), button("I don't have my card", () => send("no_card"), "secondary")]));
      if (s.voice_available) {
        parts.push(html('<p class="hint">Or press Speak and say what you would like, such as ' +
          `"${esc(voiceExample)}". A card and PIN are still needed for money.</p>`));
        parts.push(grid(s.greeting ? [speakButton(), voiceCheckButton()] : [speakButton()]));
      }
      if (!s.greeting) {
        parts.push(html('<p class="hint">Optional: press "Recognise me" and the kiosk takes one ' +
          "photo to greet you by name. Nothing is taken unless you press it, and if we do " +
          "not recognise you nothing is kept. A card and PIN are still needed for money.</p>"));
        const recognise = button(looking ? "Looking…" : "Recognise me", recogniseMe, "secondary");
        recognise.id = "recognise-me";
        recognise.disabled = looking;
        parts.push(grid([recognise]));
      }
      if (notice) parts.push(html(`<p class="message" id="identify-notice">${esc(notice)}</p>`));
      return parts;
    },
    out_of_service: () => [grid([talkButton()])],
    reading: () => [],
    busy: () => [],
    pin: (s) => [html(`<p class="stars" id="pin-stars">${"•".repeat(s.pin_digits || 0)}</p>`),
      grid([button("Cancel", () => send("cancel"), "secondary"), talkButton()])],
    menu: menu,
    take_cash: (s) => [html(`<p class="amount">${esc(cash.format(s.amount_minor || 0))}</p>`)],
    insert_notes: (s) => [html(`<p>In escrow so far: <span class="amount">${esc(cash.format(s.escrow_minor || 0))}</span></p>`),
      grid([button("Cancel", () => send("deposit_cancel"), "secondary")])],
    confirm_deposit: (s) => [html(`<p class="amount" id="escrow">${esc(cash.format(s.escrow_minor || 0))}</p>`),
      grid([button("Deposit this", () => send("deposit_confirm", {receipt: receipt})),
        button("Add more notes", () => send("deposit")),
        button("Cancel and return notes", () => send("deposit_cancel"), "secondary")])],
    wallet_code: (s) => [html(`<p class="code" id="wallet-code">${esc(s.wallet.code)}</p><p>${esc(s.wallet.provider)} · binding ${esc(s.wallet.binding_id)}</p>`),
      grid([button("Done", () => send("done"))])],
    take_card: () => [],
    // A request spoken before the card: only the card holder's Confirm, after the PIN, runs it.
    confirm_request: (s) => {
      const r = s.request || {};
      const parts = [html(`<p class="question" id="request-question">${esc(r.question || "")}</p>`)];
      const confirm = button("Confirm", () => send("confirm_request"));
      confirm.id = "confirm-request";
      const cancel = button("Cancel", () => send("cancel_request"), "secondary");
      cancel.id = "cancel-request";
      const choices = [confirm, cancel];
      if (s.voice_available) {
        const say = button("Say yes or no", () => send("voice"), "secondary", MIC_SVG);
        say.id = "speak-answer";
        choices.push(say);
      }
      parts.push(grid(choices));
      return parts;
    },
    voice: (s) => {
      const v = s.voice || {};
      const parts = [];
      if (v.digits) {
        parts.push(html(`<p class="code" id="challenge-digits">${esc(v.digits.split("").join(" "))}</p>` +
          "<p>Say these digits now.</p>"));
      } else {
        speakAloud(s.message);
      }
      parts.push(html('<p class="listening" id="listening">Listening…</p>'));
      parts.push(grid([button("Stop and use the touch screen", () => send("voice_stop"), "secondary")]));
      return parts;
    },
    ticket: (s) => [html(ticketPanel(s.ticket || {number: ""})),
      grid([button("Done", () => send("done"))])],
  };

  function render(force) {
    if (!state) return;
    const key = JSON.stringify([state.screen, state.message, state.result, state.ticket,
      state.escrow_minor, state.wallet, state.greeting, state.accounts, state.attempts_left,
      state.voice, state.open_panel, state.request]);
    const stars = document.getElementById("pin-stars");
    if (stars) stars.textContent = "•".repeat(state.pin_digits || 0);
    const inSession = !["idle", "starting", "out_of_service"].includes(state.screen);
    countdownEl.textContent = inSession ? state.seconds_left + " s" : "";
    if (!force && key === shownKey) return;
    if (key !== shownKey && state.screen !== "menu") panel = "";
    if (key !== shownKey && state.screen !== "idle") notice = "";
    if (key !== shownKey && state.open_panel) panel = state.open_panel;
    shownKey = key;
    screenEl.dataset.screen = state.screen;
    screenEl.innerHTML = "";
    screenEl.appendChild(html(`<p class="message" id="message">${esc(state.message)}</p>`));
    (screens[state.screen] || (() => []))(state).forEach((el) => screenEl.appendChild(el));
  }

  async function poll() {
    try {
      state = await client.get("/session");
      render(false);
    } catch (e) {
      if (e.status === 401) showError("This screen is not paired with the kiosk.");
      // otherwise offline for a moment: keep the last screen
    }
  }
  setInterval(poll, 400);
  poll();
})();
