// The kiosk touch app: renders the agent's screen and sends customer actions through
// KioskApi (one idempotency key per press, reused by its retries). PIN digits never pass
// through this page. Amounts are formatted by Money in the currency the server put on
// <body>: the kiosk's cash currency; account amounts in their account's currency.
(function () {
  "use strict";
  const page = document.body.dataset;
  const client = KioskApi.forKiosk(page.kiosk);
  // Words from the server in the screen's language; the page reloads when it changes.
  const text = PageText.from("page-text");
  const languages = JSON.parse(document.getElementById("languages").textContent);
  const cash = Money.fromElement(document.body);
  const seconds = new Intl.NumberFormat(cash.locale, {style: "unit", unit: "second",
    unitDisplay: "narrow", numberingSystem: "latn"});
  // Withdrawal buttons from the server (derived from the kiosk's notes, see kiosk/views).
  const quickAmounts = (page.quickAmounts || "").split(" ").filter(Boolean).map(Number);
  // A withdrawal to say, in the kiosk's currency ("withdraw 50,000 won"; see kiosk/money_text).
  const voiceExample = page.voiceExample;
  const WALLETS = ["apple_pay", "google_pay", "alipay", "wechat_pay"];  // shared.models.money
  const screenEl = document.getElementById("screen");
  const errorEl = document.getElementById("error");
  const countdownEl = document.getElementById("countdown");
  let state = null, shownKey = "", panel = "", receipt = false, notice = "", looking = false;
  let spoken = "";
  // A ticket the web tier gave while no agent answers (nothing prints then), cleared after
  // a minute so the next customer does not see it.
  let outOfServiceTicket = null;
  const OUT_OF_SERVICE_TICKET_MS = 60000;

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
    if (problem.code === "refused") return text("sorry_reason", {reason: problem.message});
    if (problem.status === 0) return text("not_answering");
    const written = problem.status < 500 && !Object.keys(problem.fields).length;
    return written ? problem.message : text("did_not_work");
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
  function backButton() {
    return button(text("back"), () => { panel = ""; render(true); }, "secondary");
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
      throw new Error(text("no_camera"));
    }
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({video: true, audio: false});
    } catch (e) {
      throw new Error(text("camera_failed"));
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
    notice = text("looking_at_camera");
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
    return `<div class="panel ticket">` +
      (t.message ? `<p class="message" id="ticket-message">${esc(t.message)}</p>` : "") +
      `<p>${esc(text("your_ticket"))}</p>` +
      `<p class="number" id="ticket-number"><bdi>${esc(t.number)}</bdi></p>` +
      (t.qr_svg ? `<div class="qr" id="ticket-qr" aria-label="${esc(text("ticket_qr"))}">${t.qr_svg}</div>` +
        `<p>${esc(text("scan_to_follow"))}</p>` : "") +
      (unprinted ? `<p class="warn" id="ticket-not-printed">${esc(text("not_printed"))}</p>` : "") +
      `<p>${esc(text("we_will_call"))}</p></div>`;
  }
  // "Talk to someone" while the kiosk's agent does not answer: the ticket comes from the
  // web tier, one per press (a retry after a lost answer reuses the key).
  async function ticketWithoutAgent() {
    try {
      outOfServiceTicket = await client.outOfServiceTicket();
      showError("");
      const shown = outOfServiceTicket;
      setTimeout(() => {
        if (outOfServiceTicket === shown) { outOfServiceTicket = null; render(true); }
      }, OUT_OF_SERVICE_TICKET_MS);
    } catch (e) {
      showError(e);
    }
    render(true);
  }
  function talkButton() {
    return button(text("talk"), () => send("talk"), "secondary");
  }
  // Voice: "Speak" listens once on the kiosk's microphone; the kiosk reads any amount back
  // and asks yes or no, and money still needs card and PIN.
  function speakButton() {
    const b = button(text("speak"), () => send("voice", {receipt: receipt}), "secondary",
                     MIC_SVG);
    b.id = "speak";
    return b;
  }
  function voiceCheckButton() {
    const b = button(text("voice_check"), () => send("voice_check"), "secondary");
    b.id = "voice-check";
    return b;
  }
  // Say the kiosk's voice prompts aloud (the text stays on screen): the server's espeak-ng
  // voice for the screen's language, the browser's own voice if the server cannot speak.
  function speakAloud(prompt) {
    if (!prompt || prompt === spoken) return;
    spoken = prompt;
    const audio = new Audio(client.speechUrl());
    audio.play().catch(() => browserVoice(prompt));
  }
  function browserVoice(prompt) {
    if (!("speechSynthesis" in window)) return;
    try {
      window.speechSynthesis.cancel();
      const utterance = new SpeechSynthesisUtterance(prompt);
      utterance.lang = document.documentElement.lang;  // a voice of the screen's language
      window.speechSynthesis.speak(utterance);
    } catch (e) { /* no voice output: the prompt is on screen */ }
  }
  function resultPanel(result) {
    if (!result || !result.kind) return null;
    const money = resultMoney(result);
    let body = `<p>${esc(result.message || "")}</p>`;
    if (result.kind === "balance") {
      body += `<p class="amount" id="balance">${esc(money.format(result.balance_minor))}</p>` +
        (result.available_minor != null ? `<p>${esc(text("available", {amount: money.format(result.available_minor)}))}</p>` : "");
    }
    if (result.kind === "statement") {
      body += "<table>" + result.lines.map((l) => `<tr><td>${esc(l.posted_at.slice(0, 10))}</td>` +
        `<td>${esc(l.description)}</td><td class="num">${esc(money.format(l.amount_minor))}</td></tr>`).join("") +
        "</table>";
    }
    if (result.receipt) body += `<p>${esc(text("receipt", {receipt: result.receipt}))}</p>`;
    const div = html(body);
    div.className = "panel";
    div.id = "result";
    return div;
  }
  // After card and PIN: the bills due this week and a low-balance warning, if any.
  function upcomingPanel(upcoming) {
    if (!upcoming || (!upcoming.warning && !(upcoming.bills || []).length)) return null;
    const div = html((upcoming.warning ? `<p class="warning" id="low-balance">${esc(upcoming.warning)}</p>` : "") +
      ((upcoming.bills || []).length ? `<p>${esc(text("coming_up"))}</p><ul id="upcoming-bills">` +
        upcoming.bills.map((b) => `<li>${esc(b)}</li>`).join("") + "</ul>" : ""));
    div.className = "panel";
    div.id = "upcoming";
    return div;
  }
  // The amount label of a payment names the currency of the account it is paid from.
  function followCurrency(fromSelect, label) {
    const update = () => { label.textContent = text("amount_in", {symbol: accountMoney(fromSelect.value).symbol}); };
    fromSelect.addEventListener("change", update);
    update();
  }

  function menu(s) {
    const parts = [];
    const result = resultPanel(s.result);
    if (result) parts.push(result);
    const toggle = html(`<label class="toggle"><input type="checkbox" id="receipt" ${receipt ? "checked" : ""}> ${esc(text("print_receipt"))}</label>`);
    toggle.querySelector("input").addEventListener("change", (e) => { receipt = e.target.checked; });
    const r = () => ({receipt: receipt});
    if (panel === "withdraw") {
      parts.push(html(`<p>${esc(text("how_much"))}</p>`));
      parts.push(grid(quickAmounts.map((m) =>
        button(cash.format(m), () => send("withdraw", Object.assign({amount_minor: m}, r()))))));
      parts.push(html(`<label for="other">${esc(text("other_amount", {symbol: cash.symbol}))}</label><input id="other" inputmode="decimal" dir="ltr">`));
      parts.push(grid([button(text("withdraw_this"), () => sendAmount("withdraw", "other", cash, r())),
        backButton()]));
    } else if (panel === "transfer") {
      const form = html(`<label for="from">${esc(text("from"))}</label><select id="from">${accountOptions(s.accounts)}</select>` +
        `<label for="to-own">${esc(text("to_own"))}</label><select id="to-own"><option value="">${esc(text("another_customer"))}</option>${accountOptions(s.accounts)}</select>` +
        `<label for="to-number">${esc(text("to_number"))}</label><input id="to-number" dir="ltr">` +
        `<label for="amount">${esc(text("amount"))}</label><input id="amount" inputmode="decimal" dir="ltr">` +
        `<label for="reference">${esc(text("reference"))}</label><input id="reference" maxlength="60">`);
      followCurrency(form.querySelector("#from"), form.querySelector('label[for="amount"]'));
      parts.push(form);
      parts.push(grid([button(text("send"), () => {
        const from = document.getElementById("from").value;
        const fields = {from_account_id: +from, reference: document.getElementById("reference").value};
        const own = document.getElementById("to-own").value;
        if (own) fields.to_account_id = +own; else fields.to_account_number = document.getElementById("to-number").value;
        sendAmount("transfer", "amount", accountMoney(from), Object.assign(fields, r()));
      }), backButton()]));
    } else if (panel === "bill") {
      const billers = (s.billers || []).map((b) => `<option value="${esc(b.code)}">${esc(b.name)}</option>`).join("");
      const form = html(`<label for="from">${esc(text("from"))}</label><select id="from">${accountOptions(s.accounts)}</select>` +
        `<label for="biller">${esc(text("pay"))}</label><select id="biller">${billers}</select>` +
        `<label for="reference">${esc(text("their_reference"))}</label><input id="reference">` +
        `<label for="amount">${esc(text("amount"))}</label><input id="amount" inputmode="decimal" dir="ltr">`);
      followCurrency(form.querySelector("#from"), form.querySelector('label[for="amount"]'));
      parts.push(form);
      parts.push(grid([button(text("pay"), () => {
        const from = document.getElementById("from").value;
        sendAmount("bill", "amount", accountMoney(from), Object.assign({
          from_account_id: +from,
          biller_code: document.getElementById("biller").value,
          reference: document.getElementById("reference").value}, r()));
      }), backButton()]));
    } else if (panel === "share") {
      const banks = (s.banks || []).map((b) => `<option value="${esc(b.key)}">${esc(b.name)}</option>`).join("");
      const scopes = ["accounts", "balances", "transactions"].map((k) =>
        `<label class="toggle"><input type="checkbox" class="scope" value="${k}" checked> ${esc(text("scope_" + k))}</label>`).join("");
      parts.push(html(`<label for="bank">${esc(text("bank"))}</label><select id="bank">${banks}</select>` +
        `<p>${esc(text("what_to_share"))}</p>${scopes}` +
        `<p>${esc(text("share_days", {days: (s.banks[0] || {}).days}))}</p><p class="consent-text">${esc(text("share_text"))}</p>` +
        `<label class="toggle"><input type="checkbox" id="consent"> ${esc(text("share_consent"))}</label>`));
      parts.push(grid([button(text("share"), () => {
        if (!document.getElementById("consent").checked) { showError(text("tick_to_agree")); return; }
        const chosen = [...document.querySelectorAll(".scope:checked")].map((c) => c.value);
        send("share_bank", {bank: document.getElementById("bank").value, scopes: chosen, consent: true});
      }), backButton()]));
    } else if (panel === "wallet") {
      parts.push(html(`<p>${esc(text("wallet_intro"))}</p>` +
        `<label for="provider">${esc(text("wallet"))}</label><select id="provider">` +
        WALLETS.map((w) => `<option value="${w}">${esc(text(`provider.${w}`))}</option>`).join("") +
        "</select>" +
        `<label class="toggle"><input type="checkbox" id="consent"> ${esc(text("wallet_consent"))}</label>`));
      parts.push(grid([button(text("show_code"), () => {
        if (!document.getElementById("consent").checked) { showError(text("tick_to_agree")); return; }
        send("wallet", {provider: document.getElementById("provider").value, consent: true});
      }), backButton()]));
    } else {
      const soon = upcomingPanel(s.upcoming);
      if (soon && !result) parts.push(soon);
      parts.push(toggle);
      parts.push(grid([
        button(text("balance"), () => send("balance", r())),
        button(text("statement"), () => send("statement", r())),
        button(text("withdraw_cash"), () => { panel = "withdraw"; render(true); }),
        button(text("deposit_cash"), () => send("deposit", r())),
        button(text("transfer"), () => { panel = "transfer"; render(true); }),
        button(text("pay_bill"), () => { panel = "bill"; render(true); }),
        button(text("add_to_wallet"), () => { panel = "wallet"; render(true); }),
        ...((s.banks || []).length ? [button(text("share_other_bank"), () => { panel = "share"; render(true); })] : []),
        talkButton(),
        button(text("finish"), () => send("finish"), "secondary"),
      ]));
      if (s.voice_available) parts.push(grid([speakButton(), voiceCheckButton()]));
    }
    return parts;
  }

  const screens = {
    starting: () => [],
    idle: (s) => {
      const parts = [];
      if (s.greeting) parts.push(html(`<p class="message" id="greeting">${esc(text("hello_name", {name: s.greeting}))}</p>`));
      if (s.ticket) parts.push(html(ticketPanel(s.ticket)));
      parts.push(grid([talkButton(), button(text("no_card"), () => send("no_card"), "secondary")]));
      if (s.voice_available) {
        parts.push(html(`<p class="hint">${esc(text("speak_hint", {example: voiceExample}))}</p>`));
        parts.push(grid(s.greeting ? [speakButton(), voiceCheckButton()] : [speakButton()]));
      }
      if (!s.greeting) {
        parts.push(html(`<p class="hint">${esc(text("recognise_hint"))}</p>`));
        const recognise = button(text(looking ? "looking" : "recognise_me"), recogniseMe, "secondary");
        recognise.id = "recognise-me";
        recognise.disabled = looking;
        parts.push(grid([recognise]));
      }
      if (notice) parts.push(html(`<p class="message" id="identify-notice">${esc(notice)}</p>`));
      return parts;
    },
    out_of_service: () => outOfServiceTicket
      ? [html(ticketPanel(outOfServiceTicket)),
        grid([button(text("done"), () => { outOfServiceTicket = null; render(true); })])]
      : [grid([button(text("talk"), ticketWithoutAgent, "secondary")])],
    reading: () => [],
    busy: () => [],
    pin: (s) => [html(`<p class="stars" id="pin-stars">${"•".repeat(s.pin_digits || 0)}</p>`),
      grid([button(text("cancel"), () => send("cancel"), "secondary"), talkButton()])],
    menu: menu,
    take_cash: (s) => [html(`<p class="amount">${esc(cash.format(s.amount_minor || 0))}</p>`)],
    insert_notes: (s) => [html(`<p>${esc(text("in_escrow"))} <span class="amount">${esc(cash.format(s.escrow_minor || 0))}</span></p>`),
      grid([button(text("cancel"), () => send("deposit_cancel"), "secondary")])],
    confirm_deposit: (s) => [html(`<p class="amount" id="escrow">${esc(cash.format(s.escrow_minor || 0))}</p>`),
      grid([button(text("deposit_this"), () => send("deposit_confirm", {receipt: receipt})),
        button(text("add_notes"), () => send("deposit")),
        button(text("cancel_notes"), () => send("deposit_cancel"), "secondary")])],
    wallet_code: (s) => [html(`<p class="code" id="wallet-code" dir="ltr">${esc(s.wallet.code)}</p>` +
      `<p>${esc(text("wallet_binding", {provider: text(`provider.${s.wallet.provider}`), binding: s.wallet.binding_id}))}</p>`),
      grid([button(text("done"), () => send("done"))])],
    take_card: (s) => (s.ticket ? [html(ticketPanel(s.ticket))] : []),
    // A request spoken before the card: only the card holder's Confirm, after the PIN, runs it.
    confirm_request: (s) => {
      const r = s.request || {};
      const parts = [html(`<p class="question" id="request-question">${esc(r.question || "")}</p>`)];
      const confirm = button(text("confirm"), () => send("confirm_request"));
      confirm.id = "confirm-request";
      const cancel = button(text("cancel"), () => send("cancel_request"), "secondary");
      cancel.id = "cancel-request";
      const choices = [confirm, cancel];
      if (s.voice_available) {
        const say = button(text("say_yes_no"), () => send("voice"), "secondary", MIC_SVG);
        say.id = "speak-answer";
        choices.push(say);
      }
      parts.push(grid(choices));
      return parts;
    },
    voice: (s) => {
      const v = s.voice || {};
      const parts = [];
      if (v.phrase) {  // the challenge: list words and digits, or digits alone
        parts.push(html(`<p class="code" id="challenge-phrase" dir="ltr">${esc(v.phrase)}</p>` +
          `<p>${esc(text(v.words ? "say_phrase" : "say_digits"))}</p>`));
      } else {
        speakAloud(s.message);
      }
      parts.push(html(`<p class="listening" id="listening">${esc(text("listening"))}</p>`));
      parts.push(grid([button(text("stop_voice"), () => send("voice_stop"), "secondary")]));
      return parts;
    },
    ticket: (s) => [html(ticketPanel(s.ticket || {number: ""})),
      grid([button(text("done"), () => send("done"))])],
  };

  function render(force) {
    if (!state) return;
    const key = JSON.stringify([state.screen, state.message, state.result, state.ticket,
      state.escrow_minor, state.wallet, state.greeting, state.accounts, state.attempts_left,
      state.voice, state.open_panel, state.request, state.upcoming,
      outOfServiceTicket && outOfServiceTicket.number]);
    const stars = document.getElementById("pin-stars");
    if (stars) stars.textContent = "•".repeat(state.pin_digits || 0);
    const inSession = !["idle", "starting", "out_of_service"].includes(state.screen);
    countdownEl.textContent = inSession ? seconds.format(state.seconds_left) : "";
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

  // A language button on every screen; the screen's language is the agent's, so a change
  // (pressed here, or a carded customer's own) reloads the page in it.
  function languageBar() {
    const bar = document.getElementById("languages-bar");
    if (bar.childElementCount) return;
    languages.forEach((l) => {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "lang";
      b.lang = l.tag;
      b.textContent = l.name;
      b.setAttribute("aria-pressed", String(l.tag === document.documentElement.lang));
      b.addEventListener("click", async () => {
        try {
          await client.post("/language", {language: l.code});
          window.location.reload();
        } catch (e) {
          showError(e);
        }
      });
      bar.appendChild(b);
    });
  }

  async function poll() {
    try {
      state = await client.get("/session");
      if (state.language && state.language.tag !== document.documentElement.lang) {
        window.location.reload();
        return;
      }
      languageBar();
      outOfServiceTicket = null;  // the agent answers again: its own screens from here
      render(false);
    } catch (e) {
      if (e.status === 401) showError(text("not_paired"));
      // No agent answers for this kiosk (its process is down): out of service until it does.
      else if (e.code === "agent_unavailable") {
        state = {screen: "out_of_service", message: e.message};
        render(false);
      }
      // otherwise offline for a moment: keep the last screen
    }
  }
  setInterval(poll, 400);
  poll();
})();
